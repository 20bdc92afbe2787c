// Reads every worked example in examples/ and checks each expected key; plans.json names step ids directly.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { assess, planFor } from "./assessment.ts";
import { parseBreachFacts } from "./input.ts";

const EXAMPLES = path.resolve(import.meta.dirname, "../../examples");
const files = readdirSync(EXAMPLES).filter((file) => file.endsWith(".json"));

const read = (file: string): unknown => JSON.parse(readFileSync(path.join(EXAMPLES, file), "utf8"));

function valueAtPath(value: unknown, dotted: string): unknown {
  return dotted
    .split(".")
    .reduce<unknown>((current, key) => (current as Record<string, unknown> | null)?.[key], value);
}

interface AssessmentExample {
  about: string;
  facts: unknown;
  expected: Record<string, unknown>;
}

interface PlanCase {
  victim: { categories: string[]; flags: string[]; language: "nl" | "en" };
  mustInclude: string[];
  mustExclude?: string[];
  channel?: string;
}

const assessmentFiles = files.filter((file) => file !== "plans.json");

describe("worked assessment examples", () => {
  it("exist", () => {
    expect(assessmentFiles.length).toBeGreaterThanOrEqual(5);
  });

  for (const file of assessmentFiles) {
    const example = read(file) as AssessmentExample;
    describe(file, () => {
      it("parses", () => {
        expect(parseBreachFacts(example.facts)).toMatchObject({ ok: true });
      });
      const parsed = parseBreachFacts(example.facts);
      for (const [key, expected] of Object.entries(example.expected)) {
        it(`has ${key} = ${JSON.stringify(expected)}`, () => {
          if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
          const actual = valueAtPath(assess(parsed.value), key);
          if (Array.isArray(expected)) expect(expected).toContain(actual);
          else expect(actual).toEqual(expected);
        });
      }
    });
  }
});

describe("worked plan examples", () => {
  const { cases, breach: breachFile } = read("plans.json") as { cases: PlanCase[]; breach: string };
  const breach = (read(breachFile) as AssessmentExample).facts;

  cases.forEach((planCase, index) => {
    it(`case ${index + 1}: ${planCase.victim.categories.join("+")} ${planCase.victim.flags.join("+")}`, () => {
      const plan = planFor({ breach, victim: planCase.victim } as Parameters<typeof planFor>[0]);
      const ids = plan.steps.map((step) => step.id);
      for (const id of planCase.mustInclude) expect(ids).toContain(id);
      for (const id of planCase.mustExclude ?? []) expect(ids).not.toContain(id);
      if (planCase.channel) expect(plan.channels[0]).toBe(planCase.channel);
    });
  });
});
