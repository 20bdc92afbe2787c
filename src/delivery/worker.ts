/**
 * A delivery worker: works queue jobs (each a batch of one campaign's deliveries) and sweeps. The deliveries
 * table is the truth, jobs are tickets: each due row is put into exactly one job (the row names it), and is
 * enqueued again only when it comes back to the queue (a deferral, a fallback, a release) or its job is gone
 * from the queue for good (failed, deleted, never inserted). Every few seconds each worker (they may overlap;
 * every statement is safe to race) gives back rows a dead worker left in `sending`, enqueues due rows of
 * running campaigns, and marks campaigns done when nothing is left; less often it looks for lost jobs and
 * applies reports that arrived before their delivery was recorded.
 */
import { randomUUID } from "node:crypto";
import { deliveries, campaigns as storedCampaigns } from "../store/index.ts";
import { applyPendingFeedback } from "./bounce-reports.ts";
import { finishIfComplete } from "./campaigns.ts";
import type { BatchQueueOptions, JobQueue } from "./queue.ts";
import { sendBatch } from "./sender.ts";
import type { SenderContext } from "./sender-context.ts";

export const DELIVERY_QUEUE = "deliveries";

export interface WorkerOptions {
  queue: JobQueue;
  /** Deliveries per job (default 200). */
  batchSize?: number;
  /** Jobs worked at once in this process (default 2). */
  jobConcurrency?: number;
  /** How often an idle worker asks the queue for a job (default 2 s; pg-boss's floor is 0.5 s). */
  pollingIntervalSeconds?: number;
  /** How often this worker sweeps (default 2 s). */
  sweepEveryMs?: number;
  /** A row in `sending` longer than this is taken to belong to a dead worker (default 2 min). */
  leaseMs?: number;
  /**
   * How long a job may be missing from the queue before its rows are enqueued again (default 5 min): the
   * grace between registering a job and inserting it. A job that is waiting or running is never replaced.
   */
  reenqueueAfterMs?: number;
  /** How often to look for lost jobs and waiting reports (default 30 s). */
  slowSweepEveryMs?: number;
  /** A row whose worker died this many times while sending it is set aside (default 3). */
  maxLostClaims?: number;
  queueOptions?: BatchQueueOptions;
  onError?(error: Error): void;
}

export interface SweepReport {
  enqueued: number;
  requeued: number;
  /** Rows set aside because their message stopped its worker again and again. */
  setAside: number;
  /** Lost jobs whose rows were put back for enqueuing. */
  orphanedJobs: number;
  finished: number;
}

export interface DeliveryWorker {
  /** One sweep now (tests, and `campaign start` for an immediate first batch). */
  sweep(): Promise<SweepReport>;
  /**
   * A campaign started: sweep now, or once more right after the sweep under way (which may have listed the
   * running campaigns before this one started).
   */
  wake(): void;
  /** Stops: every batch finishes the message in hand and gives the rest of its claim back at once. */
  stop(): Promise<void>;
}

/** Reports that never found their delivery are dropped after a week. */
const FEEDBACK_KEEP_MS = 7 * 24 * 3600_000;

export async function startDeliveryWorker(
  ctx: SenderContext,
  options: WorkerOptions,
): Promise<DeliveryWorker> {
  const { queue } = options;
  const batchSize = options.batchSize ?? 200;
  const leaseMs = options.leaseMs ?? 120_000;
  const reenqueueAfterMs = options.reenqueueAfterMs ?? 300_000;
  const slowEvery = options.slowSweepEveryMs ?? 30_000;
  const onError =
    options.onError ?? ((error: Error) => process.emitWarning(`delivery worker: ${error.message}`));
  const stopping = new AbortController();
  const context: SenderContext = {
    ...ctx,
    stopping: ctx.stopping ? AbortSignal.any([ctx.stopping, stopping.signal]) : stopping.signal,
  };
  await queue.createQueue(DELIVERY_QUEUE, {
    retryLimit: 5,
    expireInSeconds: 15 * 60,
    heartbeatSeconds: 30,
    ...options.queueOptions,
  });
  await queue.work<{ campaignId: string }>(
    DELIVERY_QUEUE,
    async (job) => {
      const campaignId = job.data?.campaignId;
      if (!campaignId) return;
      await sendBatch(context, campaignId, { ids: job.ids.map(Number), jobId: job.jobId });
      // The last job marks its campaign done now, not at the next sweep. A failure must not fail a batch
      // whose messages went out: the sweep marks the campaign done later.
      await finishIfLastJob(ctx, campaignId).catch((error: Error) => onError(error));
    },
    {
      concurrency: options.jobConcurrency ?? 2,
      ...(options.pollingIntervalSeconds ? { pollingIntervalSeconds: options.pollingIntervalSeconds } : {}),
    },
  );

  let lastSlowSweep = 0;
  const sweeps = oneSweepAtATime(
    async (): Promise<SweepReport> => {
      const report: SweepReport = { enqueued: 0, requeued: 0, setAside: 0, orphanedJobs: 0, finished: 0 };
      await requeueStale(ctx, report, leaseMs, options.maxLostClaims ?? 3);
      if (Date.now() - lastSlowSweep >= slowEvery) {
        lastSlowSweep = Date.now();
        await slowSweep(ctx, queue, report, reenqueueAfterMs);
      }
      await enqueueDue(ctx, queue, report, batchSize);
      if (ctx.metrics) {
        const depth = await queue.depth(DELIVERY_QUEUE);
        ctx.metrics.setQueueDepth(DELIVERY_QUEUE, depth);
      }
      return report;
    },
    { stopping: stopping.signal, onError },
  );
  const { sweep } = sweeps;

  const timer = setInterval(() => {
    if (stopping.signal.aborted) return;
    sweep().catch((error: Error) => onError(error));
  }, options.sweepEveryMs ?? 2_000);
  timer.unref();

  return {
    sweep,
    wake: sweeps.wake,
    async stop() {
      stopping.abort();
      clearInterval(timer);
      await sweeps.current()?.catch(() => undefined);
      await queue.stop({ graceful: true, timeoutMs: 30_000 });
    },
  };
}

