/**
 * Update e-mails: the subscriptions victims make on "Mijn plan" (double opt-in) and the mailings a published
 * update fans out to. One subscription per victim, bound to that victim: the address and its one-click
 * unsubscribe token sealed together (context: the victim id), a keyed hash of the address for limits and
 * look-ups, the SHA-256 of the unsubscribe token (the token itself only travels in the e-mails' headers), and
 * while it waits for confirmation the keyed hash of the code that was e-mailed, its expiry and the wrong tries.
 *
 * Fan-out: publishing an update stores one `update_fanouts` row; a worker expands it in batches (keyset on the
 * subscription id) into `update_mailings`, unique per update and subscription, so a subscriber gets an update
 * once however many workers run or crash. Mailings are claimed with FOR UPDATE SKIP LOCKED and a lease.
 */
import { createHash, randomBytes } from "node:crypto";
import { sql } from "kysely";
import type { Language } from "../core/index.ts";
import type { Keyring } from "./crypto.ts";
import { type Executor, transaction } from "./engine.ts";

const context = (victimId: number) => `update-subscription:${victimId}`;
const ms = (value: number) => sql.lit(Math.max(1, Math.round(value)));

/** SHA-256 of an unsubscribe token: the token has 256 random bits, so a plain hash is enough. */
export const unsubscribeTokenHash = (token: string) => createHash("sha256").update(token).digest("hex");

/** The keyed hash of a confirmation code, bound to its subscription row (a code opens only its own row). */
const codeInput = (id: number, code: string) => `${id}\u0000${code}`;

interface Envelope {
  email: string;
  token: string;
}

function openEnvelope(keys: Keyring, sealed: string, victimId: number): Envelope {
  return JSON.parse(keys.open(sealed, context(victimId))) as Envelope;
}

export interface SubscriptionLimits {
  /** Addresses (confirmation e-mails) one victim may ask for per day. */
  perVictimPerDay: number;
  /** Confirmation e-mails one address may get per day, whoever asks (an attacker with a session). */
  perAddressPerDay: number;
}

export type SubscribeOutcome = "queued" | "subscribed" | "victim-limit" | "address-limit" | "no-victim";

/** One increment of today's counter; the count after it. */
async function bump(db: Executor, bucket: string): Promise<number> {
  const { rows } = await sql<{ count: number }>`
    insert into update_subscription_counts (bucket, day, count) values (${bucket}, current_date, 1)
    on conflict (bucket, day) do update set count = update_subscription_counts.count + 1
    returning count`.execute(db);
  return Number(rows[0]?.count ?? 0);
}

/**
 * Stores (or replaces) the victim's pending subscription for `email` (normalised, lower case) and marks its
 * confirmation e-mail due. A confirmed subscription is left as it is (`subscribed`): the victim unsubscribes
 * first to change the address. Within the per-victim and per-address daily limits only.
 */
async function request(
  db: Executor,
  keys: Keyring,
  input: { victimId: number; email: string; language: Language; limits: SubscriptionLimits },
): Promise<SubscribeOutcome> {
  const token = randomBytes(32).toString("base64url");
  const sealed = keys.seal(JSON.stringify({ email: input.email, token }), context(input.victimId));
  const emailHash = keys.lookupHash("subscription-email", input.email);
  return transaction(db, async (tx) => {
    const { rows } = await sql<{ confirmed: boolean }>`
      select confirmed_at is not null as confirmed from update_subscriptions where victim_id = ${input.victimId}
      for update`.execute(tx);
    if (rows[0]?.confirmed) return "subscribed";
    if ((await bump(tx, `victim:${input.victimId}`)) > input.limits.perVictimPerDay) return "victim-limit";
    if ((await bump(tx, `address:${emailHash}`)) > input.limits.perAddressPerDay) return "address-limit";
    const result = await sql`
      insert into update_subscriptions (victim_id, breach_id, language, email_hash, unsubscribe_hash, key_id, sealed)
      select v.id, v.breach_id, ${input.language}, ${emailHash}, ${unsubscribeTokenHash(token)}, ${keys.keyId}, ${sealed}
      from victims v where v.id = ${input.victimId} and v.contact_purged_at is null
      on conflict (victim_id) do update set language = excluded.language, email_hash = excluded.email_hash,
        unsubscribe_hash = excluded.unsubscribe_hash, key_id = excluded.key_id, sealed = excluded.sealed,
        code_hash = null, code_expires_at = null, wrong_codes = 0, confirm_due = true, claimed_until = null,
        created_at = now()
      where update_subscriptions.confirmed_at is null`.execute(tx);
    return Number(result.numAffectedRows ?? 0) === 1 ? "queued" : "no-victim";
  });
}

