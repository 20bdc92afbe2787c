/**
 * A small pool of worker threads for CPU-heavy rendering, so no request or batch can starve the event loop.
 * Each task has a time limit; a worker that passes it (or runs out of its memory limit) is terminated and
 * replaced, and the task fails with a clear error. Idle workers are kept for reuse and never keep the
 * process alive.
 */
import { Worker } from "node:worker_threads";

export interface ThreadLimits {
  /** Wall-clock time a task may take. */
  timeoutMs: number;
  /** V8 old-generation heap of one worker; passing it ends the worker (ERR_WORKER_OUT_OF_MEMORY). */
  maxHeapMb: number;
  /** V8 young generation of one worker; larger means fewer collections of short-lived objects. */
  youngHeapMb?: number;
}

export class RenderTimeoutError extends Error {
  readonly timeoutMs: number;
  constructor(what: string, timeoutMs: number) {
    super(`${what} took longer than ${timeoutMs} ms and was stopped`);
    this.name = "RenderTimeoutError";
    this.timeoutMs = timeoutMs;
  }
}

export class RenderResourceError extends Error {
  constructor(what: string, cause: string) {
    super(`${what} was stopped: ${cause}`);
    this.name = "RenderResourceError";
  }
}

export class RenderBusyError extends Error {
  constructor(what: string) {
    super(`too many ${what} tasks are waiting; try again shortly`);
    this.name = "RenderBusyError";
  }
}

/** An error as it crosses the thread boundary: its name, message and own data fields. */
export interface SerialisedError {
  name: string;
  message: string;
  fields: Record<string, unknown>;
}

export function serialiseError(error: unknown): SerialisedError {
  if (!(error instanceof Error)) return { name: "Error", message: String(error), fields: {} };
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(error)) {
    if (["string", "number", "boolean"].includes(typeof value) || value === undefined) fields[key] = value;
  }
  return { name: error.name, message: error.message, fields };
}

/** Loading a worker's modules (pdfkit, fonts, the framework) can take seconds on a busy machine. */
const STARTUP_MS = 30_000;

/** Called by a worker script once its modules are loaded; the pool starts the task's clock after that. */
export function announceReady(port: { postMessage(message: unknown): void } | null): void {
  port?.postMessage({ ready: true });
}

type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: SerialisedError };

interface Task {
  id: number;
  /** Dropped once posted: the worker has its own copy. */
  payload: unknown;
  limits: ThreadLimits;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export class ThreadPool {
  readonly #script: URL;
  readonly #what: string;
  readonly #size: number;
  readonly #queueLimit: number;
  readonly #limits: ThreadLimits;
  readonly #revive: (error: SerialisedError) => Error;
  readonly #idle: Worker[] = [];
  readonly #queue: Task[] = [];
  #running = 0;
  #nextId = 1;

  constructor(options: {
    script: URL;
    what: string;
    size: number;
    queueLimit: number;
    limits: ThreadLimits;
    revive: (error: SerialisedError) => Error;
  }) {
    this.#script = options.script;
    this.#what = options.what;
    this.#size = Math.max(1, options.size);
    this.#queueLimit = options.queueLimit;
    this.#limits = options.limits;
    this.#revive = options.revive;
  }

  run<T>(payload: unknown, limits: Partial<ThreadLimits> = {}): Promise<T> {
    if (this.#queue.length >= this.#queueLimit) return Promise.reject(new RenderBusyError(this.#what));
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({
        id: this.#nextId++,
        payload,
        limits: { ...this.#limits, ...limits },
        resolve: resolve as (v: unknown) => void,
        reject,
      });
      this.#pump();
    });
  }

  /** Ends the idle workers (busy ones end when their task is done and the pool is not used again). */
  async close(): Promise<void> {
    const idle = this.#idle.splice(0);
    await Promise.all(idle.map((w) => w.terminate()));
  }

  #pump(): void {
    while (this.#running < this.#size && this.#queue.length > 0) {
      const task = this.#queue.shift() as Task;
      this.#running++;
      this.#start(task);
    }
  }

  #start(task: Task): void {
    const limits = task.limits;
    const reused = this.#idle.pop();
    if (reused) {
      this.#send(reused, task);
      return;
    }
    const worker = new Worker(this.#script, {
      resourceLimits: {
        maxOldGenerationSizeMb: limits.maxHeapMb,
        ...(limits.youngHeapMb ? { maxYoungGenerationSizeMb: limits.youngHeapMb } : {}),
        stackSizeMb: 4,
      },
    });
    worker.unref();
    // The time limit is for the task, not for loading the worker's modules: wait for the worker to say so.
    const failStart = (error: Error) => {
      clearTimeout(startTimer);
      worker.off("message", onReady);
      void worker.terminate();
      this.#running--;
      task.reject(new RenderResourceError(this.#what, `the worker thread did not start (${error.message})`));
      this.#pump();
    };
    const onReady = (message: unknown) => {
      if ((message as { ready?: boolean }).ready !== true) return;
      clearTimeout(startTimer);
      worker.off("message", onReady);
      worker.off("error", failStart);
      this.#send(worker, task);
    };
    const startTimer = setTimeout(
      () => failStart(new Error(`not ready within ${STARTUP_MS} ms`)),
      STARTUP_MS,
    );
    worker.on("message", onReady);
    worker.once("error", failStart);
  }

  #send(worker: Worker, task: Task): void {
    const limits = task.limits;
    let settled = false;
    const finish = (reuse: boolean) => {
      settled = true;
      clearTimeout(timer);
      worker.off("message", onMessage);
      worker.off("error", onError);
      worker.off("exit", onExit);
      this.#running--;
      if (reuse && this.#idle.length < this.#size) this.#idle.push(worker);
      else void worker.terminate();
      this.#pump();
    };
    const onMessage = (reply: Reply) => {
      if (settled || reply.id !== task.id) return;
      finish(true);
      if (reply.ok) task.resolve(reply.value);
      else task.reject(this.#revive(reply.error));
    };
    const onError = (error: Error) => {
      if (settled) return;
      finish(false);
      const code = (error as { code?: string }).code;
      task.reject(
        new RenderResourceError(
          this.#what,
          code === "ERR_WORKER_OUT_OF_MEMORY"
            ? `it needed more than ${limits.maxHeapMb} MB of memory`
            : error.message,
        ),
      );
    };
    const onExit = (code: number) => {
      if (settled) return;
      finish(false);
      task.reject(new RenderResourceError(this.#what, `the worker thread ended (exit code ${code})`));
    };
    const timer = setTimeout(() => {
      if (settled) return;
      finish(false);
      task.reject(new RenderTimeoutError(this.#what, limits.timeoutMs));
    }, limits.timeoutMs);
    worker.on("message", onMessage);
    worker.on("error", onError);
    worker.on("exit", onExit);
    worker.postMessage({ id: task.id, payload: task.payload });
    task.payload = undefined;
  }
}
