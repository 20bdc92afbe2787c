/** Organisations: the controllers that run a breach response on the platform, and how they present themselves. */
import type { SenderProfile } from "../core/index.ts";
import type { Executor } from "./engine.ts";

export interface Organisation {
  id: string;
  slug: string;
  name: string;
  senderDomains: string[];
  theme: Record<string, string>;
  /** Sender address, website, DPO, DKIM…: what messages need to say who writes. Null until set. */
  profile: SenderProfile | null;
}

export interface NewOrganisation {
  slug: string;
  name: string;
  senderDomains?: string[];
  theme?: Record<string, string>;
  profile?: SenderProfile;
}

const COLUMNS = ["id", "slug", "name", "sender_domains", "theme", "profile"] as const;

function toOrganisation(row: {
  id: string;
  slug: string;
  name: string;
  sender_domains: string[];
  theme: Record<string, string>;
  profile: Record<string, unknown> | null;
}): Organisation {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    senderDomains: row.sender_domains,
    theme: row.theme,
    profile: (row.profile as SenderProfile | null) ?? null,
  };
}

async function create(db: Executor, input: NewOrganisation): Promise<Organisation> {
  // DKIM keys are sealed apart (senderProfiles.set); a profile handed in here must not carry one in the clear.
  if (input.profile?.dkim) throw new Error("Set a profile with a DKIM key through senderProfiles.set");
  const row = await db
    .insertInto("organisations")
    .values({
      slug: input.slug,
      name: input.name,
      sender_domains: JSON.stringify(input.senderDomains ?? input.profile?.domains ?? []),
      theme: JSON.stringify(input.theme ?? {}),
      profile: input.profile ? JSON.stringify(input.profile) : null,
    })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
  return toOrganisation(row);
}

async function get(db: Executor, id: string): Promise<Organisation | undefined> {
  const row = await db.selectFrom("organisations").select(COLUMNS).where("id", "=", id).executeTakeFirst();
  return row ? toOrganisation(row) : undefined;
}

async function getBySlug(db: Executor, slug: string): Promise<Organisation | undefined> {
  const row = await db
    .selectFrom("organisations")
    .select(COLUMNS)
    .where("slug", "=", slug)
    .executeTakeFirst();
  return row ? toOrganisation(row) : undefined;
}

async function list(db: Executor): Promise<Organisation[]> {
  const rows = await db.selectFrom("organisations").select(COLUMNS).orderBy("slug").execute();
  return rows.map(toOrganisation);
}

export const organisations = { create, get, getBySlug, list };
