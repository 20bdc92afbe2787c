/**
 * Sending-rate rules as pure functions over state and time, so they can be property-tested and shared by
 * any scheduler: a token bucket (messages per second with a burst) and a per-receiving-domain adaptive
 * controller. Big mailbox providers defer unknown bulk senders (421 / 4.7.x); the controller halves a
 * domain's concurrency and rate on a deferral, backs off, and grows again slowly on success (AIMD, as TCP
 * does). Each domain's state is separate, so one slow provider never holds back the others.
 */
import type { DomainLimitSettings } from "../core/index.ts";

export interface BucketConfig {
  /** Tokens added per second. */
  ratePerSecond: number;
  /** Largest number of tokens held: how many may go at once after a quiet spell. */
  burst: number;
}

export interface BucketState {
  tokens: number;
  /** Milliseconds (any monotonic clock) of the last refill. */
  updatedAt: number;
}

export function fullBucket(config: BucketConfig, now: number): BucketState {
  return { tokens: config.burst, updatedAt: now };
}

export function refill(state: BucketState, config: BucketConfig, now: number): BucketState {
  const elapsed = Math.max(0, now - state.updatedAt);
  const tokens = Math.min(config.burst, state.tokens + (elapsed * config.ratePerSecond) / 1000);
  return { tokens, updatedAt: Math.max(state.updatedAt, now) };
}

export interface TakeResult {
  /** Whole tokens granted, 0 … wanted. */
  granted: number;
  state: BucketState;
  /** When `granted < wanted`: milliseconds until the next token is there. */
  waitMs: number;
}

/** Takes up to `wanted` whole tokens; never lets the bucket go below zero. */
export function takeTokens(state: BucketState, config: BucketConfig, now: number, wanted = 1): TakeResult {
  const refilled = refill(state, config, now);
  const granted = Math.max(0, Math.min(wanted, Math.floor(refilled.tokens + 1e-9)));
  const tokens = Math.max(0, refilled.tokens - granted);
  const waitMs =
    granted < wanted && config.ratePerSecond > 0
      ? Math.ceil((Math.max(0, 1 - tokens) * 1000) / config.ratePerSecond)
      : granted < wanted
        ? Number.POSITIVE_INFINITY
        : 0;
  return { granted, state: { tokens, updatedAt: refilled.updatedAt }, waitMs };
}

/**
 * Receiving domains that share one mail platform, so that their limits are shared too: deferring
 * hotmail.com while pushing on at outlook.com would hit the same servers. A starting list for Dutch
 * recipients; unknown domains are their own group.
 */
export const DOMAIN_GROUPS: Readonly<Record<string, readonly string[]>> = {
  google: ["gmail.com", "googlemail.com"],
  microsoft: [
    "outlook.com",
    "outlook.nl",
    "hotmail.com",
    "hotmail.nl",
    "live.com",
    "live.nl",
    "msn.com",
    "passport.com",
  ],
  ziggo: ["ziggo.nl", "upcmail.nl", "chello.nl", "casema.nl", "home.nl", "quicknet.nl", "zeelandnet.nl"],
  kpn: ["kpnmail.nl", "kpnplanet.nl", "planet.nl", "hetnet.nl", "wxs.nl"],
  yahoo: ["yahoo.com", "yahoo.nl", "ymail.com", "rocketmail.com"],
  apple: ["icloud.com", "me.com", "mac.com"],
};

const GROUP_OF: ReadonlyMap<string, string> = new Map(
  Object.entries(DOMAIN_GROUPS).flatMap(([group, domains]) => domains.map((d) => [d, group] as const)),
);

/** The rate-limit group for a recipient domain (or an address): `hotmail.com` → `microsoft`. */
export function domainGroup(domainOrAddress: string): string {
  const domain = domainOrAddress
    .slice(domainOrAddress.lastIndexOf("@") + 1)
    .toLowerCase()
    .replace(/\.$/, "");
  return GROUP_OF.get(domain) ?? domain;
}

export type DomainControllerConfig = DomainLimitSettings;

export const DEFAULT_DOMAIN_CONFIG: DomainControllerConfig = {
  initialConcurrency: 4,
  maxConcurrency: 20,
  initialRate: 20,
  maxRate: 200,
  minRate: 0.5,
  rateStep: 2,
  increaseEvery: 20,
  backoffMs: 30_000,
  maxBackoffMs: 15 * 60_000,
};

export interface DomainState {
  concurrency: number;
  inFlight: number;
  bucket: BucketState;
  rate: number;
  /** No new sends to this domain before this time. */
  backoffUntil: number;
  deferralsInRow: number;
  successesInRow: number;
  /** Totals, for the campaign status ("deferrals per domain"). */
  sent: number;
  deferred: number;
  rejected: number;
}

export type DomainsState = Readonly<Record<string, DomainState>>;

function initialDomain(config: DomainControllerConfig, now: number): DomainState {
  return {
    concurrency: config.initialConcurrency,
    inFlight: 0,
    bucket: { tokens: Math.min(config.initialConcurrency, config.initialRate), updatedAt: now },
    rate: config.initialRate,
    backoffUntil: 0,
    deferralsInRow: 0,
    successesInRow: 0,
    sent: 0,
    deferred: 0,
    rejected: 0,
  };
}

export function domainState(
  state: DomainsState,
  group: string,
  config: DomainControllerConfig,
  now: number,
): DomainState {
  return state[group] ?? initialDomain(config, now);
}

