/**
 * The per-domain limiter shared by all workers: the same adaptive controller as `createDomainLimiter`
 * (rate.ts), but its state is one row per domain group in the database (store's `domainLimits`), so N
 * workers together send a provider what one would, and a deferral seen by one backs them all off.
 *
 * Each worker keeps a small reservoir per group, so that most sends touch the database not at all:
 *
 * - **Slots** are leases in the group's row. A worker keeps the leases it took from send to send while it has
 *   sends for the group, and gives one back when it has been idle for `idleLeaseMs` or held for `maxHoldMs`
 *   (so another worker gets its turn). Held leases count against the group's concurrency whether a send is
 *   on them or not, so the provider never sees more connections than the group allows. A worker that dies
 *   frees nothing: its leases expire after `leaseMs`; while it lives, it renews them every `leaseMs / 3`.
 * - **Tokens** (the group's rate) are taken a handful at a time: what the waiting sends need plus up to
 *   `spareTokens`, the spare ones from at most half of what the bucket holds, so one worker never empties it
 *   for the others. A spare token lapses unused after `spareTokenMs`; it never goes back to the bucket, so
 *   the workers together never send faster than the rate.
 * - **Reports**: a send that ended `sent` or `rejected` is counted in the worker and reported with the
 *   group's next ask or slot given back (once it holds none, with the next round, at most `reportGatherMs`
 *   later), so the count and the give-back are one write of the group's row. A deferral is reported at once,
 *   after the counts before it, and the worker gives back its idle slots and drops its spare tokens for that
 *   group. Other workers stop at their next round or when their spare tokens lapse, whichever is first.
 *
 * A round is one statement (`settleGroups`) for every group with something to report or ask, run at once
 * when none is under way; sends that need a slot meanwhile wait for the next one.
 */
import { randomBytes } from "node:crypto";
import {
  type DomainLimitSettings,
  type DomainLimitSettle,
  type DomainLimitSettleResult,
  domainLimits,
  type Executor,
} from "../store/index.ts";
import { groupCommit } from "./group-commit.ts";
import { DEFAULT_DOMAIN_CONFIG, type DomainControllerConfig, domainGroup, type SendOutcome } from "./rate.ts";
import { retryOnConflict } from "./retry-conflict.ts";

export type DomainSlot = { ok: true; group: string } | { ok: false; group: string; retryAt: number };

export interface SharedDomainSummary {
  group: string;
  sent: number;
  deferred: number;
  rejected: number;
  rate: number;
  concurrency: number;
  /** Slots held across all workers (live leases): sends in flight, and slots a worker keeps for its next. */
  inFlight: number;
  /** Local clock (ms since the epoch) until which the group backs off; 0 when it does not. */
  backoffUntil: number;
}

export interface SharedDomainLimiter {
  /**
   * `{ ok: true, group }`: send now and call `release(group, …)` after; otherwise try again at `retryAt`
   * (this machine's clock, ms since the epoch).
   */
  tryAcquire(recipient: string): Promise<DomainSlot>;
  release(group: string, outcome: SendOutcome, retryAfterMs?: number): Promise<void>;
  /** Every group's shared state (all workers), by group. */
  summary(): Promise<SharedDomainSummary[]>;
  /**
   * Reports what is still counted here, stops renewing and frees this limiter's slots; call when the worker
   * stops, after its sends have ended. `tryAcquire` then throws: a slot taken after it would be held by nobody
   * until its lease ran out.
   */
  close(): Promise<void>;
}

export interface SharedDomainLimiterOptions {
  /** The store's database (`handle.db`); every worker pointing at one database shares the limits. */
  db: Executor;
  /**
   * Recipient address → rate-limit group. Default `domainGroup` (the static table); in production pass
   * `createMxGrouper(…).groupOf`, which groups by mail exchanger.
   */
  groupOf?: (recipient: string) => string | Promise<string>;
  /** The controller's settings; give every worker the same ones. */
  config?: DomainControllerConfig;
  /** A slot of a worker that stopped renewing it is free again after this long. Default 60 s. */
  leaseMs?: number;
  /** Default leaseMs / 3; 0 turns renewal off (tests of dead workers). */
  renewEveryMs?: number;
  /** Names this limiter's leases; default random. */
  holder?: string;
  /** Renewal and report failures (the database away for a moment); default ignored, the next try goes on. */
  onError?: (error: unknown) => void;
  /** Tokens taken beyond what the waiting sends need, per group and round. Default 8; 0 takes only those. */
  spareTokens?: number;
  /** A spare token not used within this long lapses. Default 250 ms. */
  spareTokenMs?: number;
  /** A held slot with no send for this long is given back. Default 250 ms. */
  idleLeaseMs?: number;
  /** A slot held this long is given back when its send ends, so other workers get their turn. Default 2 s. */
  maxHoldMs?: number;
  /**
   * Counted outcomes and given-back slots wait this long for a round when none is under way, so one
   * statement carries more of them. Default 50 ms; nobody waits for them.
   */
  reportGatherMs?: number;
  /**
   * Under load a round starts at least this long after the one before it started, and carries every group
   * asked for meanwhile. Default 20 ms. A round costs the server some 0.3 ms of CPU however few groups it
   * carries and 25 µs more per group (scripts/limiter-round-cost.ts), and a campaign to many small domains
   * asked for one every six messages; a send that asks after a quiet spell still gets its round at once.
   */
  roundSpacingMs?: number;
}

