// Splits a CSV byte stream into records before csv-parse sees them, so that one broken row costs only
// that row. csv-parse on its own lets an unclosed quote swallow every following line into one field (to
// the end of the file), and stops at its record-size limit. The framer tracks RFC 4180 quoting with the
// same rules csv-parse is given (quotes open a field only at its start; a quote inside an unquoted field is
// text, as with relax_quotes; white space around a quoted field is trimmed), bounds every record in bytes
// and lines, and when a record breaks it reports the record's first line and starts again on the next
// physical line. Memory: one record at most (MAX_RECORD_BYTES) plus the current chunk.
import { isUtf8 } from "node:buffer";
import { VictimFileError } from "./columns.ts";

/** Longest record accepted; a longer one (say, a 1 MB field) is refused for that row. */
export const MAX_RECORD_BYTES = 64 * 1024;
/** A quoted field may hold line breaks, but no victim-file value needs more than a few. */
export const MAX_RECORD_LINES = 8;

export type Framed =
  | { kind: "record"; line: number; bytes: Buffer }
  | { kind: "broken"; line: number; code: string; reason: string };

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const SPACE = 0x20;
const TAB = 0x09;
const COMMA = 0x2c;
const SEMICOLON = 0x3b;

const State = { FieldStart: 0, Unquoted: 1, Quoted: 2, QuoteInQuoted: 3, AfterQuote: 4 } as const;
type State = (typeof State)[keyof typeof State];

/** `,` or `;`, whichever the header line holds more of (`,` when neither appears). */
export function detectDelimiter(headerLine: Buffer): "," | ";" {
  let commas = 0;
  let semicolons = 0;
  for (const byte of headerLine) {
    if (byte === COMMA) commas++;
    else if (byte === SEMICOLON) semicolons++;
  }
  return semicolons > commas ? ";" : ",";
}

export class CsvFramer {
  delimiter: "," | ";" | null = null;
  /** Field count of the header, once known: a multi-line record must have exactly this many. */
  expectedFields: number | null = null;
  /** Bytes handed in so far, for progress. */
  bytesIn = 0;

  private buf: Buffer = Buffer.alloc(0);
  private pos = 0;
  private recordStart = 0;
  private recordLine = 1;
  private state: State = State.FieldStart;
  private fields = 1;
  private firstBreak = -1;
  private breaks = 0;
  private discarding: { code: string; reason: string } | null = null;
  private started = false;
  private delimiterByte = COMMA;

  push(chunk: Buffer): Framed[] {
    this.bytesIn += chunk.length;
    const rest = this.buf.subarray(this.recordStart);
    this.pos -= this.recordStart;
    if (this.firstBreak >= 0) this.firstBreak -= this.recordStart;
    this.recordStart = 0;
    this.buf = rest.length === 0 ? chunk : Buffer.concat([rest, chunk]);
    if (!this.started && !this.start(false)) return [];
    return this.scan(false);
  }

  end(): Framed[] {
    if (!this.started && !this.start(true)) return [];
    return this.scan(true);
  }

