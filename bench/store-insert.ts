/**
 * store-insert: victims bulk-inserted per second through `victims.insertBatch` (one sealed envelope per victim,
 * keyed hashes, flag tokens, personal codes, crypto in worker threads while COPY streams), compared in the
 * same run with a bare COPY of the same rows already prepared (sealed beforehand) into the same table.
 * On PGlite, and on PostgreSQL when BENCH_DATABASE_URL (or TEST_DATABASE_URL) is set.
 * BENCH_ROWS sets the number of rows (default 200,000); LEKWIJZER_SEAL_THREADS the sealing workers.
 */
import { copyIn } from "../src/store/engine.ts";
import { breaches, createSealPool, organisations, type VictimInput, victims } from "../src/store/index.ts";
import { COPY_COLUMNS, sealRows } from "../src/store/sealing.ts";
import { openTestDatabase, type TestDatabase } from "../src/store/testing.ts";
import type { BenchResult } from "./run.ts";

const ROWS = Number(process.env.BENCH_ROWS ?? 200_000);
const BATCH = 50_000;

function rows(count: number, prefix: string): VictimInput[] {
  return Array.from({ length: count }, (_, i) => ({
    externalId: `${prefix}${i}`,
    email: `klant.${i}@voorbeeld-mail.nl`,
    phone: `06${String(10_000_000 + i).slice(-8)}`,
    name: `Klant ${i}`,
    address: {
      street: "Dorpsstraat",
      houseNumber: String(i % 300),
      postcode: "1234 AB",
      city: "Ons Dorp",
      country: "NL",
    },
    categories: ["name", "email", "phone", "address"],
    flags: i % 20 === 0 ? ["senior"] : i % 97 === 0 ? ["shielded-address"] : [],
  }));
}

async function newBreach(db: TestDatabase, slug: string): Promise<string> {
  const organisation = await organisations.create(db.db, { slug, name: "Bench BV" });
  const breach = await breaches.create(db.db, {
    organisationId: organisation.id,
    slug,
    title: "bench",
    facts: { awareAt: "2026-01-01T00:00:00Z" },
  });
  return breach.id;
}

interface Measured {
  rate: number;
  bareRate: number;
  ratio: number;
  threads: number;
}

async function measure(engine: "pglite" | "postgres"): Promise<Measured> {
  const db = await openTestDatabase(engine);
  const pool = createSealPool(db.keys);
  try {
    // Warm-up: start the workers and the JIT on a small batch that is not counted.
    const warm = await newBreach(db, "warm");
    await victims.insertBatch(db.db, db.keys, warm, rows(20_000, "W"), { pool, issueCodes: true });

    // Bare COPY: the same kind of rows, sealed before the clock starts, into the same table and indexes.
    // The two are measured alternately, twice, and the better run of each counts, so neither gains from
    // going second (a warmer cache) or loses to a burst of load on a shared machine.
    let bareRate = 0;
    let rate = 0;
    for (const round of [1, 2]) {
      const bareBreach = await newBreach(db, `bare-${round}`);
      const prepared: string[] = [];
      const bareRows = rows(ROWS, `B${round}-`);
      for (let i = 0; i < bareRows.length; i += BATCH)
        prepared.push(sealRows(db.keys, bareBreach, bareRows.slice(i, i + BATCH), { issueCodes: true }).text);
      let started = performance.now();
      for (const text of prepared) await copyIn(db.db, "victims", COPY_COLUMNS, [text]);
      bareRate = Math.max(bareRate, (ROWS / (performance.now() - started)) * 1000);

      const breach = await newBreach(db, `real-${round}`);
      const data = rows(ROWS, `K${round}-`);
      started = performance.now();
      for (let i = 0; i < data.length; i += BATCH)
        await victims.insertBatch(db.db, db.keys, breach, data.slice(i, i + BATCH), {
          pool,
          issueCodes: true,
        });
      rate = Math.max(rate, (ROWS / (performance.now() - started)) * 1000);
    }
    return { rate, bareRate, ratio: rate / bareRate, threads: pool.threads };
  } finally {
    await pool.close();
    await db.close();
  }
}

export async function run(): Promise<BenchResult> {
  const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (url) process.env.TEST_DATABASE_URL = url;
  const pglite = await measure("pglite");
  const postgres = url ? await measure("postgres") : undefined;
  const main = postgres ?? pglite;
  return {
    bench: "store-insert",
    rate: main.rate,
    unit: postgres ? "rows/s (PostgreSQL)" : "rows/s (PGlite)",
    baseline: main.bareRate,
    ratio: main.ratio,
    pglite: {
      rate: Math.round(pglite.rate),
      bareCopy: Math.round(pglite.bareRate),
      ratio: Number(pglite.ratio.toFixed(2)),
    },
    ...(postgres
      ? {
          postgres: {
            rate: Math.round(postgres.rate),
            bareCopy: Math.round(postgres.bareRate),
            ratio: Number(postgres.ratio.toFixed(2)),
          },
        }
      : {}),
    threads: main.threads,
    rows: ROWS,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
}

if (import.meta.main) console.log(JSON.stringify(await run()));
