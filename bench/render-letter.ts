/**
 * Benchmark: personal letter PDFs per second (composed, laid out and written as part of one streamed batch
 * PDF), and the peak memory of a whole batch written to a temporary file with its CSV manifest.
 *
 * LETTER_BATCH sets the batch size (default 100000, as a real print batch; e.g. LETTER_BATCH=2000 for a quick
 * run). Run alone: node --experimental-strip-types bench/render-letter.ts
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type ComposedMessage,
  compileMessageSetup,
  composeMessage,
  generateVerificationCode,
  planForRecipient,
  type Recipient,
  SAMPLE_RECIPIENTS,
  sampleSetup,
  writeLetterBatch,
} from "../src/messages/index.ts";
import type { BenchResult } from "./run.ts";

const BATCH = Number(process.env.LETTER_BATCH ?? 100_000);

export async function run(): Promise<BenchResult> {
  const setup = sampleSetup();
  const compiled = compileMessageSetup(setup);
  const plans = new Map(SAMPLE_RECIPIENTS.map((r) => [r.id, planForRecipient(setup.breach, r)]));

  // Letters are produced one at a time while the batch is written, as the delivery worker would.
  function* letters(): Generator<ComposedMessage> {
    for (let i = 0; i < BATCH; i++) {
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
      });
    }
  }

  const dir = mkdtempSync(join(tmpdir(), "lekwijzer-bench-letters-"));
  try {
    const start = performance.now();
    const result = await writeLetterBatch(letters(), {
      pdf: join(dir, "batch.pdf"),
      manifest: join(dir, "batch.csv"),
    });
    const seconds = (performance.now() - start) / 1000;
    return {
      bench: "render-letter",
      rate: Math.round(result.letters / seconds),
      unit: "letters/s (1 process, streamed batch PDF)",
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      letters: result.letters,
      pages: result.pages,
      pdfMb: Math.round(statSync(result.pdfPath).size / 1024 / 1024),
      seconds: Number(seconds.toFixed(1)),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.main) console.log(JSON.stringify(await run()));
