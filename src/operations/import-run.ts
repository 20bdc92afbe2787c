/**
 * The moving parts of one running import: writes overlapped with reading, the error report stored in the
 * job's chunks, progress saved with a heartbeat, the summary as it is stored, and the reason a failed job
 * shows. `runImport` (imports.ts) wires them to the intake pipeline.
 */
import { Writable as WritableStream } from "node:stream";
import type { AcceptedRow, ImportProgress, ImportSummary, IntakeSink } from "../intake/index.ts";
import { type Breach, type Executor, imports } from "../store/index.ts";

/** The data categories a breach's facts name: a victim row may only use these. */
export function breachCategories(breach: Breach): string[] {
  const data = (breach.facts as { data?: { category?: unknown }[] }).data ?? [];
  return [...new Set(data.map((d) => d.category).filter((c): c is string => typeof c === "string"))];
}

/**
 * Lets the reader validate the next batches while earlier ones are sealed and written: `write` hands the
 * batch to the sink at once (which starts sealing it and writes batches in order), then returns when fewer
 * than `depth` batches are in flight, so the reader waits for the database (backpressure) and memory holds
 * at most `depth` batches besides the one being read. Handing the batch on before waiting means its rows
 * are let go at once (the sealing workers have copies) instead of aging on the heap during the wait. A
 * failure surfaces at the next write or at finish.
 */
export function overlapWrites(sink: IntakeSink, depth = 2): IntakeSink {
  const inFlight: Promise<void>[] = [];
  // Not part of `write`, so no frame waiting here holds the batch's rows.
  const room = async () => {
    while (inFlight.length >= depth) await inFlight.shift();
  };
  return {
    begin: () => sink.begin(),
    write(rows: readonly AcceptedRow[]) {
      const written = sink.write(rows);
      written.catch(() => {}); // surfaced by the next await
      inFlight.push(written);
      return room();
    },
    async finish() {
      while (inFlight.length > 0) await inFlight.shift();
      return sink.finish();
    },
    async abort() {
      await Promise.allSettled(inFlight.splice(0));
      await sink.abort();
    },
  };
}

const HEARTBEAT_MS = 10_000;
const PROGRESS_EVERY_MS = 1_000;
const REPORT_CHUNK_BYTES = 256 * 1024;

/** A writable that stores the error report in the job's chunks, REPORT_CHUNK_BYTES at a time. */
export function reportWriter(db: Executor, jobId: string): WritableStream {
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

/** Ends the report in the database; on failure keeps what it says (an unreadable file's reason is its only line). */
export async function closeReport(report: WritableStream | undefined, failed: boolean): Promise<void> {
  if (!report || (failed && report.destroyed)) return;
  report.end();
  await new Promise<void>((resolve, reject) => {
    report.once("finish", resolve);
    report.once("error", failed ? () => resolve() : reject);
  });
}

/**
 * Saves the job's progress at most once a second (and when done), and a heartbeat every HEARTBEAT_MS even
 * while nothing moves, so a job whose process died can be told from a slow one.
 */
export function progressRecorder(
  db: Executor,
  organisationId: string,
  jobId: string,
  totalBytes: number | undefined,
) {
  let lastSaved = 0;
  let saving: Promise<void> = Promise.resolve();
  let latest: ImportProgress | undefined;
  const started = performance.now();
  const save = (progress: ImportProgress) => {
    saving = saving
      .then(() =>
        imports.recordProgress(db, organisationId, jobId, {
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
  const heartbeat = setInterval(() => {
    save(
      latest ?? {
        rows: 0,
        accepted: 0,
        rejected: 0,
        bytesRead: 0,
        totalBytes: totalBytes ?? null,
        rate: 0,
        etaSeconds: null,
        elapsedMs: performance.now() - started,
        done: false,
      },
    );
  }, HEARTBEAT_MS);
  heartbeat.unref();
  return {
    onProgress(progress: ImportProgress) {
      latest = progress;
      const now = Date.now();
      if (progress.done || now - lastSaved >= PROGRESS_EVERY_MS) {
        lastSaved = now;
        save(progress);
      }
    },
    /** Waits for the last save. */
    settled: () => saving,
    stop: () => clearInterval(heartbeat),
  };
}

/** The summary as the job stores it and every door shows it. */
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

/** What a failed job shows: the intake's reason for unreadable files, otherwise only the error's kind. */
export function failureReason(error: unknown): string {
  const named = error as { name?: string; message?: string };
  if (named.name === "VictimFileError") return named.message ?? "not a victim file";
  if (named.name === "UploadError") return named.message ?? "the upload failed";
  return "the import failed on the server; see the server log";
}
