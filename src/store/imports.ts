/**
 * Import jobs: one row per import of a victim file (from the API or the CLI) with its progress, summary and
 * error report (stored in chunks, streamed back). One running import per breach, enforced by a unique index;
 * a running job keeps a heartbeat, and one whose heartbeat has stopped (its process died) is marked failed.
 * Every query on a job takes the organisation and filters on it in SQL through the job's breach; only the
 * start-up sweep of interrupted jobs works across organisations, and says so in its name.
 */
import { sql } from "kysely";
import type { Executor } from "./engine.ts";
import type { ImportStatus } from "./schema.ts";

export interface ImportJob {
  id: string;
  breachId: string;
  status: ImportStatus;
  source: "api" | "cli";
  actor: string;
  progress: Record<string, unknown>;
  summary: Record<string, unknown> | null;
  error: string | null;
  createdAt: Date;
  heartbeatAt: Date;
  finishedAt: Date | null;
}

/** Another import of the breach is running. */
export class ImportBusyError extends Error {
  constructor(breachId: string) {
    super(`Another import of breach ${breachId} is still running`);
    this.name = "ImportBusyError";
  }
}

/** A running job whose heartbeat is older than this is taken as interrupted. */
export const IMPORT_STALE_AFTER_MS = 60_000;

const COLUMNS = [
  "id",
  "breach_id",
  "status",
  "source",
  "actor",
  "progress",
  "summary",
  "error",
  "created_at",
  "heartbeat_at",
  "finished_at",
] as const;

type Row = {
  id: string;
  breach_id: string;
  status: ImportStatus;
  source: "api" | "cli";
  actor: string;
  progress: Record<string, unknown>;
  summary: Record<string, unknown> | null;
  error: string | null;
  created_at: Date;
  heartbeat_at: Date;
  finished_at: Date | null;
};

/** The ids of an organisation's breaches: the filter every job query applies. */
function breachesOf(db: Executor, organisationId: string) {
  return db.selectFrom("breaches").select("id").where("organisation_id", "=", organisationId);
}

function toJob(row: Row): ImportJob {
  return {
    id: row.id,
    breachId: row.breach_id,
    status: row.status,
    source: row.source,
    actor: row.actor,
    progress: row.progress,
    summary: row.summary,
    error: row.error,
    createdAt: new Date(row.created_at),
    heartbeatAt: new Date(row.heartbeat_at),
    finishedAt: row.finished_at ? new Date(row.finished_at) : null,
  };
}

const INTERRUPTED = "interrupted: the process running the import stopped";

/**
 * Marks the breach's running jobs whose heartbeat is older than `staleAfterMs` as failed. Called before each
 * new import and when a running job is polled. Returns how many.
 */
