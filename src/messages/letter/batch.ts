/**
 * Print batches: many letters streamed into ONE PDF and a CSV manifest, reading messages one at a time and
 * flushing each letter's pages as soon as it is laid out, so a batch is never held in memory.
 */
import { once } from "node:events";
import type { Writable } from "node:stream";
import type { ComposedMessage } from "../message.ts";
import { newDocument } from "./document.ts";
import { layLetter } from "./draw.ts";
import { DEFAULT_LETTER_LAYOUT, type LetterLayout, MARGIN } from "./layout.ts";
import { type BatchManifestRow, manifestHeader, manifestLine } from "./manifest.ts";
import { parentTreeCompactor, releaseWrittenObjects } from "./pdfkit-patches.ts";

export interface LetterBatchSummary {
  letters: number;
  pages: number;
  sheets: number;
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
