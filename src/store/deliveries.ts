/**
 * Deliveries: one row per victim per campaign (the unique key is what makes "exactly one message per victim
 * per campaign" hold across any number of workers). Workers claim due rows with FOR UPDATE SKIP LOCKED and
 * record each outcome as it happens; rows a crashed worker left in `sending` go back to the queue after a lease.
 */
import { type RawBuilder, sql } from "kysely";
import { maskPersonalData } from "../core/index.ts";
import type { Keyring } from "./crypto.ts";
import { type Executor, PREPARED, preparedArray } from "./engine.ts";
import type { CampaignSelection, DeliveryStatus } from "./schema.ts";

export interface ClaimedDelivery {
  id: number;
  campaignId: string;
  victimId: number;
  channels: string[];
  channelIndex: number;
  attempts: number;
  history: unknown[];
  messageId: string | null;
  /** The delivery's keyed reference, once the message was prepared. */
  reference: string | null;
  /** The provider's id of an earlier attempt; for a letter, the print batch it was written into. */
  providerId: string | null;
}

export interface DeliveryPatch {
  status: DeliveryStatus;
  channels?: string[];
  channelIndex?: number;
  attempts?: number;
  notBefore?: Date;
  providerId?: string | null;
  messageId?: string | null;
  reference?: string | null;
  recipientHash?: string | null;
  verificationDigest?: string | null;
  lastError?: string | null;
  history?: unknown[];
  sentAt?: Date | null;
  deliveredAt?: Date | null;
}

export interface DeliveryRow extends ClaimedDelivery {
  status: DeliveryStatus;
  recipientHash: string | null;
  lastError: string | null;
  sentAt: Date | null;
}

/**
 * Adds a queued delivery for every victim the selection names who can still be reached: contact data not
 * purged, at least one usable channel. A flag is selected by its keyed tokens (the store never sees flags in
 * the clear). Returns the number of deliveries added; running it again adds none. Each row starts in its
 * campaign's pool (`job_id` = the campaign's id), from which `takeForEnqueue` hands out jobs without writing
 * the row again.
 */
async function populate(
  db: Executor,
  keys: Keyring,
  campaign: { id: string; breachId: string; selection: CampaignSelection },
): Promise<number> {
  const { selection } = campaign;
  const flagTokens =
    selection.flag === undefined ? undefined : keys.flagTokens(campaign.breachId, selection.flag);
  const result = await sql`
    insert into deliveries (campaign_id, victim_id, job_id)
    select ${campaign.id}, v.id, ${campaign.id}::uuid from victims v
    where v.breach_id = ${campaign.breachId}
      and v.reachable and v.contact_purged_at is null
      ${selection.segment !== undefined ? sql`and v.segment = ${selection.segment}` : sql``}
      ${flagTokens !== undefined ? sql`and v.flag_tokens && ${sql.val(flagTokens)}::text[]` : sql``}
      ${
        selection.notReached
          ? sql`and not exists (
              select 1 from deliveries d join campaigns c on c.id = d.campaign_id
              where c.breach_id = ${campaign.breachId} and d.victim_id = v.id
                and d.status in ('sent', 'delivered'))`
          : sql``
      }
      ${
        selection.subscribers
          ? sql`and exists (select 1 from update_subscriptions s
              where s.victim_id = v.id and s.confirmed_at is not null)`
          : sql``
      }
    on conflict (campaign_id, victim_id) do nothing`.execute(db);
  const added = Number(result.numAffectedRows ?? 0);
  // The planner's statistics would not know these rows until autovacuum's next round: a claim planned on
  // them took the campaign's whole queue for "a few rows" and read all of it to find its batch's ids.
  if (added >= ANALYZE_AFTER_ROWS) await sql`analyze deliveries`.execute(db);
  return added;
}

/** Rows added at once after which the table's statistics are brought up to date. */
const ANALYZE_AFTER_ROWS = 10_000;

/** A delivery row's columns as a claim or a peek reads them. */
interface ClaimableRow {
  id: string | number;
  victim_id: string | number;
  channels: string[];
  channel_index: number;
  attempts: number;
  history: unknown[];
  message_id: string | null;
  reference: string | null;
  provider_id: string | null;
}

function claimedOf(row: ClaimableRow, campaignId: string): ClaimedDelivery {
  return {
    id: Number(row.id),
    campaignId,
    victimId: Number(row.victim_id),
    channels: row.channels,
    channelIndex: row.channel_index,
    attempts: row.attempts,
    history: row.history,
    messageId: row.message_id,
    reference: row.reference,
    providerId: row.provider_id,
  };
}

/**
 * Claims due deliveries of a running campaign for `worker`: those among `ids` (a queue job's batch) or, without
 * ids, up to `limit` of any. Rows another worker holds are skipped, not waited for.
 */