export type SubscriptionState =
  | { status: "none" }
  | { status: "pending" | "confirmed"; email: string; codeSent: boolean };

/** The victim's own subscription, address opened (the page masks it). */
async function stateOf(db: Executor, keys: Keyring, victimId: number): Promise<SubscriptionState> {
  const { rows } = await sql<{ sealed: string; confirmed: boolean; code_sent: boolean }>`
    select sealed, confirmed_at is not null as confirmed, code_hash is not null as code_sent
    from update_subscriptions where victim_id = ${victimId}`.execute(db);
  const row = rows[0];
  if (!row) return { status: "none" };
  return {
    status: row.confirmed ? "confirmed" : "pending",
    email: openEnvelope(keys, row.sealed, victimId).email,
    codeSent: row.code_sent,
  };
}

export type ConfirmOutcome = "confirmed" | "wrong" | "expired" | "too-many" | "none";

/**
 * Checks a typed code (canonical form) against the victim's pending subscription. A wrong code counts; after
 * `maxWrong` wrong codes, or once expired, the subscription waits for a new request.
 */
async function confirm(
  db: Executor,
  keys: Keyring,
  input: { victimId: number; code: string; maxWrong: number; now: Date },
): Promise<ConfirmOutcome> {
  return transaction(db, async (tx) => {
    const { rows } = await sql<{
      id: string | number;
      code_hash: string | null;
      code_expires_at: Date | null;
      wrong_codes: number;
      confirmed: boolean;
    }>`
      select id, code_hash, code_expires_at, wrong_codes, confirmed_at is not null as confirmed
      from update_subscriptions where victim_id = ${input.victimId} for update`.execute(tx);
    const row = rows[0];
    if (row?.confirmed) return "confirmed";
    if (!row?.code_hash) return "none";
    if (row.wrong_codes >= input.maxWrong) return "too-many";
    if (!row.code_expires_at || new Date(row.code_expires_at) <= input.now) return "expired";
    const id = Number(row.id);
    if (!keys.lookupHashes("subscription-code", codeInput(id, input.code)).includes(row.code_hash)) {
      await sql`update update_subscriptions set wrong_codes = wrong_codes + 1 where id = ${id}`.execute(tx);
      return row.wrong_codes + 1 >= input.maxWrong ? "too-many" : "wrong";
    }
    await sql`update update_subscriptions set confirmed_at = ${input.now}::timestamptz, code_hash = null,
      code_expires_at = null, confirm_due = false, claimed_until = null where id = ${id}`.execute(tx);
    return "confirmed";
  });
}

/** Ends the victim's subscription (pending or confirmed) at once, address and all; whether there was one. */
async function cancel(db: Executor, victimId: number): Promise<boolean> {
  const result = await sql`delete from update_subscriptions where victim_id = ${victimId}`.execute(db);
  return Number(result.numAffectedRows ?? 0) > 0;
}

/**
 * One-click unsubscribe: the subscription whose token this is, and every other one of the same address for
 * the same breach (the address asked to stop), are deleted. The victim ids and breach, for the audit log.
 */
async function unsubscribeByToken(
  db: Executor,
  token: string,
): Promise<{ breachId: string; victimIds: number[] } | undefined> {
  const { rows } = await sql<{ victim_id: string | number; breach_id: string }>`
    delete from update_subscriptions s using update_subscriptions t
    where t.unsubscribe_hash = ${unsubscribeTokenHash(token)}
      and s.breach_id = t.breach_id and s.email_hash = t.email_hash
    returning s.victim_id, s.breach_id`.execute(db);
  const first = rows[0];
  return first ? { breachId: first.breach_id, victimIds: rows.map((r) => Number(r.victim_id)) } : undefined;
}

