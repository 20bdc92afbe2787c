/**
 * What a guesser learns from is an answer that found nothing ("this code is not known"). The limits of
 * "Is dit bericht echt?" and "Mijn plan" count every look-up in each server process's memory; this budget
 * counts the look-ups that found nothing across every process and machine, per network and overall, in
 * `rate_buckets` (one atomic statement per bucket, database clock). With several web processes behind a load
 * balancer, a network gets the same number of unanswered guesses as with one, not one allowance per process.
 *
 * A look-up that finds something costs no database write, so people checking genuine messages never wait on
 * it. Once a budget is spent, the process that learns it refuses that network (or everyone, for the overall
 * budget) before any look-up until tokens are back; another process learns it at its own next miss, so at most
 * one more answer per process gets through. The network is stored only as a keyed hash.
 */
import { type Executor, type Keyring, rateBuckets } from "../store/index.ts";

export interface GuessWindow {
  max: number;
  windowMs: number;
}

export interface GuessBudget {
  /** Milliseconds to wait when this process knows the network's or the overall budget is spent; else null. */
  blockedFor(network: string): number | null;
  /** Counts a look-up that found nothing; the milliseconds to wait when a budget is now spent, else null. */
  chargeMiss(network: string): Promise<number | null>;
}

/** Blocks remembered at most; beyond it expired ones are dropped first, then the oldest. */
const MAX_BLOCKS = 10_000;
/** Buckets untouched this long are full again and deleted (recreated full on their next use). */
const SWEEP_EVERY_MS = 60_000;

export function guessBudget(
  store: { db: Executor; keys: Keyring },
  scope: string,
  limits: { perNetwork: GuessWindow; overall: GuessWindow },
): GuessBudget {
  const blockedUntil = new Map<string, number>();
  const overallKey = `guess:${scope}:all`;
  const networkKey = (network: string) =>
    `guess:${scope}:net:${store.keys.lookupHash("rate-network", network).slice(0, 32)}`;
  const longestWindow = Math.max(limits.perNetwork.windowMs, limits.overall.windowMs);
  let nextSweep = 0;

  const block = (local: string, ms: number) => {
    if (blockedUntil.size >= MAX_BLOCKS) {
      const now = Date.now();
      for (const [key, until] of blockedUntil) if (until <= now) blockedUntil.delete(key);
      if (blockedUntil.size >= MAX_BLOCKS) blockedUntil.delete(blockedUntil.keys().next().value as string);
    }
    blockedUntil.set(local, Date.now() + ms);
  };

  const charge = async (key: string, local: string, window: GuessWindow): Promise<number | null> => {
    const taken = await rateBuckets.take(store.db, {
      key,
      ratePerSecond: (Math.max(1, window.max) * 1000) / window.windowMs,
      burst: Math.max(1, window.max),
      wanted: 1,
    });
    if (taken.granted > 0) return null;
    block(local, taken.waitMs);
    return taken.waitMs;
  };

  return {
    blockedFor(network) {
      const now = Date.now();
      const until = Math.max(blockedUntil.get(overallKey) ?? 0, blockedUntil.get(network) ?? 0);
      return until > now ? until - now : null;
    },
    async chargeMiss(network) {
      if (Date.now() >= nextSweep) {
        nextSweep = Date.now() + SWEEP_EVERY_MS;
        void rateBuckets.sweep(store.db, `guess:${scope}:`, longestWindow).catch(() => {});
      }
      const overall = await charge(overallKey, overallKey, limits.overall);
      const own = await charge(networkKey(network), network, limits.perNetwork);
      return overall ?? own;
    },
  };
}
