/**
 * The work queue behind My plan's letters: printed-letter requests (`open`) and new addresses waiting for
 * their confirmation letter (`pending-confirmation`) are claimed with `FOR UPDATE SKIP LOCKED` and a lease by
 * any number of workers. A claim names the worker; every later write is guarded by that name and an unexpired
 * lease, so a worker that lost its claim (it stalled past the lease) can no longer record anything. The print
 * batch a letter goes into is recorded before the letter is written, so the next worker can tell a letter
 * already in a complete batch (record it, write nothing) from one that was never finished (write it again).
 * The confirmation code is kept only as a keyed hash bound to the request and victim.
 */
import { sql } from "kysely";
import type { Language, PostalAddress } from "../core/index.ts";
import type { Keyring } from "./crypto.ts";
import type { Executor } from "./engine.ts";
import type { PortalRequestStatus } from "./schema.ts";

export interface ClaimedPortalLetter {
  id: string;
  victimId: number;
  breachId: string;
  kind: "printed-letter" | "moved" | "address-changed";
  language: Language;
  /** How often it was claimed, this claim included: a letter whose worker keeps dying is set aside. */
  attempts: number;
  /** The batch an earlier claim wrote (or began to write) it into. */
  printBatch: string | null;
  /** The new address of a `moved` request, or the former address an `address-changed` notice goes to. */
  address: PostalAddress | null;
  createdAt: Date;
}

const requestContext = (victimId: number) => `portal-request:${victimId}`;

/** Claims up to `limit` letters to write for `leaseMs`; rows another worker holds are skipped. */
async function claim(
  db: Executor,
  keys: Keyring,
  options: { worker: string; limit: number; leaseMs: number },
): Promise<ClaimedPortalLetter[]> {
  const lease = Math.max(1, Math.round(options.leaseMs));
  const { rows } = await sql<{
    id: string;
    victim_id: string | number;
    breach_id: string;
    kind: "printed-letter" | "moved" | "address-changed";
    language: Language;
    attempts: number;
    print_batch: string | null;
    sealed: string | null;
    created_at: Date;
  }>`
    update portal_requests set claimed_until = now() + ${sql.lit(lease)} * interval '1 millisecond',
      claimed_by = ${options.worker}, attempts = attempts + 1
    where id in (
      select id from portal_requests
      where (status = 'open' and kind in ('printed-letter', 'address-changed')
          or status = 'pending-confirmation' and kind = 'moved')
        and channel = 'letter'
        and (claimed_until is null or claimed_until < now())
      order by created_at, id limit ${options.limit}
      for update skip locked)
    returning id, victim_id, breach_id, kind, language, attempts, print_batch, sealed, created_at`.execute(
    db,
  );
  return rows
    .map((row) => ({
      id: row.id,
      victimId: Number(row.victim_id),
      breachId: row.breach_id,
      kind: row.kind,
      language: row.language,
      attempts: row.attempts,
      printBatch: row.print_batch,
      address: row.sealed
        ? (JSON.parse(keys.open(row.sealed, requestContext(Number(row.victim_id)))) as PostalAddress)
        : null,
      createdAt: new Date(row.created_at),
    }))
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
}

export interface LetterAssignment {
  id: string;
  batch: string;
  reference: string;
  verificationDigest: string;
  /** For a confirmation letter: the code's keyed hash and when it stops working. */
  code?: { hmac: string; expiresAt: Date };
}

/** Names the batch (and code) on the rows this worker still holds, before writing; the ids still held. */
async function assignBatch(
  db: Executor,
  worker: string,
  assignments: readonly LetterAssignment[],
): Promise<Set<string>> {
  const held = new Set<string>();
  for (const a of assignments) {
    const result = await sql<{ id: string }>`
      update portal_requests set print_batch = ${a.batch}, reference = ${a.reference},
        verification_digest = ${a.verificationDigest},
        code_hmac = ${a.code?.hmac ?? null}, code_expires_at = ${a.code?.expiresAt ?? null}, code_attempts = 0
      where id = ${a.id} and claimed_by = ${worker} and claimed_until > now()
      returning id`.execute(db);
    if (result.rows.length > 0) held.add(a.id);
  }
  return held;
}