async function claim(
  db: Executor,
  campaignId: string,
  worker: string,
  limit: number,
  ids?: readonly number[],
): Promise<ClaimedDelivery[]> {
  const result = await sql<ClaimableRow>`
    update deliveries set status = 'sending', claimed_at = now(), claimed_by = ${worker}, updated_at = now(),
      job_id = null
    where id in (
      select d.id from deliveries d
      where d.campaign_id = ${campaignId} and d.status = 'queued' and d.not_before <= now()
        ${ids !== undefined ? sql`and d.id = any(${sql.val(ids.map(String))}::bigint[])` : sql``}
        and exists (select 1 from campaigns c where c.id = d.campaign_id and c.status = 'running')
      order by d.id
      limit ${limit}
      for update skip locked)
    returning id, victim_id, channels, channel_index, attempts, history, message_id, reference, provider_id`.execute(
    db,
  );
  return result.rows.map((row) => claimedOf(row, campaignId));
}

/** A due row as it stands, read without claiming it; `version` tells whether it changed before the claim. */
export interface PeekedDelivery extends ClaimedDelivery {
  version: string;
}

/**
 * Due rows of a running campaign (those among `ids`, or up to `limit` of any), read but not claimed: the
 * sender composes their messages first and then claims them together with their identifiers in one write
 * (`claimPrepared`), rather than writing each row once to claim it and again to name its message.
 */
async function peek(
  db: Executor,
  campaignId: string,
  limit: number,
  ids?: readonly number[],
): Promise<PeekedDelivery[]> {
  const result = await sql<ClaimableRow & { version: string }>`
    select d.id, d.victim_id, d.channels, d.channel_index, d.attempts, d.history, d.message_id, d.reference,
      d.provider_id, d.xmin::text as version
    from deliveries d
    where d.campaign_id = ${campaignId} and d.status = 'queued' and d.not_before <= now()
      ${ids !== undefined ? sql`and d.id = any(${sql.val(ids.map(String))}::bigint[])` : sql``}
      and exists (select 1 from campaigns c where c.id = d.campaign_id and c.status = 'running')
    order by d.id
    limit ${limit}`.execute(db);
  return result.rows.map((row) => ({ ...claimedOf(row, campaignId), version: row.version }));
}

/** What a message will be known by, written with its claim before it is handed to a provider. */
export interface SendIdentifiers {
  /** Current channel, so the row says where it is being sent before the outcome is known. */
  channel: string;
  channels: readonly string[];
  messageId: string | null;
  reference: string;
  recipientHash: string | null;
  verificationDigest: string;
}

/** A peeked row to claim: with its message's identifiers, or without (it is about to be ended as unreachable). */
export interface ClaimItem {
  id: number;
  version: string;
  identifiers?: SendIdentifiers;
}

/**
 * Claims peeked rows for `worker` and stores each prepared row's identifiers and the keyed hash of its
 * recipient in the same write, before any message leaves: a bounce or report that overtakes the outcome then
 * finds its row, and a resend after a crash reuses the same identifiers. A row is claimed only if it is still
 * due, unchanged since it was peeked (its version) and not held by another worker (skipped, not waited for);
 * returns the ids claimed. A claimed row leaves its job: the holder answers for it from here, and its later
 * writes then add no entry to `deliveries_job` (every write of a row adds one to each index that covers it).
 */
async function claimPrepared(
  db: Executor,
  campaignId: string,
  worker: string,
  items: readonly ClaimItem[],
): Promise<Set<number>> {
  if (items.length === 0) return new Set();
  const rows = [...items].sort((a, b) => a.id - b.id);
  const column = <T>(pick: (item: ClaimItem) => T) => sql.val(rows.map(pick));
  const ids = column((i) => String(i.id));
  const result = await sql<{ id: string | number }>`
    update deliveries d set
      status = 'sending', claimed_at = now(), claimed_by = ${worker}, updated_at = now(), job_id = null,
      channel = case when v.prepared then v.channel else d.channel end,
      channels = case when v.prepared then v.channels::text[] else d.channels end,
      message_id = case when v.prepared then v.message_id else d.message_id end,
      reference = case when v.prepared then v.reference else d.reference end,
      recipient_hash = case when v.prepared then v.recipient_hash else d.recipient_hash end,
      verification_digest = case when v.prepared then v.verification_digest else d.verification_digest end
    from (select
        unnest(${ids}::bigint[]) as id,
        unnest(${column((i) => i.version)}::text[]) as version,
        unnest(${column((i) => i.identifiers !== undefined)}::boolean[]) as prepared,
        unnest(${column((i) => i.identifiers?.channel ?? null)}::text[]) as channel,
        unnest(${column((i) => (i.identifiers ? `{${i.identifiers.channels.join(",")}}` : null))}::text[]) as channels,
        unnest(${column((i) => i.identifiers?.messageId ?? null)}::text[]) as message_id,
        unnest(${column((i) => i.identifiers?.reference ?? null)}::text[]) as reference,
        unnest(${column((i) => i.identifiers?.recipientHash ?? null)}::text[]) as recipient_hash,
        unnest(${column((i) => i.identifiers?.verificationDigest ?? null)}::text[]) as verification_digest) v
    where d.id = v.id and d.xmin::text = v.version
      and d.id in (
        select x.id from deliveries x
        where x.id = any(${ids}::bigint[]) and x.campaign_id = ${campaignId}
          and x.status = 'queued' and x.not_before <= now()
          and exists (select 1 from campaigns c where c.id = x.campaign_id and c.status = 'running')
        order by x.id
        for update skip locked)
    returning d.id`.execute(db);
  return new Set(result.rows.map((row) => Number(row.id)));
}

