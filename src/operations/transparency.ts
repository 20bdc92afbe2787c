/**
 * The transparency register (framework K16, issue 17 item 7): which personal data an organisation processes,
 * why, on which legal basis, how long and who receives it. Its administrator edits a draft (add, change,
 * remove an entry) and publishes it; publishing makes a numbered version that is never changed after and that
 * the public page (`/organisatie/<slug>/persoonsgegevens`) and the open data JSON show with its date. Editing
 * the draft changes nothing public. Every change and every publication is audit-logged; every query on the
 * draft is filtered on the actor's organisation, so another organisation's entry is not found.
 */
import {
  audit,
  breaches,
  organisations,
  type TransparencyEntry,
  type TransparencyVersion,
  transaction,
  transparency,
} from "../store/index.ts";
import { type Actor, actingOrganisation } from "./actor.ts";
import { refreshOrganisationPages } from "./breach-pages.ts";
import { type OperationContext, OperationProblem } from "./context.ts";
import { UUID } from "./ids.ts";
import { checkEntry, notInRegister, retentionRules, sameEntries } from "./transparency-rules.ts";

export interface TransparencyRegister {
  /** Whose register: its name as it presents itself (the sender profile's, else the organisation's) and slug. */
  organisation: { name: string; slug: string };
  draft: TransparencyEntry[];
  /** The newest published version; null before the first publication. */
  published: TransparencyVersion | null;
  /** Whether the draft states something the published version does not (or nothing is published yet). */
  unpublishedChanges: boolean;
}

/** The organisation's draft and its newest published version. */
export async function transparencyRegister(
  ctx: OperationContext,
  actor: Actor,
): Promise<TransparencyRegister> {
  const organisationId = actingOrganisation(actor, "transparency.read");
  const [draft, published, organisation] = await Promise.all([
    transparency.draft(ctx.db, organisationId),
    transparency.latest(ctx.db, organisationId),
    organisations.get(ctx.db, organisationId),
  ]);
  const profileName = (organisation?.profile as { name?: unknown } | null)?.name;
  return {
    organisation: {
      name: typeof profileName === "string" && profileName ? profileName : (organisation?.name ?? ""),
      slug: organisation?.slug ?? "",
    },
    draft,
    published: published ?? null,
    unpublishedChanges: !published || !sameEntries(draft, published.entries),
  };
}

const entryNotFound = (id: string) =>
  new OperationProblem("not-found", `No entry ${id.slice(0, 40)} in this organisation's register.`);

/** Adds an entry to the draft, or changes one (`id`); refuses with every field's problem. */
export async function saveTransparencyEntry(
  ctx: OperationContext,
  actor: Actor,
  input: { id?: string | undefined; entry: unknown },
): Promise<TransparencyEntry> {
  const organisationId = actingOrganisation(actor, "transparency.edit");
  if (input.id !== undefined && !UUID.test(input.id)) throw entryNotFound(input.id);
  const checked = checkEntry(input.entry);
  if (!checked.ok) throw new OperationProblem("invalid", "The entry is not valid.", checked.problems);
  return transaction(ctx.db, async (tx) => {
    const saved =
      input.id === undefined
        ? await transparency.add(tx, organisationId, checked.entry)
        : await transparency.change(tx, organisationId, input.id, checked.entry);
    if (!saved) throw entryNotFound(input.id ?? "");
    await audit.append(tx, ctx.keys, {
      actor: actor.name,
      action: input.id === undefined ? "transparency.entry-added" : "transparency.entry-changed",
      // The organisation is the subject, so the entry shows in its administrator's audit log (also once removed).
      subject: organisationId,
      details: { entry: saved.id, categories: saved.categories.length },
    });
    return saved;
  });
}

/** Removes an entry from the draft; the published version keeps it until the next publication. */
export async function removeTransparencyEntry(
  ctx: OperationContext,
  actor: Actor,
  input: { id: string },
): Promise<void> {
  const organisationId = actingOrganisation(actor, "transparency.edit");
  if (!UUID.test(input.id)) throw entryNotFound(input.id);
  await transaction(ctx.db, async (tx) => {
    if (!(await transparency.remove(tx, organisationId, input.id))) throw entryNotFound(input.id);
    await audit.append(tx, ctx.keys, {
      actor: actor.name,
      action: "transparency.entry-removed",
      subject: organisationId,
      details: { entry: input.id },
    });
  });
}

/**
 * Publishes the draft as the next version. An empty draft is refused (a register that says nothing is not
 * transparency), and so is one that states exactly what is already published (a new date would claim a check
 * that did not change anything). The breach pages link the register, so they are rendered again.
 */
