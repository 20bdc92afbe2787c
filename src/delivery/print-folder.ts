/**
 * Letters go out as print batches: one PDF (tagged, fonts embedded) and one CSV manifest per batch, written to
 * the folder the print provider collects from. A letter counts as sent when its batch is complete in that
 * folder; its reference (printed on the letter) is the provider id that returned mail is matched by.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { LetterTooLongError, writeLetterBatch } from "../messages/index.ts";
import type { LetterOutput, Receipt } from "./providers.ts";

export interface LetterFolderOptions {
  /** Folder the print provider collects from; created with mode 0700. */
  dir: string;
  /** Names the batch files; default the time. */
  now?: () => Date;
}

/** Batch names this folder makes: a time stamp and random hex; anything else is refused as a path. */
const SAFE_NAME = /^[0-9TZ]+-[0-9a-f]{12}$/;

function stamp(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
}

/**
 * Writes each batch as `<name>.pdf` and then `<name>.csv`, each renamed into place only when complete. The
 * manifest comes last and is what marks a batch complete: the print provider takes a batch only when its
 * manifest is there, so a PDF without one (a worker died between the two renames) is never printed, and the
 * sender, finding the manifest of a batch it recorded, never writes that batch again.
 */
export function letterFolder(options: LetterFolderOptions): LetterOutput {
  mkdirSync(options.dir, { recursive: true, mode: 0o700 });
  const now = options.now ?? (() => new Date());
  const final = (batch: string, ext: "pdf" | "csv") => join(options.dir, `${batch}.${ext}`);
  const partial = (batch: string, ext: "pdf" | "csv") => join(options.dir, `.${batch}.${ext}.part`);
  return {
    newBatch() {
      // Unique across workers and restarts without coordination; safe as a file name.
      return `${stamp(now())}-${randomBytes(6).toString("hex")}`;
    },
    isComplete(batch) {
      return SAFE_NAME.test(batch) && existsSync(final(batch, "csv"));
    },
    discard(batch) {
      if (!SAFE_NAME.test(batch) || existsSync(final(batch, "csv"))) return;
      for (const path of [final(batch, "pdf"), partial(batch, "pdf"), partial(batch, "csv")]) {
        rmSync(path, { force: true });
      }
    },
    async send(batch, items) {
      if (!SAFE_NAME.test(batch)) throw new Error("not a print batch name");
      const receipts: Receipt[] = items.map(() => ({ outcome: "deferred", reason: "not written yet" }));
      let pending = items.map((item, index) => ({ ...item, index }));
      while (pending.length > 0) {
        try {
          await writeLetterBatch(
            pending.map((item) => item.message),
            { pdf: partial(batch, "pdf"), manifest: partial(batch, "csv") },
            undefined,
            { batch },
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
          for (const item of pending)
            receipts[item.index] = { outcome: "deferred", reason, infrastructure: true };
          return receipts;
        }
        renameSync(partial(batch, "pdf"), final(batch, "pdf"));
        renameSync(partial(batch, "csv"), final(batch, "csv"));
        for (const item of pending) receipts[item.index] = { outcome: "sent", providerId: batch };
        pending = [];
      }
      return receipts;
    },
  };
}