/**
 * Records an outcome. With `expect`, only when the row is still in that status; with `claimedBy`, only while
 * that worker still holds it (a worker that was too slow and lost its claim must not overwrite the new one).
 * A row going back to the queue leaves its job (the sweeper puts it into a new one once it is due), and in a
 * cancelled campaign it ends as cancelled instead: cancelling is final for every row, whenever it comes back.
 */
function maskedEntry(entry: unknown): unknown {
  if (entry === null || typeof entry !== "object" || !("reason" in entry)) return entry;
  const reason = (entry as { reason: unknown }).reason;
  return typeof reason === "string" ? { ...entry, reason: maskPersonalData(reason).slice(0, 300) } : entry;
}

function recordQuery(
  db: Executor,
  id: number,
  patch: DeliveryPatch,
  expect?: DeliveryStatus,
  claimedBy?: string,
) {
  const channel =
    patch.channels !== undefined && patch.channelIndex !== undefined
      ? (patch.channels[patch.channelIndex] ?? null)
      : undefined;
  const status =
    patch.status === "queued"
      ? sql<DeliveryStatus>`case when exists (select 1 from campaigns c
          where c.id = deliveries.campaign_id and c.status = 'cancelled') then 'cancelled' else 'queued' end`
      : patch.status;
  let q = db
    .updateTable("deliveries")
    .set({
      status,
      updated_at: new Date(),
      ...(patch.channels !== undefined ? { channels: patch.channels } : {}),
      ...(patch.channelIndex !== undefined ? { channel_index: patch.channelIndex } : {}),
      ...(channel !== undefined ? { channel } : {}),
      ...(patch.attempts !== undefined ? { attempts: patch.attempts } : {}),
      ...(patch.notBefore !== undefined ? { not_before: patch.notBefore } : {}),
      ...(patch.providerId !== undefined ? { provider_id: patch.providerId } : {}),
      ...(patch.messageId !== undefined ? { message_id: patch.messageId } : {}),
      ...(patch.reference !== undefined ? { reference: patch.reference } : {}),
      ...(patch.recipientHash !== undefined ? { recipient_hash: patch.recipientHash } : {}),
      ...(patch.verificationDigest !== undefined ? { verification_digest: patch.verificationDigest } : {}),
      // Provider and render errors can quote an address or number back: masked before they are stored.
      ...(patch.lastError !== undefined
        ? { last_error: patch.lastError === null ? null : maskPersonalData(patch.lastError).slice(0, 300) }
        : {}),
      ...(patch.history !== undefined ? { history: JSON.stringify(patch.history.map(maskedEntry)) } : {}),
      ...(patch.sentAt !== undefined ? { sent_at: patch.sentAt } : {}),
      ...(patch.deliveredAt !== undefined ? { delivered_at: patch.deliveredAt } : {}),
      ...(patch.status !== "sending" ? { claimed_at: null, claimed_by: null } : {}),
      ...(patch.status === "queued" ? { job_id: null } : {}),
    })
    .where("id", "=", id);
  // A holder implies `sending` (deliveries_held_while_sending): naming the status too would let the server
  // read the row through deliveries_sending, every claimed row, when its statistics say there are few.
  if (expect !== undefined && !(expect === "sending" && claimedBy !== undefined))
    q = q.where("status", "=", expect);
  if (claimedBy !== undefined) q = q.where("claimed_by", "=", claimedBy);
  return q;
}

