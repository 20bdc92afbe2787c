/**
 * operations: the application layer (docs/architecture.md). Each operation on an organisation's data takes the
 * acting person and the organisation, checks its rules itself and writes its audit entry, so every door (CLI,
 * API, later the console) enforces the same rules. Its inhabitants: breaches and victim imports (with the one
 * presenter each door shows), the sender profile and the sending domains. Campaign operations still live in
 * delivery/campaigns.ts.
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
export {
  createBreach,
  getBreach,
  getBreachOfAnyOrganisation,
  listBreaches,
  listBreachesOfAllOrganisations,
  presentBreach,
} from "./breaches.ts";
export { type OperationContext, OperationProblem } from "./context.ts";
export {
  getImport,
  type ImportView,
  importReport,
  listImports,
  presentImport,
  runImport,
  startImport,
} from "./imports.ts";
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
