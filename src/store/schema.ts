/** Row types of the tables, as Kysely sees them. Migrations in migrations.ts create exactly these. */
import type { ColumnType, Generated, JSONColumnType } from "kysely";
import type { BilingualText, Channel, Language, MessageKind } from "../core/index.ts";

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export type BreachStatus = "draft" | "assessed" | "notifying" | "informed" | "closed";
export type { MessageKind } from "../core/index.ts";
/** The channel a delivery travels (the core's channel). */
export type DeliveryChannel = Channel;
export type DeliveryStatus =
  | "queued"
  | "sending"
  | "sent"
  | "delivered"
  | "bounced"
  | "failed"
  | "cancelled"
  /** Every channel this person could be reached by failed (or none existed): counted and reported. */
  | "unreachable";
export type UserRole = "admin" | "staff" | "regulator";

export interface OrganisationsTable {
  id: Generated<string>;
  slug: string;
  name: string;
  sender_domains: JSONColumnType<string[], string | undefined, string>;
  theme: JSONColumnType<Record<string, string>, string | undefined, string>;
  /** The sender profile (src/core SenderProfile); null until the organisation has set one. */
  profile: JSONColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  /** The DKIM private key (PEM), sealed with the keyring and bound to the organisation's id. */
  dkim_key: string | null;
  profile_updated_at: NullableTimestamp;
  created_at: CreatedAt;
}

export interface UsersTable {
  id: Generated<string>;
  organisation_id: string | null;
  role: UserRole;
  email_hmac: string;
  email_enc: string;
  password_hash: string | null;
  created_at: CreatedAt;
  disabled_at: NullableTimestamp;
}

export interface BreachesTable {
  id: Generated<string>;
  organisation_id: string;
  slug: string;
  title: string;
  status: ColumnType<BreachStatus, BreachStatus | undefined, BreachStatus>;
  facts: JSONColumnType<Record<string, unknown>, string, string>;
  assessment: JSONColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  aware_at: Timestamp;
  legal_hold_reason: string | null;
  legal_hold_by: string | null;
  legal_hold_at: NullableTimestamp;
  authority_notified_at: NullableTimestamp;
  subjects_notified_at: NullableTimestamp;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  /** The public page's address (`/datalek/<page_slug>`), unique across organisations once published. */
  page_slug: ColumnType<string | null, string | null | undefined, string | null>;
  /** When the organisation published the breach page; null: the page does not exist (404). */
  page_published_at: NullableTimestamp;
  /** When the organisation listed the breach in the public register of large breaches; null: not listed. */
  register_listed_at: NullableTimestamp;
}

/** A published breach page as served: the rendered bytes per variant (`nl`, `en`, `theme.css`). */
export interface BreachPagesTable {
  breach_id: string;
  variant: string;
  body: string;
  etag: string;
  rendered_at: Timestamp;
}

export interface VictimsTable {
  id: Generated<number>;
  breach_id: string;
  external_id: string;
  categories: JSONColumnType<string[], string | undefined, string>;
  segment: string | null;
  language: ColumnType<Language, Language | undefined, Language>;
  /** Key that sealed `sealed` and made the e-mail and phone hashes, the flag tokens and `row_hmac`. */
  key_id: string | null;
  /** One AES-GCM envelope: contact fields and flags, bound to breach id and external id. */
  sealed: string | null;
  flag_tokens: ColumnType<string[], string[] | undefined, string[]>;
  email_hmac: string | null;
  phone_hmac: string | null;
  code_hmac: string | null;
  code_key_id: string | null;
  code_issued_at: NullableTimestamp;
  /** The personal code itself, sealed on its own (bound to breach and external id), for the sender to print. */
  code_sealed: string | null;
  /** Keyed hash of the row's content: an import that brings the same row again changes nothing. */
  row_hmac: string | null;
  reachable: boolean;
  /** A letter reaches the right addressee (counted without decrypting); null: imported before it was kept. */
  postal: ColumnType<boolean | null, boolean | null | undefined, boolean | null>;
  /** When the person's relationship with the organisation ended (ISO date), for the retention check. */
  relation_ended: ColumnType<string | null, string | null | undefined, string | null>;
  last_contact_at: NullableTimestamp;
  contact_purged_at: NullableTimestamp;
  created_at: CreatedAt;
}

