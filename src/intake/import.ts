// The import pipeline: bytes → records → validated rows → sink, with the error report and progress on
// the side. Constant memory: at most one read chunk, one batch of rows and the report stream's buffer.
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import type { Readable, Writable } from "node:stream";
import { CATEGORY_IDS } from "../framework/index.ts";
import { VictimFileError } from "./columns.ts";
import { type ReaderInfo, readCsv } from "./csv.ts";
import { readJsonLines } from "./jsonl.ts";
import { createProgressTracker, type ProgressListener } from "./progress.ts";
import { validatedInThread } from "./read-thread.ts";
import { createReportWriter } from "./report.ts";
import type { IntakeSink, SinkFinding } from "./sink.ts";
import type { IntakeProblem } from "./types.ts";
import { type ValidatedBatch, validatedBatches } from "./validated.ts";

export type VictimFileFormat = "csv" | "jsonl";

export interface ImportOptions {
  /** The data categories of the breach (its facts' `data[].category`): rows may name only these. */
  breachCategories: readonly string[];
  sink: IntakeSink;
  /** Where the error report goes: a file path (created or replaced) or a writable stream (left open). */
  report: string | Writable;
  /** Default: from the file name (.jsonl, .ndjson → jsonl) or, for a stream, from its first byte. */
  format?: VictimFileFormat;
  onProgress?: ProgressListener;
  /** Size of a streamed input, for percentage and ETA (a path's size is looked up). */
  totalBytes?: number;
  /** Accepted rows per sink.write; default 2,000. */
  batchSize?: number;
  /**
   * Read and validate in a thread of its own (read-thread.ts). Default: for inputs of known size from
   * THREAD_FROM_BYTES on, where the thread's start-up (~0.1 s) is small against the memory it saves.
   */
  readInThread?: boolean;
}

/** 4 MiB: about 35,000 typical rows. */
const THREAD_FROM_BYTES = 4 * 1024 * 1024;

export interface ImportSummary {
  /** Data rows in the file (blank lines excluded) = imported + updated + unchanged + rejected + superseded. */
  rows: number;
  imported: number;
  updated: number;
  unchanged: number;
  rejected: number;
  superseded: number;
  /** This file's stored victims without a usable channel. */
  unreachable: number;
  /** Warning lines in the report. */
  warnings: number;
  /** Error lines in the report (rejected rows can have several). */
  errors: number;
  /** The report's path, or null when it went to a stream. */
  report: string | null;
  format: VictimFileFormat;
  /** CSV only. */
  delimiter: "," | ";" | null;
  durationMs: number;
}

async function* chunks(stream: AsyncIterable<Buffer | string>): AsyncGenerator<Buffer> {
  for await (const chunk of stream) yield typeof chunk === "string" ? Buffer.from(chunk) : chunk;
}

