/**
 * Letters as A4 PDF, laid out with pdfkit (no browser): one letter as a Buffer, or a whole print batch as ONE
 * streamed PDF plus CSV manifest rows for the print-and-mail provider, so a batch is never held in memory.
 * Pure: no files are read or written here except the bundled fonts (files.ts writes batches to disk).
 *
 * Every letter is tagged for PDF/UA (structure tree with headings, paragraphs and lists, page furniture
 * marked as artifacts, document language and title) and uses embedded, subsetted DejaVu Sans fonts, which
 * print houses expect and which cover the Dutch (and most European) diacritics.
 *
 * The address block sits in the envelope window, whose position is a per-provider setting (`LetterLayout`).
 */

import { once } from "node:events";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Writable } from "node:stream";
import { deflateSync, constants as zlibConstants } from "node:zlib";
import PDFDocument from "pdfkit";
import { formatDate } from "../../core/index.ts";
import { type Block, type Section, sectionFor } from "../blocks.ts";
import { labels } from "../labels.ts";
import type { ComposedMessage } from "../message.ts";
import { LineSetter } from "./letter-text.ts";

const MM = 72 / 25.4;

export interface EnvelopeWindow {
  leftMm: number;
  topMm: number;
  widthMm: number;
  heightMm: number;
}

export interface LetterLayout {
  /**
   * Envelope window, measured on the A4 sheet. Default: a left window of 90 × 35 mm, 20 mm from the left edge
   * and 50 mm from the top — inside the window of common Dutch C5/6 and EA5/6 window envelopes (window 20 mm from
   * the left) when the sheet is folded in three.
   */
  window: EnvelopeWindow;
  /** Space kept clear inside the window on every side, so the address stays visible when the sheet shifts. */
  windowPaddingMm: number;
  /** Body font size in points (at least 11). */
  fontSize: number;
  /** Print on both sides: every letter then starts on a new sheet (a blank page is added after odd counts). */
  duplex: boolean;
  /** Most pages a letter may have (print providers' limit). */
  maxPages: number;
  /** Deflate page content: about 4× smaller files, about 25 % slower. */
  compress: boolean;
  /** TrueType/OpenType font files (embedded and subsetted); default the bundled DejaVu Sans. */
  fonts?: { regular: string; bold: string; mono?: string };
}

export const DEFAULT_LETTER_LAYOUT: LetterLayout = {
  window: { leftMm: 20, topMm: 50, widthMm: 90, heightMm: 35 },
  windowPaddingMm: 3,
  fontSize: 11,
  duplex: false,
  maxPages: 10,
  compress: true,
};

const PAGE = { width: 595.28, height: 841.89 };
const MARGIN = { top: 20 * MM, bottom: 25 * MM, left: 25 * MM, right: 20 * MM };
const CONTENT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;

type Doc = PDFKit.PDFDocument;
type Struct = PDFKit.PDFStructureElement;

interface FontFiles {
  regular: Buffer;
  bold: Buffer;
  mono: Buffer;
}

const fontCache = new Map<string, Buffer>();
function fontFile(path: string): Buffer {
  let data = fontCache.get(path);
  if (!data) {
    data = readFileSync(path);
    fontCache.set(path, data);
  }
  return data;
}

const require = createRequire(import.meta.url);
/** The bundled fonts (npm package dejavu-fonts-ttf, free licence): read once per process. */
function defaultFontFiles(): FontFiles {
  const file = (name: string) => fontFile(require.resolve(`dejavu-fonts-ttf/ttf/${name}`));
  return {
    regular: file("DejaVuSans.ttf"),
    bold: file("DejaVuSans-Bold.ttf"),
    mono: file("DejaVuSansMono-Bold.ttf"),
  };
}

function fontFiles(layout: LetterLayout): FontFiles {
  if (!layout.fonts) return defaultFontFiles();
  const { regular, bold, mono } = layout.fonts;
  return { regular: fontFile(regular), bold: fontFile(bold), mono: fontFile(mono ?? regular) };
}

interface Fonts {
  regular: string;
  bold: string;
  mono: string;
  clean: (text: string) => string;
}

