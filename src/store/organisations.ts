/** Organisations: the controllers that run a breach response on the platform. */
import type { Executor } from "./engine.ts";

export interface Organisation {
  id: string;
  slug: string;
  name: string;
  senderDomains: string[];
  theme: Record<string, string>;
}

export interface NewOrganisation {
  slug: string;
  name: string;
  senderDomains?: string[];
  theme?: Record<string, string>;
}

function toOrganisation(row: {
  id: string;
  slug: string;
  name: string;
  sender_domains: string[];
  theme: Record<string, string>;
}): Organisation {
  return { id: row.id, slug: row.slug, name: row.name, senderDomains: row.sender_domains, theme: row.theme };
}

async function create(db: Executor, input: NewOrganisation): Promise<Organisation> {
  const row = await db
    .insertInto("organisations")
    .values({
      slug: input.slug,
      name: input.name,
      sender_domains: JSON.stringify(input.senderDomains ?? []),
      theme: JSON.stringify(input.theme ?? {}),
    })
    .returning(["id", "slug", "name", "sender_domains", "theme"])
    .executeTakeFirstOrThrow();
  return toOrganisation(row);
}

async function getBySlug(db: Executor, slug: string): Promise<Organisation | undefined> {
  const row = await db
    .selectFrom("organisations")
    .select(["id", "slug", "name", "sender_domains", "theme"])
    .where("slug", "=", slug)
    .executeTakeFirst();
  return row ? toOrganisation(row) : undefined;
}

async function get(db: Executor, id: string): Promise<Organisation | undefined> {
  const row = await db
    .selectFrom("organisations")
    .select(["id", "slug", "name", "sender_domains", "theme"])
    .where("id", "=", id)
    .executeTakeFirst();
  return row ? toOrganisation(row) : undefined;
}

async function list(db: Executor): Promise<Organisation[]> {
  const rows = await db
    .selectFrom("organisations")
    .select(["id", "slug", "name", "sender_domains", "theme"])
    .orderBy("slug")
    .execute();
  return rows.map(toOrganisation);
}

export const organisations = { create, get, getBySlug, list };
