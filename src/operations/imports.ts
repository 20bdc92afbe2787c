/**
 * Victim imports of an organisation's breach: start a job (one running per breach), run the intake pipeline
 * into the store's victim writer with progress, heartbeat, summary and audit entry, read and list jobs, and
 * stream a job's error report. The CLI runs an import in its own process; an API upload is stored first
 * (import-upload.ts) and imported by a worker (import-worker.ts). A job that dies with its process is queued
 * again (a stored upload) or marked failed, at the next sweep or when it is read after its heartbeat went
 * quiet. `presentImport` is the one shape every door shows.
 */
import type { Readable, Writable } from "node:stream";
import {
  createStagingSink,
  type ImportProgress,
  type ImportSummary,
  importVictimFile,
  type VictimFileFormat,
} from "../intake/index.ts";
import {
  audit,
  type Breach,
  createVictimWriter,
  type Db,
  IMPORT_STALE_AFTER_MS,
  ImportBusyError,
  type ImportJob,
  imports,
  withImportLedger,
} from "../store/index.ts";
import { type Actor, actingOrganisation } from "./actor.ts";
import { ownBreach } from "./breaches.ts";
import { type OperationContext, OperationProblem } from "./context.ts";
import {
  breachCategories,
  closeReport,
  failureReason,
  overlapWrites,
  progressRecorder,
  reportWriter,
  summaryObject,
} from "./import-run.ts";

/** The import as the API answers it and `--json` prints it. */
export interface ImportView {
  id: string;
  breachId: string;
  status: ImportJob["status"];
  source: ImportJob["source"];
  progress: Record<string, unknown>;
  summary: Record<string, unknown> | null;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
  /** Where the error report can be fetched: its URL (API) or its file (CLI). */
  report: string;
}

export function presentImport(job: ImportJob, report: string): ImportView {
  return {
    id: job.id,
    breachId: job.breachId,
    status: job.status,
    source: job.source,
    progress: job.progress,
    summary: job.summary,
    error: job.error,
    createdAt: job.createdAt.toISOString(),
    finishedAt: job.finishedAt ? job.finishedAt.toISOString() : null,
    report,
  };
}

/** A started import: the breach it fills and its job. */
export interface StartedImport {
  breach: Breach;
  job: ImportJob;
}

/** Starts an import of a breach of the actor's organisation; `conflict` while another one runs. */
export async function startImport(
  ctx: OperationContext,
  actor: Actor,
  input: { breachId: string; source: ImportJob["source"]; upload?: boolean },
): Promise<StartedImport> {
  const organisationId = actingOrganisation(actor, "import.start");
  const breach = await ownBreach(ctx, organisationId, input.breachId);
  try {
    const job = await imports.start(ctx.db, organisationId, {
      breachId: breach.id,
      source: input.source,
      actor: actor.name,
      ...(input.upload ? { status: "uploading" as const } : {}),
    });
    if (!job) throw new OperationProblem("not-found", "There is no such breach.");
    return { breach, job };
  } catch (error) {
    if (error instanceof ImportBusyError) throw new OperationProblem("conflict", error.message);
    throw error;
  }
}

export interface RunImportOptions {
  /** The victim file: a path (CLI) or a stream (an upload). */
  input: Readable | string;
  /** A file path (CLI) or a stream; default: the job's report in the database. */
  report?: string | Writable;
  format?: VictimFileFormat;
  totalBytes?: number;
  onProgress?: (progress: ImportProgress) => void;
  /** Personal codes of new victims, per batch (plaintext: hand on for letters, never log). */
  onCodes?: (codes: ReadonlyMap<string, string>) => void | Promise<void>;
  /**
   * Accepted rows per write (default 5,000: above the store's inline limit, so sealing uses the workers). Two
   * batches are in flight, so this sets much of the import's memory: with 10,000 (and a 64 MB reading
   * thread) 1,000,000 rows peaked at 531 MB against 486 MB, at no better ratio to a bare COPY.
   */
  batchSize?: number;
}

