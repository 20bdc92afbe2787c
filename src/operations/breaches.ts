/**
 * Breaches of an organisation: created from reported facts (validated, assessed, stored with the assessment
 * and audited in one transaction), read and listed within the actor's organisation, and — for the platform's
 * operator only — across organisations. `presentBreach` is the one shape every door shows.
 */
import { randomBytes } from "node:crypto";
import { assess, parseBreachFacts } from "../assess/index.ts";
import { factsDigest, voidApprovalsOf } from "../delivery/index.ts";
import { FLAG_IDS } from "../framework/index.ts";
import {
  audit,
  type Breach,
  breaches,
  organisations,
  transaction,
  type VictimCounts,
  victimCounts,
} from "../store/index.ts";
import { type Actor, actingOrganisation, authorize } from "./actor.ts";
import { refreshBreachPage } from "./breach-pages.ts";
import { type OperationContext, OperationProblem } from "./context.ts";
import { isUuid } from "./ids.ts";

const SLUG = /^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$/;

/** A slug for a breach without one: the organisation's, the date it became aware, and a random suffix. */
export function breachSlug(organisationSlug: string, awareAt: string): string {
  return `${organisationSlug}-${awareAt.slice(0, 10)}-${randomBytes(3).toString("hex")}`;
}

/** The breach as the API answers it and `--json` prints it; `full` adds the facts and the assessment. */
export interface BreachView {
  id: string;
  slug: string;
  title: string;
  status: string;
  awareAt: string;
  createdAt: string;
  legalHold: boolean;
  facts?: Record<string, unknown>;
  assessment?: Record<string, unknown> | null;
}

export function presentBreach(breach: Breach, options: { full: boolean }): BreachView {
  return {
    id: breach.id,
    slug: breach.slug,
    title: breach.title,
    status: breach.status,
    awareAt: breach.awareAt.toISOString(),
    createdAt: breach.createdAt.toISOString(),
    legalHold: breach.legalHold !== null,
    ...(options.full ? { facts: breach.facts, assessment: breach.assessment } : {}),
  };
}

const invalidSlug = (message: string) =>
  new OperationProblem("invalid", "The breach facts are not valid.", [{ path: "slug", message }]);

/**
 * Creates a breach of the actor's organisation. Problems name the facts' fields as the assessment names
 * them, and `slug` for the slug.
 */
export async function createBreach(
  ctx: OperationContext,
  actor: Actor,
  input: { facts: unknown; slug?: string | undefined },
): Promise<Breach> {
  const organisationId = actingOrganisation(actor, "breach.create");
  const organisation = await organisations.get(ctx.db, organisationId);
  if (!organisation) throw new OperationProblem("not-found", "The key's organisation no longer exists.");
  const parsed = parseBreachFacts(input.facts);
  if (!parsed.ok) throw new OperationProblem("invalid", "The breach facts are not valid.", parsed.problems);
  if (input.slug !== undefined && !SLUG.test(input.slug)) {
    throw invalidSlug(
      "use 3 to 64 lower-case letters, digits and hyphens, starting and ending with a letter or digit",
    );
  }
  const facts = parsed.value;
  const assessment = assess(facts);
  const slug = input.slug ?? breachSlug(organisation.slug, facts.awareAt);
  // Slugs are unique per organisation: another organisation's breaches are neither looked at nor revealed.
  const breach = await transaction(ctx.db, async (tx): Promise<Breach | undefined> => {
    if (await breaches.getBySlug(tx, organisationId, slug)) return undefined;
    const created = await breaches.create(tx, {
      organisationId,
      slug,
      title: facts.title ?? facts.controller?.name ?? slug,
      facts: facts as unknown as Record<string, unknown> & { awareAt: string },
      assessment: assessment as unknown as Record<string, unknown>,
      status: "assessed",
    });
    await audit.append(tx, ctx.keys, {
      actor: actor.name,
      action: "breach.created",
      subject: created.id,
      details: { organisation: organisationId, slug, risk: assessment.risk },
    });
    return created;
  }).catch((error: unknown) => {
    // Created by a simultaneous request between the look-up and the insert: the same answer as above.
    if ((error as { code?: unknown }).code === "23505") return undefined;
    throw error;
  });
  if (!breach) throw invalidSlug(`a breach with slug "${slug}" exists already`);
  return breach;
}

/** A facts change: the breach now, the risk level before, and the campaigns whose approval it voided. */
export interface FactsChange {
  breach: Breach;
  riskBefore: string | null;
  changed: boolean;
  voidedCampaigns: string[];
}

/**
 * Replaces a breach's facts: validated and assessed as `createBreach` does, stored with the new assessment
 * and audited in one transaction. The facts are part of what a campaign's approval covers, so a change voids
 * every approval of the breach's campaigns (approved, running, paused go back to draft), as a sender-profile
 * change does for the organisation's. Facts equal to the stored ones change nothing.
 */
