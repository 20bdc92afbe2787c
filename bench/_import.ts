/**
 * Shared by import-postgres and import-pglite: a generated victim file of IMPORT_ROWS rows (default
 * 1,000,000: e-mail, phone, name, address, categories) streamed through the real import path (intake reading
 * and validation, error report, staging bookkeeping, sealing with personal codes, upsert), against a bare
 * COPY of the same rows, sealed beforehand, into the same victims table in the same run. The bare COPY is
 * timed chunk by chunk (sealing a chunk is not timed), so it never holds the whole file in memory. PGlite
 * runs on disk in a temporary folder, as embedded mode does, created beforehand by a child process (the
 * embedded first start); PostgreSQL in a fresh schema. Knobs: IMPORT_ROWS,
 * IMPORT_BATCH (accepted rows per write; default runImport's), IMPORT_BARE=0 (no bare COPY, so no ratio). Besides the process's peak RSS it reports the
 * RSS before the import and the peak sampled during it, overall and per half (flat halves: no growth with the
 * file), what the main thread held at the RSS peak (`atPeak`: its heap, external memory, the rest) and the peak in
 * each tenth of the run (`rssOverRun`). It runs in a child process with the `lekwijzer` command's V8 flags and
 * allocator settings.
 */

import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { operatorActor, runImport, startImport } from "../src/operations/index.ts";
import { copyIn } from "../src/store/engine.ts";
import {
  breaches,
  createKeyring,
  migrate,
  openDatabase,
  organisations,
  type VictimInput,
} from "../src/store/index.ts";
import { COPY_COLUMNS, sealRows } from "../src/store/sealing.ts";
import { openTestDatabase, type TestDatabase } from "../src/store/testing.ts";
import { MALLOC_ENV, NODE_FLAGS } from "./_command.ts";
import type { BenchResult } from "./run.ts";

const ROWS = Number(process.env.IMPORT_ROWS ?? 1_000_000);
/** Accepted rows per write; default: runImport's own. */
const BATCH = process.env.IMPORT_BATCH ? Number(process.env.IMPORT_BATCH) : undefined;
/** IMPORT_BARE=0 skips the bare COPY (no ratio): for checking memory on large files in less time. */
const BARE = process.env.IMPORT_BARE !== "0";
const CHUNK = 20_000;
const CATEGORIES = ["name", "email", "phone", "address"];

function person(i: number): VictimInput {
  return {
    externalId: `K${i}`,
    email: `klant.${i}@voorbeeld-mail.nl`,
    phone: `+316${String(10_000_000 + (i % 89_999_999)).slice(-8)}`,
    name: `Klant ${i}`,
    address: {
      street: "Dorpsstraat",
      houseNumber: String((i % 300) + 1),
      postcode: "1234 AB",
      city: "Ons Dorp",
      country: "NL",
    },
    categories: CATEGORIES,
    flags: [],
    language: "nl",
    channels: ["email", "sms", "letter"],
  };
}