export interface MessagesTable {
  id: Generated<string>;
  breach_id: string;
  kind: MessageKind;
  version: ColumnType<number, number | undefined, number>;
  template: JSONColumnType<Record<string, unknown>, string, string>;
  created_by: string | null;
  created_at: CreatedAt;
}

export type CampaignStatus = "draft" | "checked" | "approved" | "running" | "paused" | "cancelled" | "done";
export type CampaignKind = "first-notice" | "update";

export interface CampaignsTable {
  id: Generated<string>;
  breach_id: string;
  kind: CampaignKind;
  update_id: string | null;
  selection: JSONColumnType<CampaignSelection, string | undefined, string>;
  setup: JSONColumnType<Record<string, unknown>, string | undefined, string>;
  status: ColumnType<CampaignStatus, CampaignStatus | undefined, CampaignStatus>;
  findings: JSONColumnType<unknown[], string | undefined, string>;
  total: ColumnType<number, number | undefined, number>;
  created_by: string;
  approved_by: string | null;
  /** What the approval covered (digests of setup, sender profile, breach facts, selection); null when none. */
  approval: JSONColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  started_at: NullableTimestamp;
  finished_at: NullableTimestamp;
  /** The highest delivery id of the campaign's pool already handed to queue jobs (see `takeForEnqueue`). */
  enqueued_through: ColumnType<number, never, number>;
}

/** Which victims of the breach a campaign writes to; absent fields select everyone. */
export interface CampaignSelection {
  segment?: string;
  flag?: string;
  /** Only victims no earlier campaign of this breach reached. */
  notReached?: boolean;
  /** Only victims with a confirmed subscription to the breach's update e-mails. */
  subscribers?: boolean;
}

export interface DeliveriesTable {
  id: Generated<number>;
  campaign_id: string;
  victim_id: number;
  status: ColumnType<DeliveryStatus, DeliveryStatus | undefined, DeliveryStatus>;
  channels: ColumnType<string[], string[] | undefined, string[]>;
  channel_index: ColumnType<number, number | undefined, number>;
  attempts: ColumnType<number, number | undefined, number>;
  not_before: ColumnType<Date, Date | string | undefined, Date | string>;
  /**
   * The queue job this row was put into; cleared when it must be enqueued again (see delivery_jobs). A new
   * row holds its campaign's id instead: it waits in the campaign's pool, handed to jobs in id order.
   */
  job_id: string | null;
  /** Keyed, per delivery: printed on letters, sent as a text's reference, matched by returns and reports. */
  reference: string | null;
  /** Keyed hash of the address or number the message went to: a bounce applies only to its own recipient. */
  recipient_hash: string | null;
  /** The current channel (`channels[channel_index]`), kept beside them so progress reads an index only. */
  channel: string | null;
  /** Times a worker died (or lost its claim) while holding this row; a message set aside after a few. */
  lost_claims: ColumnType<number, number | undefined, number>;
  claimed_at: NullableTimestamp;
  claimed_by: string | null;
  provider_id: string | null;
  message_id: string | null;
  /** Keyed digest of the verification code printed in the message ("is this message genuine?"). */
  verification_digest: string | null;
  last_error: string | null;
  history: JSONColumnType<unknown[], string | undefined, string>;
  sent_at: NullableTimestamp;
  delivered_at: NullableTimestamp;
  updated_at: UpdatedAt;
}

export interface DeliveryJobsTable {
  id: string;
  campaign_id: string;
  size: number;
  /** For a job taken from the campaign's pool: the first and last delivery id of its range. */
  first_id: number | null;
  last_id: number | null;
  created_at: CreatedAt;
}

export interface DeliveryFeedbackTable {
  id: Generated<number>;
  kind: "bounce" | "sms-report" | "letter-return";
  match_key: string;
  payload: JSONColumnType<Record<string, unknown>, string, string>;
  received_at: CreatedAt;
}

export interface DeliveryHealthTable {
  channel: string;
  failing_since: ColumnType<Date, Date | string, Date | string>;
  failures: ColumnType<number, number | undefined, number>;
  last_error: string;
  updated_at: UpdatedAt;
}

