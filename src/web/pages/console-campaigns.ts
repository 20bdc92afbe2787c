/**
 * The console's campaign routes: `/console/campagne/<campaignId>` shows one campaign (a breach's campaigns are
 * listed on the breach's overview, console-breach.ts) and takes its steps (approve, start, pause, resume, cancel) as
 * POSTs with the session's form token. They go through the campaign operations as the signed-in staff actor,
 * so the permission table, the organisation filter (another organisation's id is "not found", answered exactly
 * like an unknown id) and the four-eyes rule decide here as in every door. An approval carries the digest the
 * page showed; the operation refuses it when what would be sent now differs.
 */
import type { FastifyInstance, FastifyReply } from "fastify";
import {
  type Actor,
  actOnCampaign,
  approvalPreview,
  type CampaignStep,
  campaignDashboard,
  formTokenMatches,
  may,
  OperationProblem,
  type StaffSession,
  staffDisplayNames,
} from "../../operations/index.ts";
import { type Language, localPath, t } from "../i18n.ts";
import { CAMPAIGN_PATHS, CAMPAIGN_TEXT, type CampaignView, campaignBody } from "./console-campaigns-view.ts";
import type { ConsoleRouteDeps } from "./console-door.ts";
import { messageBody, PATHS } from "./console-view.ts";
import { crossSite } from "./verify-message.ts";

type Session = StaffSession & { actor: Actor };

export type CampaignRouteDeps = ConsoleRouteDeps;

const STEPS: readonly CampaignStep[] = ["approve", "start", "pause", "resume", "cancel"];

/** The steps the lifecycle allows from a status (the operation decides again; this only picks the forms). */
const STEPS_FROM: Readonly<Record<string, readonly CampaignStep[]>> = {
  draft: ["cancel"],
  checked: ["approve", "cancel"],
  approved: ["start", "cancel"],
  running: ["pause", "cancel"],
  paused: ["resume", "cancel"],
};

/** Campaign pages need a person of an organisation: platform roles have no organisation's campaigns. */
const reads = (actor: Actor) => actor.organisationId !== null && may(actor, "campaign.read");

/**
 * The two campaign routes. One piece because they share the page renderer, the refusal mapping (not-found is
 * the same 404 page for an unknown and another organisation's id) and the guard; split, each would need them
 * passed along.
 */
