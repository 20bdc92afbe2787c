// Read batches → validated batches: the part of the pipeline that makes nearly all of an import's garbage
// (fields, rows, normalised victims). It runs in the main thread for small files and in the reading thread
// (read-thread.ts) for large ones; both hand the importer the same batches.
import type { ReadBatch } from "./csv.ts";
import { type RowContext, validateRow } from "./row.ts";
import type { AcceptedRow, IntakeProblem } from "./types.ts";

/** What the importer gets: accepted rows to write (possibly none), report lines, and the counts they cover. */
export interface ValidatedBatch {
  accepted: AcceptedRow[];
  /** Reading and validation problems, in line order. */
  problems: IntakeProblem[];
  /** Data rows covered (blank lines excluded), accepted or not. */
  rows: number;
  /** Bytes of input read so far. */
  bytesRead: number;
}

/**
 * A batch is handed on once it has `batchSize` accepted rows, or this many problems or input bytes (so a
 * file of rejected rows, or of very long ones, never piles up), or at the end.
 */
const FLUSH_PROBLEMS = 5_000;
const FLUSH_BYTES = 4 * 1024 * 1024;

/** Validates one read batch into `into`: accepted rows and problems (sorted by line at hand-over). */
function validateInto(batch: ReadBatch, context: RowContext, into: ValidatedBatch): void {
  into.problems.push(...batch.problems);
  for (const { line, values } of batch.rows) {
    const result = validateRow(values, line, context);
    into.problems.push(...result.problems);
    if (result.accepted) into.accepted.push(result.accepted);
  }
  into.rows += batch.dataRows;
  into.bytesRead = batch.bytesRead;
}

export async function* validatedBatches(
  reader: AsyncIterable<ReadBatch>,
  context: RowContext,
  batchSize: number,
): AsyncGenerator<ValidatedBatch> {
  const empty = (bytesRead: number): ValidatedBatch => ({ accepted: [], problems: [], rows: 0, bytesRead });
  let current = empty(0);
  let flushedAt = 0;
  for await (const batch of reader) {
    validateInto(batch, context, current);
    if (
      current.accepted.length >= batchSize ||
      current.problems.length >= FLUSH_PROBLEMS ||
      current.bytesRead - flushedAt >= FLUSH_BYTES
    ) {
      current.problems.sort((a, b) => a.line - b.line);
      flushedAt = current.bytesRead;
      yield current;
      current = empty(current.bytesRead);
    }
  }
  current.problems.sort((a, b) => a.line - b.line);
  yield current;
}
