/**
 * A pool of sealing workers (node:worker_threads), so the crypto of a bulk import runs on every core while
 * the main thread streams the sealed rows into COPY. Chunks come back in the order they were asked for.
 * Idle workers do not keep the process alive. Each worker's heap is capped (SEAL_WORKER_LIMITS): a chunk
 * needs a few megabytes, and an uncapped heap lets garbage grow to well over a hundred before collecting it.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { Keyring } from "./crypto.ts";
import type { SealRequest } from "./seal-worker.ts";
import { type SealedChunk, type SealOptions, sealRows, type VictimInput } from "./sealing.ts";

export interface SealPool {
  readonly threads: number;
  /** Seals `rows` in a worker (in this thread when the pool has none). */
  seal(breachId: string, rows: VictimInput[], options: SealOptions): Promise<SealedChunk>;
  close(): Promise<void>;
}

interface Pending {
  slot: Slot;
  resolve: (chunk: SealedChunk) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  busy: number;
}

/**
 * Heap caps per sealing worker. A chunk of CHUNK_ROWS victims (at most a few kilobytes each once validated)
 * with its sealed text needs a few megabytes; the rest is the keyring and the loaded code (~11 MB live). V8
 * lets garbage fill the old generation up to its cap before collecting it, so the cap is what the worker
 * costs. 32 + 4 MB sealed twice the largest chunk an import can send on a quiet machine (seal-pool.test.ts;
 * 20 MB did not) but ran out of heap once on a busy one, where V8's collector falls behind; 48 + 4 leaves
 * that margin for ~4 MB more at an import's peak (64 + 8 cost ~8 MB more).
 */
export const SEAL_WORKER_LIMITS = { maxOldGenerationSizeMb: 48, maxYoungGenerationSizeMb: 4 } as const;

/** Threads by default: one per core, leaving one for the main thread and the database on small machines. */
export function defaultSealThreads(): number {
  const fromEnv = Number(process.env.LEKWIJZER_SEAL_THREADS);
  if (Number.isInteger(fromEnv) && fromEnv >= 0) return fromEnv;
  return Math.min(4, Math.max(1, availableParallelism() - 1));
}

export function createSealPool(keys: Keyring, threads = defaultSealThreads()): SealPool {
  const pending = new Map<number, Pending>();
  const slots: Slot[] = [];
  let nextId = 1;
  const url = new URL("./seal-worker.ts", import.meta.url);
  const secrets = keys.secrets.map((secret) => new Uint8Array(secret));

  const start = (): Slot => {
    const worker = new Worker(url, { workerData: { secrets }, resourceLimits: SEAL_WORKER_LIMITS });
    const slot: Slot = { worker, busy: 0 };
    worker.unref();
    worker.on("message", (message: SealedChunk & { id: number; error?: string }) => {
      const waiting = pending.get(message.id);
      pending.delete(message.id);
      slot.busy--;
      if (slot.busy === 0) worker.unref();
      if (!waiting) return;
      if (message.error) waiting.reject(new Error(`Sealing failed: ${message.error}`));
      else {
        const chunk: SealedChunk = { text: message.text };
        if (message.codes) chunk.codes = message.codes;
        if (message.fingerprints) chunk.fingerprints = message.fingerprints;
        waiting.resolve(chunk);
      }
    });
    worker.on("error", (error) => {
      // A crashed worker fails what it held; the next request starts a fresh one in its place.
      for (const [id, waiting] of pending) {
        if (waiting.slot !== slot) continue;
        waiting.reject(error);
        pending.delete(id);
      }
      slots.splice(slots.indexOf(slot), 1);
    });
    slots.push(slot);
    return slot;
  };

  return {
    threads,
    seal(breachId, rows, options) {
      if (threads === 0) return Promise.resolve(sealRows(keys, breachId, rows, options));
      const idle = slots.reduce<Slot | undefined>(
        (best, s) => (!best || s.busy < best.busy ? s : best),
        undefined,
      );
      const slot = idle && (idle.busy === 0 || slots.length >= threads) ? idle : start();
      const id = nextId++;
      slot.busy++;
      slot.worker.ref();
      return new Promise<SealedChunk>((resolve, reject) => {
        pending.set(id, { slot, resolve, reject });
        const request: SealRequest = { id, breachId, rows, options };
        slot.worker.postMessage(request);
      });
    },
    async close() {
      await Promise.all(slots.splice(0).map((slot) => slot.worker.terminate()));
    },
  };
}

const shared = new WeakMap<Keyring, SealPool>();

/** The pool for a keyring, started on first use and shared by every bulk operation with that keyring. */
export function sealPoolFor(keys: Keyring): SealPool {
  let pool = shared.get(keys);
  if (!pool) {
    pool = createSealPool(keys);
    shared.set(keys, pool);
  }
  return pool;
}