/**
 * Records a claimed letter's end: `sent` (printed letter) or `awaiting-code` (confirmation letter) with the
 * time it went into the batch, or `no-address` / `failed`. False when the claim was lost meanwhile.
 */
async function finish(
  db: Executor,
  worker: string,
  id: string,
  status: Extract<PortalRequestStatus, "sent" | "awaiting-code" | "no-address" | "failed">,
): Promise<boolean> {
  const written = status === "sent" || status === "awaiting-code";
  const result = await sql<{ id: string }>`
    update portal_requests set status = ${status}, claimed_until = null, claimed_by = null,
      sent_at = ${written ? sql`now()` : sql`sent_at`},
      done_at = ${status === "sent" || status === "no-address" || status === "failed" ? sql`now()` : sql`null`}
    where id = ${id} and claimed_by = ${worker} and claimed_until > now()
    returning id`.execute(db);
  return result.rows.length > 0;
}

/** Gives a claimed letter back to be tried after `delayMs` (the print folder failed); its batch name stays. */
async function retryLater(db: Executor, worker: string, id: string, delayMs: number): Promise<void> {
  await sql`update portal_requests
    set claimed_until = now() + ${sql.lit(Math.max(1, Math.round(delayMs)))} * interval '1 millisecond'
    where id = ${id} and claimed_by = ${worker}`.execute(db);
}

export interface AwaitingCode {
  id: string;
  breachId: string;
  codeHmac: string;
  expiresAt: Date;
  /** Tries of the code so far. */
  wrongAttempts: number;
  /** The new address, opened. */
  address: PostalAddress;
}

/** The victim's newest new address whose confirmation letter went out and whose code is still to be typed. */
async function awaitingCode(
  db: Executor,
  keys: Keyring,
  victimId: number,
): Promise<AwaitingCode | undefined> {
  const row = await db
    .selectFrom("portal_requests")
    .select(["id", "breach_id", "code_hmac", "code_expires_at", "code_attempts", "sealed"])
    .where("victim_id", "=", victimId)
    .where("kind", "=", "moved")
    .where("status", "=", "awaiting-code")
    .orderBy("created_at", "desc")
    .executeTakeFirst();
  if (!row?.code_hmac || !row.code_expires_at || !row.sealed) return undefined;
  return {
    id: row.id,
    breachId: row.breach_id,
    codeHmac: row.code_hmac,
    expiresAt: new Date(row.code_expires_at),
    wrongAttempts: row.code_attempts,
    address: JSON.parse(keys.open(row.sealed, requestContext(victimId))) as PostalAddress,
  };
}

/**
 * Takes one try of the code, atomically and before the code is compared, so parallel guesses cannot pass
 * `max`. Returns the tries so far, this one included (undefined: none left, or no longer waiting).
 */
async function takeTry(db: Executor, id: string, victimId: number, max: number): Promise<number | undefined> {
  const { rows } = await sql<{ code_attempts: number }>`
    update portal_requests set code_attempts = code_attempts + 1
    where id = ${id} and victim_id = ${victimId} and status = 'awaiting-code' and code_attempts < ${max}
    returning code_attempts`.execute(db);
  return rows[0]?.code_attempts;
}

/** No tries left: the request is `refused` and its code hash dropped; false when it no longer waited. */
async function refuse(db: Executor, id: string, victimId: number): Promise<boolean> {
  const { rows } = await sql<{ id: string }>`
    update portal_requests set status = 'refused', code_hmac = null, done_at = now()
    where id = ${id} and victim_id = ${victimId} and status = 'awaiting-code'
    returning id`.execute(db);
  return rows.length > 0;
}

/**
 * Ends a request that waited for its code: `confirmed` (the right code) or `expired`. Guarded on the victim
 * and the state, so a code cannot confirm twice or another victim's request; false when nothing changed.
 */
async function endAwaiting(
  db: Executor,
  id: string,
  victimId: number,
  status: "confirmed" | "expired",
): Promise<boolean> {
  const { rows } = await sql<{ id: string }>`
    update portal_requests set status = ${status}, code_hmac = null, done_at = now()
    where id = ${id} and victim_id = ${victimId} and status = 'awaiting-code'
    returning id`.execute(db);
  return rows.length > 0;
}

