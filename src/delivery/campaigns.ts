/**
 * Campaign operations: create, check, approve, start, pause, resume, cancel, and read progress. Each checks
 * the lifecycle rule (lifecycle.ts), makes the change as a conditional update, and writes the audit entry in
 * the same transaction, so a change and its record of who did it commit together. Callers (CLI, API) pass the
 * organisation they act for; a campaign of another organisation is "not found", never "forbidden".
 */
import type { BreachFacts } from "../assess/index.ts";
import { parseBreachFacts } from "../assess/index.ts";
import type { Language } from "../core/index.ts";
import { FLAG_IDS } from "../framework/index.ts";
import {
  type Finding,
  type MessageSetup,
  parseMessageSetup,
  renderPreview,
  SAMPLE_RECIPIENTS,
  type SetupProblem,
} from "../messages/index.ts";
import {
  audit,
  breaches,
  type Campaign,
  type CampaignKind,
  type CampaignProgress,
  type CampaignSelection,
  type CampaignStatus,
  type ChannelHealth,
  campaigns,
  deliveries,
  type Executor,
  type Keyring,
  organisations,
  transaction,
} from "../store/index.ts";
import { type CampaignAction, transitionCampaign } from "./lifecycle.ts";

export interface CampaignContext {
  db: Executor;
  keys: Keyring;
  /** The platform's public address: messages then point to the person's plan online (no name in it). */
  publicUrl?: string;
}

/** A refusal the caller can show as is: `code` maps to a problem type, `problems` name the fields. */
export class CampaignProblem extends Error {
  readonly code: "not-found" | "invalid" | "conflict";
  readonly problems: SetupProblem[];
  constructor(code: CampaignProblem["code"], message: string, problems: SetupProblem[] = []) {
    super(message);
    this.name = "CampaignProblem";
    this.code = code;
    this.problems = problems;
  }
}

export interface NewCampaignInput {
  organisationId: string;
  breachId: string;
  kind: CampaignKind;
  selection?: CampaignSelection;
  /**
   * The message setup without breach facts (contracts: MessageSetup minus `breach`/`breachId`): the
   * organisation's texts, overrides, layout, subjects, date. `organisation` defaults to its sender profile.
   */
  setup: unknown;
  actor: string;
}

const SEGMENT = /^[\p{L}\p{N} ._-]{1,100}$/u;

function selectionProblems(selection: CampaignSelection): SetupProblem[] {
  const problems: SetupProblem[] = [];
  if (selection.flag !== undefined && !(FLAG_IDS as readonly string[]).includes(selection.flag)) {
    problems.push({ path: "selection.flag", message: `unknown flag "${selection.flag.slice(0, 40)}"` });
  }
  if (selection.segment !== undefined && !SEGMENT.test(selection.segment)) {
    problems.push({ path: "selection.segment", message: "must be 1–100 letters, digits, spaces, . _ or -" });
  }
  return problems;
}

async function breachOf(ctx: CampaignContext, organisationId: string, breachId: string) {
  const breach = await breaches.get(ctx.db, breachId);
  if (!breach || breach.organisationId !== organisationId) {
    throw new CampaignProblem("not-found", `No breach ${breachId} for this organisation.`);
  }
  return breach;
}

function factsOf(facts: Record<string, unknown>): BreachFacts {
  const parsed = parseBreachFacts(facts);
  if (!parsed.ok) throw new CampaignProblem("invalid", "The breach's stored facts are no longer valid.");
  return parsed.value;
}

/** The complete message setup of a campaign: its stored setup with the breach and the organisation filled in. */
export async function campaignSetup(
  ctx: CampaignContext,
  campaign: Pick<Campaign, "breachId" | "setup">,
): Promise<MessageSetup> {
  const breach = await breaches.get(ctx.db, campaign.breachId);
  if (!breach) throw new CampaignProblem("not-found", `No breach ${campaign.breachId}.`);
  return completeSetup(ctx, breach, campaign.setup);
}

