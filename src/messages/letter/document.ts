/**
 * A letter document: a tagged PDF/UA pdfkit document with the fonts registered, the patches applied, the
 * structure tree's root and a guard that stops a letter as soon as it passes its page limit.
 */
import { createRequire } from "node:module";
import { cleanerFor, type Fonts, fontFiles } from "./fonts.ts";
import { type LetterLayout, LetterTooLongError, MARGIN, PAGE } from "./layout.ts";
import { LineSetter } from "./letter-text.ts";
import { coalesceWrites, fastPageCompression } from "./pdfkit-patches.ts";

// pdfkit and fontkit (~7–12 MB of code) are loaded with the first document, not with the module: a process that
// never prints (an import, a mail worker) does without them. `require` gives pdfkit's CommonJS build, the same
// code as its ES module build.
const requireWhenUsed = createRequire(import.meta.url);

export type Doc = PDFKit.PDFDocument;
export type Struct = PDFKit.PDFStructureElement;

/** Where the letter being laid out stands against its page limit. */
export interface PageGuard {
  active: boolean;
  pages: number;
  max: number;
  reference: string;
}

export interface LetterDocument {
  doc: Doc;
  fonts: Fonts;
  text: LineSetter;
  root: Struct;
  guard: PageGuard;
}

export function newDocument(
  layout: LetterLayout,
  title: string,
  language: string,
  sink?: (chunk: Buffer | null) => void,
): LetterDocument {
  const PDFDocument = requireWhenUsed("pdfkit") as typeof import("pdfkit");
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
 * Starts the next page of a letter. Marked content open at the break (a tagged paragraph) is closed on this
 * page and reopened on the next (pdfkit's `continueOnNewPage`), so every page's BDC and EMC balance.
 */
export function nextPage(doc: Doc): void {
  doc.continueOnNewPage({ size: "A4", margins: MARGIN });
}

/** Starts a new page when less than `height` points are left, so headings and list markers are not orphaned. */
export function keepTogether(doc: Doc, height: number): void {
  if (doc.y + height > PAGE.height - MARGIN.bottom) nextPage(doc);
}
