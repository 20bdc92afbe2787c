/**
 * Fast wrapped text for letters. pdfkit's own text engine shapes, measures and line-breaks every paragraph of
 * every letter again; in a print batch most paragraphs are the same for thousands of people (the shared
 * sections), so that work was most of the rendering time once fonts were embedded. This sets text the same way
 * pdfkit does (greedy wrap at spaces, the same line height and glyph encoding, so glyphs land in the embedded
 * subset) but remembers, per document, each paragraph's lines as ready content-stream operators: a repeated
 * paragraph then costs one string per line. Page breaks go through `doc.continueOnNewPage`, which closes open
 * tagged content (marked content sequences) at the foot of the page and reopens it, under a new marked-content
 * id of the same structure element, at the top of the next: each page's content stream balances its BDC and
 * EMC operators. (`doc.addPage` alone leaves them open: the next page then ended in an EMC it never opened,
 * and its lines were outside the structure tree.)
 */
type Doc = PDFKit.PDFDocument;

/** The parts of pdfkit's EmbeddedFont this uses (internal API of pdfkit 0.20). */
interface EmbeddedFont {
  id: string;
  ascender: number;
  descender: number;
  lineGap: number;
  ref(): unknown;
  encode(text: string): [string[], Position[]];
  widthOfString(text: string, size: number): number;
}

interface Position {
  xAdvance: number;
  advanceWidth: number;
  xOffset: number;
  yOffset: number;
}

/** Glyph codes (hex) and the kerning adjustment after them, as TJ writes it. */
type Piece = readonly [hex: string, adjust: number];

/** A word shaped once: its TJ pieces (null when it has positioned marks) and its width at 1000 units. */
interface ShapedWord {
  pieces: Piece[] | null;
  width: number;
}

/** Shapes one word (pdfkit's encode, which also puts its glyphs in the document's font subset). */
function shapeWord(font: EmbeddedFont, word: string): ShapedWord {
  const [encoded, positions] = font.encode(word);
  const pieces: Piece[] = [];
  let width = 0;
  let marks = false;
  let last = 0;
  for (let i = 0; i < positions.length; i++) {
    const p = positions[i] as Position;
    width += p.xAdvance;
    // Positioned marks (combining accents) need pdfkit's per-glyph placement.
    if (p.xOffset || p.yOffset) marks = true;
    const adjust = -(p.xAdvance - p.advanceWidth);
    if (adjust !== 0 || i === positions.length - 1) {
      pieces.push([encoded.slice(last, i + 1).join(""), adjust]);
      last = i + 1;
    }
  }
  return { pieces: marks ? null : pieces, width };
}

interface Line {
  text: string;
  /** `[<glyphs> adjustment …] TJ` for this line at its font and size; undefined when pdfkit must draw it. */
  ops: string | undefined;
}

/** A paragraph's lines, and the content-stream text of runs of them (one run per page it spans). */
interface Lines {
  lines: Line[];
  /** Whether every line can be written as prepared operators. */
  prepared: boolean;
  runs: Map<number, string>;
}

function num(n: number): string {
  return String(Math.round(n * 100) / 100);
}

export class LineSetter {
  readonly #doc: Doc;
  readonly #fonts = new Map<string, EmbeddedFont>();
  readonly #widths = new Map<EmbeddedFont, Map<string, number>>();
  /** Per font, each word's shaped glyphs (null: it has positioned marks). */
  readonly #words = new Map<EmbeddedFont, Map<string, ShapedWord>>();
  /** Per font, size and width, then per text: the text's own hash is cached by V8 on the (shared) string. */
  readonly #lines = new Map<string, Map<string, Lines>>();
  #cached = 0;

  constructor(doc: Doc) {
    this.#doc = doc;
  }

  #font(name: string): EmbeddedFont {
    let font = this.#fonts.get(name);
    if (!font) {
      this.#doc.font(name);
      font = (this.#doc as unknown as { _font: EmbeddedFont })._font;
      this.#fonts.set(name, font);
    }
    return font;
  }

