/**
 * Deliveries: one row per victim per campaign (the unique key is what makes "exactly one message per victim
 * per campaign" hold across any number of workers). Workers claim due rows with FOR UPDATE SKIP LOCKED and
 * record each outcome as it happens; rows a crashed worker left in `sending` go back to the queue after a lease.
 */
import { sql } from "kysely";
import type { Keyring } from "./crypto.ts";
import type { Executor } from "./engine.ts";
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
}

export interface DeliveryPatch {
  status: DeliveryStatus;
  channels?: string[];
  channelIndex?: number;
  attempts?: number;
  notBefore?: Date;
  providerId?: string | null;
  messageId?: string | null;
  verificationDigest?: string | null;
  lastError?: string | null;
  history?: unknown[];
  sentAt?: Date | null;
  deliveredAt?: Date | null;
}

export interface DeliveryRow extends ClaimedDelivery {
  status: DeliveryStatus;
  providerId: string | null;
  lastError: string | null;
  sentAt: Date | null;
}

/**
 * Adds a queued delivery for every victim the selection names who can still be reached: contact data not
 * purged, at least one usable channel. A flag is selected by its keyed tokens (the store never sees flags in
 * the clear). Returns the number of deliveries added; running it again adds none.
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
    insert into deliveries (campaign_id, victim_id)
    select ${campaign.id}, v.id from victims v
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
    on conflict (campaign_id, victim_id) do nothing`.execute(db);
  return Number(result.numAffectedRows ?? 0);
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
  const result = await sql<{
    id: string | number;
    victim_id: string | number;
    channels: string[];
    channel_index: number;
    attempts: number;
    history: unknown[];
    message_id: string | null;
  }>`
    update deliveries set status = 'sending', claimed_at = now(), claimed_by = ${worker}, updated_at = now()
    where id in (
      select d.id from deliveries d
      where d.campaign_id = ${campaignId} and d.status = 'queued' and d.not_before <= now()
        ${ids !== undefined ? sql`and d.id = any(${sql.val(ids.map(String))}::bigint[])` : sql``}
        and exists (select 1 from campaigns c where c.id = d.campaign_id and c.status = 'running')
      order by d.id
      limit ${limit}
      for update skip locked)
    returning id, victim_id, channels, channel_index, attempts, history, message_id`.execute(db);
  return result.rows.map((row) => ({
    id: Number(row.id),
    campaignId,
    victimId: Number(row.victim_id),
    channels: row.channels,
    channelIndex: row.channel_index,
    attempts: row.attempts,
    history: row.history,
    messageId: row.message_id,
  }));
}

/**
 * Records an outcome. With `expect`, only when the row is still in that status; with `claimedBy`, only while
 * that worker still holds it (a worker that was too slow and lost its claim must not overwrite the new one).
 */
