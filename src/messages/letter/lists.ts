/**
 * Lists in a letter, tagged L → LI → Lbl + LBody. A first notice must fit one sheet whatever the person's
 * profile, and what grows with the profile are lists: every kind of leaked data and every risk is a short
 * item, every situation (flag) an item with a title. So a list of short items is set in two columns when that
 * saves lines, and a list whose items each fit on one line with their title sets the title in front of the
 * text ("Extra tips voor ouderen. Criminelen bellen ouderen vaak.") instead of on a line of its own.
 * The structure tree keeps the reading order: down the first column, then the second.
 */
import type { Block, ListItem } from "../blocks.ts";
import { keepTogether, type LetterDocument, nextPage, type Struct } from "./document.ts";
import { CONTENT_WIDTH, MARGIN, MM, PAGE } from "./layout.ts";
import { tag } from "./tagging.ts";

const INDENT = 7 * MM;
const GUTTER = 6 * MM;
/** Space after an item of one line (kinds of data, risks, help), in lines; steps with a title get more. */
const SHORT_ITEM_GAP = 0.15;
const ITEM_GAP = 0.3;

interface ListDrawing {
  target: LetterDocument;
  list: Struct;
  size: number;
  lineGap: number;
  /** Where the items' text starts: wider than INDENT when a numbered list reaches 10 or more. */
  indent: number;
}

/** At least this much white between a marker and its item's text. */
const MARKER_GAP = 2.5 * MM;

/** A list: in two columns, with run-in titles, or one item under the other (see the file's header). */
export function drawList(
  target: LetterDocument,
  parent: Struct,
  block: Extract<Block, { kind: "list" }>,
  size: number,
  lineGap: number,
): void {
  const { doc } = target;
  const list = doc.struct("L");
  parent.add(list);
  const widest = block.ordered ? target.text.width(target.fonts.bold, size, `${block.items.length}.`) : 0;
  const d: ListDrawing = { target, list, size, lineGap, indent: Math.max(INDENT, widest + MARKER_GAP) };
  doc.font(target.fonts.regular).fontSize(size);
  if (block.ordered || !drawInColumns(d, block.items)) {
    const runIn = block.items.every((item) => fitsRunIn(d, item));
    block.items.forEach((item, i) => {
      drawItem(d, item, block.ordered ? `${i + 1}.` : "•", block.ordered, runIn);
    });
  }
  list.end();
  doc.x = MARGIN.left;
  doc.moveDown(0.2);
}

/** A run-in title ends in a full stop unless it has a mark of its own. */
function runInTitle(title: string): string {
  return /[.?!:]$/.test(title) ? title : `${title}.`;
}

/** Whether an item with a title and no sub-points fits on one line with its title in front. */
function fitsRunIn(d: ListDrawing, item: ListItem): boolean {
  if (!item.title || (item.sub && item.sub.length > 0)) return false;
  const { text, fonts } = d.target;
  const title = text.width(fonts.bold, d.size, `${runInTitle(fonts.clean(item.title))} `);
  const body = text.width(fonts.regular, d.size, fonts.clean(item.text));
  return title + body <= CONTENT_WIDTH - d.indent;
}

/** One item under the previous one, with its marker; its title on a line of its own or run in. */
function drawItem(d: ListDrawing, item: ListItem, marker: string, ordered: boolean, runIn: boolean): void {
  const { target, list, size, lineGap, indent } = d;
  const { doc, fonts } = target;
  const t = fonts.clean;
  const width = CONTENT_WIDTH - indent;
  keepTogether(doc, size * 3);
  const top = doc.y;
  const li = doc.struct("LI");
  list.add(li);
  tag(doc, li, "Lbl", () => {
    doc.y = top;
    target.text.paragraph(ordered ? fonts.bold : fonts.regular, size, marker, MARGIN.left, indent, 0);
  });
  doc.y = top;
  const body = doc.struct("LBody");
  li.add(body);
  let x = MARGIN.left + indent;
  if (item.title) {
    const title = runIn ? `${runInTitle(t(item.title))} ` : t(item.title);
    tag(doc, body, "P", () => {
      doc.y = top;
      target.text.paragraph(fonts.bold, size, title, x, width, lineGap);
    });
    if (runIn) {
      x += target.text.width(fonts.bold, size, title);
      doc.y = top;
    }
  }
  tag(doc, body, "P", () => {
    target.text.paragraph(fonts.regular, size, t(item.text), x, MARGIN.left + CONTENT_WIDTH - x, lineGap);
  });
  if (item.sub && item.sub.length > 0) drawSubList(d, body, item.sub);
  body.end();
  li.end();
  doc.moveDown(item.title || item.sub ? ITEM_GAP : SHORT_ITEM_GAP);
}

