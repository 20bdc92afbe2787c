/**
 * A campaign's dashboard: its progress from the latest snapshot (never a count over its deliveries per
 * request, so the page answers as fast for a million deliveries as for ten), sent / delivered / bounced over
 * time from the earlier snapshots, the same by channel and by segment, the sending rate and the time left.
 * Reading it is `campaign.read`, within the actor's organisation like every campaign read.
 */
import type { Campaign, ProgressSnapshot } from "../store/index.ts";
import { progressSnapshots } from "../store/index.ts";
import type { Actor } from "./actor.ts";
import { getCampaign } from "./campaigns.ts";
import type { OperationContext } from "./context.ts";

/** What a person tracks, from the delivery statuses: each delivery is in exactly one of these. */
export const PROGRESS_GROUPS = ["open", "handedOver", "delivered", "bounced", "failed", "cancelled"] as const;
export type ProgressGroup = (typeof PROGRESS_GROUPS)[number];

const GROUP_OF: Readonly<Record<string, ProgressGroup>> = {
  queued: "open",
  sending: "open",
  // Handed to the relay, the gateway or the printer; no report back (yet).
  sent: "handedOver",
  delivered: "delivered",
  bounced: "bounced",
  failed: "failed",
  unreachable: "failed",
  cancelled: "cancelled",
};

export type GroupCounts = Record<ProgressGroup, number>;

export interface DashboardPoint {
  at: Date;
  /** Cumulative: everyone the campaign has reached the end of sending for (handed over, delivered, bounced). */
  sent: number;
  delivered: number;
  bounced: number;
  failed: number;
}

export interface CampaignDashboard {
  campaign: Campaign;
  /** When the figures were counted; null before the first snapshot. */
  countedAt: Date | null;
  total: number;
  groups: GroupCounts;
  byChannel: { channel: string; groups: GroupCounts }[];
  bySegment: { segment: string; groups: GroupCounts }[];
  series: DashboardPoint[];
  /** Messages sent per minute over the last minutes of the series; null without two snapshots to compare. */
  perMinute: number | null;
  /** Seconds until everyone open is sent at that rate; 0 when nobody is open; null when it cannot be said. */
  etaSeconds: number | null;
}

const empty = (): GroupCounts => ({
  open: 0,
  handedOver: 0,
  delivered: 0,
  bounced: 0,
  failed: 0,
  cancelled: 0,
});

function grouped<K extends string>(
  rows: readonly { status: string; n: number }[],
  keyOf: (row: never) => K,
): Map<K, GroupCounts> {
  const out = new Map<K, GroupCounts>();
  for (const row of rows) {
    const key = keyOf(row as never);
    const counts = out.get(key) ?? empty();
    counts[GROUP_OF[row.status] ?? "open"] += row.n;
    out.set(key, counts);
  }
  return out;
}

function point(snapshot: ProgressSnapshot): DashboardPoint {
  const g = grouped(snapshot.counts, () => "all").get("all") ?? empty();
  return {
    at: snapshot.takenAt,
    sent: g.handedOver + g.delivered + g.bounced,
    delivered: g.delivered,
    bounced: g.bounced,
    failed: g.failed,
  };
}

/** The rate over the last five minutes of the series (or what there is of them). */
function perMinuteOf(series: readonly DashboardPoint[]): number | null {
  const last = series.at(-1);
  if (!last) return null;
  const from = series.find((p) => last.at.getTime() - p.at.getTime() <= 5 * 60_000) ?? last;
  const minutes = (last.at.getTime() - from.at.getTime()) / 60_000;
  if (from === last || minutes <= 0) return null;
  return (last.sent + last.failed - from.sent - from.failed) / minutes;
}

/** The pure part: a dashboard from a campaign and its snapshots (oldest first). */
export function dashboardOf(campaign: Campaign, snapshots: readonly ProgressSnapshot[]): CampaignDashboard {
  const latest = snapshots.at(-1);
  const groups = latest ? (grouped(latest.counts, () => "all").get("all") ?? empty()) : empty();
  const total = latest ? latest.counts.reduce((sum, c) => sum + c.n, 0) : campaign.total;
  if (!latest) groups.open = campaign.total;
  const byChannel = latest
    ? [...grouped(latest.counts, (r: { channel: string }) => r.channel)].map(([channel, g]) => ({
        channel,
        groups: g,
      }))
    : [];
  const bySegment = latest
    ? [...grouped(latest.segments, (r: { segment: string }) => r.segment)].map(([segment, g]) => ({
        segment,
        groups: g,
      }))
    : [];
  const series = snapshots.map(point);
  const perMinute = perMinuteOf(series);
  // Before the first count nothing is known about the time left, not even for an empty campaign.
  const etaSeconds =
    latest && groups.open === 0
      ? 0
      : campaign.status === "running" && perMinute !== null && perMinute > 0
        ? Math.ceil((groups.open / perMinute) * 60)
        : null;
  return {
    campaign,
    countedAt: latest?.takenAt ?? null,
    total,
    groups,
    byChannel: byChannel.sort((a, b) => a.channel.localeCompare(b.channel)),
    bySegment: bySegment.sort((a, b) => a.segment.localeCompare(b.segment)),
    series,
    perMinute,
    etaSeconds,
  };
}

export async function campaignDashboard(
  ctx: OperationContext,
  actor: Actor,
  input: { campaignId: string },
): Promise<CampaignDashboard> {
  const campaign = await getCampaign(ctx, actor, input);
  return dashboardOf(campaign, await progressSnapshots.series(ctx.db, campaign.id));
}