async function completeSetup(
  ctx: CampaignContext,
  breach: { id: string; organisationId: string; facts: Record<string, unknown> },
  setup: unknown,
): Promise<MessageSetup> {
  if (setup === null || typeof setup !== "object" || Array.isArray(setup)) {
    throw new CampaignProblem("invalid", "The message setup must be an object.", [
      { path: "setup", message: "must be an object" },
    ]);
  }
  const given = setup as Record<string, unknown>;
  const organisation = await organisations.get(ctx.db, breach.organisationId);
  const full = {
    date: new Date().toISOString().slice(0, 10),
    ...(organisation?.profile ? { organisation: organisation.profile } : {}),
    ...(ctx.publicUrl ? { publicUrl: ctx.publicUrl } : {}),
    ...given,
    breachId: breach.id,
    breach: factsOf(breach.facts),
  };
  const parsed = parseMessageSetup(full);
  if (!parsed.ok) {
    throw new CampaignProblem(
      "invalid",
      "The message setup is not valid.",
      parsed.problems.map((p) => ({ path: p.path ? `setup.${p.path}` : "setup", message: p.message })),
    );
  }
  return parsed.value;
}

/** Creates a draft campaign and a queued delivery for every victim it selects. */
export async function createCampaign(ctx: CampaignContext, input: NewCampaignInput): Promise<Campaign> {
  const breach = await breachOf(ctx, input.organisationId, input.breachId);
  const selection = input.selection ?? {};
  const problems = selectionProblems(selection);
  if (problems.length > 0) throw new CampaignProblem("invalid", "The selection is not valid.", problems);
  const setup = await completeSetup(ctx, breach, input.setup);
  if (input.kind === "update" && !setup.texts.updateNews) {
    throw new CampaignProblem("invalid", "An update needs its news.", [
      { path: "setup.texts.updateNews", message: "required for an update" },
    ]);
  }
  const stored = { ...(input.setup as Record<string, unknown>) };
  return transaction(ctx.db, async (tx) => {
    const campaign = await campaigns.create(tx, {
      breachId: breach.id,
      kind: input.kind,
      selection,
      setup: stored,
      createdBy: input.actor,
    });
    const total = await deliveries.populate(tx, ctx.keys, campaign);
    await campaigns.setTotal(tx, campaign.id, total);
    await audit.append(tx, ctx.keys, {
      actor: input.actor,
      action: "campaign.created",
      subject: campaign.id,
      details: { breachId: breach.id, kind: input.kind, selection, total },
    });
    return { ...campaign, total };
  });
}

export async function getCampaign(
  ctx: CampaignContext,
  organisationId: string,
  campaignId: string,
): Promise<Campaign> {
  const campaign = await campaigns.get(ctx.db, campaignId, organisationId);
  if (!campaign) throw new CampaignProblem("not-found", `No campaign ${campaignId} for this organisation.`);
  return campaign;
}

/** Recipients to check a setup against: one per channel and language the sample covers. */
function checkRecipients(language: Language | undefined) {
  return SAMPLE_RECIPIENTS.filter((r) => language === undefined || r.language === language);
}

/**
 * Runs the pre-send checks on the campaign's message for sample people of every channel. Findings that block
 * every channel keep the campaign a draft; findings that block one channel only (a missing address blocks a
 * letter) are recorded and that channel is skipped per person when sending.
 */
