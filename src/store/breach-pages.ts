/**
 * Public breach pages: which breaches have one (the organisation published it), at which address, and the
 * rendered bytes served to everyone. A page is public by design, so these reads cross organisations — but
 * only ever for breaches whose page was published: an unpublished breach is exactly as absent as one that
 * does not exist. Publishing itself is filtered on the organisation, like every change.
 */
import { sql } from "kysely";
import type { BilingualText } from "../core/index.ts";
import type { Executor } from "./engine.ts";
import type { BreachStatus } from "./schema.ts";

/** What a breach page is made of: the published breach, its organisation as it presents itself. */
export interface PublishedBreach {
  id: string;
  organisationId: string;
  /** The page's address: `/datalek/<pageSlug>`. */
  pageSlug: string;
  title: string;
  status: BreachStatus;
  facts: Record<string, unknown>;
  assessment: Record<string, unknown> | null;
  awareAt: Date;
  publishedAt: Date;
  organisation: {
    name: string;
    /** The organisation's own address part: its transparency register lives at `/organisatie/<slug>/…`. */
    slug: string;
    theme: Record<string, string>;
    profile: Record<string, unknown> | null;
  };
}

export interface StoredPage {
  breachId: string;
  body: string;
  etag: string;
  renderedAt: Date;
}

export interface PublishedUpdate {
  id: string;
  title: BilingualText;
  body: BilingualText;
  publishedAt: Date;
}

export interface VariantBytes {
  variant: "nl" | "en" | "theme.css";
  body: string;
  etag: string;
}

/**
 * Gives the organisation's breach its page address and publication time (kept from the first publication).
 * "taken" when another breach's page already has the address; undefined when the breach is not the
 * organisation's.
 */
async function publish(
  db: Executor,
  organisationId: string,
  breachId: string,
  slug: string,
): Promise<{ pageSlug: string; publishedAt: Date } | "taken" | undefined> {
  try {
    const row = await db
      .updateTable("breaches")
      .set({ page_slug: slug, page_published_at: sql`coalesce(page_published_at, now())` })
      .where("organisation_id", "=", organisationId)
      .where("id", "=", breachId)
      .returning(["page_slug", "page_published_at"])
      .executeTakeFirst();
    if (!row?.page_slug || !row.page_published_at) return undefined;
    return { pageSlug: row.page_slug, publishedAt: new Date(row.page_published_at) };
  } catch (error) {
    if ((error as { code?: string }).code === "23505") return "taken";
    throw error;
  }
}

/** A breach with a published page, with what its page shows of the organisation; undefined otherwise. */
async function getPublished(db: Executor, breachId: string): Promise<PublishedBreach | undefined> {
  const row = await db
    .selectFrom("breaches")
    .innerJoin("organisations", "organisations.id", "breaches.organisation_id")
    .select([
      "breaches.id",
      "breaches.organisation_id",
      "breaches.page_slug",
      "breaches.title",
      "breaches.status",
      "breaches.facts",
      "breaches.assessment",
      "breaches.aware_at",
      "breaches.page_published_at",
      "organisations.name",
      "organisations.slug as organisation_slug",
      "organisations.theme",
      "organisations.profile",
    ])
    .where("breaches.id", "=", breachId)
    .where("breaches.page_published_at", "is not", null)
    .executeTakeFirst();
  if (!row?.page_slug || !row.page_published_at) return undefined;
  return {
    id: row.id,
    organisationId: row.organisation_id,
    pageSlug: row.page_slug,
    title: row.title,
    status: row.status,
    facts: row.facts,
    assessment: row.assessment,
    awareAt: new Date(row.aware_at),
    publishedAt: new Date(row.page_published_at),
    organisation: {
      name: row.name,
      slug: row.organisation_slug,
      theme: row.theme,
      profile: row.profile,
    },
  };
}

/**
 * The stored bytes of a published page by its address: `{ breachId, stored }`, where `stored` is absent
 * when the page must be rendered first; undefined when no published page has this address.
 */
async function read(
  db: Executor,
  slug: string,
  variant: VariantBytes["variant"],
): Promise<{ breachId: string; stored?: StoredPage } | undefined> {
  const row = await db
    .selectFrom("breaches")
    .leftJoin("breach_pages", (join) =>
      join.onRef("breach_pages.breach_id", "=", "breaches.id").on("breach_pages.variant", "=", variant),
    )
    .select(["breaches.id", "breach_pages.body", "breach_pages.etag", "breach_pages.rendered_at"])
    .where("breaches.page_slug", "=", slug)
    .where("breaches.page_published_at", "is not", null)
    .executeTakeFirst();
  if (!row) return undefined;
  if (row.body === null || row.etag === null || row.rendered_at === null) return { breachId: row.id };
  return {
    breachId: row.id,
    stored: { breachId: row.id, body: row.body, etag: row.etag, renderedAt: new Date(row.rendered_at) },
  };
}

