/**
 * Benchmark: breach assessments per second on one core — validation, the ENISA and GDPR rules, the obligations,
 * the reason texts and (since the sensitivity section) every single-fact variation the engine re-runs. The facts
 * rotate over the worked examples in `examples/` so every rule family is exercised. `baseline` is the rate of
 * `parseBreachFacts` alone (the validation every caller pays anyway); `ratio` = rate / baseline.
 *
 * Run alone: npm run bench -- assess   (BENCH_SECONDS=… to change the duration)
 */
import { readdirSync, readFileSync } from "node:fs";
import { assess, type BreachFacts, parseBreachFacts } from "../src/assess/index.ts";
import { measure } from "./_measure.ts";
import type { BenchResult } from "./run.ts";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);

function exampleFacts(): BreachFacts[] {
  const folders = [
    new URL("../examples/", import.meta.url),
    new URL("../examples/calibration/", import.meta.url),
  ];
  const facts: BreachFacts[] = [];
  for (const folder of folders) {
    let files: string[];
    try {
      files = readdirSync(folder).filter((file) => file.endsWith(".json"));
    } catch {
      continue;
    }
    for (const file of files) {
      const raw = JSON.parse(readFileSync(new URL(file, folder), "utf8")) as { facts?: unknown };
      const parsed = parseBreachFacts(raw.facts);
      if (parsed.ok) facts.push(parsed.value);
    }
  }
  if (facts.length === 0) throw new Error("no example facts found under examples/");
  return facts;
}

export async function run(): Promise<BenchResult> {
  const facts = exampleFacts();
  const pick = (i: number) => facts[i % facts.length] as BreachFacts;
  const rate = measure((i) => assess(pick(i)).reasons.length, SECONDS);
  const baseline = measure((i) => (parseBreachFacts(pick(i)).ok ? 1 : 0), SECONDS);
  return {
    bench: "assess",
    rate,
    unit: "assessments/s",
    baseline,
    ratio: rate / baseline,
    examples: facts.length,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
}
