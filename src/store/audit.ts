/**
 * The audit log: append-only and hash-chained. Each entry's hash covers its own content and the previous
 * entry's hash, so editing, removing or inserting an entry breaks the chain where it happened. Appends are
 * serialised with a transaction-scoped advisory lock, so concurrent writers on any number of machines still
 * produce one line.
 */
import { createHash } from "node:crypto";
import { sql } from "kysely";
import type { DatabaseHandle } from "./engine.ts";

const GENESIS = "0".repeat(64);
// Arbitrary but fixed: every process must use the same advisory-lock key for the audit chain.
const AUDIT_LOCK_KEY = 4_807_201_733;
const VERIFY_PAGE = 1_000;

export interface AuditEntryInput {
  /** Who acted: a user id, "system", or "cli". Never personal data such as an e-mail address. */
  actor: string;
  /** What was done, e.g. "breach.created", "victims.imported", "export.downloaded". */
  action: string;
  /** What it was done to, e.g. a breach id. */
  subject?: string | null;
  /** Facts about the action (counts, ids); no personal data. */
  details?: Record<string, unknown>;
}

export interface AuditEntry extends Required<AuditEntryInput> {
  seq: number;
  at: string;
  prevHash: string;
  hash: string;
}

export type AuditVerification = { ok: true; count: number } | { ok: false; seq: number; problem: string };

/** JSON with keys sorted at every level, so jsonb's own key order cannot change a hash. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export function entryHash(entry: Omit<AuditEntry, "hash">): string {
  const content = canonical({
    seq: entry.seq,
    at: entry.at,
    actor: entry.actor,
    action: entry.action,
    subject: entry.subject,
    details: entry.details,
  });
  return createHash("sha256").update(entry.prevHash).update("\n").update(content).digest("hex");
}

async function append(handle: DatabaseHandle, input: AuditEntryInput): Promise<AuditEntry> {
  return handle.db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY}::bigint)`.execute(trx);
    const last = await trx
      .selectFrom("audit_log")
      .select(["seq", "hash"])
      .orderBy("seq", "desc")
      .limit(1)
      .executeTakeFirst();
    const partial = {
      seq: last ? Number(last.seq) + 1 : 1,
      at: new Date().toISOString(),
      actor: input.actor,
      action: input.action,
      subject: input.subject ?? null,
      details: input.details ?? {},
      prevHash: last?.hash ?? GENESIS,
    };
    const entry: AuditEntry = { ...partial, hash: entryHash(partial) };
    await trx
      .insertInto("audit_log")
      .values({
        seq: entry.seq,
        at: entry.at,
        actor: entry.actor,
        action: entry.action,
        subject: entry.subject,
        details: JSON.stringify(entry.details),
        prev_hash: entry.prevHash,
        hash: entry.hash,
      } as never)
      .execute();
    return entry;
  });
}

/** Walks the whole chain in order and reports the first entry that does not fit. */
async function verify(handle: DatabaseHandle): Promise<AuditVerification> {
  let expectedSeq = 1;
  let prevHash = GENESIS;
  for (;;) {
    const rows = await handle.db
      .selectFrom("audit_log")
      .selectAll()
      .where("seq", ">=", expectedSeq)
      .orderBy("seq")
      .limit(VERIFY_PAGE)
      .execute();
    if (rows.length === 0) return { ok: true, count: expectedSeq - 1 };
    for (const row of rows) {
      const seq = Number(row.seq);
      if (seq !== expectedSeq)
        return { ok: false, seq: expectedSeq, problem: `entry ${expectedSeq} is missing` };
      if (row.prev_hash !== prevHash) {
        return { ok: false, seq, problem: "the link to the previous entry does not match" };
      }
      const recomputed = entryHash({
        seq,
        at: new Date(row.at).toISOString(),
        actor: row.actor,
        action: row.action,
        subject: row.subject,
        details: row.details,
        prevHash: row.prev_hash,
      });
      if (recomputed !== row.hash)
        return { ok: false, seq, problem: "the entry was changed after it was written" };
      prevHash = row.hash;
      expectedSeq++;
    }
  }
}

export const audit = { append, verify };
