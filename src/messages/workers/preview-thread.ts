/** Worker-thread entry for `renderPreviewInWorker`: renders previews sent by the pool, one at a time. */
import { parentPort } from "node:worker_threads";
import { type RenderPreviewOptions, renderPreview } from "../preview.ts";
import { announceReady, serialiseError } from "./threads.ts";

parentPort?.on("message", ({ id, payload }: { id: number; payload: RenderPreviewOptions }) => {
  try {
    parentPort?.postMessage({ id, ok: true, value: renderPreview(payload) });
  } catch (error) {
    parentPort?.postMessage({ id, ok: false, error: serialiseError(error) });
  }
});

announceReady(parentPort);
