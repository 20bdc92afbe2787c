/**
 * Print batches rendered in parallel: messages are cut into batches (default 1,000 letters), and worker
 * threads render different batches at the same time, each into its own PDF and CSV manifest in `outDir`
 * (`<prefix>-000001.pdf`, `<prefix>-000001.csv`, …). Messages are read as they come; at most one batch per
 * thread is in flight plus the one being filled, so memory stays bounded however many letters there are.
 */
import { availableParallelism } from "node:os";
import { join } from "node:path";
import type { LetterBatchResult } from "../files.ts";
import type { ComposedMessage } from "../message.ts";
import { type SerialisedError, ThreadPool } from "../workers/threads.ts";
import { DEFAULT_LETTER_LAYOUT, type LetterLayout, LetterTooLongError } from "./layout.ts";

export interface LetterBatchesOptions {
  /** Folder the batch files are written to (must exist). */
  outDir: string;
  /** Letters per batch (one PDF each); default 1,000. */
  batchSize?: number;
  /** Worker threads; default the number of CPU cores. */
  threads?: number;
  layout?: LetterLayout;
  /** File name start; default "batch". */
  prefix?: string;
  /** Time one batch may take; default 10 minutes. */
  batchTimeoutMs?: number;
  /** Heap limit of one worker thread; default 224 MB (a 1,000-letter batch keeps 40–90 MB live). */
  maxHeapMb?: number;
}

export interface LetterBatchesResult {
  batches: LetterBatchResult[];
  letters: number;
  pages: number;
  sheets: number;
}

function revive(error: SerialisedError): Error {
  const f = error.fields;
  const revived =
    error.name === "LetterTooLongError"
      ? new LetterTooLongError(String(f.reference), Number(f.pages), Number(f.max))
      : new Error(error.message);
  revived.name = error.name;
  return revived;
}

export async function renderLetterBatches(
  messages: Iterable<ComposedMessage> | AsyncIterable<ComposedMessage>,
  options: LetterBatchesOptions,
): Promise<LetterBatchesResult> {
  const batchSize = Math.max(1, options.batchSize ?? 1_000);
  const threads = Math.max(1, options.threads ?? availableParallelism());
  const layout = options.layout ?? DEFAULT_LETTER_LAYOUT;
  const prefix = options.prefix ?? "batch";
  const pool = new ThreadPool({
    script: new URL("./letter-batch-thread.ts", import.meta.url),
    what: "letter batch",
    size: threads,
    queueLimit: threads,
    limits: {
      timeoutMs: options.batchTimeoutMs ?? 600_000,
      maxHeapMb: options.maxHeapMb ?? 224,
      // Each worker's young generation is resident memory once used: at 64 MB the two threads of a 2-core
      // machine passed the 600 MB goal (628 MB for 100,000 letters). At 32 MB a batch costs the same CPU time
      // (2.0–2.3 s per 1,000 letters either way, measured per thread) and the peak is about 90 MB lower.
      youngHeapMb: 32,
    },
    revive,
  });
  const inFlight: Promise<LetterBatchResult>[] = [];
  const done: Promise<LetterBatchResult>[] = [];
  let number = 0;
  const send = async (batch: ComposedMessage[]) => {
    number++;
    const name = `${prefix}-${String(number).padStart(6, "0")}`;
    const paths = { pdf: join(options.outDir, `${name}.pdf`), manifest: join(options.outDir, `${name}.csv`) };
    const task = pool.run<LetterBatchResult>({ messages: batch, paths, layout }).catch((error: unknown) => {
      if (error instanceof Error) error.message = `batch ${name}: ${error.message}`;
      throw error;
    });
    // Nobody may see a rejection before it is awaited below: mark it handled now.
    task.catch(() => {});
    inFlight.push(task);
    done.push(task);
    // Back-pressure: wait for the oldest batch while every thread is busy.
    if (inFlight.length >= threads) await inFlight.shift();
  };
  try {
    let batch: ComposedMessage[] = [];
    for await (const message of messages) {
      batch.push(message);
      if (batch.length === batchSize) {
        await send(batch);
        batch = [];
      }
    }
    if (batch.length > 0) await send(batch);
    const batches = await Promise.all(done);
    return {
      batches,
      letters: batches.reduce((n, b) => n + b.letters, 0),
      pages: batches.reduce((n, b) => n + b.pages, 0),
      sheets: batches.reduce((n, b) => n + b.sheets, 0),
    };
  } finally {
    await Promise.allSettled(done);
    await pool.close();
  }
}
