/**
 * Campaign operations, for every door (API, CLI, later the console): create, list, read, check, approve,
 * start, pause, resume, cancel, and read progress. Each authorizes the actor and acts on the actor's
 * organisation only: every query filters on it, so another organisation's breach or campaign is "not found".
 * Each change checks the lifecycle rule (delivery's `transitionCampaign`), is a conditional update, and writes
 * its audit entry in the same transaction, so a change and the record of who made it commit together.
 *
 * An approval records a digest of exactly what will be sent; starting or resuming recomputes it, and a
 * difference voids the approval. Sending starts only from a verified From domain.
 */
import {
  type ApprovalRecord,
  approvalRecord,
  type CampaignAction,
  changedParts,
  completeCampaignSetup,
  NO_SENDER_PROFILE,
  type SendingProgress,
  type SetupResult,
  sendingProgress,
  transitionCampaign,
  voidApproval,
} from "../delivery/index.ts";
import { type Finding, type MessageSetup, renderPreview, SAMPLE_RECIPIENTS } from "../messages/index.ts";
import {
  audit,
  breaches,
  type Campaign,
  type CampaignKind,
  type CampaignSelection,
  type CampaignStatus,
  campaigns,
  deliveries,
  senderProfiles,
  sendingDomains,
  transaction,
} from "../store/index.ts";
import { type Actor, actingOrganisation } from "./actor.ts";
import { refreshBreachPage } from "./breach-pages.ts";
import {
  approvalStale,
  approvalVoided,
  approverIsCreator,
  blockingCount,
  campaignFindings,
  domainUnverified,
  fromDomain,
  PAST_TENSE,
  samePerson,
  selectionProblems,
} from "./campaign-rules.ts";
import { type OperationContext, OperationProblem } from "./context.ts";
import { isUuid } from "./ids.ts";

export interface NewCampaign {
  breachId: string;
  kind: CampaignKind;
  selection?: CampaignSelection;
  /**
   * The campaign's own part of the message setup: texts, overrides, layout, subjects, date. The sender comes
   * from the organisation's profile, the breach from the breach, the plan address from the platform: a setup
   * that sets `organisation`, `publicUrl`, `breach` or `breachId` is refused.
   */
  setup: unknown;
}

/** What a person with the `send` role does to a campaign. */
export type CampaignStep = "approve" | "start" | "pause" | "resume" | "cancel";

export interface CampaignStatusReport extends SendingProgress {
  campaign: Campaign;
}

async function ownBreach(ctx: OperationContext, organisationId: string, breachId: string) {
  const breach = isUuid(breachId) ? await breaches.get(ctx.db, organisationId, breachId) : undefined;
  if (!breach) throw new OperationProblem("not-found", `No breach ${breachId} for this organisation.`);
  return breach;
}

async function ownCampaign(ctx: OperationContext, organisationId: string, campaignId: string) {
  const campaign = isUuid(campaignId) ? await campaigns.get(ctx.db, organisationId, campaignId) : undefined;
  if (!campaign) throw new OperationProblem("not-found", `No campaign ${campaignId} for this organisation.`);
  return campaign;
}

function setupOrRefusal(result: SetupResult): MessageSetup {
  if (result.ok) return result.setup;
  throw new OperationProblem(result.refusal.code, result.refusal.message, result.refusal.problems);
}

async function setupOf(ctx: OperationContext, campaign: Campaign): Promise<MessageSetup> {
  const breach = await ownBreach(ctx, campaign.organisationId, campaign.breachId);
  return setupOrRefusal(await completeCampaignSetup(ctx, breach, campaign.setup));
}

/** Creates a draft campaign and a queued delivery for every victim it selects; the actor is its creator. */
export async function createCampaign(
  ctx: OperationContext,
  actor: Actor,
  input: NewCampaign,
): Promise<Campaign> {
  const organisationId = actingOrganisation(actor, "campaign.create");
  const breach = await ownBreach(ctx, organisationId, input.breachId);
  const selection = input.selection ?? {};
  const problems = selectionProblems(selection, input.kind);
  if (problems.length > 0) throw new OperationProblem("invalid", "The selection is not valid.", problems);
  const setup = setupOrRefusal(await completeCampaignSetup(ctx, breach, input.setup));
  if (input.kind === "update" && !setup.texts.updateNews) {
    throw new OperationProblem("invalid", "An update needs its news.", [
      { path: "setup.texts.updateNews", message: "required for an update" },
    ]);
  }
  const stored = { ...(input.setup as Record<string, unknown>) };
  return transaction(ctx.db, async (tx) => {
    const campaign = await campaigns.create(tx, organisationId, {
      breachId: breach.id,
      kind: input.kind,
      selection,
      setup: stored,
      createdBy: actor.name,
    });
    const total = await deliveries.populate(tx, ctx.keys, campaign);
    await campaigns.setTotal(tx, organisationId, campaign.id, total);
    await audit.append(tx, ctx.keys, {
      actor: actor.name,
      action: "campaign.created",
      subject: campaign.id,
      details: { breachId: breach.id, kind: input.kind, selection, total },
    });
    return { ...campaign, total };
  });
}

