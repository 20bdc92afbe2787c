/**
 * What the delivery engine itself needs of campaigns: the complete message setup of a campaign (its own texts
 * with the organisation's stored sender, the breach facts and the plan address filled in), voiding approvals,
 * marking a campaign done or running again, and reading its progress. The operations people take on campaigns
 * (create, check, approve, start, …) live in the operations part and use these.
 *
 * Who sends is the organisation's stored profile and nothing else: a campaign setup holds only the campaign's own
 * texts, and one that names a sender, domains, DKIM or the plan address is refused.
 */
import type { BreachFacts } from "../assess/index.ts";
import { parseBreachFacts } from "../assess/index.ts";
import type { OrganisationProfile } from "../core/index.ts";
import { type MessageSetup, parseMessageSetup, type SetupProblem } from "../messages/index.ts";
import {
  audit,
  breaches,
  type Campaign,
  type CampaignProgress,
  type ChannelHealth,
  campaigns,
  deliveries,
  type Executor,
  type Keyring,
  senderProfiles,
  transaction,
} from "../store/index.ts";

export interface CampaignContext {
  db: Executor;
  keys: Keyring;
  /** The platform's public address: messages then point to the person's plan online (no name in it). */
  publicUrl?: string;
}

/** Why a campaign's setup cannot be completed: the caller's to fix (`invalid`) or not possible now (`conflict`). */
export interface SetupRefusal {
  code: "invalid" | "conflict";
  message: string;
  problems: SetupProblem[];
}

export type SetupResult = { ok: true; setup: MessageSetup } | { ok: false; refusal: SetupRefusal };

export const NO_SENDER_PROFILE =
  "The organisation has no sender profile yet: set it first (lekwijzer org profile set, or PUT /api/v1/organisation/profile).";

type Refused = { ok: false; refusal: SetupRefusal };

const refuse = (code: SetupRefusal["code"], message: string, problems: SetupProblem[] = []): Refused => ({
  ok: false,
  refusal: { code, message, problems },
});

/** Fields of a message setup a campaign may not set, and where each comes from instead. */
const NOT_IN_A_CAMPAIGN: Readonly<Record<string, string>> = {
  organisation:
    "the sender comes from the organisation's profile (lekwijzer org profile set, PUT /api/v1/organisation/profile); a campaign cannot set it",
  publicUrl: "the plan address is the platform's own (PUBLIC_URL); a campaign cannot set it",
  breach: "the breach facts come from the breach; a campaign cannot set them",
  breachId: "the breach is the one the campaign belongs to; a campaign cannot set it",
};

