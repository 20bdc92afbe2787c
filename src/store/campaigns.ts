/**
 * Campaigns: one message (a first notice or an update) to a selection of a breach's victims. Status changes
 * are conditional updates ("from this state to that"), so two people or processes racing on one campaign
 * cannot both win; the rules of which change is allowed live in the delivery part.
 */
import type { Executor } from "./engine.ts";
import type { CampaignKind, CampaignSelection, CampaignStatus } from "./schema.ts";

export interface Campaign {
  id: string;
  breachId: string;
  organisationId: string;
  kind: CampaignKind;
  updateId: string | null;
  selection: CampaignSelection;
  setup: Record<string, unknown>;
  status: CampaignStatus;
  findings: unknown[];
  total: number;
  createdBy: string;
  approvedBy: string | null;
  /** What the approval covered (digests, see delivery's approval digest); null while not approved. */
  approval: Record<string, unknown> | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export interface NewCampaign {
  breachId: string;
  kind: CampaignKind;
  updateId?: string | null;
  selection: CampaignSelection;
  setup?: Record<string, unknown>;
  createdBy: string;
}

function query(db: Executor) {
  return db
    .selectFrom("campaigns as c")
    .innerJoin("breaches as b", "b.id", "c.breach_id")
    .select([
      "c.id",
      "c.breach_id",
      "b.organisation_id",
      "c.kind",
      "c.update_id",
      "c.selection",
      "c.setup",
      "c.status",
      "c.findings",
      "c.total",
      "c.created_by",
      "c.approved_by",
      "c.approval",
      "c.created_at",
      "c.started_at",
      "c.finished_at",
    ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof query>["executeTakeFirstOrThrow"]>>;

function toCampaign(row: Row): Campaign {
  return {
    id: row.id,
    breachId: row.breach_id,
    organisationId: row.organisation_id,
    kind: row.kind,
    updateId: row.update_id,
    selection: row.selection,
    setup: row.setup,
    status: row.status,
    findings: row.findings,
    total: row.total,
    createdBy: row.created_by,
    approvedBy: row.approved_by,
    approval: row.approval,
    createdAt: new Date(row.created_at),
    startedAt: row.started_at ? new Date(row.started_at) : null,
    finishedAt: row.finished_at ? new Date(row.finished_at) : null,
  };
}

/** The ids of an organisation's breaches: every organisation-scoped write filters its campaigns on this. */
function breachesOf(db: Executor, organisationId: string) {
  return db.selectFrom("breaches").select("id").where("organisation_id", "=", organisationId);
}

/**
 * A draft campaign for one of the organisation's breaches. The breach id is looked up within the organisation
 * in the same statement, so a breach of another organisation cannot get a campaign (the insert fails).
 */
async function create(db: Executor, organisationId: string, input: NewCampaign): Promise<Campaign> {
  const { id } = await db
    .insertInto("campaigns")
    .values({
      breach_id: breachesOf(db, organisationId).where("id", "=", input.breachId),
      kind: input.kind,
      update_id: input.updateId ?? null,
      selection: JSON.stringify(input.selection),
      setup: JSON.stringify(input.setup ?? {}),
      created_by: input.createdBy,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return (await get(db, organisationId, id)) as Campaign;
}

/** The organisation's campaign, or undefined (also when it belongs to another organisation). */
async function get(db: Executor, organisationId: string, id: string): Promise<Campaign | undefined> {
  const row = await query(db)
    .where("c.id", "=", id)
    .where("b.organisation_id", "=", organisationId)
    .executeTakeFirst();
  return row ? toCampaign(row) : undefined;
}

/**
 * The campaign whichever organisation it belongs to: for the worker, which reaches a campaign through a job it
 * claimed, and for the operator's command line, which acts for the campaign's organisation.
 */
async function getAcrossOrganisations(db: Executor, id: string): Promise<Campaign | undefined> {
  const row = await query(db).where("c.id", "=", id).executeTakeFirst();
  return row ? toCampaign(row) : undefined;
}

/** The campaigns of one of the organisation's breaches, oldest first (none for another's breach). */
async function listByBreach(db: Executor, organisationId: string, breachId: string): Promise<Campaign[]> {
  const rows = await query(db)
    .where("c.breach_id", "=", breachId)
    .where("b.organisation_id", "=", organisationId)
    .orderBy("c.created_at")
    .execute();
  return rows.map(toCampaign);
}

/** Campaigns workers should be working on, across organisations. */
async function listRunning(db: Executor): Promise<Campaign[]> {
  const rows = await query(db).where("c.status", "=", "running").orderBy("c.started_at").execute();
  return rows.map(toCampaign);
}

export interface StatusChange {
  from: CampaignStatus;
  to: CampaignStatus;
  approvedBy?: string | null;
  /** Recorded with an approval: the digest of what was approved. */
  approval?: Record<string, unknown> | null;
  findings?: unknown[];
}

async function moveStatus(
  db: Executor,
  organisationId: string | null,
  id: string,
  change: StatusChange,
): Promise<boolean> {
  const now = new Date();
  let update = db
    .updateTable("campaigns")
    .set({
      status: change.to,
      updated_at: now,
      ...(change.approvedBy !== undefined ? { approved_by: change.approvedBy } : {}),
      ...(change.approval !== undefined
        ? { approval: change.approval === null ? null : JSON.stringify(change.approval) }
        : {}),
      ...(change.findings !== undefined ? { findings: JSON.stringify(change.findings) } : {}),
      ...(change.to === "running" && change.from === "approved" ? { started_at: now } : {}),
      ...(change.to === "done" || change.to === "cancelled" ? { finished_at: now } : {}),
    })
    .where("id", "=", id)
    .where("status", "=", change.from);
  if (organisationId !== null) update = update.where("breach_id", "in", breachesOf(db, organisationId));
  const result = await update.executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Moves the organisation's campaign from `from` to `to`; false when it was no longer in `from` (someone else
 * moved it) or is not the organisation's.
 */
async function changeStatus(
  db: Executor,
  organisationId: string,
  id: string,
  change: StatusChange,
): Promise<boolean> {
  return moveStatus(db, organisationId, id, change);
}

/** The same move for the worker (done, reopened), which acts on whichever campaign it is working on. */
async function changeStatusForWorker(db: Executor, id: string, change: StatusChange): Promise<boolean> {
  return moveStatus(db, null, id, change);
}

/** Replaces the message setup of a campaign still being prepared; false when it is past that. */
async function updateSetup(
  db: Executor,
  organisationId: string,
  id: string,
  setup: Record<string, unknown>,
): Promise<boolean> {
  const result = await db
    .updateTable("campaigns")
    .set({
      setup: JSON.stringify(setup),
      status: "draft",
      approved_by: null,
      approval: null,
      updated_at: new Date(),
    })
    .where("id", "=", id)
    .where("breach_id", "in", breachesOf(db, organisationId))
    .where("status", "in", ["draft", "checked", "approved"])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Voids the approval of a campaign that was approved (and perhaps started): back to draft, to be checked and
 * approved again. Conditional on `from`, like every status change; false when it was no longer there.
 */
async function voidApproval(
  db: Executor,
  organisationId: string,
  id: string,
  from: CampaignStatus,
): Promise<boolean> {
  const result = await db
    .updateTable("campaigns")
    .set({ status: "draft", approved_by: null, approval: null, updated_at: new Date() })
    .where("id", "=", id)
    .where("breach_id", "in", breachesOf(db, organisationId))
    .where("status", "=", from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** An organisation's campaigns in these states (e.g. approved or under way), oldest first. */
async function listByOrganisation(
  db: Executor,
  organisationId: string,
  statuses: readonly CampaignStatus[],
): Promise<Campaign[]> {
  if (statuses.length === 0) return [];
  const rows = await query(db)
    .where("b.organisation_id", "=", organisationId)
    .where("c.status", "in", [...statuses])
    .orderBy("c.created_at")
    .execute();
  return rows.map(toCampaign);
}

async function setTotal(db: Executor, organisationId: string, id: string, total: number): Promise<void> {
  await db
    .updateTable("campaigns")
    .set({ total })
    .where("id", "=", id)
    .where("breach_id", "in", breachesOf(db, organisationId))
    .execute();
}

/**
 * Every query on an organisation's campaigns takes the organisation and filters on it in SQL; what the worker
 * (and the operator's command line) needs across organisations says so in its name.
 */
export const campaigns = {
  create,
  get,
  getAcrossOrganisations,
  listByBreach,
  listByOrganisation,
  listRunning,
  changeStatus,
  changeStatusForWorker,
  updateSetup,
  voidApproval,
  setTotal,
};