  /** Skips a byte-order mark and picks the delimiter from the first line; false while that line is incomplete. */
  private start(ending: boolean): boolean {
    const b = this.buf;
    if ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff)) {
      throw new VictimFileError("encoding", "the file is UTF-16: save it as UTF-8 (in Excel: CSV UTF-8)");
    }
    if (b.length < 3 && !ending) return false;
    const bom = b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
    const newline = b.indexOf(LF, bom);
    if (newline < 0 && !ending && b.length - bom <= MAX_RECORD_BYTES) return false;
    const firstLine = b.subarray(bom, newline < 0 ? Math.min(b.length, bom + MAX_RECORD_BYTES) : newline);
    this.delimiter = detectDelimiter(firstLine);
    this.delimiterByte = this.delimiter === ";" ? SEMICOLON : COMMA;
    this.pos = bom;
    this.recordStart = bom;
    this.started = true;
    return true;
  }

  private resetRecord(start: number, line: number) {
    this.recordStart = start;
    this.pos = start;
    this.recordLine = line;
    this.state = State.FieldStart;
    this.fields = 1;
    this.firstBreak = -1;
    this.breaks = 0;
  }

  /** Gives up on the current record and resumes on the physical line after its first one. */
  private breakRecord(out: Framed[], code: string, reason: string) {
    out.push({ kind: "broken", line: this.recordLine, code, reason });
    if (this.firstBreak >= 0) {
      this.resetRecord(this.firstBreak + 1, this.recordLine + 1);
    } else {
      this.discarding = { code, reason };
    }
  }

  private emit(out: Framed[], end: number) {
    let stop = end;
    if (stop > this.recordStart && this.buf[stop - 1] === CR) stop--;
    const bytes = this.buf.subarray(this.recordStart, stop);
    let blank = true;
    for (const byte of bytes) {
      if (byte !== SPACE && byte !== TAB) {
        blank = false;
        break;
      }
    }
    if (blank) return;
    if (!isUtf8(bytes)) {
      out.push({
        kind: "broken",
        line: this.recordLine,
        code: "encoding",
        reason: "the row is not valid UTF-8: save the file as UTF-8 (in Excel: CSV UTF-8)",
      });
      return;
    }
    // The first record is the header: later records spanning lines must have as many fields.
    if (this.expectedFields === null) this.expectedFields = this.fields;
    out.push({ kind: "record", line: this.recordLine, bytes });
  }

  private scan(ending: boolean): Framed[] {
    const out: Framed[] = [];
    for (;;) {
      if (this.discarding) {
        const newline = this.buf.indexOf(LF, this.pos);
        if (newline < 0) {
          this.pos = this.buf.length;
          this.recordStart = this.buf.length;
          if (ending) this.discarding = null;
          return out;
        }
        this.discarding = null;
        this.resetRecord(newline + 1, this.recordLine + 1);
        continue;
      }
      const outcome = this.advance();
      if (outcome === "end") {
        if (this.breaks > 0 && this.expectedFields !== null && this.fields !== this.expectedFields) {
          this.breakRecord(out, "quote-unclosed", UNCLOSED);
          continue;
        }
        this.emit(out, this.pos);
        this.resetRecord(this.pos + 1, this.recordLine + this.breaks + 1);
        continue;
      }
      if (outcome !== "more") {
        this.breakRecord(out, outcome.code, outcome.reason);
        continue;
      }
      if (!ending) return out;
      if (this.state === State.Quoted) {
        this.breakRecord(out, "quote-unclosed", UNCLOSED);
        if (this.discarding) {
          this.discarding = null;
          return out;
        }
        continue;
      }
      if (this.pos > this.recordStart) this.emit(out, this.pos);
      this.recordStart = this.pos;
      return out;
    }
  }

  /** Scans the current record from `pos`: to its end, to the end of the input, or to where it breaks. */
  private advance(): "end" | "more" | { code: string; reason: string } {
    const buf = this.buf;
    const delimiter = this.delimiterByte;
    const limit = Math.min(buf.length, this.recordStart + MAX_RECORD_BYTES + 1);
    let state: State = this.state;
    let pos = this.pos;
    try {
      for (; pos < limit; pos++) {
        const byte = buf[pos] as number;
        switch (state) {
          case State.Quoted:
            if (byte === QUOTE) state = State.QuoteInQuoted;
            else if (byte === LF) {
              if (this.firstBreak < 0) this.firstBreak = pos;
              if (++this.breaks >= MAX_RECORD_LINES) return { code: "quote-unclosed", reason: UNCLOSED };
            }
            break;
          case State.Unquoted:
            if (byte === LF) return "end";
            if (byte === delimiter) {
              state = State.FieldStart;
              this.fields++;
            }
            break;
          case State.FieldStart:
            if (byte === LF) return "end";
            if (byte === QUOTE) state = State.Quoted;
            else if (byte === delimiter) this.fields++;
            else if (byte !== SPACE && byte !== TAB) state = State.Unquoted;
            break;
          default:
            // Just after a closing quote (or a doubled quote): only white space may come before the delimiter.
            if (byte === LF) return "end";
            if (byte === QUOTE && state === State.QuoteInQuoted) state = State.Quoted;
            else if (byte === delimiter) {
              state = State.FieldStart;
              this.fields++;
            } else if (byte === SPACE || byte === TAB || byte === CR) state = State.AfterQuote;
            else
              return {
                code: "quote-text-after",
                reason: "text after a closing quote: check the quotes in this row",
              };
        }
      }
      if (pos - this.recordStart > MAX_RECORD_BYTES) {
        return {
          code: "row-too-long",
          reason: `the row is longer than ${MAX_RECORD_BYTES.toLocaleString("en")} bytes (a value far too large?)`,
        };
      }
      return "more";
    } finally {
      this.pos = pos;
      this.state = state;
    }
  }
}

const UNCLOSED = "a quote opened in this row is not closed where the row should end: check the quotes";