async function record(
  db: Executor,
  id: number,
  patch: DeliveryPatch,
  expect?: DeliveryStatus,
  claimedBy?: string,
): Promise<boolean> {
  const result = await recordQuery(db, id, patch, expect, claimedBy).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * A worker's outcome for a row it holds, answered with the campaign's status as of that write: the sender
 * learns of a pause or cancel with every message it records, so each connection stops within one message
 * without an extra query per message. `recorded` is false when the claim was lost.
 */
async function recordOutcome(
  db: Executor,
  id: number,
  patch: DeliveryPatch,
  worker: string,
): Promise<{ recorded: boolean; campaignStatus: string | null }> {
  const row = await recordQuery(db, id, patch, "sending", worker)
    .returning(
      sql<string>`(select c.status from campaigns c where c.id = deliveries.campaign_id)`.as(
        "campaign_status",
      ),
    )
    .executeTakeFirst();
  return { recorded: row !== undefined, campaignStatus: row?.campaign_status ?? null };
}

/** A worker's full outcome for one row it holds (what the sender writes once a provider answered). */
export interface OutcomeRecord {
  id: number;
  /** Not `sending`: an outcome ends the claim. `queued` becomes `cancelled` in a cancelled campaign. */
  status: Exclude<DeliveryStatus, "sending">;
  channels: readonly string[];
  channelIndex: number;
  attempts: number;
  notBefore: Date;
  providerId: string | null;
  lastError: string | null;
  history: readonly unknown[];
  /** Set when sent; absent keeps what the row has. */
  sentAt?: Date;
}

/**
 * `recordOutcome` for many rows in one statement (each still only while `worker` holds it, each answered
 * with its campaign's status as of the write): the sender's lanes write their outcomes together rather than
 * one round trip each. Returns the recorded rows' ids with their campaign's status; a row missing from the
 * answer had lost its claim.
 */
async function recordOutcomes(
  db: Executor,
  worker: string,
  records: readonly OutcomeRecord[],
): Promise<Map<number, string | null>> {
  if (records.length === 0) return new Map();
  // One order for every writer, so two statements over overlapping rows never wait on each other in a circle.
  const rows = [...records].sort((a, b) => a.id - b.id);
  const column = <T>(pick: (r: OutcomeRecord) => T, type: Parameters<typeof preparedArray>[1]) =>
    preparedArray(rows.map(pick), type);
  // Held rows are named by id and holder, not status (deliveries_held_while_sending): with the status named,
  // the kept plan read every row the worker held through deliveries_sending for each handful of outcomes.
  const result = await sql<{ id: string | number; campaign_status: string | null }>`${PREPARED}
    update deliveries d set
      status = case when v.status = 'queued' and exists (select 1 from campaigns c
          where c.id = d.campaign_id and c.status = 'cancelled') then 'cancelled' else v.status end,
      updated_at = now(),
      channels = v.channels::text[],
      channel_index = v.channel_index,
      channel = (v.channels::text[])[v.channel_index + 1],
      attempts = v.attempts,
      not_before = v.not_before,
      provider_id = v.provider_id,
      last_error = v.last_error,
      history = v.history::jsonb,
      sent_at = coalesce(v.sent_at, d.sent_at),
      claimed_at = null,
      claimed_by = null,
      job_id = null
    from (select
        unnest(${column((r) => String(r.id), "bigint")}) as id,
        unnest(${column((r) => r.status, "text")}) as status,
        unnest(${column((r) => `{${r.channels.join(",")}}`, "text")}) as channels,
        unnest(${column((r) => r.channelIndex, "int")}) as channel_index,
        unnest(${column((r) => r.attempts, "int")}) as attempts,
        unnest(${column((r) => r.notBefore.toISOString(), "timestamptz")}) as not_before,
        unnest(${column((r) => r.providerId, "text")}) as provider_id,
        unnest(${column((r) => (r.lastError === null ? null : maskPersonalData(r.lastError).slice(0, 300)), "text")}) as last_error,
        unnest(${column((r) => JSON.stringify(r.history.map(maskedEntry)), "text")}) as history,
        unnest(${column((r) => r.sentAt?.toISOString() ?? null, "timestamptz")}) as sent_at) v
    where d.id = v.id and d.claimed_by = ${worker}
    returning d.id, (select c.status from campaigns c where c.id = d.campaign_id) as campaign_status`.execute(
    db,
  );
  return new Map(result.rows.map((row) => [Number(row.id), row.campaign_status]));
}

/**
 * Names the print batch letters are about to be written into, before the batch is written: after a crash the
 * row says which batch to look for, and a batch already complete in the print folder is not printed again.
 * Returns the ids still held by `worker`.
 */
async function assignPrintBatch(
  db: Executor,
  worker: string,
  ids: readonly number[],
  batch: string,
): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const result = await sql<{ id: string | number }>`
    update deliveries set provider_id = ${batch}
    where id = any(${sql.val(ids.map(String))}::bigint[]) and claimed_by = ${worker}
    returning id`.execute(db);
  return new Set(result.rows.map((row) => Number(row.id)));
}

/** The campaign's status now (a letter batch checks it once before it is written). */
async function campaignStatusOf(db: Executor, campaignId: string): Promise<string | null> {
  const row = await db
    .selectFrom("campaigns")
    .select("status")
    .where("id", "=", campaignId)
    .executeTakeFirst();
  return row?.status ?? null;
}

/**
 * Gives rows `worker` holds back to the queue without using an attempt (a pause, a stop, a channel whose
 * provider is down). They left their job when claimed, so the sweeper puts them into a new one once they are
 * due and their campaign runs. Returns how many.
 */
