/**
 * Updates: the follow-up news an organisation posts about one of its breaches (what it found out, what it
 * did), in Dutch and English, first as a draft and then published. Every statement takes the organisation's id
 * and joins the breach on it in SQL, so another organisation's breach or update is simply not there.
 */
import { sql } from "kysely";
import type { BilingualText } from "../core/index.ts";
import type { Executor } from "./engine.ts";

export interface BreachUpdate {
  id: string;
  breachId: string;
  title: BilingualText;
  body: BilingualText;
  publishedAt: Date | null;
  createdAt: Date;
}

export interface NewBreachUpdate {
  organisationId: string;
  breachId: string;
  title: BilingualText;
  body: BilingualText;
}

type Row = {
  id: string;
  breach_id: string;
  title: BilingualText;
  body: BilingualText;
  published_at: Date | null;
  created_at: Date;
};

const COLUMNS = ["id", "breach_id", "title", "body", "published_at", "created_at"] as const;

function toUpdate(row: Row): BreachUpdate {
  return {
    id: row.id,
    breachId: row.breach_id,
    title: row.title,
    body: row.body,
    publishedAt: row.published_at ? new Date(row.published_at) : null,
    createdAt: new Date(row.created_at),
  };
}

/** Stores a draft update; undefined when the breach is not the organisation's. */
async function create(db: Executor, input: NewBreachUpdate): Promise<BreachUpdate | undefined> {
  const row = await db
    .insertInto("updates")
    .columns(["breach_id", "title", "body"])
    .expression(
      db
        .selectFrom("breaches")
        .select([
          "breaches.id",
          sql<string>`${JSON.stringify(input.title)}::jsonb`.as("title"),
          sql<string>`${JSON.stringify(input.body)}::jsonb`.as("body"),
        ])
        .where("breaches.id", "=", input.breachId)
        .where("breaches.organisation_id", "=", input.organisationId),
    )
    .returning(COLUMNS)
    .executeTakeFirst();
  return row ? toUpdate(row) : undefined;
}

/**
 * The breach's updates, newest first; undefined when the breach is not the organisation's (one query: the
 * breach row with its updates joined, so "no such breach" and "no updates yet" stay apart).
 */
async function listByBreach(
  db: Executor,
  organisationId: string,
  breachId: string,
): Promise<BreachUpdate[] | undefined> {
  const rows = await db
    .selectFrom("breaches")
    .leftJoin("updates", "updates.breach_id", "breaches.id")
    .select([
      "updates.id",
      "updates.breach_id",
      "updates.title",
      "updates.body",
      "updates.published_at",
      "updates.created_at",
    ])
    .where("breaches.id", "=", breachId)
    .where("breaches.organisation_id", "=", organisationId)
    .orderBy("updates.created_at", "desc")
    .orderBy("updates.id")
    .execute();
  if (rows.length === 0) return undefined;
  return rows.flatMap((row) => (row.id === null ? [] : [toUpdate(row as Row)]));
}

/** One update of one of the organisation's breaches. */
async function get(
  db: Executor,
  organisationId: string,
  breachId: string,
  id: string,
): Promise<BreachUpdate | undefined> {
  const row = await db
    .selectFrom("updates")
    .innerJoin("breaches", "breaches.id", "updates.breach_id")
    .select(COLUMNS.map((column) => `updates.${column}` as const))
    .where("updates.id", "=", id)
    .where("updates.breach_id", "=", breachId)
    .where("breaches.organisation_id", "=", organisationId)
    .executeTakeFirst();
  return row ? toUpdate(row) : undefined;
}

/** Publishes a draft; undefined when there is no such draft of the organisation (absent, or published). */
async function publish(
  db: Executor,
  organisationId: string,
  breachId: string,
  id: string,
): Promise<BreachUpdate | undefined> {
  const row = await db
    .updateTable("updates")
    .set({ published_at: sql`now()` })
    .where("id", "=", id)
    .where("breach_id", "=", breachId)
    .where("published_at", "is", null)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom("breaches")
          .select("breaches.id")
          .where("breaches.id", "=", breachId)
          .where("breaches.organisation_id", "=", organisationId),
      ),
    )
    .returning(COLUMNS)
    .executeTakeFirst();
  return row ? toUpdate(row) : undefined;
}

/** Whether the breach is the organisation's: doors ask before they read a request's body. */
async function breachIsOrganisations(
  db: Executor,
  organisationId: string,
  breachId: string,
): Promise<boolean> {
  const row = await db
    .selectFrom("breaches")
    .select("id")
    .where("id", "=", breachId)
    .where("organisation_id", "=", organisationId)
    .executeTakeFirst();
  return row !== undefined;
}

export const breachUpdates = { create, listByBreach, get, publish, breachIsOrganisations };
