import { mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { EXIT_INVALID, EXIT_OK, run } from "../src/cli/index.ts";
import { captureIo as capture } from "../src/cli/testing.ts";

const EXAMPLES = resolve(import.meta.dirname, "../examples");
const FACT_EXAMPLES = readdirSync(EXAMPLES).filter((file) => {
  if (!file.endsWith(".json")) return false;
  const content = JSON.parse(readFileSync(join(EXAMPLES, file), "utf8")) as Record<string, unknown>;
  return "facts" in content;
});

describe("lekwijzer preview", () => {
  it.each(FACT_EXAMPLES)(
    "renders all four channels for %s",
    async (file) => {
      const out = mkdtempSync(join(tmpdir(), "lekwijzer-preview-"));
      const io = capture();
      const code = await run(["preview", "--facts", join(EXAMPLES, file), "--sample", "2", "--out", out], io);
      expect(io.err).toBe("");
      expect(code).toBe(EXIT_OK);
      const files = readdirSync(out);
      const byExtension = (ext: string) => files.find((f) => f.endsWith(ext));
      for (const ext of [".eml", ".txt", ".html", ".pdf", ".sms.txt", ".portal.html"])
        expect(byExtension(ext)).toBeDefined();
      const eml = readFileSync(join(out, byExtension(".eml") ?? ""), "utf8");
      expect(eml).toMatch(/^Subject: /m);
      expect(eml).toContain("multipart/alternative");
      const pdf = readFileSync(join(out, byExtension(".pdf") ?? ""));
      expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
      expect(statSync(join(out, byExtension(".sms.txt") ?? "")).size).toBeGreaterThan(20);
      expect(io.out).toMatch(/Checks: 0 blocking/);
    },
    60_000,
  );

  it("names a bad option", async () => {
    const io = capture();
    expect(await run(["preview", "--kind", "reminder", "--out", tmpdir()], io)).toBe(EXIT_INVALID);
    expect(io.err).toContain('--kind: expected one of first-notice, update, affected-answer, got "reminder"');
    const sample = capture();
    expect(await run(["preview", "--sample", "99", "--out", tmpdir()], sample)).toBe(EXIT_INVALID);
    expect(sample.err).toMatch(/^--sample: expected a number from 1 to \d+/);
  });
});
