/**
 * The per-domain limiter shared by all workers: the same adaptive controller as `createDomainLimiter`
 * (rate.ts), but its state is one row per domain group in the database (store's `domainLimits`), so N
 * workers together send a provider what one would, and a deferral seen by one backs them all off.
 *
 * Concurrency slots are leases: each successful `tryAcquire` takes one, `release` frees it. A worker that
 * dies frees nothing, so its leases expire after `leaseMs`; while it lives, the limiter renews its own
 * leases every `leaseMs / 3`, so a slow send keeps its slot. `close()` frees them at once.
 *
 * Within one worker, takes that arrive while a take is under way go together in the next statement, for every
 * group they name (`takeGroups`: per group the same as that many takes one after another), and so do reports
 * of sends that ended `sent` (`reportSentGroups`); a deferral or rejection is reported on its own. Each caller
 * still waits for its own answer.
 */
import { randomBytes } from "node:crypto";
import { type DomainLimitSettings, domainLimits, type Executor } from "../store/index.ts";
import { groupCommit } from "./group-commit.ts";
import { DEFAULT_DOMAIN_CONFIG, type DomainControllerConfig, domainGroup, type SendOutcome } from "./rate.ts";

export type DomainSlot = { ok: true; group: string } | { ok: false; group: string; retryAt: number };

export interface SharedDomainSummary {
  group: string;
  sent: number;
  deferred: number;
  rejected: number;
  rate: number;
  concurrency: number;
  /** Sends in flight across all workers (live leases). */
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
  /** Stops renewing and frees this limiter's slots; call when the worker stops. */
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
  /** Renewal failures (the database away for a moment); default ignored, the next renewal tries again. */
  onError?: (error: unknown) => void;
  /**
   * Sent reports wait this long when none is under way, so one statement carries more than the few a fast
   * database would otherwise find waiting; a slot is held at most this much longer. Default 0 (at once). The
   * worker uses 10 ms: its connections do not wait for sent reports (email-channel.ts). Takes always go at
   * once: a send waits for its own.
   */
  sentReportGatherMs?: number;
}

export function createSharedDomainLimiter(options: SharedDomainLimiterOptions): SharedDomainLimiter {
  const { db } = options;
  const groupOf = options.groupOf ?? domainGroup;
  const settings: DomainLimitSettings = { ...(options.config ?? DEFAULT_DOMAIN_CONFIG) };
  const leaseMs = options.leaseMs ?? 60_000;
  const holder = options.holder ?? randomBytes(6).toString("hex");
  if (holder.includes(":")) throw new RangeError(`holder must not contain ":", got ${holder}`);
  /** Leases this limiter holds, per group; a report frees the oldest (slots of one group are alike). */
  const held = new Map<string, string[]>();
  let sequence = 0;
  let closed = false;

  const renewEveryMs = options.renewEveryMs ?? Math.floor(leaseMs / 3);
  const timer =
    renewEveryMs > 0
      ? setInterval(() => {
          const groups = [...held].filter(([, leases]) => leases.length > 0).map(([group]) => group);
          domainLimits.renew(db, holder, groups, leaseMs).catch((error) => options.onError?.(error));
        }, renewEveryMs)
      : undefined;
  timer?.unref();

  const { takes, sentReports } = groupedStatements(db, held, leaseMs, settings, options.sentReportGatherMs);

  return {
    async tryAcquire(recipient) {
      const group = await groupOf(recipient);
      sequence += 1;
      return takes(group, `${holder}:${sequence}`);
    },
    async release(group, outcome, retryAfterMs = 0) {
      const lease = held.get(group)?.shift() ?? null;
      if (outcome === "sent") return sentReports(group, lease);
      await domainLimits.report(db, { group, lease, outcome, retryAfterMs, settings });
    },
    async summary() {
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
    },
    async close() {
      if (closed) return;
      closed = true;
      if (timer) clearInterval(timer);
      held.clear();
      await domainLimits.releaseHolder(db, holder);
    },
  };
}

/** The limiter's takes and sent reports, each grouped into one statement per round trip (see `together`). */
function groupedStatements(
  db: Executor,
  held: Map<string, string[]>,
  leaseMs: number,
  settings: DomainLimitSettings,
  sentReportGatherMs = 0,
) {
  const takes = together<string, DomainSlot>(async (byGroup) => {
    const asked = Date.now();
    const requests = [...byGroup].map(([group, leases]) => ({ group, leases }));
    const results = await domainLimits.takeGroups(db, { requests, leaseMs, settings });
    return new Map(
      requests.map(({ group, leases }) => {
        const result = results.get(group) ?? { granted: 0, verdict: "rate" as const, waitMs: 50 };
        const mine = held.get(group) ?? [];
        mine.push(...leases.slice(0, result.granted));
        held.set(group, mine);
        const answers = leases.map(
          (_, i): DomainSlot =>
            i < result.granted ? { ok: true, group } : { ok: false, group, retryAt: asked + result.waitMs },
        );
        return [group, answers];
      }),
    );
  });
  const sentReports = together<string | null, void>(async (byGroup) => {
    const reports = [...byGroup].map(([group, leases]) => ({ group, leases }));
    await domainLimits.reportSentGroups(db, { reports, settings });
    return new Map(reports.map(({ group, leases }) => [group, leases.map(() => undefined)]));
  }, sentReportGatherMs);
  return { takes, sentReports };
}

/** Requests per statement at most. */
const PER_STATEMENT = 500;

/**
 * Requests of every group: one runs at once when none is under way; those that arrive meanwhile wait and
 * then go together, grouped by group in the order they asked (`run` answers each group's, in order). A failed
 * statement fails every request in it.
 */
function together<Item, Answer>(
  run: (byGroup: Map<string, Item[]>) => Promise<Map<string, Answer[]>>,
  gatherMs = 0,
): (group: string, item: Item) => Promise<Answer> {
  const commit = groupCommit<{ group: string; item: Item }, Answer>(
    async (batch) => {
      const byGroup = new Map<string, Item[]>();
      for (const w of batch) byGroup.set(w.group, [...(byGroup.get(w.group) ?? []), w.item]);
      const answers = await run(byGroup);
      const next = new Map<string, number>();
      return batch.map((w) => {
        const i = next.get(w.group) ?? 0;
        next.set(w.group, i + 1);
        return answers.get(w.group)?.[i] as Answer;
      });
    },
    PER_STATEMENT,
    gatherMs,
  );
  return (group, item) => commit({ group, item });
}
