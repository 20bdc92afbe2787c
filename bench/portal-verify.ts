/**
 * Benchmark: "Is dit bericht echt?" under load. POST /echt with a real verification code (a keyed-hash look-up
 * among PORTAL_DELIVERIES sent messages, the answer page rendered) against a fixed-string route through the same
 * server stack, load from a second process on loopback, per-client limits raised for the run. PostgreSQL is the
 * figure that counts (BENCH_DATABASE_URL, default the local server, in a fresh schema); PGlite is reported too.
 *
 * Run alone: node bench/run.ts portal-verify   (PORTAL_SECONDS per round, default 2; PORTAL_CONNECTIONS, 32)
 */
import { availableParallelism } from "node:os";
import { Writable } from "node:stream";
import { sql } from "kysely";
import type { EngineName } from "../src/store/engine.ts";
import { openTestDatabase, type TestDatabase } from "../src/store/testing.ts";
import { buildServer, createRequestLogger } from "../src/web/index.ts";
import { sendMessages } from "../test/support/sent-messages.ts";
import {
  addFixedRoute,
  type Comparison,
  compareWithFixed,
  type LoadTarget,
  useBenchDatabase,
} from "./_http-load.ts";
import type { BenchResult } from "./run.ts";

// Short rounds: the server closes a keep-alive connection after 1,000 requests (maxRequestsPerSocket), which
// autocannon answers with 503s instead of a new connection; 32 connections × 1,000 bound one round.
const SECONDS = Number(process.env.PORTAL_SECONDS ?? 2);
const CONNECTIONS = Number(process.env.PORTAL_CONNECTIONS ?? 32);
const DELIVERIES = Number(process.env.PORTAL_DELIVERIES ?? 200_000);
const UNLIMITED = { max: 1_000_000_000, windowMs: 60_000 };

/** Fills the deliveries table so the look-up searches a realistic index, not three rows. */
async function fill(db: TestDatabase): Promise<void> {
  const sample = await db.db
    .selectFrom("deliveries")
    .innerJoin("victims", "victims.id", "deliveries.victim_id")
    .select(["deliveries.campaign_id", "victims.breach_id"])
    .executeTakeFirstOrThrow();
  await sql`insert into victims (breach_id, external_id, reachable)
    select ${sample.breach_id}, 'filler-' || i, true from generate_series(1, ${DELIVERIES}) as i`.execute(
    db.db,
  );
  await sql`insert into deliveries (campaign_id, victim_id, status, channels, channel, verification_digest, sent_at)
    select ${sample.campaign_id}, v.id, 'sent', array['email'], 'email', md5(v.external_id), now()
    from victims v where v.external_id like 'filler-%'`.execute(db.db);
  // A live database is not digesting a bulk load: vacuum and a checkpoint now, or autovacuum and the
  // checkpoint of 400,000 fresh rows land in the middle of the measurement.
  await sql`vacuum analyze victims`.execute(db.db);
  await sql`vacuum analyze deliveries`.execute(db.db);
  await sql`checkpoint`.execute(db.db);
}

async function measureOn(engine: EngineName): Promise<Comparison> {
  const db = await openTestDatabase(engine);
  const discard = new Writable({ write: (_chunk, _encoding, done) => done() });
  try {
    const codes = await sendMessages(db);
    await fill(db);
    const app = await buildServer({
      logger: createRequestLogger("info", discard),
      publicUrl: "http://127.0.0.1",
      ping: async () => {},
      rateLimitPerMinute: 1_000_000_000,
      store: { db: db.db, keys: db.keys },
      verifyLimits: { perCode: UNLIMITED, perNetwork: UNLIMITED, overall: UNLIMITED },
    });
    addFixedRoute(app);
    await app.listen({ host: "127.0.0.1", port: 0 });
    const address = app.server.address();
    if (!address || typeof address === "string") throw new Error("server did not bind a TCP port");
    const origin = `http://127.0.0.1:${address.port}`;
    try {
      const check: LoadTarget = {
        url: `${origin}/echt`,
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ code: codes.email }).toString(),
      };
      const result = await compareWithFixed(origin, check, {
        seconds: SECONDS,
        connections: CONNECTIONS,
        rounds: 3,
      });
      if (result.target.failures > 0 || result.baseline.failures > 0)
        throw new Error(
          `failed answers: ${result.target.failures} of /echt, ${result.baseline.failures} fixed`,
        );
      return result;
    } finally {
      await app.close();
    }
  } finally {
    await db.close();
  }
}

export async function run(): Promise<BenchResult> {
  useBenchDatabase();
  const postgres = await measureOn("postgres");
  const pglite = await measureOn("pglite");
  return {
    bench: "portal-verify",
    rate: postgres.target.rate,
    unit: "req/s",
    baseline: postgres.baseline.rate,
    ratio: postgres.ratio,
    p99Ms: postgres.target.p99Ms,
    p50Ms: postgres.target.p50Ms,
    // The fixed route's own tail under the same load: what the stack and the machine add to any request.
    baselineP99Ms: postgres.baseline.p99Ms,
    deliveries: DELIVERIES,
    connections: CONNECTIONS,
    pglite: {
      rate: Math.round(pglite.target.rate),
      baseline: Math.round(pglite.baseline.rate),
      ratio: Number(pglite.ratio.toFixed(2)),
      p99Ms: pglite.target.p99Ms,
    },
    cores: availableParallelism(),
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
}