async function release(
  db: Executor,
  worker: string,
  ids: readonly number[],
  notBefore?: Date,
): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await sql`
    update deliveries set
      status = case when exists (select 1 from campaigns c where c.id = deliveries.campaign_id
        and c.status = 'cancelled') then 'cancelled' else 'queued' end,
      claimed_at = null, claimed_by = null, updated_at = now()
      ${notBefore ? sql`, not_before = ${notBefore}` : sql``}
    where id = any(${sql.val(ids.map(String))}::bigint[]) and claimed_by = ${worker}`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/** One queue job's worth of rows, as the sweeper hands them to the queue. */
export interface EnqueuedBatch {
  jobId: string;
  ids: number[];
}

/**
 * Puts up to `limit` queued rows of a campaign into new jobs of `batchSize`, each row into one job; returns
 * the jobs. First the rows that came back to the queue and are due (`job_id` null): each gets its job's id,
 * and each job a row in `delivery_jobs`, in one statement. Then the campaign's pool (rows never enqueued, see
 * `takeFromPool`), which costs no row write. A row is enqueued once, and again only once its job is gone (see
 * `orphanedJobs`, `finishJobs`) or it came back to the queue.
 */
async function takeForEnqueue(
  db: Executor,
  campaignId: string,
  limit: number,
  batchSize: number,
): Promise<EnqueuedBatch[]> {
  const result = await sql<{ id: string | number; job_id: string }>`
    with picked as (
      select d.id from deliveries d
      where d.campaign_id = ${campaignId} and d.status = 'queued' and d.job_id is null and d.not_before <= now()
      order by d.not_before
      limit ${limit}
      for update skip locked),
    ${pickedIntoJobs(batchSize)},
    registered as (
      insert into delivery_jobs (id, campaign_id, size) select job_id, ${campaignId}, size from jobs)
    update deliveries d set job_id = j.job_id
    from numbered n join jobs j on j.chunk = n.chunk
    where d.id = n.id
    returning d.id, d.job_id`.execute(db);
  const returned = batchesOf(result.rows);
  const taken = returned.reduce((n, b) => n + b.ids.length, 0);
  if (taken >= limit) return returned;
  return [...returned, ...(await takeFromPool(db, campaignId, limit - taken, batchSize))];
}

/**
 * `numbered` and `jobs`: the rows of a statement's `picked`, in id order, split into jobs of `batchSize`, each
 * with a new id, its size and its range of ids (a pool job is registered with its range; a job of returned
 * rows is not, as its rows name it).
 */
function pickedIntoJobs(batchSize: number): RawBuilder<unknown> {
  return sql`numbered as (select id, (row_number() over (order by id) - 1) / ${batchSize} as chunk from picked),
    jobs as (
      select chunk, gen_random_uuid() as job_id, count(*)::int as size, min(id) as first_id, max(id) as last_id
      from numbered group by chunk)`;
}

function batchesOf(rows: readonly { id: string | number; job_id: string }[]): EnqueuedBatch[] {
  const byJob = new Map<string, number[]>();
  for (const row of rows) {
    const list = byJob.get(row.job_id) ?? [];
    list.push(Number(row.id));
    byJob.set(row.job_id, list);
  }
  return [...byJob].map(([jobId, ids]) => ({ jobId, ids: ids.sort((a, b) => a - b) }));
}

/**
 * The next queued rows of the campaign's pool past `enqueued_through`, in id order, as jobs of `batchSize`:
 * each job is registered with its range and the campaign's mark moves past the last row, in one statement;
 * the rows themselves are not written. The campaign's row is locked first, so two sweepers never hand out
 * the same range (the second reads the mark the first moved). The lock is "no key update", as the mark's
 * own update takes, so writes that only refer to the campaign (a new job's row) do not wait for it. A pool
 * row is not checked for being due: one that is not is left unclaimed by its job's worker and leaves the
 * pool when the job finishes.
 */
async function takeFromPool(
  db: Executor,
  campaignId: string,
  limit: number,
  batchSize: number,
): Promise<EnqueuedBatch[]> {
  const result = await sql<{ id: string | number; job_id: string }>`
    with mark as (
      select c.enqueued_through from campaigns c where c.id = ${campaignId} for no key update),
    picked as (
      select d.id from deliveries d
      where d.job_id = ${campaignId}::uuid and d.status = 'queued'
        and d.id > (select enqueued_through from mark)
      order by d.id
      limit ${limit}),
    ${pickedIntoJobs(batchSize)},
    registered as (
      insert into delivery_jobs (id, campaign_id, size, first_id, last_id)
      select job_id, ${campaignId}, size, first_id, last_id from jobs),
    moved as (
      update campaigns set enqueued_through = (select max(id) from picked)
      where id = ${campaignId} and exists (select 1 from picked))
    select n.id, j.job_id from numbered n join jobs j on j.chunk = n.chunk`.execute(db);
  return batchesOf(result.rows);
}

/**
 * A job's worker is done with it: rows it did not claim (not due, paused) leave the job — and a pool job's
 * rows leave the pool — so the sweeper enqueues them again when they can go; the job's bookkeeping row goes.
 */