/** Writes a generated victim file of `rows` rows (default IMPORT_ROWS) to `path`. */
export async function writeFile(path: string, rows = ROWS): Promise<void> {
  const out = createWriteStream(path);
  out.write("external_id,email,phone,name,street,house_number,postcode,city,country,categories\n");
  for (let i = 0; i < rows; i += CHUNK) {
    let text = "";
    for (let j = i; j < Math.min(rows, i + CHUNK); j++) {
      const p = person(j);
      text += `${p.externalId},${p.email},${p.phone},${p.name},Dorpsstraat,${(j % 300) + 1},1234 AB,Ons Dorp,NL,name|email|phone|address\n`;
    }
    if (!out.write(text)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
}

interface Sample {
  at: number;
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
}

/**
 * What the main thread held when RSS peaked: its JavaScript heap (reserved), the memory V8 counts outside
 * it (`external`, of which `arrayBuffers`), and the rest of the process (code, the workers' heaps, malloc).
 */
function breakdown(samples: readonly Sample[]): Record<string, number> | null {
  const top = samples.reduce<Sample | undefined>(
    (best, s) => (!best || s.rss > best.rss ? s : best),
    undefined,
  );
  if (!top) return null;
  return {
    rss: Math.round(top.rss),
    mainHeap: Math.round(top.heapTotal),
    mainHeapUsed: Math.round(top.heapUsed),
    external: Math.round(top.external),
    arrayBuffers: Math.round(top.arrayBuffers),
    rest: Math.round(top.rss - top.heapTotal - top.external),
  };
}

/** The RSS peak in each tenth of the run: a file's growth shows as a rising series. */
function overRun(samples: readonly Sample[]): number[] {
  if (samples.length === 0) return [];
  const first = samples[0]?.at ?? 0;
  const span = (samples.at(-1)?.at ?? first) - first || 1;
  const tenths = Array.from({ length: 10 }, () => 0);
  for (const s of samples) {
    const i = Math.min(9, Math.floor(((s.at - first) / span) * 10));
    tenths[i] = Math.max(tenths[i] ?? 0, Math.round(s.rss));
  }
  return tenths;
}

/**
 * Set in the child that creates the PGlite database: embedded mode creates its database once, on the first
 * start, and opens it on every start after that. Creating it (initdb in WebAssembly) peaks at ~640 MB and
 * leaves more behind in the process than opening it does, so the import is measured in a process that opens
 * an existing database, as an operator's import does; this child reports the creation's own peak
 * (`createPeakRssMb`).
 */
const CREATE_ONLY = process.env.IMPORT_PGLITE_CREATE;

async function createPglite(dataDir: string): Promise<number> {
  const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], {
    env: { ...process.env, IMPORT_PGLITE_CREATE: dataDir },
    stdio: ["ignore", "pipe", "inherit"],
    encoding: "utf8",
  });
  const line = child.stdout.trim().split("\n").at(-1) ?? "";
  if (child.status !== 0 || !line.startsWith("{"))
    throw new Error(`creating the PGlite database failed (${child.status})`);
  return (JSON.parse(line) as { createPeakRssMb: number }).createPeakRssMb;
}

