/**
 * Import jobs: one row per import of a victim file (from the API or the CLI) with its progress, summary and
 * error report (stored in chunks, streamed back). One live import per breach, enforced by a unique index. An
 * API upload is stored first, sealed in chunks (`uploading` → `queued`), and a worker claims it (`running`);
 * a CLI import runs at once. A live job keeps a heartbeat; one whose heartbeat stopped is queued again when its
 * upload is stored (its worker died), else marked failed.
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
/** A stored upload is tried this many times by workers before its job is failed. */
export const IMPORT_MAX_ATTEMPTS = 3;

/**
 * Settles jobs whose heartbeat is older than `staleAfterMs`: a stored upload whose worker died goes back to
 * the queue (up to IMPORT_MAX_ATTEMPTS tries); anything else stale — a CLI import, an upload that broke off
 * with its web process — is failed; stored uploads of ended jobs are deleted. `scope` narrows it to one
 * organisation's breach. Returns how many jobs were failed.
 */
async function settleStale(
  db: Executor,
  staleAfterMs: number,
  scope?: { organisationId: string; breachId: string },
): Promise<number> {
  const stale = new Date(Date.now() - staleAfterMs);
  let requeue = db
    .updateTable("imports")
    .set({ status: "queued", heartbeat_at: new Date() })
    .where("status", "=", "running")
    .where("heartbeat_at", "<", stale)
    .where("attempts", "<", IMPORT_MAX_ATTEMPTS)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom("import_uploads").select("seq").whereRef("import_uploads.import_id", "=", "imports.id"),
      ),
    );
  let fail = db
    .updateTable("imports")
    .set({ status: "failed", error: INTERRUPTED, finished_at: new Date() })
    .where("status", "in", ["running", "uploading"])
    .where("heartbeat_at", "<", stale);
  if (scope) {
    requeue = requeue
      .where("breach_id", "=", scope.breachId)
      .where("breach_id", "in", breachesOf(db, scope.organisationId));
    fail = fail
      .where("breach_id", "=", scope.breachId)
      .where("breach_id", "in", breachesOf(db, scope.organisationId));
  }
  await requeue.execute();
  const result = await fail.executeTakeFirst();
  await db
    .deleteFrom("import_uploads")
    .where("import_id", "in", db.selectFrom("imports").select("id").where("status", "in", ["done", "failed"]))
    .execute();
  return Number(result.numUpdatedRows);
}

/**
 * Settles the breach's jobs whose heartbeat is older than `staleAfterMs` (see settleStale). Called before each
 * new import and when a live job is polled. Returns how many were failed.
 */
async function failInterrupted(
  db: Executor,
  organisationId: string,
  breachId: string,
  staleAfterMs = IMPORT_STALE_AFTER_MS,
): Promise<number> {
  return settleStale(db, staleAfterMs, { organisationId, breachId });
}

/** The sweep at start-up and in import workers: every organisation's stale jobs. Returns how many failed. */
async function failInterruptedAcrossOrganisations(
  db: Executor,
  staleAfterMs = IMPORT_STALE_AFTER_MS,
): Promise<number> {
  return settleStale(db, staleAfterMs);
}

/**
 * Starts a job for an organisation's breach (undefined when the organisation has no such breach); throws
 * ImportBusyError while another import of the breach runs.
 */
async function start(
  db: Executor,
  organisationId: string,
  input: { breachId: string; source: "api" | "cli"; actor: string; status?: "running" | "uploading" },
): Promise<ImportJob | undefined> {
  await failInterrupted(db, organisationId, input.breachId);
  try {
    const row = await db
      .insertInto("imports")
      .columns(["breach_id", "source", "actor", "status"])
      .expression(
        db
          .selectFrom("breaches")
          .select([
            "id",
            sql<string>`${input.source}::text`.as("source"),
            sql<string>`${input.actor}::text`.as("actor"),
            sql<string>`${input.status ?? "running"}::text`.as("status"),
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

/** Keeps an upload's job alive while its body arrives (the web process's heartbeat). */
async function touchUpload(db: Executor, id: string): Promise<void> {
  await db
    .updateTable("imports")
    .set({ heartbeat_at: new Date() })
    .where("id", "=", id)
    .where("status", "=", "uploading")
    .execute();
}

/** Stores one sealed chunk of an upload. Keyed by the job alone: only the route that started the job writes. */
async function appendUpload(db: Executor, id: string, seq: number, data: Buffer): Promise<void> {
  await db.insertInto("import_uploads").values({ import_id: id, seq, data }).execute();
}

/** The whole upload is stored: the job waits for a worker. */
async function queueUploaded(
  db: Executor,
  organisationId: string,
  id: string,
  file: { format: "csv" | "jsonl"; totalBytes: number },
): Promise<void> {
  await db
    .updateTable("imports")
    .set({ status: "queued", format: file.format, total_bytes: file.totalBytes, heartbeat_at: new Date() })
    .where("id", "=", id)
    .where("breach_id", "in", breachesOf(db, organisationId))
    .where("status", "=", "uploading")
    .execute();
}

/** A queued job a worker claimed, with what it needs to run it. */
export interface ClaimedImport {
  job: ImportJob;
  organisationId: string;
  format: "csv" | "jsonl";
  totalBytes: number | null;
  attempt: number;
}

/**
 * A worker takes the oldest queued upload of any organisation (SKIP LOCKED: two workers never take the same
 * one) and marks it running with a fresh heartbeat. The job then runs under its uploader's organisation only.
 */
async function claimNextAcrossOrganisations(db: Executor): Promise<ClaimedImport | undefined> {
  const row = await db
    .updateTable("imports")
    .set((eb) => ({
      status: "running",
      attempts: eb("attempts", "+", 1),
      heartbeat_at: new Date(),
      progress: "{}",
    }))
    .where(
      "id",
      "=",
      db
        .selectFrom("imports")
        .select("id")
        .where("status", "=", "queued")
        .orderBy("created_at")
        .limit(1)
        .forUpdate()
        .skipLocked(),
    )
    .where("status", "=", "queued")
    .returning([...COLUMNS, "format", "total_bytes", "attempts"])
    .executeTakeFirst();
  if (!row) return undefined;
  const breach = await db
    .selectFrom("breaches")
    .select("organisation_id")
    .where("id", "=", row.breach_id)
    .executeTakeFirstOrThrow();
  return {
    job: toJob(row),
    organisationId: breach.organisation_id,
    format: row.format ?? "csv",
    totalBytes: row.total_bytes === null ? null : Number(row.total_bytes),
    attempt: row.attempts,
  };
}

/** A claimed job's upload, chunk by chunk in order (one chunk in memory at a time). */
async function* readUpload(db: Executor, id: string): AsyncGenerator<Buffer> {
  let seq = -1;
  for (;;) {
    const row = await db
      .selectFrom("import_uploads")
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

/** Deletes a job's stored upload (done, failed, or refused). */
async function dropUpload(db: Executor, id: string): Promise<void> {
  await db.deleteFrom("import_uploads").where("import_id", "=", id).execute();
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
  touchUpload,
  appendUpload,
  queueUploaded,
  claimNextAcrossOrganisations,
  readUpload,
  dropUpload,
};
