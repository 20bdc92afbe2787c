/**
 * Runs the benchmarks: `npm run bench` runs all, `npm run bench -- NAME [NAME…]` the named ones.
 * Each benchmark module exports `run(): Promise<BenchResult>`; this prints one JSON line per result (with
 * `rate`, `ratio` where a baseline exists, `peakRssMb` and the machine's `cores`) and a readable table at the end. Numbers, not pass/fail: compare them over time.
 */
import { readdirSync } from "node:fs";
import { availableParallelism } from "node:os";
import { basename } from "node:path";

export interface BenchResult {
  bench: string;
  rate: number;
  unit: string;
  baseline?: number;
  ratio?: number;
  peakRssMb: number;
  [extra: string]: unknown;
}

const folder = new URL(".", import.meta.url);
const available = readdirSync(folder)
  .filter((file) => file.endsWith(".ts") && file !== "run.ts" && !file.startsWith("_"))
  .map((file) => basename(file, ".ts"))
  .sort();

const wanted = process.argv.slice(2).filter((arg) => !arg.startsWith("-"));
const unknown = wanted.filter((name) => !available.includes(name));
if (unknown.length > 0) {
  process.stderr.write(`Unknown benchmark: ${unknown.join(", ")}. Available: ${available.join(", ")}\n`);
  process.exit(2);
}

const results: BenchResult[] = [];
for (const name of wanted.length > 0 ? wanted : available) {
  const module = (await import(new URL(`./${name}.ts`, folder).href)) as { run: () => Promise<BenchResult> };
  // Every line names the machine's core count, so figures from different machines are not compared blindly.
  const result = { ...(await module.run()), cores: availableParallelism() };
  results.push(result);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

const rows = results.map((r) => [
  r.bench,
  `${Math.round(r.rate).toLocaleString("en")} ${r.unit}`,
  r.baseline === undefined ? "" : `${Math.round(r.baseline).toLocaleString("en")}`,
  r.ratio === undefined ? "" : r.ratio.toFixed(2),
  r.peakRssMb.toFixed(0),
  typeof r.p99Ms === "number" ? String(r.p99Ms) : "",
]);
const header = ["bench", "rate", "baseline", "ratio", "peak RSS MB", "p99 ms"];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? "").length)));
const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  ");
process.stdout.write(
  `\n${line(header)}\n${line(widths.map((w) => "-".repeat(w)))}\n${rows.map(line).join("\n")}\n`,
);
