/**
 * Benchmark: the public breach page under a surge. GET /datalek/<slug> of a published page (its stored bytes
 * with ETag and cache headers) against a fixed-string route through the same server stack, load from a second
 * process on loopback, interleaved; and the same page revalidated (`If-None-Match` → 304), which is what a
 * CDN in front mostly sends. PostgreSQL (BENCH_DATABASE_URL, default the local server, a fresh schema) is the
 * figure that counts; PGlite is reported too.
 *
 * Run alone: node bench/run.ts portal-breach-page   (PORTAL_SECONDS per round, default 2; PORTAL_CONNECTIONS, 32)
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { Writable } from "node:stream";
import { createBreach, keyActor, publishBreachPage } from "../src/operations/index.ts";
import type { EngineName } from "../src/store/engine.ts";
import { openTestDatabase } from "../src/store/testing.ts";
import { buildServer, createRequestLogger } from "../src/web/index.ts";
import { organisationReadyToSend } from "../test/support/organisation.ts";
import {
  addFixedRoute,
  type Comparison,
  compareWithFixed,
  type LoadFigures,
  loadOnce,
  useBenchDatabase,
} from "./_http-load.ts";
import type { BenchResult } from "./run.ts";

// Short rounds: the server closes a keep-alive connection after 1,000 requests (maxRequestsPerSocket), which
// autocannon answers with 503s instead of a new connection; 32 connections × 1,000 bound one round.
const SECONDS = Number(process.env.PORTAL_SECONDS ?? 2);
const CONNECTIONS = Number(process.env.PORTAL_CONNECTIONS ?? 32);
const FACTS = JSON.parse(
  readFileSync(resolve(import.meta.dirname, "../examples/telecom-crm-theft.json"), "utf8"),
).facts;

async function measureOn(
  engine: EngineName,
): Promise<{ page: Comparison; revalidated: LoadFigures; bytes: number }> {
  const db = await openTestDatabase(engine);
  const discard = new Writable({ write: (_chunk, _encoding, done) => done() });
  try {
    const ctx = { db: db.db, keys: db.keys };
    const organisationId = await organisationReadyToSend(ctx, "bench-org");
    const actor = keyActor({ holder: "bench", organisationId, scope: "write" });
    const breach = await createBreach(ctx, actor, { facts: FACTS, slug: "bench-lek" });
    const page = await publishBreachPage(ctx, actor, { breachId: breach.id });
    const app = await buildServer({
      logger: createRequestLogger("info", discard),
      publicUrl: "http://127.0.0.1",
      ping: async () => {},
      rateLimitPerMinute: 1_000_000_000,
      store: { db: db.db, keys: db.keys },
    });
    addFixedRoute(app);
    await app.listen({ host: "127.0.0.1", port: 0 });
    const address = app.server.address();
    if (!address || typeof address === "string") throw new Error("server did not bind a TCP port");
    const origin = `http://127.0.0.1:${address.port}`;
    try {
      const url = `${origin}/datalek/${page.slug}`;
      const first = await fetch(url);
      const body = await first.text();
      const etag = first.headers.get("etag");
      if (first.status !== 200 || !etag) throw new Error(`the page answered ${first.status} without an ETag`);
      const options = { seconds: SECONDS, connections: CONNECTIONS, rounds: 3 };
      const compared = await compareWithFixed(origin, { url }, options);
      const revalidated = await loadOnce({ url, headers: { "if-none-match": etag } }, SECONDS, CONNECTIONS);
      if (compared.target.failures > 0 || revalidated.failures > 0)
        throw new Error(
          `failed answers: ${compared.target.failures} full, ${revalidated.failures} revalidated`,
        );
      return { page: compared, revalidated, bytes: Buffer.byteLength(body) };
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
    bench: "portal-breach-page",
    rate: postgres.page.target.rate,
    unit: "req/s",
    baseline: postgres.page.baseline.rate,
    ratio: postgres.page.ratio,
    p99Ms: postgres.page.target.p99Ms,
    p50Ms: postgres.page.target.p50Ms,
    pageBytes: postgres.bytes,
    revalidated: { rate: Math.round(postgres.revalidated.rate), p99Ms: postgres.revalidated.p99Ms },
    connections: CONNECTIONS,
    pglite: {
      rate: Math.round(pglite.page.target.rate),
      baseline: Math.round(pglite.page.baseline.rate),
      ratio: Number(pglite.page.ratio.toFixed(2)),
      p99Ms: pglite.page.target.p99Ms,
    },
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
}