/** Characters the font has no glyph for (emoji, scripts it lacks) would print as empty boxes: "?" instead. */
function cleanerFor(doc: Doc): (text: string) => string {
  doc.font("regular");
  const font = (doc as unknown as { _font: { font?: { hasGlyphForCodePoint(c: number): boolean } } })._font
    .font;
  const known = new Map<number, boolean>();
  const has = (c: number) => {
    let ok = known.get(c);
    if (ok === undefined) {
      ok = font ? font.hasGlyphForCodePoint(c) : true;
      known.set(c, ok);
    }
    return ok;
  };
  return (text) => {
    let plain = true;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c < 0x20 || c > 0x7e) {
        plain = false;
        break;
      }
    }
    if (plain) return text;
    let out = "";
    for (const ch of text) {
      const c = ch.codePointAt(0) ?? 0;
      // Word joiners keep addresses unlinked in e-mail; on paper they are not needed.
      if (c === 0x2060) continue;
      out += has(c) ? ch : "?";
    }
    return out;
  };
}

/**
 * pdfkit deflates page content at zlib's default level; with embedded fonts that was a fifth of a letter's
 * time. Page content (text operators) compresses almost as well at the fastest level, in a third of the time.
 */
function fastPageCompression(doc: Doc): void {
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

/** Where the letter being laid out stands against its page limit. */
interface PageGuard {
  active: boolean;
  pages: number;
  max: number;
  reference: string;
}

interface LetterDocument {
  doc: Doc;
  fonts: Fonts;
  text: LineSetter;
  root: Struct;
  guard: PageGuard;
}

function newDocument(
  layout: LetterLayout,
  title: string,
  language: string,
  sink?: (chunk: Buffer | null) => void,
): LetterDocument {
  const doc = new PDFDocument({
    size: "A4",
    margins: MARGIN,
    autoFirstPage: false,
    bufferPages: true,
    compress: layout.compress,
    pdfVersion: "1.7",
    // @types/pdfkit lists only the PDF/A subsets; pdfkit itself supports PDF/UA (metadata and checks).
    subset: "PDF/UA" as "PDF/A-1",
    tagged: true,
    displayTitle: true,
    lang: language,
    // The line setter (letter-text.ts) keeps its own bounded caches; pdfkit's per-word one grows without end.
    fontLayoutCache: false,
    info: { Title: title, Creator: "Lekwijzer", Producer: "Lekwijzer" },
  });
  coalesceWrites(doc, sink);
  const files = fontFiles(layout);
  doc.registerFont("regular", files.regular);
  doc.registerFont("bold", files.bold);
  doc.registerFont("mono", files.mono);
  if (layout.compress) fastPageCompression(doc);
  const root = doc.struct("Document");
  doc.addStructure(root);
  const guard: PageGuard = { active: false, pages: 0, max: layout.maxPages, reference: "" };
  // Stop as soon as a letter runs past the limit instead of laying out hundreds of pages first.
  doc.on("pageAdded", () => {
    if (!guard.active) return;
    guard.pages++;
    if (guard.pages > guard.max) throw new LetterTooLongError(guard.reference, guard.pages, guard.max);
  });
  const fonts = { regular: "regular", bold: "bold", mono: "mono", clean: cleanerFor(doc) };
  return { doc, fonts, text: new LineSetter(doc), root, guard };
}

/**
 * pdfkit hands every line it writes (each of the 1.5 million cross-reference lines of a 100,000-letter batch
 * among them) to its stream as a separate small Buffer, all at once when the document ends: that doubled the
 * peak memory of a batch. This groups consecutive text writes into blocks of about 64 kB. Byte offsets are
 * counted exactly as before, so the cross-reference table stays right (the batch test checks every entry).
 */
function coalesceWrites(doc: Doc, sink?: (chunk: Buffer | null) => void): void {
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

export class LetterTooLongError extends Error {
  /** Pages laid out when the letter was stopped: one more than the limit. */
  readonly pages: number;
  readonly max: number;
  readonly reference: string;
  constructor(reference: string, pages: number, max: number) {
    super(`letter ${reference} has more than ${max} pages; the print provider takes at most ${max}`);
    this.name = "LetterTooLongError";
    this.pages = pages;
    this.max = max;
    this.reference = reference;
  }
}

/** Adds a structure element to `parent` and draws its content inside it (marked content, tagged). */
function tag(
  doc: Doc,
  parent: Struct,
  type: string,
  draw: () => void,
  options: { lang?: string } = {},
): void {
  parent.add(doc.struct(type, options, () => draw()));
}

/** Draws page furniture (rules, page numbers) that assistive technology should skip. */
function artifact(doc: Doc, type: "Pagination" | "Layout", draw: () => void): void {
  doc.markContent("Artifact", { type });
  draw();
  doc.endMarkedContent();
}

const LANGUAGE_TAGS: Record<string, string> = { nl: "nl-NL", en: "en-GB" };

/** Lays out one letter in `doc` from a new page; returns its page count. Pages stay buffered until flushed. */
function layLetter(target: LetterDocument, message: ComposedMessage, layout: LetterLayout): number {
  const { doc, fonts, guard } = target;
  const l = labels(message.language);
  const t = fonts.clean;
  const size = Math.max(11, layout.fontSize);
  const lineGap = size * 0.3;
  const first = doc.bufferedPageRange();
  const firstPage = first.start + first.count;
  Object.assign(guard, { active: true, pages: 0, max: layout.maxPages, reference: message.reference });
  doc.addPage({ size: "A4", margins: MARGIN });
  const letter = doc.struct("Part", { lang: LANGUAGE_TAGS[message.language] ?? message.language });
  target.root.add(letter);

  // Sender and letter details go beside the window: on the right for a left window, on the left otherwise.
  const w = layout.window;
  const windowOnRight = w.leftMm * MM > PAGE.width / 2 - 20 * MM;
  const rightX = windowOnRight ? MARGIN.left : 120 * MM;
  const rightWidth = windowOnRight
    ? w.leftMm * MM - 5 * MM - MARGIN.left
    : PAGE.width - MARGIN.right - rightX;
  const org = message.organisation;
  const text = target.text;
  tag(doc, letter, "P", () => {
    doc.y = MARGIN.top;
    text.paragraph(fonts.bold, size, t(org.name), rightX, rightWidth, 0);
    for (const line of org.postalAddress.slice(1))
      text.paragraph(fonts.regular, size, t(line), rightX, rightWidth, 0);
    if (org.phone) text.paragraph(fonts.regular, size, t(org.phone), rightX, rightWidth, 0);
  });

  // Address block in the window.
  const pad = layout.windowPaddingMm * MM;
  tag(doc, letter, "P", () => {
    doc.font(fonts.regular).fontSize(size);
    let y = w.topMm * MM + pad;
    for (const line of message.addressee.addressLines) {
      doc.text(t(line), w.leftMm * MM + pad, y, {
        width: w.widthMm * MM - 2 * pad,
        lineBreak: false,
        height: size * 1.2,
      });
      y += doc.currentLineHeight(true);
    }
  });

  // Date, reference and verification code, right of the window.
  doc.y = w.topMm * MM + pad;
  tag(doc, letter, "P", () => {
    const date = `${t(l.date)}: ${t(formatDate(message.date, message.language))}`;
    text.paragraph(fonts.regular, size, date, rightX, rightWidth, 0);
    text.paragraph(fonts.regular, size, `${t(l.reference)}: ${t(message.reference)}`, rightX, rightWidth, 0);
    doc.moveDown(0.3);
    text.paragraph(fonts.regular, size, `${t(l.code)}:`, rightX, rightWidth, 0);
    text.paragraph(fonts.mono, size + 1, message.verificationCode, rightX, rightWidth, 0);
  });

  // Subject and the essentials, below the window.
  const bodyTop = Math.max((w.topMm + w.heightMm) * MM + 10 * MM, doc.y + 6 * MM);
  tag(doc, letter, "H1", () => {
    doc.y = bodyTop;
    text.paragraph(fonts.bold, size + 4, t(message.subject), MARGIN.left, CONTENT_WIDTH, 0);
  });
  doc.moveDown(0.6).font(fonts.regular).fontSize(size);
  tag(doc, letter, "P", () => {
    target.text.paragraph(
      fonts.regular,
      size,
      t(message.addressee.salutation),
      MARGIN.left,
      CONTENT_WIDTH,
      lineGap,
    );
  });
  doc.moveDown(0.5);
  if (message.addressee.note) {
    const note = message.addressee.note;
    tag(doc, letter, "P", () => {
      target.text.paragraph(fonts.regular, size, t(note), MARGIN.left, CONTENT_WIDTH, lineGap);
    });
    doc.moveDown(0.5);
  }
  drawSummary(target, letter, `${l.important}: ${message.summary}`, size, lineGap);

  for (const section of message.sections) {
    const own = sectionFor(section, "letter");
    if (own.blocks.length > 0) drawSection(target, letter, own, size, lineGap);
  }

  keepTogether(doc, size * 4);
  doc.moveDown(0.5);
  tag(doc, letter, "P", () => {
    for (const line of message.closing)
      target.text.paragraph(fonts.regular, size, t(line), MARGIN.left, CONTENT_WIDTH, 0);
  });
  letter.end();
  guard.active = false;

  // Page numbers and reference on every page of this letter.
  const range = doc.bufferedPageRange();
  const pages = range.start + range.count - firstPage;
  for (let i = 0; i < pages; i++) {
    doc.switchToPage(firstPage + i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const footerY = PAGE.height - 15 * MM;
    artifact(doc, "Pagination", () => {
      const half = CONTENT_WIDTH / 2;
      doc.y = footerY;
      target.text.paragraph(
        fonts.regular,
        size,
        `${t(l.reference)}: ${t(message.reference)}`,
        MARGIN.left,
        half,
        0,
      );
      const label = l.page(i + 1, pages);
      doc.y = footerY;
      const right = MARGIN.left + CONTENT_WIDTH - target.text.width(fonts.regular, size, label);
      target.text.paragraph(fonts.regular, size, label, right, half, 0);
    });
    doc.page.margins.bottom = bottom;
  }
  doc.switchToPage(firstPage + pages - 1);
  return pages;
}

/** Starts a new page when less than `height` points are left, so headings and list markers are not orphaned. */
function keepTogether(doc: Doc, height: number): void {
  if (doc.y + height > PAGE.height - MARGIN.bottom) {
    doc.addPage({ size: "A4", margins: MARGIN });
  }
}

function drawSummary(
  target: LetterDocument,
  parent: Struct,
  text: string,
  size: number,
  lineGap: number,
): void {
  const { doc, fonts } = target;
  const clean = fonts.clean(text);
  const inset = 3 * MM;
  const width = CONTENT_WIDTH - 2 * inset - 2 * MM;
  const height = target.text.height(fonts.bold, size, clean, width, lineGap);
  keepTogether(doc, height + 2 * inset);
  const top = doc.y;
  artifact(doc, "Layout", () => {
    doc.rect(MARGIN.left, top, 1.5 * MM, height + 2 * inset).fill("#000000");
  });
  tag(doc, parent, "P", () => {
    doc.y = top + inset;
    target.text.paragraph(fonts.bold, size, clean, MARGIN.left + 2 * MM + inset, width, lineGap);
  });
  doc.x = MARGIN.left;
  doc.y = top + height + 2 * inset;
  doc.moveDown(0.5);
}

function drawSection(
  target: LetterDocument,
  parent: Struct,
  section: Section,
  size: number,
  lineGap: number,
): void {
  const { doc, fonts } = target;
  keepTogether(doc, size * 5);
  doc.moveDown(0.4);
  const sect = doc.struct("Sect");
  parent.add(sect);
  tag(doc, sect, "H2", () => {
    target.text.paragraph(fonts.bold, size + 2, fonts.clean(section.heading), MARGIN.left, CONTENT_WIDTH, 0);
  });
  doc.moveDown(0.2).font(fonts.regular).fontSize(size);
  for (const block of section.blocks) drawBlock(target, sect, block, size, lineGap);
  sect.end();
}

function drawBlock(
  target: LetterDocument,
  parent: Struct,
  block: Block,
  size: number,
  lineGap: number,
): void {
  const { doc, fonts } = target;
  const t = fonts.clean;
  if (block.kind === "paragraph") {
    tag(doc, parent, "P", () => {
      target.text.paragraph(fonts.regular, size, t(block.text), MARGIN.left, CONTENT_WIDTH, lineGap);
    });
    doc.moveDown(0.5);
    return;
  }
  if (block.kind === "code") {
    keepTogether(doc, size * 2);
    tag(doc, parent, "Code", () => {
      target.text.paragraph(fonts.mono, size + 2, t(block.text), MARGIN.left + 7 * MM, CONTENT_WIDTH, 0);
    });
    doc.fontSize(size).moveDown(0.8);
    return;
  }
  const indent = 7 * MM;
  const width = CONTENT_WIDTH - indent;
  const list = doc.struct("L");
  parent.add(list);
  block.items.forEach((item, i) => {
    keepTogether(doc, size * 3);
    const marker = block.ordered ? `${i + 1}.` : "•";
    const top = doc.y;
    const li = doc.struct("LI");
    list.add(li);
    tag(doc, li, "Lbl", () => {
      doc.y = top;
      target.text.paragraph(block.ordered ? fonts.bold : fonts.regular, size, marker, MARGIN.left, indent, 0);
    });
    doc.y = top;
    const body = doc.struct("LBody");
    li.add(body);
    if (item.title) {
      const title = item.title;
      tag(doc, body, "P", () => {
        doc.y = top;
        target.text.paragraph(fonts.bold, size, t(title), MARGIN.left + indent, width, lineGap);
      });
    }
    tag(doc, body, "P", () => {
      target.text.paragraph(fonts.regular, size, t(item.text), MARGIN.left + indent, width, lineGap);
    });
    if (item.sub && item.sub.length > 0) {
      const subList = doc.struct("L");
      body.add(subList);
      for (const sub of item.sub) {
        keepTogether(doc, size * 2);
        const subTop = doc.y;
        const subItem = doc.struct("LI");
        subList.add(subItem);
        tag(doc, subItem, "Lbl", () => {
          doc.y = subTop;
          target.text.paragraph(fonts.regular, size, "–", MARGIN.left + indent, 5 * MM, 0);
        });
        tag(doc, subItem, "LBody", () => {
          doc.y = subTop;
          target.text.paragraph(
            fonts.regular,
            size,
            t(sub),
            MARGIN.left + indent + 5 * MM,
            width - 5 * MM,
            lineGap,
          );
        });
        subItem.end();
      }
      subList.end();
    }
    body.end();
    li.end();
    doc.moveDown(0.3);
  });
  list.end();
  doc.x = MARGIN.left;
  doc.moveDown(0.2);
}

export interface LetterPdf {
  pdf: Buffer;
  pages: number;
}

/** One letter as a tagged PDF with embedded fonts, rendered synchronously (pdfkit writes synchronously). */
export function renderLetterPdf(
  message: ComposedMessage,
  layout: LetterLayout = DEFAULT_LETTER_LAYOUT,
): LetterPdf {
  const chunks: Buffer[] = [];
  const target = newDocument(
    layout,
    message.subject,
    LANGUAGE_TAGS[message.language] ?? message.language,
    (c) => {
      if (c) chunks.push(c);
    },
  );
  const pages = layLetter(target, message, layout);
  target.doc.flushPages();
  target.doc.end();
  return { pdf: Buffer.concat(chunks), pages };
}

export interface BatchManifestRow {
  /** The print batch the letter is in: the manifest names its batch, so a reprint can be recognised. */
  batch: string;
  sequence: number;
  messageId: string;
  reference: string;
  victimId: string;
  firstPage: number;
  pages: number;
  sheets: number;
  postcode: string;
  country: string;
}

export interface LetterBatchSummary {
  letters: number;
  pages: number;
  sheets: number;
}

export const MANIFEST_COLUMNS = [
  "batch",
  "sequence",
  "message_id",
  "reference",
  "victim_id",
  "first_page",
  "pages",
  "sheets",
  "postcode",
  "country",
] as const;

function csvField(value: string | number): string {
  const text = String(value);
  // A leading =, +, - or @ would be read as a formula by spreadsheet programs.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n;]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** The manifest's header line (CRLF-terminated). */
export function manifestHeader(): string {
  return `${MANIFEST_COLUMNS.join(",")}\r\n`;
}

/** One manifest row as a CSV line (CRLF-terminated), with spreadsheet formulas neutralised. */
export function manifestLine(row: BatchManifestRow): string {
  return `${[row.batch, row.sequence, row.messageId, row.reference, row.victimId, row.firstPage, row.pages, row.sheets, row.postcode, row.country].map(csvField).join(",")}\r\n`;
}

/**
 * pdfkit keeps every object it has written reachable until the document ends: the page tree lists the pages
 * and the structure tree's parent tree lists every tagged paragraph. In a print batch that was most of the
 * memory. Once an object is written only its id is read again (references print as "12 0 R"), so its
 * dictionary can go.
 */
function releaseWrittenObjects(doc: Doc): { stop(): void } {
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
function parentTreeCompactor(doc: Doc): () => void {
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

async function write(stream: Writable, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, "drain");
}

/**
 * Renders a print batch into two streams: all letters in ONE PDF (each starting on a new page — a new sheet
 * with `duplex`) and a CSV manifest with one row per letter (its first page and page count, for the
 * provider's inserting machines). Letters are read from `messages` one at a time and pages leave memory as
 * soon as a letter is done. Ends both streams. A letter over the page limit stops the batch with
 * `LetterTooLongError` naming its reference (the pre-send checks should have caught it).
 */
export async function renderLetterBatch(
  messages: Iterable<ComposedMessage> | AsyncIterable<ComposedMessage>,
  out: { pdf: Writable; manifest: Writable },
  layout: LetterLayout = DEFAULT_LETTER_LAYOUT,
  options: { title?: string; language?: string; batch?: string } = {},
): Promise<LetterBatchSummary> {
  const target = newDocument(layout, options.title ?? "Lekwijzer print batch", options.language ?? "nl-NL");
  const { doc } = target;
  const release = releaseWrittenObjects(doc);
  doc.pipe(out.pdf);
  const pdfDone = once(out.pdf, "finish");
  await write(out.manifest, manifestHeader());

  let letters = 0;
  let page = 1;
  let sheets = 0;
  let compactParentTree: (() => void) | undefined;
  for await (const message of messages) {
    const pages = layLetter(target, message, layout);
    let physical = pages;
    if (layout.duplex && pages % 2 === 1) {
      doc.addPage({ size: "A4", margins: MARGIN });
      physical++;
    }
    doc.flushPages();
    compactParentTree ??= parentTreeCompactor(doc);
    compactParentTree();
    const letterSheets = layout.duplex ? physical / 2 : physical;
    letters++;
    const address = message.recipient.address;
    const row: BatchManifestRow = {
      batch: options.batch ?? "",
      sequence: letters,
      messageId: message.id,
      reference: message.reference,
      victimId: message.victimId,
      firstPage: page,
      pages,
      sheets: letterSheets,
      postcode: address?.postcode ?? "",
      country: address?.country ?? "NL",
    };
    page += physical;
    sheets += letterSheets;
    await write(out.manifest, manifestLine(row));
    // Let the PDF stream take what pdfkit produced before laying out more. Piping happens on later turns of
    // the event loop, which a loop over ready messages never reaches: without this the whole batch piles up.
    if (doc.readableLength > 0) await new Promise((resolve) => setImmediate(resolve));
    if (out.pdf.writableNeedDrain) await once(out.pdf, "drain");
  }
  release.stop();
  doc.end();
  out.manifest.end();
  await Promise.all([pdfDone, once(out.manifest, "finish")]);
  return { letters, pages: page - 1, sheets };
}
