/**
 * console-dashboard: how fast the console's campaign page answers for a campaign of BENCH_ROWS deliveries
 * (default 1,000,000) part-way through sending, with 6 hours of progress snapshots behind it (one every 15 s).
 * The page reads the latest snapshot and a thinned series, never the deliveries, so its time must not grow
 * with the campaign (goal: p99 under 200 ms). Also reports what one snapshot (the background count) takes,
 * which sets how often it is taken. On PostgreSQL when BENCH_DATABASE_URL (or TEST_DATABASE_URL) is set, else
 * PGlite. `rate` is pages per second, one request at a time.
 */
import { Writable } from "node:stream";
import { sql } from "kysely";
import { Secret, TOTP } from "otpauth";
import { takeDueSnapshots } from "../src/delivery/progress-snapshots.ts";
import { createStaff, operatorActor, staffCodeStep, staffPasswordStep } from "../src/operations/index.ts";
import { breaches, campaigns, organisations, staffAccounts } from "../src/store/index.ts";
import { openTestDatabase } from "../src/store/testing.ts";
import { buildServer, createRequestLogger } from "../src/web/index.ts";
import type { BenchResult } from "./run.ts";

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const REQUESTS = 100;
const PASSWORD = "bench wachtwoord lang genoeg";

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

export async function run(): Promise<BenchResult> {
  const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (url) process.env.TEST_DATABASE_URL = url;
  const engine = url ? "postgres" : "pglite";
  const db = await openTestDatabase(engine);
  try {
    const organisation = await organisations.create(db.db, { slug: "bench-dashboard", name: "Bench BV" });
    const breach = await breaches.create(db.db, {
      organisationId: organisation.id,
      slug: "bench-dashboard",
      title: "bench",
      facts: { awareAt: "2026-01-01T00:00:00Z" },
    });
    const campaign = await campaigns.create(db.db, organisation.id, {
      breachId: breach.id,
      kind: "first-notice",
      selection: {},
      createdBy: "bench",
    });
    // Rows made in SQL: what is measured is reading the page, not how the rows got there.
    await sql`insert into victims (breach_id, external_id, segment, reachable)
      select ${breach.id}, 'V' || g, (array['klanten','oud-klanten','zakelijk'])[1 + g % 3], true
      from generate_series(1, ${ROWS}) g`.execute(db.db);
    await sql`insert into deliveries (campaign_id, victim_id, status, channels, channel, sent_at)
      select ${campaign.id}, v.id,
        (array['queued','queued','sending','sent','delivered','delivered','bounced','failed'])[1 + v.id % 8],
        array[(array['email','email','email','letter','sms'])[1 + v.id % 5]],
        (array['email','email','email','letter','sms'])[1 + v.id % 5],
        case when v.id % 8 >= 3 then now() end
      from victims v where v.breach_id = ${breach.id}`.execute(db.db);
    await sql`update campaigns set status = 'running', started_at = now() - interval '6 hours', total = ${ROWS}
      where id = ${campaign.id}`.execute(db.db);
    await sql`analyze deliveries`.execute(db.db);
    await sql`analyze victims`.execute(db.db);

    // One real count, timed: the background work each snapshot costs the database.
    const started = performance.now();
    const [snapshot] = await takeDueSnapshots(db.db);
    const snapshotMs = Math.round(performance.now() - started);
    if (!snapshot) throw new Error("no snapshot was taken");
    // Six hours of earlier snapshots every 15 s (1,440), copies of the real one spread back in time.
    await sql`insert into campaign_snapshots (campaign_id, taken_at, took_ms, counts, segments)
      select campaign_id, taken_at - make_interval(secs => 15 * g), took_ms, counts, segments
      from campaign_snapshots, generate_series(1, 1440) g where campaign_id = ${campaign.id}`.execute(db.db);

    const { account } = await createStaff(db, operatorActor("bench", organisation.id), {
      email: "bench@example.org",
      displayName: "Bench",
      roles: ["approver"],
      password: PASSWORD,
    });
    const secret = new Secret({ size: 20 }).base32;
    await staffAccounts.setPendingTotp(db.db, db.keys, account.id, secret);
    await staffAccounts.confirmTotp(db.db, account.id, new Date());
    const first = await staffPasswordStep(db, { email: "bench@example.org", password: PASSWORD });
    if (!first.ok) throw new Error("log-in refused");
    const second = await staffCodeStep(
      db,
      first.token,
      new TOTP({ secret: Secret.fromBase32(secret) }).generate(),
    );
    if (!second.ok) throw new Error("code refused");
    const app = await buildServer({
      logger: createRequestLogger("silent", new Writable({ write: (_c, _e, done) => done() })),
      publicUrl: "http://127.0.0.1",
      ping: async () => {},
      store: { db: db.db, keys: db.keys },
    });
    await app.ready();
    const page = () =>
      app.inject({
        url: `/console/campagne/${campaign.id}`,
        headers: { cookie: `lekwijzer-console=${second.token}` },
      });
    for (let i = 0; i < 5; i++) await page();
    const times: number[] = [];
    const all = performance.now();
    for (let i = 0; i < REQUESTS; i++) {
      const t = performance.now();
      const response = await page();
      times.push(performance.now() - t);
      if (response.statusCode !== 200) throw new Error(`the page answered ${response.statusCode}`);
    }
    const seconds = (performance.now() - all) / 1000;
    await app.close();
    times.sort((a, b) => a - b);
    return {
      bench: "console-dashboard",
      engine,
      rate: REQUESTS / seconds,
      unit: "pages/s",
      deliveries: ROWS,
      snapshots: 1441,
      p50Ms: Math.round(percentile(times, 50) * 10) / 10,
      p99Ms: Math.round(percentile(times, 99) * 10) / 10,
      snapshotMs,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
    };
  } finally {
    await db.close();
  }
}
