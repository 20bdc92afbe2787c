/**
 * Retention: victims' contact data is deleted a set time after their breach's last update, unless the breach
 * is on legal hold, and with it the bounce texts and failure reasons stored with the breach's deliveries. What
 * remains (categories, segment, reachability, flag tokens, delivery statuses and channels) is enough for
 * aggregates and evidence, and identifies nobody. Each breach is purged in one transaction together with
 * its audit entry.
 */
import { sql } from "kysely";
import { audit } from "./audit.ts";
import type { Keyring } from "./crypto.ts";
import { type Executor, transaction } from "./engine.ts";
import { phishingReports } from "./phishing-reports.ts";
import { updateSubscriptions } from "./update-subscriptions.ts";
import { victimChoices } from "./victim-choices.ts";

const DAY_MS = 86_400_000;

/**
 * Suspicious-message reports are kept this many days after they were made, whatever the breach's retention:
 * a phishing wave is over within weeks, and the police's report desk gets its export long before.
 */
export const PHISHING_REPORT_RETENTION_DAYS = 90;

export interface PurgeOptions {
  retentionDays: number;
  /** Only count what would be purged. */
  dryRun?: boolean;
  /** Who runs the purge, for the audit log (default "system"). */
  actor?: string;
  now?: Date;
}

export interface PurgeReport {
  /** Breaches last updated before this moment are due. */
  cutoff: string;
  dryRun: boolean;
  /** Due breaches with victims whose contact data was (or would be) purged. */
  breaches: { breachId: string; victims: number }[];
  /** Total victims purged (or that would be). */
  purged: number;
  /** Due breaches left alone because of a legal hold. */
  held: { breachId: string; victims: number }[];
  /** Suspicious-message reports older than PHISHING_REPORT_RETENTION_DAYS deleted (absent on a dry run). */
  phishingReports?: number;
}

/**
 * Bounce texts and failure reasons quote what providers said about a person ("550 <an@…> unknown"). They go
 * with the contact data: `last_error` is cleared and each history entry loses its `reason`, keeping the channel
 * and outcome (aggregates and evidence). Returns the deliveries changed.
 */
