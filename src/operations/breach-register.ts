/**
 * The public register of large breaches (issue 17, regulator oversight): organisation, when it knew, what
 * leaked, how many people, and a link to the breach page — for journalists, researchers, help organisations and
 * people who want to know whether an organisation they deal with had a breach. Listing is opt-in per breach
 * (`breach.register`, a write role): the organisation decides, and only a breach whose page it already made
 * public can be listed, so the register never reveals a breach the organisation has not announced.
 *
 * What the register shows comes from the breach's assessed facts: the categories of data, never anything about
 * a person. Doors render it (HTML, JSON, Atom); this module only decides what is in it.
 */
import { createHash } from "node:crypto";
import type { BilingualText } from "../core/index.ts";
import { CATEGORY_IDS, type CategoryId, getCategory, isCategoryId } from "../framework/index.ts";
import { audit, breachRegister, type RegisterRow, transaction } from "../store/index.ts";
import { type Actor, actingOrganisation } from "./actor.ts";
import { type OperationContext, OperationProblem } from "./context.ts";
import { UUID } from "./ids.ts";

/** More than anyone reads on one page; the feeds and the JSON carry the same newest entries. */
export const REGISTER_LIMIT = 500;

export interface RegisterEntry {
  /**
   * The entry's permanent id in feeds (`urn:uuid:…`): the same for the same breach even when its page moves,
   * made from the breach's id by a one-way hash so the register does not publish internal ids.
   */
  feedId: string;
  /** The breach page's address without the host: `/datalek/<slug>` (Dutch) and `/en/datalek/<slug>`. */
  paths: { nl: string; en: string };
  slug: string;
  organisation: string;
  /** "Datalek bij …" / "Data breach at …": the register never shows an organisation's internal title. */
  title: BilingualText;
  /** When the organisation became aware of the breach (GDPR art. 33's clock), as the facts say. */
  awareAt: Date;
  listedAt: Date;
  /** The newest of listing, page publication and published updates: a feed entry's `updated`. */
  updatedAt: Date;
  /** What leaked, in the framework's words, in its order. */
  categories: { id: CategoryId; label: BilingualText }[];
  /** How many people, when the organisation knows. */
  affected: number | null;
}

export interface RegisterListing {
  slug: string;
  listed: boolean;
  listedAt: string | null;
}

/** Lists the breach in the public register, or takes it off again (`listed: false`). */
export async function setRegisterListing(
  ctx: OperationContext,
  actor: Actor,
  input: { breachId: string; listed: boolean },
): Promise<RegisterListing> {
  const organisationId = actingOrganisation(actor, "breach.register");
  const notFound = new OperationProblem("not-found", "There is no such breach.");
  if (!UUID.test(input.breachId)) throw notFound;
  return transaction(ctx.db, async (tx) => {
    const result = await breachRegister.setListed(
      tx,
      organisationId,
      input.breachId,
      input.listed,
      new Date(),
    );
    if (result === "not-found") throw notFound;
    if (result === "no-page")
      throw new OperationProblem(
        "conflict",
        "The breach has no public page yet: publish its page before listing it in the register.",
      );
    await audit.append(tx, ctx.keys, {
      actor: actor.name,
      action: input.listed ? "breach.register-listed" : "breach.register-unlisted",
      subject: input.breachId,
      details: {},
    });
    const slug = await tx
      .selectFrom("breaches")
      .select("page_slug")
      .where("id", "=", input.breachId)
      .executeTakeFirstOrThrow();
    return {
      slug: slug.page_slug ?? "",
      listed: result.listedAt !== null,
      listedAt: result.listedAt?.toISOString() ?? null,
    };
  });
}

/** The register as everyone reads it: listed breaches with a published page, the most recently listed first. */
export async function publicRegister(ctx: Pick<OperationContext, "db">): Promise<RegisterEntry[]> {
  return (await breachRegister.list(ctx.db, REGISTER_LIMIT)).map(registerEntry);
}

/** One stored line as the register shows it: only what the facts say about the breach as a whole. */
export function registerEntry(row: RegisterRow): RegisterEntry {
  const updated = [row.listedAt, row.pagePublishedAt, row.lastUpdateAt].filter((d): d is Date => d !== null);
  return {
    feedId: feedIdOf(row.breachId),
    paths: { nl: `/datalek/${row.pageSlug}`, en: `/en/datalek/${row.pageSlug}` },
    slug: row.pageSlug,
    organisation: row.organisationName,
    title: { nl: `Datalek bij ${row.organisationName}`, en: `Data breach at ${row.organisationName}` },
    awareAt: row.awareAt,
    listedAt: row.listedAt,
    updatedAt: new Date(Math.max(...updated.map((d) => d.getTime()))),
    categories: leakedCategories(row.facts),
    affected: affectedCount(row.facts),
  };
}

function feedIdOf(breachId: string): string {
  const h = createHash("sha256").update(`lekwijzer-register:${breachId}`).digest("hex");
  // Shaped as a name-based UUID (version 5, RFC 4122 variant), as feed readers expect of urn:uuid.
  return `urn:uuid:${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function leakedCategories(facts: Record<string, unknown>): RegisterEntry["categories"] {
  const data = Array.isArray(facts.data) ? facts.data : [];
  const ids = new Set<CategoryId>();
  for (const item of data) {
    const id = (item as { category?: unknown } | null)?.category;
    if (typeof id === "string" && isCategoryId(id)) ids.add(id);
  }
  return CATEGORY_IDS.filter((id) => ids.has(id)).map((id) => ({ id, label: getCategory(id).label }));
}

function affectedCount(facts: Record<string, unknown>): number | null {
  const count = (facts.subjects as { count?: unknown } | undefined)?.count;
  return typeof count === "number" && Number.isSafeInteger(count) && count > 0 ? count : null;
}
