/**
 * Campaign operations: create, check, approve, start, pause, resume, cancel, and read progress. Each checks
 * the lifecycle rule (lifecycle.ts), makes the change as a conditional update, and writes the audit entry in
 * the same transaction, so a change and its record of who did it commit together. Callers (CLI, API) pass the
 * organisation they act for; a campaign of another organisation is "not found", never "forbidden".
 *
 * Who sends is the organisation's stored profile and nothing else: a campaign setup holds only the campaign's own
 * texts, and one that names a sender, domains, DKIM or the plan address is refused. An approval records a digest
 * of exactly what will be sent (approval.ts); starting or resuming recomputes it, and a difference voids the
 * approval. Sending starts only from a verified domain.
 */
import type { BreachFacts } from "../assess/index.ts";
import { parseBreachFacts } from "../assess/index.ts";
import type { Language, OrganisationProfile } from "../core/index.ts";
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
  normaliseHolder,
  senderProfiles,
  sendingDomains,
  transaction,
  verificationRecord,
} from "../store/index.ts";
import { type ApprovalRecord, approvalRecord, changedParts } from "./approval.ts";
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
   * The campaign's own part of the message setup: texts, overrides, layout, subjects, date. The sender comes
   * from the organisation's profile, the breach from the breach, the plan address from the platform: a setup
   * that sets `organisation`, `publicUrl`, `breach` or `breachId` is refused.
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
  const breach = await breaches.get(ctx.db, organisationId, breachId);
  if (!breach) {
    throw new CampaignProblem("not-found", `No breach ${breachId} for this organisation.`);
  }
  return breach;
}

function factsOf(facts: Record<string, unknown>): BreachFacts {
  const parsed = parseBreachFacts(facts);
  if (!parsed.ok) throw new CampaignProblem("invalid", "The breach's stored facts are no longer valid.");
  return parsed.value;
}

/** Fields of a message setup a campaign may not set, and where each comes from instead. */
const NOT_IN_A_CAMPAIGN: Readonly<Record<string, string>> = {
  organisation:
    "the sender comes from the organisation's profile (lekwijzer org profile set, PUT /api/v1/organisation/profile); a campaign cannot set it",
  publicUrl: "the plan address is the platform's own (PUBLIC_URL); a campaign cannot set it",
  breach: "the breach facts come from the breach; a campaign cannot set them",
  breachId: "the breach is the one the campaign belongs to; a campaign cannot set it",
};

/** The sender as stored, with the DKIM key opened in memory; a problem when the organisation has none. */
async function senderOf(ctx: CampaignContext, organisationId: string) {
  const found = await senderProfiles.forSending(ctx.db, ctx.keys, organisationId);
  if (!found) {
    throw new CampaignProblem(
      "conflict",
      "The organisation has no sender profile yet: set it first (lekwijzer org profile set, or PUT /api/v1/organisation/profile).",
    );
  }
  return found;
}

/** The complete message setup of a campaign: its stored setup with the breach and the organisation filled in. */
export async function campaignSetup(
  ctx: CampaignContext,
  campaign: Pick<Campaign, "breachId" | "setup">,
): Promise<MessageSetup> {
  // The worker reaches the breach through a campaign it claimed, not for an organisation's request.
  const breach = await breaches.getAcrossOrganisations(ctx.db, campaign.breachId);
  if (!breach) throw new CampaignProblem("not-found", `No breach ${campaign.breachId}.`);
  return completeSetup(ctx, breach, campaign.setup);
}

function ownSetup(setup: unknown): Record<string, unknown> {
  if (setup === null || typeof setup !== "object" || Array.isArray(setup)) {
    throw new CampaignProblem("invalid", "The message setup must be an object.", [
      { path: "setup", message: "must be an object" },
    ]);
  }
  const given = setup as Record<string, unknown>;
  const refused = Object.keys(NOT_IN_A_CAMPAIGN)
    .filter((field) => field in given)
    .map((field) => ({ path: `setup.${field}`, message: NOT_IN_A_CAMPAIGN[field] as string }));
  if (refused.length > 0) {
    throw new CampaignProblem("invalid", "A campaign setup holds the campaign's texts only.", refused);
  }
  return given;
}

