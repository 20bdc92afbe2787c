/**
 * The contact centre's tables. `contact_proofs` holds a proof that a caller controls an e-mail address or phone
 * number: the address sealed (bound to the proof), the short code sealed and as a keyed hash (both dropped when
 * the proof is used), the agent and a hash of their console session, and the wrong tries. The sealed code stays
 * after sending so that key rotation can hash it again: a six-digit code's keyed hash hides nothing from whoever
 * holds the key (a million tries), so keeping it sealed under that same key costs no secrecy. `contact_lookups` holds
 * the short-lived handles the caller view is reached by: only the SHA-256 of the random handle, bound to the
 * organisation, the agent and their session, pointing at one victim. Nothing here is listed: a proof or a
 * handle is found only by its id or hash together with the agent and session that made it.
 *
 * The notice resend and the deliveries of a victim live here too, because their SQL reaches across the
 * deliveries, campaigns and breaches tables and must be filtered on the organisation in SQL.
 */
import { sql } from "kysely";
import type { Keyring } from "./crypto.ts";
import { type Executor, transaction } from "./engine.ts";

const proofAddressContext = (id: string) => `contact-proof-address:${id}`;
const proofCodeContext = (id: string) => `contact-proof-code:${id}`;

/** A proof code's keyed hash, bound to its proof, under the current key. */
const proofCodeHash = (keys: Keyring, id: string, code: string) =>
  keys.lookupHash("contact-proof", `${id}:${code}`);

/** The same under every key in the ring: a proof made before a rotation is checked during it. */
const proofCodeHashes = (keys: Keyring, id: string, code: string) =>
  keys.lookupHashes("contact-proof", `${id}:${code}`);

export interface NewContactProof {
  id: string;
  organisationId: string;
  breachId: string;
  agent: string;
  sessionHash: string;
  channel: "email" | "sms";
  /** Keyed hash of the normalised address (the victims' look-up hash: no second space to guess in). */
  addressHash: string;
  address: string;
  code: string;
  codeHmac: string;
  expiresAt: Date;
}

async function createProof(db: Executor, keys: Keyring, proof: NewContactProof): Promise<void> {
  await sql`insert into contact_proofs
      (id, organisation_id, breach_id, agent, session_hash, channel, address_hash, address_sealed,
       code_sealed, code_hmac, expires_at)
    values (${proof.id}, ${proof.organisationId}, ${proof.breachId}, ${proof.agent}, ${proof.sessionHash},
      ${proof.channel}, ${proof.addressHash}, ${keys.seal(proof.address, proofAddressContext(proof.id))},
      ${keys.seal(proof.code, proofCodeContext(proof.id))}, ${proof.codeHmac}, ${proof.expiresAt})`.execute(
    db,
  );
}

export interface ClaimedContactProof {
  id: string;
  organisationId: string;
  breachId: string;
  channel: "email" | "sms";
  address: string;
  code: string;
}

/** Claims due proofs (SKIP LOCKED, under a lease) and opens their address and code in memory. */
async function claimProofs(
  db: Executor,
  keys: Keyring,
  options: { limit: number; leaseMs: number },
): Promise<ClaimedContactProof[]> {
  const result = await sql<{
    id: string;
    organisation_id: string;
    breach_id: string;
    channel: "email" | "sms";
    address_sealed: string;
    code_sealed: string;
  }>`update contact_proofs set claimed_until = now() + ${`${Math.round(options.leaseMs)} milliseconds`}::interval
    where id in (
      select id from contact_proofs
      where send_due and code_sealed is not null and address_sealed is not null and expires_at > now()
        and (claimed_until is null or claimed_until < now())
      order by created_at
      limit ${options.limit}
      for update skip locked)
    returning id, organisation_id, breach_id, channel, address_sealed, code_sealed`.execute(db);
  return result.rows.map((row) => ({
    id: row.id,
    organisationId: row.organisation_id,
    breachId: row.breach_id,
    channel: row.channel,
    address: keys.open(row.address_sealed, proofAddressContext(row.id)),
    code: keys.open(row.code_sealed, proofCodeContext(row.id)),
  }));
}

/** The code went out (or the provider refused it for good): it is not sent again. */
async function proofSent(db: Executor, id: string, sent: boolean): Promise<void> {
  await sql`update contact_proofs set send_due = false, claimed_until = null,
      sent_at = ${sent ? sql`now()` : sql`null`}
    where id = ${id}`.execute(db);
}

async function retryProof(db: Executor, id: string, afterMs: number): Promise<void> {
  await sql`update contact_proofs set claimed_until = now() + ${`${Math.round(afterMs)} milliseconds`}::interval
    where id = ${id}`.execute(db);
}

export interface HeldContactProof {
  id: string;
  breachId: string;
  channel: "email" | "sms";
  codeHmac: string;
  wrongTries: number;
  expired: boolean;
  used: boolean;
}

