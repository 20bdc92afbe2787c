/**
 * store-insert: victims bulk-inserted per second through `victims.insertBatch` (encryption, keyed hashes and
 * COPY), on PGlite and — when BENCH_DATABASE_URL or TEST_DATABASE_URL is set — on PostgreSQL.
 * BENCH_ROWS sets the number of rows (default 100,000).
 */
import { breaches, organisations, victims } from "../src/store/index.ts";
import { openTestDatabase } from "../src/store/testing.ts";
import type { BenchResult } from "./run.ts";

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const BATCH = 25_000;

function rows(count: number) {
  return Array.from({ length: count }, (_, i) => ({
    externalId: `K${i}`,
    email: `klant.${i}@voorbeeld-mail.nl`,
    phone: `06${String(10_000_000 + i).slice(-8)}`,
    name: `Klant ${i}`,
    categories: ["name", "email", "phone"],
    flags: i % 20 === 0 ? ["senior"] : [],
  }));
}

async function measure(engine: "pglite" | "postgres"): Promise<number> {
  const db = await openTestDatabase(engine);
  try {
    const organisation = await organisations.create(db, { slug: "bench", name: "Bench BV" });
    const breach = await breaches.create(db, {
      organisationId: organisation.id,
      slug: "bench",
      title: "bench",
      facts: { awareAt: "2026-01-01T00:00:00Z" },
    });
    const data = rows(ROWS);
    const started = performance.now();
    for (let i = 0; i < data.length; i += BATCH) {
      await victims.insertBatch(db, db.crypto, breach.id, data.slice(i, i + BATCH));
    }
    return (ROWS / (performance.now() - started)) * 1000;
  } finally {
    await db.close();
  }
}

export async function run(): Promise<BenchResult> {
  const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (url) process.env.TEST_DATABASE_URL = url;
  const pglite = await measure("pglite");
  const postgres = url ? await measure("postgres") : undefined;
  return {
    bench: "store-insert",
    rate: postgres ?? pglite,
    unit: postgres ? "rows/s (PostgreSQL)" : "rows/s (PGlite)",
    pgliteRate: Math.round(pglite),
    ...(postgres ? { postgresRate: Math.round(postgres) } : {}),
    rows: ROWS,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
}

if (import.meta.main) console.log(JSON.stringify(await run()));
