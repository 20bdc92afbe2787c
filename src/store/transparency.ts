/**
 * The transparency register (framework K16): per organisation, the personal data it processes, why, on which
 * legal basis, for how long and who receives it. Entries are a draft the organisation edits; publishing copies
 * them into a numbered version that nothing changes after (no statement here updates or deletes a version), so
 * the public page shows exactly what was published and when. Every statement on the draft takes the
 * organisation's id, so another organisation's entry is simply not there; published versions are public by
 * design and are read by the organisation's slug.
 */
import { sql } from "kysely";
import type { BilingualText } from "../core/index.ts";
import type { Executor } from "./engine.ts";

export type LegalBasis = "a" | "b" | "c" | "d" | "e" | "f";
export type RetentionFrom = "relation-end" | "collection" | "other";

/** One processing entry, as the organisation states it. */
export interface TransparencyEntryInput {
  categories: string[];
  purpose: BilingualText;
  legalBasis: LegalBasis;
  retentionMonths: number;
  retentionFrom: RetentionFrom;
  /** The stated moment the period counts from, when it is `other`. */
  retentionFromOther: BilingualText | null;
  recipients: BilingualText | null;
}

export interface TransparencyEntry extends TransparencyEntryInput {
  id: string;
  updatedAt: Date;
}

export interface TransparencyVersion {
  organisationId: string;
  version: number;
  entries: TransparencyEntry[];
  publishedAt: Date;
  publishedBy: string;
}

type EntryRow = {
  id: string;
  categories: string[];
  purpose: BilingualText;
  legal_basis: LegalBasis;
  retention_months: number;
  retention_from: RetentionFrom;
  retention_from_other: BilingualText | null;
  recipients: BilingualText | null;
  updated_at: Date;
};

const ENTRY_COLUMNS = [
  "id",
  "categories",
  "purpose",
  "legal_basis",
  "retention_months",
  "retention_from",
  "retention_from_other",
  "recipients",
  "updated_at",
] as const;

function toEntry(row: EntryRow): TransparencyEntry {
  return {
    id: row.id,
    categories: row.categories,
    purpose: row.purpose,
    legalBasis: row.legal_basis,
    retentionMonths: row.retention_months,
    retentionFrom: row.retention_from,
    retentionFromOther: row.retention_from_other,
    recipients: row.recipients,
    updatedAt: new Date(row.updated_at),
  };
}

const json = (value: unknown) => (value === null ? null : JSON.stringify(value));

function columnsOf(entry: TransparencyEntryInput) {
  return {
    categories: JSON.stringify(entry.categories),
    purpose: JSON.stringify(entry.purpose),
    legal_basis: entry.legalBasis,
    retention_months: entry.retentionMonths,
    retention_from: entry.retentionFrom,
    retention_from_other: json(entry.retentionFromOther),
    recipients: json(entry.recipients),
  };
}

