/**
 * Laying out one letter: the first page (sender, address in the window, date, reference, code, subject,
 * essentials), then the sections with headings, paragraphs, lists and codes, and on every page "Pagina n van
 * m" and the reference. Pages stay buffered until the caller flushes them.
 */
import { formatDate } from "../../core/index.ts";
import { type Block, type Section, sectionFor } from "../blocks.ts";
import { labels } from "../labels.ts";
import type { ComposedMessage } from "../message.ts";
import { shownSections } from "../shown-sections.ts";
import { keepTogether, type LetterDocument, type Struct } from "./document.ts";
import { CONTENT_WIDTH, type LetterLayout, MARGIN, MM, PAGE } from "./layout.ts";
import { drawList } from "./lists.ts";
import { artifact, LANGUAGE_TAGS, tag } from "./tagging.ts";

/** What drawing one letter needs at every step. */
interface LetterDrawing {
  target: LetterDocument;
  letter: Struct;
  message: ComposedMessage;
  layout: LetterLayout;
  size: number;
  lineGap: number;
  /** The font's cleaner: "?" for characters it lacks. */
  t: (text: string) => string;
}

/** Lays out one letter in `doc` from a new page; returns its page count. Pages stay buffered until flushed. */
export function layLetter(target: LetterDocument, message: ComposedMessage, layout: LetterLayout): number {
  const { doc, fonts, guard } = target;
  const size = Math.max(11, layout.fontSize);
  const first = doc.bufferedPageRange();
  const firstPage = first.start + first.count;
  Object.assign(guard, { active: true, pages: 0, max: layout.maxPages, reference: message.reference });
  doc.addPage({ size: "A4", margins: MARGIN });
  const letter = doc.struct("Part", { lang: LANGUAGE_TAGS[message.language] ?? message.language });
  target.root.add(letter);
  const d: LetterDrawing = { target, letter, message, layout, size, lineGap: size * 0.25, t: fonts.clean };
  drawFirstPageHead(d);
  drawOpening(d);
  for (const section of shownSections(message)) {
    const own = sectionFor(section, "letter");
    if (own.blocks.length > 0) drawSection(target, letter, own, size, d.lineGap);
  }
  keepTogether(doc, size * 4);
  doc.moveDown(0.5);
  tag(doc, letter, "P", () => {
    for (const line of message.closing)
      target.text.paragraph(fonts.regular, size, d.t(line), MARGIN.left, CONTENT_WIDTH, 0);
  });
  letter.end();
  guard.active = false;
  const range = doc.bufferedPageRange();
  const pages = range.start + range.count - firstPage;
  drawFooters(d, firstPage, pages);
  doc.switchToPage(firstPage + pages - 1);
  return pages;
}

/** Sender beside the window, the address in it, and date, reference and verification code. */
function drawFirstPageHead(d: LetterDrawing): void {
  const { target, letter, message, layout, size, t } = d;
  const { doc, fonts, text } = target;
  const l = labels(message.language);
  // Sender and letter details go beside the window: on the right for a left window, on the left otherwise.
  const w = layout.window;
  const windowOnRight = w.leftMm * MM > PAGE.width / 2 - 20 * MM;
  const rightX = windowOnRight ? MARGIN.left : 120 * MM;
  const rightWidth = windowOnRight
    ? w.leftMm * MM - 5 * MM - MARGIN.left
    : PAGE.width - MARGIN.right - rightX;
  const org = message.organisation;
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
    doc.y = w.topMm * MM + pad;
    // One line each, as written (the length check holds address lines to 42 characters; postcode and place
    // keep their two spaces), set by the line setter: pdfkit's text engine shaped every address word twice.
    for (const line of message.addressee.addressLines)
      text.paragraph(fonts.regular, size, t(line), w.leftMm * MM + pad, Number.POSITIVE_INFINITY, 0);
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
}

/** Subject, salutation, the addressee's note and the essentials, below the window. */
function drawOpening(d: LetterDrawing): void {
  const { target, letter, message, layout, size, lineGap, t } = d;
  const { doc, fonts, text } = target;
  const w = layout.window;
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
  const l = labels(message.language);
  drawSummary(target, letter, `${l.important}: ${message.summary}`, size, lineGap);
}

/** Page numbers and the reference on every page of this letter. */
function drawFooters(d: LetterDrawing, firstPage: number, pages: number): void {
  const { target, message, size, t } = d;
  const { doc, fonts } = target;
  const l = labels(message.language);
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
  doc.moveDown(0.3);
  const sect = doc.struct("Sect");
  parent.add(sect);
  tag(doc, sect, "H2", () => {
    target.text.paragraph(fonts.bold, size + 2, fonts.clean(section.heading), MARGIN.left, CONTENT_WIDTH, 0);
  });
  doc.moveDown(0.2).font(fonts.regular).fontSize(size);
  section.blocks.forEach((block, i) => {
    // A sentence that introduces a list ("Dit kan er gebeuren:") stays on the page of the list's first item.
    const next = section.blocks[i + 1];
    if (block.kind === "paragraph" && next?.kind === "list" && block.text.endsWith(":")) {
      const height = target.text.height(fonts.regular, size, fonts.clean(block.text), CONTENT_WIDTH, lineGap);
      keepTogether(doc, height + 2 * (doc.currentLineHeight(true) + lineGap));
    }
    drawBlock(target, sect, block, size, lineGap);
  });
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
    doc.moveDown(0.35);
    return;
  }
  if (block.kind === "code") {
    keepTogether(doc, size * 2);
    tag(doc, parent, "Code", () => {
      target.text.paragraph(fonts.mono, size + 2, t(block.text), MARGIN.left + 7 * MM, CONTENT_WIDTH, 0);
    });
    doc.fontSize(size).moveDown(0.6);
    return;
  }
  drawList(target, parent, block, size, lineGap);
}
