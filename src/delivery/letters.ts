/**
 * Letters go out as print batches: one PDF (tagged, fonts embedded) and one CSV manifest per batch, written to
 * the folder the print provider collects from. A letter counts as sent when its batch is complete in that
 * folder; its reference (printed on the letter) is the provider id that returned mail is matched by.
 */
import { mkdirSync, renameSync } from "node:fs";
import { join } from "node:path";
import { type ComposedMessage, LetterTooLongError, writeLetterBatch } from "../messages/index.ts";
import type { Receipt } from "./receipt.ts";
import type { LetterOutput } from "./sender.ts";

export interface LetterFolderOptions {
  /** Folder the print provider collects from; created with mode 0700. */
  dir: string;
  /** Names the batch files; default the time. */
  now?: () => Date;
}

function stamp(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
}

/** Writes each batch as `<stamp>-<n>.pdf` and `.csv`, renamed into place only when complete. */
export function letterFolder(options: LetterFolderOptions): LetterOutput {
  mkdirSync(options.dir, { recursive: true, mode: 0o700 });
  let counter = 0;
  const now = options.now ?? (() => new Date());
  return {
    async send(batch) {
      const receipts: Receipt[] = batch.map(() => ({ outcome: "deferred", reason: "not written yet" }));
      let pending = batch.map((item, index) => ({ ...item, index }));
      while (pending.length > 0) {
        counter += 1;
        const name = `${stamp(now())}-${process.pid}-${counter}`;
        const partial = {
          pdf: join(options.dir, `.${name}.pdf.part`),
          manifest: join(options.dir, `.${name}.csv.part`),
        };
        try {
          await writeLetterBatch(
            pending.map((item) => item.message),
            partial,
          );
        } catch (error) {
          if (error instanceof LetterTooLongError) {
            // One letter over the page limit: refuse that one (the next channel may work) and print the rest.
            const tooLong = pending.find((item) => item.message.reference === error.reference);
            if (tooLong) {
              receipts[tooLong.index] = { outcome: "rejected", reason: error.message };
              pending = pending.filter((item) => item !== tooLong);
              continue;
            }
          }
          const reason = `print batch not written: ${(error as Error).message}`.slice(0, 300);
          for (const item of pending) receipts[item.index] = { outcome: "deferred", reason };
          return receipts;
        }
        renameSync(partial.pdf, join(options.dir, `${name}.pdf`));
        renameSync(partial.manifest, join(options.dir, `${name}.csv`));
        for (const item of pending) {
          receipts[item.index] = { outcome: "sent", providerId: (item.message as ComposedMessage).reference };
        }
        pending = [];
      }
      return receipts;
    },
  };
}
