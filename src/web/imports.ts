/**
 * Victim imports into the store: the intake pipeline (reading, validation, error report, duplicate
 * bookkeeping in a staging table) wired to the store's victim writer, as an import job with progress,
 * heartbeat, summary and audit entry. The CLI runs it in its own process; the API runs it in the web process
 * (see docs/architecture.md): a job that dies with its process is marked failed at the next start-up.
 */
import type { Readable, Writable } from "node:stream";
import { Writable as WritableStream } from "node:stream";
import {
  type AcceptedRow,
  createStagingSink,
  type ImportProgress,
  type ImportSummary,
  type IntakeSink,
  importVictimFile,
  type VictimFileFormat,
} from "../intake/index.ts";
import {
  audit,
  type Breach,
  createVictimWriter,
  type Db,
  type ImportJob,
  imports,
  type Keyring,
  withImportLedger,
} from "../store/index.ts";

export interface ImportStore {
  db: Db;
  keys: Keyring;
}

/** The data categories a breach's facts name: a victim row may only use these. */
export function breachCategories(breach: Breach): string[] {
  const data = (breach.facts as { data?: { category?: unknown }[] }).data ?? [];
  return [...new Set(data.map((d) => d.category).filter((c): c is string => typeof c === "string"))];
}

export interface RunImportOptions {
  store: ImportStore;
  breach: Breach;
  job: ImportJob;
  input: Readable | string;
  /** A file path (CLI) or a stream; default: the job's report in the database. */
  report?: string | Writable;
  format?: VictimFileFormat;
  totalBytes?: number;
  onProgress?: (progress: ImportProgress) => void;
  /** Personal codes of new victims, per batch (plaintext: hand on for letters, never log). */
  onCodes?: (codes: ReadonlyMap<string, string>) => void | Promise<void>;
  /** Accepted rows per write (default 10,000: above the store's inline limit, so sealing uses the workers). */
  batchSize?: number;
}

/**
 * Lets the reader validate the next batch while the previous one is written: `write` returns as soon as the
 * batch before it is stored, so one batch is in flight at a time (memory: two batches). A failure surfaces
 * at the next write or at finish.
 */
export function overlapWrites(sink: IntakeSink): IntakeSink {
  let inFlight: Promise<void> = Promise.resolve();
  return {
    begin: () => sink.begin(),
    async write(rows: readonly AcceptedRow[]) {
      await inFlight;
      inFlight = sink.write(rows);
      inFlight.catch(() => {}); // surfaced by the next await
    },
    async finish() {
      await inFlight;
      return sink.finish();
    },
    async abort() {
      await inFlight.catch(() => {});
      await sink.abort();
    },
  };
}

const HEARTBEAT_MS = 10_000;
const PROGRESS_EVERY_MS = 1_000;
const REPORT_CHUNK_BYTES = 256 * 1024;

/** A writable that stores the error report in the job's chunks, REPORT_CHUNK_BYTES at a time. */
export function reportWriter(db: Db, jobId: string): WritableStream {
  let pending: Buffer[] = [];
  let size = 0;
  let seq = 0;
  const flush = async () => {
    if (size === 0) return;
    const data = Buffer.concat(pending, size);
    pending = [];
    size = 0;
    await imports.appendReport(db, jobId, seq++, data);
  };
  return new WritableStream({
    write(chunk: Buffer | string, _encoding, done) {
      const buffer = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
      pending.push(buffer);
      size += buffer.length;
      if (size < REPORT_CHUNK_BYTES) return done();
      flush().then(() => done(), done);
    },
    final(done) {
      flush().then(() => done(), done);
    },
  });
}

/** The summary as the job, the API and `--json` show it. */
export function summaryObject(summary: ImportSummary, report: string | null): Record<string, unknown> {
  return {
    rows: summary.rows,
    imported: summary.imported,
    updated: summary.updated,
    unchanged: summary.unchanged,
    rejected: summary.rejected,
    superseded: summary.superseded,
    unreachable: summary.unreachable,
    warnings: summary.warnings,
    errors: summary.errors,
    report,
    format: summary.format,
    delimiter: summary.delimiter,
    durationMs: summary.durationMs,
  };
}

