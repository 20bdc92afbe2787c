/**
 * Letters as A4 PDF, written page by page with pdfkit (no browser): one letter as a Buffer, or a whole print
 * batch as ONE streamed PDF plus a CSV manifest for the print-and-mail provider, so a batch of 100,000 letters is
 * never held in memory.
 *
 * The address block sits in the envelope window, whose position is a per-provider setting (`LetterLayout`).
 * Text uses the PDF standard fonts (WinAnsi: covers Dutch ë, é, ï, ü …); characters outside it are simplified
 * (ł → l) unless TrueType fonts are configured.
 */
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import type { Writable } from "node:stream";
import PDFDocument from "pdfkit";
import type { Block, Section } from "./blocks.ts";
import { formatDate, labels } from "./labels.ts";
import type { ComposedMessage } from "./message.ts";

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
  /** TrueType/OpenType fonts for full Unicode; default the built-in Helvetica (WinAnsi). */
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

// WinAnsi (CP1252) beyond Latin-1: the characters the standard fonts can show in 0x80–0x9F.
const WIN_ANSI_EXTRA = new Set("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ");
const SIMPLIFY: Record<string, string> = {
  Ł: "L",
  ł: "l",
  Đ: "D",
  đ: "d",
  ı: "i",
  Ħ: "H",
  ħ: "h",
  "\u2060": "",
  "\u2011": "-",
};

function isWinAnsi(ch: string): boolean {
  const c = ch.codePointAt(0) ?? 0;
  return (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xff) || WIN_ANSI_EXTRA.has(ch);
}

/** Text the standard PDF fonts can show: marks dropped where needed (ș → s), the rest as "?". */
export function toWinAnsi(text: string): string {
  let plain = true;
  for (const ch of text) {
    if (!isWinAnsi(ch)) {
      plain = false;
      break;
    }
  }
  if (plain) return text;
  let out = "";
  for (const ch of text) {
    if (isWinAnsi(ch)) out += ch;
    else if (ch in SIMPLIFY) out += SIMPLIFY[ch];
    else {
      const base = ch.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
      out += base !== "" && [...base].every(isWinAnsi) ? base : "?";
    }
  }
  return out;
}

type Doc = PDFKit.PDFDocument;

interface Fonts {
  regular: string;
  bold: string;
  mono: string;
  clean: (text: string) => string;
}

function newDocument(layout: LetterLayout, title: string): { doc: Doc; fonts: Fonts } {
  const doc = new PDFDocument({
    size: "A4",
    margins: MARGIN,
    autoFirstPage: false,
    bufferPages: true,
    compress: layout.compress,
    lang: "nl-NL",
    info: { Title: title, Creator: "Lekwijzer", Producer: "Lekwijzer" },
  });
  coalesceWrites(doc);
  if (layout.fonts) {
    doc.registerFont("regular", layout.fonts.regular);
    doc.registerFont("bold", layout.fonts.bold);
    doc.registerFont("mono", layout.fonts.mono ?? layout.fonts.regular);
    return { doc, fonts: { regular: "regular", bold: "bold", mono: "mono", clean: (t) => t } };
  }
  return {
    doc,
    fonts: { regular: "Helvetica", bold: "Helvetica-Bold", mono: "Courier-Bold", clean: toWinAnsi },
  };
}

/**
 * pdfkit hands every line it writes (each of the 1.5 million cross-reference lines of a 100,000-letter batch
 * among them) to its stream as a separate small Buffer, all at once when the document ends: that doubled the
 * peak memory of a batch. This groups consecutive text writes into blocks of about 64 kB. Byte offsets are
 * counted exactly as before, so the cross-reference table stays right (the batch test checks every entry).
 */