/**
 * Runs sweeps one at a time: a sweep asked for while one is under way is that one. A wake-up (a campaign
 * started) during a sweep asks for one more right after it, as the sweep under way may have listed the
 * running campaigns before the new one started.
 */
function oneSweepAtATime(
  sweepOnce: () => Promise<SweepReport>,
  o: { stopping: AbortSignal; onError(error: Error): void },
) {
  let sweeping: Promise<SweepReport> | undefined;
  let again = false;
  const sweep = (): Promise<SweepReport> => {
    const running =
      sweeping ??
      sweepOnce().finally(() => {
        sweeping = undefined;
        if (again && !o.stopping.aborted) {
          again = false;
          sweep().catch((error: Error) => o.onError(error));
        }
      });
    sweeping = running;
    return running;
  };
  return {
    sweep,
    wake() {
      if (o.stopping.aborted) return;
      if (sweeping) again = true;
      else sweep().catch((error: Error) => o.onError(error));
    },
    current: () => sweeping,
  };
}

/**
 * Marks the campaign done if nothing is left to send, unless another of its jobs is still registered: that
 * one looks when it ends (each job's registration goes before it looks, so the last to end finds none). The
 * look at the deliveries themselves is then made once per campaign rather than once per job.
 */
async function finishIfLastJob(ctx: SenderContext, campaignId: string): Promise<void> {
  if (await deliveries.hasJobs(ctx.db, campaignId)) return;
  await finishIfComplete(ctx, campaignId);
}

/** Gives back rows dead workers left in `sending`; sets aside those that stopped their worker again and again. */
async function requeueStale(
  ctx: SenderContext,
  report: SweepReport,
  leaseMs: number,
  maxLostClaims: number,
): Promise<void> {
  const stale = await deliveries.requeueStale(ctx.db, leaseMs, maxLostClaims);
  report.requeued = stale.requeued;
  report.setAside = stale.setAside;
  if (stale.setAside > 0) {
    ctx.log?.(
      "warn",
      { setAside: stale.setAside },
      "messages set aside: they stopped their worker repeatedly",
    );
  }
}

/** The less frequent part: jobs pg-boss lost, and reports that arrived before their delivery was recorded. */
async function slowSweep(
  ctx: SenderContext,
  queue: JobQueue,
  report: SweepReport,
  reenqueueAfterMs: number,
): Promise<void> {
  const lost = await deliveries.orphanedJobs(ctx.db, {
    queue: DELIVERY_QUEUE,
    schema: queue.schema,
    graceMs: reenqueueAfterMs,
  });
  if (lost.length > 0) {
    await deliveries.finishJobs(ctx.db, lost);
    report.orphanedJobs = lost.length;
    ctx.log?.("warn", { jobs: lost.length }, "queue jobs lost: their rows are enqueued again");
  }
  await applyPendingFeedback(ctx);
  await deliveries.expireFeedback(ctx.db, FEEDBACK_KEEP_MS);
}

/** Puts each running campaign's due rows into jobs (each row into one job), and marks finished ones done. */
async function enqueueDue(
  ctx: SenderContext,
  queue: JobQueue,
  report: SweepReport,
  batchSize: number,
): Promise<void> {
  for (const campaign of await storedCampaigns.listRunning(ctx.db)) {
    let enqueued = 0;
    for (;;) {
      const batches = await deliveries.takeForEnqueue(ctx.db, campaign.id, 10_000, batchSize);
      if (batches.length === 0) break;
      await queue.sendJobs(
        DELIVERY_QUEUE,
        batches.map((b) => ({ id: b.jobId, ids: b.ids.map(String), data: { campaignId: campaign.id } })),
      );
      const taken = batches.reduce((n, b) => n + b.ids.length, 0);
      enqueued += taken;
      if (taken < 10_000) break;
    }
    report.enqueued += enqueued;
    if (enqueued === 0 && (await finishIfComplete(ctx, campaign.id))) report.finished += 1;
  }
}

/**
 * A worker's identity: host and process for people reading it, plus a random part that alone makes it unique,
 * so a restarted container (same host name, pid 1) never passes for the process it replaces.
 */
export function workerName(): string {
  return `${process.env.HOSTNAME ?? "host"}:${process.pid}:${randomUUID()}`;
}