  /** Width of `text` at 1000 units (pdfkit's measure, cached per font; a word's from its shaping). */
  #width(font: EmbeddedFont, text: string): number {
    if (text !== "" && !text.includes(" ")) return this.#word(font, text).width;
    let widths = this.#widths.get(font);
    if (!widths) {
      widths = new Map();
      this.#widths.set(font, widths);
    }
    let width = widths.get(text);
    if (width === undefined) {
      width = font.widthOfString(text, 1000);
      // Names and codes make new words in every letter: start over rather than grow without end.
      if (widths.size >= 20_000) widths.clear();
      widths.set(text, width);
    }
    return width;
  }

  /** Greedy line breaking at spaces; a word wider than the line is broken after address punctuation or between characters. */
  #wrap(font: EmbeddedFont, size: number, width: number, text: string): string[] {
    const limit = (width * 1000) / size;
    const space = this.#width(font, " ");
    const lines: string[] = [];
    let line = "";
    let lineWidth = 0;
    for (const word of text.split(/ +/)) {
      if (word === "") continue;
      let w = this.#width(font, word);
      if (line !== "" && lineWidth + space + w <= limit) {
        line += ` ${word}`;
        lineWidth += space + w;
        continue;
      }
      if (line !== "") lines.push(line);
      line = word;
      lineWidth = w;
      while (lineWidth > limit && line.length > 1) {
        // Cut the longest start that fits (rare: long addresses or codes).
        let cut = line.length - 1;
        while (cut > 1 && this.#width(font, line.slice(0, cut)) > limit) cut--;
        // In an address people type, end the line after a slash, question mark, ampersand or comma, so the
        // break is where a reader expects one and not inside a word.
        const after = Math.max(...["/", "?", "&", ","].map((ch) => line.lastIndexOf(ch, cut - 1)));
        if (after >= cut / 2) cut = after + 1;
        lines.push(line.slice(0, cut));
        line = line.slice(cut);
        w = this.#width(font, line);
        lineWidth = w;
      }
    }
    if (line !== "") lines.push(line);
    return lines;
  }

  /**
   * A word's glyphs as TJ pieces (runs of glyph codes, each followed by its kerning adjustment) and its width.
   * Shaping was most of a letter's cost: names, streets and codes make new lines in every letter, but their
   * words repeat, so each word is shaped once per document and a new line costs a few string joins.
   */
  #word(font: EmbeddedFont, word: string): ShapedWord {
    let words = this.#words.get(font);
    if (!words) {
      words = new Map();
      this.#words.set(font, words);
    }
    let shaped = words.get(word);
    if (shaped === undefined) {
      shaped = shapeWord(font, word);
      // Codes and house numbers make new words in every letter: start over rather than grow without end.
      if (words.size >= 20_000) words.clear();
      words.set(word, shaped);
    }
    return shaped;
  }

  /** A line as TJ operators, from its words' cached pieces joined by the space glyph. */
  #encode(font: EmbeddedFont, line: string): string | undefined {
    const space = this.#word(font, " ").pieces;
    if (!space) return undefined;
    const commands: string[] = [];
    let glyphs = "";
    const add = (pieces: readonly Piece[]) => {
      for (const [hex, adjust] of pieces) {
        glyphs += hex;
        if (adjust !== 0) {
          commands.push(`<${glyphs}> ${num(adjust)}`);
          glyphs = "";
        }
      }
    };
    // Every space is kept: a wrapped line has single ones, an address line two between postcode and place.
    const words = line.split(" ");
    for (let i = 0; i < words.length; i++) {
      const word = words[i] as string;
      if (i > 0) add(space);
      if (word === "") continue;
      const pieces = this.#word(font, word).pieces;
      if (!pieces) return undefined;
      add(pieces);
    }
    if (glyphs !== "") commands.push(`<${glyphs}> 0`);
    return `[${commands.join(" ")}] TJ`;
  }

  #linesOf(fontName: string, font: EmbeddedFont, size: number, width: number, text: string): Lines {
    const key = `${fontName}|${size}|${width}`;
    let byText = this.#lines.get(key);
    if (!byText) {
      byText = new Map();
      this.#lines.set(key, byText);
    }
    let lines = byText.get(text);
    if (!lines) {
      // An infinite width sets the text as one line exactly as written (an address keeps its double space).
      const wrapped = width === Number.POSITIVE_INFINITY ? [text] : this.#wrap(font, size, width, text);
      const list = wrapped.map((line) => ({
        text: line,
        ops: this.#encode(font, line),
      }));
      lines = { lines: list, prepared: list.every((l) => l.ops !== undefined), runs: new Map() };
      // Personal paragraphs (names, codes) repeat rarely: start over when full rather than hoard them.
      if (this.#cached >= 4_000) {
        for (const map of this.#lines.values()) map.clear();
        this.#cached = 0;
      }
      byText.set(text, lines);
      this.#cached++;
    }
    return lines;
  }

  /** Lines `start` to `end` (exclusive) as one text object body, each line `leading` below the previous. */
  #run(lines: Lines, start: number, end: number, leading: number): string {
    const key = start * 65_536 + end;
    let run = lines.runs.get(key);
    if (run === undefined) {
      const parts: string[] = [];
      for (let i = start; i < end; i++) parts.push((lines.lines[i] as Line).ops as string);
      run = parts.join(`\n0 ${num(-leading)} Td\n`);
      lines.runs.set(key, run);
    }
    return run;
  }

  /** The width of one line of text in the named font and size. */
  width(fontName: string, size: number, text: string): number {
    return (this.#width(this.#font(fontName), text) * size) / 1000;
  }

  /** The height `paragraph` would take for this text (without page breaks). */
  height(fontName: string, size: number, text: string, width: number, lineGap: number): number {
    const doc = this.#doc;
    doc.font(fontName).fontSize(size);
    const font = this.#font(fontName);
    return (
      this.#linesOf(fontName, font, size, width, text).lines.length * (doc.currentLineHeight(true) + lineGap)
    );
  }

  /**
   * Draws `text` wrapped to `width` from `x`, `doc.y`, in the named font and size; starts a new page when a line
   * does not fit. Leaves `doc.y` under the last line, as pdfkit's `text` does. With an infinite `width` the text
   * is one line, spaces kept.
   */
  paragraph(fontName: string, size: number, text: string, x: number, width: number, lineGap: number): void {
    const doc = this.#doc;
    doc.font(fontName).fontSize(size);
    const font = this.#font(fontName);
    const lineHeight = doc.currentLineHeight(true);
    const leading = lineHeight + lineGap;
    const rise = (font.ascender / 1000) * size;
    const lines = this.#linesOf(fontName, font, size, width, text);
    const count = lines.lines.length;
    let i = 0;
    while (i < count) {
      const bottom = doc.page.height - doc.page.margins.bottom;
      if (doc.y + lineHeight > bottom) {
        // Inside tagged content: the marked content is closed on this page and reopened on the next.
        doc.continueOnNewPage({ size: "A4", margins: doc.page.margins });
        doc.font(fontName).fontSize(size);
        continue;
      }
      if (!lines.prepared) {
        const y = doc.y;
        const line = lines.lines[i] as Line;
        if (line.ops === undefined) doc.text(line.text, x, y, { lineBreak: false });
        else this.#write(font, size, x, y, rise, line.ops);
        doc.y = y + leading;
        i++;
        continue;
      }
      // As many lines as fit on this page, as one text object.
      let end = i + 1;
      let y = doc.y + leading;
      while (end < count && y + lineHeight <= bottom) {
        end++;
        y += leading;
      }
      this.#write(font, size, x, doc.y, rise, this.#run(lines, i, end, leading));
      doc.y = y;
      i = end;
    }
    doc.x = x;
  }

  /** Writes a text object at (x, y) top-left coordinates, as pdfkit's `_fragment` places text. */
  #write(font: EmbeddedFont, size: number, x: number, y: number, rise: number, body: string): void {
    const page = this.#doc.page as unknown as {
      fonts: Record<string, unknown>;
      height: number;
      content: { write(chunk: Uint8Array): void };
    };
    page.fonts[font.id] ??= font.ref();
    const height = page.height;
    // Straight to the page's content stream as bytes: pdfkit's addContent converts strings byte by byte.
    page.content.write(
      Buffer.from(
        `q\n1 0 0 -1 0 ${num(height)} cm\nBT\n1 0 0 1 ${num(x)} ${num(height - y - rise)} Tm\n/${font.id} ${num(size)} Tf\n${body}\nET\nQ\n`,
        "latin1",
      ),
    );
  }
}
