/**
 * `lekwijzer update create|list|publish` in-process on embedded PGlite: a draft from JSON with its B1 warnings,
 * the list, publishing (recorded under the operating-system user); invalid texts exit 2 naming the field, and
 * another organisation's breach is not found (exit 2).
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { EXIT_INVALID, EXIT_OK, run } from "../src/cli/index.ts";
import { captureIo } from "../src/cli/testing.ts";

const FACTS = resolve(import.meta.dirname, "../examples/telecom-crm-theft.json");

// biome-ignore lint/suspicious/noExplicitAny: the commands' JSON is checked field by field below
async function cli(...args: string[]): Promise<{ code: number; out: string; err: string; json: () => any }> {
  const io = captureIo("", { osUser: () => "olga" });
  const code = await run(args, io);
  return { code, out: io.out, err: io.err, json: () => JSON.parse(io.out) };
}

describe("lekwijzer update", () => {
  const dir = mkdtempSync(join(tmpdir(), "lekwijzer-updates-"));
  beforeAll(() => {
    process.env.DATA_DIR = join(dir, "data");
    process.env.LEKWIJZER_DEMO = "false";
    delete process.env.DATABASE_URL;
  });

  it("writes, lists and publishes an update; refuses bad texts and other organisations' breaches", {
    timeout: 180_000,
  }, async () => {
    for (const slug of ["een", "twee"])
      expect((await cli("org", "create", "--name", `${slug} BV`, "--slug", slug)).code).toBe(EXIT_OK);
    const breach = await cli("breach", "create", "--org", "een", FACTS, "--json");
    expect(breach.code, breach.err).toBe(EXIT_OK);
    const breachId = breach.json().id as string;

    const file = join(dir, "update.json");
    writeFileSync(
      file,
      JSON.stringify({
        title: { nl: "We hebben het lek gedicht" },
        body: {
          nl: "Wij hebben geconstateerd dat de persoonsgegevens middels een kwetsbaarheid in de applicatie door een onbevoegde derde partij zijn ingezien en mogelijk gekopieerd naar een externe locatie.",
          en: "We closed the leak.",
        },
      }),
    );
    const created = await cli("update", "create", "--org", "een", "--breach", breachId, file);
    expect(created.code, created.err).toBe(EXIT_OK);
    expect(created.out).toContain("saved as a draft");
    expect(created.out).toMatch(/^ {2}body\.nl: Sentence of \d+ words/m);
    const id = /Update ([0-9a-f-]{36})/.exec(created.out)?.[1] ?? "";

    const listed = await cli("update", "list", "--org", "een", "--breach", breachId, "--json");
    expect(listed.json().updates).toMatchObject([
      { id, status: "draft", title: { nl: "We hebben het lek gedicht", en: null } },
    ]);
    const published = await cli("update", "publish", "--org", "een", "--breach", breachId, id, "--json");
    expect(published.code, published.err).toBe(EXIT_OK);
    expect(published.json()).toMatchObject({ id, status: "published" });
    expect((await cli("update", "list", "--org", "een", "--breach", breachId)).out).toMatch(
      new RegExp(`^${id}\\tpublished\\t`, "m"),
    );

    writeFileSync(file, JSON.stringify({ title: { nl: "" }, body: { en: "English only" } }));
    const invalid = await cli("update", "create", "--org", "een", "--breach", breachId, file);
    expect(invalid.code).toBe(EXIT_INVALID);
    expect(invalid.err).toMatch(/^title\.nl: /m);
    expect(invalid.err).toMatch(/^body\.nl: /m);

    const other = await cli("update", "list", "--org", "twee", "--breach", breachId);
    expect(other.code).toBe(EXIT_INVALID);
    expect(other.err).toContain("No breach");
    expect((await cli("update", "publish", "--org", "twee", "--breach", breachId, id)).code).toBe(
      EXIT_INVALID,
    );
  });
});