/** One group's reservoir in this worker. */
interface Stock {
  /** Held leases with no send on them, and since when each was held. */
  free: string[];
  /** Held leases with a send on them. */
  busy: string[];
  heldSince: Map<string, number>;
  /** Tokens taken, oldest first: how many and until when they may be used (they lapse unused after that). */
  grants: { n: number; until: number }[];
  /** Outcomes counted and leases given back, for the next round. */
  sent: number;
  rejected: number;
  freed: string[];
  /** The counts go with the next round even while leases are held (a deferral must come after them). */
  reportNow: boolean;
  lastUsed: number;
}

/** A round's item: a send waiting for a slot in `group`, or (null) only a nudge to report. */
type RoundItem = { group: string | null };

/** A send refused for want of a slot waits this long before asking again (a slot frees with any report). */
const SLOT_WAIT_MS = 50;
/** Tokens a send refused for want of one waits for, when the group is at its rate (see `handfulWaitMs`). */
const RATE_HANDFUL = 4;
/** Groups per statement at most. */
const PER_STATEMENT = 500;

/** One piece: the limiter's methods share one reservoir, one round and its timers, all held in this closure. */
export function createSharedDomainLimiter(options: SharedDomainLimiterOptions): SharedDomainLimiter {
  const { db } = options;
  const groupOf = options.groupOf ?? domainGroup;
  const settings: DomainLimitSettings = { ...(options.config ?? DEFAULT_DOMAIN_CONFIG) };
  const leaseMs = options.leaseMs ?? 60_000;
  const holder = options.holder ?? randomBytes(6).toString("hex");
  if (holder.includes(":")) throw new RangeError(`holder must not contain ":", got ${holder}`);
  const tuning = {
    spareTokens: options.spareTokens ?? 8,
    spareTokenMs: options.spareTokenMs ?? 250,
    idleLeaseMs: options.idleLeaseMs ?? 250,
    maxHoldMs: options.maxHoldMs ?? 2_000,
  };
  const reportGatherMs = options.reportGatherMs ?? 50;
  const roundSpacingMs = options.roundSpacingMs ?? 20;
  const onError = options.onError ?? (() => undefined);
  const stocks = new Map<string, Stock>();
  const stockOf = (group: string): Stock => {
    let stock = stocks.get(group);
    if (!stock) {
      stock = emptyStock();
      stocks.set(group, stock);
    }
    return stock;
  };
  let sequence = 0;
  const newLease = () => {
    sequence += 1;
    return `${holder}:${sequence}`;
  };
  let closed = false;

  const round = groupCommit<RoundItem, DomainSlot | undefined>(
    async (items) => {
      try {
        return await runRound(db, stocks, stockOf, items, { leaseMs, settings, newLease, ...tuning });
      } finally {
        // What this round could not carry (or what arrived meanwhile) goes with the next.
        if ([...stocks.values()].some(hasDueReports)) reportSoon();
      }
    },
    { perStatement: PER_STATEMENT, spacingMs: roundSpacingMs },
  );
  // Reports nobody waits for: one nudge at a time, gathered for a moment.
  let reportTimer: NodeJS.Timeout | undefined;
  const reportSoon = () => {
    if (reportTimer || closed) return;
    reportTimer = setTimeout(() => {
      reportTimer = undefined;
      round({ group: null }).catch(onError);
    }, reportGatherMs);
    reportTimer.unref();
  };

  const stopKeeping = keepLeases(stocks, {
    renew: (held) => domainLimits.renew(db, held, leaseMs).catch(onError),
    renewEveryMs: options.renewEveryMs ?? Math.floor(leaseMs / 3),
    idleLeaseMs: tuning.idleLeaseMs,
    gaveBack: reportSoon,
  });

  return {
    async tryAcquire(recipient) {
      if (closed) throw new Error("the domain limiter is closed");
      const group = await groupOf(recipient);
      const stock = stockOf(group);
      const now = Date.now();
      if (useSlot(stock, now)) return { ok: true, group };
      stock.lastUsed = now;
      return (await round({ group })) as DomainSlot;
    },
    async release(group, outcome, retryAfterMs = 0) {
      const stock = stockOf(group);
      const lease = stock.busy.shift();
      const now = Date.now();
      stock.lastUsed = now;
      if (outcome === "deferred") {
        // This worker stops at once: its idle slots go back and its spare tokens lapse, and the counts
        // before the deferral are reported before it (a success after it would reset its streak).
        standDown(stock);
        if (lease) stock.heldSince.delete(lease);
        stock.reportNow = true;
        await round({ group: null }).catch(onError);
        try {
          await retryOnConflict(() =>
            domainLimits.report(db, { group, lease: lease ?? null, outcome, retryAfterMs, settings }),
          );
        } catch (error) {
          // Not reported: the slot goes back with the next round rather than waiting out its lease.
          if (lease) stock.freed.push(lease);
          reportSoon();
          throw error;
        }
        return;
      }
      countEnded(stock, outcome, lease, now, tuning.maxHoldMs);
      reportSoon();
    },
    summary: () => sharedSummary(db),
    async close() {
      if (closed) return;
      closed = true;
      stopKeeping();
      if (reportTimer) clearTimeout(reportTimer);
      // The counts still here are reported; the slots go with the holder's.
      for (const stock of stocks.values()) {
        stock.free = [];
        stock.busy = [];
      }
      await round({ group: null }).catch(onError);
      stocks.clear();
      await domainLimits.releaseHolder(db, holder);
    },
  };
}

