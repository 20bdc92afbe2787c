/**
 * Organisations: the controllers that run a breach response on the platform. Only the platform's operator
 * creates and lists them (no API key acts platform-wide); creation is audit-logged. `presentOrganisation` is
 * the one JSON shape every door prints.
 */
import { audit, type Organisation, organisations, transaction } from "../store/index.ts";
import { type Actor, authorize } from "./actor.ts";
import { type OperationContext, OperationProblem } from "./context.ts";

const SLUG = /^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$/;

export interface OrganisationJson {
  id: string;
  slug: string;
  name: string;
}

export function presentOrganisation(organisation: Organisation): OrganisationJson {
  return { id: organisation.id, slug: organisation.slug, name: organisation.name };
}

function checkedInput(input: { slug: string; name: string }): { slug: string; name: string } {
  const problems: { path: string; message: string }[] = [];
  if (!SLUG.test(input.slug))
    problems.push({
      path: "slug",
      message:
        "use 3 to 64 lower-case letters, digits and hyphens, starting and ending with a letter or digit",
    });
  const name = input.name.trim();
  if (name === "" || input.name.length > 200) problems.push({ path: "name", message: "1 to 200 characters" });
  if (problems.length > 0) throw new OperationProblem("invalid", "The organisation is not valid.", problems);
  return { slug: input.slug, name };
}

/** Creates an organisation; a slug in use is a conflict. */
export async function createOrganisation(
  ctx: OperationContext,
  actor: Actor,
  input: { slug: string; name: string },
): Promise<Organisation> {
  authorize(actor, "organisation.create");
  const { slug, name } = checkedInput(input);
  const created = await transaction(ctx.db, async (tx) => {
    if (await organisations.getBySlug(tx, slug)) return undefined;
    const organisation = await organisations.create(tx, { slug, name });
    await audit.append(tx, ctx.keys, {
      actor: actor.name,
      action: "organisation.created",
      subject: organisation.id,
      details: { slug: organisation.slug },
    });
    return organisation;
  });
  if (!created) {
    throw new OperationProblem("conflict", `An organisation with slug "${slug}" exists already.`, [
      { path: "slug", message: `an organisation with slug "${slug}" exists already` },
    ]);
  }
  return created;
}

export async function listOrganisations(ctx: OperationContext, actor: Actor): Promise<Organisation[]> {
  authorize(actor, "organisation.list");
  return organisations.list(ctx.db);
}
