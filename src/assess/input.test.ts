import { describe, expect, it } from "vitest";
import { parseBreachFacts, parsePlanInput } from "./input.ts";
import { breachFacts } from "./testing.ts";

const problemsOf = (input: unknown) => {
  const result = parseBreachFacts(input);
  return result.ok ? [] : result.problems;
};

describe("parseBreachFacts", () => {
  it("accepts valid facts and returns them", () => {
    expect(parseBreachFacts(breachFacts())).toEqual({ ok: true, value: breachFacts() });
  });

  it("suggests the nearest category for a typo", () => {
    const facts = breachFacts({
      data: [{ category: "name" }, { category: "email" }, { category: "emial" as never }],
    });
    expect(problemsOf(facts)).toEqual([
      { path: "data[2].category", message: 'unknown category "emial"; did you mean "email"?' },
    ]);
  });

  it("rejects a 1 MB unknown category name quickly, with a short, clear problem", () => {
    const huge = `emial${"x".repeat(1_048_576)}`;
    const started = performance.now();
    const problems = problemsOf(breachFacts({ data: [{ category: huge as never }] }));
    const elapsed = performance.now() - started;
    expect(problems).toHaveLength(1);
    expect(problems[0]?.path).toBe("data[0].category");
    expect(problems[0]?.message).toMatch(/^unknown category "emialxxx.*… \(1048581 characters\)"$/);
    expect(problems[0]?.message.length).toBeLessThan(200);
    // Unbounded, this took tens of seconds; bounded it takes about a millisecond. 2 s leaves room for slow CI.
    expect(elapsed).toBeLessThan(2000);
  });

  it("suggests for the first unknown values only and reports the rest plainly", () => {
    const unknownFields = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`awareA${i}`, true]));
    const problems = problemsOf({ ...breachFacts(), ...unknownFields, malicous: true });
    expect(problems).toHaveLength(501);
    const withSuggestion = problems.filter((problem) => problem.message.includes("did you mean"));
    expect(withSuggestion.length).toBeLessThanOrEqual(20);
    for (const problem of problems) expect(problem.message).toMatch(/^unknown field "/);
  });

  it("lists the allowed values when nothing is close", () => {
    expect(problemsOf(breachFacts({ recipients: "everybody" as never }))).toEqual([
      {
        path: "recipients",
        message:
          'unknown recipients value "everybody"; expected one of none, known-trusted, known, unknown, public',
      },
    ]);
  });

  it("reports EVERY problem at once", () => {
    const problems = problemsOf({
      awareAt: "2026-02-10 14:00",
      nature: ["confidentialty"],
      malicous: true,
      data: [{ category: "emial" }, { category: "iban" }, { category: "iban" }],
      subjects: { count: -1 },
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: "awareAt", message: expect.stringContaining("UTC offset") },
        { path: "nature[0]", message: 'unknown nature "confidentialty"; did you mean "confidentiality"?' },
        { path: "malicious", message: "required" },
        { path: "malicous", message: 'unknown field "malicous"; did you mean "malicious"?' },
        { path: "data[0].category", message: 'unknown category "emial"; did you mean "email"?' },
        { path: "data[2].category", message: 'duplicate category "iban" (also at data[1])' },
        { path: "subjects.count", message: "must be at least 0" },
      ]),
    );
    expect(problems).toHaveLength(7);
  });

  it("reports wrong types with the value given", () => {
    expect(problemsOf(breachFacts({ malicious: "yes" as never }))).toEqual([
      { path: "malicious", message: 'expected boolean, got "yes"' },
    ]);
  });

  it("requires at least one data item and one nature", () => {
    expect(problemsOf(breachFacts({ data: [], nature: [] }))).toEqual(
      expect.arrayContaining([
        { path: "data", message: "needs at least 1 item(s)" },
        { path: "nature", message: "needs at least 1 item(s)" },
      ]),
    );
  });

  it("rejects impossible timestamps and timestamps without an offset", () => {
    expect(problemsOf(breachFacts({ awareAt: "2026-02-30T14:00:00+01:00" }))).toHaveLength(1);
    expect(problemsOf(breachFacts({ awareAt: "2026-02-10T14:00:00" }))).toHaveLength(1);
    expect(problemsOf(breachFacts({ awareAt: "2026-02-10T14:00:00Z" }))).toEqual([]);
  });

  it("checks facts that span fields", () => {
    const facts = breachFacts({
      occurredFrom: "2026-02-09",
      occurredTo: "2026-02-07",
      nature: ["availability"],
      recovery: "not-applicable",
      subjects: { count: 10 },
      data: [{ category: "email", subjects: 11 }],
    });
    expect(problemsOf(facts)).toEqual([
      { path: "data[0].subjects", message: "11 is more than subjects.count (10)" },
      {
        path: "recovery",
        message: 'integrity or availability is affected: say "full", "temporary" or "none"',
      },
      { path: "occurredTo", message: "is before occurredFrom" },
    ]);
  });

  it("reports a non-object input", () => {
    expect(problemsOf("not json object")).toEqual([
      { path: "", message: 'expected object, got "not json object"' },
    ]);
  });
});

describe("parsePlanInput", () => {
  it("accepts a victim with categories, flags and language", () => {
    const input = {
      breach: breachFacts(),
      victim: { categories: ["email"], flags: ["senior"], language: "en" },
    };
    expect(parsePlanInput(input)).toEqual({ ok: true, value: input });
  });

  it("prefixes breach problems with breach. and suggests flags", () => {
    const result = parsePlanInput({
      breach: breachFacts({ data: [{ category: "email" }, { category: "email" }] }),
      victim: { flags: ["senoir"], language: "de" },
    });
    expect(result).toEqual({
      ok: false,
      problems: expect.arrayContaining([
        { path: "victim.flags[0]", message: 'unknown flag "senoir"; did you mean "senior"?' },
        { path: "victim.language", message: 'unknown language "de"; expected one of nl, en' },
        { path: "breach.data[1].category", message: 'duplicate category "email" (also at data[0])' },
      ]),
    });
  });
});

describe("issue 19 fields", () => {
  it("accepts physicalSafety and an adjustment level, and names the field of every problem", async () => {
    const { parseBreachFacts } = await import("./input.ts");
    const { breachFacts } = await import("./testing.ts");
    expect(
      parseBreachFacts({
        ...breachFacts(),
        physicalSafety: { reason: "witnesses", subjects: 3, safeToContactDirectly: false },
        adjustments: [{ direction: "up", reason: "undercover officers", level: 4 }],
      }).ok,
    ).toBe(true);
    const parsed = parseBreachFacts({
      ...breachFacts(),
      physicalSafety: { reason: "witnesses", subjects: 300, safe: true },
      adjustments: [{ direction: "up", reason: "x", level: 0 }],
    });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems).toEqual(
      expect.arrayContaining([
        { path: "physicalSafety.subjects", message: "300 is more than subjects.count (100)" },
        expect.objectContaining({ path: "physicalSafety.safe" }),
        { path: "adjustments[0].level", message: "must be at least 1" },
      ]),
    );
  });
});
