/**
 * HTTP load for the portal benchmarks (the `_` prefix keeps bench/run.ts from taking it for a benchmark).
 * The load comes from a second process — autocannon, run with this Node.js — so the server's event loop is
 * not also the load generator's. Each measured route is compared with a route that returns a fixed string
 * through the same server stack (plugins, hooks, headers, logging), run interleaved with it so a warm or cold
 * database or a busy machine does not favour either side.
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import type { FastifyInstance } from "fastify";

const require = createRequire(import.meta.url);
const AUTOCANNON = require.resolve("autocannon/autocannon.js");

export interface LoadTarget {
  url: string;
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadFigures {
  /** Requests per second, averaged over the run. */
  rate: number;
  p50Ms: number;
  p99Ms: number;
  /** Answers that were not 2xx/3xx (304 counts as an answer), plus connection errors and timeouts. */
  failures: number;
  requests: number;
}

interface AutocannonJson {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  "3xx"?: number;
}

/** Runs autocannon in a child process against one target and returns its figures. */
export async function loadOnce(
  target: LoadTarget,
  seconds: number,
  connections: number,
): Promise<LoadFigures> {
  const args = [
    AUTOCANNON,
    "--json",
    "-c",
    String(connections),
    "-d",
    String(seconds),
    "-m",
    target.method ?? "GET",
  ];
  for (const [name, value] of Object.entries(target.headers ?? {})) args.push("-H", `${name}=${value}`);
  if (target.body !== undefined) args.push("-b", target.body);
  args.push(target.url);
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout.on("data", (chunk: Buffer) => {
    out += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    err += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  if (code !== 0) throw new Error(`autocannon exited with ${code}: ${err.slice(0, 500)}`);
  const result = JSON.parse(out) as AutocannonJson;
  // autocannon counts 3xx as non-2xx; a 304 or 303 is a full answer for our purposes.
  const redirects = result["3xx"] ?? 0;
  return {
    rate: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    failures: result.non2xx - redirects + result.errors + result.timeouts,
    requests: result.requests.total,
  };
}

/** The fixed-string route every portal bench compares with; add it before the server starts listening. */
export const FIXED_PATH = "/bench/fixed";
export function addFixedRoute(app: FastifyInstance): void {
  app.get(FIXED_PATH, async (_request, reply) =>
    reply.type("text/plain; charset=utf-8").header("cache-control", "no-store").send("ok"),
  );
}

export interface Comparison {
  target: LoadFigures;
  baseline: LoadFigures;
  ratio: number;
}

/**
 * Alternates baseline and target `rounds` times (baseline, target, target, baseline, …) and averages each
 * side, so neither always runs first on a cold machine.
 */
export async function compareWithFixed(
  origin: string,
  target: LoadTarget,
  options: { seconds: number; connections: number; rounds: number },
): Promise<Comparison> {
  const targets: LoadFigures[] = [];
  const baselines: LoadFigures[] = [];
  const fixed: LoadTarget = { url: `${origin}${FIXED_PATH}` };
  // A short warm-up of both, not counted: JIT, connection pools, the first page render.
  await loadOnce(fixed, 1, options.connections);
  await loadOnce(target, 1, options.connections);
  for (let round = 0; round < options.rounds; round++) {
    const order = round % 2 === 0 ? [fixed, target] : [target, fixed];
    for (const which of order) {
      const figures = await loadOnce(which, options.seconds, options.connections);
      (which === fixed ? baselines : targets).push(figures);
    }
  }
  const targetFigures = average(targets);
  const baseline = average(baselines);
  return { target: targetFigures, baseline, ratio: targetFigures.rate / baseline.rate };
}

function average(runs: readonly LoadFigures[]): LoadFigures {
  const mean = (pick: (f: LoadFigures) => number) => runs.reduce((sum, f) => sum + pick(f), 0) / runs.length;
  return {
    rate: mean((f) => f.rate),
    p50Ms: mean((f) => f.p50Ms),
    p99Ms: Math.max(...runs.map((f) => f.p99Ms)),
    failures: runs.reduce((sum, f) => sum + f.failures, 0),
    requests: runs.reduce((sum, f) => sum + f.requests, 0),
  };
}

/** Portal benches measure PostgreSQL first (BENCH_DATABASE_URL, default the local server), in fresh schemas. */
export function useBenchDatabase(): void {
  process.env.TEST_DATABASE_URL =
    process.env.BENCH_DATABASE_URL ??
    process.env.TEST_DATABASE_URL ??
    "postgres://postgres@127.0.0.1:5432/postgres";
}
