/**
 * Benchmark: personal letters (and pages) per second — first notices with a personal code, composed in the
 * main thread, laid out as tagged PDF/UA with embedded fonts in worker threads, each thread writing whole
 * print batches (one PDF and one CSV manifest per batch) to a temporary folder — and the peak memory of the
 * whole process (all threads). Goal (issue 14): 200 letters/s on 2 cores within 600 MB.
 *
 * Absolute rates swing with whatever else the machine runs, so the same run also compares, on one thread and
 * interleaved round by round, the letter renderer with a bare pdfkit baseline laying out the same letters'
 * text (built-in Helvetica, no tags, no embedded fonts, no window or columns): `ratio` = letters per
 * CPU-second of the renderer / those of the baseline, on `BASELINE_LETTERS` letters (default 300) per round,
 * the median of five rounds.
 *
 * LETTER_BATCH sets the number of letters (default 100000; e.g. LETTER_BATCH=2000 for a quick run),
 * LETTER_BATCH_SIZE the letters per print batch (default 1000), LETTER_THREADS the worker threads (default:
 * CPU cores). Run alone: node bench/render-letter.ts
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import PDFDocument from "pdfkit";
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
import { renderLetterBatch } from "../src/messages/letter/batch.ts";
import { renderLetterBatches } from "../src/messages/letter/letter-batches.ts";
import type { BenchResult } from "./run.ts";

const LETTERS = Number(process.env.LETTER_BATCH ?? 100_000);
const BATCH_SIZE = Number(process.env.LETTER_BATCH_SIZE ?? 1_000);
const THREADS = Number(process.env.LETTER_THREADS ?? availableParallelism());
const BASELINE_LETTERS = Number(process.env.BASELINE_LETTERS ?? 300);

const discard = () =>
  new Writable({
    write(_chunk, _encoding, done) {
      done();
    },
  });

/** The same letters' text laid out by pdfkit alone: what an untagged letter without embedded fonts costs. */
async function bareLetters(messages: readonly ComposedMessage[]): Promise<void> {
  const doc = new PDFDocument({ size: "A4", autoFirstPage: false, compress: true });
  const done = new Promise((resolve) => doc.pipe(discard()).on("finish", resolve));
  for (const m of messages) {
    doc.addPage({ size: "A4", margins: { top: 57, bottom: 71, left: 71, right: 57 } });
    doc.font("Helvetica").fontSize(11).text(m.addressee.addressLines.join("\n"));
    doc.text(`${m.reference}\n${m.verificationCode}`).moveDown();
    doc.font("Helvetica-Bold").fontSize(15).text(m.subject);
    doc.font("Helvetica").fontSize(11).text(m.addressee.salutation).text(m.summary);
    for (const section of m.sections) {
      doc.font("Helvetica-Bold").fontSize(13).text(section.heading);
      doc.font("Helvetica").fontSize(11);
      for (const b of section.blocks) {
        if (b.kind !== "list") doc.text(b.text);
        else for (const item of b.items) doc.text(`• ${item.title ? `${item.title}: ` : ""}${item.text}`);
      }
    }
    doc.text(m.closing.join("\n"));
  }
  doc.end();
  await done;
}

/**
 * Letters per CPU-second of the renderer and of the bare baseline on this thread, interleaved; the median of
 * five rounds. CPU time, not wall time: other work on the machine then hardly moves the ratio.
 */
async function sameRunRatio(messages: readonly ComposedMessage[]): Promise<{ own: number; bare: number }> {
  const own: number[] = [];
  const bare: number[] = [];
  const rate = async (work: () => Promise<unknown>) => {
    const before = process.cpuUsage();
    await work();
    const used = process.cpuUsage(before);
    return messages.length / ((used.user + used.system) / 1e6);
  };
  for (let round = 0; round < 5; round++) {
    own.push(await rate(() => renderLetterBatch(messages, { pdf: discard(), manifest: discard() })));
    bare.push(await rate(() => bareLetters(messages)));
  }
  const median = (rates: number[]) => rates.sort((a, b) => a - b)[2] ?? 0;
  return { own: median(own), bare: median(bare) };
}

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
    // The threaded run's peak, before the one-thread comparison below loads pdfkit into this thread too.
    const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
    const sample: ComposedMessage[] = [];
    for (const letter of letters()) {
      if (sample.length === BASELINE_LETTERS) break;
      sample.push(letter);
    }
    const single = await sameRunRatio(sample);
    return {
      bench: "render-letter",
      rate: Math.round(result.letters / seconds),
      baseline: Math.round(single.bare),
      ratio: Number((single.own / single.bare).toFixed(2)),
      oneThreadLettersPerCpuSecond: Math.round(single.own),
      unit: `letters/s (${THREADS} worker threads, batches of ${BATCH_SIZE}, tagged PDF/UA, embedded fonts)`,
      peakRssMb,
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