/** Printed-letter requests answered "no address" become open again once the victim has one. */
async function reopenWithoutAddress(db: Executor, victimId: number): Promise<number> {
  const result = await sql`update portal_requests set status = 'open', done_at = null
    where victim_id = ${victimId} and kind = 'printed-letter' and status = 'no-address'`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/** Other new addresses of the victim still waiting for a code stop waiting once one is confirmed. */
async function expireOthers(db: Executor, victimId: number, confirmedId: string): Promise<void> {
  await sql`update portal_requests set status = 'expired', code_hmac = null, done_at = now()
    where victim_id = ${victimId} and kind = 'moved' and id <> ${confirmedId}
      and status in ('awaiting-code', 'pending-confirmation')`.execute(db);
}

export interface ClaimedEmailNotice {
  id: string;
  victimId: number;
  breachId: string;
  language: Language;
  attempts: number;
  createdAt: Date;
}

/** Claims up to `limit` address-change notices that go by e-mail, for `leaseMs`; as `claim` for letters. */
async function claimEmailNotices(
  db: Executor,
  options: { worker: string; limit: number; leaseMs: number },
): Promise<ClaimedEmailNotice[]> {
  const lease = Math.max(1, Math.round(options.leaseMs));
  const { rows } = await sql<{
    id: string;
    victim_id: string | number;
    breach_id: string;
    language: Language;
    attempts: number;
    created_at: Date;
  }>`
    update portal_requests set claimed_until = now() + ${sql.lit(lease)} * interval '1 millisecond',
      claimed_by = ${options.worker}, attempts = attempts + 1
    where id in (
      select id from portal_requests
      where status = 'open' and kind = 'address-changed' and channel = 'email'
        and (claimed_until is null or claimed_until < now())
      order by created_at, id limit ${options.limit}
      for update skip locked)
    returning id, victim_id, breach_id, language, attempts, created_at`.execute(db);
  return rows.map((row) => ({
    id: row.id,
    victimId: Number(row.victim_id),
    breachId: row.breach_id,
    language: row.language,
    attempts: row.attempts,
    createdAt: new Date(row.created_at),
  }));
}

/** Stores the digest of the code an e-mailed notice carries, before it is sent; false when the claim was lost. */
async function setNoticeDigest(db: Executor, worker: string, id: string, digest: string): Promise<boolean> {
  const { rows } = await sql<{ id: string }>`
    update portal_requests set verification_digest = ${digest}
    where id = ${id} and claimed_by = ${worker} and claimed_until > now()
    returning id`.execute(db);
  return rows.length > 0;
}

/** What a print provider's "returned" report did to a My plan letter. */
export type LetterReturn =
  | { outcome: "returned"; id: string; victimId: number; kind: ClaimedPortalLetter["kind"] }
  /** Its letter is still being written into a batch: the report is kept and tried again. */
  | { outcome: "waiting" }
  /** Known, but nothing to change: already returned, or the code in it was typed (so it arrived). */
  | { outcome: "ignored" }
  | { outcome: "unmatched" };

/**
 * Marks the letter with this printed reference returned: a sent letter, or a confirmation letter whose code
 * is dropped (nobody at that address could have typed it). Idempotent: a second report changes nothing.
 */
async function markReturned(db: Executor, reference: string): Promise<LetterReturn> {
  const { rows } = await sql<{ id: string; victim_id: string | number; kind: ClaimedPortalLetter["kind"] }>`
    update portal_requests set status = 'returned', returned_at = now(), code_hmac = null,
      done_at = coalesce(done_at, now())
    where reference = ${reference} and status in ('sent', 'awaiting-code')
    returning id, victim_id, kind`.execute(db);
  const row = rows[0];
  if (row) return { outcome: "returned", id: row.id, victimId: Number(row.victim_id), kind: row.kind };
  const known = await db
    .selectFrom("portal_requests")
    .select("status")
    .where("reference", "=", reference)
    .executeTakeFirst();
  if (!known) return { outcome: "unmatched" };
  return known.status === "open" || known.status === "pending-confirmation"
    ? { outcome: "waiting" }
    : { outcome: "ignored" };
}

export const portalLetters = {
  expireOthers,
  claim,
  assignBatch,
  finish,
  retryLater,
  awaitingCode,
  takeTry,
  refuse,
  endAwaiting,
  reopenWithoutAddress,
  markReturned,
  claimEmailNotices,
  setNoticeDigest,
};
