/**
 * Campaign progress as snapshots: what a dashboard shows without counting a campaign's deliveries on every
 * request. A background round counts a campaign's deliveries by status and channel (an index-only read of
 * deliveries_progress) and by segment (a join with victims), stores the counts with the time, and the dashboard
 * reads the latest snapshot and a bounded series of earlier ones. The schedule row makes one worker of many take
 * each snapshot: claiming it is one conditional update, so two machines never count the same campaign at once.
 */
import { sql } from "kysely";
import type { Executor } from "./engine.ts";

export interface StatusCount {
  status: string;
  /** The channel the delivery is on now; "none" before one is decided. */
  channel: string;
  n: number;
}

export interface SegmentCount {
  /** The victim's segment from the import; "" for none. */
  segment: string;
  status: string;
  n: number;
}

export interface ProgressSnapshot {
  campaignId: string;
  takenAt: Date;
  /** How long the counting took: the next snapshot waits at least ten times this. */
  tookMs: number;
  counts: StatusCount[];
  segments: SegmentCount[];
}

/** Campaign statuses in which deliveries change, so their snapshots are taken again and again. */
const ACTIVE = ["running", "paused"] as const;

/** How long after it finished a campaign still changes: bounces and returned letters arrive for weeks. */
const SETTLING_DAYS = 45;

/**
 * Campaigns that need a snapshot now: active ones whose schedule is due (or that have none yet); finished
 * ones changed since their last snapshot (so the dashboard shows the final counts at once); and finished ones
 * still settling whose schedule is due (a late bounce changes no campaign row, only a delivery). `active` says
 * which, as the two are counted again at different paces.
 */
async function due(db: Executor, now: Date, limit = 20): Promise<{ id: string; active: boolean }[]> {
  const settling = new Date(now.getTime() - SETTLING_DAYS * 86_400_000);
  const { rows } = await sql<{ id: string; active: boolean }>`
    select c.id, c.status in (${sql.join(ACTIVE)}) as active from campaigns c
    left join campaign_snapshot_schedule s on s.campaign_id = c.id
    where (c.status in (${sql.join(ACTIVE)}) and (s.next_at is null or s.next_at <= ${now}))
       or (c.status in ('done', 'cancelled') and c.started_at is not null and (
             not exists (select 1 from campaign_snapshots p where p.campaign_id = c.id and p.taken_at >= c.updated_at)
             or (c.finished_at > ${settling} and s.next_at <= ${now})))
    order by s.next_at nulls first
    limit ${limit}`.execute(db);
  return rows.map((r) => ({ id: r.id, active: Boolean(r.active) }));
}

/**
 * Claims the campaign's next snapshot until `until`: true for exactly one caller while the schedule is due.
 * The row is made on first use, so a campaign needs nothing of this part before it starts.
 */
async function claim(db: Executor, campaignId: string, now: Date, until: Date): Promise<boolean> {
  await sql`
    insert into campaign_snapshot_schedule (campaign_id, next_at) values (${campaignId}, ${now})
    on conflict (campaign_id) do nothing`.execute(db);
  const { rows } = await sql<{ campaign_id: string }>`
    update campaign_snapshot_schedule set next_at = ${until}
    where campaign_id = ${campaignId} and next_at <= ${now}
    returning campaign_id`.execute(db);
  return rows.length === 1;
}

/** Counts the campaign's deliveries now and stores the snapshot; returns it. */
async function take(db: Executor, campaignId: string, now: Date): Promise<ProgressSnapshot> {
  const started = performance.now();
  const counts = await sql<{ status: string; channel: string; n: string | number }>`
    select status, coalesce(channel, 'none') as channel, count(*) as n
    from deliveries where campaign_id = ${campaignId}
    group by status, channel`.execute(db);
  const segments = await sql<{ segment: string; status: string; n: string | number }>`
    select coalesce(v.segment, '') as segment, d.status, count(*) as n
    from deliveries d join victims v on v.id = d.victim_id
    where d.campaign_id = ${campaignId}
    group by 1, 2`.execute(db);
  const snapshot: ProgressSnapshot = {
    campaignId,
    takenAt: now,
    tookMs: Math.round(performance.now() - started),
    counts: counts.rows.map((r) => ({ status: r.status, channel: r.channel, n: Number(r.n) })),
    segments: segments.rows.map((r) => ({ segment: r.segment, status: r.status, n: Number(r.n) })),
  };
  await sql`
    insert into campaign_snapshots (campaign_id, taken_at, took_ms, counts, segments)
    values (${campaignId}, ${now}, ${snapshot.tookMs}, ${JSON.stringify(snapshot.counts)},
      ${JSON.stringify(snapshot.segments)})
    on conflict (campaign_id, taken_at) do nothing`.execute(db);
  return snapshot;
}

/** Sets when the campaign's next snapshot is due (after a snapshot, from how long it took). */
async function schedule(db: Executor, campaignId: string, nextAt: Date): Promise<void> {
  await sql`update campaign_snapshot_schedule set next_at = ${nextAt} where campaign_id = ${campaignId}`.execute(
    db,
  );
}

interface SnapshotRow {
  campaign_id: string;
  taken_at: Date | string;
  took_ms: number;
  counts: StatusCount[] | string;
  segments: SegmentCount[] | string;
}

const parsed = <T>(value: T | string): T => (typeof value === "string" ? (JSON.parse(value) as T) : value);

function fromRow(row: SnapshotRow): ProgressSnapshot {
  return {
    campaignId: row.campaign_id,
    takenAt: new Date(row.taken_at),
    tookMs: row.took_ms,
    counts: parsed(row.counts),
    segments: parsed(row.segments),
  };
}

/**
 * The campaign's snapshots, oldest first, thinned to at most `points` evenly spread ones with the latest always
 * last: a six-hour campaign has a few thousand, a chart needs a hundred or so.
 */
async function series(db: Executor, campaignId: string, points = 120): Promise<ProgressSnapshot[]> {
  const { rows } = await sql<SnapshotRow>`
    select campaign_id, taken_at, took_ms, counts, segments from (
      select s.*, row_number() over (order by taken_at) as rn, count(*) over () as total
      from campaign_snapshots s where campaign_id = ${campaignId}
    ) numbered
    where rn = total or (rn - 1) % greatest(1, ceil(total::numeric / ${points})::int) = 0
    order by taken_at`.execute(db);
  return rows.map(fromRow);
}

export const progressSnapshots = { due, claim, take, schedule, series };
