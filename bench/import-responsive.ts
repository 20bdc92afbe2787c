/**
 * Benchmark: the web process stays responsive while a large victim file is uploaded and imported. A real
 * `lekwijzer serve` (no worker in it) and a real `lekwijzer worker` run as their own processes on a fresh
 * PostgreSQL database; this process uploads a generated file of RESPONSIVE_ROWS rows (default 10,000,000)
 * through the API as a stream, and meanwhile asks `GET /health` every 20 ms. Reported: rows/s from the first
 * byte sent to the job done, `/health` p50/p99/max during the upload and during the import, and the peak
 * memory of the web and worker processes. The per-route deadline matters here too: the upload of a large file
 * takes longer than the ordinary 30 s request deadline.
 *
 * Run alone: node bench/run.ts import-responsive   (RESPONSIVE_ROWS; BENCH_DATABASE_URL, default local server)
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createReadStream, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Readable } from "node:stream";
import pg from "pg";
import { apiKeys, breaches, migrate, openDatabase, organisations } from "../src/store/index.ts";
import { MALLOC_ENV, NODE_FLAGS } from "./_command.ts";
import { writeFile } from "./_import.ts";
import type { BenchResult } from "./run.ts";

const ROWS = Number(process.env.RESPONSIVE_ROWS ?? 10_000_000);
const SERVER = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const MAIN = resolve(import.meta.dirname, "../src/cli/main.ts");
const PROBE_EVERY_MS = 20;

async function admin(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: SERVER });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

function summary(latencies: number[]) {
  const sorted = [...latencies].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    probes: sorted.length,
    p50Ms: round(percentile(sorted, 50)),
    p99Ms: round(percentile(sorted, 99)),
    maxMs: round(sorted.at(-1) ?? 0),
  };
}

/** Peak resident memory of a child process (VmHWM), in MB. */
function peakMb(child: ChildProcess): number {
  try {
    const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
    return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

/** As the `lekwijzer` command runs: its V8 flags and allocator settings (see _command.ts). */
function start(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, [...NODE_FLAGS, MAIN, ...args], {
    env: { ...env, ...MALLOC_ENV },
    stdio: ["ignore", "ignore", "pipe"],
  });
  child.stderr?.on("data", () => {});
  return child;
}

async function waitForHealth(origin: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${origin}/health`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("the server did not start");
}

/** Asks /health every PROBE_EVERY_MS until stopped; latencies go to whichever list `phase()` names. */
function probe(origin: string, phase: () => number[]) {
  let running = true;
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      try {
        await (await fetch(`${origin}/health`)).arrayBuffer();
        phase().push(performance.now() - started);
      } catch {
        phase().push(Number.POSITIVE_INFINITY);
      }
      await new Promise((r) => setTimeout(r, PROBE_EVERY_MS));
    }
  })();
  return async () => {
    running = false;
    await loop;
  };
}

export async function run(): Promise<BenchResult> {
  const database = `lekwijzer_bench_responsive_${process.pid}`;
  const url = new URL(SERVER);
  url.pathname = `/${database}`;
  await admin(`drop database if exists ${database}`);
  await admin(`create database ${database}`);
  const dir = mkdtempSync(join(tmpdir(), "lekwijzer-responsive-"));
  const secret = randomBytes(32);
  const port = 20_000 + (process.pid % 20_000);
  const origin = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    DATABASE_URL: url.toString(),
    LEKWIJZER_MASTER_SECRET: secret.toString("base64"),
    PORT: String(port),
    LOG_LEVEL: "warn",
    LEKWIJZER_DEMO: "false",
    DATA_DIR: join(dir, "data"),
  };
  const processes: ChildProcess[] = [];
  try {
    const handle = await openDatabase({ databaseUrl: url.toString() });
    await migrate(handle);
    const organisation = await organisations.create(handle.db, { slug: "bench", name: "Bench BV" });
    const breach = await breaches.create(handle.db, {
      organisationId: organisation.id,
      slug: "bench",
      title: "Bench",
      facts: {
        awareAt: "2026-01-01T00:00:00Z",
        data: ["name", "email", "phone", "address"].map((category) => ({ category })),
      },
    });
    const key = await apiKeys.create(handle.db, {
      organisationId: organisation.id,
      scope: "write",
      holder: "bench",
      label: "bench",
      createdBy: "bench",
    });
    const file = join(dir, "victims.csv");
    await writeFile(file, ROWS);
    const bytes = statSync(file).size;

    const web = start(["serve"], env);
    const worker = start(["worker"], env);
    processes.push(web, worker);
    await waitForHealth(origin);

    const phases = { upload: [] as number[], import: [] as number[] };
    let current = phases.upload;
    const stopProbe = probe(origin, () => current);
    const started = performance.now();
    const answer = await fetch(`${origin}/api/v1/breaches/${breach.id}/imports`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${key.secret}`,
        "content-type": "text/csv",
        "content-length": String(bytes),
      },
      body: Readable.toWeb(createReadStream(file)) as ReadableStream,
      duplex: "half",
    } as RequestInit);
    const uploadSeconds = (performance.now() - started) / 1000;
    if (answer.status !== 202) throw new Error(`upload answered ${answer.status}: ${await answer.text()}`);
    const location = answer.headers.get("location") ?? "";
    current = phases.import;
    let job: { status: string; summary?: { imported?: number } } = { status: "queued" };
    while (job.status !== "done" && job.status !== "failed") {
      await new Promise((r) => setTimeout(r, 500));
      job = (await (
        await fetch(`${origin}${location}`, { headers: { authorization: `Bearer ${key.secret}` } })
      ).json()) as typeof job;
    }
    const seconds = (performance.now() - started) / 1000;
    await stopProbe();
    if (job.status !== "done" || job.summary?.imported !== ROWS)
      throw new Error(`the import ended ${job.status} with ${job.summary?.imported} of ${ROWS} rows`);
    await handle.close();
    return {
      bench: "import-responsive",
      rate: ROWS / seconds,
      unit: "rows/s",
      rows: ROWS,
      fileMb: Math.round(bytes / 1024 / 1024),
      uploadSeconds: Math.round(uploadSeconds),
      totalSeconds: Math.round(seconds),
      healthDuringUpload: summary(phases.upload),
      healthDuringImport: summary(phases.import),
      p99Ms: summary([...phases.upload, ...phases.import]).p99Ms,
      webPeakRssMb: Math.round(peakMb(web)),
      workerPeakRssMb: Math.round(peakMb(worker)),
      cores: availableParallelism(),
      peakRssMb: process.resourceUsage().maxRSS / 1024,
    };
  } finally {
    for (const child of processes) child.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 2_000));
    for (const child of processes) child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
    await admin(`drop database if exists ${database} with (force)`).catch(() => {});
  }
}