export interface DeliveryDeferralsTable {
  campaign_id: string;
  domain: string;
  deferrals: ColumnType<number, number | undefined, number>;
  last_at: UpdatedAt;
}

export interface UpdatesTable {
  id: Generated<string>;
  breach_id: string;
  title: JSONColumnType<BilingualText, string, string>;
  body: JSONColumnType<BilingualText, string, string>;
  published_at: NullableTimestamp;
  created_at: CreatedAt;
}

export interface AuditLogTable {
  seq: number;
  at: Timestamp;
  actor: string;
  action: string;
  subject: string | null;
  details: JSONColumnType<Record<string, unknown>, string, never>;
  prev_hash: string;
  hash: string;
  key_id: string | null;
}

export interface ApiKeysTable {
  id: Generated<string>;
  organisation_id: string;
  scope: string;
  /** The person who holds the key: campaigns record it, and approval needs another holder than creation. */
  holder: string;
  label: string;
  hint: string;
  digest: string;
  created_by: string;
  created_at: CreatedAt;
  revoked_at: NullableTimestamp;
}

export interface SendingDomainsTable {
  organisation_id: string;
  domain: string;
  /** Published as a TXT record to prove control of the domain. */
  token: string;
  created_at: CreatedAt;
  verified_at: NullableTimestamp;
  method: "dns" | "manual" | null;
  verified_by: string | null;
}

export interface SmsOptOutsTable {
  phone_hmac: string;
  at: CreatedAt;
}

export interface OutboxMessagesTable {
  id: Generated<number>;
  received_at: ColumnType<Date, Date | string | undefined, never>;
  /** Envelope sender; "" for the null sender of a bounce. */
  mail_from: string;
  rcpt_to: ColumnType<string[], string[], never>;
  message_id: string | null;
  subject: string | null;
  size: number;
  raw: ColumnType<Uint8Array, Uint8Array, never>;
}

export type ImportStatus = "uploading" | "queued" | "running" | "done" | "failed";

export interface ImportsTable {
  id: Generated<string>;
  breach_id: string;
  status: ColumnType<ImportStatus, ImportStatus | undefined, ImportStatus>;
  source: "api" | "cli";
  actor: string;
  progress: JSONColumnType<Record<string, unknown>, string | undefined, string>;
  summary: JSONColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  error: string | null;
  created_at: CreatedAt;
  heartbeat_at: UpdatedAt;
  finished_at: NullableTimestamp;
  format: "csv" | "jsonl" | null;
  total_bytes: ColumnType<string | null, number | null | undefined, number | null>;
  attempts: ColumnType<number, number | undefined, number>;
}

/** An uploaded victim file, sealed chunk by chunk, until a worker has imported it. */
export interface ImportUploadsTable {
  import_id: string;
  seq: number;
  data: Buffer;
}

export interface ImportReportsTable {
  import_id: string;
  seq: number;
  data: Buffer;
}

/** Signatures of accepted webhook requests, until their timestamp leaves the replay window. */
export interface WebhookReplaysTable {
  key: string;
  expires_at: Timestamp;
}

export type PhishingChannel = "email" | "sms" | "phone" | "letter" | "social" | "other";

export interface PhishingReportsTable {
  id: string;
  breach_id: string;
  channel: PhishingChannel;
  /** The sender as the message showed it: the phishing indicator, kept readable for the trend. */
  sender: string;
  received_on: ColumnType<string, string, never>;
  received_time: string | null;
  /** The scrubbed text, sealed with the report's id as context. */
  text_sealed: string;
  screenshot_type: "image/png" | "image/jpeg" | null;
  /** The screenshot's bytes (base64), sealed; never served publicly. */
  screenshot_sealed: string | null;
  created_at: CreatedAt;
}

export interface PhishingWarningsTable {
  id: Generated<string>;
  breach_id: string;
  update_id: string;
  created_by: string;
  created_at: CreatedAt;
  withdrawn_at: NullableTimestamp;
  withdrawn_by: string | null;
}