/** The proof, only for the agent and session that asked for it within their organisation. */
async function proofFor(
  db: Executor,
  who: { id: string; organisationId: string; agent: string; sessionHash: string },
): Promise<HeldContactProof | undefined> {
  const result = await sql<{
    id: string;
    breach_id: string;
    channel: "email" | "sms";
    code_hmac: string;
    wrong_tries: number;
    expired: boolean;
    used: boolean;
  }>`select id, breach_id, channel, code_hmac, wrong_tries, expires_at <= now() as expired,
      used_at is not null as used
    from contact_proofs
    where id = ${who.id} and organisation_id = ${who.organisationId} and agent = ${who.agent}
      and session_hash = ${who.sessionHash}`.execute(db);
  const row = result.rows[0];
  return row
    ? {
        id: row.id,
        breachId: row.breach_id,
        channel: row.channel,
        codeHmac: row.code_hmac,
        wrongTries: Number(row.wrong_tries),
        expired: Boolean(row.expired),
        used: Boolean(row.used),
      }
    : undefined;
}

/** Counts a wrong try, only while tries are left (a race cannot add tries past the limit); the new count. */
async function wrongTry(db: Executor, id: string, maxTries: number): Promise<number> {
  const result = await sql<{ wrong_tries: number }>`update contact_proofs set wrong_tries = wrong_tries + 1
    where id = ${id} and wrong_tries < ${maxTries} and used_at is null
    returning wrong_tries`.execute(db);
  return Number(result.rows[0]?.wrong_tries ?? maxTries);
}

/**
 * Uses the proof once: returns its address (opened in memory for the look-up) and forgets it. Undefined when
 * it was used, ran out of tries or expired meanwhile.
 */
async function useProof(
  db: Executor,
  keys: Keyring,
  id: string,
  maxTries: number,
): Promise<string | undefined> {
  // The CTE reads the row as it was before the update, so the sealed address comes back as it is forgotten.
  const result = await sql<{ address_sealed: string | null }>`with before as (
      select id, address_sealed from contact_proofs where id = ${id} for update)
    update contact_proofs p
      set used_at = now(), address_sealed = null, code_sealed = null, send_due = false
    from before
    where p.id = before.id and p.used_at is null and p.wrong_tries < ${maxTries} and p.expires_at > now()
    returning before.address_sealed`.execute(db);
  const sealed = result.rows[0]?.address_sealed;
  return sealed ? keys.open(sealed, proofAddressContext(id)) : undefined;
}

/** Opens a caller-view handle (only its hash is stored). */
async function openLookup(
  db: Executor,
  input: {
    handleHash: string;
    organisationId: string;
    agent: string;
    sessionHash: string;
    victimId: number;
    method: string;
    expiresAt: Date;
  },
): Promise<void> {
  await sql`insert into contact_lookups
      (handle_hash, organisation_id, agent, session_hash, victim_id, method, expires_at)
    values (${input.handleHash}, ${input.organisationId}, ${input.agent}, ${input.sessionHash},
      ${input.victimId}, ${input.method}, ${input.expiresAt})`.execute(db);
}

/**
 * The victim a live handle points at, for the same organisation, agent and session only; a use keeps the handle
 * alive for `extendMs` more. Undefined otherwise (expired, another agent's, another session's).
 */
async function findLookup(
  db: Executor,
  input: { handleHash: string; organisationId: string; agent: string; sessionHash: string; extendMs: number },
): Promise<{ victimId: number; method: string } | undefined> {
  const result = await sql<{ victim_id: string | number; method: string }>`update contact_lookups
      set expires_at = now() + ${`${Math.round(input.extendMs)} milliseconds`}::interval
    where handle_hash = ${input.handleHash} and organisation_id = ${input.organisationId}
      and agent = ${input.agent} and session_hash = ${input.sessionHash} and expires_at > now()
    returning victim_id, method`.execute(db);
  const row = result.rows[0];
  return row ? { victimId: Number(row.victim_id), method: row.method } : undefined;
}

/** Drops ended handles, and proofs older than `proofMaxAgeMs` (sealed address and all). */
async function sweep(db: Executor, proofMaxAgeMs: number): Promise<void> {
  await sql`delete from contact_lookups where expires_at <= now()`.execute(db);
  await sql`delete from contact_proofs
    where created_at < now() - ${`${Math.round(proofMaxAgeMs)} milliseconds`}::interval`.execute(db);
}

export interface VictimDelivery {
  campaignKind: string;
  campaignStatus: string;
  channel: string | null;
  status: string;
  history: unknown[];
  sentAt: Date | null;
  deliveredAt: Date | null;
  updatedAt: Date;
}

const date = (value: unknown): Date | null => (value ? new Date(value as string) : null);

