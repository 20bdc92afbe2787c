/**
 * "Am I affected?": the questions waiting for their answer. The web request stores one job row per accepted
 * question — the keyed hash of the address and the address itself sealed under the keyring (bound to the
 * breach and that hash), never in the clear — and a worker answers it later by e-mail or text, then deletes
 * the row. Nothing here records whether the person was affected.
 *
 * Per-day counters (per address hash, and each breach's daily SMS budget) hold across every web process; they
 * are keyed by the already keyed hash, and rows of earlier days are removed by the worker's sweep.
 */
import { sql } from "kysely";
import type { Language } from "../core/index.ts";
import type { Breach } from "./breaches.ts";
import type { Keyring } from "./crypto.ts";
import { type Executor, transaction } from "./engine.ts";

export type AffectedCheckChannel = "email" | "sms";

export interface NewAffectedCheck {
  breachId: string;
  channel: AffectedCheckChannel;
  /** The normalised address (`emailLookupKey` / `phoneLookupKey`): sealed here, never stored in the clear. */
  address: string;
  language: Language;
  /** Questions per address (per keyed hash) per day before nothing more is sent. */
  perAddressPerDay: number;
  /** Texts this breach may send per day (SMS only). */
  smsPerDay: number;
}

/**
 * `queued`: an answer will be sent. `address-limit`: this address asked too often today, nothing is sent.
 * `sms-budget`: the breach's texts for today are spent (the same for everyone), nothing is sent.
 */
export type EnqueueOutcome = "queued" | "address-limit" | "sms-budget";

const SMS_BUCKET = "sms";

function context(breachId: string, lookupHash: string): string {
  return `affected-check\u0000${breachId}\u0000${lookupHash}`;
}

/** The keyed hash an address is counted and sealed under (the same kinds as the victims' look-ups). */
function hashOf(keys: Keyring, channel: AffectedCheckChannel, address: string): string {
  return keys.lookupHash(channel === "email" ? "email" : "phone", address);
}

/** One increment of today's counter; returns the count after it. */
async function bump(db: Executor, breachId: string, bucket: string): Promise<number> {
  const { rows } = await sql<{ count: number }>`
    insert into affected_check_counts (breach_id, bucket, day, count)
    values (${breachId}, ${bucket}, current_date, 1)
    on conflict (breach_id, bucket, day) do update set count = affected_check_counts.count + 1
    returning count`.execute(db);
  return Number(rows[0]?.count ?? 0);
}

async function countToday(db: Executor, breachId: string, bucket: string): Promise<number> {
  const { rows } = await sql<{ count: number }>`
    select count from affected_check_counts
    where breach_id = ${breachId} and bucket = ${bucket} and day = current_date`.execute(db);
  return Number(rows[0]?.count ?? 0);
}

/**
 * Counts the question and, within the limits, stores its job, in one transaction. The work does not depend on
 * whether the address is in the breach's file: that is looked up only by the worker.
 */
async function enqueue(db: Executor, keys: Keyring, input: NewAffectedCheck): Promise<EnqueueOutcome> {
  const lookupHash = hashOf(keys, input.channel, input.address);
  const sealed = keys.seal(input.address, context(input.breachId, lookupHash));
  return transaction(db, async (tx) => {
    if (input.channel === "sms" && (await countToday(tx, input.breachId, SMS_BUCKET)) >= input.smsPerDay)
      return "sms-budget";
    if ((await bump(tx, input.breachId, `address:${lookupHash}`)) > input.perAddressPerDay)
      return "address-limit";
    if (input.channel === "sms" && (await bump(tx, input.breachId, SMS_BUCKET)) > input.smsPerDay)
      return "sms-budget";
    await sql`insert into affected_checks (breach_id, channel, lookup_hash, sealed, language)
      values (${input.breachId}, ${input.channel}, ${lookupHash}, ${sealed}, ${input.language})`.execute(tx);
    return "queued";
  });
}

/** Whether the breach's texts for today are spent: the page then asks everyone for an e-mail address. */
async function smsBudgetSpent(db: Executor, breachId: string, smsPerDay: number): Promise<boolean> {
  return (await countToday(db, breachId, SMS_BUCKET)) >= smsPerDay;
}

export interface ClaimedAffectedCheck {
  id: number;
  breachId: string;
  channel: AffectedCheckChannel;
  /** The address, opened: only in the worker's memory. */
  address: string;
  language: Language;
  createdAt: Date;
}

