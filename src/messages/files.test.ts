import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { previewToFiles } from "./files.ts";
import { SAMPLE_RECIPIENTS } from "./sample.ts";

describe("previewToFiles", () => {
  it("writes the e-mail, its parts, the letter, the portal section and the SMS for a sample victim", async () => {
    const outDir = mkdtempSync(join(tmpdir(), "lw-preview-"));
    const result = await previewToFiles({
      outDir,
      verificationCode: "K7QX-M3PA-9RTW-XH4C",
      sentAt: new Date("2026-02-12T09:00:00Z"),
    });
    expect(Object.values(result.files).every((p) => p?.startsWith(outDir))).toBe(true);
    expect(readFileSync(result.files.eml, "utf8")).toMatch(
      /^From: "Voorbeeld Telecom BV" <datalek@voorbeeldtelecom\.nl>\r\n/,
    );
    expect(readFileSync(result.files.txt, "utf8")).toContain("K7QX-M3PA-9RTW-XH4C");
    expect(readFileSync(result.files.html, "utf8")).toContain('<html lang="nl">');
    expect(
      readFileSync(result.files.pdf ?? "")
        .subarray(0, 7)
        .toString(),
    ).toBe("%PDF-1.");
    expect(readFileSync(result.files.portal, "utf8")).toContain("utrecht-heading-2");
    expect(readFileSync(result.files.sms, "utf8")).toContain("K7QX-M3PA-9RTW-XH4C");
    expect(result.findings.filter((f) => f.severity === "block")).toEqual([]);
  });

  it("previews a letter-only victim (no e-mail address) and an update", async () => {
    const outDir = mkdtempSync(join(tmpdir(), "lw-preview-"));
    const recipient = SAMPLE_RECIPIENTS.find((r) => r.flags.includes("deceased"));
    const result = await previewToFiles({ outDir, recipient, kind: "update" });
    expect(result.message.addressee.role).toBe("next-of-kin");
    expect(result.files.pdf).toMatch(/update-klant-000005\.pdf$/);
    expect(result.letterPages).toBeGreaterThan(0);
  });
});
