// JSON Lines victim files: one object per line with the CSV column names as keys. A bad line is
// reported and skipped; lines are bounded like CSV records.
import { isUtf8 } from "node:buffer";
import { COLUMNS, type Column, suggestColumn, VictimFileError } from "./columns.ts";
import type { ReadBatch, ReaderInfo } from "./csv.ts";
import { MAX_RECORD_BYTES } from "./frame.ts";
import type { RawRow } from "./row.ts";
import { didYouMean } from "./suggest.ts";
import type { IntakeProblem } from "./types.ts";

const KNOWN: ReadonlySet<string> = new Set(COLUMNS);
/** Unknown keys are reported once each, up to this many distinct keys. */
const MAX_UNKNOWN_KEYS = 50;

function fieldText(value: unknown): string | null {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v === "string" && !v.includes("|")))
    return value.join("|");
  return null;
}

/** One line into the batch: a row, or the problem that refuses it. False when the line is blank. */
function readRecordLine(bytes: Buffer, line: number, unknownKeys: Set<string>, batch: ReadBatch): boolean {
  let end = bytes.length;
  if (bytes[end - 1] === 0x0d) end--;
  const text = bytes.subarray(0, end);
  if (text.every((b) => b === 0x20 || b === 0x09)) return false;
  batch.dataRows++;
  const refuse = (code: string, reason: string) => {
    batch.problems.push({ line, column: "", severity: "error", code, reason } satisfies IntakeProblem);
    return true;
  };
  if (!isUtf8(text)) return refuse("encoding", "the line is not valid UTF-8: save the file as UTF-8");
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.toString("utf8"));
  } catch {
    return refuse("json", "not valid JSON: each line must be one JSON object");
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    return refuse("json", 'not a JSON object: each line must be one object such as {"external_id": "…"}');
  }
  const values: RawRow = {};
  for (const [rawKey, rawValue] of Object.entries(parsed)) {
    const key = rawKey.trim().toLowerCase();
    if (!KNOWN.has(key)) {
      warnUnknownKey(key, line, unknownKeys, batch);
      continue;
    }
    const value = fieldText(rawValue);
    if (value === null) {
      return refuse(
        "json-value",
        `"${key}" must be a string, a number or (for categories and flags) a list of strings`,
      );
    }
    values[key as Column] = value;
  }
  batch.rows.push({ line, values });
  return true;
}

/** An unknown key is reported once, with a "did you mean", up to MAX_UNKNOWN_KEYS distinct keys. */
function warnUnknownKey(key: string, line: number, unknownKeys: Set<string>, batch: ReadBatch): void {
  if (unknownKeys.has(key) || unknownKeys.size >= MAX_UNKNOWN_KEYS) return;
  unknownKeys.add(key);
  const shown = key.length > 40 ? `${key.slice(0, 40)}…` : key;
  batch.problems.push({
    line,
    column: shown,
    severity: "warning",
    code: "column-unknown",
    reason: `unknown key "${shown}": its values are ignored${didYouMean(suggestColumn(key))}`,
  });
}

export async function* readJsonLines(
  source: AsyncIterable<Buffer>,
  info: ReaderInfo,
): AsyncGenerator<ReadBatch> {
  info.format = "jsonl";
  const unknownKeys = new Set<string>();
  let rest: Buffer = Buffer.alloc(0);
  let line = 0;
  let bytesRead = 0;
  let discarding = false;
  let sawData = false;
  let first = true;

  function readLine(bytes: Buffer, batch: ReadBatch) {
    line++;
    if (readRecordLine(bytes, line, unknownKeys, batch)) sawData = true;
  }

  function* lines(chunk: Buffer, ending: boolean): Generator<ReadBatch> {
    const batch: ReadBatch = { rows: [], problems: [], dataRows: 0, bytesRead };
    let buf = rest.length === 0 ? chunk : Buffer.concat([rest, chunk]);
    if (first && buf.length >= 3) {
      first = false;
      if ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff)) {
        throw new VictimFileError("encoding", "the file is UTF-16: save it as UTF-8");
      }
      if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3);
    }
    let start = 0;
    for (;;) {
      const newline = buf.indexOf(0x0a, start);
      if (newline < 0) break;
      if (discarding) {
        discarding = false;
        line++;
      } else readLine(buf.subarray(start, newline), batch);
      start = newline + 1;
    }
    rest = buf.subarray(start);
    if (!discarding && rest.length > MAX_RECORD_BYTES) {
      sawData = true;
      batch.dataRows++;
      batch.problems.push({
        line: line + 1,
        column: "",
        severity: "error",
        code: "row-too-long",
        reason: `the line is longer than ${MAX_RECORD_BYTES.toLocaleString("en")} bytes (a value far too large?)`,
      });
      discarding = true;
    }
    if (discarding) rest = Buffer.alloc(0);
    if (ending && rest.length > 0) {
      readLine(rest, batch);
      rest = Buffer.alloc(0);
    }
    yield batch;
  }

  for await (const chunk of source) {
    bytesRead += chunk.length;
    yield* lines(chunk, false);
  }
  const last = [...lines(Buffer.alloc(0), true)];
  if (!sawData) throw new VictimFileError("empty", "the file has no lines");
  yield* last;
}