export interface DueConfirmation {
  id: number;
  victimId: number;
  breachId: string;
  language: Language;
  email: string;
  /** The sealed value as claimed: a newer request replaces it, and the worker then leaves the row alone. */
  sealed: string;
}

/** Claims subscriptions whose confirmation e-mail is due, for `leaseMs` (rows another worker holds are skipped). */
async function claimConfirmations(
  db: Executor,
  keys: Keyring,
  options: { limit: number; leaseMs: number },
): Promise<DueConfirmation[]> {
  const { rows } = await sql<{
    id: string | number;
    victim_id: string | number;
    breach_id: string;
    language: Language;
    sealed: string;
  }>`
    update update_subscriptions set claimed_until = now() + ${ms(options.leaseMs)} * interval '1 millisecond'
    where id in (
      select id from update_subscriptions
      where confirm_due and (claimed_until is null or claimed_until < now())
      order by id limit ${options.limit}
      for update skip locked)
    returning id, victim_id, breach_id, language, sealed`.execute(db);
  return rows.map((row) => ({
    id: Number(row.id),
    victimId: Number(row.victim_id),
    breachId: row.breach_id,
    language: row.language,
    email: openEnvelope(keys, row.sealed, Number(row.victim_id)).email,
    sealed: row.sealed,
  }));
}

/**
 * Stores the keyed hash of the code about to be e-mailed (before sending, so the code works the moment it
 * arrives); false when the request was replaced or withdrawn meanwhile (then nothing is sent).
 */
async function setCode(
  db: Executor,
  keys: Keyring,
  due: DueConfirmation,
  code: string,
  expiresAt: Date,
): Promise<boolean> {
  const result = await sql`update update_subscriptions
    set code_hash = ${keys.lookupHash("subscription-code", codeInput(due.id, code))},
      code_expires_at = ${expiresAt}::timestamptz, wrong_codes = 0
    where id = ${due.id} and sealed = ${due.sealed} and confirmed_at is null`.execute(db);
  return Number(result.numAffectedRows ?? 0) === 1;
}

/** The confirmation e-mail went out (or was refused for good): nothing more is due. */
async function confirmationDone(db: Executor, id: number, sealed: string): Promise<void> {
  await sql`update update_subscriptions set confirm_due = false, claimed_until = null
    where id = ${id} and sealed = ${sealed}`.execute(db);
}

/** Tries the confirmation e-mail again after `delayMs` (the provider asked to wait). */
async function retryConfirmation(db: Executor, id: number, delayMs: number): Promise<void> {
  await sql`update update_subscriptions set claimed_until = now() + ${ms(delayMs)} * interval '1 millisecond'
    where id = ${id}`.execute(db);
}

/**
 * A published update is to be mailed to the breach's confirmed subscribers: one fan-out row (once per update)
 * and its counters. Joins the caller's transaction, so publishing and queueing commit together.
 */
async function enqueueUpdate(db: Executor, updateId: string): Promise<void> {
  await sql`insert into update_fanouts (update_id, breach_id, published_at)
    select id, breach_id, published_at from updates where id = ${updateId} and published_at is not null
    on conflict (update_id) do nothing`.execute(db);
  await sql`insert into update_mail_counts (update_id) values (${updateId})
    on conflict (update_id) do nothing`.execute(db);
}

/**
 * Expands one open fan-out by up to `batch` subscribers (those confirmed by the time the update was published),
 * in one transaction holding the fan-out row; another worker takes another fan-out or waits its turn. Returns
 * the mailings added, or undefined when no fan-out is open.
 */