async function failInterrupted(
  db: Executor,
  organisationId: string,
  breachId: string,
  staleAfterMs = IMPORT_STALE_AFTER_MS,
): Promise<number> {
  const result = await db
    .updateTable("imports")
    .set({ status: "failed", error: INTERRUPTED, finished_at: new Date() })
    .where("status", "=", "running")
    .where("heartbeat_at", "<", new Date(Date.now() - staleAfterMs))
    .where("breach_id", "=", breachId)
    .where("breach_id", "in", breachesOf(db, organisationId))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** The start-up sweep: every organisation's interrupted jobs are marked failed. Returns how many. */
async function failInterruptedAcrossOrganisations(
  db: Executor,
  staleAfterMs = IMPORT_STALE_AFTER_MS,
): Promise<number> {
  const result = await db
    .updateTable("imports")
    .set({ status: "failed", error: INTERRUPTED, finished_at: new Date() })
    .where("status", "=", "running")
    .where("heartbeat_at", "<", new Date(Date.now() - staleAfterMs))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Starts a job for an organisation's breach (undefined when the organisation has no such breach); throws
 * ImportBusyError while another import of the breach runs.
 */
async function start(
  db: Executor,
  organisationId: string,
  input: { breachId: string; source: "api" | "cli"; actor: string },
): Promise<ImportJob | undefined> {
  await failInterrupted(db, organisationId, input.breachId);
  try {
    const row = await db
      .insertInto("imports")
      .columns(["breach_id", "source", "actor"])
      .expression(
        db
          .selectFrom("breaches")
          .select([
            "id",
            sql<string>`${input.source}::text`.as("source"),
            sql<string>`${input.actor}::text`.as("actor"),
          ])
          .where("organisation_id", "=", organisationId)
          .where("id", "=", input.breachId),
      )
      .returning(COLUMNS)
      .executeTakeFirst();
    return row ? toJob(row) : undefined;
  } catch (error) {
    if ((error as { code?: string }).code === "23505") throw new ImportBusyError(input.breachId);
    throw error;
  }
}

async function recordProgress(
  db: Executor,
  organisationId: string,
  id: string,
  progress: Record<string, unknown>,
): Promise<void> {
  await db
    .updateTable("imports")
    .set({ progress: JSON.stringify(progress), heartbeat_at: new Date() })
    .where("id", "=", id)
    .where("breach_id", "in", breachesOf(db, organisationId))
    .where("status", "=", "running")
    .execute();
}

async function finish(
  db: Executor,
  organisationId: string,
  id: string,
  summary: Record<string, unknown>,
): Promise<void> {
  await db
    .updateTable("imports")
    .set({
      status: "done",
      summary: JSON.stringify(summary),
      finished_at: new Date(),
      heartbeat_at: new Date(),
    })
    .where("id", "=", id)
    .where("breach_id", "in", breachesOf(db, organisationId))
    .execute();
}

/** `error` is shown to the organisation: a reason, never row content. */
async function fail(db: Executor, organisationId: string, id: string, error: string): Promise<void> {
  await db
    .updateTable("imports")
    .set({ status: "failed", error, finished_at: new Date(), heartbeat_at: new Date() })
    .where("id", "=", id)
    .where("breach_id", "in", breachesOf(db, organisationId))
    .execute();
}

/** The job, only when it belongs to `breachId` and that breach to the organisation. */
async function get(
  db: Executor,
  organisationId: string,
  breachId: string,
  id: string,
): Promise<ImportJob | undefined> {
  const row = await db
    .selectFrom("imports")
    .select(COLUMNS)
    .where("id", "=", id)
    .where("breach_id", "=", breachId)
    .where("breach_id", "in", breachesOf(db, organisationId))
    .executeTakeFirst();
  return row ? toJob(row) : undefined;
}

/** The jobs of an organisation's breach, newest first (none for another organisation's breach). */
async function listByBreach(db: Executor, organisationId: string, breachId: string): Promise<ImportJob[]> {
  const rows = await db
    .selectFrom("imports")
    .select(COLUMNS)
    .where("breach_id", "=", breachId)
    .where("breach_id", "in", breachesOf(db, organisationId))
    .orderBy("created_at", "desc")
    .execute();
  return rows.map(toJob);
}

/**
 * Appends a chunk of the running job's error report. Keyed by the job alone: only the import that started the
 * job (through the organisation-scoped `start`) writes its report.
 */
async function appendReport(db: Executor, id: string, seq: number, data: Buffer): Promise<void> {
  await db.insertInto("import_reports").values({ import_id: id, seq, data }).execute();
}

/** An organisation's job's error report, chunk by chunk in order (one chunk in memory at a time). */
async function* readReport(db: Executor, organisationId: string, id: string): AsyncGenerator<Buffer> {
  let seq = -1;
  for (;;) {
    const row = await db
      .selectFrom("import_reports")
      .select(["seq", "data"])
      .where("import_id", "=", id)
      .where(
        "import_id",
        "in",
        db.selectFrom("imports").select("id").where("breach_id", "in", breachesOf(db, organisationId)),
      )
      .where("seq", ">", seq)
      .orderBy("seq")
      .limit(1)
      .executeTakeFirst();
    if (!row) return;
    seq = Number(row.seq);
    yield Buffer.from(row.data);
  }
}

async function reportBytes(db: Executor, id: string): Promise<number> {
  const row = await db
    .selectFrom("import_reports")
    .select(sql<number>`coalesce(sum(octet_length(data)), 0)::bigint`.as("n"))
    .where("import_id", "=", id)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export const imports = {
  start,
  recordProgress,
  finish,
  fail,
  failInterrupted,
  failInterruptedAcrossOrganisations,
  get,
  listByBreach,
  appendReport,
  readReport,
  reportBytes,
};