/**
 * Claims up to `limit` questions for `leaseMs` (rows another worker holds are skipped); a worker that dies
 * leaves its rows to be claimed again when the lease runs out.
 */
async function claim(
  db: Executor,
  keys: Keyring,
  options: { limit: number; leaseMs: number },
): Promise<ClaimedAffectedCheck[]> {
  const { rows } = await sql<{
    id: string | number;
    breach_id: string;
    channel: AffectedCheckChannel;
    lookup_hash: string;
    sealed: string;
    language: Language;
    created_at: Date;
  }>`
    update affected_checks set claimed_until = now() + ${sql.lit(Math.max(1, Math.round(options.leaseMs)))} * interval '1 millisecond'
    where id in (
      select id from affected_checks
      where claimed_until is null or claimed_until < now()
      order by id limit ${options.limit}
      for update skip locked)
    returning id, breach_id, channel, lookup_hash, sealed, language, created_at`.execute(db);
  return rows
    .map((row) => ({
      id: Number(row.id),
      breachId: row.breach_id,
      channel: row.channel,
      address: keys.open(row.sealed, context(row.breach_id, row.lookup_hash)),
      language: row.language,
      createdAt: new Date(row.created_at),
    }))
    .sort((a, b) => a.id - b.id);
}

/** The question is answered (or given up): its row, and with it the sealed address, is gone. */
async function finish(db: Executor, id: number): Promise<void> {
  await sql`delete from affected_checks where id = ${id}`.execute(db);
}

/** Lets a claimed question be tried again after `delayMs` (the provider asked us to wait). */
async function retryLater(db: Executor, id: number, delayMs: number): Promise<void> {
  await sql`update affected_checks
    set claimed_until = now() + ${sql.lit(Math.max(1, Math.round(delayMs)))} * interval '1 millisecond'
    where id = ${id}`.execute(db);
}

/**
 * Removes questions at least `maxAgeMs` old that could not be answered (a provider that kept failing), and the
 * counters of earlier days. Returns how many questions were dropped. At 0 it drops every question stored before
 * the call: "at least", because a question stored in the same millisecond (the embedded engine's clock) is as
 * old as the sweep.
 */
async function sweep(db: Executor, maxAgeMs: number): Promise<number> {
  const dropped = await sql`delete from affected_checks
    where created_at <= now() - ${sql.lit(Math.max(0, Math.round(maxAgeMs)))} * interval '1 millisecond'`.execute(
    db,
  );
  await sql`delete from affected_check_counts where day < current_date`.execute(db);
  return Number(dropped.numAffectedRows ?? 0);
}

/**
 * Remembers a sent answer's verification code (its keyed digest), the breach and the channel, so "is this
 * message genuine?" recognises the answer. Both kinds of answer carry one, so the row says nothing about the
 * person; it goes with the breach.
 */
async function recordAnswer(
  db: Executor,
  answer: { verificationDigest: string; breachId: string; channel: AffectedCheckChannel },
): Promise<void> {
  await sql`insert into affected_answers (verification_digest, breach_id, channel)
    values (${answer.verificationDigest}, ${answer.breachId}, ${answer.channel})
    on conflict (verification_digest) do nothing`.execute(db);
}

/** How many questions wait (for tests and metrics); reveals nothing about anyone. */
async function pending(db: Executor): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from affected_checks`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

/**
 * The published breach a public address names: `/datalek/<slug>`. Slugs are unique per organisation only, so
 * a slug two organisations use names no page (neither may take over the other's address); a draft has none.
 */
async function publicBreachBySlug(
  db: Executor,
  slug: string,
): Promise<
  (Pick<Breach, "id" | "organisationId" | "slug" | "title"> & { organisationName: string }) | undefined
> {
  const { rows } = await sql<{
    id: string;
    organisation_id: string;
    slug: string;
    title: string;
    organisation_name: string;
  }>`
    select b.id, b.organisation_id, b.page_slug as slug, b.title, o.name as organisation_name
    from breaches b join organisations o on o.id = b.organisation_id
    where b.page_slug = ${slug} and b.page_published_at is not null
    limit 2`.execute(db);
  const row = rows[0];
  if (!row || rows.length > 1) return undefined;
  return {
    id: row.id,
    organisationId: row.organisation_id,
    slug: row.slug,
    title: row.title,
    organisationName: row.organisation_name,
  };
}

export const affectedChecks = {
  enqueue,
  smsBudgetSpent,
  claim,
  finish,
  retryLater,
  sweep,
  pending,
  publicBreachBySlug,
  recordAnswer,
};