async function expandFanout(db: Executor, batch: number): Promise<number | undefined> {
  return transaction(db, async (tx) => {
    const { rows } = await sql<{
      update_id: string;
      breach_id: string;
      published_at: Date;
      after_id: string;
    }>`
      select update_id, breach_id, published_at, after_id from update_fanouts
      where done_at is null order by published_at, update_id limit 1 for update skip locked`.execute(tx);
    const fanout = rows[0];
    if (!fanout) return undefined;
    const picked = await sql<{ id: string | number }>`
      select id from update_subscriptions
      where breach_id = ${fanout.breach_id} and confirmed_at is not null
        and confirmed_at <= ${fanout.published_at}::timestamptz and id > ${fanout.after_id}
      order by id limit ${batch}`.execute(tx);
    const ids = picked.rows.map((r) => String(r.id));
    if (ids.length === 0) {
      await sql`update update_fanouts set done_at = now() where update_id = ${fanout.update_id}`.execute(tx);
      return 0;
    }
    const inserted = await sql`insert into update_mailings (update_id, subscription_id)
      select ${fanout.update_id}, unnest(${sql.val(ids)}::bigint[])
      on conflict (update_id, subscription_id) do nothing`.execute(tx);
    const added = Number(inserted.numAffectedRows ?? 0);
    await sql`update update_fanouts set after_id = ${ids[ids.length - 1]} where update_id = ${fanout.update_id}`.execute(
      tx,
    );
    await sql`update update_mail_counts set recipients = recipients + ${added}
      where update_id = ${fanout.update_id}`.execute(tx);
    return added;
  });
}

export interface ClaimedMailing {
  id: number;
  updateId: string;
  breachId: string;
  victimId: number;
  language: Language;
  email: string;
  /** The subscription's one-click unsubscribe token, for the List-Unsubscribe header. */
  unsubscribeToken: string;
  /** Tries so far, this one included. */
  attempts: number;
}

/** Claims queued mailings for `leaseMs`; a worker that dies leaves them to be claimed again after the lease. */
async function claimMailings(
  db: Executor,
  keys: Keyring,
  options: { limit: number; leaseMs: number },
): Promise<ClaimedMailing[]> {
  const { rows } = await sql<{
    id: string | number;
    update_id: string;
    attempts: number;
    victim_id: string | number;
    breach_id: string;
    language: Language;
    sealed: string;
  }>`
    with claimed as (
      update update_mailings set claimed_until = now() + ${ms(options.leaseMs)} * interval '1 millisecond',
        attempts = attempts + 1
      where id in (
        select id from update_mailings
        where status = 'queued' and (claimed_until is null or claimed_until < now())
        order by id limit ${options.limit}
        for update skip locked)
      returning id, update_id, subscription_id, attempts)
    select c.id, c.update_id, c.attempts, s.victim_id, s.breach_id, s.language, s.sealed
    from claimed c join update_subscriptions s on s.id = c.subscription_id
    order by c.id`.execute(db);
  return rows.map((row) => {
    const envelope = openEnvelope(keys, row.sealed, Number(row.victim_id));
    return {
      id: Number(row.id),
      updateId: row.update_id,
      breachId: row.breach_id,
      victimId: Number(row.victim_id),
      language: row.language,
      email: envelope.email,
      unsubscribeToken: envelope.token,
      attempts: row.attempts,
    };
  });
}

/**
 * Records a round's outcomes in one transaction: each mailing moves from queued to sent or failed once (a
 * mailing another worker finished first is not counted twice), and the update's counters grow by what moved.
 */
async function finishMailings(
  db: Executor,
  outcomes: { id: number; status: "sent" | "failed" }[],
): Promise<void> {
  if (outcomes.length === 0) return;
  await transaction(db, async (tx) => {
    for (const status of ["sent", "failed"] as const) {
      const ids = outcomes.filter((o) => o.status === status).map((o) => String(o.id));
      if (ids.length === 0) continue;
      const { rows } = await sql<{ update_id: string; n: number }>`
        with moved as (
          update update_mailings set status = ${status}, claimed_until = null,
            sent_at = ${status === "sent" ? sql`now()` : sql`null`}
          where id = any(${sql.val(ids)}::bigint[]) and status = 'queued'
          returning update_id)
        select update_id, count(*)::int as n from moved group by update_id`.execute(tx);
      for (const row of rows)
        await sql`update update_mail_counts set ${sql.ref(status)} = ${sql.ref(status)} + ${row.n}
          where update_id = ${row.update_id}`.execute(tx);
    }
  });
}

