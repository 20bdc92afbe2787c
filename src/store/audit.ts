/**
 * The audit log: append-only and hash-chained with a keyed hash. Each entry's hash is an HMAC-SHA-256, under a
 * key derived from the master secret, of its own content and the previous entry's hash: editing, removing or
 * inserting an entry breaks the chain where it happened, and someone with only database rights cannot write
 * an entry that verifies. Cutting entries off the end leaves a shorter chain that still links up, so the head
 * (last sequence number and hash) is exported with evidence and logs: compared with a head exported earlier,
 * a cut tail shows. Appends are serialised with a transaction-scoped advisory lock (one line across any number
 * of processes) and join the caller's transaction, so a change and its audit entry commit together.
 */
import { createHmac } from "node:crypto";
import { sql } from "kysely";
import type { Keyring } from "./crypto.ts";
import { type Executor, transaction } from "./engine.ts";

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
  keyId: string;
  prevHash: string;
  hash: string;
}

/** The last entry of the chain: sequence number and hash. `seq` 0 is the empty log. */
export interface AuditHead {
  seq: number;
  hash: string;
}

export type AuditVerification =
  | { ok: true; count: number; head: AuditHead }
  | { ok: false; seq: number; problem: string };

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

export function entryHash(key: Buffer, entry: Omit<AuditEntry, "hash">): string {
  const content = canonical({
    seq: entry.seq,
    at: entry.at,
    actor: entry.actor,
    action: entry.action,
    subject: entry.subject,
    details: entry.details,
    keyId: entry.keyId,
  });
  return createHmac("sha256", key).update(entry.prevHash).update("\n").update(content).digest("hex");
}

/** Appends an entry, inside `db` when it is a transaction (so it commits or rolls back with the change). */
async function append(db: Executor, keys: Keyring, input: AuditEntryInput): Promise<AuditEntry> {
  const key = keys.auditKey(keys.keyId);
  if (!key) throw new Error("The keyring has no audit key for its current key");
  return transaction(db, async (tx) => {
    await sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY}::bigint)`.execute(tx);
    const last = await tx
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
      keyId: keys.keyId,
      prevHash: last?.hash ?? GENESIS,
    };
    const entry: AuditEntry = { ...partial, hash: entryHash(key, partial) };
    await tx
      .insertInto("audit_log")
      .values({
        seq: entry.seq,
        at: entry.at,
        actor: entry.actor,
        action: entry.action,
        subject: entry.subject,
        details: JSON.stringify(entry.details),
        key_id: entry.keyId,
        prev_hash: entry.prevHash,
        hash: entry.hash,
      } as never)
      .execute();
    return entry;
  });
}

/** The chain's head, to export with evidence and logs (and to pass to `verify` later). */
async function head(db: Executor): Promise<AuditHead> {
  const last = await db
    .selectFrom("audit_log")
    .select(["seq", "hash"])
    .orderBy("seq", "desc")
    .limit(1)
    .executeTakeFirst();
  return last ? { seq: Number(last.seq), hash: last.hash } : { seq: 0, hash: GENESIS };
}

/**
 * Walks the whole chain in order and reports the first entry that does not fit. With `expectedHead` (a head
 * exported earlier), also reports a log that no longer reaches that entry or whose entry there differs.
 */
async function verify(
  db: Executor,
  keys: Keyring,
  options: { expectedHead?: AuditHead } = {},
): Promise<AuditVerification> {
  let expectedSeq = 1;
  let prevHash = GENESIS;
  // Keys only move forward: an entry may not use a key older than the one before it, so a retired (and
  // perhaps leaked) secret cannot be used to add entries after a rotation.
  let prevRank = Number.POSITIVE_INFINITY;
  const expected = options.expectedHead;
  for (;;) {
    const rows = await db
      .selectFrom("audit_log")
      .selectAll()
      .where("seq", ">=", expectedSeq)
      .orderBy("seq")
      .limit(VERIFY_PAGE)
      .execute();
    if (rows.length === 0) break;
    for (const row of rows) {
      const seq = Number(row.seq);
      if (seq !== expectedSeq)
        return { ok: false, seq: expectedSeq, problem: `entry ${expectedSeq} is missing` };
      if (row.prev_hash !== prevHash)
        return { ok: false, seq, problem: "the link to the previous entry does not match" };
      const rank = row.key_id ? keys.keyIds.indexOf(row.key_id) : -1;
      const key = row.key_id ? keys.auditKey(row.key_id) : undefined;
      if (!row.key_id || !key || rank < 0)
        return {
          ok: false,
          seq,
          problem: row.key_id
            ? `the entry names key ${row.key_id}, which is not in the keyring`
            : "the entry has no key id",
        };
      if (rank > prevRank)
        return { ok: false, seq, problem: "the entry uses an older key than the entry before it" };
      const recomputed = entryHash(key, {
        seq,
        at: new Date(row.at).toISOString(),
        actor: row.actor,
        action: row.action,
        subject: row.subject,
        details: row.details,
        keyId: row.key_id,
        prevHash: row.prev_hash,
      });
      if (recomputed !== row.hash)
        return { ok: false, seq, problem: "the entry's hash does not match: it was changed or forged" };
      if (expected && seq === expected.seq && row.hash !== expected.hash)
        return { ok: false, seq, problem: "the entry differs from the exported head" };
      prevHash = row.hash;
      prevRank = rank;
      expectedSeq++;
    }
  }
  const count = expectedSeq - 1;
  if (expected && count < expected.seq)
    return {
      ok: false,
      seq: count + 1,
      problem: `the log ends at entry ${count}, but an exported head names entry ${expected.seq}: entries were removed`,
    };
  return { ok: true, count, head: { seq: count, hash: prevHash } };
}

export const audit = { append, head, verify };
