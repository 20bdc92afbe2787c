/**
 * Recording what became of each row of a batch, at once and only while this worker still holds its claim:
 * every write checks the claim (a lost one is logged and counted, never overwritten), learns the campaign's
 * status from the same statement (so a pause or cancel stops the batch within one message), and leaves the
 * batch's set of rows in hand, so whatever is left when the batch ends is given back at once.
 *
 * A provider's answer is written by the worker's outcome writer: outcomes that arrive while its previous
 * statement is under way go together in the next one (group commit). Each lane still waits for its own
 * outcome to be written before it takes its next message, so nothing is recorded later than before; there
 * are only fewer round trips when many lanes finish at once.
 */
import {
  type ClaimedDelivery,
  type DeliveryPatch,
  deliveries,
  type Executor,
  type OutcomeRecord,
} from "../store/index.ts";
import { groupCommit } from "./group-commit.ts";
import {
  applyDeliveryEvent,
  DEFAULT_RETRY_POLICY,
  type DeliveryRecord,
  type RetryPolicy,
} from "./lifecycle.ts";
import type { DeliveryMetrics } from "./metrics.ts";
import type { Receipt } from "./providers.ts";
import { retryOnConflict } from "./retry-conflict.ts";

export interface BatchReport {
  claimed: number;
  sent: number;
  deferred: number;
  fellBack: number;
  /** Ended: every channel failed, none existed, or the contact data is gone. */
  unreachable: number;
  /** Given back unsent (pause, cancel, stop, provider down): no attempt used. */
  released: number;
  /** Writes that found this worker's claim gone; logged and counted, never silent. */
  lostClaims: number;
}

export function emptyReport(): BatchReport {
  return { claimed: 0, sent: 0, deferred: 0, fellBack: 0, unreachable: 0, released: 0, lostClaims: 0 };
}

/** A claimed row on its way out: the stored row and its lifecycle record as claimed. */
export interface HeldDelivery {
  claimed: ClaimedDelivery;
  record: DeliveryRecord;
}

/** What recording needs of the sender's context. */
export interface RecordContext {
  db: Executor;
  worker: string;
  policy?: RetryPolicy;
  metrics?: DeliveryMetrics;
  log?: (level: "warn" | "info", event: Record<string, unknown>, message: string) => void;
}

/** How a batch records its rows' outcomes; every channel's sender goes through it. */
export interface BatchRecorder {
  /** Applies a provider's (or renderer's) answer to the row through the lifecycle and records the result. */
  finish(item: HeldDelivery, receipt: Receipt, extra?: { providerId?: string | null }): Promise<void>;
  /** Ends a row that cannot be sent at all (no contact data, no usable channel). */
  unreachable(row: ClaimedDelivery, reason: string): Promise<void>;
  /** Hands rows back unsent (no attempt used), due again at `notBefore`. */
  giveBack(items: readonly HeldDelivery[], notBefore?: Date): Promise<void>;
  /** Counts and logs a row whose claim another worker took before its outcome was recorded. */
  lost(id: number): void;
  /** Whether the campaign was still running at the last write. */
  isRunning(): boolean;
}

/**
 * A recorder for one batch. `inHand` is the batch's rows not yet recorded: each write or give-back removes
 * its row, and the batch gives back what remains when it ends.
 */
