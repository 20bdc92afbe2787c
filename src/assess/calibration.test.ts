// The public calibration set (examples/calibration): cases written from published regulator examples, each with
// the outcome its source gives. Reports how often the engine agrees on notifyAuthority and notifySubjects (null
// means the source gives no outcome for that obligation) and fails below 90 %.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { assess } from "./assessment.ts";
import { parseBreachFacts } from "./input.ts";

const FOLDER = path.resolve(import.meta.dirname, "../../examples/calibration");
const REQUIRED_AGREEMENT = 0.9;

interface CalibrationCase {
  about: string;
  source: { document: string; case: string };
  sourceSays: string;
  facts: unknown;
  expected: { notifyAuthority: boolean | null; notifySubjects: boolean | null };
  note?: string;
}

const cases = readdirSync(FOLDER)
  .filter((file) => file.endsWith(".json"))
  .sort()
  .map((file) => ({
    file,
    case: JSON.parse(readFileSync(path.join(FOLDER, file), "utf8")) as CalibrationCase,
  }));

function outcome(entry: CalibrationCase) {
  const parsed = parseBreachFacts(entry.facts);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return assess(parsed.value).obligations;
}

const agrees = (entry: CalibrationCase): boolean => {
  const actual = outcome(entry);
  const { notifyAuthority, notifySubjects } = entry.expected;
  return (
    (notifyAuthority === null || notifyAuthority === actual.notifyAuthority) &&
    (notifySubjects === null || notifySubjects === actual.notifySubjects)
  );
};

describe("calibration against published regulator examples", () => {
  it("has at least 20 cases, each with a source and an outcome", () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
    for (const { case: entry } of cases) {
      expect(entry.source.document.length).toBeGreaterThan(10);
      expect(entry.sourceSays.length).toBeGreaterThan(10);
      expect([entry.expected.notifyAuthority, entry.expected.notifySubjects]).not.toEqual([null, null]);
    }
  });

  it(`agrees with at least ${REQUIRED_AGREEMENT * 100} % of the sources`, () => {
    const disagreeing = cases.filter(({ case: entry }) => !agrees(entry)).map(({ file }) => file);
    const agreement = (cases.length - disagreeing.length) / cases.length;
    console.info(
      `calibration: the engine agrees with ${cases.length - disagreeing.length} of ${cases.length} cases ` +
        `(${(agreement * 100).toFixed(1)} %)${disagreeing.length > 0 ? `; disagrees with ${disagreeing.join(", ")}` : ""}`,
    );
    expect(agreement).toBeGreaterThanOrEqual(REQUIRED_AGREEMENT);
  });

  it("never misses an 'inform the people' that a source asks for", () => {
    const missed = cases
      .filter(({ case: entry }) => entry.expected.notifySubjects === true && !outcome(entry).notifySubjects)
      .map(({ file }) => file);
    expect(missed).toEqual([]);
  });
});
