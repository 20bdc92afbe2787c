/**
 * Breaches: the facts as reported (contracts §2), the assessment, status and timeline. Every query on an
 * organisation's breach takes the organisation and filters on it in SQL, so another organisation's breach is
 * not found; the platform's own cross-organisation queries say so in their name (`…AcrossOrganisations`).
 */
import { audit } from "./audit.ts";
import type { Keyring } from "./crypto.ts";
import { type Executor, transaction } from "./engine.ts";
import type { BreachStatus } from "./schema.ts";

export interface LegalHold {
  reason: string;
  by: string;
  at: Date;
}

export interface Breach {
  id: string;
  organisationId: string;
  slug: string;
  /** The public page's address (`/datalek/<pageSlug>`) once the organisation published it; else null. */
  pageSlug: string | null;
  title: string;
  status: BreachStatus;
  facts: Record<string, unknown>;
  assessment: Record<string, unknown> | null;
  awareAt: Date;
  /** While set, the retention purge leaves this breach's victims alone (claims, regulator inquiries). */
  legalHold: LegalHold | null;
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
  "page_slug",
  "title",
  "status",
  "facts",
  "assessment",
  "aware_at",
  "legal_hold_reason",
  "legal_hold_by",
  "legal_hold_at",
  "authority_notified_at",
  "subjects_notified_at",
  "created_at",
  "updated_at",
] as const;