/** The campaign's own fields, or the refusal naming every field a campaign may not set. */
function ownSetup(setup: unknown): { ok: true; given: Record<string, unknown> } | Refused {
  if (setup === null || typeof setup !== "object" || Array.isArray(setup)) {
    return refuse("invalid", "The message setup must be an object.", [
      { path: "setup", message: "must be an object" },
    ]);
  }
  const given = setup as Record<string, unknown>;
  const refused = Object.keys(NOT_IN_A_CAMPAIGN)
    .filter((field) => field in given)
    .map((field) => ({ path: `setup.${field}`, message: NOT_IN_A_CAMPAIGN[field] as string }));
  if (refused.length > 0)
    return refuse("invalid", "A campaign setup holds the campaign's texts only.", refused);
  return { ok: true, given };
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

/** The sender's fields are the profile's: name them so, not as part of the campaign's setup. */
function setupProblemPath(path: string): string {
  if (path.startsWith("organisation")) return `profile${path.slice("organisation".length)}`;
  return path ? `setup.${path}` : "setup";
}

/**
 * A campaign's complete message setup: its own setup with the breach, the organisation's stored sender and the
 * platform's plan address filled in — or why it cannot be completed.
 */
export async function completeCampaignSetup(
  ctx: CampaignContext,
  breach: {
    id: string;
    organisationId: string;
    facts: Record<string, unknown>;
    slug?: string;
    pageSlug?: string | null;
  },
  setup: unknown,
): Promise<SetupResult> {
  const own = ownSetup(setup);
  if (!own.ok) return own;
  const found = await senderProfiles.forSending(ctx.db, ctx.keys, breach.organisationId);
  if (!found) return refuse("conflict", NO_SENDER_PROFILE);
  const facts = parseBreachFacts(breach.facts);
  if (!facts.ok) return refuse("invalid", "The breach's stored facts are no longer valid.");
  const full = {
    date: new Date().toISOString().slice(0, 10),
    ...withProfileTexts(own.given, found.profile),
    organisation: found.sender,
    ...(ctx.publicUrl ? { publicUrl: ctx.publicUrl } : {}),
    // The breach page's short address on the portal (`/datalek/<slug>`), named in first notices: the published
    // page's own address, or the breach's slug, which a page takes by default when it is published.
    ...((breach.pageSlug ?? breach.slug) ? { breachSlug: breach.pageSlug ?? breach.slug } : {}),
    breachId: breach.id,
    breach: facts.value satisfies BreachFacts,
  };
  const parsed = parseMessageSetup(full);
  if (!parsed.ok) {
    return refuse(
      "invalid",
      "The message setup is not valid.",
      parsed.problems.map((p) => ({ path: setupProblemPath(p.path), message: p.message })),
    );
  }
  return { ok: true, setup: parsed.value };
}

/** The complete message setup of a campaign the worker claimed (across organisations: it came with the job). */
export async function campaignSetup(
  ctx: CampaignContext,
  campaign: Pick<Campaign, "breachId" | "setup">,
): Promise<MessageSetup> {
  const breach = await breaches.getAcrossOrganisations(ctx.db, campaign.breachId);
  if (!breach) throw new Error(`No breach ${campaign.breachId}.`);
  const result = await completeCampaignSetup(ctx, breach, campaign.setup);
  if (!result.ok) throw new Error(result.refusal.message);
  return result.setup;
}

/** Voids an approval (the campaign goes back to draft) and records why, in one transaction. */
export async function voidApproval(
  ctx: CampaignContext,
  campaign: Pick<Campaign, "id" | "organisationId" | "status">,
  actor: string,
  changed: readonly string[],
): Promise<boolean> {
  return transaction(ctx.db, async (tx) => {
    const voided = await campaigns.voidApproval(tx, campaign.organisationId, campaign.id, campaign.status);
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

/**
 * After the organisation's sender profile changed (or, with `breachId`, one breach's facts): every approval of
 * its campaigns (of that breach) that are approved, running or paused no longer covers what would be sent. Each
 * goes back to draft (a running one stops: workers send only for running campaigns) and needs checking and
 * approval again. Joins the caller's transaction. Returns the ids.
 */
export async function voidApprovalsOf(
  ctx: CampaignContext,
  organisationId: string,
  actor: string,
  changed: readonly string[],
  scope: { breachId?: string } = {},
): Promise<string[]> {
  const affected = await campaigns.listByOrganisation(ctx.db, organisationId, [
    "approved",
    "running",
    "paused",
  ]);
  const voided: string[] = [];
  for (const campaign of affected) {
    if (scope.breachId !== undefined && campaign.breachId !== scope.breachId) continue;
    if (await voidApproval(ctx, campaign, actor, changed)) voided.push(campaign.id);
  }
  return voided;
}

/** Marks a running campaign done once nothing is left to send; returns whether it did. */
export async function finishIfComplete(ctx: CampaignContext, campaignId: string): Promise<boolean> {
  if (await deliveries.hasOpenWork(ctx.db, campaignId)) return false;
  return transaction(ctx.db, async (tx) => {
    const moved = await campaigns.changeStatusForWorker(tx, campaignId, { from: "running", to: "done" });
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
    const moved = await campaigns.changeStatusForWorker(tx, campaignId, { from: "done", to: "running" });
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

export interface SendingProgress {
  progress: CampaignProgress;
  /** Messages per second over the last minute. */
  rate: number;
  /** Seconds until the queue is empty at the current rate; null when nothing moves. */
  etaSeconds: number | null;
  /** Channels whose provider is failing now (relay down, gateway refusing us): why sending may have stalled. */
  channelHealth: ChannelHealth[];
}

/** How far sending a campaign has come, how fast it goes, and which providers are failing now. */
export async function sendingProgress(ctx: CampaignContext, campaignId: string): Promise<SendingProgress> {
  const progress = await deliveries.progress(ctx.db, campaignId);
  const rate = progress.sentLastMinute / 60;
  const open = progress.byStatus.queued + progress.byStatus.sending;
  const etaSeconds = open === 0 ? 0 : rate > 0 ? Math.ceil(open / rate) : null;
  const channelHealth = await deliveries.channelHealth(ctx.db);
  return { progress, rate, etaSeconds, channelHealth };
}
