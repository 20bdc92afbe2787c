/**
 * Letters' way out: the batch's letters go together as one print batch. The batch is named on its rows before
 * it is written, and the print folder marks it complete only with its manifest: letters whose recorded batch
 * is already complete (the worker died after writing, before recording) count as sent and are not printed
 * again; what an interrupted batch left behind is discarded.
 */
import { deliveries } from "../store/index.ts";
import { noteProviderAnswer } from "./circuit.ts";
import { type BatchRun, type ChannelSender, infrastructureFailure } from "./dispatch.ts";
import type { Prepared } from "./prepare.ts";
import type { LetterOutput, Receipt } from "./providers.ts";
import type { SenderContext } from "./sender-context.ts";

export function letterChannel(ctx: SenderContext): ChannelSender {
  return {
    channel: "letter",
    handover: "together",
    async send(items, run) {
      if (ctx.stopping?.aborted || !run.isRunning()) return run.giveBack(items);
      if ((await deliveries.campaignStatusOf(ctx.db, run.campaignId)) !== "running")
        return run.giveBack(items);
      const output = ctx.letters;
      if (!output) {
        for (const item of items) {
          await run.finish(item, {
            outcome: "deferred",
            reason: "no letter output is configured",
            infrastructure: true,
          });
        }
        return;
      }
      const todo = await finishWritten(output, items, run);
      if (todo.length > 0) await printBatch(ctx, output, todo, run);
    },
  };
}

/** Records letters whose batch is already complete as sent; returns the others, after discarding leftovers. */
async function finishWritten(
  output: LetterOutput,
  items: readonly Prepared[],
  run: BatchRun,
): Promise<Prepared[]> {
  const written = items.filter(
    (item) => item.claimed.providerId && output.isComplete(item.claimed.providerId),
  );
  for (const item of written) {
    await run.finish(item, { outcome: "sent", providerId: item.claimed.providerId as string });
  }
  const todo = items.filter((item) => !written.includes(item));
  for (const stale of new Set(todo.map((item) => item.claimed.providerId))) if (stale) output.discard(stale);
  return todo;
}

/** Names a new batch on the rows still held, writes it, and records each letter's receipt. */
async function printBatch(
  ctx: SenderContext,
  output: LetterOutput,
  todo: readonly Prepared[],
  run: BatchRun,
): Promise<void> {
  const batch = output.newBatch();
  const held = await deliveries.assignPrintBatch(
    ctx.db,
    ctx.worker,
    todo.map((item) => item.claimed.id),
    batch,
  );
  const kept = todo.filter((item) => held.has(item.claimed.id));
  let receipts: Receipt[];
  try {
    receipts = await output.send(
      batch,
      kept.map((item) => ({ deliveryId: item.claimed.id, message: item.message })),
    );
  } catch (error) {
    receipts = kept.map(() => infrastructureFailure(error, "print batch not written: "));
  }
  for (const [i, item] of kept.entries()) {
    const receipt: Receipt = receipts[i] ?? {
      outcome: "deferred",
      reason: "no receipt from the letter output",
      infrastructure: true,
    };
    ctx.metrics?.recordReceipt("letter", receipt);
    await noteProviderAnswer(ctx, "letter", receipt);
    await run.finish(item, receipt, receipt.outcome === "sent" ? { providerId: batch } : {});
  }
}