async function purgeDeliveryTexts(tx: Executor, breachId: string): Promise<number> {
  const result = await tx
    .updateTable("deliveries")
    .set({
      last_error: null,
      history: sql`coalesce((select jsonb_agg(entry - 'reason') from jsonb_array_elements(history) as entry), '[]'::jsonb)`,
    })
    .where("campaign_id", "in", tx.selectFrom("campaigns").select("id").where("breach_id", "=", breachId))
    .where((eb) =>
      eb.or([eb("last_error", "is not", null), sql<boolean>`jsonb_path_exists(history, '$[*].reason')`]),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Empties one breach's contact data and delivery texts in one transaction, with its audit entry; the count. */
async function purgeBreach(
  db: Executor,
  keys: Keyring,
  breachId: string,
  at: { now: Date; cutoff: Date },
  options: PurgeOptions,
): Promise<number> {
  const { now, cutoff } = at;
  return transaction(db, async (tx) => {
    // Re-checked inside the transaction, so a hold set meanwhile still wins.
    const result = await tx
      .updateTable("victims")
      .set({
        sealed: null,
        email_hmac: null,
        phone_hmac: null,
        code_hmac: null,
        code_key_id: null,
        code_issued_at: null,
        code_sealed: null,
        row_hmac: null,
        postal: false,
        contact_purged_at: now,
      })
      .where("breach_id", "=", breachId)
      .where("contact_purged_at", "is", null)
      .where(({ exists, selectFrom }) =>
        exists(
          selectFrom("breaches")
            .select("breaches.id")
            .where("breaches.id", "=", breachId)
            .where("breaches.legal_hold_at", "is", null)
            .where("breaches.updated_at", "<", cutoff),
        ),
      )
      .executeTakeFirst();
    const n = Number(result.numUpdatedRows);
    if (n === 0) return 0;
    const texts = await purgeDeliveryTexts(tx, breachId);
    // A new address a victim gave on "Mijn plan" is contact data too.
    await tx
      .updateTable("portal_requests")
      .set({ sealed: null, key_id: null, code_hmac: null })
      .where("breach_id", "=", breachId)
      .where((eb) => eb.or([eb("sealed", "is not", null), eb("code_hmac", "is not", null)]))
      .execute();
    // So is a new address the victim confirmed; a code still waiting cannot be typed any more either.
    await victimChoices.purgeBreach(tx, breachId);
    await tx
      .updateTable("portal_requests")
      .set({ status: "expired", done_at: now })
      .where("breach_id", "=", breachId)
      .where("status", "in", ["awaiting-code", "pending-confirmation", "open"])
      .execute();
    // So is an address subscribed to update e-mails: the subscriptions end with it.
    const subscriptions = await updateSubscriptions.purgeBreach(tx, breachId);
    await audit.append(tx, keys, {
      actor: options.actor ?? "system",
      action: "retention.purged",
      subject: breachId,
      details: {
        victims: n,
        ...(texts > 0 ? { deliveryTexts: texts } : {}),
        ...(subscriptions > 0 ? { updateSubscriptions: subscriptions } : {}),
        cutoff: cutoff.toISOString(),
        retentionDays: options.retentionDays,
      },
    });
    return n;
  });
}

async function purge(db: Executor, keys: Keyring, options: PurgeOptions): Promise<PurgeReport> {
  if (!Number.isInteger(options.retentionDays) || options.retentionDays < 1)
    throw new Error(
      `retentionDays: expected a whole number of days (1 or more), got ${options.retentionDays}`,
    );
  const now = options.now ?? new Date();
  const cutoff = new Date(now.getTime() - options.retentionDays * DAY_MS);
  const due = await db
    .selectFrom("breaches")
    .innerJoin("victims", "victims.breach_id", "breaches.id")
    .select([
      "breaches.id as breachId",
      sql<boolean>`breaches.legal_hold_at is not null`.as("held"),
      sql<number>`count(*)::int`.as("victims"),
    ])
    .where("breaches.updated_at", "<", cutoff)
    .where("victims.contact_purged_at", "is", null)
    .groupBy("breaches.id")
    .orderBy("breaches.id")
    .execute();
  const report: PurgeReport = {
    cutoff: cutoff.toISOString(),
    dryRun: options.dryRun ?? false,
    breaches: [],
    purged: 0,
    held: due.filter((d) => d.held).map((d) => ({ breachId: d.breachId, victims: d.victims })),
  };
  if (!report.dryRun) {
    const reportCutoff = new Date(now.getTime() - PHISHING_REPORT_RETENTION_DAYS * DAY_MS);
    report.phishingReports = await phishingReports.purgeBefore(
      db,
      keys,
      reportCutoff,
      options.actor ?? "system",
    );
  }
  for (const { breachId, held, victims: count } of due) {
    if (held) continue;
    if (report.dryRun) {
      report.breaches.push({ breachId, victims: count });
      report.purged += count;
      continue;
    }
    const purged = await purgeBreach(db, keys, breachId, { now, cutoff }, options);
    if (purged > 0) {
      report.breaches.push({ breachId, victims: purged });
      report.purged += purged;
    }
  }
  return report;
}

export interface PurgeSchedule {
  stop(): void;
  /** Resolves when the run in progress (if any) has finished. */
  idle(): Promise<void>;
}

export interface ScheduleOptions {
  retentionDays: number;
  /** Hours between runs (default 6). */
  everyHours?: number;
  /** Delay before the first run in milliseconds (default one minute, so start-up is not slowed). */
  firstRunAfterMs?: number;
  onResult?: (report: PurgeReport) => void;
  onError?: (error: Error) => void;
}

/**
 * Runs the purge now-ish and then every few hours, for the server and workers. Timers do not keep the process
 * alive; overlapping runs are skipped. Several processes may each run it: the per-breach transaction and the
 * `contact_purged_at is null` condition make a second run find nothing to do.
 */
function schedule(db: Executor, keys: Keyring, options: ScheduleOptions): PurgeSchedule {
  const everyMs = (options.everyHours ?? 6) * 3_600_000;
  if (!(everyMs > 0)) throw new Error("everyHours: expected a positive number");
  let running: Promise<void> | undefined;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return;
    running = purge(db, keys, { retentionDays: options.retentionDays })
      .then((report) => options.onResult?.(report))
      .catch((error: Error) => options.onError?.(error))
      .finally(() => {
        running = undefined;
      });
  };
  const first = setTimeout(tick, options.firstRunAfterMs ?? 60_000);
  const interval = setInterval(tick, everyMs);
  first.unref();
  interval.unref();
  return {
    stop() {
      stopped = true;
      clearTimeout(first);
      clearInterval(interval);
    },
    idle: async () => {
      await running;
    },
  };
}

export const retention = { purge, schedule };