/** Texts the campaign leaves out that the profile holds (contact hours) are taken from the profile. */
function withProfileTexts(
  given: Record<string, unknown>,
  profile: OrganisationProfile,
): Record<string, unknown> {
  const texts = given.texts;
  if (!profile.contactHours || texts === null || typeof texts !== "object" || Array.isArray(texts))
    return given;
  if ("contactHours" in texts) return given;
  return { ...given, texts: { ...texts, contactHours: profile.contactHours } };
}

async function completeSetup(
  ctx: CampaignContext,
  breach: { id: string; organisationId: string; facts: Record<string, unknown> },
  setup: unknown,
): Promise<MessageSetup> {
  const given = ownSetup(setup);
  const { sender, profile } = await senderOf(ctx, breach.organisationId);
  const full = {
    date: new Date().toISOString().slice(0, 10),
    ...withProfileTexts(given, profile),
    organisation: sender,
    ...(ctx.publicUrl ? { publicUrl: ctx.publicUrl } : {}),
    breachId: breach.id,
    breach: factsOf(breach.facts),
  };
  const parsed = parseMessageSetup(full);
  if (!parsed.ok) {
    throw new CampaignProblem(
      "invalid",
      "The message setup is not valid.",
      parsed.problems.map((p) => ({
        // The sender's fields are the profile's: name them so, not as part of the campaign's setup.
        path: p.path.startsWith("organisation")
          ? `profile${p.path.slice("organisation".length)}`
          : p.path
            ? `setup.${p.path}`
            : "setup",
        message: p.message,
      })),
    );
  }
  return parsed.value;
}

