/**
 * Patches to pdfkit's internals that keep letters fast and print batches within a worker's heap: faster page
 * compression, coalesced stream writes, written objects released and the parent tree written page by page.
 * Each reaches into pdfkit's private fields; the letter and batch tests check the PDFs stay valid.
 */
import { deflateSync, constants as zlibConstants } from "node:zlib";
import type { Doc } from "./document.ts";

/**
 * pdfkit deflates page content at zlib's default level; with embedded fonts that was a fifth of a letter's
 * time. Page content (text operators) compresses almost as well at the fastest level, in a third of the time.
 */
export function fastPageCompression(doc: Doc): void {
  type Content = { compress: boolean; buffer: Uint8Array[]; data: Record<string, unknown>; finalize(): void };
  doc.on("pageAdded", () => {
    const content = (doc.page as unknown as { content: Content }).content;
    content.compress = false;
    const finalize = content.finalize.bind(content);
    content.finalize = () => {
      if (content.buffer.length > 0) {
        content.buffer = [deflateSync(Buffer.concat(content.buffer), { level: zlibConstants.Z_BEST_SPEED })];
        content.data.Filter = "FlateDecode";
      }
      finalize();
    };
  });
}

/**
 * pdfkit hands every line it writes (each of the 1.5 million cross-reference lines of a 100,000-letter batch
 * among them) to its stream as a separate small Buffer, all at once when the document ends: that doubled the
 * peak memory of a batch. This groups consecutive text writes into blocks of about 64 kB. Byte offsets are
 * counted exactly as before, so the cross-reference table stays right (the batch test checks every entry).
 */
export function coalesceWrites(doc: Doc, sink?: (chunk: Buffer | null) => void): void {
  const internals = doc as unknown as {
    _write: (data: string | Uint8Array) => void;
    push: (chunk: Uint8Array | null) => boolean;
    _offset: number;
  };
  // With a sink, output bypasses the stream: pdfkit writes synchronously, so a letter renders synchronously.
  if (sink) {
    // The header is written by the constructor, before this hook: take it from the stream's buffer.
    const head = (doc as unknown as { read(): Buffer | null }).read();
    if (head) sink(head);
  }
  const push: (chunk: Uint8Array | null) => boolean = sink
    ? (chunk) => {
        sink(chunk === null ? null : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        return true;
      }
    : internals.push.bind(doc);
  let pending: string[] = [];
  let pendingLength = 0;
  const flush = () => {
    if (pendingLength === 0) return;
    // pdfkit's text writes are byte strings (one character per byte).
    push(Buffer.from(pending.join(""), "latin1"));
    pending = [];
    pendingLength = 0;
  };
  internals._write = (data) => {
    if (typeof data === "string") {
      const line = `${data}\n`;
      pending.push(line);
      pendingLength += line.length;
      internals._offset += line.length;
      if (pendingLength >= 65_536) flush();
      return;
    }
    flush();
    push(data);
    internals._offset += data.length;
  };
  internals.push = (chunk) => {
    flush();
    return push(chunk);
  };
}

/**
 * pdfkit keeps every object it has written reachable until the document ends: the page tree lists the pages
 * and the structure tree's parent tree lists every tagged paragraph. In a print batch that was most of the
 * memory. Once an object is written only its id is read again (references print as "12 0 R"), so its
 * dictionary can go.
 */
export function releaseWrittenObjects(doc: Doc): { stop(): void } {
  const internals = doc as unknown as { _refEnd: (ref: { data: Record<string, unknown> }) => void };
  const refEnd = internals._refEnd.bind(doc);
  let active = true;
  internals._refEnd = (ref) => {
    refEnd(ref);
    // A written structure element keeps its parent: pdfkit asks whether its children have one.
    if (active) ref.data = ref.data.S !== undefined ? { P: ref.data.P } : {};
  };
  // The document's own end reads the catalogue's entries after writing it.
  return { stop: () => (active = false) };
}

/**
 * The structure tree's parent tree maps each page's marked content to its structure elements, and pdfkit
 * writes it only when the document ends, holding every tagged paragraph of the batch until then. Once a
 * page is written its entry no longer changes, so it is turned into its final text ("[12 0 R 13 0 R …]")
 * and the elements can be collected.
 */
export function parentTreeCompactor(doc: Doc): () => void {
  type Tree = { _items: Record<string, unknown> };
  const internals = doc as unknown as {
    getStructParentTree(): Tree;
    getStructTreeRoot(): { data: { ParentTreeNextKey: number } };
  };
  const tree = internals.getStructParentTree();
  const root = internals.getStructTreeRoot();
  // pdfkit writes any instance of its abstract reference class as the text its toString returns.
  const referenceClass = Object.getPrototypeOf(Object.getPrototypeOf(doc.page.dictionary)) as object;
  let next = 0;
  return () => {
    const end = root.data.ParentTreeNextKey;
    for (let key = next; key < end; key++) {
      const entry = tree._items[key];
      if (!Array.isArray(entry)) continue;
      const text = `[${entry.map((ref) => (ref === null || ref === undefined ? "null" : String(ref))).join(" ")}]`;
      tree._items[key] = Object.assign(Object.create(referenceClass), { toString: () => text });
    }
    next = end;
  };
}