async function record(
  db: Executor,
  id: number,
  patch: DeliveryPatch,
  expect?: DeliveryStatus,
  claimedBy?: string,
): Promise<boolean> {
  let q = db
    .updateTable("deliveries")
    .set({
      status: patch.status,
      updated_at: new Date(),
      ...(patch.channels !== undefined ? { channels: patch.channels } : {}),
      ...(patch.channelIndex !== undefined ? { channel_index: patch.channelIndex } : {}),
      ...(patch.attempts !== undefined ? { attempts: patch.attempts } : {}),
      ...(patch.notBefore !== undefined ? { not_before: patch.notBefore } : {}),
      ...(patch.providerId !== undefined ? { provider_id: patch.providerId } : {}),
      ...(patch.messageId !== undefined ? { message_id: patch.messageId } : {}),
      ...(patch.verificationDigest !== undefined ? { verification_digest: patch.verificationDigest } : {}),
      ...(patch.lastError !== undefined ? { last_error: patch.lastError } : {}),
      ...(patch.history !== undefined ? { history: JSON.stringify(patch.history) } : {}),
      ...(patch.sentAt !== undefined ? { sent_at: patch.sentAt } : {}),
      ...(patch.deliveredAt !== undefined ? { delivered_at: patch.deliveredAt } : {}),
      ...(patch.status !== "sending" ? { claimed_at: null, claimed_by: null } : {}),
      // Back in the queue (a retry, a fall-back): the sweeper puts it into a new job once it is due.
      ...(patch.status === "queued" ? { enqueued_at: null } : {}),
    })
    .where("id", "=", id);
  if (expect !== undefined) q = q.where("status", "=", expect);
  if (claimedBy !== undefined) q = q.where("claimed_by", "=", claimedBy);
  const result = await q.executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Marks up to `limit` due, queued deliveries of a running campaign as enqueued and returns their ids, for the
 * sweeper to put into queue jobs. Rows enqueued within `reenqueueAfterMs` are left alone (their job is still
 * on its way); older ones are taken again, so a lost job loses no delivery.
 */
async function takeForEnqueue(
  db: Executor,
  campaignId: string,
  limit: number,
  reenqueueAfterMs: number,
): Promise<number[]> {
  const result = await sql<{ id: string | number }>`
    update deliveries set enqueued_at = now()
    where id in (
      select d.id from deliveries d
      where d.campaign_id = ${campaignId} and d.status = 'queued' and d.not_before <= now()
        and (d.enqueued_at is null or d.enqueued_at < now() - ${`${Math.round(reenqueueAfterMs)} milliseconds`}::interval)
      order by d.id
      limit ${limit}
      for update skip locked)
    returning id`.execute(db);
  return result.rows.map((row) => Number(row.id)).sort((a, b) => a - b);
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
  const result = await db
    .updateTable("deliveries")
    .set({ claimed_at: new Date() })
    .where("status", "=", "sending")
    .where("claimed_by", "=", worker)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Puts deliveries a crashed worker left in `sending` back in the queue; returns how many. */
async function requeueStale(db: Executor, leaseMs: number): Promise<number> {
  const result = await db
    .updateTable("deliveries")
    .set({ status: "queued", claimed_at: null, claimed_by: null, enqueued_at: null, updated_at: new Date() })
    .where("status", "=", "sending")
    .where("claimed_at", "<", new Date(Date.now() - leaseMs))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

function toRow(row: {
  id: number | string;
  campaign_id: string;
  victim_id: number | string;
  status: DeliveryStatus;
  channels: string[];
  channel_index: number;
  attempts: number;
  history: unknown[];
  message_id: string | null;
  provider_id: string | null;
  last_error: string | null;
  sent_at: Date | null;
}): DeliveryRow {
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
    providerId: row.provider_id,
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
  "provider_id",
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

/** Cancels what is still queued (a cancelled campaign); returns how many. */
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
};

async function progress(db: Executor, campaignId: string): Promise<CampaignProgress> {
  const groups = await sql<{ status: DeliveryStatus; channel: string | null; n: string | number }>`
    select status, channels[channel_index + 1] as channel, count(*) as n
    from deliveries where campaign_id = ${campaignId}
    group by status, channels[channel_index + 1]`.execute(db);
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
  const recent = await sql<{ sent: string | number; due: string | number }>`
    select
      count(*) filter (where sent_at > now() - interval '60 seconds') as sent,
      count(*) filter (where status = 'queued' and not_before <= now()) as due
    from deliveries where campaign_id = ${campaignId}`.execute(db);
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
    sentLastMinute: Number(recent.rows[0]?.sent ?? 0),
    dueNow: Number(recent.rows[0]?.due ?? 0),
    deferrals: deferrals.map((d) => ({
      domain: d.domain,
      deferrals: d.deferrals,
      lastAt: new Date(d.last_at),
    })),
  };
}

export const deliveries = {
  populate,
  claim,
  record,
  takeForEnqueue,
  hasOpenWork,
  renewClaims,
  requeueStale,
  get,
  findByMessageId,
  findByProviderId,
  findByVerificationDigest,
  listForVictim,
  cancelQueued,
  recordDeferral,
  progress,
};