/** A "Mijn plan" session: the SHA-256 of its random token, never the token. */
export interface PortalSessionsTable {
  token_hash: string;
  victim_id: number;
  /** The victim's `code_issued_at` when the session opened: a new or revoked code no longer matches. */
  code_issued_at: Timestamp;
  created_at: Timestamp;
  last_seen_at: Timestamp;
}

/** A console staff account (store/staff.ts). */
export interface StaffAccountsTable {
  id: string;
  organisation_id: string | null;
  email_hash: string;
  key_id: string;
  email_sealed: string;
  display_name: string;
  roles: JSONColumnType<string[], string, string>;
  password_hash: string | null;
  password_changed_at: NullableTimestamp;
  totp_sealed: string | null;
  totp_confirmed_at: NullableTimestamp;
  totp_last_step: ColumnType<string | number | null, number | null | undefined, number | null>;
  failed_attempts: ColumnType<number, number | undefined, number>;
  locked_until: NullableTimestamp;
  disabled_at: NullableTimestamp;
  created_by: string;
  created_at: CreatedAt;
}

/** A console session: a keyed hash of its random token, never the token. */
export interface StaffSessionsTable {
  token_hash: string;
  staff_id: string;
  stage: "second-factor" | "enrol" | "signed-in";
  created_at: Timestamp;
  last_seen_at: Timestamp;
}

/** A password reset: asked for, then mailed by a worker that makes the token (only its keyed hash is kept). */
export interface StaffPasswordResetsTable {
  id: Generated<number>;
  staff_id: string;
  token_hash: string | null;
  requested_at: Timestamp;
  expires_at: NullableTimestamp;
  used_at: NullableTimestamp;
  mail_due: ColumnType<boolean, boolean | undefined, boolean>;
  claimed_until: NullableTimestamp;
  attempts: ColumnType<number, number | undefined, number>;
}

export interface PlanProgressTable {
  victim_id: number;
  step_id: string;
  done_at: CreatedAt;
}

/**
 * `address-changed` is no request of the person's: it is the notice that goes to the address letters went to
 * before, when a new one is confirmed, so someone who took a personal code cannot move letters unseen.
 */
export type PortalRequestKind = "printed-letter" | "moved" | "prefers-letters" | "address-changed";
/**
 * `open` (printed letter to write) → `sent`, or `no-address` when no postal address is known (reopened when
 * one is confirmed); `pending-confirmation` (new address, letter to write) → `awaiting-code` → `confirmed`,
 * `expired` (30 days) or `refused` (too many wrong codes); `failed` when a letter cannot be written (too long,
 * or its worker died with it five times); `done` for a letter preference, which applies at once; `returned`
 * when the print provider reports the letter undeliverable (a sent letter, or a confirmation letter whose code
 * was not yet typed).
 */
export type PortalRequestStatus =
  | "open"
  | "pending-confirmation"
  | "awaiting-code"
  | "confirmed"
  | "expired"
  | "refused"
  | "sent"
  | "no-address"
  | "failed"
  | "done"
  | "returned";

export interface PortalRequestsTable {
  id: Generated<string>;
  victim_id: number;
  breach_id: string;
  kind: PortalRequestKind;
  status: ColumnType<PortalRequestStatus, PortalRequestStatus | undefined, PortalRequestStatus>;
  /** A new postal address, sealed and bound to the request's victim; null for requests without one. */
  key_id: string | null;
  sealed: string | null;
  created_at: CreatedAt;
  language: ColumnType<Language, Language | undefined, Language>;
  claimed_until: Date | null;
  claimed_by: string | null;
  attempts: ColumnType<number, number | undefined, number>;
  /** The print batch the letter is (being) written into, named before writing. */
  print_batch: string | null;
  reference: string | null;
  verification_digest: string | null;
  sent_at: Date | null;
  /** When it reached its end: confirmed, expired, refused, failed, answered without an address, or done. */
  done_at: Date | null;
  /** Keyed hash of the address-confirmation code (bound to the victim and the request). */
  code_hmac: string | null;
  code_expires_at: Date | null;
  code_attempts: ColumnType<number, number | undefined, number>;
  /** When the print provider reported the letter undeliverable. */
  returned_at: Date | null;
  /** How an `address-changed` notice goes: by letter to the former address, or by e-mail when there was none. */
  channel: ColumnType<"letter" | "email", "letter" | "email" | undefined, "letter" | "email">;
}