async function finishJobs(db: Executor, jobIds: readonly string[]): Promise<number> {
  if (jobIds.length === 0) return 0;
  const ids = sql.val(jobIds);
  const named = await sql`
    update deliveries set job_id = null
    where job_id = any(${ids}::uuid[]) and status = 'queued'`.execute(db);
  const pooled = await sql`
    update deliveries d set job_id = null
    from delivery_jobs j
    where j.id = any(${ids}::uuid[]) and j.first_id is not null
      and d.job_id = j.campaign_id and d.id between j.first_id and j.last_id and d.status = 'queued'`.execute(
    db,
  );
  await sql`delete from delivery_jobs where id = any(${ids}::uuid[])`.execute(db);
  return Number(named.numAffectedRows ?? 0) + Number(pooled.numAffectedRows ?? 0);
}

/**
 * Jobs registered more than `graceMs` ago that the queue no longer holds as waiting or running (failed for
 * good, deleted, or never inserted because the enqueuing worker died in between): their rows must be enqueued
 * again. Reads pg-boss 12's `job` table in `schema`.
 */
async function orphanedJobs(
  db: Executor,
  options: { queue: string; schema: string; graceMs: number; limit?: number },
): Promise<string[]> {
  const result = await sql<{ id: string }>`
    select j.id from delivery_jobs j
    where j.created_at < now() - ${`${Math.round(options.graceMs)} milliseconds`}::interval
      and not exists (select 1 from ${sql.id(options.schema, "job")} b
        where b.name = ${options.queue} and b.id = j.id and b.state::text in ('created', 'retry', 'active'))
    order by j.created_at
    limit ${options.limit ?? 1000}`.execute(db);
  return result.rows.map((row) => row.id);
}

/**
 * Whether any job of the campaign is still registered (waiting, running, or lost and not yet noticed). Cheap
 * (one row per job of 200): a worker that finished a job asks this before `hasOpenWork`, which reads the
 * deliveries themselves, since only the last job to finish can find the campaign done.
 */