/** Stores the rendered variants of a page, replacing what was there. */
async function save(db: Executor, breachId: string, variants: readonly VariantBytes[]): Promise<void> {
  if (variants.length === 0) return;
  await db
    .insertInto("breach_pages")
    .values(
      variants.map((v) => ({
        breach_id: breachId,
        variant: v.variant,
        body: v.body,
        etag: v.etag,
        rendered_at: sql<Date>`now()`,
      })),
    )
    .onConflict((conflict) =>
      conflict.columns(["breach_id", "variant"]).doUpdateSet((eb) => ({
        body: eb.ref("excluded.body"),
        etag: eb.ref("excluded.etag"),
        rendered_at: eb.ref("excluded.rendered_at"),
      })),
    )
    .execute();
}

/** Drops a page's stored bytes, so the next request renders it afresh. */
async function forget(db: Executor, breachId: string): Promise<void> {
  await db.deleteFrom("breach_pages").where("breach_id", "=", breachId).execute();
}

/** The ids of the organisation's breaches that have a published page. */
async function publishedOfOrganisation(db: Executor, organisationId: string): Promise<string[]> {
  const rows = await db
    .selectFrom("breaches")
    .select("id")
    .where("organisation_id", "=", organisationId)
    .where("page_published_at", "is not", null)
    .execute();
  return rows.map((row) => row.id);
}

/** Every published page with the moment its content last changed (publication or newest update): the sitemap. */
async function listPublished(db: Executor): Promise<{ pageSlug: string; lastChanged: Date }[]> {
  const rows = await db
    .selectFrom("breaches")
    .leftJoin("updates", (join) =>
      join.onRef("updates.breach_id", "=", "breaches.id").on("updates.published_at", "is not", null),
    )
    .select([
      "breaches.page_slug",
      "breaches.page_published_at",
      sql<Date | null>`max(updates.published_at)`.as("last_update"),
    ])
    .where("breaches.page_published_at", "is not", null)
    .groupBy(["breaches.id", "breaches.page_slug", "breaches.page_published_at"])
    .orderBy("breaches.page_slug")
    .execute();
  return rows.flatMap((row) => {
    if (!row.page_slug || !row.page_published_at) return [];
    const published = new Date(row.page_published_at);
    const update = row.last_update ? new Date(row.last_update) : null;
    return [{ pageSlug: row.page_slug, lastChanged: update && update > published ? update : published }];
  });
}

/**
 * The newest published page of the organisation with this name (as it signs its messages, or as registered),
 * case-insensitive: old letters linked to the advice page by the organisation's name.
 */
async function findByOrganisationName(db: Executor, name: string): Promise<string | undefined> {
  const lower = name.trim().toLowerCase();
  const row = await db
    .selectFrom("breaches")
    .innerJoin("organisations", "organisations.id", "breaches.organisation_id")
    .select("breaches.page_slug")
    .where("breaches.page_published_at", "is not", null)
    .where((eb) =>
      eb.or([
        eb(sql`lower(organisations.name)`, "=", lower),
        eb(sql`lower(organisations.profile->>'name')`, "=", lower),
      ]),
    )
    .orderBy("breaches.page_published_at", "desc")
    .executeTakeFirst();
  return row?.page_slug ?? undefined;
}

/** The published updates of a breach, newest first (drafts never leave the organisation). */
async function publishedUpdates(db: Executor, breachId: string): Promise<PublishedUpdate[]> {
  const rows = await db
    .selectFrom("updates")
    .select(["id", "title", "body", "published_at"])
    .where("breach_id", "=", breachId)
    .where("published_at", "is not", null)
    .orderBy("published_at", "desc")
    .orderBy("id")
    .execute();
  return rows.map((row) => ({
    id: row.id,
    title: row.title,
    body: row.body,
    publishedAt: new Date(row.published_at as Date),
  }));
}

/**
 * The organisation's own texts from the breach's newest approved first notice (what happened, what it did,
 * what it improves, compensation): a second person approved them for every victim, so the page may show them.
 */
async function approvedNoticeTexts(
  db: Executor,
  breachId: string,
): Promise<Record<string, unknown> | undefined> {
  const row = await db
    .selectFrom("campaigns")
    .select("setup")
    .where("breach_id", "=", breachId)
    .where("kind", "=", "first-notice")
    .where("status", "in", ["approved", "running", "paused", "done"])
    .orderBy("created_at", "desc")
    .executeTakeFirst();
  const texts = (row?.setup as { texts?: unknown } | undefined)?.texts;
  return texts !== null && typeof texts === "object" ? (texts as Record<string, unknown>) : undefined;
}

export const breachPages = {
  publish,
  getPublished,
  read,
  save,
  forget,
  listPublished,
  publishedOfOrganisation,
  findByOrganisationName,
  publishedUpdates,
  approvedNoticeTexts,
};