/** What a victim chose on My plan: a confirmed new postal address (sealed, bound to the victim) and letters first. */
export interface VictimContactChoicesTable {
  victim_id: number;
  breach_id: string;
  key_id: string | null;
  address_sealed: string | null;
  address_confirmed_at: Date | null;
  prefers_letters_at: Date | null;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

/** A notice to the regulator about a breach (migration 2026-12-05-300). */
export interface RegulatorNoticesTable {
  id: Generated<string>;
  organisation_id: string;
  breach_id: string;
  number: number;
  phase: "initial" | "supplement" | "withdrawal";
  refers_to: string | null;
  sections: JSONColumnType<Record<string, unknown>, string, string>;
  delay_reasons: string | null;
  late: boolean;
  submitted_at: Timestamp;
  submitted_by: string;
}

/** The NIS2 (Cyberbeveiligingswet) clock of a breach: whether it applies and when each report was sent. */
export interface Nis2ClocksTable {
  breach_id: string;
  organisation_id: string;
  applies: boolean;
  early_warning_at: NullableTimestamp;
  incident_notice_at: NullableTimestamp;
  final_report_at: NullableTimestamp;
  updated_at: Timestamp;
  updated_by: string;
}

/** A processor's notice to one controller it works for. */
export interface ControllerNoticesTable {
  id: Generated<string>;
  organisation_id: string;
  breach_id: string;
  controller_name: string;
  controller_contact: string;
  decide: string;
  created_at: Timestamp;
  created_by: string;
}

/** One processing entry of an organisation's transparency register, as edited (the draft). */
export interface TransparencyEntriesTable {
  id: Generated<string>;
  organisation_id: string;
  categories: JSONColumnType<string[], string, string>;
  purpose: JSONColumnType<BilingualText, string, string>;
  legal_basis: "a" | "b" | "c" | "d" | "e" | "f";
  retention_months: number;
  retention_from: "relation-end" | "collection" | "other";
  retention_from_other: JSONColumnType<BilingualText | null, string | null, string | null>;
  recipients: JSONColumnType<BilingualText | null, string | null, string | null>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

/** A published version of the register: the entries as they were, never changed after. */
export interface TransparencyVersionsTable {
  organisation_id: string;
  version: number;
  entries: JSONColumnType<Record<string, unknown>[], string, never>;
  published_at: Timestamp;
  published_by: string;
}

export interface Database {
  organisations: OrganisationsTable;
  users: UsersTable;
  breaches: BreachesTable;
  breach_pages: BreachPagesTable;
  victims: VictimsTable;
  messages: MessagesTable;
  deliveries: DeliveriesTable;
  updates: UpdatesTable;
  audit_log: AuditLogTable;
  api_keys: ApiKeysTable;
  campaigns: CampaignsTable;
  sms_opt_outs: SmsOptOutsTable;
  delivery_deferrals: DeliveryDeferralsTable;
  delivery_jobs: DeliveryJobsTable;
  delivery_feedback: DeliveryFeedbackTable;
  delivery_health: DeliveryHealthTable;
  outbox_messages: OutboxMessagesTable;
  imports: ImportsTable;
  import_reports: ImportReportsTable;
  import_uploads: ImportUploadsTable;
  sending_domains: SendingDomainsTable;
  webhook_replays: WebhookReplaysTable;
  phishing_reports: PhishingReportsTable;
  phishing_warnings: PhishingWarningsTable;
  portal_sessions: PortalSessionsTable;
  plan_progress: PlanProgressTable;
  portal_requests: PortalRequestsTable;
  victim_contact_choices: VictimContactChoicesTable;
  staff_accounts: StaffAccountsTable;
  staff_sessions: StaffSessionsTable;
  staff_password_resets: StaffPasswordResetsTable;
  regulator_notices: RegulatorNoticesTable;
  nis2_clocks: Nis2ClocksTable;
  controller_notices: ControllerNoticesTable;
  transparency_entries: TransparencyEntriesTable;
  transparency_versions: TransparencyVersionsTable;
}
