/**
 * A tagged PDF (PDF/UA: headings, paragraphs, language, title) written block by block: what the evidence
 * report and the regulator notice share. Every block is its own tagged element and goes to the next page whole,
 * so no marked-content sequence runs across a page break.
 */
import { createRequire } from "node:module";
import type { Language } from "../core/index.ts";

const require = createRequire(import.meta.url);
const FONT = require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans.ttf");
const BOLD = require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf");

/** Times as people read them, in the Netherlands' time zone. */
export const TIME: Record<Language, Intl.DateTimeFormat> = {
  nl: new Intl.DateTimeFormat("nl-NL", {
    dateStyle: "long",
    timeStyle: "short",
    timeZone: "Europe/Amsterdam",
  }),
  en: new Intl.DateTimeFormat("en-GB", {
    dateStyle: "long",
    timeStyle: "short",
    timeZone: "Europe/Amsterdam",
  }),
};

export interface TaggedPdf {
  h1: (text: string) => void;
  h2: (text: string) => void;
  h3: (text: string) => void;
  p: (text: string) => void;
  /** Closes the document and gives its bytes. */
  finish: () => Promise<Buffer>;
}

export function taggedPdf(options: { language: Language; title: string; author: string }): TaggedPdf {
  // Loaded with the first report, not with the module: most processes never write one (see letter documents).
  const PDFDocument = require("pdfkit") as typeof import("pdfkit");
  const doc = new PDFDocument({
    size: "A4",
    margin: 56,
    pdfVersion: "1.7",
    // @types/pdfkit lists only the PDF/A subsets; pdfkit itself supports PDF/UA (metadata and checks).
    subset: "PDF/UA" as "PDF/A-1",
    tagged: true,
    displayTitle: true,
    lang: options.language,
    info: { Title: options.title, Author: options.author, Creator: "Lekwijzer" },
  });
  doc.registerFont("regular", FONT);
  doc.registerFont("bold", BOLD);
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  const root = doc.struct("Document");
  doc.addStructure(root);
  const block = (type: "H1" | "H2" | "H3" | "P", text: string, font: "regular" | "bold", size: number) => {
    const height = doc.font(font).fontSize(size).heightOfString(text, { paragraphGap: 4 });
    if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
    root.add(
      doc.struct(type, {}, () => {
        doc.font(font).fontSize(size).text(text, { paragraphGap: 4 });
      }),
    );
  };
  return {
    h1: (text) => block("H1", text, "bold", 18),
    h2: (text) => {
      doc.moveDown(0.6);
      block("H2", text, "bold", 13);
    },
    h3: (text) => {
      doc.moveDown(0.3);
      block("H3", text, "bold", 11);
    },
    p: (text) => block("P", text, "regular", 10),
    finish: () => {
      root.end();
      doc.end();
      return done;
    },
  };
}
