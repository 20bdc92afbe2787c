/**
 * operations: the application layer (docs/architecture.md). Each operation on an organisation's data takes the
 * acting person and the organisation, checks its rules itself and writes its audit entry, so every door (CLI,
 * API, later the console) enforces the same rules. Its first inhabitants: the sender profile and the sending
 * domains (issue 21), and the campaigns (create, check, approve, start, pause, resume, cancel, progress) with the
 * one JSON shape every door shows them in.
 */

export {
  type Action,
  type Actor,
  actingOrganisation,
  authorize,
  keyActor,
  may,
  operatorActor,
  PERMISSIONS,
  type Role,
} from "./actor.ts";
export { presentCampaign, presentCampaignStatus } from "./campaign-presenter.ts";
export {
  actOnCampaign,
  type CampaignStatusReport,
  type CampaignStep,
  campaignStatus,
  checkCampaign,
  createCampaign,
  getCampaign,
  listCampaigns,
} from "./campaigns.ts";
export { type OperationContext, OperationProblem } from "./context.ts";
export { type ProfileParseResult, type ProfileProblem, parseOrganisationProfile } from "./profile-schema.ts";
export { type ProfileChange, type ProfileView, setProfile, showProfile } from "./sender-profile.ts";
export {
  addDomain,
  type DnsRecord,
  type DomainView,
  listDomains,
  normaliseDomain,
  systemTxtResolver,
  type TxtResolver,
  verifyDomain,
  verifyDomainByHand,
} from "./sending-domains.ts";