/** Creates a draft campaign and a queued delivery for every victim it selects; `actor` is recorded as its creator. */
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
  extra: { findings?: Finding[]; approval?: ApprovalRecord; auditDetails?: Record<string, unknown> } = {},
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
      ...(extra.approval !== undefined ? { approval: { ...extra.approval } } : {}),
      ...(extra.findings !== undefined ? { findings: extra.findings } : {}),
    });
    if (!moved)
      throw new CampaignProblem("conflict", "The campaign changed meanwhile; look again and retry.");
    if (action.type === "cancel") await deliveries.cancelQueued(tx, campaign.id);
    await audit.append(tx, ctx.keys, {
      actor: action.actor,
      action: `campaign.${PAST_TENSE[action.type]}`,
      subject: campaign.id,
      details: {
        from: campaign.status,
        to,
        ...(extra.approval ? { approvalDigest: extra.approval.digest } : {}),
        ...extra.auditDetails,
      },
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

/** One person under two spellings is still one person: holders compare trimmed and case-insensitively. */
function samePerson(a: string, b: string): boolean {
  return normaliseHolder(a).toLowerCase() === normaliseHolder(b).toLowerCase();
}

/** The digest of what the campaign would send now. */
async function approvalNow(ctx: CampaignContext, campaign: Campaign): Promise<ApprovalRecord> {
  const breach = await breachOf(ctx, campaign.organisationId, campaign.breachId);
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

const PART_NAMES: Record<string, string> = {
  message: "the campaign's message",
  sender: "the sender profile",
  breach: "the breach facts",
  selection: "the selection",
  "plan-address": "the plan address (PUBLIC_URL)",
};

/** Voids an approval (the campaign goes back to draft) and records why, in one transaction. */
async function voidApproval(
  ctx: CampaignContext,
  campaign: Pick<Campaign, "id" | "status">,
  actor: string,
  changed: readonly string[],
): Promise<boolean> {
  return transaction(ctx.db, async (tx) => {
    const voided = await campaigns.voidApproval(tx, campaign.id, campaign.status);
    if (voided) {
      await audit.append(tx, ctx.keys, {
        actor,
        action: "campaign.approval-voided",
        subject: campaign.id,
        details: { from: campaign.status, to: "draft", changed: [...changed] },
      });
    }
    return voided;
  });
}

/** Refuses (and voids the approval) when what would be sent differs from what was approved. */
async function requireApprovalHolds(ctx: CampaignContext, campaign: Campaign, actor: string): Promise<void> {
  const now = await approvalNow(ctx, campaign);
  const approved = campaign.approval as { digest?: unknown } | null;
  if (approved?.digest === now.digest) return;
  const changed = changedParts(campaign.approval, now);
  await voidApproval(ctx, campaign, actor, changed);
  throw new CampaignProblem(
    "conflict",
    `approval-void: ${changed.map((part) => PART_NAMES[part] ?? part).join(", ")} changed after the approval, so the approval no longer covers what would be sent. The campaign is a draft again: check it and have it approved again.`,
  );
}

/** Sending starts only from a verified From domain; the refusal names the record to publish. */
async function requireVerifiedFromDomain(ctx: CampaignContext, organisationId: string): Promise<void> {
  const { sender } = await senderOf(ctx, organisationId);
  const domain = (sender.senderEmail.split("@").pop() ?? "").toLowerCase();
  if (await sendingDomains.verifiedCovering(ctx.db, organisationId, domain)) return;
  const pending = await sendingDomains.get(ctx.db, organisationId, domain);
  const how = pending
    ? (() => {
        const record = verificationRecord(domain, pending.token);
        return `publish the DNS TXT record ${record.name} with the value "${record.value}", then run lekwijzer org domain verify --org <slug> ${domain} (or POST /api/v1/organisation/domains/${domain}/verify)`;
      })()
    : `add it first with lekwijzer org domain add --org <slug> ${domain} (or POST /api/v1/organisation/domains) and publish the TXT record it names`;
  throw new CampaignProblem(
    "conflict",
    `domain-unverified: the From domain ${domain} is not verified, so nothing is sent from it yet: ${how}.`,
  );
}

/**
 * Approve (by another person than the creator: holders of API keys, operating-system users of the CLI), start,
 * pause, resume or cancel. An approval records the digest of what will be sent; start and resume recompute it
 * and refuse, voiding the approval, when anything changed; start and resume need a verified From domain.
 * `auditDetails` go into the audit entry (e.g. the API key that acted).
 */
export async function actOnCampaign(
  ctx: CampaignContext,
  organisationId: string,
  campaignId: string,
  action: SimpleAction,
  actor: string,
  auditDetails?: Record<string, unknown>,
): Promise<Campaign> {
  const campaign = await getCampaign(ctx, organisationId, campaignId);
  const extra = auditDetails ? { auditDetails } : {};
  if (action === "approve") {
    if (samePerson(actor, campaign.createdBy)) {
      throw new CampaignProblem(
        "conflict",
        `approver-is-creator: a campaign must be approved by someone other than its creator (${campaign.createdBy} created it).`,
      );
    }
    if (campaign.status !== "checked") return change(ctx, campaign, { type: action, actor }, extra);
    return change(
      ctx,
      campaign,
      { type: action, actor },
      { ...extra, approval: await approvalNow(ctx, campaign) },
    );
  }
  if (
    (action === "start" && campaign.status === "approved") ||
    (action === "resume" && campaign.status === "paused")
  ) {
    await requireVerifiedFromDomain(ctx, organisationId);
    await requireApprovalHolds(ctx, campaign, actor);
  }
  return change(ctx, campaign, { type: action, actor }, extra);
}

/**
 * After the organisation's sender profile changed: every approval of its campaigns that are approved, running
 * or paused no longer covers what would be sent. Each goes back to draft (a running one stops: workers send only
 * for running campaigns) and needs checking and approval again. Joins the caller's transaction. Returns the ids.
 */
export async function voidApprovalsOf(
  ctx: CampaignContext,
  organisationId: string,
  actor: string,
  changed: readonly string[],
): Promise<string[]> {
  const affected = await campaigns.listByOrganisation(ctx.db, organisationId, [
    "approved",
    "running",
    "paused",
  ]);
  const voided: string[] = [];
  for (const campaign of affected) {
    if (await voidApproval(ctx, campaign, actor, changed)) voided.push(campaign.id);
  }
  return voided;
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
