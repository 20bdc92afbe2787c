/**
 * A campaign's texts before the campaign exists: the console's message editor checks and previews what an
 * editor is writing, completed exactly as a stored campaign would be (the organisation's sender profile, the
 * breach's facts, the platform's plan address), so what the editor sees is what `createCampaign` would send.
 * Nothing is stored and nothing is logged: these read the organisation's own data and change nothing. They need
 * the `campaign.check` action, as checking a stored campaign does, and filter on the actor's organisation, so
 * another organisation's breach is not found.
 *
 * Rendering runs in a worker thread with a time and memory limit (messages' `renderPreviewInWorker`): a
 * costly override template costs one thread a few seconds at most, never the event loop.
 */
import { completeCampaignSetup } from "../delivery/index.ts";
import {
  type Finding,
  LetterTooLongError,
  type MessageSetup,
  MissingValueError,
  OutputTooLargeError,
  type Recipient,
  RenderBusyError,
  RenderResourceError,
  RenderTimeoutError,
  renderPreviewInWorker,
  SAMPLE_RECIPIENTS,
  TemplateError,
} from "../messages/index.ts";
import { breaches, type CampaignKind } from "../store/index.ts";
import { type Actor, actingOrganisation } from "./actor.ts";
import { campaignFindings } from "./campaign-rules.ts";
import { type OperationContext, OperationProblem } from "./context.ts";

export type DraftPreview = Awaited<ReturnType<typeof renderPreviewInWorker>>;

export interface CampaignDraft {
  breachId: string;
  kind: CampaignKind;
  /** The campaign's own part of the setup, as `createCampaign` takes it. */
  setup: unknown;
}

/** The draft's complete setup, or the refusal `createCampaign` would give for it. */
async function draftSetup(ctx: OperationContext, actor: Actor, draft: CampaignDraft): Promise<MessageSetup> {
  const organisationId = actingOrganisation(actor, "campaign.check");
  const breach = await breaches.get(ctx.db, organisationId, draft.breachId);
  if (!breach) throw new OperationProblem("not-found", `No breach ${draft.breachId} for this organisation.`);
  const result = await completeCampaignSetup(ctx, breach, draft.setup);
  if (!result.ok)
    throw new OperationProblem(result.refusal.code, result.refusal.message, result.refusal.problems);
  if (draft.kind === "update" && !result.setup.texts.updateNews?.nl.trim())
    throw new OperationProblem("invalid", "An update needs its news.", [
      { path: "setup.texts.updateNews", message: "required for an update" },
    ]);
  return result.setup;
}

/** Renders off the event loop; a template the editor can fix comes back as `invalid`, a full queue as `unavailable`. */
async function render(setup: MessageSetup, kind: CampaignKind, recipient: Recipient): Promise<DraftPreview> {
  try {
    return await renderPreviewInWorker({ setup, recipient, kind });
  } catch (error) {
    if (
      error instanceof TemplateError ||
      error instanceof MissingValueError ||
      error instanceof OutputTooLargeError ||
      error instanceof LetterTooLongError ||
      error instanceof RenderTimeoutError ||
      error instanceof RenderResourceError
    )
      throw new OperationProblem("invalid", error.message, [{ path: "setup", message: error.message }]);
    if (error instanceof RenderBusyError) throw new OperationProblem("unavailable", error.message);
    throw error;
  }
}

/**
 * The pre-send checks (completeness, plain language, anti-phishing, length) on the draft for every sample
 * person, once each: the same findings `checkCampaign` would record for the campaign made from it.
 */
export async function checkCampaignDraft(
  ctx: OperationContext,
  actor: Actor,
  draft: CampaignDraft,
): Promise<Finding[]> {
  const setup = await draftSetup(ctx, actor, draft);
  const previews: Finding[][] = [];
  // One after the other: the worker pool is shared with every other preview on the server.
  for (const recipient of SAMPLE_RECIPIENTS)
    previews.push((await render(setup, draft.kind, recipient)).findings);
  return campaignFindings(previews);
}

/** The draft rendered for one (sample) person on every channel, with that person's findings. */
export async function previewCampaignDraft(
  ctx: OperationContext,
  actor: Actor,
  draft: CampaignDraft & { recipient: Recipient },
): Promise<DraftPreview> {
  const setup = await draftSetup(ctx, actor, draft);
  return render(setup, draft.kind, draft.recipient);
}
