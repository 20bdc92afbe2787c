// Reads every shared example and checks each expected key; plans.json intents map to our step ids here.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { StepId } from "../framework/index.ts";
import { assess, parseBreachFacts, planFor } from "./index.ts";

const EXAMPLES = path.resolve(process.cwd(), "../shared/examples");
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

/** The intents plans.json names, as the step ids that carry them (all must be present for "include"). */
const INTENT_STEPS: Record<string, StepId[]> = {
  "change the leaked password now, and everywhere it was reused": ["change-passwords"],
  "enable two-factor authentication": ["enable-two-factor"],
  "watch for phishing": ["recognise-phishing"],
  "replace identity document": ["report-id-document"],
  "contact your bank": ["check-bank-statements", "block-card"],
  "report the document and apply for a new one at the municipality": ["report-id-document"],
  "report misuse to CMI and the police": ["report-identity-fraud", "report-crime-police"],
  "check bank statements for unknown debits; unauthorised direct debits can be reversed within 8 weeks": [
    "check-bank-statements",
  ],
  "check bank statements for unknown debits; any direct debit can be reversed within 8 weeks, one you never authorised within 13 months":
    ["check-bank-statements"],
  "watch for phishing calls posing as the bank": ["recognise-phishing", "verify-through-own-channel"],
  "advice on personal safety for people whose address must stay secret": ["personal-safety"],
  "a leaked BSN alone does not require a new number; report misuse to CMI": ["bsn-no-new-number"],
};

const assessmentFiles = files.filter((file) => file !== "plans.json");

describe("shared assessment examples", () => {
  it("exist", () => {
    expect(assessmentFiles.length).toBeGreaterThan(0);
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

describe("shared plan examples", () => {
  const { cases } = read("plans.json") as { cases: PlanCase[] };
  const breach = (read("telecom-customer-data.json") as AssessmentExample).facts;

  it("name only intents we know", () => {
    for (const planCase of cases) {
      for (const intent of [...planCase.mustInclude, ...(planCase.mustExclude ?? [])]) {
        expect(Object.keys(INTENT_STEPS)).toContain(intent);
      }
    }
  });

  cases.forEach((planCase, index) => {
    it(`case ${index + 1}: ${planCase.victim.categories.join("+")} ${planCase.victim.flags.join("+")}`, () => {
      const plan = planFor({ breach, victim: planCase.victim } as Parameters<typeof planFor>[0]);
      const ids = plan.steps.map((step) => step.id);
      for (const intent of planCase.mustInclude) {
        for (const id of INTENT_STEPS[intent] ?? []) expect(ids, intent).toContain(id);
      }
      for (const intent of planCase.mustExclude ?? []) {
        for (const id of INTENT_STEPS[intent] ?? []) expect(ids, intent).not.toContain(id);
      }
      if (planCase.channel) expect(plan.channels[0]).toBe(planCase.channel);
    });
  });
});
