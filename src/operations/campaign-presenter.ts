/**
 * The one JSON shape of a campaign and of its progress, for every door: the API answers with it and the
 * command line prints it with `--json`, so a script reads the same fields whichever door it uses.
 */
import type { Campaign } from "../store/index.ts";
import type { CampaignStatusReport } from "./campaigns.ts";

export function presentCampaign(campaign: Campaign) {
  return {
    id: campaign.id,
    breachId: campaign.breachId,
    kind: campaign.kind,
    status: campaign.status,
    selection: campaign.selection,
    total: campaign.total,
    findings: campaign.findings,
    createdAt: campaign.createdAt.toISOString(),
    startedAt: campaign.startedAt?.toISOString() ?? null,
    finishedAt: campaign.finishedAt?.toISOString() ?? null,
  };
}

export function presentCampaignStatus(report: CampaignStatusReport) {
  return {
    campaign: presentCampaign(report.campaign),
    byStatus: report.progress.byStatus,
    byChannel: report.progress.byChannel,
    rate: report.rate,
    etaSeconds: report.etaSeconds,
    deferrals: report.progress.deferrals.map((d) => ({ ...d, lastAt: d.lastAt.toISOString() })),
    channelHealth: report.channelHealth.map((h) => ({ ...h, failingSince: h.failingSince.toISOString() })),
  };
}
