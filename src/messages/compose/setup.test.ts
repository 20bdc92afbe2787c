import { describe, expect, it } from "vitest";
import { SAMPLE_RECIPIENTS, SAMPLE_TEXTS, sampleSetup } from "../sample.ts";
import { parseMessageSetup, parseRecipient } from "./setup.ts";

function problemsOf(input: unknown, withDefaults = true) {
  const result = parseMessageSetup(input, withDefaults ? sampleSetup() : undefined);
  if (result.ok) throw new Error("expected problems");
  return result.problems;
}

describe("parseMessageSetup", () => {
  it("accepts the sample setup whole, and a partial setup over defaults", () => {
    const full = parseMessageSetup(JSON.parse(JSON.stringify(sampleSetup())));
    expect(full.ok).toBe(true);
    const partial = parseMessageSetup(
      { date: "2026-03-01", overrides: { apology: { nl: "Het spijt ons, ((name)).", en: "We are sorry." } } },
      sampleSetup(),
    );
    expect(partial.ok && partial.value.date).toBe("2026-03-01");
    expect(partial.ok && partial.value.texts).toBe(SAMPLE_TEXTS);
  });

  it("takes the platform's public address only as http(s) without query, fragment or user", () => {
    for (const good of [
      "https://lekwijzer.example.org",
      "https://lekwijzer.example.org/",
      "http://localhost:3000",
    ]) {
      expect(parseMessageSetup({ publicUrl: good }, sampleSetup()).ok, good).toBe(true);
    }
    for (const bad of [
      "lekwijzer.example.org",
      "ftp://lekwijzer.example.org",
      "https://lekwijzer.example.org/?x=1",
      "https://lekwijzer.example.org/#top",
      "https://user:pw@lekwijzer.example.org",
    ]) {
      expect(problemsOf({ publicUrl: bad }), String(bad)).toEqual([
        { path: "publicUrl", message: expect.stringMatching(/public address/) },
      ]);
    }
  });

  it("takes any organisation name with a public address (no address names it) and a breach slug as the store has it", () => {
    const named = {
      ...sampleSetup(),
      organisation: { ...sampleSetup().organisation, name: "Bel 0900 1234 5678" },
    };
    expect(parseMessageSetup(JSON.parse(JSON.stringify(named))).ok).toBe(true);
    for (const bad of ["Voorbeeld Telecom", "-lek", "lek/../x", "lek?code=1"]) {
      expect(problemsOf({ breachSlug: bad }), bad).toEqual([
        { path: "breachSlug", message: expect.stringMatching(/slug/) },
      ]);
    }
  });

  it("names unknown override ids, layout elements and kinds instead of ignoring them", () => {
    const problems = problemsOf({
      overrides: { "what-happend": { nl: "x", en: "y" } },
      layout: { "first-notice": ["apology", "no-such-element", "apology"], reminder: [] },
      subjects: { update: "no-such-line" },
    });
    const byPath = Object.fromEntries(problems.map((p) => [p.path, p.message]));
    expect(byPath["overrides.what-happend"]).toMatch(/unknown element "what-happend"; one of apology/);
    expect(byPath["layout.first-notice[1]"]).toMatch(/unknown element "no-such-element"/);
    expect(byPath["layout.first-notice[2]"]).toMatch(/appears twice/);
    expect(byPath["layout.reminder"]).toMatch(/unknown message kind "reminder"/);
    expect(byPath["subjects.update"]).toBeDefined();
  });

  it("gives a problem per wrong field for the shapes that used to give a 500", () => {
    const problems = problemsOf({
      organisation: { name: 42, senderEmail: "not-an-address", domains: "x.nl", extra: true },
      texts: null,
      date: "2026-02-30",
    });
    const paths = problems.map((p) => p.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        "organisation.name",
        "organisation.senderEmail",
        "organisation.domains",
        "organisation.extra",
        "organisation.website",
        "texts",
        "date",
      ]),
    );
    expect(problemsOf([])).toEqual([{ path: "", message: "the setup must be an object" }]);
    expect(problemsOf({ breach: { title: 1 } }).some((p) => p.path.startsWith("breach"))).toBe(true);
    expect(problemsOf({}, false).map((p) => p.path)).toContain("organisation");
  });

  it("limits every text and reports a template that does not compile at its path", () => {
    const huge = problemsOf({ texts: { ...SAMPLE_TEXTS, whatHappened: { nl: "a".repeat(5_001), en: "b" } } });
    expect(huge).toEqual([
      { path: "texts.whatHappened.nl", message: "the text is longer than 5000 characters" },
    ]);
    const template = problemsOf({ overrides: { apology: { nl: "Sorry ((bedrag)).", en: "Sorry." } } });
    expect(template).toHaveLength(1);
    expect(template[0]?.path).toBe("overrides.apology.nl");
    expect(template[0]?.message).toMatch(/line 1: unknown placeholder \(\(bedrag\)\)/);
    const bigTemplate = problemsOf({ overrides: { apology: { nl: "x".repeat(20_001), en: "y" } } });
    expect(bigTemplate[0]?.path).toBe("overrides.apology.nl");
  });
});

describe("parseRecipient", () => {
  it("accepts the samples and names unknown flags and fields", () => {
    for (const r of SAMPLE_RECIPIENTS) expect(parseRecipient(JSON.parse(JSON.stringify(r))).ok).toBe(true);
    const result = parseRecipient({
      id: "a",
      language: "de",
      categories: ["email"],
      flags: ["senoir"],
      x: 1,
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((p) => p.path).sort()).toEqual(["language", "x"]);
    const flags = parseRecipient({ id: "a", language: "nl", categories: [], flags: ["senoir"] });
    expect(!flags.ok && flags.problems).toEqual([{ path: "flags[0]", message: 'unknown flag "senoir"' }]);
  });
});