/**
 * Stores each claimed mailing's verification digest before it is sent (the code is derived from the mailing,
 * so a retry carries the same one); "Is dit bericht echt?" knows it once the mailing is sent.
 */
async function setMailingDigests(db: Executor, digests: { id: number; digest: string }[]): Promise<void> {
  if (digests.length === 0) return;
  await sql`update update_mailings m set verification_digest = d.digest
    from (select unnest(${sql.val(digests.map((d) => String(d.id)))}::bigint[]) as id,
                 unnest(${sql.val(digests.map((d) => d.digest))}::text[]) as digest) d
    where m.id = d.id`.execute(db);
}

/** Gives a mailing back to be tried again after `delayMs`. */
async function retryMailing(db: Executor, id: number, delayMs: number): Promise<void> {
  await sql`update update_mailings set claimed_until = now() + ${ms(delayMs)} * interval '1 millisecond'
    where id = ${id} and status = 'queued'`.execute(db);
}

export interface MailCounts {
  recipients: number;
  sent: number;
  failed: number;
}

/** The mail counters of the given updates (zeros for an update never mailed). */
async function countsOf(db: Executor, updateIds: readonly string[]): Promise<Map<string, MailCounts>> {
  const counts = new Map<string, MailCounts>();
  if (updateIds.length === 0) return counts;
  const { rows } = await sql<{ update_id: string; recipients: number; sent: number; failed: number }>`
    select update_id, recipients, sent, failed from update_mail_counts
    where update_id = any(${sql.val([...updateIds])}::uuid[])`.execute(db);
  for (const row of rows)
    counts.set(row.update_id, {
      recipients: Number(row.recipients),
      sent: Number(row.sent),
      failed: Number(row.failed),
    });
  return counts;
}

/**
 * Deletes what can no longer be used: pending subscriptions older than `pendingMaxAgeMs` (never confirmed:
 * their address goes), and the counters of earlier days. Returns the subscriptions deleted.
 */
async function sweep(db: Executor, pendingMaxAgeMs: number): Promise<number> {
  const result = await sql`delete from update_subscriptions where confirmed_at is null
    and created_at < now() - ${ms(pendingMaxAgeMs)} * interval '1 millisecond'`.execute(db);
  await sql`delete from update_subscription_counts where day < current_date`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/** Retention: every subscription of the breach ends, its address with it (and its queued mailings). */
async function purgeBreach(db: Executor, breachId: string): Promise<number> {
  const result = await sql`delete from update_subscriptions where breach_id = ${breachId}`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/** After a key rotation: seals every subscription again and re-keys its address hash under the current key. */
async function reseal(db: Executor, keys: Keyring): Promise<number> {
  const { rows } = await sql<{ id: string | number; victim_id: string | number; sealed: string }>`
    select id, victim_id, sealed from update_subscriptions where key_id <> ${keys.keyId}`.execute(db);
  for (const row of rows) {
    const victimId = Number(row.victim_id);
    const envelope = openEnvelope(keys, row.sealed, victimId);
    await sql`update update_subscriptions set sealed = ${keys.seal(JSON.stringify(envelope), context(victimId))},
      key_id = ${keys.keyId}, email_hash = ${keys.lookupHash("subscription-email", envelope.email)}
      where id = ${row.id}`.execute(db);
  }
  return rows.length;
}

/** Victims of the breach with a confirmed subscription (for tests and the campaign selection's count). */
async function confirmedCount(db: Executor, breachId: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from update_subscriptions
    where breach_id = ${breachId} and confirmed_at is not null`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

export const updateSubscriptions = {
  request,
  stateOf,
  confirm,
  cancel,
  unsubscribeByToken,
  claimConfirmations,
  setCode,
  confirmationDone,
  retryConfirmation,
  sweep,
  purgeBreach,
  reseal,
  confirmedCount,
};

export const updateMailings = {
  enqueueUpdate,
  expandFanout,
  claimMailings,
  finishMailings,
  setMailingDigests,
  retryMailing,
  countsOf,
};
