/** Row types of the tables, as Kysely sees them. Migrations in migrations.ts create exactly these. */
import type { ColumnType, Generated, JSONColumnType } from "kysely";

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export type BreachStatus = "draft" | "assessed" | "notifying" | "informed" | "closed";
export type MessageKind = "first-notice" | "update" | "affected-answer";
export type DeliveryChannel = "email" | "sms" | "letter" | "portal";
export type DeliveryStatus =
  | "created"
  | "sending"
  | "delivered"
  | "failed"
  | "bounced"
  | "returned"
  | "cancelled";
export type UserRole = "admin" | "staff" | "regulator";

export interface OrganisationsTable {
  id: Generated<string>;
  slug: string;
  name: string;
  sender_domains: JSONColumnType<string[], string | undefined, string>;
  theme: JSONColumnType<Record<string, string>, string | undefined, string>;
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
}

export interface VictimsTable {
  id: Generated<number>;
  breach_id: string;
  external_id: string;
  categories: JSONColumnType<string[], string | undefined, string>;
  segment: string | null;
  language: ColumnType<"nl" | "en", "nl" | "en" | undefined, "nl" | "en">;
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
  /** Keyed hash of the row's content: an import that brings the same row again changes nothing. */
  row_hmac: string | null;
  reachable: boolean;
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

export interface DeliveriesTable {
  id: Generated<number>;
  message_id: string;
  victim_id: number;
  channel: DeliveryChannel;
  status: ColumnType<DeliveryStatus, DeliveryStatus | undefined, DeliveryStatus>;
  attempts: ColumnType<number, number | undefined, number>;
  provider_id: string | null;
  error: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  sent_at: NullableTimestamp;
  delivered_at: NullableTimestamp;
}

export interface UpdatesTable {
  id: Generated<string>;
  breach_id: string;
  title: JSONColumnType<{ nl: string; en: string }, string, string>;
  body: JSONColumnType<{ nl: string; en: string }, string, string>;
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

export interface Database {
  organisations: OrganisationsTable;
  users: UsersTable;
  breaches: BreachesTable;
  victims: VictimsTable;
  messages: MessagesTable;
  deliveries: DeliveriesTable;
  updates: UpdatesTable;
  audit_log: AuditLogTable;
}