/** The organisation's draft entries, oldest first (the order they were added in). */
async function draft(db: Executor, organisationId: string): Promise<TransparencyEntry[]> {
  const rows = await db
    .selectFrom("transparency_entries")
    .select(ENTRY_COLUMNS)
    .where("organisation_id", "=", organisationId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  return rows.map(toEntry);
}

async function add(
  db: Executor,
  organisationId: string,
  entry: TransparencyEntryInput,
): Promise<TransparencyEntry> {
  const row = await db
    .insertInto("transparency_entries")
    .values({ organisation_id: organisationId, ...columnsOf(entry) })
    .returning(ENTRY_COLUMNS)
    .executeTakeFirstOrThrow();
  return toEntry(row);
}

/** Changes one of the organisation's entries; undefined when it has no such entry. */
async function change(
  db: Executor,
  organisationId: string,
  id: string,
  entry: TransparencyEntryInput,
): Promise<TransparencyEntry | undefined> {
  const row = await db
    .updateTable("transparency_entries")
    .set({ ...columnsOf(entry), updated_at: sql`now()` })
    .where("id", "=", id)
    .where("organisation_id", "=", organisationId)
    .returning(ENTRY_COLUMNS)
    .executeTakeFirst();
  return row ? toEntry(row) : undefined;
}

/** Removes one of the organisation's entries; false when it has no such entry. */
async function remove(db: Executor, organisationId: string, id: string): Promise<boolean> {
  const result = await db
    .deleteFrom("transparency_entries")
    .where("id", "=", id)
    .where("organisation_id", "=", organisationId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/**
 * Publishes the draft as the organisation's next version, numbered from 1. The version number comes from the
 * primary key: two publications at once cannot both take the same number (the second fails and is retried
 * by nobody: the person sees an error and publishes again).
 */
async function publish(
  db: Executor,
  organisationId: string,
  entries: readonly TransparencyEntry[],
  publishedBy: string,
): Promise<TransparencyVersion> {
  const row = await db
    .insertInto("transparency_versions")
    .columns(["organisation_id", "version", "entries", "published_at", "published_by"])
    .expression(
      db
        .selectFrom("organisations")
        .select([
          "organisations.id",
          sql<number>`coalesce((select max(v.version) from transparency_versions v where v.organisation_id = organisations.id), 0) + 1`.as(
            "version",
          ),
          sql<string>`${JSON.stringify(entries)}::jsonb`.as("entries"),
          sql<Date>`now()`.as("published_at"),
          sql<string>`${publishedBy}`.as("published_by"),
        ])
        .where("organisations.id", "=", organisationId),
    )
    .returning(["organisation_id", "version", "entries", "published_at", "published_by"])
    .executeTakeFirstOrThrow();
  return toVersion(row);
}

type VersionRow = {
  organisation_id: string;
  version: number;
  entries: Record<string, unknown>[];
  published_at: Date;
  published_by: string;
};

function toVersion(row: VersionRow): TransparencyVersion {
  return {
    organisationId: row.organisation_id,
    version: row.version,
    entries: (row.entries as unknown as (Omit<TransparencyEntry, "updatedAt"> & { updatedAt: string })[]).map(
      (entry) => ({ ...entry, updatedAt: new Date(entry.updatedAt) }),
    ),
    publishedAt: new Date(row.published_at),
    publishedBy: row.published_by,
  };
}

/** The organisation's newest published version, if it published one. */
async function latest(db: Executor, organisationId: string): Promise<TransparencyVersion | undefined> {
  const row = await db
    .selectFrom("transparency_versions")
    .selectAll()
    .where("organisation_id", "=", organisationId)
    .orderBy("version", "desc")
    .limit(1)
    .executeTakeFirst();
  return row ? toVersion(row) : undefined;
}

/** The newest published version of the organisation with this slug, with its name: the public page. */
async function latestBySlug(
  db: Executor,
  slug: string,
): Promise<(TransparencyVersion & { organisation: { name: string; slug: string } }) | undefined> {
  const row = await db
    .selectFrom("transparency_versions")
    .innerJoin("organisations", "organisations.id", "transparency_versions.organisation_id")
    .select([
      "transparency_versions.organisation_id",
      "transparency_versions.version",
      "transparency_versions.entries",
      "transparency_versions.published_at",
      "transparency_versions.published_by",
      "organisations.name",
      "organisations.slug",
      "organisations.profile",
    ])
    .where("organisations.slug", "=", slug)
    .orderBy("transparency_versions.version", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!row) return undefined;
  const profile = row.profile as { name?: unknown } | null;
  const name = typeof profile?.name === "string" && profile.name ? profile.name : row.name;
  return { ...toVersion(row), organisation: { name, slug: row.slug } };
}

/** Every organisation with a published register, and when it last published: the sitemap. */
async function listPublished(db: Executor): Promise<{ slug: string; publishedAt: Date }[]> {
  const rows = await db
    .selectFrom("transparency_versions")
    .innerJoin("organisations", "organisations.id", "transparency_versions.organisation_id")
    .select(["organisations.slug", sql<Date>`max(transparency_versions.published_at)`.as("published_at")])
    .groupBy("organisations.slug")
    .orderBy("organisations.slug")
    .execute();
  return rows.map((row) => ({ slug: row.slug, publishedAt: new Date(row.published_at) }));
}

/** One counting rule of the retention check: people whose relationship ended before `cutoff` (a date). */
export interface RetentionRule {
  cutoff: string;
  categories: readonly string[];
  /** Whether a victim with no categories of their own (all of the breach's) counts for this rule. */
  breachOverlap: boolean;
}

/**
 * The retention check's counts for one breach, in one aggregate pass over its victims: how many have a
 * relationship end date, and per rule how many of them had the rule's data leak and ended before its cutoff.
 * Counts only: no person is named or listed. The caller has made sure the breach is the organisation's.
 */
async function retentionCounts(
  db: Executor,
  breachId: string,
  rules: readonly RetentionRule[],
): Promise<{ withDate: number; perRule: number[] }> {
  const filters = rules.map(
    (rule, i) =>
      sql`count(*) filter (where relation_ended < ${rule.cutoff}::date and (categories ?| ${[...rule.categories]}::text[] or (${rule.breachOverlap}::boolean and categories = '[]'::jsonb))) as ${sql.ref(`r${i}`)}`,
  );
  const row = (
    await sql<Record<string, string | number>>`
      select count(*) as with_date${filters.length > 0 ? sql`, ${sql.join(filters)}` : sql``}
      from victims where breach_id = ${breachId} and relation_ended is not null`.execute(db)
  ).rows[0];
  return {
    withDate: Number(row?.with_date ?? 0),
    perRule: rules.map((_, i) => Number(row?.[`r${i}`] ?? 0)),
  };
}

export const transparency = {
  draft,
  add,
  change,
  remove,
  publish,
  latest,
  latestBySlug,
  listPublished,
  retentionCounts,
};