if (CREATE_ONLY) {
  const handle = await openDatabase({ dataDir: CREATE_ONLY });
  await migrate(handle);
  await handle.close();
  console.log(JSON.stringify({ createPeakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
}

async function openOnDisk(dataDir: string): Promise<TestDatabase> {
  const handle = await openDatabase({ dataDir });
  await migrate(handle);
  const masterSecret = randomBytes(32);
  return Object.assign(handle, { keys: createKeyring(masterSecret), masterSecret });
}

// The import runs in a child process with the command's settings (bench/_command.ts).
const startedLikeTheCommand = () =>
  NODE_FLAGS.every((flag) => process.execArgv.includes(flag)) &&
  Object.entries(MALLOC_ENV).every(([name, value]) => process.env[name] === value);

function inChildWithFlags(engine: "pglite" | "postgres"): BenchResult {
  const script = fileURLToPath(new URL(`./import-${engine}.ts`, import.meta.url));
  const child = spawnSync(process.execPath, [...NODE_FLAGS, script], {
    env: { ...process.env, ...MALLOC_ENV },
    stdio: ["ignore", "pipe", "inherit"],
    encoding: "utf8",
  });
  const line = child.stdout.trim().split("\n").at(-1) ?? "";
  if (child.status !== 0 || !line.startsWith("{"))
    throw new Error(`the import bench failed (${child.status})`);
  return JSON.parse(line) as BenchResult;
}

export async function runImportBench(engine: "pglite" | "postgres"): Promise<BenchResult> {
  if (!startedLikeTheCommand()) return inChildWithFlags(engine);
  if (engine === "postgres")
    process.env.TEST_DATABASE_URL =
      process.env.BENCH_DATABASE_URL ??
      process.env.TEST_DATABASE_URL ??
      "postgres://postgres@127.0.0.1:5432/postgres";
  const dir = mkdtempSync(join(tmpdir(), "lekwijzer-import-bench-"));
  const file = join(dir, "victims.csv");
  await writeFile(file);
  // PGlite on disk, as embedded mode runs it (memory:// would keep every imported row in this process).
  const createPeakRssMb = engine === "pglite" ? await createPglite(join(dir, "pglite")) : undefined;
  const db: TestDatabase =
    engine === "pglite" ? await openOnDisk(join(dir, "pglite")) : await openTestDatabase(engine);
  try {
    const organisation = await organisations.create(db.db, { slug: "bench", name: "Bench BV" });
    const newBreach = (slug: string) =>
      breaches.create(db.db, {
        organisationId: organisation.id,
        slug,
        title: slug,
        facts: { awareAt: "2026-01-01T00:00:00Z", data: CATEGORIES.map((category) => ({ category })) },
      });
    const breach = await newBreach("real");
    const actor = operatorActor("bench", organisation.id);
    const job = await startImport(db, actor, { breachId: breach.id, source: "cli" });
    let codes = 0;
    // RSS sampled during the import alone; the process's maxRSS also counts opening the database. The two
    // halves' peaks show whether memory grows with the file.
    const startRssMb = process.memoryUsage.rss() / 1048576;
    const samples: Sample[] = [];
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      samples.push({
        at: performance.now(),
        rss: m.rss / 1048576,
        heapTotal: m.heapTotal / 1048576,
        heapUsed: m.heapUsed / 1048576,
        external: m.external / 1048576,
        arrayBuffers: m.arrayBuffers / 1048576,
      });
    }, 250);
    const started = performance.now();
    const summary = await runImport(db, actor, job, {
      input: file,
      report: join(dir, "report.csv"),
      ...(BATCH ? { batchSize: BATCH } : {}),
      onCodes: (c) => {
        codes += c.size;
      },
    });
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    const peakRssMb = process.resourceUsage().maxRSS / 1024;
    const middle = started + (seconds * 1000) / 2;
    const peak = (list: { rss: number }[]) => Math.round(Math.max(0, ...list.map((sample) => sample.rss)));
    if (summary.imported !== ROWS || codes !== ROWS)
      throw new Error(`expected ${ROWS} imported with codes, got ${summary.imported} and ${codes}`);

    const result = {
      bench: `import-${engine}`,
      rate: Math.round(ROWS / seconds),
      unit: "rows/s",
      peakRssMb: Math.round(peakRssMb),
      startRssMb: Math.round(startRssMb),
      ...(createPeakRssMb ? { createPeakRssMb } : {}),
      importPeakRssMb: peak(samples),
      firstHalfPeakRssMb: peak(samples.filter((sample) => sample.at < middle)),
      secondHalfPeakRssMb: peak(samples.filter((sample) => sample.at >= middle)),
      atPeak: breakdown(samples),
      rssOverRun: overRun(samples),
      rows: ROWS,
      seconds: Number(seconds.toFixed(1)),
    };
    if (!BARE) return result;
    const bare = await newBreach("bare");
    let copySeconds = 0;
    for (let i = 0; i < ROWS; i += CHUNK) {
      const rows = Array.from({ length: Math.min(CHUNK, ROWS - i) }, (_, k) => person(i + k));
      const { text } = sealRows(db.keys, bare.id, rows, { issueCodes: true });
      const t = performance.now();
      await copyIn(db.db, "victims", COPY_COLUMNS, [text]);
      copySeconds += (performance.now() - t) / 1000;
    }
    const bareRate = ROWS / copySeconds;
    return {
      ...result,
      baseline: Math.round(bareRate),
      ratio: Number((ROWS / seconds / bareRate).toFixed(2)),
    };
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