/** Every group's shared state, with back-offs on this machine's clock. */
async function sharedSummary(db: Executor): Promise<SharedDomainSummary[]> {
  const now = Date.now();
  const rows = await domainLimits.list(db);
  // The database's clock may differ from ours: give back-offs as ours, through the time left.
  const dbNow = rows.length > 0 ? await domainLimits.now(db) : now;
  return rows.map((r) => ({
    group: r.group,
    sent: r.sent,
    deferred: r.deferred,
    rejected: r.rejected,
    rate: r.rate,
    concurrency: r.concurrency,
    inFlight: r.inFlight,
    backoffUntil: r.backoffUntilMs > dbNow ? now + (r.backoffUntilMs - dbNow) : 0,
  }));
}

/**
 * Renews the held leases now and then, and moves idle ones to the next round's give-backs, so another worker
 * (or this one's next batch) is not kept waiting for them. Returns the stop.
 */
function keepLeases(
  stocks: Map<string, Stock>,
  o: {
    renew(held: { group: string; leases: string[] }[]): unknown;
    renewEveryMs: number;
    idleLeaseMs: number;
    gaveBack(): void;
  },
): () => void {
  const renewTimer =
    o.renewEveryMs > 0
      ? setInterval(() => {
          const held = [...stocks].map(([group, s]) => ({ group, leases: [...s.free, ...s.busy] }));
          o.renew(held.filter((h) => h.leases.length > 0));
        }, o.renewEveryMs)
      : undefined;
  renewTimer?.unref();
  const idleTimer = setInterval(
    () => {
      if (giveBackIdle(stocks, Date.now() - o.idleLeaseMs)) o.gaveBack();
    },
    Math.max(10, Math.floor(o.idleLeaseMs / 2)),
  );
  idleTimer.unref();
  return () => {
    if (renewTimer) clearInterval(renewTimer);
    clearInterval(idleTimer);
  };
}

/** A send that ended sent or rejected: counted for the next round; its slot kept, unless held long enough. */
function countEnded(
  stock: Stock,
  outcome: "sent" | "rejected",
  lease: string | undefined,
  now: number,
  maxHoldMs: number,
): void {
  if (outcome === "sent") stock.sent += 1;
  else stock.rejected += 1;
  if (!lease) return;
  if (now - (stock.heldSince.get(lease) ?? now) >= maxHoldMs) {
    stock.heldSince.delete(lease);
    stock.freed.push(lease);
  } else stock.free.push(lease);
}

function emptyStock(): Stock {
  return {
    free: [],
    busy: [],
    heldSince: new Map(),
    grants: [],
    sent: 0,
    rejected: 0,
    freed: [],
    reportNow: false,
    lastUsed: 0,
  };
}

function hasReports(stock: Stock): boolean {
  return stock.sent > 0 || stock.rejected > 0 || stock.freed.length > 0;
}

