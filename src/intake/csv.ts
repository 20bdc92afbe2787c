// CSV victim files: the framer finds the records, csv-parse reads the fields of each batch of records.
import { parse } from "csv-parse/sync";
import { type Column, readHeader, VictimFileError } from "./columns.ts";
import { CsvFramer, type Framed } from "./frame.ts";
import type { RawRow } from "./row.ts";
import type { IntakeProblem } from "./types.ts";

/** What a reader hands on per chunk of input: rows to validate and problems found while reading. */
export interface ReadBatch {
  rows: { line: number; values: RawRow }[];
  problems: IntakeProblem[];
  /** Data rows the batch accounts for (rows plus rows refused while reading); blank lines excluded. */
  dataRows: number;
  /** Bytes of input read so far. */
  bytesRead: number;
}

export interface ReaderInfo {
  format: "csv" | "jsonl";
  delimiter?: "," | ";";
  columns?: string[];
}

function parseRecords(framed: Buffer[], delimiter: "," | ";"): string[][] {
  const parts: Buffer[] = [];
  for (const bytes of framed) parts.push(bytes, NEWLINE);
  return parse(Buffer.concat(parts), {
    delimiter,
    quote: '"',
    escape: '"',
    record_delimiter: "\n",
    relax_quotes: true,
    relax_column_count: true,
    trim: true,
    bom: false,
    skip_empty_lines: false,
    encoding: "utf8",
  }) as string[][];
}
const NEWLINE = Buffer.from("\n");

/**
 * One parsed record into the batch: a row keyed by the header's columns, or a field-count problem. False when
 * every field is empty (a blank line).
 */
function addRecord(
  batch: ReadBatch,
  line: number,
  fields: string[],
  header: { positions: readonly (Column | null)[]; fields: number },
  delimiter: "," | ";" | null,
): boolean {
  if (fields.every((f) => f === "")) return false;
  batch.dataRows++;
  const headerFields = header.fields;
  if (fields.length < headerFields || fields.slice(headerFields).some((f) => f !== "")) {
    const other = delimiter === ";" ? "," : ";";
    const hint =
      fields.length === 1 && (fields[0] ?? "").includes(other)
        ? ` (is the delimiter "${other}" in this row?)`
        : "";
    batch.problems.push({
      line,
      column: "",
      severity: "error",
      code: "field-count",
      reason: `the row has ${fields.length} fields, the header has ${headerFields}${hint}`,
    });
    return true;
  }
  const values: RawRow = {};
  const cols = header.positions;
  for (let i = 0; i < cols.length; i++) {
    const column = cols[i];
    if (column) values[column] = fields[i] ?? "";
  }
  batch.rows.push({ line, values });
  return true;
}

export async function* readCsv(source: AsyncIterable<Buffer>, info: ReaderInfo): AsyncGenerator<ReadBatch> {
  const framer = new CsvFramer();
  let positions: (Column | null)[] | null = null;
  let headerFields = 0;
  let sawData = false;

  function toBatch(items: Framed[]): ReadBatch {
    const batch: ReadBatch = { rows: [], problems: [], dataRows: 0, bytesRead: framer.bytesIn };
    let pending: { line: number; bytes: Buffer }[] = [];
    const flush = () => {
      if (pending.length === 0) return;
      const records = parseRecords(
        pending.map((p) => p.bytes),
        framer.delimiter ?? ",",
      );
      if (records.length !== pending.length) {
        throw new Error(
          `CSV framing and parsing disagree (${pending.length} framed, ${records.length} parsed)`,
        );
      }
      records.forEach((fields, i) => {
        const header = { positions: positions ?? [], fields: headerFields };
        if (addRecord(batch, pending[i]?.line ?? 0, fields, header, framer.delimiter)) sawData = true;
      });
      pending = [];
    };
    for (const item of items) {
      if (item.kind === "broken") {
        if (positions === null) {
          throw new VictimFileError("header", `the header line cannot be read: ${item.reason}`);
        }
        flush();
        sawData = true;
        batch.dataRows++;
        batch.problems.push({
          line: item.line,
          column: "",
          severity: "error",
          code: item.code,
          reason: item.reason,
        });
        continue;
      }
      if (positions === null) {
        const [names = []] = parseRecords([item.bytes], framer.delimiter ?? ",");
        const header = readHeader(names);
        positions = header.positions;
        headerFields = names.length;
        info.delimiter = framer.delimiter ?? ",";
        info.columns = names.map((n) => n.trim().toLowerCase());
        for (const w of header.warnings) {
          batch.problems.push({
            line: item.line,
            column: w.column,
            severity: "warning",
            code: w.code,
            reason: w.reason,
          });
        }
        continue;
      }
      pending.push(item);
    }
    flush();
    return batch;
  }

  for await (const chunk of source) {
    const items = framer.push(chunk);
    if (items.length > 0) yield toBatch(items);
  }
  const last = toBatch(framer.end());
  if (positions === null) throw new VictimFileError("empty", "the file is empty: it has no header line");
  if (!sawData) throw new VictimFileError("no-rows", "the file has a header but no data rows");
  yield last;
}
