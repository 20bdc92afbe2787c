/**
 * Benchmark: personal letters (and pages) per second — first notices with a personal code, composed in the
 * main thread, laid out as tagged PDF/UA with embedded fonts in worker threads, each thread writing whole
 * print batches (one PDF and one CSV manifest per batch) to a temporary folder — and the peak memory of the
 * whole process (all threads). Goal (issue 14): 200 letters/s on 2 cores within 600 MB.
 *
 * LETTER_BATCH sets the number of letters (default 100000; e.g. LETTER_BATCH=2000 for a quick run),
 * LETTER_BATCH_SIZE the letters per print batch (default 1000), LETTER_THREADS the worker threads (default:
 * CPU cores). Run alone: node bench/render-letter.ts
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { generatePersonalCode, generateVerificationCode } from "../src/messages/codes.ts";
import {
  type ComposedMessage,
  compileMessageSetup,
  composeMessage,
  planForRecipient,
  type Recipient,
  SAMPLE_RECIPIENTS,
  sampleSetup,
} from "../src/messages/index.ts";
import { renderLetterBatches } from "../src/messages/letter/letter-batches.ts";
import type { BenchResult } from "./run.ts";

const LETTERS = Number(process.env.LETTER_BATCH ?? 100_000);
const BATCH_SIZE = Number(process.env.LETTER_BATCH_SIZE ?? 1_000);
const THREADS = Number(process.env.LETTER_THREADS ?? availableParallelism());

export async function run(): Promise<BenchResult> {
  const setup = sampleSetup();
  const compiled = compileMessageSetup(setup);
  const plans = new Map(SAMPLE_RECIPIENTS.map((r) => [r.id, planForRecipient(setup.breach, r)]));

  // Letters are produced one at a time while batches are rendered, as the delivery worker would.
  function* letters(): Generator<ComposedMessage> {
    for (let i = 0; i < LETTERS; i++) {
      const template = SAMPLE_RECIPIENTS[i % SAMPLE_RECIPIENTS.length] as Recipient;
      const recipient: Recipient = {
        ...template,
        id: `letter-${i}`,
        name: `${template.name ?? "Klant"} ${i}`,
      };
      const plan = plans.get(template.id);
      if (!plan) throw new Error("no plan");
      yield composeMessage(compiled, {
        recipient,
        plan,
        kind: "first-notice",
        verificationCode: generateVerificationCode(),
        // Every imported person has a personal code, printed beside the plan's address.
        personalCode: generatePersonalCode(),
      });
    }
  }

  const dir = mkdtempSync(join(tmpdir(), "lekwijzer-bench-letters-"));
  try {
    const cpuBefore = process.cpuUsage();
    const start = performance.now();
    const result = await renderLetterBatches(letters(), {
      outDir: dir,
      batchSize: BATCH_SIZE,
      threads: THREADS,
    });
    const seconds = (performance.now() - start) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    const bytes = result.batches.reduce((sum, b) => sum + statSync(b.pdfPath).size, 0);
    return {
      bench: "render-letter",
      rate: Math.round(result.letters / seconds),
      unit: `letters/s (${THREADS} worker threads, batches of ${BATCH_SIZE}, tagged PDF/UA, embedded fonts)`,
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      letters: result.letters,
      pages: result.pages,
      pagesPerSecond: Math.round(result.pages / seconds),
      batches: result.batches.length,
      pdfMb: Math.round(bytes / 1024 / 1024),
      seconds: Number(seconds.toFixed(1)),
      // CPU time of all threads: on a machine shared with other work, letters per CPU second shows the cost.
      cpuSeconds: Number(cpuSeconds.toFixed(1)),
      lettersPerCpuSecond: Math.round(result.letters / cpuSeconds),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.main) console.log(JSON.stringify(await run()));