export function batchRecorder(
  ctx: RecordContext,
  campaignId: string,
  report: BatchReport,
  inHand: Set<number>,
): BatchRecorder {
  const policy = ctx.policy ?? DEFAULT_RETRY_POLICY;
  let campaignRunning = true;

  const lost = (id: number) => {
    inHand.delete(id);
    report.lostClaims++;
    ctx.metrics?.recordLostClaim();
    ctx.log?.("warn", { delivery: id, campaign: campaignId }, "claim lost before the outcome was recorded");
  };

  /** Records an outcome for a row this worker holds; learns the campaign's status from the same write. */
  const noted = (id: number, result: { recorded: boolean; campaignStatus: string | null }) => {
    inHand.delete(id);
    if (!result.recorded) lost(id);
    else if (result.campaignStatus !== "running") campaignRunning = false;
  };
  const write = async (id: number, patch: DeliveryPatch) => {
    noted(id, await deliveries.recordOutcome(ctx.db, id, patch, ctx.worker));
  };
  const writer = outcomeWriter(ctx);

  return {
    lost,
    isRunning: () => campaignRunning,
    async finish(item, receipt, extra = {}) {
      const result = applyDeliveryEvent(
        item.record,
        { type: "receipt", receipt, now: Date.now(), random: Math.random() },
        policy,
      );
      if (!result.ok) throw new Error(result.error);
      if (receipt.outcome === "sent") report.sent++;
      else if (result.effect.kind === "retry") report.deferred++;
      else if (result.effect.kind === "fallback") report.fellBack++;
      else report.unreachable++;
      const id = item.claimed.id;
      noted(id, await writer.write(outcomeOf(id, result.delivery, receipt.outcome === "sent", extra)));
    },
    async unreachable(row, reason) {
      report.unreachable++;
      await write(row.id, { status: "unreachable", lastError: reason, attempts: row.attempts });
    },
    async giveBack(items, notBefore) {
      const ids = items.map((item) => item.claimed.id).filter((id) => inHand.has(id));
      if (ids.length === 0) return;
      for (const id of ids) inHand.delete(id);
      report.released += await deliveries.release(ctx.db, ctx.worker, ids, notBefore);
    },
  };
}

/** The row as the lifecycle left it, to be written whole. */
function outcomeOf(
  id: number,
  record: DeliveryRecord,
  sent: boolean,
  extra: { providerId?: string | null },
): OutcomeRecord {
  return {
    id,
    status: record.state === "sending" ? "queued" : record.state,
    channels: record.channels,
    channelIndex: record.channelIndex,
    attempts: record.attempts,
    notBefore: new Date(record.notBefore ?? Date.now()),
    providerId: extra.providerId !== undefined ? extra.providerId : (record.providerId ?? null),
    lastError: record.lastError ?? null,
    history: record.history,
    ...(sent ? { sentAt: new Date() } : {}),
  };
}

type OutcomeResult = { recorded: boolean; campaignStatus: string | null };

interface OutcomeWriter {
  write(record: OutcomeRecord): Promise<OutcomeResult>;
}

/** Rows per statement at most. */
const OUTCOMES_PER_WRITE = 500;

/** Failing a write that lost a deadlock would give back rows whose messages already went out. */
function recordRetrying(db: Executor, worker: string, records: readonly OutcomeRecord[]) {
  return retryOnConflict(() => deliveries.recordOutcomes(db, worker, records));
}

/** One writer per database and worker identity, shared by all of that worker's batches. */
const writers = new WeakMap<object, Map<string, OutcomeWriter>>();

function outcomeWriter(ctx: RecordContext): OutcomeWriter {
  let byWorker = writers.get(ctx.db);
  if (!byWorker) {
    byWorker = new Map();
    writers.set(ctx.db, byWorker);
  }
  let writer = byWorker.get(ctx.worker);
  if (!writer) {
    writer = outcomeGroupCommit(ctx.db, ctx.worker);
    byWorker.set(ctx.worker, writer);
  }
  return writer;
}

/**
 * Writes at once when idle; outcomes that arrive meanwhile wait for the statement under way and then go
 * together. A failed statement fails every outcome in it (their rows stay in hand and are given back).
 */
function outcomeGroupCommit(db: Executor, worker: string): OutcomeWriter {
  const write = groupCommit<OutcomeRecord, OutcomeResult>(
    async (records) => {
      const recorded = await recordRetrying(db, worker, records);
      return records.map((record) => {
        const held = recorded.has(record.id);
        return { recorded: held, campaignStatus: held ? (recorded.get(record.id) ?? null) : null };
      });
    },
    { perStatement: OUTCOMES_PER_WRITE },
  );
  return { write };
}
