/**
 * Aggregates for the metrics endpoint. Workers run in other processes (and on other machines), so the
 * numbers come from the database at scrape time: one GROUP BY per question, labels bounded by what the
 * columns can hold (statuses, channels, domain groups, queue states).
 */
import { sql } from "kysely";
import type { Executor } from "./engine.ts";

export interface DeliveryCount {
  status: string;
  /** The channel the delivery is on now (`channels[channel_index]`), or "none" when it has none. */
  channel: string;
  count: number;
  /** Of these, how many were sent within the window given to `deliveryCounts`. */
  sentInWindow: number;
}

/** Deliveries by status and current channel, with the number sent in the last `windowSeconds`. */
async function deliveryCounts(db: Executor, windowSeconds: number): Promise<DeliveryCount[]> {
  const since = new Date(Date.now() - windowSeconds * 1000);
  const { rows } = await sql<{ status: string; channel: string; count: number; sent: number }>`
    select status, coalesce(channels[channel_index + 1], 'none') as channel,
      count(*)::int as count, (count(*) filter (where sent_at >= ${since}))::int as sent
    from deliveries group by 1, 2`.execute(db);
  return rows.map((r) => ({
    status: r.status,
    channel: r.channel,
    count: Number(r.count),
    sentInWindow: Number(r.sent),
  }));
}

/** Deferrals (421 / 4.7.x) per receiving domain group, over all campaigns; at most `limit` groups. */
async function deferralsByDomain(db: Executor, limit = 50): Promise<{ domain: string; count: number }[]> {
  const rows = await db
    .selectFrom("delivery_deferrals")
    .select(["domain", (eb) => eb.fn.sum<number>("deferrals").as("count")])
    .groupBy("domain")
    .orderBy("count", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({ domain: r.domain, count: Number(r.count) }));
}

async function campaignsByStatus(db: Executor): Promise<{ status: string; count: number }[]> {
  const rows = await db
    .selectFrom("campaigns")
    .select(["status", (eb) => eb.fn.countAll<number>().as("count")])
    .groupBy("status")
    .execute();
  return rows.map((r) => ({ status: r.status, count: Number(r.count) }));
}

/**
 * Jobs of one pg-boss queue by state (created, retry, active, completed, cancelled, failed), read from
 * pg-boss 12's `job` table (partitioned by queue name). Empty when pg-boss has not created its schema yet.
 */
async function queueJobs(
  db: Executor,
  queue: string,
  schema = "pgboss",
): Promise<{ state: string; count: number }[]> {
  const table = `${schema}.job`;
  const exists = await sql<{ found: boolean }>`select to_regclass(${table}) is not null as found`.execute(db);
  if (!exists.rows[0]?.found) return [];
  const { rows } = await sql<{ state: string; count: number }>`
    select state::text as state, count(*)::int as count from ${sql.id(schema, "job")}
    where name = ${queue} group by state`.execute(db);
  return rows.map((r) => ({ state: r.state, count: Number(r.count) }));
}

export const deliveryStats = { deliveryCounts, deferralsByDomain, campaignsByStatus, queueJobs };