/**
 * Runs a started import: finishes the job with the summary (or fails it with the reason) and appends the
 * audit entry. Rejects with the intake's VictimFileError when the input is no victim file. The import
 * commits batch by batch on its own sessions, so `ctx.db` is the database, never a transaction.
 */
export async function runImport(
  ctx: OperationContext,
  actor: Actor,
  started: StartedImport,
  options: RunImportOptions,
): Promise<ImportSummary> {
  const organisationId = actingOrganisation(actor, "import.start");
  const { breach, job } = started;
  if (breach.organisationId !== organisationId)
    throw new OperationProblem("not-found", "There is no such breach.");
  const db = ctx.db as Db;
  const toDatabase = options.report === undefined ? reportWriter(db, job.id) : undefined;
  const progress = progressRecorder(db, organisationId, job.id, options.totalBytes);
  const auditFor = (action: string, details: Record<string, unknown>) =>
    audit.append(db, ctx.keys, {
      actor: actor.name,
      action,
      subject: breach.id,
      details: { import: job.id, source: job.source, ...details },
    });
  try {
    const summary = await withImportLedger(db, (ledger) =>
      importVictimFile(options.input, {
        breachCategories: breachCategories(breach),
        sink: overlapWrites(
          createStagingSink({
            ledger,
            writer: createVictimWriter(db, ctx.keys, breach.id, {
              ...(options.onCodes ? { onCodes: options.onCodes } : {}),
            }),
          }),
        ),
        report: options.report ?? toDatabase ?? "",
        ...(options.format ? { format: options.format } : {}),
        ...(options.totalBytes !== undefined ? { totalBytes: options.totalBytes } : {}),
        batchSize: options.batchSize ?? 5_000,
        onProgress: (current) => {
          options.onProgress?.(current);
          progress.onProgress(current);
        },
      }),
    );
    await closeReport(toDatabase, false);
    await progress.settled();
    const reportName = typeof options.report === "string" ? options.report : null;
    const object = summaryObject(summary, reportName);
    await imports.finish(db, organisationId, job.id, object);
    await auditFor("victims.imported", { ...object, report: reportName ? "file" : "stored" });
    return summary;
  } catch (error) {
    await progress.settled();
    await closeReport(toDatabase, true);
    await imports.fail(db, organisationId, job.id, failureReason(error)).catch(() => {});
    await auditFor("victims.import-failed", { reason: failureReason(error) }).catch(() => {});
    throw error;
  } finally {
    progress.stop();
  }
}

/** An import of a breach of the actor's organisation; a running job whose heartbeat stopped is failed first. */
export async function getImport(
  ctx: OperationContext,
  actor: Actor,
  input: { breachId: string; importId: string },
): Promise<ImportJob> {
  const organisationId = actingOrganisation(actor, "import.read");
  const breach = await ownBreach(ctx, organisationId, input.breachId);
  let job = await imports.get(ctx.db, organisationId, breach.id, input.importId);
  const live = job?.status === "running" || job?.status === "uploading";
  if (job && live && Date.now() - job.heartbeatAt.getTime() > IMPORT_STALE_AFTER_MS) {
    await imports.failInterrupted(ctx.db, organisationId, breach.id);
    job = await imports.get(ctx.db, organisationId, breach.id, input.importId);
  }
  if (!job) throw new OperationProblem("not-found", "There is no such import.");
  return job;
}

/** Every import of a breach of the actor's organisation, newest first. */
export async function listImports(
  ctx: OperationContext,
  actor: Actor,
  input: { breachId: string },
): Promise<ImportJob[]> {
  const organisationId = actingOrganisation(actor, "import.list");
  const breach = await ownBreach(ctx, organisationId, input.breachId);
  return imports.listByBreach(ctx.db, organisationId, breach.id);
}

/** An import's error report as CSV chunks, streamed from the database one chunk at a time. */
export async function importReport(
  ctx: OperationContext,
  actor: Actor,
  input: { breachId: string; importId: string },
): Promise<{ job: ImportJob; chunks: AsyncIterable<Buffer> }> {
  const organisationId = actingOrganisation(actor, "import.read");
  const job = await getImport(ctx, actor, input);
  return { job, chunks: imports.readReport(ctx.db, organisationId, job.id) };
}
