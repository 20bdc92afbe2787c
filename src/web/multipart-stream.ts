/**
 * A multipart/form-data body read as a stream, for the one console form that carries a victim file: the small
 * text fields before the file (the form token) are read whole, and the file part is handed on as a stream of
 * bytes up to its closing boundary, so a file of gigabytes is never held in memory. The form puts its hidden
 * fields before the file input, and browsers send parts in the form's order. Anything that does not add up
 * (no boundary, a huge header or field, a missing end) is an error.
 */

const MAX_HEADER_BYTES = 8 * 1024;
const MAX_FIELD_BYTES = 16 * 1024;
const MAX_FIELDS = 20;

export class MultipartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MultipartError";
  }
}

export interface StreamedForm {
  /** The text fields that came before the file. */
  fields: Record<string, string>;
  /** The file's bytes, or null when the form had no (non-empty) file. Read it once, to the end. */
  file: AsyncIterable<Buffer> | null;
  /** The file's name as the browser gave it (only its extension is looked at); "" without a file. */
  fileName: string;
}

/** Reads from a byte stream on demand, holding only what has not been handed on yet. */
class Cursor {
  private buffer: Buffer = Buffer.alloc(0);
  private ended = false;
  private readonly source: AsyncIterator<Buffer | string>;
  constructor(source: AsyncIterator<Buffer | string>) {
    this.source = source;
  }

  get held(): Buffer {
    return this.buffer;
  }
  /** Pulls one more chunk; false at the end of the stream. */
  async more(): Promise<boolean> {
    if (this.ended) return false;
    const next = await this.source.next();
    if (next.done) {
      this.ended = true;
      return false;
    }
    const chunk: Buffer = typeof next.value === "string" ? Buffer.from(next.value) : next.value;
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    return true;
  }
  /** Takes `n` bytes off the front. */
  take(n: number): Buffer {
    const taken = this.buffer.subarray(0, n);
    this.buffer = this.buffer.subarray(n);
    return taken;
  }
  /** The bytes up to `marker` (taken, with the marker), or undefined when `limit` bytes go by without it. */
  async until(marker: Buffer, limit: number): Promise<Buffer | undefined> {
    for (;;) {
      const at = this.buffer.indexOf(marker);
      if (at >= 0) {
        const before = Buffer.from(this.take(at));
        this.take(marker.length);
        return before;
      }
      if (this.buffer.length > limit + marker.length || !(await this.more())) return undefined;
    }
  }
  /** At least `n` bytes held, unless the stream ends first. */
  async hold(n: number): Promise<boolean> {
    while (this.buffer.length < n) if (!(await this.more())) return false;
    return true;
  }
}

function boundaryOf(contentType: string): string | undefined {
  const match = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType);
  return match?.[1] ?? match?.[2];
}

/** The file part's bytes, streamed up to the closing boundary; the rest of the body is read and dropped. */
async function* fileBytes(cursor: Cursor, delimiter: Buffer): AsyncGenerator<Buffer> {
  for (;;) {
    const at = cursor.held.indexOf(delimiter);
    if (at >= 0) {
      if (at > 0) yield Buffer.from(cursor.take(at));
      cursor.take(delimiter.length);
      // Whatever follows the file (more parts, the closing "--") is not the form's business.
      while (await cursor.more()) cursor.take(cursor.held.length);
      return;
    }
    // Keep back what could be the start of the delimiter; hand on the rest.
    const safe = cursor.held.length - (delimiter.length - 1);
    if (safe > 0) yield Buffer.from(cursor.take(safe));
    if (!(await cursor.more())) throw new MultipartError("the form ended inside the file");
  }
}

/**
 * Reads the text fields up to the first file part and returns them with the file's byte stream. A file part
 * with no bytes counts as no file.
 */
export async function readStreamedForm(
  body: AsyncIterable<Buffer | string>,
  contentType: string,
): Promise<StreamedForm> {
  const boundary = boundaryOf(contentType);
  if (!boundary) throw new MultipartError("no boundary");
  const cursor = new Cursor(body[Symbol.asyncIterator]());
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  // The body starts with the boundary itself (no preamble from browsers); prefixing CRLF makes it a delimiter.
  const start = await cursor.until(Buffer.from(`--${boundary}`), MAX_HEADER_BYTES);
  if (start === undefined) throw new MultipartError("no opening boundary");
  const fields: Record<string, string> = Object.create(null);
  for (let part = 0; part < MAX_FIELDS; part++) {
    if (!(await cursor.hold(2))) throw new MultipartError("the form ended early");
    const after = cursor.take(2).toString("latin1");
    if (after === "--") return { fields, file: null, fileName: "" };
    if (after !== "\r\n") throw new MultipartError("a boundary without a line break");
    const headers = await cursor.until(Buffer.from("\r\n\r\n"), MAX_HEADER_BYTES);
    if (headers === undefined) throw new MultipartError("a part's header is too long or missing");
    const text = headers.toString("utf8");
    const name = /content-disposition:\s*form-data;[^\r\n]*?\bname="([^"]{1,100})"/i.exec(text)?.[1];
    if (name === undefined) throw new MultipartError("a part without a name");
    if (/\bfilename="/i.test(text)) {
      // An empty file input still sends its part: no bytes before the next delimiter.
      if (!(await cursor.hold(delimiter.length))) throw new MultipartError("the form ended inside the file");
      if (cursor.held.subarray(0, delimiter.length).equals(delimiter)) {
        cursor.take(delimiter.length);
        continue;
      }
      const fileName = /\bfilename="([^"]{0,200})"/i.exec(text)?.[1] ?? "";
      return { fields, file: fileBytes(cursor, delimiter), fileName };
    }
    const value = await cursor.until(delimiter, MAX_FIELD_BYTES);
    if (value === undefined) throw new MultipartError("a field is too long or not closed");
    fields[name] = value.toString("utf8");
  }
  throw new MultipartError("too many parts");
}
