/**
 * delivery: getting each victim's message out and knowing what became of it. Owns the channel interface
 * (`ProviderAdapter.send(artefact) → Receipt`, classified sent / deferred / rejected), the adapters with
 * their local counterparts (SMTP relay ↔ built-in outbox, SMS gateway ↔ fake gateway), bounces (RFC 3464
 * DSN and webhook JSON), rate rules (token bucket, adaptive per-domain control, a limiter shared through
 * PostgreSQL), the campaign and delivery lifecycles with retries and channel fallback, the pg-boss batch
 * queue, and the Prometheus metrics. See README.md. Other parts import only this file.
 */

export {
  APPROVAL_PARTS,
  type ApprovalPart,
  type ApprovalRecord,
  approvalRecord,
  canonicalJson,
  changedParts,
  profileDigest,
} from "./approval.ts";
export {
  completeCampaignSetup,
  NO_SENDER_PROFILE,
  type SendingProgress,
  type SetupResult,
  sendingProgress,
  voidApproval,
  voidApprovalsOf,
} from "./campaigns.ts";
export { createDatabaseMetrics, type DatabaseMetrics, type DatabaseMetricsOptions } from "./db-metrics.ts";
export {
  type BounceRecipient,
  type BounceReport,
  type BounceWebhookEvent,
  buildDsn,
  type DsnAction,
  type DsnInput,
  isPermanentFailure,
  parseBounceWebhook,
  parseDsn,
} from "./dsn.ts";
export {
  applyBounces,
  applyPendingFeedback,
  applyReturnedLetters,
  applySmsReports,
  type FeedbackContext,
  type FeedbackResult,
} from "./feedback.ts";
export { type DeliveryIdentifiers, deliveryIdentifiers, recipientHash } from "./identifiers.ts";
export { type LetterFolderOptions, letterFolder } from "./letters.ts";
export {
  applyDeliveryEvent,
  backoffDelay,
  CAMPAIGN_STATES,
  type CampaignAction,
  type CampaignError,
  type CampaignErrorCode,
  type CampaignRecord,
  type CampaignState,
  type CampaignTransition,
  type ChannelAttempt,
  currentChannel,
  DEFAULT_RETRY_POLICY,
  DELIVERY_STATES,
  type DeliveryEffect,
  type DeliveryEvent,
  type DeliveryRecord,
  type DeliveryState,
  type DeliveryTransition,
  FINAL_CAMPAIGN_STATES,
  FINAL_DELIVERY_STATES,
  newDelivery,
  type RetryPolicy,
  transitionCampaign,
  usableChannels,
} from "./lifecycle.ts";
export { createDeliveryMetrics, type DeliveryMetrics, type MetricsOptions } from "./metrics.ts";
export {
  createMxGrouper,
  MX_PROVIDERS,
  type MxGrouper,
  type MxGrouperOptions,
  type MxRecord,
  type MxResolver,
  mxHostGroup,
  registrableDomain,
} from "./mx-groups.ts";
export {
  type CountingSink,
  countingSink,
  folderSink,
  headerMessageId,
  type MemorySink,
  memorySink,
  type Outbox,
  type OutboxEnvelope,
  type OutboxOptions,
  type OutboxSink,
  type StoredMessage,
  startOutbox,
} from "./outbox.ts";
export { type OutboxDbSinkOptions, outboxDbSink } from "./outbox-db-sink.ts";
export { runOutboxProcess } from "./outbox-main.ts";
export {
  type BatchJob,
  type BatchPayload,
  type BatchQueueOptions,
  type JobQueue,
  type QueueConnection,
  type QueueDepth,
  startQueue,
} from "./queue.ts";
export {
  type AcquireResult,
  acquire,
  type BucketConfig,
  type BucketState,
  createDomainLimiter,
  DEFAULT_DOMAIN_CONFIG,
  DOMAIN_GROUPS,
  type DomainControllerConfig,
  type DomainLimiter,
  type DomainState,
  type DomainsState,
  domainGroup,
  domainSummary,
  fullBucket,
  release,
  type SendOutcome,
  type TakeResult,
  takeTokens,
} from "./rate.ts";
export {
  classifyHttpStatus,
  classifySmtpReply,
  type DeferredReceipt,
  type EmailArtefact,
  type FailureReceipt,
  type ProviderAdapter,
  parseRetryAfter,
  type Receipt,
  type RejectedReceipt,
  recipientDomain,
  type SentReceipt,
  type SmsArtefact,
} from "./receipt.ts";
export {
  type BatchReport,
  type ChannelRate,
  type LetterOutput,
  type SenderContext,
  sendBatch,
  workerName,
} from "./sender.ts";
export {
  createSharedDomainLimiter,
  type DomainSlot,
  type SharedDomainLimiter,
  type SharedDomainLimiterOptions,
  type SharedDomainSummary,
} from "./shared-domains.ts";
export {
  createSmsGateway,
  type DeliveryReport,
  type GatewayCredentials,
  type InboundEvent,
  isE164,
  isOptOut,
  OPT_OUT_WORDS,
  parseDeliveryReports,
  parseInboundSms,
  type SmsGatewayOptions,
} from "./sms-gateway.ts";
export {
  type AcceptedSms,
  type FakeGateway,
  type FakeGatewayOptions,
  startFakeSmsGateway,
} from "./sms-gateway-fake.ts";
export {
  classifySmtpError,
  createSmtpSender,
  type DomainDeferrals,
  parseRelayUrl,
  type SmtpSender,
  type SmtpSenderOptions,
} from "./smtp.ts";
export {
  freshTimestamp,
  type SignatureCheck,
  type SignedHeaders,
  signatureHeaders,
  signWebhook,
  verifyWebhook,
  WEBHOOK_TOLERANCE_SECONDS,
  webhookKey,
} from "./webhook-signature.ts";
export { DELIVERY_QUEUE, type DeliveryWorker, startDeliveryWorker, type WorkerOptions } from "./worker.ts";