export async function getCampaign(
  ctx: OperationContext,
  actor: Actor,
  input: { campaignId: string },
): Promise<Campaign> {
  return ownCampaign(ctx, actingOrganisation(actor, "campaign.read"), input.campaignId);
}

/** The campaigns of one of the organisation's breaches, oldest first. */
export async function listCampaigns(
  ctx: OperationContext,
  actor: Actor,
  input: { breachId: string },
): Promise<Campaign[]> {
  const organisationId = actingOrganisation(actor, "campaign.list");
  await ownBreach(ctx, organisationId, input.breachId);
  return campaigns.listByBreach(ctx.db, organisationId, input.breachId);
}

/**
 * Runs the pre-send checks on the campaign's message for sample people of every channel. Findings that block
 * every channel keep the campaign a draft; findings that block one channel only (a missing address blocks a
 * letter) are recorded and that channel is skipped per person when sending.
 */
export async function checkCampaign(
  ctx: OperationContext,
  actor: Actor,
  input: { campaignId: string },
): Promise<{ campaign: Campaign; findings: Finding[] }> {
  const organisationId = actingOrganisation(actor, "campaign.check");
  const campaign = await ownCampaign(ctx, organisationId, input.campaignId);
  const setup = await setupOf(ctx, campaign);
  const findings = campaignFindings(
    SAMPLE_RECIPIENTS.map((recipient) => renderPreview({ setup, recipient, kind: campaign.kind }).findings),
  );
  const next = await change(
    ctx,
    actor,
    campaign,
    { type: "check", actor: actor.name, blockingFindings: blockingCount(findings) },
    { findings },
  );
  return { campaign: next, findings };
}

/** Moves the campaign as the lifecycle allows, with its audit entry; a refused check still records its findings. */
async function change(
  ctx: OperationContext,
  actor: Actor,
  campaign: Campaign,
  action: Extract<CampaignAction, { type: keyof typeof PAST_TENSE }>,
  extra: { findings?: Finding[]; approval?: ApprovalRecord } = {},
): Promise<Campaign> {
  const { organisationId } = campaign;
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
      await campaigns.changeStatus(ctx.db, organisationId, campaign.id, {
        from: campaign.status,
        to: campaign.status,
        findings: extra.findings,
      });
    }
    throw new OperationProblem("conflict", result.error.message);
  }
  const to = result.campaign.state as CampaignStatus;
  return transaction(ctx.db, async (tx) => {
    const moved = await campaigns.changeStatus(tx, organisationId, campaign.id, {
      from: campaign.status,
      to,
      ...(action.type === "approve" ? { approvedBy: action.actor } : {}),
      ...(extra.approval !== undefined ? { approval: { ...extra.approval } } : {}),
      ...(extra.findings !== undefined ? { findings: extra.findings } : {}),
    });
    if (!moved)
      throw new OperationProblem("conflict", "The campaign changed meanwhile; look again and retry.");
    if (action.type === "cancel") await deliveries.cancelQueued(tx, campaign.id);
    await audit.append(tx, ctx.keys, {
      actor: action.actor,
      action: `campaign.${PAST_TENSE[action.type]}`,
      subject: campaign.id,
      details: {
        from: campaign.status,
        to,
        ...(extra.approval ? { approvalDigest: extra.approval.digest } : {}),
        ...(action.type !== "check" && actor.keyId ? { key: actor.keyId } : {}),
      },
    });
    return (await campaigns.get(tx, organisationId, campaign.id)) as Campaign;
  });
}

async function senderOf(ctx: OperationContext, organisationId: string) {
  const found = await senderProfiles.forSending(ctx.db, ctx.keys, organisationId);
  if (!found) throw new OperationProblem("conflict", NO_SENDER_PROFILE);
  return found;
}

/** The digest of what the campaign would send now. */
async function approvalNow(ctx: OperationContext, campaign: Campaign): Promise<ApprovalRecord> {
  const breach = await ownBreach(ctx, campaign.organisationId, campaign.breachId);
  const { profile, dkimKeyFingerprint } = await senderOf(ctx, campaign.organisationId);
  return approvalRecord({
    kind: campaign.kind,
    setup: campaign.setup,
    profile,
    dkimKeyFingerprint,
    breachFacts: breach.facts,
    selection: campaign.selection as Record<string, unknown>,
    publicUrl: ctx.publicUrl ?? null,
  });
}

