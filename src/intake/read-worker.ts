// The reading thread (started by read-thread.ts): frames, parses and validates the bytes the main thread
// hands it, and posts validated batches on its own port. Its heap is small and capped, so the garbage of
// parsing millions of rows is made and collected here instead of growing the main thread's heap.
import { type MessagePort, parentPort, workerData } from "node:worker_threads";
import { VictimFileError } from "./columns.ts";
import { type ReaderInfo, readCsv } from "./csv.ts";
import { readJsonLines } from "./jsonl.ts";
import { validatedBatches } from "./validated.ts";

export interface ReadWorkerData {
  format: "csv" | "jsonl";
  breachCategories: string[];
  batchSize: number;
  /** Where batches go, in order; the parent is told of each on its own port ("ready"). */
  port: MessagePort;
  /** Batches posted ahead of the importer (the parent's "take" gives one more). */
  window: number;
}

/** Parent → worker. */
export type ToReader = { type: "chunk"; bytes: Uint8Array } | { type: "end" } | { type: "take" };
/** Worker → parent, on parentPort. */
export type ReaderSignal = { type: "pull" } | { type: "ready" };
/** Worker → parent, on the batch port. */
export type ReaderMessage =
  | { type: "batch"; batch: import("./validated.ts").ValidatedBatch }
  | { type: "done"; info: ReaderInfo }
  | { type: "error"; victimFile: boolean; code: string; message: string };

const data = workerData as ReadWorkerData;
const parent = parentPort;
if (!parent) throw new Error("read-worker.ts runs as a worker thread");

let chunkWaiter: ((message: ToReader) => void) | undefined;
let credit = data.window;
let creditWaiter: (() => void) | undefined;
parent.on("message", (message: ToReader) => {
  if (message.type === "take") {
    credit++;
    creditWaiter?.();
    creditWaiter = undefined;
    return;
  }
  const waiter = chunkWaiter;
  chunkWaiter = undefined;
  waiter?.(message);
});

/** The input, one chunk at a time, asked for only when the reader wants it. */
async function* input(): AsyncGenerator<Buffer> {
  for (;;) {
    const next = await new Promise<ToReader>((resolve) => {
      chunkWaiter = resolve;
      parent?.postMessage({ type: "pull" } satisfies ReaderSignal);
    });
    if (next.type !== "chunk") return;
    yield Buffer.from(next.bytes.buffer, next.bytes.byteOffset, next.bytes.byteLength);
  }
}

function send(message: ReaderMessage): void {
  data.port.postMessage(message);
  parent?.postMessage({ type: "ready" } satisfies ReaderSignal);
}

const info: ReaderInfo = { format: data.format };
try {
  const reader = data.format === "jsonl" ? readJsonLines(input(), info) : readCsv(input(), info);
  const context = { breachCategories: new Set(data.breachCategories) };
  for await (const batch of validatedBatches(reader, context, data.batchSize)) {
    // At most `window` batches wait in the port (serialised, off every heap) for the importer.
    while (credit <= 0) await new Promise<void>((resolve) => (creditWaiter = resolve));
    credit--;
    send({ type: "batch", batch });
  }
  send({ type: "done", info });
} catch (error) {
  const victimFile = error instanceof VictimFileError;
  send({
    type: "error",
    victimFile,
    code: victimFile ? error.code : "",
    message: error instanceof Error ? error.message : String(error),
  });
}
