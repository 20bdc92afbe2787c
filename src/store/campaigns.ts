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

async function create(db: Executor, input: NewCampaign): Promise<Campaign> {
  const { id } = await db
    .insertInto("campaigns")
    .values({
      breach_id: input.breachId,
      kind: input.kind,
      update_id: input.updateId ?? null,
      selection: JSON.stringify(input.selection),
      setup: JSON.stringify(input.setup ?? {}),
      created_by: input.createdBy,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return (await get(db, id)) as Campaign;
}

/** The campaign, or undefined; with `organisationId` only when it belongs to that organisation. */
async function get(db: Executor, id: string, organisationId?: string): Promise<Campaign | undefined> {
  let q = query(db).where("c.id", "=", id);
  if (organisationId !== undefined) q = q.where("b.organisation_id", "=", organisationId);
  const row = await q.executeTakeFirst();
  return row ? toCampaign(row) : undefined;
}

async function listByBreach(db: Executor, breachId: string): Promise<Campaign[]> {
  const rows = await query(db).where("c.breach_id", "=", breachId).orderBy("c.created_at").execute();
  return rows.map(toCampaign);
}

/** Campaigns workers should be working on. */
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

/** Moves the campaign from `from` to `to`; false when it was no longer in `from` (someone else moved it). */
async function changeStatus(db: Executor, id: string, change: StatusChange): Promise<boolean> {
  const now = new Date();
  const result = await db
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
    .where("status", "=", change.from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Replaces the message setup of a campaign still being prepared; false when it is past that. */
async function updateSetup(db: Executor, id: string, setup: Record<string, unknown>): Promise<boolean> {
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
    .where("status", "in", ["draft", "checked", "approved"])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Voids the approval of a campaign that was approved (and perhaps started): back to draft, to be checked and
 * approved again. Conditional on `from`, like every status change; false when it was no longer there.
 */
async function voidApproval(db: Executor, id: string, from: CampaignStatus): Promise<boolean> {
  const result = await db
    .updateTable("campaigns")
    .set({ status: "draft", approved_by: null, approval: null, updated_at: new Date() })
    .where("id", "=", id)
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

async function setTotal(db: Executor, id: string, total: number): Promise<void> {
  await db.updateTable("campaigns").set({ total }).where("id", "=", id).execute();
}

export const campaigns = {
  create,
  get,
  listByBreach,
  listByOrganisation,
  listRunning,
  changeStatus,
  updateSetup,
  voidApproval,
  setTotal,
};