/** Refuses (and voids the approval) when what would be sent differs from what was approved. */
async function requireApprovalHolds(ctx: OperationContext, actor: Actor, campaign: Campaign): Promise<void> {
  const now = await approvalNow(ctx, campaign);
  const approved = campaign.approval as { digest?: unknown } | null;
  if (approved?.digest === now.digest) return;
  const changed = changedParts(campaign.approval, now);
  await voidApproval(ctx, campaign, actor.name, changed);
  throw new OperationProblem("conflict", approvalVoided(changed));
}

/** Sending starts only from a verified From domain; the refusal names the record to publish. */
async function requireVerifiedFromDomain(ctx: OperationContext, organisationId: string): Promise<void> {
  const { sender } = await senderOf(ctx, organisationId);
  const domain = fromDomain(sender.senderEmail);
  if (await sendingDomains.verifiedCovering(ctx.db, organisationId, domain)) return;
  const pending = await sendingDomains.get(ctx.db, organisationId, domain);
  throw new OperationProblem("conflict", domainUnverified(domain, pending?.token));
}

export interface CampaignStepInput {
  campaignId: string;
  step: CampaignStep;
  /**
   * For an approval: the digest the approver was shown (`approvalPreview`). When given and what would be sent
   * now has another digest, the approval is refused, so a person never approves content they did not see.
   */
  expectedDigest?: string;
  /** The part digests shown with it, so a refusal can say what changed. */
  expectedParts?: Record<string, string>;
}

/**
 * What approving the campaign now would cover: the digest of what would be sent and the digest of each part
 * (message, sender, breach, selection, plan address). A door shows it to the approver and sends the digest
 * back with the approval (`expectedDigest`). Refused (`conflict`) while the organisation has no sender profile.
 */
export async function approvalPreview(
  ctx: OperationContext,
  actor: Actor,
  input: { campaignId: string },
): Promise<ApprovalRecord> {
  const campaign = await ownCampaign(ctx, actingOrganisation(actor, "campaign.read"), input.campaignId);
  return approvalNow(ctx, campaign);
}

/**
 * Approve (by another person than the creator), start, pause, resume or cancel. An approval records the digest
 * of what will be sent; start and resume recompute it and refuse, voiding the approval, when anything changed;
 * start and resume need a verified From domain.
 */
export async function actOnCampaign(
  ctx: OperationContext,
  actor: Actor,
  input: CampaignStepInput,
): Promise<Campaign> {
  const changed = await stepCampaign(ctx, actor, input);
  // The breach page shows the texts of the approved first notice: an approval, or its end, changes them.
  if (changed.kind === "first-notice") await refreshBreachPage(ctx, changed.breachId);
  return changed;
}

async function stepCampaign(
  ctx: OperationContext,
  actor: Actor,
  input: CampaignStepInput,
): Promise<Campaign> {
  const { step } = input;
  const organisationId = actingOrganisation(actor, `campaign.${step}`);
  const campaign = await ownCampaign(ctx, organisationId, input.campaignId);
  const action = { type: step, actor: actor.name } as const;
  if (step === "approve") {
    if (samePerson(actor.name, campaign.createdBy)) {
      throw new OperationProblem("conflict", approverIsCreator(campaign.createdBy));
    }
    if (campaign.status !== "checked") return change(ctx, actor, campaign, action);
    const approval = await approvalNow(ctx, campaign);
    // The approver approves what they were shown: content changed since then is refused, never approved unseen.
    if (input.expectedDigest !== undefined && input.expectedDigest !== approval.digest)
      throw new OperationProblem(
        "conflict",
        approvalStale(input.expectedParts ? changedParts({ parts: input.expectedParts }, approval) : []),
      );
    return change(ctx, actor, campaign, action, { approval });
  }
  if (
    (step === "start" && campaign.status === "approved") ||
    (step === "resume" && campaign.status === "paused")
  ) {
    await requireVerifiedFromDomain(ctx, organisationId);
    await requireApprovalHolds(ctx, actor, campaign);
  }
  return change(ctx, actor, campaign, action);
}

/** The campaign with its progress: totals by state and channel, rate, ETA, and failing providers. */
export async function campaignStatus(
  ctx: OperationContext,
  actor: Actor,
  input: { campaignId: string },
): Promise<CampaignStatusReport> {
  const organisationId = actingOrganisation(actor, "campaign.read");
  const campaign = await ownCampaign(ctx, organisationId, input.campaignId);
  return { campaign, ...(await sendingProgress(ctx, campaign.id)) };
}
