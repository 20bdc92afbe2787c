// Large files are read and validated in a thread of their own (read-worker.ts) with a small, capped heap.
// Parsing and validating a million rows makes hundreds of megabytes of short-lived garbage; in the main
// thread, which also holds the batches being sealed and written, V8 let that garbage grow the heap to
// ~270 MB (a 128 MB young generation and an old one collected late). Here it stays in the thread's cap.
//
// The main thread hands the worker the input a chunk at a time when it asks (so an upload stream works too),
// and takes validated batches when the importer is ready for the next one: they wait serialised in a
// MessagePort (`receiveMessageOnPort`), not as objects on the main heap, and the worker works at most
// `WINDOW` batches ahead.
import { MessageChannel, receiveMessageOnPort, Worker } from "node:worker_threads";
import { VictimFileError } from "./columns.ts";
import type { ReaderInfo } from "./csv.ts";
import type { ReaderMessage, ReaderSignal, ReadWorkerData, ToReader } from "./read-worker.ts";
import type { ValidatedBatch } from "./validated.ts";

/**
 * The reading thread's heap caps. Its live data is one batch being built (5,000 rows are a few MB; at most
 * 4 MiB of input) and a chunk of input; a small young generation keeps the garbage it collects small too.
 */
export const READ_WORKER_LIMITS = { maxOldGenerationSizeMb: 48, maxYoungGenerationSizeMb: 8 } as const;
const WINDOW = 2;

export async function* validatedInThread(
  source: AsyncIterable<Buffer>,
  options: { format: "csv" | "jsonl"; breachCategories: string[]; batchSize: number },
  info: ReaderInfo,
): AsyncGenerator<ValidatedBatch> {
  const { port1, port2 } = new MessageChannel();
  const workerData: ReadWorkerData = { ...options, port: port2, window: WINDOW };
  const worker = new Worker(new URL("./read-worker.ts", import.meta.url), {
    workerData,
    transferList: [port2],
    resourceLimits: READ_WORKER_LIMITS,
  });
  const input = source[Symbol.asyncIterator]();
  let ready = 0;
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const signal = () => {
    wake?.();
    wake = undefined;
  };
  const feed = async () => {
    try {
      const next = await input.next();
      if (next.done) worker.postMessage({ type: "end" } satisfies ToReader);
      else {
        // A copy the worker owns: a read stream's chunk may share its memory with others.
        const bytes = new Uint8Array(next.value);
        worker.postMessage({ type: "chunk", bytes } satisfies ToReader, [bytes.buffer]);
      }
    } catch (error) {
      failure = error as Error;
      signal();
    }
  };
  worker.on("message", (message: ReaderSignal) => {
    if (message.type === "pull") void feed();
    else {
      ready++;
      signal();
    }
  });
  worker.on("error", (error) => {
    failure = error;
    signal();
  });
  worker.on("exit", () => {
    failure ??= new Error("the reading thread stopped");
    signal();
  });
  try {
    for (;;) {
      while (ready === 0 && !failure) await new Promise<void>((resolve) => (wake = resolve));
      const received = ready > 0 ? receiveMessageOnPort(port1) : undefined;
      if (!received) {
        if (failure) throw failure;
        // "ready" came before its message reached the port: look again on the next turn.
        await new Promise<void>((resolve) => setImmediate(resolve));
        continue;
      }
      ready--;
      const message = received.message as ReaderMessage;
      if (message.type === "done") {
        Object.assign(info, message.info);
        return;
      }
      if (message.type === "error") {
        throw message.victimFile
          ? new VictimFileError(message.code, message.message)
          : new Error(`reading the file failed: ${message.message}`);
      }
      worker.postMessage({ type: "take" } satisfies ToReader);
      yield message.batch;
    }
  } finally {
    port1.close();
    await worker.terminate();
    await input.return?.();
  }
}
