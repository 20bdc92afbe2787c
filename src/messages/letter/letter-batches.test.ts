import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { describe, expect, it } from "vitest";
import { testMessage } from "../test-fixtures.ts";
import { DEFAULT_LETTER_LAYOUT, LetterTooLongError } from "./layout.ts";
import { renderLetterBatches } from "./letter-batches.ts";

const messages = (n: number) =>
  Array.from({ length: n }, (_, i) =>
    testMessage({ id: `m-${i + 1}`, victimId: `v-${i + 1}`, reference: `REF-${i + 1}` }),
  );

describe("renderLetterBatches", () => {
  it("cuts letters into batches that worker threads render, each one tagged PDF with a manifest", async () => {
    const outDir = mkdtempSync(join(tmpdir(), "lw-batches-"));
    async function* stream() {
      yield* messages(5);
    }
    const result = await renderLetterBatches(stream(), { outDir, batchSize: 2, threads: 2, prefix: "post" });
    expect(result.batches.map((b) => b.pdfPath.slice(outDir.length + 1))).toEqual([
      "post-000001.pdf",
      "post-000002.pdf",
      "post-000003.pdf",
    ]);
    expect(result.letters).toBe(5);
    expect(result.batches.map((b) => b.letters)).toEqual([2, 2, 1]);
    const references = result.batches.flatMap((b) =>
      readFileSync(b.manifestPath, "utf8")
        .trim()
        .split("\r\n")
        .slice(1)
        .map((row) => row.split(",")[3]),
    );
    expect(references).toEqual(["REF-1", "REF-2", "REF-3", "REF-4", "REF-5"]);
    const last = result.batches[2];
    const pdf = readFileSync(last?.pdfPath ?? "");
    const doc = await getDocument({ data: new Uint8Array(pdf) }).promise;
    expect(doc.numPages).toBe(last?.pages);
    expect((await doc.getMetadata()).info).toMatchObject({ PDFFormatVersion: "1.7", Language: "nl-NL" });
    const text = (await (await doc.getPage(1)).getTextContent()).items.map((i) => ("str" in i ? i.str : ""));
    expect(text.join(" ")).toContain("REF-5");
    expect(pdf.toString("latin1")).toMatch(/\/StructTreeRoot/);
    await doc.cleanup();
  });

  it("fails with the batch and the letter that passed the page limit", async () => {
    const outDir = mkdtempSync(join(tmpdir(), "lw-batches-"));
    // Twice the fixture's text: one page cannot hold it.
    const long = messages(3).map((m) => ({ ...m, sections: [...m.sections, ...m.sections] }));
    const error = await renderLetterBatches(long, {
      outDir,
      batchSize: 2,
      threads: 1,
      layout: { ...DEFAULT_LETTER_LAYOUT, maxPages: 1 },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LetterTooLongError);
    expect((error as Error).message).toBe(
      "batch batch-000001: letter REF-1 has more than 1 pages; the print provider takes at most 1",
    );
  });
});