/** Reads the first chunk to choose CSV or JSON Lines, then hands every chunk on. */
async function sniff(
  source: AsyncIterable<Buffer>,
): Promise<{ format: VictimFileFormat; source: AsyncIterable<Buffer> }> {
  const iterator = source[Symbol.asyncIterator]();
  const first = await iterator.next();
  const head = first.done ? Buffer.alloc(0) : first.value;
  const text = head
    .subarray(0, 64)
    .toString("utf8")
    .replace(/^\uFEFF/, "")
    .trimStart();
  const format: VictimFileFormat = text.startsWith("{") ? "jsonl" : "csv";
  async function* rest(): AsyncGenerator<Buffer> {
    if (!first.done) yield head;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  return { format, source: rest() };
}

async function openInput(input: Readable | string, options: ImportOptions) {
  if (typeof input !== "string") {
    const source = chunks(input);
    if (options.format) return { format: options.format, source, totalBytes: options.totalBytes ?? null };
    return { ...(await sniff(source)), totalBytes: options.totalBytes ?? null };
  }
  let size: number;
  try {
    const info = await stat(input);
    if (!info.isFile()) throw new VictimFileError("unreadable", `${input} is not a file`);
    size = info.size;
  } catch (error) {
    if (error instanceof VictimFileError) throw error;
    throw new VictimFileError(
      "unreadable",
      `cannot read ${input}: ${(error as NodeJS.ErrnoException).code ?? error}`,
    );
  }
  const source = chunks(createReadStream(input, { highWaterMark: 256 * 1024 }));
  const format = options.format ?? (/\.(jsonl|ndjson)$/i.test(input) ? "jsonl" : "csv");
  return { format, source, totalBytes: size };
}

function findingProblem(finding: SinkFinding): IntakeProblem {
  if (finding.kind === "superseded") {
    return {
      line: finding.line,
      column: "external_id",
      severity: "warning",
      code: "superseded",
      reason: `the same external_id comes again on line ${finding.otherLine}; the last row with it wins, this one is not used`,
    };
  }
  return {
    line: finding.line,
    column: finding.field,
    severity: "warning",
    code: "duplicate-contact",
    reason: `the same ${finding.field === "email" ? "e-mail address" : "phone number"} as on line ${finding.otherLine}`,
  };
}

/** Validated batches of the input: read in the main thread, or in a reading thread (large inputs). */
function validatedSource(
  opened: Awaited<ReturnType<typeof openInput>>,
  info: ReaderInfo,
  breachCategories: ReadonlySet<string>,
  batchSize: number,
  readInThread: boolean | undefined,
): AsyncIterable<ValidatedBatch> {
  const inThread = readInThread ?? (opened.totalBytes !== null && opened.totalBytes >= THREAD_FROM_BYTES);
  if (inThread) {
    const options = { format: opened.format, breachCategories: [...breachCategories], batchSize };
    return validatedInThread(opened.source, options, info);
  }
  const reader =
    opened.format === "jsonl" ? readJsonLines(opened.source, info) : readCsv(opened.source, info);
  return validatedBatches(reader, { breachCategories }, batchSize);
}

/**
 * Imports a victim file (docs/victim-file.md) into `options.sink`. Throws VictimFileError when the input
 * cannot be read as a victim file at all (empty, no header, no external_id column, UTF-16, …): the CLI
 * exits with 2 then. Row problems never throw: they go to the report.
 */
export async function importVictimFile(
  input: Readable | string,
  options: ImportOptions,
): Promise<ImportSummary> {
  const started = performance.now();
  const unknown = options.breachCategories.filter((c) => !(CATEGORY_IDS as readonly string[]).includes(c));
  if (unknown.length > 0) throw new TypeError(`unknown breach categories: ${unknown.join(", ")}`);
  const breachCategories = new Set(options.breachCategories);
  const batchSize = options.batchSize ?? 2_000;
  const opened = await openInput(input, options);
  const info: ReaderInfo = { format: opened.format };
  const validated = validatedSource(opened, info, breachCategories, batchSize, options.readInThread);
  const report = createReportWriter(options.report);
  const progress = createProgressTracker(options.onProgress, opened.totalBytes);
  const { sink } = options;
  let begun = false;
  try {
    await sink.begin();
    begun = true;
    for await (const batch of validated) {
      for (const problem of batch.problems) await report.write(problem);
      progress.state.rows += batch.rows;
      progress.state.rejected += batch.rows - batch.accepted.length;
      progress.state.bytesRead = batch.bytesRead;
      if (batch.accepted.length > 0) {
        // Taken out of the batch, which the reader may still point to: while this waits for the database,
        // nothing here holds the rows, so they die young instead of aging into the old generation.
        const accepted = batch.accepted;
        batch.accepted = [];
        progress.state.accepted += accepted.length;
        await sink.write(accepted.splice(0));
      }
      progress.update();
    }
    const result = await sink.finish();
    begun = false;
    for await (const finding of result.findings()) await report.write(findingProblem(finding));
    await report.close();
    progress.state.bytesRead = opened.totalBytes ?? progress.state.bytesRead;
    progress.done();
    const rejected = progress.state.rows - progress.state.accepted;
    const written = result.imported + result.updated + result.unchanged + result.superseded;
    if (written !== progress.state.accepted) {
      throw new Error(`the sink accounted for ${written} rows but was given ${progress.state.accepted}`);
    }
    return {
      rows: progress.state.rows,
      imported: result.imported,
      updated: result.updated,
      unchanged: result.unchanged,
      rejected,
      superseded: result.superseded,
      unreachable: result.unreachable,
      warnings: report.warnings,
      errors: report.errors,
      report: typeof options.report === "string" ? options.report : null,
      format: opened.format,
      delimiter: info.delimiter ?? null,
      durationMs: Math.round(performance.now() - started),
    };
  } catch (error) {
    if (begun) await sink.abort().catch(() => {});
    if (error instanceof VictimFileError) {
      await report
        .write({ line: 1, column: "", severity: "error", code: error.code, reason: error.message })
        .catch(() => {});
    }
    await report.close().catch(() => {});
    throw error;
  }
}
