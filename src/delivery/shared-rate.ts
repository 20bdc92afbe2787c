/**
 * Per-channel sending rates held across all workers: each channel has one PostgreSQL token bucket (store's
 * `rateBuckets`), from which a worker takes small handfuls into its own reservoir.
 */
import type { SendChannel } from "../core/index.ts";
import { type Executor, rateBuckets } from "../store/index.ts";
import { sleep } from "./wait.ts";

export interface ChannelRate {
  /** Messages per second across all workers together. */
  perSecond: number;
  burst: number;
}

/** What the shared rate needs of the sender's context. */
export interface RateContext {
  db: Executor;
  rates?: Partial<Record<SendChannel, ChannelRate>>;
  /** Tokens this worker holds, per channel. */
  reservoir?: Map<SendChannel, number>;
}

/**
 * Tokens taken from a shared bucket at once: fewer round trips on one hot row, still held across workers.
 * At least 10 (fewer if the burst is smaller); at a high rate up to a twentieth of a second's worth, at most 100.
 */
function tokensPerTake(rate: ChannelRate): number {
  return Math.max(
    1,
    Math.min(Math.floor(rate.burst), Math.max(10, Math.min(100, Math.floor(rate.perSecond / 20)))),
  );
}

/**
 * Waits for a token of the channel's shared bucket (across all workers). Tokens are taken in small handfuls
 * into this worker's reservoir, so the bucket's row is updated once per handful rather than once per message.
 */
export async function passSharedRate(ctx: RateContext, channel: SendChannel): Promise<void> {
  const rate = ctx.rates?.[channel];
  if (!rate) return;
  if (!ctx.reservoir) ctx.reservoir = new Map();
  for (;;) {
    const held = ctx.reservoir.get(channel) ?? 0;
    if (held > 0) {
      ctx.reservoir.set(channel, held - 1);
      return;
    }
    const taken = await rateBuckets.take(ctx.db, {
      key: `channel:${channel}`,
      ratePerSecond: rate.perSecond,
      burst: rate.burst,
      wanted: tokensPerTake(rate),
    });
    if (taken.granted > 0) {
      ctx.reservoir.set(channel, (ctx.reservoir.get(channel) ?? 0) + taken.granted);
      continue;
    }
    await sleep(Math.max(5, Math.min(1_000, taken.waitMs)));
  }
}