export async function publishTransparency(ctx: OperationContext, actor: Actor): Promise<TransparencyVersion> {
  const organisationId = actingOrganisation(actor, "transparency.publish");
  const version = await transaction(ctx.db, async (tx) => {
    const [draft, latest] = await Promise.all([
      transparency.draft(tx, organisationId),
      transparency.latest(tx, organisationId),
    ]);
    if (draft.length === 0)
      throw new OperationProblem("conflict", "The register has no entries: add one before publishing.");
    if (latest && sameEntries(draft, latest.entries))
      throw new OperationProblem(
        "conflict",
        `Nothing changed since version ${latest.version}: there is nothing new to publish.`,
      );
    const published = await transparency.publish(tx, organisationId, draft, actor.name);
    await audit.append(tx, ctx.keys, {
      actor: actor.name,
      action: "transparency.published",
      subject: organisationId,
      details: { version: published.version, entries: published.entries.length },
    });
    return published;
  });
  await refreshOrganisationPages(ctx, organisationId);
  return version;
}

/** The newest published register of the organisation with this slug, for anyone; undefined before one. */
export async function publishedTransparency(
  ctx: Pick<OperationContext, "db">,
  input: { slug: string },
): Promise<(TransparencyVersion & { organisation: { name: string; slug: string } }) | undefined> {
  if (!/^[a-z0-9-]{1,64}$/.test(input.slug)) return undefined;
  return transparency.latestBySlug(ctx.db, input.slug);
}

/** Every organisation with a published register and when it last published: the sitemap. */
export async function listTransparencyPages(
  ctx: Pick<OperationContext, "db">,
): Promise<{ slug: string; publishedAt: Date }[]> {
  return transparency.listPublished(ctx.db);
}

/** What the retention check (framework K17) found for one breach: counts only, never a person. */
export interface RetentionCheck {
  /** Which register the check read: the newest published one, else the draft; `none` without entries. */
  register: "published" | "draft" | "none";
  version: number | null;
  /** The breach's discovery: periods are measured back from it. */
  discoveredAt: string;
  /** People of the breach whose file gave the end of their relationship. */
  peopleWithEndDate: number;
  /** Per entry counting from the end of the relationship whose data leaked: people kept past its period. */
  keptTooLong: { categories: string[]; months: number; endedBefore: string; people: number }[];
  /** Leaked kinds of data the register does not mention at all (all of them without a register). */
  notInRegister: string[];
}

/** The check for a breach the caller may read (its door authorised it): one aggregate query. */
export async function retentionCheckOf(
  ctx: Pick<OperationContext, "db">,
  breach: { id: string; organisationId: string; facts: Record<string, unknown>; awareAt: Date },
): Promise<RetentionCheck> {
  const [published, draft] = await Promise.all([
    transparency.latest(ctx.db, breach.organisationId),
    transparency.draft(ctx.db, breach.organisationId),
  ]);
  const entries = published?.entries ?? draft;
  const data = Array.isArray(breach.facts.data) ? (breach.facts.data as { category?: unknown }[]) : [];
  const leaked = data.flatMap((d) => (typeof d.category === "string" ? [d.category] : []));
  // Entries whose kinds of data did not leak cannot have anyone of this breach: they are not counted.
  const rules = retentionRules(entries, leaked, breach.awareAt).filter((rule) => rule.breachOverlap);
  const counts = await transparency.retentionCounts(ctx.db, breach.id, rules);
  return {
    register: published ? "published" : draft.length > 0 ? "draft" : "none",
    version: published?.version ?? null,
    discoveredAt: breach.awareAt.toISOString(),
    peopleWithEndDate: counts.withDate,
    keptTooLong: rules.map((rule, i) => ({
      categories: rule.categories.filter((c) => leaked.includes(c)),
      months: entries[rule.entry]?.retentionMonths ?? 0,
      endedBefore: rule.cutoff,
      people: counts.perRule[i] ?? 0,
    })),
    notInRegister: notInRegister(entries, leaked),
  };
}

/** The retention check of one of the organisation's breaches, for everyone of the organisation. */
export async function retentionCheck(
  ctx: OperationContext,
  actor: Actor,
  input: { breachId: string },
): Promise<RetentionCheck> {
  const organisationId = actingOrganisation(actor, "transparency.read");
  const notFound = new OperationProblem("not-found", "There is no such breach.");
  if (!UUID.test(input.breachId)) throw notFound;
  const breach = await breaches.get(ctx.db, organisationId, input.breachId);
  if (!breach) throw notFound;
  return retentionCheckOf(ctx, breach);
}
