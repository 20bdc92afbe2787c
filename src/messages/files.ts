/**
 * The file edge of messages: writes what the pure renderers produce to disk — a preview's files, and letter
 * print batches (one PDF plus one CSV manifest each). Nothing else in messages touches the file system.
 */
import { createWriteStream } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Channel } from "./channels/channel.ts";
import type { Finding } from "./checks/findings.ts";
import { type LetterBatchSummary, renderLetterBatch } from "./letter/batch.ts";
import { DEFAULT_LETTER_LAYOUT, type LetterLayout } from "./letter/layout.ts";
import type { ComposedMessage } from "./message.ts";
import { type RenderPreviewOptions, renderPreview } from "./preview.ts";

export interface PreviewOptions extends RenderPreviewOptions {
  /** Folder to write to (created when missing). */
  outDir: string;
}

export interface PreviewFiles {
  eml: string;
  txt: string;
  html: string;
  /** Absent when the letter passed its page limit. */
  pdf: string | undefined;
  portal: string;
  sms: string;
}

export interface PreviewResult {
  files: PreviewFiles;
  message: ComposedMessage;
  findings: Finding[];
  /** 0 when the letter passed its page limit. */
  letterPages: number;
  /** The channels the message may go out by for this person. */
  sendableBy: Channel[];
}

function safeName(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, "_").slice(0, 80);
}

/** Renders a preview and writes the e-mail (.eml, .txt, .html), letter (.pdf), portal and SMS files. */
export async function previewToFiles(options: PreviewOptions): Promise<PreviewResult> {
  const rendered = renderPreview(options);
  const { message, email, letter, portal, sms } = rendered;
  const kind = options.kind ?? "first-notice";
  await mkdir(options.outDir, { recursive: true });
  const base = join(options.outDir, safeName(`${kind}-${message.recipient.id}`));
  const files: PreviewFiles = {
    eml: `${base}.eml`,
    txt: `${base}.txt`,
    html: `${base}.html`,
    pdf: letter ? `${base}.pdf` : undefined,
    portal: `${base}.portal.html`,
    sms: `${base}.sms.txt`,
  };
  await Promise.all([
    writeFile(files.eml, email.eml),
    writeFile(files.txt, email.text),
    writeFile(files.html, email.html),
    letter && files.pdf ? writeFile(files.pdf, letter.pdf) : undefined,
    writeFile(files.portal, portal),
    writeFile(files.sms, `${sms.text}\n`),
  ]);
  return {
    files,
    message,
    findings: rendered.findings,
    letterPages: letter?.pages ?? 0,
    sendableBy: rendered.sendableBy,
  };
}

export interface LetterBatchResult extends LetterBatchSummary {
  pdfPath: string;
  manifestPath: string;
}

/** Writes one print batch: the PDF and its CSV manifest, streamed (see `renderLetterBatch`). */
export async function writeLetterBatch(
  messages: Iterable<ComposedMessage> | AsyncIterable<ComposedMessage>,
  paths: { pdf: string; manifest: string },
  layout: LetterLayout = DEFAULT_LETTER_LAYOUT,
  options: { batch?: string } = {},
): Promise<LetterBatchResult> {
  const pdf = createWriteStream(paths.pdf, { mode: 0o600 });
  const manifest = createWriteStream(paths.manifest, { mode: 0o600 });
  try {
    const summary = await renderLetterBatch(
      messages,
      { pdf, manifest },
      layout,
      options.batch ? { batch: options.batch } : {},
    );
    return { ...summary, pdfPath: paths.pdf, manifestPath: paths.manifest };
  } catch (error) {
    pdf.destroy();
    manifest.destroy();
    throw error;
  }
}
