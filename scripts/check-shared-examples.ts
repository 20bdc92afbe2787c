/**
 * Extra CI step: checks that the engine still agrees with the worked examples in a `shared/examples` folder
 * kept beside the repository (not part of it). Nothing else in the project reads that folder.
 *
 *   node scripts/check-shared-examples.ts [FOLDER]     (default ../shared/examples, relative to the repository)
 *
 * Exits 0 when every expected value holds (or when the folder does not exist, saying so), 1 when one does not,
 * printing each difference as `file: key expected … got …`.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { assess, parseBreachFacts, planFor } from "../src/assess/index.ts";
import type { StepId } from "../src/framework/index.ts";

const repository = path.resolve(import.meta.dirname, "..");
const folder = path.resolve(repository, process.argv[2] ?? "../shared/examples");

/** The intents a shared plans.json names, as the step ids that carry them (all must be present to include). */
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

interface AssessmentExample {
  facts: unknown;
  expected: Record<string, unknown>;
}

interface PlanCase {
  victim: Parameters<typeof planFor>[0]["victim"];
  mustInclude: string[];
  mustExclude?: string[];
  channel?: string;
}

const valueAtPath = (value: unknown, dotted: string): unknown =>
  dotted
    .split(".")
    .reduce<unknown>((current, key) => (current as Record<string, unknown> | null)?.[key], value);

function main(): number {
  if (!existsSync(folder)) {
    process.stdout.write(`${folder} does not exist: nothing to check.\n`);
    return 0;
  }
  const read = (file: string): unknown => JSON.parse(readFileSync(path.join(folder, file), "utf8"));
  const files = readdirSync(folder).filter((file) => file.endsWith(".json"));
  const differences: string[] = [];
  let checked = 0;
  let breachForPlans: unknown;

  for (const file of files.filter((name) => name !== "plans.json")) {
    const example = read(file) as AssessmentExample;
    const parsed = parseBreachFacts(example.facts);
    if (!parsed.ok) {
      differences.push(
        `${file}: facts do not parse: ${parsed.problems.map((p) => `${p.path}: ${p.message}`).join("; ")}`,
      );
      continue;
    }
    breachForPlans ??= parsed.value;
    if (file.startsWith("telecom")) breachForPlans = parsed.value;
    const assessment = assess(parsed.value);
    for (const [key, expected] of Object.entries(example.expected)) {
      checked++;
      const actual = valueAtPath(assessment, key);
      const holds = Array.isArray(expected) ? expected.includes(actual) : actual === expected;
      if (!holds)
        differences.push(
          `${file}: ${key} expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`,
        );
    }
  }

  if (files.includes("plans.json") && breachForPlans !== undefined) {
    const { cases } = read("plans.json") as { cases: PlanCase[] };
    cases.forEach((planCase, index) => {
      const plan = planFor({
        breach: breachForPlans as Parameters<typeof planFor>[0]["breach"],
        victim: planCase.victim,
      });
      const ids: string[] = plan.steps.map((step) => step.id);
      const stepsOf = (intent: string) => {
        const steps = INTENT_STEPS[intent];
        if (!steps) differences.push(`plans.json case ${index + 1}: unknown intent "${intent}"`);
        return steps ?? [];
      };
      for (const intent of planCase.mustInclude) {
        checked++;
        const missing = stepsOf(intent).filter((id) => !ids.includes(id));
        if (missing.length > 0)
          differences.push(`plans.json case ${index + 1}: "${intent}" lacks ${missing.join(", ")}`);
      }
      for (const intent of planCase.mustExclude ?? []) {
        checked++;
        const present = stepsOf(intent).filter((id) => ids.includes(id));
        if (present.length > 0)
          differences.push(`plans.json case ${index + 1}: "${intent}" has ${present.join(", ")}`);
      }
      if (planCase.channel) {
        checked++;
        if (plan.channels[0] !== planCase.channel)
          differences.push(
            `plans.json case ${index + 1}: channel expected ${planCase.channel}, got ${plan.channels[0]}`,
          );
      }
    });
  }

  for (const line of differences) process.stdout.write(`${line}\n`);
  process.stdout.write(`${folder}: ${checked} expectations, ${differences.length} differences\n`);
  return differences.length === 0 ? 0 : 1;
}

process.exitCode = main();