/**
 * Whether a round must carry this group's reports. Counts alone wait while the group still holds leases: they
 * go with its next ask or give-back, which comes within `idleLeaseMs` or `maxHoldMs`, in the same row write.
 * Reported on their own they were a second write of the group's row per message for a domain that gets a
 * message now and then (half the limiter's writes in a campaign to many small domains).
 */
function hasDueReports(stock: Stock): boolean {
  if (stock.freed.length > 0) return true;
  if (stock.sent === 0 && stock.rejected === 0) return false;
  return stock.reportNow || (stock.free.length === 0 && stock.busy.length === 0);
}

function liveTokens(stock: Stock, now: number): number {
  while (stock.grants.length > 0 && (stock.grants[0] as { until: number }).until <= now) stock.grants.shift();
  let n = 0;
  for (const grant of stock.grants) n += grant.n;
  return n;
}

/** Puts a send on a held slot with a token (the oldest), if this worker has both. */
function useSlot(stock: Stock, now: number): boolean {
  if (stock.free.length === 0 || liveTokens(stock, now) === 0) return false;
  // Oldest first, so every held slot comes round to its `maxHoldMs` and goes back in turn.
  const lease = stock.free.shift() as string;
  stock.busy.push(lease);
  const oldest = stock.grants[0] as { n: number };
  oldest.n -= 1;
  if (oldest.n === 0) stock.grants.shift();
  stock.lastUsed = now;
  return true;
}

/** Moves the group's idle slots to the next round's give-backs. */
function giveBackFree(stock: Stock): void {
  for (const lease of stock.free) stock.heldSince.delete(lease);
  stock.freed.push(...stock.free);
  stock.free = [];
}

/** Gives back the group's idle slots and drops its tokens: it may not be sent to for a while. */
function standDown(stock: Stock): void {
  giveBackFree(stock);
  stock.grants = [];
}

/**
 * Moves slots idle since before `idleSince` to the next round's give-backs (whether there were any), and
 * forgets groups with nothing held or counted: a national campaign meets tens of thousands of mail hosts, and
 * every round walks the groups this worker knows.
 */
function giveBackIdle(stocks: Map<string, Stock>, idleSince: number): boolean {
  let any = false;
  for (const [group, stock] of stocks) {
    if (stock.lastUsed >= idleSince) continue;
    if (stock.free.length > 0) {
      giveBackFree(stock);
      any = true;
    } else if (stock.busy.length === 0 && !hasReports(stock)) stocks.delete(group);
  }
  return any;
}

interface RoundOptions {
  leaseMs: number;
  settings: DomainLimitSettings;
  newLease: () => string;
  spareTokens: number;
  spareTokenMs: number;
}

/**
 * One round: every group's counts and give-backs, and for the groups with sends waiting, the slots they lack
 * and their tokens plus the spare ones, in one statement; then each waiting send gets a slot and a token, or
 * when to ask again. A failed statement keeps the counts and give-backs for the next round and fails the sends.
 */
async function runRound(
  db: Executor,
  stocks: Map<string, Stock>,
  stockOf: (group: string) => Stock,
  items: readonly RoundItem[],
  o: RoundOptions,
): Promise<(DomainSlot | undefined)[]> {
  const waiting = new Map<string, number>();
  for (const item of items)
    if (item.group !== null) waiting.set(item.group, (waiting.get(item.group) ?? 0) + 1);
  const requests = roundRequests(stocks, stockOf, waiting, o, Date.now());
  const { results, failed, error } = await settle(db, requests, o);
  const answered = Date.now();
  for (const request of requests) {
    const result = results.get(request.group);
    if (result) stockUp(stockOf(request.group), request, result, answered, o.spareTokenMs);
  }
  // Not written: the counts and give-backs wait for the next round, and leases it may have been granted
  // (an answer lost after the database wrote it) are given back then.
  for (const request of failed) {
    const stock = stockOf(request.group);
    stock.sent += request.sent;
    stock.rejected += request.rejected;
    stock.freed.push(...request.freed, ...request.leases);
  }
  if (error !== undefined) throw error;
  const slots = new Map<string, DomainSlot[]>();
  for (const [group, waiters] of waiting) {
    const stock = stockOf(group);
    const result = results.get(group);
    slots.set(
      group,
      Array.from({ length: waiters }, () => slotFor(stock, group, result, answered)),
    );
  }
  const next = new Map<string, number>();
  return items.map((item) => {
    if (item.group === null) return undefined;
    const i = next.get(item.group) ?? 0;
    next.set(item.group, i + 1);
    return slots.get(item.group)?.[i];
  });
}

