/**
 * intake-parse: victim-file rows per second through the real reading, parsing, validation and report path
 * into a sink that only counts (no database), and the peak RSS while doing it. The file is generated first
 * (e-mail, phone, name, address, categories; 1 row in 500 has a problem). BENCH_ROWS sets the number of
 * rows (default 1,000,000). BENCH_STAGING=1 also runs the file through the staging sink (the ledger table
 * that finds duplicates) on PGlite, and on PostgreSQL when BENCH_DATABASE_URL or TEST_DATABASE_URL is set, with
 * a victim writer that stores nothing: the cost of the bookkeeping alone.
 */
import { once } from "node:events";
import { createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createStagingSink, type IntakeSink, importVictimFile } from "../src/intake/index.ts";
import type { VictimWriter } from "../src/intake/sink.ts";
import { type DatabaseHandle, openDatabase, withImportLedger } from "../src/store/index.ts";
import type { BenchResult } from "./run.ts";

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);

async function writeFile(path: string, rows: number) {
  const out = createWriteStream(path);
  out.write(
    "external_id,email,phone,name,street,house_number,postcode,city,country,language,categories,flags,segment\n",
  );
  for (let i = 0; i < rows; i++) {
    const bad = i % 500 === 499;
    const line = [
      `K${i}`,
      bad ? `klant.${i}@@voorbeeld` : `klant.${i}@example.org`,
      i % 3 === 0
        ? `06-${String(10_000_000 + (i % 89_999_999)).slice(-8)}`
        : `+31 6 ${String(20_000_000 + (i % 79_999_999)).slice(-8)}`,
      `"Klant ${i}, J."`,
      "Dorpsstraat",
      String((i % 300) + 1),
      `${1000 + (i % 8999)} AB`,
      "Utrecht",
      "NL",
      i % 10 === 0 ? "en" : "nl",
      i % 7 === 0 ? "email|phone|name" : "",
      i % 20 === 0 ? "senior" : "",
      "",
    ].join(",");
    if (!out.write(`${line}\n`)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
}

function countingSink(): IntakeSink & { count: number } {
  const sink = {
    count: 0,
    async begin() {},
    async abort() {},
    async write(rows: readonly unknown[]) {
      sink.count += rows.length;
    },
    async finish() {
      return {
        imported: sink.count,
        updated: 0,
        unchanged: 0,
        superseded: 0,
        unreachable: 0,
        async *findings() {},
      };
    },
  };
  return sink;
}

const nullWriter: VictimWriter = {
  async write(rows) {
    return rows.map(() => ({ previous: null, current: "x" }));
  },
};

async function stagingRate(file: string, folder: string, handle: DatabaseHandle): Promise<number> {
  const started = performance.now();
  const summary = await withImportLedger(handle.db, (ledger) =>
    importVictimFile(file, {
      breachCategories: ["email", "phone", "name", "address"],
      sink: createStagingSink({ ledger, writer: nullWriter }),
      report: join(folder, "report-staging.csv"),
    }),
  );
  return Math.round(summary.rows / ((performance.now() - started) / 1000));
}

async function stagingRates(file: string, folder: string) {
  if (process.env.BENCH_STAGING !== "1") return {};
  // The ledger uses only session-local tables: no migrations needed.
  const lite = await openDatabase({ dataDir: "memory://" });
  const stagingPgliteRate = await stagingRate(file, folder, lite).finally(() => lite.close());
  const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!url) return { stagingPgliteRate };
  const postgres = await openDatabase({ databaseUrl: url });
  const stagingPostgresRate = await stagingRate(file, folder, postgres).finally(() => postgres.close());
  return { stagingPgliteRate, stagingPostgresRate };
}

export async function run(): Promise<BenchResult> {
  const folder = mkdtempSync(join(tmpdir(), "lekwijzer-intake-bench-"));
  try {
    const file = join(folder, "victims.csv");
    await writeFile(file, ROWS);
    const sink = countingSink();
    const rssBefore = process.memoryUsage().rss / 2 ** 20;
    let peakSampled = rssBefore;
    const sampler = setInterval(() => {
      peakSampled = Math.max(peakSampled, process.memoryUsage().rss / 2 ** 20);
    }, 50);
    const started = performance.now();
    const summary = await importVictimFile(file, {
      breachCategories: ["email", "phone", "name", "address"],
      sink,
      report: join(folder, "report.csv"),
    });
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    const staging = await stagingRates(file, folder);
    return {
      bench: "intake-parse",
      rate: summary.rows / seconds,
      unit: "rows/s (parse + validate, counting sink)",
      rows: summary.rows,
      accepted: sink.count,
      rejected: summary.rejected,
      warnings: summary.warnings,
      rssBeforeImportMb: Math.round(rssBefore),
      rssDuringImportMb: Math.round(peakSampled),
      ...staging,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

if (import.meta.main) console.log(JSON.stringify(await run()));