export function registerCampaignPages(app: FastifyInstance, deps: CampaignRouteDeps): void {
  const { ctx, language, send, signedIn, forbidden } = deps;
  const notFound = (reply: FastifyReply) =>
    send(
      reply,
      404,
      CAMPAIGN_TEXT.notFoundTitle,
      messageBody(language, CAMPAIGN_TEXT.notFoundTitle, CAMPAIGN_TEXT.notFound, {
        path: PATHS.home,
        label: CAMPAIGN_TEXT.back,
      }),
      PATHS.home,
    );
  /** Not-found and forbidden refusals as pages; anything else is not the page's to answer. */
  const refusal = (reply: FastifyReply, error: unknown) => {
    if (error instanceof OperationProblem && error.code === "not-found") return notFound(reply);
    if (error instanceof OperationProblem && error.code === "forbidden") return forbidden(reply);
    throw error;
  };

  /** The campaign page as the person sees it now, with a notice or a refusal's message. */
  const campaignPage = async (
    reply: FastifyReply,
    session: Session,
    campaignId: string,
    shown: { status?: number; notice?: string | null; error?: string | null } = {},
  ) => {
    const progress = await campaignDashboard(ctx, session.actor, { campaignId });
    const digest = await approvalPreview(ctx, session.actor, { campaignId }).catch((error: unknown) => {
      if (error instanceof OperationProblem && error.code === "conflict") return null;
      throw error;
    });
    const { campaign } = progress;
    // Four eyes: the creator is never offered the approval (the operation refuses it through every door).
    const ownCampaign = campaign.createdBy === session.actor.name;
    // People by their names, not their ids; key holders and operators as the audit log names them.
    const names = await staffDisplayNames(ctx, session.actor, [
      campaign.createdBy,
      ...(campaign.approvedBy ? [campaign.approvedBy] : []),
    ]);
    const view: CampaignView = {
      id: campaign.id,
      breachId: campaign.breachId,
      kind: campaign.kind,
      status: campaign.status,
      total: campaign.total,
      createdBy: names.get(campaign.createdBy) ?? campaign.createdBy,
      approvedBy: campaign.approvedBy ? (names.get(campaign.approvedBy) ?? campaign.approvedBy) : null,
      findings: campaign.findings as CampaignView["findings"],
      digest,
      approvedDigest: typeof campaign.approval?.digest === "string" ? campaign.approval.digest : null,
      progress,
      ownCampaign,
      steps: (STEPS_FROM[campaign.status] ?? []).filter(
        (step) => may(session.actor, `campaign.${step}`) && !(step === "approve" && ownCampaign),
      ),
      formToken: session.formToken,
      notice: shown.notice ?? null,
      error: shown.error ?? null,
    };
    const title = shown.error
      ? { nl: `Fout: ${CAMPAIGN_TEXT.campaignTitle.nl}`, en: `Error: ${CAMPAIGN_TEXT.campaignTitle.en}` }
      : CAMPAIGN_TEXT.campaignTitle;
    return send(reply, shown.status ?? 200, title, campaignBody(language, view), CAMPAIGN_PATHS.campaign);
  };

  app.get<{ Params: { id: string } }>(
    localPath(`${CAMPAIGN_PATHS.campaign}/:id`, language),
    { schema: { hide: true } },
    async (request, reply) => {
      const session = await signedIn(request, reply);
      if (!session) return reply;
      if (!reads(session.actor)) return forbidden(reply);
      const done = "gelukt" in ((request.query ?? {}) as Record<string, unknown>);
      return campaignPage(reply, session, request.params.id, {
        notice: done ? t(CAMPAIGN_TEXT.done, language) : null,
      }).catch((error: unknown) => refusal(reply, error));
    },
  );

  app.post<{ Params: { id: string }; Body: Record<string, unknown> | undefined }>(
    localPath(`${CAMPAIGN_PATHS.campaign}/:id`, language),
    { schema: { hide: true } },
    async (request, reply) => {
      if (crossSite(request) || !formTokenMatches(ctx, deps.readToken(request), request.body?.formulier))
        return deps.refuse(reply);
      const session = await signedIn(request, reply);
      if (!session) return reply;
      if (!reads(session.actor)) return forbidden(reply);
      const body = request.body ?? {};
      const step = STEPS.find((s) => s === body.stap);
      const campaignId = request.params.id;
      if (!step) return campaignPage(reply, session, campaignId).catch((e: unknown) => refusal(reply, e));
      const input = { campaignId, step, ...approvalShown(step, body) };
      try {
        await actOnCampaign(ctx, session.actor, input);
      } catch (error) {
        if (!(error instanceof OperationProblem) || error.code !== "conflict") return refusal(reply, error);
        return campaignPage(reply, session, campaignId, {
          status: 409,
          error: conflictMessage(error.message, language),
        }).catch((e: unknown) => refusal(reply, e));
      }
      return deps.go(reply, `${CAMPAIGN_PATHS.campaign}/${campaignId}`, "?gelukt");
    },
  );
}

/**
 * The digest an approve form carried. An approval through the console always names one: a form without it
 * is compared against an empty digest and so refused as stale, never approved unseen.
 */
function approvalShown(step: CampaignStep, body: Record<string, unknown>) {
  if (step !== "approve") return {};
  const digest = typeof body.digest === "string" ? body.digest.slice(0, 128) : "";
  const parts: Record<string, string> = {};
  for (const part of ["message", "sender", "breach", "selection", "plan-address"]) {
    const value = body[`deel-${part}`];
    if (typeof value === "string") parts[part] = value.slice(0, 128);
  }
  return { expectedDigest: digest, expectedParts: parts };
}

/** The operation's refusal in the person's words where the console knows it; its own words otherwise. */
function conflictMessage(message: string, language: Language): string {
  if (message.startsWith("approval-stale")) return `${t(CAMPAIGN_TEXT.stale, language)} (${message})`;
  if (message.startsWith("approver-is-creator"))
    return `${t(CAMPAIGN_TEXT.ownCampaign, language)} (${message})`;
  return message;
}
