/**
 * `renderPreviewInWorker`: the preview (every channel plus the checks) rendered in a worker thread with a
 * time and memory limit, for the web server — a hostile template or setup then costs one thread a few
 * seconds at most, never the event loop that serves everyone else.
 */
import { availableParallelism } from "node:os";
import { OutputTooLargeError } from "../channels/renderers.ts";
import { LetterTooLongError } from "../letter/layout.ts";
import type { RenderedPreview, RenderPreviewOptions } from "../preview.ts";
import { MissingValueError, TemplateError } from "../template/template.ts";
import { type SerialisedError, type ThreadLimits, ThreadPool } from "./threads.ts";

export const PREVIEW_LIMITS: ThreadLimits = { timeoutMs: 5_000, maxHeapMb: 256 };

/** Errors the caller can act on come back as their own class; anything else as a plain Error. */
function revive(error: SerialisedError): Error {
  const f = error.fields;
  let revived: Error;
  if (error.name === "TemplateError") {
    revived = new TemplateError(error.message, Number(f.line ?? 0), f.placeholder as string | undefined);
  } else if (error.name === "MissingValueError") {
    revived = Object.assign(Object.create(MissingValueError.prototype) as MissingValueError, {
      message: error.message,
      placeholder: f.placeholder,
    });
  } else if (error.name === "LetterTooLongError") {
    revived = new LetterTooLongError(String(f.reference), Number(f.pages), Number(f.max));
  } else if (error.name === "OutputTooLargeError") {
    revived = Object.assign(Object.create(OutputTooLargeError.prototype) as OutputTooLargeError, f, {
      message: error.message,
    });
  } else {
    revived = new Error(error.message);
  }
  revived.name = error.name;
  return revived;
}

let pool: ThreadPool | undefined;
function previewPool(): ThreadPool {
  pool ??= new ThreadPool({
    script: new URL("./preview-thread.ts", import.meta.url),
    what: "message preview",
    size: Math.min(2, availableParallelism()),
    queueLimit: 16,
    limits: PREVIEW_LIMITS,
    revive,
  });
  return pool;
}

/**
 * Renders a preview in a worker thread. Rejects with `RenderTimeoutError` after `limits.timeoutMs` (the
 * worker is terminated), `RenderResourceError` when the worker runs out of its memory limit, `RenderBusyError`
 * when too many previews wait, or the render's own error (`TemplateError`, `MissingValueError`, …).
 */
export async function renderPreviewInWorker(
  options: RenderPreviewOptions = {},
  limits: Partial<ThreadLimits> = {},
): Promise<RenderedPreview> {
  const value = await previewPool().run<RenderedPreview>(options, limits);
  // Buffers arrive as plain Uint8Arrays after crossing the thread boundary.
  if (value.letter) value.letter = { ...value.letter, pdf: Buffer.from(value.letter.pdf) };
  return value;
}

/** Ends the preview threads (for tests and a clean shutdown). */
export async function closePreviewWorkers(): Promise<void> {
  await pool?.close();
  pool = undefined;
}
