/** Breaches: the facts as reported (contracts §2), the assessment, status and timeline. */
import type { DatabaseHandle } from "./engine.ts";
import type { BreachStatus } from "./schema.ts";

export interface Breach {
  id: string;
  organisationId: string;
  slug: string;
  title: string;
  status: BreachStatus;
  facts: Record<string, unknown>;
  assessment: Record<string, unknown> | null;
  awareAt: Date;
  authorityNotifiedAt: Date | null;
  subjectsNotifiedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewBreach {
  organisationId: string;
  slug: string;
  title: string;
  facts: Record<string, unknown> & { awareAt: string };
  assessment?: Record<string, unknown>;
  status?: BreachStatus;
}

const COLUMNS = [
  "id",
  "organisation_id",
  "slug",
  "title",
  "status",
  "facts",
  "assessment",
  "aware_at",
  "authority_notified_at",
  "subjects_notified_at",
  "created_at",
  "updated_at",
] as const;

type Row = {
  id: string;
  organisation_id: string;
  slug: string;
  title: string;
  status: BreachStatus;
  facts: Record<string, unknown>;
  assessment: Record<string, unknown> | null;
  aware_at: Date;
  authority_notified_at: Date | null;
  subjects_notified_at: Date | null;
  created_at: Date;
  updated_at: Date;
};

function toBreach(row: Row): Breach {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    slug: row.slug,
    title: row.title,
    status: row.status,
    facts: row.facts,
    assessment: row.assessment,
    awareAt: new Date(row.aware_at),
    authorityNotifiedAt: row.authority_notified_at ? new Date(row.authority_notified_at) : null,
    subjectsNotifiedAt: row.subjects_notified_at ? new Date(row.subjects_notified_at) : null,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

async function create(handle: DatabaseHandle, input: NewBreach): Promise<Breach> {
  const row = await handle.db
    .insertInto("breaches")
    .values({
      organisation_id: input.organisationId,
      slug: input.slug,
      title: input.title,
      facts: JSON.stringify(input.facts),
      assessment: input.assessment ? JSON.stringify(input.assessment) : null,
      aware_at: input.facts.awareAt,
      ...(input.status ? { status: input.status } : {}),
    })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
  return toBreach(row);
}

async function get(handle: DatabaseHandle, id: string): Promise<Breach | undefined> {
  const row = await handle.db.selectFrom("breaches").select(COLUMNS).where("id", "=", id).executeTakeFirst();
  return row ? toBreach(row) : undefined;
}

async function getBySlug(handle: DatabaseHandle, slug: string): Promise<Breach | undefined> {
  const row = await handle.db
    .selectFrom("breaches")
    .select(COLUMNS)
    .where("slug", "=", slug)
    .executeTakeFirst();
  return row ? toBreach(row) : undefined;
}

async function listByOrganisation(handle: DatabaseHandle, organisationId: string): Promise<Breach[]> {
  const rows = await handle.db
    .selectFrom("breaches")
    .select(COLUMNS)
    .where("organisation_id", "=", organisationId)
    .orderBy("aware_at", "desc")
    .execute();
  return rows.map(toBreach);
}

/** Moves a breach to `status`, stamping the timeline moments the change marks. */
async function updateStatus(
  handle: DatabaseHandle,
  id: string,
  status: BreachStatus,
  at: Date = new Date(),
): Promise<Breach> {
  const row = await handle.db
    .updateTable("breaches")
    .set({
      status,
      updated_at: at,
      ...(status === "informed" ? { subjects_notified_at: at } : {}),
    })
    .where("id", "=", id)
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
  return toBreach(row);
}

async function recordAuthorityNotified(handle: DatabaseHandle, id: string, at: Date): Promise<void> {
  await handle.db
    .updateTable("breaches")
    .set({ authority_notified_at: at, updated_at: at })
    .where("id", "=", id)
    .execute();
}

export const breaches = { create, get, getBySlug, listByOrganisation, updateStatus, recordAuthorityNotified };
