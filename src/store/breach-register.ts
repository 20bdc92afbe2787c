/**
 * The public register of large breaches: the breaches whose organisations chose to list them. Listing is the
 * organisation's decision, per breach, and only a breach with a published page can be listed — the register
 * links to that page — so the register never names a breach its organisation has not made public itself.
 * Like the breach pages, reading crosses organisations; changing is filtered on the organisation.
 */
import { sql } from "kysely";
import type { Executor } from "./engine.ts";

/** One line of the register, as stored; what it means for readers is the operations part's. */
export interface RegisterRow {
  breachId: string;
  pageSlug: string;
  organisationName: string;
  facts: Record<string, unknown>;
  awareAt: Date;
  pagePublishedAt: Date;
  listedAt: Date;
  /** The newest published update, if any: the register's "last changed" with the listing itself. */
  lastUpdateAt: Date | null;
}

/**
 * Lists or unlists a breach of the organisation. `not-found` for another organisation's breach or none,
 * `no-page` while its page is unpublished. Listing again keeps the first listing's date.
 */
async function setListed(
  db: Executor,
  organisationId: string,
  breachId: string,
  listed: boolean,
  now: Date,
): Promise<{ listedAt: Date | null } | "not-found" | "no-page"> {
  const breach = await db
    .selectFrom("breaches")
    .select(["id", "page_published_at", "register_listed_at"])
    .where("id", "=", breachId)
    .where("organisation_id", "=", organisationId)
    .forUpdate()
    .executeTakeFirst();
  if (!breach) return "not-found";
  if (listed && !breach.page_published_at) return "no-page";
  const listedAt = listed ? (breach.register_listed_at ? new Date(breach.register_listed_at) : now) : null;
  await db
    .updateTable("breaches")
    .set({ register_listed_at: listedAt })
    .where("id", "=", breachId)
    .where("organisation_id", "=", organisationId)
    .execute();
  return { listedAt };
}

/** The listed breaches with a published page, the most recently listed first. */
async function list(db: Executor, limit: number): Promise<RegisterRow[]> {
  const rows = await db
    .selectFrom("breaches")
    .innerJoin("organisations", "organisations.id", "breaches.organisation_id")
    .select([
      "breaches.id",
      "breaches.page_slug",
      "breaches.facts",
      "breaches.aware_at",
      "breaches.page_published_at",
      "breaches.register_listed_at",
      "organisations.name",
      sql<Date | null>`(select max(u.published_at) from updates u
        where u.breach_id = breaches.id and u.published_at is not null)`.as("last_update"),
    ])
    .where("breaches.register_listed_at", "is not", null)
    .where("breaches.page_published_at", "is not", null)
    .orderBy("breaches.register_listed_at", "desc")
    .orderBy("breaches.id")
    .limit(limit)
    .execute();
  return rows.flatMap((row) =>
    row.page_slug && row.page_published_at && row.register_listed_at
      ? [
          {
            breachId: row.id,
            pageSlug: row.page_slug,
            organisationName: row.name,
            facts: row.facts,
            awareAt: new Date(row.aware_at),
            pagePublishedAt: new Date(row.page_published_at),
            listedAt: new Date(row.register_listed_at),
            lastUpdateAt: row.last_update ? new Date(row.last_update) : null,
          },
        ]
      : [],
  );
}

export const breachRegister = { setListed, list };