type Row = {
  id: string;
  organisation_id: string;
  slug: string;
  page_slug: string | null;
  title: string;
  status: BreachStatus;
  facts: Record<string, unknown>;
  assessment: Record<string, unknown> | null;
  aware_at: Date;
  legal_hold_reason: string | null;
  legal_hold_by: string | null;
  legal_hold_at: Date | null;
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
    pageSlug: row.page_slug,
    title: row.title,
    status: row.status,
    facts: row.facts,
    assessment: row.assessment,
    awareAt: new Date(row.aware_at),
    legalHold: row.legal_hold_at
      ? { reason: row.legal_hold_reason ?? "", by: row.legal_hold_by ?? "", at: new Date(row.legal_hold_at) }
      : null,
    authorityNotifiedAt: row.authority_notified_at ? new Date(row.authority_notified_at) : null,
    subjectsNotifiedAt: row.subjects_notified_at ? new Date(row.subjects_notified_at) : null,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

async function create(db: Executor, input: NewBreach): Promise<Breach> {
  const row = await db
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

/** An organisation's breach; another organisation's breach is not found (the filter is in SQL). */
async function get(db: Executor, organisationId: string, id: string): Promise<Breach | undefined> {
  const row = await db
    .selectFrom("breaches")
    .select(COLUMNS)
    .where("organisation_id", "=", organisationId)
    .where("id", "=", id)
    .executeTakeFirst();
  return row ? toBreach(row) : undefined;
}

/**
 * A breach whatever its organisation: only for the platform's own work (the delivery worker, which reaches a
 * breach through a campaign it claimed; the operator's command line), never for a request on behalf of an
 * organisation.
 */
async function getAcrossOrganisations(db: Executor, id: string): Promise<Breach | undefined> {
  const row = await db.selectFrom("breaches").select(COLUMNS).where("id", "=", id).executeTakeFirst();
  return row ? toBreach(row) : undefined;
}

/** An organisation's breach by its slug; slugs are unique per organisation only. */
async function getBySlug(db: Executor, organisationId: string, slug: string): Promise<Breach | undefined> {
  const row = await db
    .selectFrom("breaches")
    .select(COLUMNS)
    .where("organisation_id", "=", organisationId)
    .where("slug", "=", slug)
    .executeTakeFirst();
  return row ? toBreach(row) : undefined;
}

async function listByOrganisation(db: Executor, organisationId: string): Promise<Breach[]> {
  const rows = await db
    .selectFrom("breaches")
    .select(COLUMNS)
    .where("organisation_id", "=", organisationId)
    .orderBy("aware_at", "desc")
    .execute();
  return rows.map(toBreach);
}

/** Every breach of every organisation, newest first: the operator's view, never an organisation's. */
async function listAcrossOrganisations(db: Executor): Promise<Breach[]> {
  const rows = await db.selectFrom("breaches").select(COLUMNS).orderBy("created_at", "desc").execute();
  return rows.map(toBreach);
}

/**
 * Replaces an organisation's breach's facts with their new assessment (title and awareness moment follow the
 * facts). Undefined when the organisation has no such breach.
 */
async function updateFacts(
  db: Executor,
  organisationId: string,
  id: string,
  input: {
    title: string;
    facts: Record<string, unknown> & { awareAt: string };
    assessment: Record<string, unknown>;
    status: BreachStatus;
  },
  at: Date = new Date(),
): Promise<Breach | undefined> {
  const row = await db
    .updateTable("breaches")
    .set({
      title: input.title,
      facts: JSON.stringify(input.facts),
      assessment: JSON.stringify(input.assessment),
      aware_at: input.facts.awareAt,
      status: input.status,
      updated_at: at,
    })
    .where("organisation_id", "=", organisationId)
    .where("id", "=", id)
    .returning(COLUMNS)
    .executeTakeFirst();
  return row ? toBreach(row) : undefined;
}

/** Moves an organisation's breach to `status`, stamping the timeline moments the change marks. */
async function updateStatus(
  db: Executor,
  organisationId: string,
  id: string,
  status: BreachStatus,
  at: Date = new Date(),
): Promise<Breach | undefined> {
  const row = await db
    .updateTable("breaches")
    .set({
      status,
      updated_at: at,
      ...(status === "informed" ? { subjects_notified_at: at } : {}),
    })
    .where("organisation_id", "=", organisationId)
    .where("id", "=", id)
    .returning(COLUMNS)
    .executeTakeFirst();
  return row ? toBreach(row) : undefined;
}

/** Stamps when the authority was told; false when the organisation has no such breach. */
async function recordAuthorityNotified(
  db: Executor,
  organisationId: string,
  id: string,
  at: Date,
): Promise<boolean> {
  const result = await db
    .updateTable("breaches")
    .set({ authority_notified_at: at, updated_at: at })
    .where("organisation_id", "=", organisationId)
    .where("id", "=", id)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Puts a breach on legal hold: the retention purge skips it until the hold is released. The hold and its audit
 * entry commit together. The breach's retention clock (its last update) is not touched.
 */
async function setLegalHold(
  db: Executor,
  keys: Keyring,
  organisationId: string,
  breachId: string,
  reason: string,
  actor: string,
): Promise<Breach> {
  if (reason.trim() === "") throw new Error("A legal hold needs a reason");
  return transaction(db, async (tx) => {
    const row = await tx
      .updateTable("breaches")
      .set({ legal_hold_reason: reason.trim(), legal_hold_by: actor, legal_hold_at: new Date() })
      .where("organisation_id", "=", organisationId)
      .where("id", "=", breachId)
      .returning(COLUMNS)
      .executeTakeFirst();
    if (!row) throw new Error(`No breach with id ${breachId}`);
    await audit.append(tx, keys, {
      actor,
      action: "breach.legal-hold.set",
      subject: breachId,
      details: { reason: reason.trim() },
    });
    return toBreach(row);
  });
}

/** Ends a legal hold; the next purge treats the breach by its last update again. */
async function releaseLegalHold(
  db: Executor,
  keys: Keyring,
  organisationId: string,
  breachId: string,
  actor: string,
): Promise<Breach> {
  return transaction(db, async (tx) => {
    const row = await tx
      .updateTable("breaches")
      .set({ legal_hold_reason: null, legal_hold_by: null, legal_hold_at: null })
      .where("organisation_id", "=", organisationId)
      .where("id", "=", breachId)
      .returning(COLUMNS)
      .executeTakeFirst();
    if (!row) throw new Error(`No breach with id ${breachId}`);
    await audit.append(tx, keys, { actor, action: "breach.legal-hold.released", subject: breachId });
    return toBreach(row);
  });
}

export const breaches = {
  create,
  get,
  getAcrossOrganisations,
  getBySlug,
  listAcrossOrganisations,
  listByOrganisation,
  updateStatus,
  updateFacts,
  recordAuthorityNotified,
  setLegalHold,
  releaseLegalHold,
};