/**
 * Sets a list of plain items (no titles, no sub-points) in two columns when that takes at least a line less
 * than one column; across a page break, the items that fit are set in two columns on this page and the rest
 * on the next. Returns false (drawing nothing) when one column is as short.
 */
function drawInColumns(d: ListDrawing, items: readonly ListItem[]): boolean {
  if (items.length < 3 || items.some((i) => i.title || (i.sub && i.sub.length > 0))) return false;
  const { target, size, lineGap } = d;
  const { doc, fonts } = target;
  const gap = doc.currentLineHeight(true) * SHORT_ITEM_GAP;
  const columnText = (CONTENT_WIDTH - GUTTER) / 2 - INDENT;
  const height = (item: ListItem, width: number) =>
    target.text.height(fonts.regular, size, fonts.clean(item.text), width, lineGap) + gap;
  const narrow = items.map((item) => height(item, columnText));
  const oneColumn = items.reduce((sum, item) => sum + height(item, CONTENT_WIDTH - INDENT), 0);
  if (columnsHeight(narrow) > oneColumn - doc.currentLineHeight(true)) return false;
  let from = 0;
  while (from < items.length) {
    const room = PAGE.height - MARGIN.bottom - doc.y;
    let count = items.length - from;
    while (count > 1 && columnsHeight(narrow.slice(from, from + count)) > room) count--;
    if (columnsHeight(narrow.slice(from, from + count)) > room && doc.y > MARGIN.top) {
      nextPage(doc);
      continue;
    }
    drawColumns(d, items.slice(from, from + count), narrow.slice(from, from + count), columnText);
    from += count;
  }
  return true;
}

/** Height of items set down two columns, the first holding the larger half. */
function columnsHeight(heights: readonly number[]): number {
  const half = Math.ceil(heights.length / 2);
  const sum = (hs: readonly number[]) => hs.reduce((a, b) => a + b, 0);
  return Math.max(sum(heights.slice(0, half)), sum(heights.slice(half)));
}

function drawColumns(
  d: ListDrawing,
  items: readonly ListItem[],
  heights: readonly number[],
  columnText: number,
): void {
  const { target, list, size, lineGap } = d;
  const { doc, fonts } = target;
  const top = doc.y;
  const half = Math.ceil(items.length / 2);
  let y = top;
  items.forEach((item, i) => {
    if (i === half) y = top;
    const x = MARGIN.left + (i < half ? 0 : (CONTENT_WIDTH + GUTTER) / 2);
    const li = doc.struct("LI");
    list.add(li);
    tag(doc, li, "Lbl", () => {
      doc.y = y;
      target.text.paragraph(fonts.regular, size, "•", x, INDENT, 0);
    });
    tag(doc, li, "LBody", () => {
      doc.y = y;
      target.text.paragraph(fonts.regular, size, fonts.clean(item.text), x + INDENT, columnText, lineGap);
    });
    y += heights[i] ?? 0;
  });
  doc.y = top + columnsHeight(heights);
}

function drawSubList(d: ListDrawing, body: Struct, items: readonly string[]): void {
  const { target, size, lineGap } = d;
  const { doc, fonts } = target;
  const t = fonts.clean;
  const width = CONTENT_WIDTH - INDENT;
  const subList = doc.struct("L");
  body.add(subList);
  for (const sub of items) {
    keepTogether(doc, size * 2);
    const subTop = doc.y;
    const subItem = doc.struct("LI");
    subList.add(subItem);
    tag(doc, subItem, "Lbl", () => {
      doc.y = subTop;
      target.text.paragraph(fonts.regular, size, "–", MARGIN.left + INDENT, 5 * MM, 0);
    });
    tag(doc, subItem, "LBody", () => {
      doc.y = subTop;
      target.text.paragraph(
        fonts.regular,
        size,
        t(sub),
        MARGIN.left + INDENT + 5 * MM,
        width - 5 * MM,
        lineGap,
      );
    });
    subItem.end();
  }
  subList.end();
}
