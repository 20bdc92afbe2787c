/**
 * Per-client rate limits on the endpoints that compute (assessments, plans, previews, the advice form).
 *
 * One bucket per client across all limited routes: @fastify/rate-limit gives every route its own store by
 * default, which lets a client spend the full allowance on each route in turn. The client is `request.ip`,
 * which honours `X-Forwarded-For` only when TRUST_PROXY says which proxies to believe; IPv6 clients are
 * counted per /64 (one household or host usually holds a whole /64), and an IPv4-mapped IPv6 address counts
 * as the IPv4 address it maps.
 *
 * A client's bucket lives until its window ends, whatever else arrives: an attacker who cycles through many
 * addresses cannot push his own bucket out and start afresh. Memory is bounded by failing closed: while the
 * table is full of live buckets, a client without one is limited until buckets expire.
 */
import rateLimit, { type FastifyRateLimitStore } from "@fastify/rate-limit";
import type { FastifyInstance } from "fastify";
import { ProblemError } from "./problems.ts";

interface Counter {
  current: number;
  /** When the window of this bucket ends (epoch ms). */
  endsAt: number;
}

type Callback = (error: Error | null, result: { current: number; ttl: number }) => void;

/** Live buckets kept at most (about 100 bytes each); beyond it new clients are limited, never old ones forgotten. */
export const DEFAULT_RATE_LIMIT_CLIENTS = 100_000;

/** Fixed-window counters shared by every limited route of one server, each kept until its window ends. */
export class SharedBucketStore implements FastifyRateLimitStore {
  readonly #counters = new Map<string, Counter>();
  readonly #maxClients: number;
  #nextSweep = 0;

  constructor(options: { maxClients?: number } = {}) {
    this.#maxClients = options.maxClients ?? DEFAULT_RATE_LIMIT_CLIENTS;
  }

  /** Drops buckets whose window has ended, and only those. */
  #sweep(now: number): void {
    for (const [key, counter] of this.#counters) if (counter.endsAt <= now) this.#counters.delete(key);
  }

  #touch(key: string, timeWindow: number, increment: boolean): { current: number; ttl: number } {
    const now = Date.now();
    if (now >= this.#nextSweep) {
      this.#sweep(now);
      this.#nextSweep = now + Math.min(timeWindow, 10_000);
    }
    let counter = this.#counters.get(key);
    if (counter && counter.endsAt <= now) {
      this.#counters.delete(key);
      counter = undefined;
    }
    if (!counter) {
      if (this.#counters.size >= this.#maxClients) {
        // Full of live buckets: limit the newcomer rather than forget anyone (fail closed).
        return { current: Number.MAX_SAFE_INTEGER, ttl: timeWindow };
      }
      counter = { current: 0, endsAt: now + timeWindow };
      if (increment) this.#counters.set(key, counter);
    }
    if (increment) counter.current += 1;
    return { current: counter.current, ttl: Math.max(0, counter.endsAt - now) };
  }

  incr(key: string, callback: Callback, timeWindow: number): void {
    callback(null, this.#touch(key, timeWindow, true));
  }

  read(key: string, callback: Callback, timeWindow: number): void {
    callback(null, this.#touch(key, timeWindow, false));
  }

  /** Every route shares this store: that is the point. */
  child(): SharedBucketStore {
    return this;
  }
}

export async function registerRateLimit(
  app: FastifyInstance,
  perMinute: number,
  maxClients: number = DEFAULT_RATE_LIMIT_CLIENTS,
): Promise<void> {
  await app.register(rateLimit, {
    // Only routes that opt in (config.rateLimit) are limited; static pages and health checks are not.
    global: false,
    max: perMinute,
    timeWindow: "1 minute",
    // The plugin's own key: request.ip, IPv4-mapped addresses as IPv4, IPv6 by this prefix.
    ipv6Subnet: 64,
    store: class extends SharedBucketStore {
      constructor() {
        super({ maxClients });
      }
    },
    errorResponseBuilder: (_request, context) =>
      new ProblemError(
        "too-many-requests",
        `Too many requests; try again in ${Math.ceil(context.ttl / 1000)} seconds.`,
      ),
  });
}
