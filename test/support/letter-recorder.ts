/**
 * The print folder for tests of My plan's letters, remembering each message handed to it, so a test can read
 * the code a letter printed; and the new address those tests move people to.
 */
import { letterFolder } from "../../src/delivery/print-folder.ts";
import type { LetterOutput } from "../../src/delivery/providers.ts";
import type { ComposedMessage } from "../../src/messages/index.ts";

export const NEW_ADDRESS = {
  street: "Nieuwe Gracht",
  houseNumber: "12a",
  postcode: "3512 AB",
  city: "Utrecht",
  country: "NL",
};

/** A real print folder in `dir` that also keeps every message written into it. */
export function recording(dir: string): { output: LetterOutput; messages: ComposedMessage[] } {
  const real = letterFolder({ dir });
  const messages: ComposedMessage[] = [];
  return {
    messages,
    output: {
      newBatch: () => real.newBatch(),
      isComplete: (batch) => real.isComplete(batch),
      discard: (batch) => real.discard(batch),
      async send(batch, items) {
        messages.push(...items.map((item) => item.message));
        return real.send(batch, items);
      },
    },
  };
}

/** The code block a letter printed (a confirmation letter's code), or "". */
export function codeIn(message: ComposedMessage | undefined): string {
  const block = message?.sections.flatMap((s) => s.blocks).find((b) => b.kind === "code");
  return block?.kind === "code" ? block.text : "";
}
