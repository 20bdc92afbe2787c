/**
 * The round that keeps campaign dashboards current: every few seconds it takes a progress snapshot of each
 * campaign that needs one (store/progress-snapshots.ts). Counting a national campaign's deliveries takes a
 * while, so a campaign's next snapshot waits ten times as long as its last one took (at least `minIntervalMs`):
 * the counting stays a small share of the database's time however large the campaign, and the dashboard says
 * how old its figures are. Runs in every delivery worker; the schedule lets only one of them count a campaign.
 */
import { type Executor, type ProgressSnapshot, progressSnapshots } from "../store/index.ts";

export interface ProgressSnapshotOptions {
  /** How often to look for campaigns that need a snapshot. */
  everyMs?: number;
  /** The least time between two snapshots of one campaign. */
  minIntervalMs?: number;
  now?: () => Date;
  onError?: (error: Error) => void;
}

export const SNAPSHOT_DEFAULTS = { everyMs: 5_000, minIntervalMs: 15_000 } as const;
const SETTLED_INTERVAL_MS = 10 * 60_000;

/** One round: the snapshots taken (a test or the demo calls it directly; the worker calls it on a timer). */
export async function takeDueSnapshots(
  db: Executor,
  options: Pick<ProgressSnapshotOptions, "minIntervalMs" | "now"> = {},
): Promise<ProgressSnapshot[]> {
  const minIntervalMs = options.minIntervalMs ?? SNAPSHOT_DEFAULTS.minIntervalMs;
  const taken: ProgressSnapshot[] = [];
  const now = options.now?.() ?? new Date();
  for (const { id: campaignId, active } of await progressSnapshots.due(db, now)) {
    // Claimed for a minute: a worker that dies while counting holds the campaign no longer than that.
    if (!(await progressSnapshots.claim(db, campaignId, now, new Date(now.getTime() + 60_000)))) continue;
    const snapshot = await progressSnapshots.take(db, campaignId, now);
    // A finished campaign changes only by late bounces and returned letters: every ten minutes is enough.
    const wait = Math.max(active ? minIntervalMs : SETTLED_INTERVAL_MS, snapshot.tookMs * 10);
    await progressSnapshots.schedule(db, campaignId, new Date(now.getTime() + wait));
    taken.push(snapshot);
  }
  return taken;
}

export function startProgressSnapshots(
  db: Executor,
  options: ProgressSnapshotOptions = {},
): { stop(): Promise<void> } {
  let round: Promise<unknown> | undefined;
  const timer = setInterval(() => {
    round ??= takeDueSnapshots(db, options)
      .catch((error: unknown) => options.onError?.(error as Error))
      .finally(() => {
        round = undefined;
      });
  }, options.everyMs ?? SNAPSHOT_DEFAULTS.everyMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await round;
    },
  };
}
