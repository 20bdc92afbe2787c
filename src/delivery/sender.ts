/**
 * Sends one batch of a campaign's deliveries: claim them, prepare each person's message (prepare.ts), send it
 * through the provider its channel names (dispatch.ts and the channel senders), and record what happened
 * (record-outcome.ts) — one row at a time, as it happens, so a crash loses at most the messages that were on
 * the wire (they are sent again with the same Message-ID). This file holds the batch's claim: renewed while it
 * is worked, and whatever was not recorded is given back when it ends, however it ends.
 */
import type { SendChannel } from "../core/index.ts";
import { deliveries } from "../store/index.ts";
import { type BatchRun, type ChannelSender, sendInLanes } from "./dispatch.ts";
import { emailChannel } from "./email-channel.ts";
import { letterChannel } from "./letter-channel.ts";
import { type BatchSelection, type Prepared, takeBatch } from "./prepare.ts";
import { type BatchRecorder, type BatchReport, batchRecorder, emptyReport } from "./record-outcome.ts";
import type { SenderContext } from "./sender-context.ts";
import { smsChannel } from "./sms-channel.ts";

/** A batch waits this long at most for a channel's circuit, then gives its rows back (due when it may close). */
const CIRCUIT_WAIT_MS = 60_000;

/**
 * Claims and sends a batch; `ids` are a queue job's deliveries (absent: any due ones, up to `limit`). With
 * `jobId`, the job is finished when the batch is: rows it did not send leave it, to be enqueued again.
 */
export async function sendBatch(
  ctx: SenderContext,
  campaignId: string,
  options: BatchSelection & { jobId?: string } = {},
): Promise<BatchReport> {
  const report = emptyReport();
  // Rows this batch holds and has not recorded yet: given back at once if the batch ends early.
  const inHand = new Set<number>();
  // While this batch is worked, keep its claims fresh: only a dead worker's claims go stale.
  const renew = setInterval(() => {
    deliveries.renewClaims(ctx.db, ctx.worker).catch((error: Error) => {
      ctx.log?.("warn", { error: error.message }, "claims not renewed");
    });
  }, ctx.claimRenewMs ?? 10_000);
  renew.unref();
  try {
    const recorder = batchRecorder(ctx, campaignId, report, inHand);
    const taken = await takeBatch(ctx, campaignId, options, recorder, inHand);
    report.claimed = taken.claimed;
    if (taken.items.length > 0) await workBatch(ctx, campaignId, taken.items, recorder);
  } finally {
    clearInterval(renew);
    if (inHand.size > 0) {
      // Stopped early (a stop, or an error): hand the rest back now rather than after the lease.
      report.released += await deliveries.release(ctx.db, ctx.worker, [...inHand]).catch(() => 0);
    }
  }
  if (options.jobId) await deliveries.finishJobs(ctx.db, [options.jobId]);
  return report;
}

/** Send, message by message in lanes, then the channels whose messages go together → recorded. */
async function workBatch(
  ctx: SenderContext,
  campaignId: string,
  items: readonly Prepared[],
  recorder: BatchRecorder,
): Promise<void> {
  const run: BatchRun = {
    ...recorder,
    campaignId,
    circuitDeadline: Date.now() + (ctx.circuitWaitMs ?? CIRCUIT_WAIT_MS),
  };
  const senders = channelSenders(ctx);
  const senderOf = (channel: SendChannel) => senders[channel];
  const each = items.filter((item) => senderOf(item.channel).handover === "each");
  await sendInLanes(ctx, each, run, (item) => senderOf(item.channel).send([item], run));
  for (const sender of Object.values(senders)) {
    if (sender.handover !== "together") continue;
    const together = items.filter((item) => item.channel === sender.channel);
    if (together.length > 0) await sender.send(together, run);
  }
}

function channelSenders(ctx: SenderContext): Record<SendChannel, ChannelSender> {
  return { email: emailChannel(ctx), sms: smsChannel(ctx), letter: letterChannel(ctx) };
}