/** The victim's deliveries, newest first, through campaigns of the organisation's breaches only. */
async function deliveriesOf(
  db: Executor,
  organisationId: string,
  victimId: number,
): Promise<VictimDelivery[]> {
  const result = await sql<{
    kind: string;
    campaign_status: string;
    channel: string | null;
    status: string;
    history: unknown;
    sent_at: unknown;
    delivered_at: unknown;
    updated_at: unknown;
  }>`select c.kind, c.status as campaign_status, d.channel, d.status, d.history, d.sent_at,
      d.delivered_at, d.updated_at
    from deliveries d
    join campaigns c on c.id = d.campaign_id
    join breaches b on b.id = c.breach_id
    where d.victim_id = ${victimId} and b.organisation_id = ${organisationId}
    order by d.id desc
    limit 20`.execute(db);
  return result.rows.map((row) => ({
    campaignKind: row.kind,
    campaignStatus: row.campaign_status,
    channel: row.channel,
    status: row.status,
    history: Array.isArray(row.history)
      ? row.history
      : typeof row.history === "string"
        ? (JSON.parse(row.history) as unknown[])
        : [],
    sentAt: date(row.sent_at),
    deliveredAt: date(row.delivered_at),
    updatedAt: date(row.updated_at) ?? new Date(0),
  }));
}

export type RequeueOutcome =
  | { ok: true; deliveryId: number; campaignId: string; reopened: boolean }
  | { ok: false; reason: "no-notice" | "in-progress" };

/**
 * Puts the victim's first notice back in the queue on one channel: the newest first-notice delivery of the
 * organisation's breach whose campaign has started and was not cancelled. Its identifiers are cleared so the
 * worker prepares them anew; a done campaign runs again until the message is out (like a late fallback).
 */
async function requeueNotice(
  db: Executor,
  input: { organisationId: string; victimId: number; channel: string },
): Promise<RequeueOutcome> {
  return transaction(db, async (tx) => {
    const found = await sql<{ id: string | number; campaign_id: string; status: string }>`
      select d.id, d.campaign_id, d.status from deliveries d
      join campaigns c on c.id = d.campaign_id
      join breaches b on b.id = c.breach_id
      where d.victim_id = ${input.victimId} and b.organisation_id = ${input.organisationId}
        and c.kind = 'first-notice' and c.status in ('running', 'paused', 'done')
      order by d.id desc
      limit 1
      for update of d`.execute(tx);
    const row = found.rows[0];
    if (!row) return { ok: false, reason: "no-notice" };
    if (row.status === "queued" || row.status === "sending") return { ok: false, reason: "in-progress" };
    await sql`update deliveries set status = 'queued', channels = ${sql.val(`{${input.channel}}`)}::text[],
        channel_index = 0, channel = ${input.channel}, attempts = 0, not_before = now(), job_id = null,
        message_id = null, reference = null, provider_id = null, recipient_hash = null, last_error = null,
        delivered_at = null, claimed_at = null, claimed_by = null, updated_at = now()
      where id = ${row.id}`.execute(tx);
    const reopened = await sql`update campaigns set status = 'running', updated_at = now()
      where id = ${row.campaign_id} and status = 'done'`.execute(tx);
    return {
      ok: true,
      deliveryId: Number(row.id),
      campaignId: row.campaign_id,
      reopened: Number(reopened.numAffectedRows ?? 0) > 0,
    };
  });
}

/**
 * After a key rotation: every open proof sealed under an older key gets its address and code sealed again and
 * their hashes made again under the current key, so it still verifies once the old secret is gone. A used
 * proof has nothing sealed left and is never checked again. Returns how many proofs were re-keyed.
 */
async function reseal(db: Executor, keys: Keyring): Promise<number> {
  const { rows } = await sql<{
    id: string;
    channel: "email" | "sms";
    address_sealed: string;
    code_sealed: string;
  }>`select id, channel, address_sealed, code_sealed from contact_proofs
    where used_at is null and address_sealed is not null and code_sealed is not null
      and (split_part(address_sealed, '.', 2) <> ${keys.keyId}
        or split_part(code_sealed, '.', 2) <> ${keys.keyId})`.execute(db);
  for (const row of rows) {
    const address = keys.open(row.address_sealed, proofAddressContext(row.id));
    const code = keys.open(row.code_sealed, proofCodeContext(row.id));
    await sql`update contact_proofs set
        address_sealed = ${keys.seal(address, proofAddressContext(row.id))},
        address_hash = ${keys.lookupHash(row.channel === "email" ? "email" : "phone", address)},
        code_sealed = ${keys.seal(code, proofCodeContext(row.id))},
        code_hmac = ${proofCodeHash(keys, row.id, code)}
      where id = ${row.id} and used_at is null`.execute(db);
  }
  return rows.length;
}

export const contactCentre = {
  codeHash: proofCodeHash,
  codeHashes: proofCodeHashes,
  reseal,
  createProof,
  claimProofs,
  proofSent,
  retryProof,
  proofFor,
  wrongTry,
  useProof,
  openLookup,
  findLookup,
  sweep,
  deliveriesOf,
  requeueNotice,
};