async function hasJobs(db: Executor, campaignId: string): Promise<boolean> {
  const row = await db
    .selectFrom("delivery_jobs")
    .select("id")
    .where("campaign_id", "=", campaignId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Whether a campaign still has deliveries to send (queued or in a worker's hands). */
async function hasOpenWork(db: Executor, campaignId: string): Promise<boolean> {
  const row = await db
    .selectFrom("deliveries")
    .select("id")
    .where("campaign_id", "=", campaignId)
    .where("status", "in", ["queued", "sending"])
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Renews the claims a live worker holds, so they do not pass for a dead worker's; returns how many. */
async function renewClaims(db: Executor, worker: string): Promise<number> {
  // Rows locked in id order, as `recordOutcomes` locks them: the worker's renewal and its outcome writes
  // (separate connections, overlapping rows) never wait on each other in a circle.
  const result = await sql`
    update deliveries set claimed_at = now()
    where id in (select id from deliveries where status = 'sending' and claimed_by = ${worker}
      order by id for update)`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/**
 * Gives back rows a dead worker left in `sending` after the lease, into a new job at the next sweep rather
 * than waiting for the queue to notice the dead job (its retry then finds them taken); each loss is counted, and a row lost `maxLostClaims` times — a message
 * that kills its worker, again and again — is set aside as failed instead, to be reported, not retried forever.
 */
async function requeueStale(
  db: Executor,
  leaseMs: number,
  maxLostClaims = 3,
): Promise<{ requeued: number; setAside: number }> {
  const result = await sql<{ status: DeliveryStatus }>`
    update deliveries set
      status = case
        when lost_claims + 1 >= ${maxLostClaims} then 'failed'
        when exists (select 1 from campaigns c where c.id = deliveries.campaign_id and c.status = 'cancelled')
          then 'cancelled'
        else 'queued' end,
      last_error = case when lost_claims + 1 >= ${maxLostClaims}
        then ${`set aside: its worker stopped ${maxLostClaims} times while sending it`} else last_error end,
      lost_claims = lost_claims + 1,
      job_id = null,
      claimed_at = null, claimed_by = null, updated_at = now()
    where status = 'sending' and claimed_at < now() - ${`${Math.round(leaseMs)} milliseconds`}::interval
    returning status`.execute(db);
  const setAside = result.rows.filter((row) => row.status === "failed").length;
  return { requeued: result.rows.length - setAside, setAside };
}

function toRow(
  row: ClaimableRow & {
    campaign_id: string;
    status: DeliveryStatus;
    recipient_hash: string | null;
    last_error: string | null;
    sent_at: Date | null;
  },
): DeliveryRow {
  return {
    id: Number(row.id),
    campaignId: row.campaign_id,
    victimId: Number(row.victim_id),
    status: row.status,
    channels: row.channels,
    channelIndex: row.channel_index,
    attempts: row.attempts,
    history: row.history,
    messageId: row.message_id,
    reference: row.reference,
    providerId: row.provider_id,
    recipientHash: row.recipient_hash,
    lastError: row.last_error,
    sentAt: row.sent_at ? new Date(row.sent_at) : null,
  };
}

const ROW_COLUMNS = [
  "id",
  "campaign_id",
  "victim_id",
  "status",
  "channels",
  "channel_index",
  "attempts",
  "history",
  "message_id",
  "reference",
  "provider_id",
  "recipient_hash",
  "last_error",
  "sent_at",
] as const;

async function get(db: Executor, id: number): Promise<DeliveryRow | undefined> {
  const row = await db.selectFrom("deliveries").select(ROW_COLUMNS).where("id", "=", id).executeTakeFirst();
  return row ? toRow(row) : undefined;
}

/** The delivery an e-mail's Message-ID belongs to (bounces quote it). */
async function findByMessageId(db: Executor, messageId: string): Promise<DeliveryRow | undefined> {
  const row = await db
    .selectFrom("deliveries")
    .select(ROW_COLUMNS)
    .where("message_id", "=", messageId)
    .orderBy("id", "desc")
    .executeTakeFirst();
  return row ? toRow(row) : undefined;
}

/** The delivery whose message carried this verification code (by its keyed digest). */
async function findByVerificationDigest(db: Executor, digest: string): Promise<DeliveryRow | undefined> {
  const row = await db
    .selectFrom("deliveries")
    .select(ROW_COLUMNS)
    .where("verification_digest", "=", digest)
    .executeTakeFirst();
  return row ? toRow(row) : undefined;
}

/** The delivery a provider's id belongs to (delivery reports quote it). */
async function findByProviderId(db: Executor, providerId: string): Promise<DeliveryRow | undefined> {
  const row = await db
    .selectFrom("deliveries")
    .select(ROW_COLUMNS)
    .where("provider_id", "=", providerId)
    .orderBy("id", "desc")
    .executeTakeFirst();
  return row ? toRow(row) : undefined;
}

/** The delivery a keyed reference belongs to (returned letters, text reports that quote our reference). */
async function findByReference(db: Executor, reference: string): Promise<DeliveryRow | undefined> {
  const row = await db
    .selectFrom("deliveries")
    .select(ROW_COLUMNS)
    .where("reference", "=", reference)
    .orderBy("id", "desc")
    .executeTakeFirst();
  return row ? toRow(row) : undefined;
}

/** Deliveries of a victim across campaigns, newest first (for the victim's own history). */
async function listForVictim(db: Executor, victimId: number): Promise<DeliveryRow[]> {
  const rows = await db
    .selectFrom("deliveries")
    .select(ROW_COLUMNS)
    .where("victim_id", "=", victimId)
    .orderBy("id", "desc")
    .execute();
  return rows.map(toRow);
}

/**
 * Cancels what is still queued (a cancelled campaign), deferred and fallen-back rows included; rows in a
 * worker's hands are cancelled when they come back (see `record` and `release`). Returns how many.
 */
async function cancelQueued(db: Executor, campaignId: string): Promise<number> {
  const result = await db
    .updateTable("deliveries")
    .set({ status: "cancelled", updated_at: new Date() })
    .where("campaign_id", "=", campaignId)
    .where("status", "=", "queued")
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

async function recordDeferral(db: Executor, campaignId: string, domain: string): Promise<void> {
  await sql`
    insert into delivery_deferrals (campaign_id, domain, deferrals, last_at) values (${campaignId}, ${domain}, 1, now())
    on conflict (campaign_id, domain) do update
      set deferrals = delivery_deferrals.deferrals + 1, last_at = now()`.execute(db);
}

export interface CampaignProgress {
  total: number;
  byStatus: Record<DeliveryStatus, number>;
  /** Per channel (the current one), per status. */
  byChannel: Record<string, Partial<Record<DeliveryStatus, number>>>;
  /** Messages handed to a provider in the last 60 seconds. */
  sentLastMinute: number;
  /** Deliveries waiting to be claimed whose time has come. */
  dueNow: number;
  deferrals: { domain: string; deferrals: number; lastAt: Date }[];
}

const EMPTY_STATUS: Record<DeliveryStatus, number> = {
  queued: 0,
  sending: 0,
  sent: 0,
  delivered: 0,
  bounced: 0,
  failed: 0,
  cancelled: 0,
  unreachable: 0,
};

async function progress(db: Executor, campaignId: string): Promise<CampaignProgress> {
  // Each of these reads an index (deliveries_progress, deliveries_sent_at, deliveries_claimable), not the rows.
  const groups = await sql<{ status: DeliveryStatus; channel: string | null; n: string | number }>`
    select status, channel, count(*) as n
    from deliveries where campaign_id = ${campaignId}
    group by status, channel`.execute(db);
  const byStatus = { ...EMPTY_STATUS };
  const byChannel: CampaignProgress["byChannel"] = {};
  let total = 0;
  for (const row of groups.rows) {
    const n = Number(row.n);
    total += n;
    byStatus[row.status] += n;
    const channel = row.channel ?? "undecided";
    const slot = byChannel[channel] ?? {};
    slot[row.status] = (slot[row.status] ?? 0) + n;
    byChannel[channel] = slot;
  }
  const sent = await sql<{ n: string | number }>`
    select count(*) as n from deliveries
    where campaign_id = ${campaignId} and sent_at is not null and sent_at > now() - interval '60 seconds'`.execute(
    db,
  );
  const due = await sql<{ n: string | number }>`
    select count(*) as n from deliveries
    where campaign_id = ${campaignId} and status = 'queued' and not_before <= now()`.execute(db);
  const deferrals = await db
    .selectFrom("delivery_deferrals")
    .select(["domain", "deferrals", "last_at"])
    .where("campaign_id", "=", campaignId)
    .orderBy("deferrals", "desc")
    .execute();
  return {
    total,
    byStatus,
    byChannel,
    sentLastMinute: Number(sent.rows[0]?.n ?? 0),
    dueNow: Number(due.rows[0]?.n ?? 0),
    deferrals: deferrals.map((d) => ({
      domain: d.domain,
      deferrals: d.deferrals,
      lastAt: new Date(d.last_at),
    })),
  };
}

/** A channel whose provider fails (relay down, gateway refusing us): shown with every campaign's status. */
export interface ChannelHealth {
  channel: string;
  failingSince: Date;
  failures: number;
  lastError: string;
}

/** Notes that a channel's provider is failing (the first failure of an episode sets its start). */
async function reportChannelFailing(db: Executor, channel: string, reason: string): Promise<void> {
  await sql`
    insert into delivery_health (channel, failing_since, failures, last_error, updated_at)
    values (${channel}, now(), 1, ${reason.slice(0, 300)}, now())
    on conflict (channel) do update set failures = delivery_health.failures + 1,
      last_error = excluded.last_error, updated_at = now()`.execute(db);
}

/** The channel's provider works again. */
async function reportChannelHealthy(db: Executor, channel: string): Promise<void> {
  await db.deleteFrom("delivery_health").where("channel", "=", channel).execute();
}

async function channelHealth(db: Executor): Promise<ChannelHealth[]> {
  const rows = await db
    .selectFrom("delivery_health")
    .select(["channel", "failing_since", "failures", "last_error"])
    .orderBy("channel")
    .execute();
  return rows.map((r) => ({
    channel: r.channel,
    failingSince: new Date(r.failing_since),
    failures: r.failures,
    lastError: r.last_error,
  }));
}

export type FeedbackKind = "bounce" | "sms-report" | "letter-return";

/** A report that matched no delivery yet, kept (without contact data) until its row appears or it expires. */
export interface PendingFeedback {
  id: number;
  kind: FeedbackKind;
  matchKey: string;
  payload: Record<string, unknown>;
  receivedAt: Date;
}

async function keepFeedback(
  db: Executor,
  kind: FeedbackKind,
  matchKey: string,
  payload: Record<string, unknown>,
): Promise<void> {
  await db
    .insertInto("delivery_feedback")
    .values({ kind, match_key: matchKey, payload: JSON.stringify(payload) })
    .execute();
}

async function pendingFeedback(db: Executor, limit: number): Promise<PendingFeedback[]> {
  const rows = await db
    .selectFrom("delivery_feedback")
    .select(["id", "kind", "match_key", "payload", "received_at"])
    .orderBy("id")
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    kind: r.kind,
    matchKey: r.match_key,
    payload: r.payload,
    receivedAt: new Date(r.received_at),
  }));
}

async function dropFeedback(db: Executor, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await db
    .deleteFrom("delivery_feedback")
    .where("id", "in", [...ids])
    .execute();
}

/** Reports that never found their delivery are dropped after this long. */
async function expireFeedback(db: Executor, olderThanMs: number): Promise<number> {
  const result = await sql`
    delete from delivery_feedback
    where received_at < now() - ${`${Math.round(olderThanMs)} milliseconds`}::interval`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

export const deliveries = {
  populate,
  claim,
  peek,
  claimPrepared,
  record,
  recordOutcome,
  recordOutcomes,
  assignPrintBatch,
  campaignStatusOf,
  release,
  takeForEnqueue,
  finishJobs,
  orphanedJobs,
  hasOpenWork,
  hasJobs,
  renewClaims,
  requeueStale,
  get,
  findByMessageId,
  findByProviderId,
  findByReference,
  findByVerificationDigest,
  listForVictim,
  cancelQueued,
  recordDeferral,
  progress,
  reportChannelFailing,
  reportChannelHealthy,
  channelHealth,
  keepFeedback,
  pendingFeedback,
  dropFeedback,
  expireFeedback,
};
