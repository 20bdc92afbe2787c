/**
 * delivery: getting each victim's message out and knowing what became of it. Owns the channel interface
 * (`ProviderAdapter.send(artefact) → Receipt`, classified sent / deferred / rejected), the adapters with
 * their local counterparts (SMTP relay ↔ built-in outbox, SMS gateway ↔ fake gateway, print folder), bounces
 * (RFC 3464 DSN and webhook JSON), rate rules (token bucket, adaptive per-domain control, a limiter shared
 * through PostgreSQL), the campaign and delivery lifecycles with retries and channel fallback, the sender and
 * its worker on the pg-boss batch queue, and the Prometheus metrics. See README.md.
 *
 * This face exports only what other parts import; tests import the module files they test.
 */

export {
  type ApprovalRecord,
  approvalRecord,
  changedParts,
  factsDigest,
  profileDigest,
} from "./approval.ts";
export { applyBounces, applyReturnedLetters, applySmsReports } from "./bounce-reports.ts";
export {
  completeCampaignSetup,
  NO_SENDER_PROFILE,
  type SendingProgress,
  type SetupResult,
  sendingProgress,
  voidApproval,
  voidApprovalsOf,
} from "./campaigns.ts";
export { createDatabaseMetrics } from "./db-metrics.ts";
export { type BounceReport, parseBounceWebhook } from "./dsn.ts";
export { type CampaignAction, transitionCampaign } from "./lifecycle.ts";
export { createDeliveryMetrics, type DeliveryMetrics } from "./metrics.ts";
export { createMxGrouper } from "./mx-groups.ts";
export { type Outbox, type OutboxSink, startOutbox } from "./outbox.ts";
export { outboxDbSink } from "./outbox-db-sink.ts";
export { letterFolder } from "./print-folder.ts";
export { startProgressSnapshots } from "./progress-snapshots.ts";
export type { LetterOutput, Receipt } from "./providers.ts";
export { startQueue } from "./queue.ts";
export { DEFAULT_DOMAIN_CONFIG } from "./rate.ts";
export type { SenderContext } from "./sender-context.ts";
export { createSharedDomainLimiter } from "./shared-domains.ts";
export { passSharedRate } from "./shared-rate.ts";
export { createSmsGateway, parseDeliveryReports, parseInboundSms } from "./sms-gateway.ts";
export { createSmtpSender } from "./smtp.ts";
export {
  freshTimestamp,
  signatureHeaders,
  verifyWebhook,
  WEBHOOK_TOLERANCE_SECONDS,
} from "./webhook-signature.ts";
export { type DeliveryWorker, startDeliveryWorker, workerName } from "./worker.ts";
