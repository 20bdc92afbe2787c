/**
 * Creating a breach from reported facts, shared by the API and the CLI: the facts are validated, assessed,
 * stored together with their assessment, and the creation is audited in the same transaction.
 */
import { randomBytes } from "node:crypto";
import { assess, parseBreachFacts } from "../assess/index.ts";
import { audit, type Breach, breaches, type Db, type Keyring, transaction } from "../store/index.ts";

export type CreateBreachResult =
  | { ok: true; breach: Breach }
  | { ok: false; problems: { path: string; message: string }[] };

const SLUG = /^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$/;

/** A slug for a breach without one: the organisation's, the date it became aware, and a random suffix. */
export function breachSlug(organisationSlug: string, awareAt: string): string {
  return `${organisationSlug}-${awareAt.slice(0, 10)}-${randomBytes(3).toString("hex")}`;
}

export async function createBreach(
  store: { db: Db; keys: Keyring },
  input: { organisationId: string; organisationSlug: string; facts: unknown; slug?: string; actor: string },
): Promise<CreateBreachResult> {
  const parsed = parseBreachFacts(input.facts);
  if (!parsed.ok) return { ok: false, problems: parsed.problems };
  if (input.slug !== undefined && !SLUG.test(input.slug)) {
    return {
      ok: false,
      problems: [
        {
          path: "slug",
          message:
            "use 3 to 64 lower-case letters, digits and hyphens, starting and ending with a letter or digit",
        },
      ],
    };
  }
  const facts = parsed.value;
  const assessment = assess(facts);
  const slug = input.slug ?? breachSlug(input.organisationSlug, facts.awareAt);
  // Slugs are unique per organisation: another organisation's breaches are neither looked at nor revealed.
  const breach = await transaction(store.db, async (tx): Promise<Breach | undefined> => {
    if (await breaches.getBySlug(tx, input.organisationId, slug)) return undefined;
    const created = await breaches.create(tx, {
      organisationId: input.organisationId,
      slug,
      title: facts.title ?? facts.controller?.name ?? slug,
      facts: facts as unknown as Record<string, unknown> & { awareAt: string },
      assessment: assessment as unknown as Record<string, unknown>,
      status: "assessed",
    });
    await audit.append(tx, store.keys, {
      actor: input.actor,
      action: "breach.created",
      subject: created.id,
      details: { organisation: input.organisationId, slug, risk: assessment.risk },
    });
    return created;
  }).catch((error: unknown) => {
    // Created by a simultaneous request between the look-up and the insert: the same answer as above.
    if ((error as { code?: unknown }).code === "23505") return undefined;
    throw error;
  });
  if (!breach)
    return {
      ok: false,
      problems: [{ path: "slug", message: `a breach with slug "${slug}" exists already` }],
    };
  return { ok: true, breach };
}