export async function updateBreachFacts(
  ctx: OperationContext,
  actor: Actor,
  input: { breachId: string; facts: unknown },
): Promise<FactsChange> {
  const organisationId = actingOrganisation(actor, "breach.update-facts");
  const before = await ownBreach(ctx, organisationId, input.breachId);
  const parsed = parseBreachFacts(input.facts);
  if (!parsed.ok) throw new OperationProblem("invalid", "The breach facts are not valid.", parsed.problems);
  const facts = parsed.value as unknown as Record<string, unknown> & { awareAt: string };
  const assessment = assess(parsed.value);
  const riskBefore = typeof before.assessment?.risk === "string" ? before.assessment.risk : null;
  const result = await transaction(ctx.db, async (tx) => {
    // Read again inside the transaction: what is compared is what is replaced.
    const current = await breaches.get(tx, organisationId, before.id);
    if (!current) throw new OperationProblem("not-found", "There is no such breach.");
    if (factsDigest(current.facts) === factsDigest(facts) && current.assessment !== null)
      return { breach: current, changed: false, voided: [] as string[] };
    const updated = await breaches.updateFacts(tx, organisationId, current.id, {
      title: parsed.value.title ?? parsed.value.controller?.name ?? current.slug,
      facts,
      assessment: assessment as unknown as Record<string, unknown>,
      status: current.status === "draft" ? "assessed" : current.status,
    });
    if (!updated) throw new OperationProblem("not-found", "There is no such breach.");
    await audit.append(tx, ctx.keys, {
      actor: actor.name,
      action: "breach.facts-updated",
      subject: current.id,
      details: { organisation: organisationId, riskBefore, risk: assessment.risk },
    });
    const voided = await voidApprovalsOf({ ...ctx, db: tx }, organisationId, actor.name, ["breach"], {
      breachId: current.id,
    });
    return { breach: updated, changed: true, voided };
  });
  // The public page shows the facts and the advice that follows from them: render it again.
  if (result.changed) await refreshBreachPage(ctx, result.breach.id);
  return { breach: result.breach, riskBefore, changed: result.changed, voidedCampaigns: result.voided };
}

/** A breach of the actor's organisation; another organisation's breach is not found, like a missing one. */
export async function getBreach(
  ctx: OperationContext,
  actor: Actor,
  input: { breachId: string },
): Promise<Breach> {
  const organisationId = actingOrganisation(actor, "breach.read");
  return ownBreach(ctx, organisationId, input.breachId);
}

/** The breach within the organisation, or `not-found` (for operations that already authorized). */
export async function ownBreach(ctx: OperationContext, organisationId: string, id: string): Promise<Breach> {
  const breach = isUuid(id) ? await breaches.get(ctx.db, organisationId, id) : undefined;
  if (!breach) throw new OperationProblem("not-found", "There is no such breach.");
  return breach;
}

/**
 * How the breach's victims divide (data category, flag, segment, known channel): counts over stored columns
 * and keyed tokens, nothing decrypted, no person named.
 */
export async function breachVictimCounts(
  ctx: OperationContext,
  actor: Actor,
  input: { breachId: string },
): Promise<VictimCounts> {
  const organisationId = actingOrganisation(actor, "breach.victim-counts");
  const breach = await ownBreach(ctx, organisationId, input.breachId);
  return victimCounts.count(ctx.db, ctx.keys, organisationId, breach.id, FLAG_IDS);
}

/** The breaches of the actor's organisation, the one it became aware of last first. */
export async function listBreaches(ctx: OperationContext, actor: Actor): Promise<Breach[]> {
  return breaches.listByOrganisation(ctx.db, actingOrganisation(actor, "breach.list"));
}

/** Every organisation's breaches, newest first, each with its organisation's slug: the operator's view. */
export async function listBreachesOfAllOrganisations(
  ctx: OperationContext,
  actor: Actor,
): Promise<{ organisationSlug: string; breach: Breach }[]> {
  authorize(actor, "breach.list-all");
  const slugs = new Map((await organisations.list(ctx.db)).map((o) => [o.id, o.slug]));
  return (await breaches.listAcrossOrganisations(ctx.db)).map((breach) => ({
    organisationSlug: slugs.get(breach.organisationId) ?? "",
    breach,
  }));
}

/**
 * Any organisation's breach by its id: how the operator names a breach at the command line (`import
 * --breach ID`) before acting for its organisation.
 */
export async function getBreachOfAnyOrganisation(
  ctx: OperationContext,
  actor: Actor,
  input: { breachId: string },
): Promise<Breach> {
  authorize(actor, "breach.list-all");
  const breach = await breaches.getAcrossOrganisations(ctx.db, input.breachId);
  if (!breach) throw new OperationProblem("not-found", "There is no such breach.");
  return breach;
}