export async function checkCampaign(
  ctx: CampaignContext,
  organisationId: string,
  campaignId: string,
  actor: string,
): Promise<{ campaign: Campaign; findings: Finding[] }> {
  const campaign = await getCampaign(ctx, organisationId, campaignId);
  const setup = await campaignSetup(ctx, campaign);
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const recipient of checkRecipients(undefined)) {
    const preview = renderPreview({ setup, recipient, kind: campaign.kind });
    for (const finding of preview.findings) {
      // "reach" findings are about the sample person's contact data, not about the message.
      if (finding.check === "reach") continue;
      const key = `${finding.check}|${finding.severity}|${finding.channel ?? ""}|${finding.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      findings.push(finding);
    }
  }
  const blocking = findings.filter((f) => f.severity === "block" && f.channel === undefined).length;
  const next = await change(
    ctx,
    campaign,
    { type: "check", actor, blockingFindings: blocking },
    { findings },
  );
  return { campaign: next, findings };
}

async function change(
  ctx: CampaignContext,
  campaign: Campaign,
  action: CampaignAction,
  extra: { findings?: Finding[] } = {},
): Promise<Campaign> {
  const result = transitionCampaign(
    {
      state: campaign.status,
      createdBy: campaign.createdBy,
      ...(campaign.approvedBy ? { approvedBy: campaign.approvedBy } : {}),
    },
    action,
  );
  if (!result.ok) {
    if (extra.findings !== undefined) {
      await campaigns.changeStatus(ctx.db, campaign.id, {
        from: campaign.status,
        to: campaign.status,
        findings: extra.findings,
      });
    }
    throw new CampaignProblem("conflict", result.error.message);
  }
  const to = result.campaign.state as CampaignStatus;
  return transaction(ctx.db, async (tx) => {
    const moved = await campaigns.changeStatus(tx, campaign.id, {
      from: campaign.status,
      to,
      ...(action.type === "approve" ? { approvedBy: action.actor } : {}),
      ...(extra.findings !== undefined ? { findings: extra.findings } : {}),
    });
    if (!moved)
      throw new CampaignProblem("conflict", "The campaign changed meanwhile; look again and retry.");
    if (action.type === "cancel") await deliveries.cancelQueued(tx, campaign.id);
    await audit.append(tx, ctx.keys, {
      actor: action.actor,
      action: `campaign.${PAST_TENSE[action.type]}`,
      subject: campaign.id,
      details: { from: campaign.status, to },
    });
    return (await campaigns.get(tx, campaign.id)) as Campaign;
  });
}

const PAST_TENSE: Record<CampaignAction["type"], string> = {
  check: "checked",
  edit: "edited",
  approve: "approved",
  start: "started",
  pause: "paused",
  resume: "resumed",
  cancel: "cancelled",
  finish: "done",
  reopen: "reopened",
};

type SimpleAction = "approve" | "start" | "pause" | "resume" | "cancel";

/** Approve (by someone other than the creator), start, pause, resume or cancel. */
export async function actOnCampaign(
  ctx: CampaignContext,
  organisationId: string,
  campaignId: string,
  action: SimpleAction,
  actor: string,
): Promise<Campaign> {
  const campaign = await getCampaign(ctx, organisationId, campaignId);
  return change(ctx, campaign, { type: action, actor });
}

/** Marks a running campaign done once nothing is left to send; returns whether it did. */
export async function finishIfComplete(ctx: CampaignContext, campaignId: string): Promise<boolean> {
  if (await deliveries.hasOpenWork(ctx.db, campaignId)) return false;
  return transaction(ctx.db, async (tx) => {
    const moved = await campaigns.changeStatus(tx, campaignId, { from: "running", to: "done" });
    if (moved) {
      await audit.append(tx, ctx.keys, {
        actor: "system",
        action: "campaign.done",
        subject: campaignId,
      });
    }
    return moved;
  });
}

/**
 * A late bounce or returned letter moved someone to their next channel after the campaign was done: the
 * campaign runs again until that message is out (the audit log says why). Does nothing in any other state.
 */
export async function reopenForFallback(
  ctx: Pick<CampaignContext, "db" | "keys">,
  campaignId: string,
): Promise<boolean> {
  return transaction(ctx.db, async (tx) => {
    const moved = await campaigns.changeStatus(tx, campaignId, { from: "done", to: "running" });
    if (moved) {
      await audit.append(tx, ctx.keys, {
        actor: "system",
        action: "campaign.reopened",
        subject: campaignId,
        details: { reason: "a person moved to their next channel after the campaign was done" },
      });
    }
    return moved;
  });
}

export interface CampaignStatusReport {
  campaign: Campaign;
  progress: CampaignProgress;
  /** Messages per second over the last minute. */
  rate: number;
  /** Seconds until the queue is empty at the current rate; null when nothing moves. */
  etaSeconds: number | null;
  /** Channels whose provider is failing now (relay down, gateway refusing us): why sending may have stalled. */
  channelHealth: ChannelHealth[];
}

export async function campaignStatus(
  ctx: CampaignContext,
  organisationId: string,
  campaignId: string,
): Promise<CampaignStatusReport> {
  const campaign = await getCampaign(ctx, organisationId, campaignId);
  const progress = await deliveries.progress(ctx.db, campaign.id);
  const rate = progress.sentLastMinute / 60;
  const open = progress.byStatus.queued + progress.byStatus.sending;
  const etaSeconds = open === 0 ? 0 : rate > 0 ? Math.ceil(open / rate) : null;
  const channelHealth = await deliveries.channelHealth(ctx.db);
  return { campaign, progress, rate, etaSeconds, channelHealth };
}
