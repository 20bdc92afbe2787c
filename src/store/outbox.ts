/**
 * Messages the built-in outbox captured in embedded mode, so an operator can see what went out (and what
 * bounced) on the outbox page. They hold personal data (names, personal codes), so they are kept only a
 * few days: `purge` deletes the older ones.
 */
import type { Executor } from "./engine.ts";

export interface NewOutboxMessage {
  receivedAt: Date;
  mailFrom: string;
  rcptTo: string[];
  messageId?: string | null;
  subject?: string | null;
  raw: Uint8Array;
}

export interface OutboxSummary {
  id: number;
  receivedAt: Date;
  mailFrom: string;
  rcptTo: string[];
  messageId: string | null;
  subject: string | null;
  size: number;
}

export interface OutboxMessage extends OutboxSummary {
  raw: Buffer;
}

export interface OutboxPage {
  total: number;
  items: OutboxSummary[];
}

const SUMMARY_COLUMNS = [
  "id",
  "received_at",
  "mail_from",
  "rcpt_to",
  "message_id",
  "subject",
  "size",
] as const;

interface SummaryRow {
  id: number;
  received_at: Date;
  mail_from: string;
  rcpt_to: string[];
  message_id: string | null;
  subject: string | null;
  size: number;
}

function toSummary(row: SummaryRow): OutboxSummary {
  return {
    id: Number(row.id),
    receivedAt: new Date(row.received_at),
    mailFrom: row.mail_from,
    rcptTo: row.rcpt_to,
    messageId: row.message_id,
    subject: row.subject,
    size: row.size,
  };
}

async function insert(db: Executor, message: NewOutboxMessage): Promise<number> {
  const { id } = await db
    .insertInto("outbox_messages")
    .values({
      received_at: message.receivedAt,
      mail_from: message.mailFrom,
      rcpt_to: message.rcptTo,
      message_id: message.messageId ?? null,
      // A header is unbounded; the page shows a line of it.
      subject: message.subject?.slice(0, 998) ?? null,
      size: message.raw.byteLength,
      raw: message.raw,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return Number(id);
}

/** Newest first; `offset` counts messages to skip. */
async function list(db: Executor, query: { limit: number; offset?: number }): Promise<OutboxPage> {
  const limit = Math.max(1, Math.min(500, Math.floor(query.limit)));
  const offset = Math.max(0, Math.floor(query.offset ?? 0));
  const [rows, count] = await Promise.all([
    db
      .selectFrom("outbox_messages")
      .select(SUMMARY_COLUMNS)
      .orderBy("received_at", "desc")
      .orderBy("id", "desc")
      .limit(limit)
      .offset(offset)
      .execute(),
    db
      .selectFrom("outbox_messages")
      .select((eb) => eb.fn.countAll<number>().as("total"))
      .executeTakeFirstOrThrow(),
  ]);
  return { total: Number(count.total), items: rows.map(toSummary) };
}

/** The message with its raw bytes, or undefined (also for an id that is not a whole number). */
async function get(db: Executor, id: number | string): Promise<OutboxMessage | undefined> {
  const key = typeof id === "number" ? id : /^\d{1,15}$/.test(id) ? Number(id) : Number.NaN;
  if (!Number.isSafeInteger(key)) return undefined;
  const row = await db
    .selectFrom("outbox_messages")
    .select([...SUMMARY_COLUMNS, "raw"])
    .where("id", "=", key)
    .executeTakeFirst();
  if (!row) return undefined;
  return { ...toSummary(row), raw: Buffer.from(row.raw) };
}

/** Deletes captured messages received more than `olderThanDays` days before `now`; returns how many. */
async function purge(db: Executor, options: { olderThanDays: number; now?: Date }): Promise<number> {
  if (!(options.olderThanDays >= 0)) throw new Error("outbox.purge: olderThanDays must be 0 or more");
  const cutoff = new Date((options.now ?? new Date()).getTime() - options.olderThanDays * 86_400_000);
  const result = await db.deleteFrom("outbox_messages").where("received_at", "<", cutoff).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export const outboxMessages = { insert, list, get, purge };