/**
 * The round's statement, and for groups without a row yet, their rows and a second statement for them alone.
 * Each statement is whole or nothing: `failed` are the requests none of them wrote.
 */
async function settle(
  db: Executor,
  requests: readonly DomainLimitSettle[],
  o: RoundOptions,
): Promise<{ results: Map<string, DomainLimitSettleResult>; failed: DomainLimitSettle[]; error?: unknown }> {
  const run = (part: readonly DomainLimitSettle[]) =>
    retryOnConflict(() =>
      domainLimits.settleGroups(db, { requests: part, leaseMs: o.leaseMs, settings: o.settings }),
    );
  let results: Map<string, DomainLimitSettleResult>;
  try {
    results = await run(requests);
  } catch (error) {
    return { results: new Map(), failed: [...requests], error };
  }
  const missing = requests.filter((r) => !results.has(r.group));
  if (missing.length === 0) return { results, failed: [] };
  try {
    await domainLimits.ensureGroups(
      db,
      missing.map((r) => r.group),
      o.settings,
    );
    for (const [group, result] of await run(missing)) results.set(group, result);
  } catch (error) {
    return { results, failed: missing, error };
  }
  const unanswered = missing.filter((r) => !results.has(r.group));
  if (unanswered.length > 0) {
    const error = new Error(`domain limit ${unanswered[0]?.group}: the round returned no row`);
    return { results, failed: unanswered, error };
  }
  return { results, failed: [] };
}

/** Each group's part of a round, taking its counts and give-backs out of the stock. */
function roundRequests(
  stocks: Map<string, Stock>,
  stockOf: (group: string) => Stock,
  waiting: Map<string, number>,
  o: RoundOptions,
  now: number,
): DomainLimitSettle[] {
  const requests: DomainLimitSettle[] = [];
  for (const group of new Set([...waiting.keys(), ...stocks.keys()])) {
    const stock = stockOf(group);
    const waiters = waiting.get(group) ?? 0;
    if (waiters === 0 && !hasDueReports(stock)) continue;
    const lacking = Math.max(0, waiters - stock.free.length);
    const live = liveTokens(stock, now);
    requests.push({
      group,
      sent: stock.sent,
      rejected: stock.rejected,
      freed: stock.freed,
      leases: Array.from({ length: lacking }, o.newLease),
      // Topped up to what the waiting sends need plus the spare handful, never beyond: a worker whose sends
      // are slow must not save tokens up into a burst.
      tokens: Math.max(0, waiters - live),
      spareTokens: waiters > 0 ? Math.max(0, o.spareTokens - Math.max(0, live - waiters)) : 0,
    });
    stock.sent = 0;
    stock.rejected = 0;
    stock.freed = [];
    stock.reportNow = false;
  }
  return requests;
}

/** Adds a round's grants to the stock; a group found backing off gives back its idle slots instead. */
function stockUp(
  stock: Stock,
  request: DomainLimitSettle,
  result: DomainLimitSettleResult,
  now: number,
  spareTokenMs: number,
): void {
  const granted = request.leases.slice(0, result.leases);
  for (const lease of granted) {
    stock.free.push(lease);
    stock.heldSince.set(lease, now);
  }
  // Nothing goes to this group for a while: its idle slots go back for the other workers' probes.
  if (result.backoffMs > 0) standDown(stock);
  else if (result.tokens > 0) stock.grants.push({ n: result.tokens, until: now + spareTokenMs });
}

/**
 * At its rate limit a group's bucket fills a token at a time; asking again for each would make a round per
 * message. The waiting sends ask again once a handful is in (never more than the bucket holds, so no token
 * is lost to the cap and the group's rate stays the same).
 */
function handfulWaitMs(result: DomainLimitSettleResult): number {
  const handful = Math.min(RATE_HANDFUL, Math.max(1, Math.floor(result.concurrency)));
  return Math.max(1, Math.ceil(((handful - result.tokensLeft) * 1000) / result.rate));
}

/** A waiting send's answer: a slot and a token from the stock, or when it is worth asking again. */
function slotFor(
  stock: Stock,
  group: string,
  result: DomainLimitSettleResult | undefined,
  now: number,
): DomainSlot {
  if (useSlot(stock, now)) return { ok: true, group };
  const waitMs = !result
    ? SLOT_WAIT_MS
    : result.backoffMs > 0
      ? result.backoffMs
      : stock.free.length === 0
        ? SLOT_WAIT_MS
        : handfulWaitMs(result);
  return { ok: false, group, retryAt: now + waitMs };
}
