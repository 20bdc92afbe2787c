/**
 * operations: the application layer (docs/architecture.md). Each operation on an organisation's data takes the
 * context, the actor and its input, authorizes through the one permission table (actor.ts), checks its rules
 * itself and writes its audit entry, so every door (CLI, API, later the console) enforces the same rules; one
 * presenter per resource gives every door the same JSON. Here: organisations and API keys, breaches and victim
 * imports, campaigns (create, check, approve, start, pause, resume, cancel, progress), the sender profile,
 * sending domains, updates of a breach, the public breach pages (published, re-rendered on every change, served as stored bytes), suspicious-message reports and phishing warnings, "Mijn plan" (a victim's own plan behind the personal code), the public "is this message genuine?" check, and "am I affected?" (the question stored for everyone alike, and its worker that answers by e-mail or text), and update e-mails (double opt-in subscriptions on "Mijn plan" and the worker that mails each published update once per subscriber), regulator notices with the NIS2 clock and a processor's controller notices, the regulator's oversight across organisations, and the transparency register (K16: which personal data an organisation processes, published as dated versions). What the delivery engine itself needs of a campaign stays in delivery. Also the logger set-up every process uses (logging.ts: no personal data in any log line).
 */

export {
  type Action,
  type Actor,
  keyActor,
  may,
  ORGANISATION_STAFF_ROLES,
  operatorActor,
  STAFF_ROLES,
} from "./actor.ts";
export { startAffectedCheckWorker } from "./affected-answer.ts";
export {
  type AffectedCheckLimits,
  askAffected,
  publicBreach,
  readAddress,
  smsAvailable,
} from "./affected-check.ts";
export { type AuditLogView, readAuditLog } from "./audit-log.ts";
export {
  type BreachPageRenderer,
  type BreachPageView,
  breachPageForOrganisationName,
  listBreachPages,
  openBreachPage,
  type PageVariant,
  publishBreachPage,
  type RenderedBreachPage,
} from "./breach-pages.ts";
export {
  publicRegister,
  type RegisterEntry,
  setRegisterListing,
} from "./breach-register.ts";
export {
  breachVictimCounts,
  createBreach,
  getBreach,
  getBreachOfAnyOrganisation,
  listBreaches,
  listBreachesOfAllOrganisations,
  presentBreach,
  updateBreachFacts,
} from "./breaches.ts";
export {
  type CampaignDashboard,
  campaignDashboard,
  type DashboardPoint,
  type GroupCounts,
  type ProgressGroup,
} from "./campaign-dashboard.ts";
export { checkCampaignDraft, type DraftPreview, previewCampaignDraft } from "./campaign-drafts.ts";
export { presentCampaign, presentCampaignStatus } from "./campaign-presenter.ts";
export {
  actOnCampaign,
  approvalPreview,
  type CampaignStatusReport,
  type CampaignStep,
  campaignStatus,
  checkCampaign,
  createCampaign,
  getCampaign,
  listCampaigns,
} from "./campaigns.ts";
export { confirmCallerProof, findCallerByCode, startCallerProof } from "./contact-centre.ts";
export { orderLetter, recordCallerPhishing, resendNotice } from "./contact-centre-actions.ts";
export { startCallerProofWorker } from "./contact-centre-proof.ts";
export { type CallerView, callerView } from "./contact-centre-view.ts";
export { type OperationContext, OperationProblem } from "./context.ts";
export { controllerNoticePdf } from "./controller-notice-pdf.ts";
export { breachEvidence } from "./evidence.ts";
export { evidencePdf } from "./evidence-pdf.ts";
export { receiveUpload } from "./import-upload.ts";
export { type ImportWorker, startImportWorker } from "./import-worker.ts";
export {
  getImport,
  type ImportView,
  importReport,
  listImports,
  presentImport,
  runImport,
  startImport,
} from "./imports.ts";
export { createKey, type KeyJson, listKeys, presentCreatedKey, presentKey, revokeKey } from "./keys.ts";
export { createLogger } from "./logging.ts";
export { createOrganisation, listOrganisations, presentOrganisation } from "./organisations.ts";
export {
  listOversightNotices,
  type OversightBreach,
  type OversightNotice,
  oversightAlerts,
  oversightBreach,
  VICTIM_NOTICE_ALERT_HOURS,
} from "./oversight.ts";
export {
  activePhishingWarnings,
  exportPhishingReports,
  findReportableBreach,
  listPhishingReports,
  listPhishingWarnings,
  PHISHING_CHANNELS,
  type PhishingTrend,
  phishingReportScreenshot,
  phishingTrend,
  presentReport,
  presentWarning,
  publishPhishingWarning,
  REPORT_LIMITS,
  requirePhishingBreach,
  submitPhishingReport,
  type WarningJson,
  withdrawPhishingWarning,
} from "./phishing-reports.ts";
export { type AddressConfirmation, confirmNewAddress } from "./portal-address.ts";
export { startPortalLetterWorker } from "./portal-letters.ts";
export {
  endPlanSession,
  listPortalRequests,
  type MyPlan,
  myPlan,
  openPlan,
  planSession,
  requestFromPlan,
  saveProgress,
} from "./portal-plan.ts";
export {
  addControllerNotice,
  controllerNoticeExport,
  NIS2_REPORTS,
  type Nis2Report,
  type NoticeWorkspace,
  recordNis2,
  regulatorNoticeExport,
  regulatorNoticeWorkspace,
  submitRegulatorNotice,
} from "./regulator-notices.ts";
export { regulatorNoticePdf } from "./regulator-notices-pdf.ts";
export { NOTICE_NATURES, SUBJECTS_INFORMED } from "./regulator-notices-schema.ts";
export {
  CHOICE_NAMES,
  FIELD_LABELS,
  NIS2_NAMES,
  PHASE_NAMES,
  SECTION_TITLES,
} from "./regulator-notices-text.ts";
export { type ProfileView, setProfile, showProfile } from "./sender-profile.ts";
export {
  addDomain,
  type DomainView,
  listDomains,
  systemTxtResolver,
  type TxtResolver,
  verifyDomain,
  verifyDomainByHand,
} from "./sending-domains.ts";
export {
  createStaff,
  disableStaff,
  listStaff,
  presentStaff,
  resetStaffTotp,
  type StaffJson,
  setStaffRoles,
  staffDisplayNames,
} from "./staff.ts";
export {
  endStaffSession,
  formTokenMatches,
  requestStaffPasswordReset,
  resetStaffPassword,
  STAFF_LOGIN_RULES,
  type StaffLoginRules,
  type StaffSession,
  staffCodeStep,
  staffEnrolment,
  staffPasswordStep,
  staffResetTokenValid,
  staffSession,
} from "./staff-login.ts";
export { startStaffMailWorker } from "./staff-mail.ts";
export {
  listTransparencyPages,
  publishedTransparency,
  publishTransparency,
  type RetentionCheck,
  removeTransparencyEntry,
  retentionCheck,
  saveTransparencyEntry,
  type TransparencyRegister,
  transparencyRegister,
} from "./transparency.ts";
export { ENTRY_LIMITS, LEGAL_BASES, RETENTION_FROM } from "./transparency-rules.ts";
export { startUpdateMailWorker } from "./update-mail.ts";
export {
  confirmUpdateSubscription,
  type SubscriptionView,
  subscribeToUpdates,
  subscriptionOf,
  unsubscribeByToken,
  unsubscribeFromUpdates,
} from "./update-subscriptions.ts";
export {
  createUpdate,
  listUpdates,
  presentCreatedUpdate,
  presentUpdate,
  publishUpdate,
  requireUpdatableBreach,
  UPDATE_LIMITS,
  type UpdateJson,
} from "./updates.ts";
export { checkMessage, type GenuineMessage, type MessageCheck } from "./verification.ts";
