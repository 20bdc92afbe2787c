/**
 * metrics-scrape: what one GET /metrics costs the database. Fills a deliveries table (BENCH_ROWS rows, default
 * 1,000,000, spread over statuses and channels, a fraction sent within the last minute) and times full scrapes
 * of the database-derived gauges. On PostgreSQL when BENCH_DATABASE_URL (or TEST_DATABASE_URL) is set, else
 * PGlite. `rate` is scrapes per second; `msPerScrape` the median time of one.
 */
import { sql } from "kysely";
import { createDatabaseMetrics } from "../src/delivery/db-metrics.ts";
import { breaches, campaigns, organisations } from "../src/store/index.ts";
import { openTestDatabase } from "../src/store/testing.ts";
import type { BenchResult } from "./run.ts";

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const SCRAPES = 10;

export async function run(): Promise<BenchResult> {
  const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (url) process.env.TEST_DATABASE_URL = url;
  const engine = url ? "postgres" : "pglite";
  const db = await openTestDatabase(engine);
  try {
    const organisation = await organisations.create(db.db, { slug: "bench-metrics", name: "Bench BV" });
    const breach = await breaches.create(db.db, {
      organisationId: organisation.id,
      slug: "bench-metrics",
      title: "bench",
      facts: { awareAt: "2026-01-01T00:00:00Z" },
    });
    const campaign = await campaigns.create(db.db, breach.organisationId, {
      breachId: breach.id,
      kind: "first-notice",
      selection: {},
      createdBy: "bench",
    });
    // Rows made in SQL: what is measured is reading them, not how they got there.
    await sql`insert into victims (breach_id, external_id, reachable)
      select ${breach.id}, 'V' || g, true from generate_series(1, ${ROWS}) g`.execute(db.db);
    await sql`insert into deliveries (campaign_id, victim_id, status, channels, channel_index, sent_at)
      select ${campaign.id}, v.id,
        (array['queued','sending','sent','delivered','bounced','failed'])[1 + v.id % 6],
        array['email','sms','letter'], (v.id % 10 = 0)::int,
        case when v.id % 6 in (2, 3, 4) then now() - ((v.id % 600) || ' seconds')::interval end
      from victims v where v.breach_id = ${breach.id}`.execute(db.db);
    await sql`analyze deliveries`.execute(db.db);
    const metrics = createDatabaseMetrics({ db: db.db });
    const times: number[] = [];
    for (let i = 0; i < SCRAPES; i++) {
      const start = performance.now();
      await metrics.render();
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)] ?? 0;
    return {
      bench: `metrics-scrape-${engine}`,
      rate: 1000 / median,
      unit: "scrapes/s",
      msPerScrape: Math.round(median),
      deliveries: ROWS,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
    };
  } finally {
    await db.close();
  }
}
