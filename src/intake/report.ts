// The error report: one CSV line per problem (line, column, severity, code, reason, value), written as a
// stream. People open it in a spreadsheet, so every cell that could start a formula is neutralised, and it
// must not become a second copy of the victim file, so personal values are masked: the line number is the
// key back to the row.
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import type { Writable } from "node:stream";
import type { IntakeProblem } from "./types.ts";

export const REPORT_HEADER = ["line", "column", "severity", "code", "reason", "value"] as const;

const MAX_EXCERPT = 40;

/** Prefixes a cell that a spreadsheet would read as a formula (= + - @, or a leading tab or CR) with '. */
export function neutraliseFormula(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

function csvCell(cell: string): string {
  const safe = neutraliseFormula(cell);
  return /[",\r\n;]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** Control characters shown as visible escapes, long values cut. */
function visible(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: making control characters visible is the point
  const shown = value.replace(/[\u0000-\u001F\u007F]/g, (c) =>
    c === "\n"
      ? "\\n"
      : c === "\r"
        ? "\\r"
        : c === "\t"
          ? "\\t"
          : `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`,
  );
  return shown.length > MAX_EXCERPT ? `${shown.slice(0, MAX_EXCERPT)}…` : shown;
}

function maskWord(value: string): string {
  const chars = [...value.trim()];
  if (chars.length === 0) return "";
  return `${chars[0]}***`;
}

function maskEmail(value: string): string {
  const at = value.lastIndexOf("@");
  if (at < 0) return maskWord(value);
  return `${maskWord(value.slice(0, at))}@${visible(value.slice(at + 1))}`;
}

function maskDigits(value: string): string {
  const trimmed = value.trim();
  if (trimmed.length <= 4) return "*".repeat(trimmed.length);
  return `${trimmed.slice(0, 2)}${"*".repeat(Math.min(trimmed.length - 4, 12))}${trimmed.slice(-2)}`;
}

/** Columns whose values are not personal: shown as they are (cut and made visible). */
const OPEN_COLUMNS = new Set([
  "categories",
  "flags",
  "segment",
  "language",
  "country",
  "contact_country",
  "contact_role",
  "city",
  "contact_city",
]);

/** The excerpt of `value` that may appear in the report for `column`. */
export function maskValue(column: string, value: string): string {
  if (value === "") return "";
  const base = column.replace(/^contact_/, "");
  if (OPEN_COLUMNS.has(column)) return visible(value);
  if (base === "email") return visible(maskEmail(value));
  if (base === "phone" || base === "postcode" || base === "house_number" || column === "external_id") {
    return visible(maskDigits(value));
  }
  return visible(maskWord(value));
}

export function reportLine(problem: IntakeProblem): string {
  const cells = [
    String(problem.line),
    problem.column,
    problem.severity,
    problem.code,
    problem.reason,
    problem.value === undefined ? "" : maskValue(problem.column, problem.value),
  ];
  return `${cells.map(csvCell).join(",")}\r\n`;
}

export interface ReportWriter {
  write(problem: IntakeProblem): Promise<void>;
  readonly errors: number;
  readonly warnings: number;
  close(): Promise<void>;
}

/** Writes the report to a file path or a stream, waiting for the stream to drain (constant memory). */
export function createReportWriter(target: string | Writable): ReportWriter {
  const stream = typeof target === "string" ? createWriteStream(target, { encoding: "utf8" }) : target;
  let errors = 0;
  let warnings = 0;
  let failed: Error | null = null;
  stream.on("error", (error: Error) => {
    failed = error;
  });
  const put = async (text: string) => {
    if (failed) throw failed;
    if (!stream.write(text)) await once(stream, "drain");
  };
  // Excel reads a UTF-8 CSV as UTF-8 only with a byte-order mark.
  const started = put(`\uFEFF${REPORT_HEADER.join(",")}\r\n`);
  return {
    get errors() {
      return errors;
    },
    get warnings() {
      return warnings;
    },
    async write(problem) {
      await started;
      if (problem.severity === "error") errors++;
      else warnings++;
      await put(reportLine(problem));
    },
    async close() {
      await started;
      if (failed) throw failed;
      if (typeof target === "string") {
        stream.end();
        await once(stream, "finish");
      }
    },
  };
}
