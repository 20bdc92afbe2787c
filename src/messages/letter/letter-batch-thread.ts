/** Worker-thread entry for `renderLetterBatches`: writes one print batch (PDF and manifest) per task. */
import { parentPort } from "node:worker_threads";
import { writeLetterBatch } from "../files.ts";
import type { ComposedMessage } from "../message.ts";
import { announceReady, serialiseError } from "../workers/threads.ts";
import type { LetterLayout } from "./layout.ts";

interface BatchTask {
  messages: ComposedMessage[];
  paths: { pdf: string; manifest: string };
  layout: LetterLayout;
}

/** Hands out the messages one by one and lets go of each, so a laid-out letter's data can be collected. */
function* drain(messages: (ComposedMessage | undefined)[]): Generator<ComposedMessage> {
  for (let i = 0; i < messages.length; i++) {
    const message = messages[i] as ComposedMessage;
    messages[i] = undefined;
    yield message;
  }
}

parentPort?.on("message", async ({ id, payload }: { id: number; payload: BatchTask }) => {
  try {
    const result = await writeLetterBatch(drain(payload.messages), payload.paths, payload.layout);
    parentPort?.postMessage({ id, ok: true, value: result });
  } catch (error) {
    parentPort?.postMessage({ id, ok: false, error: serialiseError(error) });
  }
});

announceReady(parentPort);
