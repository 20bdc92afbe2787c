/**
 * The import worker: takes stored uploads off the queue (any organisation's, oldest first, SKIP LOCKED so
 * workers on several machines never take the same one) and imports each under its uploader's name and
 * organisation. It runs in `lekwijzer worker` and, in embedded mode, in the server's process; the web process
 * of a production set-up never imports. A worker that dies mid-import leaves a job whose heartbeat stops: the
 * sweep queues it again (the victim writer skips rows already stored), up to IMPORT_MAX_ATTEMPTS tries.
 */
import { imports } from "../store/index.ts";
import { uploaderActor } from "./actor.ts";
import { ownBreach } from "./breaches.ts";
import type { OperationContext } from "./context.ts";
import { openStoredUpload } from "./import-upload.ts";
import { runImport } from "./imports.ts";

export interface ImportWorkerOptions {
  /** How long an idle worker waits before it looks for a queued upload again (default 1 s). */
  pollMs?: number;
  /** How often stale jobs are settled (queued again or failed; default 30 s). */
  sweepMs?: number;
  /** An import that failed, or the loop itself: for the log (no personal data is in these errors' names). */
  onError?: (error: unknown, importId?: string) => void;
}

export interface ImportWorker {
  /** Resolves when the queue was empty at least once since the call (tests wait on it). */
  idle(): Promise<void>;
  /**
   * Stops taking new uploads and waits up to `timeoutMs` (default 5 s) for the import in hand; one that runs
   * longer is left to the process's end, and the sweep queues it again once its heartbeat stops.
   */
  stop(timeoutMs?: number): Promise<void>;
}

/** Claims and runs one queued upload; false when there was none. */
async function workOne(ctx: OperationContext, onError: ImportWorkerOptions["onError"]): Promise<boolean> {
  const claimed = await imports.claimNextAcrossOrganisations(ctx.db);
  if (!claimed) return false;
  const { job, organisationId } = claimed;
  const actor = uploaderActor(job.actor, organisationId);
  try {
    const breach = await ownBreach(ctx, organisationId, job.breachId);
    await runImport(
      ctx,
      actor,
      { breach, job },
      {
        input: openStoredUpload(ctx, job.id),
        format: claimed.format,
        ...(claimed.totalBytes !== null ? { totalBytes: claimed.totalBytes } : {}),
      },
    );
  } catch (error) {
    onError?.(error, job.id);
  } finally {
    await imports.dropUpload(ctx.db, job.id).catch(() => {});
  }
  return true;
}

export function startImportWorker(ctx: OperationContext, options: ImportWorkerOptions = {}): ImportWorker {
  const pollMs = options.pollMs ?? 1_000;
  const sweepMs = options.sweepMs ?? 30_000;
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;
  let lastSweep = 0;
  let waiters: (() => void)[] = [];
  let running: Promise<void> = Promise.resolve();

  const tick = async () => {
    if (Date.now() - lastSweep >= sweepMs) {
      lastSweep = Date.now();
      await imports.failInterruptedAcrossOrganisations(ctx.db);
    }
    while (!stopping && (await workOne(ctx, options.onError))) {}
    for (const wake of waiters) wake();
    waiters = [];
  };
  const loop = () => {
    running = tick()
      .catch((error) => options.onError?.(error))
      .finally(() => {
        if (!stopping) timer = setTimeout(loop, pollMs);
      });
  };
  loop();
  return {
    idle: () => new Promise<void>((resolve) => waiters.push(resolve)),
    async stop(timeoutMs = 5_000) {
      stopping = true;
      clearTimeout(timer);
      let waited: NodeJS.Timeout | undefined;
      await Promise.race([running, new Promise((resolve) => (waited = setTimeout(resolve, timeoutMs)))]);
      clearTimeout(waited);
    },
  };
}
