/**
 * Sending through a provider chosen by channel. Every channel has a `ChannelSender` (email-channel.ts,
 * sms-channel.ts, letter-channel.ts) with one shape: prepared messages in, every outcome recorded through the
 * batch's recorder. E-mail and SMS go one message at a time in the batch's lanes, behind the channel's
 * circuit; letters go together, after them, as one print batch.
 */
import { maskPersonalData, type SendChannel } from "../core/index.ts";
import { awaitCircuit, circuitOf, noteProviderAnswer } from "./circuit.ts";
import type { Prepared } from "./prepare.ts";
import type { Receipt } from "./providers.ts";
import type { BatchRecorder } from "./record-outcome.ts";
import type { SenderContext } from "./sender-context.ts";

/** The batch a channel sender works for: its recorder, plus what every channel needs to know of it. */
export interface BatchRun extends BatchRecorder {
  campaignId: string;
  /** Past this moment a message whose channel's circuit is open is given back rather than waited for. */
  circuitDeadline: number;
}

/** One channel's way out. */
export interface ChannelSender {
  readonly channel: SendChannel;
  /**
   * `each`: one message per call, in the batch's lanes (several connections at once); `together`: all the
   * batch's messages of this channel in one call, after the lanes are done.
   */
  readonly handover: "each" | "together";
  /** Sends the messages and records each one's outcome (or gives it back unsent) through `run`. */
  send(items: readonly Prepared[], run: BatchRun): Promise<void>;
}

/** What a message-at-a-time channel got for one message. */
export type MessageAnswer =
  /** The provider's answer: counted in the metrics and the channel's circuit. */
  | { from: "provider"; receipt: Receipt }
  /** Refused before any provider saw it (it could not be rendered): recorded, nothing else learned. */
  | { from: "renderer"; receipt: Receipt }
  /** Not sent now (a receiving domain backs off): given back unsent, due again then. */
  | { waitUntil: Date };

/** A provider or configuration that is missing or failing: never the recipient's doing. */
export class InfrastructureError extends Error {}

/**
 * Sends one message through `attempt` behind the channel's circuit, and records the outcome whatever happens
 * in between: a throw is the infrastructure's failure (the row waits, using no attempt, keeping its channel).
 */
export async function sendEach(
  ctx: SenderContext,
  item: Prepared,
  run: BatchRun,
  attempt: () => Promise<MessageAnswer>,
): Promise<void> {
  const { channel } = item;
  if (!(await awaitCircuit(ctx, channel, run.circuitDeadline))) {
    const circuit = circuitOf(ctx, channel);
    return run.giveBack([item], new Date(Math.max(Date.now(), circuit.openUntil)));
  }
  let answer: MessageAnswer;
  try {
    answer = await attempt();
  } catch (error) {
    // Not the person's doing: an adapter that threw, a missing provider, a database hiccup in the rate
    // bucket or the domain limiter.
    answer = { from: "provider", receipt: infrastructureFailure(error) };
  }
  if ("waitUntil" in answer) return run.giveBack([item], answer.waitUntil);
  const { receipt } = answer;
  if (answer.from === "renderer") return run.finish(item, receipt);
  ctx.metrics?.recordReceipt(channel, receipt, channel === "email" ? item.to : undefined);
  await noteProviderAnswer(ctx, channel, receipt);
  await run.finish(item, receipt, receipt.outcome === "sent" ? { providerId: receipt.providerId } : {});
}

/**
 * Sends `items` one at a time over `concurrency` lanes. Before each message a lane checks the campaign status
 * learned from its previous outcome write and whether the worker is stopping: a pause, a cancel or a stop ends
 * each lane within one message, and what no lane took is given back at once.
 *
 * A lane that fails (its outcome could not be recorded) stops the others from taking more, and the failure
 * is raised only once every lane has finished the message in its hands: the batch then gives back what it
 * still holds, and no lane is still sending one of those rows while another worker may claim it.
 */
export async function sendInLanes(
  ctx: SenderContext,
  items: readonly Prepared[],
  run: BatchRun,
  sendOne: (item: Prepared) => Promise<void>,
): Promise<void> {
  const concurrency = Math.max(1, ctx.concurrency ?? 8);
  let next = 0;
  let failure: { error: unknown } | undefined;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        if (failure || !run.isRunning() || ctx.stopping?.aborted) return;
        const item = items[next++] as Prepared;
        try {
          await sendOne(item);
        } catch (error) {
          failure ??= { error };
          return;
        }
      }
    }),
  );
  if (failure) throw failure.error;
  if (next < items.length) await run.giveBack(items.slice(next));
}

/**
 * Renders a message for its channel; a rendering failure is about this message, not the provider, so it is a
 * rejection (the next channel may still work), with any contact data masked out of the reason.
 */
export function renderOrReject<T extends object>(
  render: () => T,
): T | { from: "renderer"; receipt: Receipt } {
  try {
    return render();
  } catch (error) {
    return renderRejection(error);
  }
}

/** As `renderOrReject`, for a renderer that finishes off the event loop (an e-mail's DKIM signature). */
export async function renderOrRejectAsync<T extends object>(
  render: () => Promise<T>,
): Promise<T | { from: "renderer"; receipt: Receipt }> {
  try {
    return await render();
  } catch (error) {
    return renderRejection(error);
  }
}

function renderRejection(error: unknown): { from: "renderer"; receipt: Receipt } {
  return {
    from: "renderer",
    receipt: {
      outcome: "rejected",
      reason: `not rendered: ${maskPersonalData((error as Error).message)}`.slice(0, 300),
    },
  };
}

/** The receipt for a failure of ours or the provider's, its reason with any contact data masked. */
export function infrastructureFailure(error: unknown, prefix = ""): Receipt {
  return {
    outcome: "deferred",
    reason: `${prefix}${maskPersonalData(String((error as Error).message))}`.slice(0, 300),
    infrastructure: true,
  };
}