export type AcquireResult =
  | { ok: true; state: DomainsState; group: string }
  | {
      ok: false;
      state: DomainsState;
      group: string;
      retryAt: number;
      why: "backoff" | "concurrency" | "rate";
    };

/** May one more message go to this recipient's domain now? On `ok` the caller must `release` it later. */
export function acquire(
  state: DomainsState,
  recipient: string,
  config: DomainControllerConfig,
  now: number,
): AcquireResult {
  const group = domainGroup(recipient);
  const domain = domainState(state, group, config, now);
  if (now < domain.backoffUntil)
    return { ok: false, state, group, retryAt: domain.backoffUntil, why: "backoff" };
  // A freed slot comes with a release; a short nap is enough for a scheduler that polls.
  if (domain.inFlight >= domain.concurrency)
    return { ok: false, state, group, retryAt: now + 50, why: "concurrency" };
  const take = takeTokens(domain.bucket, { ratePerSecond: domain.rate, burst: domain.concurrency }, now);
  if (take.granted === 0) return { ok: false, state, group, retryAt: now + take.waitMs, why: "rate" };
  return {
    ok: true,
    group,
    state: { ...state, [group]: { ...domain, bucket: take.state, inFlight: domain.inFlight + 1 } },
  };
}

export type SendOutcome = "sent" | "deferred" | "rejected";

/**
 * Reports how an acquired send ended. Deferred: halve concurrency and rate (never below one connection and
 * `minRate`), back off exponentially (at least the provider's own hint) — once per episode: deferrals that
 * arrive while the domain is already backing off are only counted. Sent: after `increaseEvery`
 * successes in a row, one more connection and `rateStep` more per second, up to the caps. Rejected is about
 * one address, not the domain's mood, so it changes nothing but the count.
 */
export function release(
  state: DomainsState,
  group: string,
  outcome: SendOutcome,
  config: DomainControllerConfig,
  now: number,
  retryAfterMs = 0,
): DomainsState {
  const domain = domainState(state, group, config, now);
  const inFlight = Math.max(0, domain.inFlight - 1);
  if (outcome === "deferred" && now < domain.backoffUntil) {
    // Sends that were already under way when the domain pushed back report the same event: cutting again
    // for each would take a domain with 20 connections down to nothing after one bad moment (TCP, too,
    // halves once per loss event, not once per lost packet).
    return { ...state, [group]: { ...domain, inFlight, successesInRow: 0, deferred: domain.deferred + 1 } };
  }
  if (outcome === "deferred") {
    const deferralsInRow = domain.deferralsInRow + 1;
    const backoff = Math.min(config.maxBackoffMs, config.backoffMs * 2 ** (deferralsInRow - 1));
    const rate = Math.max(config.minRate, domain.rate / 2);
    return {
      ...state,
      [group]: {
        ...domain,
        inFlight,
        concurrency: Math.max(1, Math.floor(domain.concurrency / 2)),
        rate,
        bucket: { tokens: 0, updatedAt: now },
        backoffUntil: Math.max(domain.backoffUntil, now + Math.max(backoff, retryAfterMs)),
        deferralsInRow,
        successesInRow: 0,
        deferred: domain.deferred + 1,
      },
    };
  }
  if (outcome === "rejected") {
    return { ...state, [group]: { ...domain, inFlight, rejected: domain.rejected + 1 } };
  }
  const successesInRow = domain.successesInRow + 1;
  const grow = successesInRow >= config.increaseEvery;
  return {
    ...state,
    [group]: {
      ...domain,
      inFlight,
      deferralsInRow: 0,
      successesInRow: grow ? 0 : successesInRow,
      concurrency: grow ? Math.min(config.maxConcurrency, domain.concurrency + 1) : domain.concurrency,
      rate: grow ? Math.min(config.maxRate, domain.rate + config.rateStep) : domain.rate,
      sent: domain.sent + 1,
    },
  };
}

/** Per-domain totals for a status view. */
export function domainSummary(
  state: DomainsState,
): { group: string; sent: number; deferred: number; rejected: number; rate: number; concurrency: number }[] {
  return Object.entries(state)
    .map(([group, d]) => ({
      group,
      sent: d.sent,
      deferred: d.deferred,
      rejected: d.rejected,
      rate: d.rate,
      concurrency: d.concurrency,
    }))
    .sort((a, b) => a.group.localeCompare(b.group));
}

export interface DomainLimiter {
  /** `{ ok: true, group }`: send now and call `release(group, …)` after; otherwise try again at `retryAt`. */
  tryAcquire(recipient: string): { ok: true; group: string } | { ok: false; group: string; retryAt: number };
  release(group: string, outcome: SendOutcome, retryAfterMs?: number): void;
  summary(): ReturnType<typeof domainSummary>;
}

/** The controller held for one worker process: the pure functions above over one mutable state. */
export function createDomainLimiter(
  config: DomainControllerConfig = DEFAULT_DOMAIN_CONFIG,
  now: () => number = Date.now,
): DomainLimiter {
  let state: DomainsState = {};
  return {
    tryAcquire(recipient) {
      const result = acquire(state, recipient, config, now());
      state = result.state;
      return result.ok
        ? { ok: true, group: result.group }
        : { ok: false, group: result.group, retryAt: result.retryAt };
    },
    release(group, outcome, retryAfterMs = 0) {
      state = release(state, group, outcome, config, now(), retryAfterMs);
    },
    summary: () => domainSummary(state),
  };
}
