/**
 * Letters as A4 PDF, laid out with pdfkit (no browser): `renderLetterPdf` renders one letter as a Buffer;
 * batch.ts streams a whole print batch. Pure: no files are read or written here except the bundled fonts
 * (files.ts writes batches to disk).
 *
 * Every letter is tagged for PDF/UA (structure tree with headings, paragraphs and lists, page furniture
 * marked as artifacts, document language and title) and uses embedded, subsetted DejaVu Sans fonts, which
 * print houses expect and which cover the Dutch (and most European) diacritics. The modules beside this one
 * each own one job: page geometry (layout.ts), fonts, the document and its pdfkit patches, tagging, drawing.
 *
 * The address block sits in the envelope window, whose position is a per-provider setting (`LetterLayout`).
 */

import type { ComposedMessage } from "../message.ts";
import { newDocument } from "./document.ts";
import { layLetter } from "./draw.ts";
import { DEFAULT_LETTER_LAYOUT, type LetterLayout } from "./layout.ts";
import { LANGUAGE_TAGS } from "./tagging.ts";

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
