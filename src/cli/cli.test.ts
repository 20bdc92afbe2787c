import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { EXIT_INVALID, EXIT_OK, run } from "./index.ts";
import { captureIo as capture } from "./testing.ts";

const EXAMPLES = resolve(import.meta.dirname, "../../examples");

function tempFile(content: string): string {
  const file = join(mkdtempSync(join(tmpdir(), "lekwijzer-cli-")), "input.json");
  writeFileSync(file, content);
  return file;
}

describe("lekwijzer assess", () => {
  it("prints the assessment of a facts file as JSON", async () => {
    const example = JSON.parse(
      await import("node:fs").then((fs) =>
        fs.readFileSync(join(EXAMPLES, "webshop-power-outage.json"), "utf8"),
      ),
    );
    const io = capture();
    const code = await run(["assess", tempFile(JSON.stringify(example.facts))], io);
    expect(code).toBe(EXIT_OK);
    const assessment = JSON.parse(io.out);
    expect(assessment.risk).toBe("unlikely");
    expect(assessment.obligations.notifyAuthority).toBe(false);
    expect(io.err).toBe("");
  });

  it("reads a worked example file as it is, with its sensitivity section", async () => {
    const io = capture();
    const code = await run(["assess", join(EXAMPLES, "hobby-forum-md5-hashes.json"), "--lang", "en"], io);
    expect(code).toBe(EXIT_OK);
    const assessment = JSON.parse(io.out);
    expect(assessment.obligations.notifySubjects).toBe(true);
    expect(assessment.borderline).toBe(true);
    expect(assessment.sensitivity).toContainEqual(
      expect.objectContaining({
        obligation: "notifySubjects",
        becomes: false,
        change: { path: "data[2].unintelligible", from: false, to: true },
        judgement: true,
      }),
    );
  });

  it("reads standard input for -", async () => {
    const facts = {
      controller: { name: "X", sector: "other" },
      awareAt: "2026-03-01T20:00:00+01:00",
      nature: ["confidentiality"],
      cause: "hacking",
      malicious: true,
      recipients: "public",
      subjects: { count: 12000 },
      data: [{ category: "email" }, { category: "password", unintelligible: false }],
    };
    const io = capture(JSON.stringify(facts));
    expect(await run(["assess", "-", "--lang", "en"], io)).toBe(EXIT_OK);
    expect(JSON.parse(io.out).obligations.authorityDeadline).toBe("2026-03-04T20:00:00+01:00");
  });

  it("exits 2 with every problem as path: message", async () => {
    const io = capture(
      JSON.stringify({
        awareAt: "yesterday",
        nature: [],
        malicious: "yes",
        data: [{ category: "email" }, { category: "emial" }],
      }),
    );
    expect(await run(["assess", "-"], io)).toBe(EXIT_INVALID);
    expect(io.out).toBe("");
    const lines = io.err.trim().split("\n");
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^data\[1\]\.category: unknown category "emial".*"email"/),
      ]),
    );
    expect(lines).toEqual(
      expect.arrayContaining([expect.stringMatching(/^awareAt: /), expect.stringMatching(/^malicious: /)]),
    );
    for (const line of lines) expect(line).toMatch(/^[^:\s]+: .+/);
  });

  it("exits 2 for a file that is not JSON or does not exist", async () => {
    const broken = capture();
    expect(await run(["assess", tempFile("{ not json")], broken)).toBe(EXIT_INVALID);
    expect(broken.err).toMatch(/^\(root\): not valid JSON/);
    const missing = capture();
    expect(await run(["assess", "/nonexistent/facts.json"], missing)).toBe(EXIT_INVALID);
    expect(missing.err).toContain("/nonexistent/facts.json: no such file");
  });
});

describe("lekwijzer plan", () => {
  it("prints a personal plan with the recommended channel", async () => {
    const example = JSON.parse(
      await import("node:fs").then((fs) => fs.readFileSync(join(EXAMPLES, "telecom-crm-theft.json"), "utf8")),
    );
    const io = capture(
      JSON.stringify({
        breach: example.facts,
        victim: {
          categories: ["name", "address", "id-document-copy"],
          flags: ["senior", "no-digital-access"],
          language: "nl",
        },
      }),
    );
    expect(await run(["plan", "-"], io)).toBe(EXIT_OK);
    const plan = JSON.parse(io.out);
    expect(plan.channels[0]).toBe("letter");
    expect(plan.steps.map((s: { id: string }) => s.id)).toContain("report-id-document");
  });
});

describe("the lekwijzer executable", () => {
  it("runs on Node 24 and prints help with the configuration variables", () => {
    const result = spawnSync(process.execPath, [resolve("bin/lekwijzer.js"), "--help"], { encoding: "utf8" });
    expect(process.versions.node.split(".")[0]).toBe("24");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("serve");
    expect(result.stdout).toContain("DATABASE_URL");
  });

  it("exits 2 on an unknown command", () => {
    const result = spawnSync(process.execPath, [resolve("bin/lekwijzer.js"), "explode"], {
      encoding: "utf8",
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("unknown command");
  });
});