function coalesceWrites(doc: Doc): void {
  const internals = doc as unknown as {
    _write: (data: string | Uint8Array) => void;
    push: (chunk: Uint8Array | null) => boolean;
    _offset: number;
  };
  const push = internals.push.bind(doc);
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
  readonly pages: number;
  constructor(reference: string, pages: number, max: number) {
    super(`letter ${reference} has ${pages} pages; the print provider takes at most ${max}`);
    this.name = "LetterTooLongError";
    this.pages = pages;
  }
}

/** Lays out one letter in `doc` from a new page; returns its page count. Pages stay buffered until flushed. */
function layLetter(doc: Doc, fonts: Fonts, message: ComposedMessage, layout: LetterLayout): number {
  const l = labels(message.language);
  const t = fonts.clean;
  const size = Math.max(11, layout.fontSize);
  const lineGap = size * 0.3;
  const first = doc.bufferedPageRange();
  const firstPage = first.start + first.count;
  doc.addPage({ size: "A4", margins: MARGIN });

  // Sender and letter details go beside the window: on the right for a left window, on the left otherwise.
  const w = layout.window;
  const windowOnRight = w.leftMm * MM > PAGE.width / 2 - 20 * MM;
  const rightX = windowOnRight ? MARGIN.left : 120 * MM;
  const rightWidth = windowOnRight
    ? w.leftMm * MM - 5 * MM - MARGIN.left
    : PAGE.width - MARGIN.right - rightX;
  const org = message.organisation;
  doc.font(fonts.bold).fontSize(size).text(t(org.name), rightX, MARGIN.top, { width: rightWidth });
  doc.font(fonts.regular);
  for (const line of org.postalAddress.slice(1)) doc.text(t(line), { width: rightWidth });
  if (org.phone) doc.text(t(org.phone), { width: rightWidth });

  // Address block in the window.
  const pad = layout.windowPaddingMm * MM;
  const addressLines = message.addressee.addressLines.map(t);
  doc.font(fonts.regular).fontSize(size);
  let y = w.topMm * MM + pad;
  for (const line of addressLines) {
    doc.text(line, w.leftMm * MM + pad, y, {
      width: w.widthMm * MM - 2 * pad,
      lineBreak: false,
      height: size * 1.2,
    });
    y += doc.currentLineHeight(true);
  }

  // Date, reference and verification code, right of the window.
  const metaY = w.topMm * MM + pad;
  const meta: [string, string][] = [
    [l.date, formatDate(message.date, message.language)],
    [l.reference, message.reference],
  ];
  doc.y = metaY;
  for (const [label, value] of meta) {
    doc.font(fonts.regular).text(`${t(label)}: ${t(value)}`, rightX, doc.y, { width: rightWidth });
  }
  doc.moveDown(0.3).text(`${t(l.code)}:`, rightX, doc.y, { width: rightWidth });
  doc
    .font(fonts.mono)
    .fontSize(size + 1)
    .text(message.verificationCode, rightX, doc.y, { width: rightWidth });

  // Subject and the essentials, below the window.
  const bodyTop = Math.max((w.topMm + w.heightMm) * MM + 10 * MM, doc.y + 6 * MM);
  doc
    .font(fonts.bold)
    .fontSize(size + 4)
    .text(t(message.subject), MARGIN.left, bodyTop, { width: CONTENT_WIDTH });
  doc.moveDown(0.6).font(fonts.regular).fontSize(size);
  doc.text(t(message.addressee.salutation), MARGIN.left, doc.y, { width: CONTENT_WIDTH, lineGap });
  doc.moveDown(0.5);
  if (message.addressee.note) {
    doc.text(t(message.addressee.note), { width: CONTENT_WIDTH, lineGap }).moveDown(0.5);
  }
  drawSummary(doc, fonts, `${l.important}: ${message.summary}`, size, lineGap);

  for (const section of message.sections) drawSection(doc, fonts, section, size, lineGap);

  keepTogether(doc, size * 4);
  doc.moveDown(0.5);
  for (const line of message.closing)
    doc.font(fonts.regular).text(t(line), MARGIN.left, doc.y, { width: CONTENT_WIDTH });

  // Page numbers and reference on every page of this letter.
  const range = doc.bufferedPageRange();
  const pages = range.start + range.count - firstPage;
  if (pages > layout.maxPages) throw new LetterTooLongError(message.reference, pages, layout.maxPages);
  for (let i = 0; i < pages; i++) {
    doc.switchToPage(firstPage + i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const footerY = PAGE.height - 15 * MM;
    doc.font(fonts.regular).fontSize(size);
    doc.text(`${t(l.reference)}: ${t(message.reference)}`, MARGIN.left, footerY, {
      width: CONTENT_WIDTH / 2,
      lineBreak: false,
    });
    doc.text(l.page(i + 1, pages), MARGIN.left + CONTENT_WIDTH / 2, footerY, {
      width: CONTENT_WIDTH / 2,
      align: "right",
      lineBreak: false,
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

function drawSummary(doc: Doc, fonts: Fonts, text: string, size: number, lineGap: number): void {
  const clean = fonts.clean(text);
  const inset = 3 * MM;
  doc.font(fonts.bold).fontSize(size);
  const height = doc.heightOfString(clean, { width: CONTENT_WIDTH - 2 * inset - 2 * MM, lineGap });
  keepTogether(doc, height + 2 * inset);
  const top = doc.y;
  doc.rect(MARGIN.left, top, 1.5 * MM, height + 2 * inset).fill("#000000");
  doc.fillColor("#000000").text(clean, MARGIN.left + 2 * MM + inset, top + inset, {
    width: CONTENT_WIDTH - 2 * inset - 2 * MM,
    lineGap,
  });
  doc.x = MARGIN.left;
  doc.y = top + height + 2 * inset;
  doc.moveDown(0.5);
}

function drawSection(doc: Doc, fonts: Fonts, section: Section, size: number, lineGap: number): void {
  keepTogether(doc, size * 5);
  doc.moveDown(0.4);
  doc
    .font(fonts.bold)
    .fontSize(size + 2)
    .text(fonts.clean(section.heading), MARGIN.left, doc.y, { width: CONTENT_WIDTH });
  doc.moveDown(0.2).font(fonts.regular).fontSize(size);
  for (const block of section.blocks) drawBlock(doc, fonts, block, size, lineGap);
}

function drawBlock(doc: Doc, fonts: Fonts, block: Block, size: number, lineGap: number): void {
  const t = fonts.clean;
  if (block.kind === "paragraph") {
    doc.font(fonts.regular).text(t(block.text), MARGIN.left, doc.y, { width: CONTENT_WIDTH, lineGap });
    doc.moveDown(0.5);
    return;
  }
  if (block.kind === "code") {
    keepTogether(doc, size * 2);
    doc
      .font(fonts.mono)
      .fontSize(size + 2)
      .text(t(block.text), MARGIN.left + 7 * MM, doc.y, { width: CONTENT_WIDTH, lineBreak: false });
    doc.fontSize(size).moveDown(0.8);
    return;
  }
  const indent = 7 * MM;
  const width = CONTENT_WIDTH - indent;
  block.items.forEach((item, i) => {
    keepTogether(doc, size * 3);
    const marker = block.ordered ? `${i + 1}.` : "•";
    const top = doc.y;
    doc
      .font(block.ordered ? fonts.bold : fonts.regular)
      .text(marker, MARGIN.left, top, { width: indent, lineBreak: false });
    doc.y = top;
    if (item.title) doc.font(fonts.bold).text(t(item.title), MARGIN.left + indent, top, { width, lineGap });
    doc.font(fonts.regular).text(t(item.text), MARGIN.left + indent, doc.y, { width, lineGap });
    for (const sub of item.sub ?? []) {
      keepTogether(doc, size * 2);
      const subTop = doc.y;
      doc.text("–", MARGIN.left + indent, subTop, { width: 5 * MM, lineBreak: false });
      doc.text(t(sub), MARGIN.left + indent + 5 * MM, subTop, { width: width - 5 * MM, lineGap });
    }
    doc.moveDown(0.3);
  });
  doc.x = MARGIN.left;
  doc.moveDown(0.2);
}

async function collect(doc: Doc): Promise<Buffer> {
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = once(doc, "end");
  doc.end();
  await done;
  return Buffer.concat(chunks);
}

/** One letter as a PDF. */
export async function renderLetterPdf(
  message: ComposedMessage,
  layout: LetterLayout = DEFAULT_LETTER_LAYOUT,
): Promise<{ pdf: Buffer; pages: number }> {
  const { doc, fonts } = newDocument(layout, message.subject);
  const pages = layLetter(doc, fonts, message, layout);
  doc.flushPages();
  return { pdf: await collect(doc), pages };
}

export interface BatchManifestRow {
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

export interface LetterBatchResult {
  letters: number;
  pages: number;
  sheets: number;
  pdfPath: string;
  manifestPath: string;
}

export const MANIFEST_COLUMNS = [
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

/**
 * pdfkit keeps every page's dictionary objects until the document ends (the page tree lists them), although
 * each page is already written when flushed; in a 100,000-letter batch that is most of the memory. Once
 * written, only a reference's id is read again, so its dictionary can go.
 */
function trackWrittenPages(doc: Doc): () => void {
  const pending: PDFKit.PDFPage[] = [];
  doc.on("pageAdded", () => pending.push(doc.page));
  return () => {
    for (const page of pending) {
      const refs = [page.dictionary, page.content, (page as { resources?: unknown }).resources];
      for (const ref of refs) if (ref) (ref as { data: unknown }).data = {};
    }
    pending.length = 0;
  };
}

async function write(stream: Writable, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, "drain");
}

/**
 * Writes a print batch: all letters in ONE PDF (each starting on a new page — a new sheet with `duplex`) and a
 * CSV manifest with one row per letter (its first page and page count, for the provider's inserting machines).
 * Letters are read from `messages` one at a time and pages leave memory as soon as a letter is done.
 */
export async function writeLetterBatch(
  messages: Iterable<ComposedMessage> | AsyncIterable<ComposedMessage>,
  paths: { pdf: string; manifest: string },
  layout: LetterLayout = DEFAULT_LETTER_LAYOUT,
): Promise<LetterBatchResult> {
  const { doc, fonts } = newDocument(layout, "Lekwijzer print batch");
  const releaseWrittenPages = trackWrittenPages(doc);
  const pdfOut = createWriteStream(paths.pdf);
  const manifestOut = createWriteStream(paths.manifest);
  doc.pipe(pdfOut);
  const pdfDone = once(pdfOut, "finish");
  await write(manifestOut, `${MANIFEST_COLUMNS.join(",")}\r\n`);

  let letters = 0;
  let page = 1;
  let sheets = 0;
  for await (const message of messages) {
    const pages = layLetter(doc, fonts, message, layout);
    let physical = pages;
    if (layout.duplex && pages % 2 === 1) {
      doc.addPage({ size: "A4", margins: MARGIN });
      physical++;
    }
    doc.flushPages();
    releaseWrittenPages();
    const letterSheets = layout.duplex ? physical / 2 : physical;
    letters++;
    const address = message.recipient.address;
    const row: BatchManifestRow = {
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
    await write(
      manifestOut,
      `${[row.sequence, row.messageId, row.reference, row.victimId, row.firstPage, row.pages, row.sheets, row.postcode, row.country].map(csvField).join(",")}\r\n`,
    );
    // Let the file stream take what pdfkit produced before laying out more.
    if (pdfOut.writableNeedDrain) await once(pdfOut, "drain");
  }
  doc.end();
  manifestOut.end();
  await Promise.all([pdfDone, once(manifestOut, "finish")]);
  return { letters, pages: page - 1, sheets, pdfPath: paths.pdf, manifestPath: paths.manifest };
}
