/**
 * A delivery worker: works queue jobs (each a batch of one campaign's deliveries) and sweeps. The sweeper is
 * what makes the queue safe to lose: the deliveries table is the truth, jobs are only tickets. Every few
 * seconds each worker (they may overlap; claims use SKIP LOCKED) gives back rows a crashed worker left in
 * `sending`, puts due rows of running campaigns into jobs, and marks campaigns done when nothing is left.
 */
import { deliveries, campaigns as storedCampaigns } from "../store/index.ts";
import { finishIfComplete } from "./campaigns.ts";
import type { BatchQueueOptions, JobQueue } from "./queue.ts";
import { type SenderContext, sendBatch } from "./sender.ts";

export const DELIVERY_QUEUE = "deliveries";

export interface WorkerOptions {
  queue: JobQueue;
  /** Deliveries per job (default 200). */
  batchSize?: number;
  /** Jobs worked at once in this process (default 2). */
  jobConcurrency?: number;
  /** How often this worker sweeps (default 2 s). */
  sweepEveryMs?: number;
  /** A row in `sending` longer than this is taken to belong to a dead worker (default 2 min). */
  leaseMs?: number;
  /** A queued row whose job has not claimed it within this time is put into a new job (default 5 min). */
  reenqueueAfterMs?: number;
  queueOptions?: BatchQueueOptions;
  onError?(error: Error): void;
}

export interface DeliveryWorker {
  /** One sweep now (tests, and `campaign start` for an immediate first batch). */
  sweep(): Promise<{ enqueued: number; requeued: number; finished: number }>;
  stop(): Promise<void>;
}

export async function startDeliveryWorker(
  ctx: SenderContext,
  options: WorkerOptions,
): Promise<DeliveryWorker> {
  const { queue } = options;
  const batchSize = options.batchSize ?? 200;
  const leaseMs = options.leaseMs ?? 120_000;
  const reenqueueAfterMs = options.reenqueueAfterMs ?? 300_000;
  const onError =
    options.onError ?? ((error: Error) => process.emitWarning(`delivery worker: ${error.message}`));
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
      await sendBatch(ctx, campaignId, { ids: job.ids.map(Number) });
    },
    { concurrency: options.jobConcurrency ?? 2 },
  );

  let sweeping: Promise<{ enqueued: number; requeued: number; finished: number }> | undefined;
  const sweepOnce = async () => {
    const requeued = await deliveries.requeueStale(ctx.db, leaseMs);
    let enqueued = 0;
    let finished = 0;
    for (const campaign of await storedCampaigns.listRunning(ctx.db)) {
      for (;;) {
        const ids = await deliveries.takeForEnqueue(ctx.db, campaign.id, 10_000, reenqueueAfterMs);
        if (ids.length === 0) break;
        await queue.sendBatches(DELIVERY_QUEUE, ids.map(String), {
          batchSize,
          data: { campaignId: campaign.id },
        });
        enqueued += ids.length;
        if (ids.length < 10_000) break;
      }
      if (enqueued === 0 && (await finishIfComplete(ctx, campaign.id))) finished += 1;
    }
    if (ctx.metrics) {
      const depth = await queue.depth(DELIVERY_QUEUE);
      ctx.metrics.setQueueDepth(DELIVERY_QUEUE, depth);
    }
    return { enqueued, requeued, finished };
  };
  const sweep = () => {
    sweeping ??= sweepOnce().finally(() => {
      sweeping = undefined;
    });
    return sweeping;
  };

  let stopped = false;
  const timer = setInterval(() => {
    if (stopped) return;
    sweep().catch((error: Error) => onError(error));
  }, options.sweepEveryMs ?? 2_000);
  timer.unref();

  return {
    sweep,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await sweeping?.catch(() => undefined);
      await queue.stop({ graceful: true, timeoutMs: 30_000 });
    },
  };
}