/**
 * Runs one import for a started job: finishes the job with the summary (or fails it with the reason) and
 * appends the audit entry. Rejects with the intake's VictimFileError when the input is no victim file.
 */
export async function runImport(options: RunImportOptions & { actor: string }): Promise<ImportSummary> {
  const { store, breach, job } = options;
  const toDatabase = options.report === undefined ? reportWriter(store.db, job.id) : undefined;
  let lastSaved = 0;
  let saving: Promise<void> = Promise.resolve();
  const save = (progress: ImportProgress) => {
    saving = saving
      .then(() =>
        imports.recordProgress(store.db, job.id, {
          rows: progress.rows,
          accepted: progress.accepted,
          rejected: progress.rejected,
          bytesRead: progress.bytesRead,
          totalBytes: progress.totalBytes,
          rate: Math.round(progress.rate),
          etaSeconds: progress.etaSeconds === null ? null : Math.ceil(progress.etaSeconds),
        }),
      )
      .catch(() => {});
  };
  let latest: ImportProgress | undefined;
  const started = performance.now();
  const heartbeat = setInterval(() => {
    save(
      latest ?? {
        rows: 0,
        accepted: 0,
        rejected: 0,
        bytesRead: 0,
        totalBytes: options.totalBytes ?? null,
        rate: 0,
        etaSeconds: null,
        elapsedMs: performance.now() - started,
        done: false,
      },
    );
  }, HEARTBEAT_MS);
  heartbeat.unref();
  try {
    const summary = await withImportLedger(store.db, (ledger) =>
      importVictimFile(options.input, {
        breachCategories: breachCategories(breach),
        sink: overlapWrites(
          createStagingSink({
            ledger,
            writer: createVictimWriter(store.db, store.keys, breach.id, {
              ...(options.onCodes ? { onCodes: options.onCodes } : {}),
            }),
          }),
        ),
        report: options.report ?? toDatabase ?? "",
        ...(options.format ? { format: options.format } : {}),
        ...(options.totalBytes !== undefined ? { totalBytes: options.totalBytes } : {}),
        batchSize: options.batchSize ?? 10_000,
        onProgress: (progress) => {
          latest = progress;
          options.onProgress?.(progress);
          const now = Date.now();
          if (progress.done || now - lastSaved >= PROGRESS_EVERY_MS) {
            lastSaved = now;
            save(progress);
          }
        },
      }),
    );
    if (toDatabase) {
      toDatabase.end();
      await new Promise<void>((resolve, reject) => {
        toDatabase.once("finish", resolve);
        toDatabase.once("error", reject);
      });
    }
    await saving;
    const reportName = typeof options.report === "string" ? options.report : null;
    const object = summaryObject(summary, reportName);
    await imports.finish(store.db, job.id, object);
    await audit.append(store.db, store.keys, {
      actor: options.actor,
      action: "victims.imported",
      subject: breach.id,
      details: { import: job.id, source: job.source, ...object, report: reportName ? "file" : "stored" },
    });
    return summary;
  } catch (error) {
    await saving;
    if (toDatabase && !toDatabase.destroyed) {
      // Keep what the report says about the failure (an unreadable file's reason is its only line).
      toDatabase.end();
      await new Promise<void>((resolve) => {
        toDatabase.once("finish", resolve);
        toDatabase.once("error", () => resolve());
      });
    }
    await imports.fail(store.db, job.id, failureReason(error)).catch(() => {});
    await audit
      .append(store.db, store.keys, {
        actor: options.actor,
        action: "victims.import-failed",
        subject: breach.id,
        details: { import: job.id, source: job.source, reason: failureReason(error) },
      })
      .catch(() => {});
    throw error;
  } finally {
    clearInterval(heartbeat);
  }
}

/** What a failed job shows: the intake's reason for unreadable files, otherwise only the error's kind. */
function failureReason(error: unknown): string {
  const named = error as { name?: string; message?: string };
  if (named.name === "VictimFileError") return named.message ?? "not a victim file";
  if (named.name === "UploadError") return named.message ?? "the upload failed";
  return "the import failed on the server; see the server log";
}
