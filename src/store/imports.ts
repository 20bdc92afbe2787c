/**
 * Import jobs: one row per import of a victim file (from the API or the CLI) with its progress, summary and
 * error report (stored in chunks, streamed back). One running import per breach, enforced by a unique index;
 * a running job keeps a heartbeat, and one whose heartbeat has stopped (its process died) is marked failed.
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

/**
 * Marks running jobs whose heartbeat is older than `staleAfterMs` as failed (of one breach, or all).
 * Called at start-up and before each new import. Returns how many.
 */
async function failInterrupted(
  db: Executor,
  options: { breachId?: string; staleAfterMs?: number } = {},
): Promise<number> {
  const cutoff = new Date(Date.now() - (options.staleAfterMs ?? IMPORT_STALE_AFTER_MS));
  let query = db
    .updateTable("imports")
    .set({
      status: "failed",
      error: "interrupted: the process running the import stopped",
      finished_at: new Date(),
    })
    .where("status", "=", "running")
    .where("heartbeat_at", "<", cutoff);
  if (options.breachId) query = query.where("breach_id", "=", options.breachId);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Starts a job; throws ImportBusyError while another import of the breach runs. */
async function start(
  db: Executor,
  input: { breachId: string; source: "api" | "cli"; actor: string },
): Promise<ImportJob> {
  await failInterrupted(db, { breachId: input.breachId });
  try {
    const row = await db
      .insertInto("imports")
      .values({ breach_id: input.breachId, source: input.source, actor: input.actor })
      .returning(COLUMNS)
      .executeTakeFirstOrThrow();
    return toJob(row);
  } catch (error) {
    if ((error as { code?: string }).code === "23505") throw new ImportBusyError(input.breachId);
    throw error;
  }
}

async function recordProgress(db: Executor, id: string, progress: Record<string, unknown>): Promise<void> {
  await db
    .updateTable("imports")
    .set({ progress: JSON.stringify(progress), heartbeat_at: new Date() })
    .where("id", "=", id)
    .where("status", "=", "running")
    .execute();
}

async function finish(db: Executor, id: string, summary: Record<string, unknown>): Promise<void> {
  await db
    .updateTable("imports")
    .set({
      status: "done",
      summary: JSON.stringify(summary),
      finished_at: new Date(),
      heartbeat_at: new Date(),
    })
    .where("id", "=", id)
    .execute();
}

/** `error` is shown to the organisation: a reason, never row content. */
async function fail(db: Executor, id: string, error: string): Promise<void> {
  await db
    .updateTable("imports")
    .set({ status: "failed", error, finished_at: new Date(), heartbeat_at: new Date() })
    .where("id", "=", id)
    .execute();
}

/** The job, only when it belongs to `breachId` (callers check the breach's organisation first). */
async function get(db: Executor, breachId: string, id: string): Promise<ImportJob | undefined> {
  const row = await db
    .selectFrom("imports")
    .select(COLUMNS)
    .where("id", "=", id)
    .where("breach_id", "=", breachId)
    .executeTakeFirst();
  return row ? toJob(row) : undefined;
}

async function listByBreach(db: Executor, breachId: string): Promise<ImportJob[]> {
  const rows = await db
    .selectFrom("imports")
    .select(COLUMNS)
    .where("breach_id", "=", breachId)
    .orderBy("created_at", "desc")
    .execute();
  return rows.map(toJob);
}

async function appendReport(db: Executor, id: string, seq: number, data: Buffer): Promise<void> {
  await db.insertInto("import_reports").values({ import_id: id, seq, data }).execute();
}

/** The error report, chunk by chunk in order (one chunk in memory at a time). */
async function* readReport(db: Executor, id: string): AsyncGenerator<Buffer> {
  let seq = -1;
  for (;;) {
    const row = await db
      .selectFrom("import_reports")
      .select(["seq", "data"])
      .where("import_id", "=", id)
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
  get,
  listByBreach,
  appendReport,
  readReport,
  reportBytes,
};
