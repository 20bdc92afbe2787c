/**
 * Per-client rate limits on the endpoints that compute (assessments, plans, previews, the advice form).
 *
 * One bucket per client across all limited routes: @fastify/rate-limit gives every route its own store by
 * default, which lets a client spend the full allowance on each route in turn. The client is `request.ip`,
 * which honours `X-Forwarded-For` only when TRUST_PROXY says which proxies to believe; IPv6 clients are
 * counted per /64, as one household or host usually holds a whole /64.
 */
import rateLimit, { type FastifyRateLimitStore } from "@fastify/rate-limit";
import type { FastifyInstance } from "fastify";
import { ProblemError } from "./problems.ts";

interface Counter {
  current: number;
  /** Milliseconds left in the window. */
  ttl: number;
  startedAt: number;
}

type Callback = (error: Error | null, result: { current: number; ttl: number }) => void;

/** Bounded in-memory fixed-window counters shared by every limited route of one server. */
export class SharedBucketStore implements FastifyRateLimitStore {
  readonly #counters = new Map<string, Counter>();
  /** Bounds memory under a flood of distinct clients: the least recently seen is forgotten first. */
  readonly #maxClients = 50_000;

  #touch(key: string, timeWindow: number, increment: boolean): { current: number; ttl: number } {
    const now = Date.now();
    let counter = this.#counters.get(key);
    if (!counter || counter.startedAt + timeWindow <= now) {
      counter = { current: 0, ttl: timeWindow, startedAt: now };
    } else {
      // Re-insert so the Map's order stays least-recently-used first.
      this.#counters.delete(key);
    }
    if (increment) counter.current += 1;
    counter.ttl = Math.max(0, counter.startedAt + timeWindow - now);
    this.#counters.set(key, counter);
    if (this.#counters.size > this.#maxClients) {
      const oldest = this.#counters.keys().next().value;
      if (oldest !== undefined) this.#counters.delete(oldest);
    }
    return { current: counter.current, ttl: counter.ttl };
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

export async function registerRateLimit(app: FastifyInstance, perMinute: number): Promise<void> {
  await app.register(rateLimit, {
    // Only routes that opt in (config.rateLimit) are limited; static pages and health checks are not.
    global: false,
    max: perMinute,
    timeWindow: "1 minute",
    store: SharedBucketStore,
    errorResponseBuilder: (_request, context) =>
      new ProblemError(
        "too-many-requests",
        `Too many requests; try again in ${Math.ceil(context.ttl / 1000)} seconds.`,
      ),
  });
}
