/**
 * The operator's path end to end through the CLI, in-process on embedded PGlite: organisation → breach →
 * API key → import of the sample victim file → the same file again (all unchanged) → a changed row (updated).
 */
import { existsSync, mkdtempSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { EXIT_INVALID, EXIT_OK, run } from "../src/cli/index.ts";
import { captureIo } from "../src/cli/testing.ts";

const EXAMPLES = resolve(import.meta.dirname, "../examples");
const SAMPLE = join(EXAMPLES, "victims-sample.csv");

// biome-ignore lint/suspicious/noExplicitAny: the commands' JSON is checked field by field below
async function cli(...args: string[]): Promise<{ code: number; out: string; err: string; json: () => any }> {
  const io = captureIo();
  const code = await run(args, io);
  return { code, out: io.out, err: io.err, json: () => JSON.parse(io.out) };
}

describe("lekwijzer org, breach, apikey and import", () => {
  const dir = mkdtempSync(join(tmpdir(), "lekwijzer-import-"));
  beforeAll(() => {
    process.env.DATA_DIR = join(dir, "data");
    process.env.LEKWIJZER_DEMO = "false";
    delete process.env.DATABASE_URL;
  });

  it("creates, imports idempotently and updates a changed row", { timeout: 120_000 }, async () => {
    const org = await cli(
      "org",
      "create",
      "--name",
      "Voorbeeld BV",
      "--slug",
      "voorbeeld",
      "--json",
      "--actor",
      "tester",
    );
    expect(org.code, org.err).toBe(EXIT_OK);
    expect(org.json().slug).toBe("voorbeeld");
    expect((await cli("org", "create", "--name", "X", "--slug", "voorbeeld")).code).toBe(EXIT_INVALID);
    expect((await cli("org", "list", "--json")).json().organisations).toHaveLength(1);

    const badFacts = join(dir, "bad.json");
    writeFileSync(badFacts, JSON.stringify({ awareAt: "yesterday", data: [{ category: "emial" }] }));
    const refused = await cli("breach", "create", "--org", "voorbeeld", badFacts, "--json");
    expect(refused.code).toBe(EXIT_INVALID);
    expect(refused.err).toMatch(/^awareAt: /m);
    expect(refused.err).toMatch(/^data\[0\]\.category: /m);

    const breach = await cli(
      "breach",
      "create",
      "--org",
      "voorbeeld",
      join(EXAMPLES, "telecom-crm-theft.json"),
      "--json",
    );
    expect(breach.code, breach.err).toBe(EXIT_OK);
    const breachId = breach.json().id as string;
    expect(breach.json().assessment.risk).toBe("high");
    const listed = await cli("breach", "list", "--org", "voorbeeld", "--json");
    expect(listed.json().breaches.map((b: { id: string }) => b.id)).toEqual([breachId]);

    const key = await cli(
      "apikey",
      "create",
      "--org",
      "voorbeeld",
      "--scope",
      "write",
      "--holder",
      "Import robot",
      "--label",
      "import",
      "--json",
    );
    expect(key.code, key.err).toBe(EXIT_OK);
    expect(key.json().secret).toMatch(/^lwk_/);
    const keys = await cli("apikey", "list", "--org", "voorbeeld", "--json");
    expect(keys.out).not.toContain(key.json().secret);
    expect((await cli("apikey", "revoke", "--org", "voorbeeld", key.json().id, "--json")).json()).toEqual({
      id: key.json().id,
      revoked: true,
    });
    expect((await cli("apikey", "revoke", "--org", "voorbeeld", key.json().id)).code).toBe(EXIT_INVALID);

    const report = join(dir, "report.csv");
    const codes = join(dir, "codes.csv");
    const first = await cli(
      "import",
      "--breach",
      breachId,
      SAMPLE,
      "--report",
      report,
      "--codes",
      codes,
      "--json",
    );
    expect(first.code, first.err).toBe(EXIT_OK);
    expect(first.json()).toMatchObject({ status: "done", source: "cli", report });
    expect(first.json().summary).toMatchObject({
      rows: 20,
      imported: 16,
      updated: 0,
      unchanged: 0,
      rejected: 3,
      superseded: 1,
      unreachable: 1,
      warnings: 7,
      report,
    });
    const codeLines = readFileSync(codes, "utf8").trim().split("\r\n");
    expect(codeLines).toHaveLength(17);
    expect(statSync(codes).mode & 0o077).toBe(0);
    const someCode = codeLines[1]?.split(",")[1] ?? "";
    expect(someCode.length).toBeGreaterThan(8);
    expect(first.out).not.toContain(someCode);
    expect(readFileSync(report, "utf8")).toContain("category-unknown");

    const again = await cli("import", "--breach", breachId, SAMPLE, "--report", report, "--json");
    expect(again.json().summary).toMatchObject({
      rows: 20,
      imported: 0,
      updated: 0,
      unchanged: 16,
      rejected: 3,
      superseded: 1,
    });

    const changed = join(dir, "changed.csv");
    writeFileSync(
      changed,
      readFileSync(SAMPLE, "utf8").replace("bram.jansen@example.org", "bram.jansen@example.net"),
    );
    const third = await cli("import", "--breach", breachId, changed, "--report", report, "--json");
    expect(third.json().summary).toMatchObject({ imported: 0, updated: 1, unchanged: 15 });

    const text = await cli("import", "--breach", breachId, changed, "--report", report);
    expect(text.code).toBe(EXIT_OK);
    expect(text.out).toMatch(/rows 20: 0 new, 0 updated, 16 unchanged, 3 rejected, 1 superseded/);
  });

  it("exits 2 for what is no victim file and for an unknown breach", { timeout: 60_000 }, async () => {
    const org = await cli("org", "create", "--name", "Tweede BV", "--slug", "tweede", "--json");
    const breach = await cli(
      "breach",
      "create",
      "--org",
      "tweede",
      join(EXAMPLES, "telecom-crm-theft.json"),
      "--json",
    );
    expect(org.code + breach.code).toBe(0);
    const empty = join(dir, "empty.csv");
    writeFileSync(empty, "");
    const noId = join(dir, "no-id.csv");
    writeFileSync(noId, "name,email\nAnna,anna@example.org\n");
    for (const file of [empty, noId]) {
      const result = await cli(
        "import",
        "--breach",
        breach.json().id,
        file,
        "--json",
        "--report",
        join(dir, "r.csv"),
      );
      expect(result.code, file).toBe(EXIT_INVALID);
      expect(result.out).toBe("");
    }
    const unknown = await cli("import", "--breach", "00000000-0000-4000-8000-000000000000", SAMPLE);
    expect(unknown.code).toBe(EXIT_INVALID);
  });

  it("writes codes only to a new file: never over an existing one, never through a link", {
    timeout: 60_000,
  }, async () => {
    await cli("org", "create", "--name", "Derde BV", "--slug", "derde", "--json");
    const breach = await cli(
      "breach",
      "create",
      "--org",
      "derde",
      join(EXAMPLES, "telecom-crm-theft.json"),
      "--json",
    );
    const existing = join(dir, "existing-codes.csv");
    writeFileSync(existing, "someone else's file\n", { mode: 0o644 });
    const target = join(dir, "elsewhere.csv");
    const link = join(dir, "link-codes.csv");
    symlinkSync(target, link);
    for (const codes of [existing, link]) {
      const result = await cli(
        "import",
        "--breach",
        breach.json().id,
        SAMPLE,
        "--codes",
        codes,
        "--report",
        join(dir, "r3.csv"),
      );
      expect(result.code, codes).toBe(EXIT_INVALID);
      expect(result.err).toMatch(/--codes: .* exists already/);
    }
    expect(readFileSync(existing, "utf8")).toBe("someone else's file\n");
    expect(existsSync(target)).toBe(false);
    // Nothing was left running: the import goes ahead with a new file.
    const fresh = join(dir, "fresh-codes.csv");
    const ok = await cli(
      "import",
      "--breach",
      breach.json().id,
      SAMPLE,
      "--codes",
      fresh,
      "--report",
      join(dir, "r3.csv"),
      "--json",
    );
    expect(ok.code, ok.err).toBe(EXIT_OK);
    expect(statSync(fresh).mode & 0o777).toBe(0o600);
    expect(readFileSync(fresh, "utf8").trim().split("\r\n")).toHaveLength(17);
  });
});
