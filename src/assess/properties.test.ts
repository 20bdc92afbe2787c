import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CATEGORY_IDS, type CategoryId, FLAG_IDS, type FlagId, SECTORS, STEPS } from "../framework/index.ts";
import { type Assessment, assess } from "./assessment.ts";
import { type BreachFacts, NATURES, RECIPIENTS, SUBJECT_GROUPS } from "./input.ts";
import { adviceFor } from "./plan.ts";
import type { FactChange } from "./sensitivity.ts";

const RISK_RANK = { unlikely: 0, risk: 1, high: 2 } as const;

const offsetArbitrary = fc
  .tuple(fc.constantFrom("+", "-"), fc.integer({ min: 0, max: 14 }), fc.constantFrom(0, 30, 45))
  .map(([sign, hours, minutes]) =>
    hours === 0 && minutes === 0
      ? "Z"
      : `${sign}${String(hours).padStart(2, "0")}:${String(minutes).padStart(2, "0")}`,
  );

const awareAtArbitrary = fc
  .tuple(fc.integer({ min: Date.UTC(2018, 0, 1), max: Date.UTC(2035, 11, 31) }), offsetArbitrary)
  .map(([epoch, offset]) => {
    const wall = new Date(Math.floor(epoch / 1000) * 1000).toISOString().slice(0, 19);
    return `${wall}${offset}`;
  });

const dataArbitrary = fc
  .uniqueArray(fc.constantFrom(...CATEGORY_IDS), { minLength: 1, maxLength: 12 })
  .chain((categories) =>
    fc.tuple(
      ...categories.map((category) =>
        fc.record({ category: fc.constant(category), unintelligible: fc.boolean() }),
      ),
    ),
  );

const factsArbitrary: fc.Arbitrary<BreachFacts> = fc
  .record({
    awareAt: awareAtArbitrary,
    nature: fc.uniqueArray(fc.constantFrom(...NATURES), { minLength: 1, maxLength: 3 }),
    malicious: fc.boolean(),
    recipients: fc.option(fc.constantFrom(...RECIPIENTS), { nil: undefined }),
    recoveryChoice: fc.option(
      fc.constantFrom("full", "temporary", "none") as fc.Arbitrary<"full" | "temporary" | "none">,
      {
        nil: undefined,
      },
    ),
    sector: fc.constantFrom(...SECTORS),
    subjects: fc.option(
      fc.record({
        count: fc.integer({ min: 0, max: 10_000_000 }),
        groups: fc.uniqueArray(fc.constantFrom(...SUBJECT_GROUPS), { maxLength: 3 }),
      }),
      { nil: undefined },
    ),
    data: dataArbitrary,
    protection: fc.record({
      encrypted: fc.boolean(),
      keyCompromised: fc.boolean(),
      pseudonymised: fc.boolean(),
    }),
    adjustments: fc.array(
      fc.record(
        {
          direction: fc.constantFrom("up", "down") as fc.Arbitrary<"up" | "down">,
          reason: fc.constant("context"),
          level: fc.integer({ min: 1, max: 4 }),
        },
        { requiredKeys: ["direction", "reason"] },
      ),
      { maxLength: 2 },
    ),
    mitigatedHighRisk: fc.boolean(),
    disproportionateEffort: fc.boolean(),
    // Without its own count, so varying subjects.count keeps the facts valid.
    physicalSafety: fc.option(
      fc.record(
        { reason: fc.constant("witnesses"), safeToContactDirectly: fc.boolean() },
        { requiredKeys: ["reason"] },
      ),
      { nil: undefined, freq: 4 },
    ),
  })
  .map(({ recoveryChoice, sector, nature, ...rest }) => {
    const touchesRecovery = nature.includes("integrity") || nature.includes("availability");
    const recovery = touchesRecovery ? recoveryChoice : recoveryChoice && "not-applicable";
    return { ...rest, nature, recovery, controller: { name: "Voorbeeld", sector } };
  });

/** Applies one sensitivity change (path as in input problems) to the facts, the way the engine describes it. */
function applyChange(facts: BreachFacts, change: FactChange): BreachFacts {
  const copy = structuredClone(facts) as Record<string, unknown> & BreachFacts;
  const item = /^(data|adjustments)\[(\d+)\](?:\.(\w+))?$/.exec(change.path);
  if (item) {
    const [, list, index, field] = item;
    const entries = copy[list as "data" | "adjustments"] as Record<string, unknown>[];
    if (field) (entries[Number(index)] as Record<string, unknown>)[field] = change.to;
    else entries.splice(Number(index), 1);
    return copy;
  }
  if (change.path === "subjects.count") {
    const count = change.to as number;
    copy.subjects = { ...copy.subjects, count };
    copy.data = copy.data.map((entry) =>
      entry.subjects !== undefined && entry.subjects > count ? { ...entry, subjects: count } : entry,
    );
    return copy;
  }
  const protection = /^protection\.(\w+)$/.exec(change.path);
  if (protection) {
    copy.protection = { ...copy.protection, [protection[1] as string]: change.to };
    return copy;
  }
  if (change.path === "physicalSafety" && change.to === null) {
    delete copy.physicalSafety;
    return copy;
  }
  copy[change.path] = change.to;
  return copy;
}

/** Obligations as a comparable vector: authority, then subjects or the public. */
function obligationRank(result: Assessment): [number, number, number] {
  const { obligations } = result;
  return [
    RISK_RANK[result.risk],
    obligations.notifyAuthority ? 1 : 0,
    obligations.notifySubjects || obligations.publicCommunication ? 1 : 0,
  ];
}

function expectNotLower(before: Assessment, after: Assessment): void {
  expect(after.severity.score).toBeGreaterThanOrEqual(before.severity.score);
  const [riskBefore, authorityBefore, subjectsBefore] = obligationRank(before);
  const [riskAfter, authorityAfter, subjectsAfter] = obligationRank(after);
  expect(riskAfter).toBeGreaterThanOrEqual(riskBefore);
  expect(authorityAfter).toBeGreaterThanOrEqual(authorityBefore);
  expect(subjectsAfter).toBeGreaterThanOrEqual(subjectsBefore);
  if (before.largeBreach) expect(after.largeBreach).toBe(true);
}

describe("assessment properties", () => {
  it("adding a data category never lowers the score or the obligations", () => {
    fc.assert(
      fc.property(
        factsArbitrary,
        fc.constantFrom(...CATEGORY_IDS),
        fc.boolean(),
        (facts, extra, unintelligible) => {
          fc.pre(!facts.data.some((item) => item.category === extra));
          const more = { ...facts, data: [...facts.data, { category: extra, unintelligible }] };
          expectNotLower(assess(facts), assess(more));
        },
      ),
      { numRuns: 400 },
    );
  });

  it("malice never lowers the score or the obligations", () => {
    fc.assert(
      fc.property(factsArbitrary, (facts) => {
        expectNotLower(assess({ ...facts, malicious: false }), assess({ ...facts, malicious: true }));
      }),
      { numRuns: 300 },
    );
  });

  it("unknown recipients never lower the score or the obligations", () => {
    fc.assert(
      fc.property(
        factsArbitrary,
        fc.constantFrom("none", "known-trusted", "known") as fc.Arbitrary<"none" | "known-trusted" | "known">,
        (facts, known) => {
          expectNotLower(
            assess({ ...facts, recipients: known }),
            assess({ ...facts, recipients: "unknown" }),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it("widening the recipients one step (none < known-trusted < known < unknown < public) never lowers them", () => {
    fc.assert(
      fc.property(factsArbitrary, fc.integer({ min: 0, max: RECIPIENTS.length - 2 }), (facts, step) => {
        const narrower = RECIPIENTS[step] ?? "none";
        const wider = RECIPIENTS[step + 1] ?? "public";
        expectNotLower(assess({ ...facts, recipients: narrower }), assess({ ...facts, recipients: wider }));
      }),
      { numRuns: 400 },
    );
  });

  it("more people affected never lowers the obligations", () => {
    fc.assert(
      fc.property(
        factsArbitrary,
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 1, max: 10_000 }),
        (facts, count, extra) => {
          const fewer = assess({ ...facts, subjects: { count } });
          const more = assess({ ...facts, subjects: { count: count + extra } });
          expectNotLower(fewer, more);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("an item's own smaller count lowers at most that item's weight: never below the breach without the item", () => {
    fc.assert(
      fc.property(
        factsArbitrary,
        fc.integer({ min: 1, max: 20_000 }),
        fc.nat(),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (facts, count, pick, low, high) => {
          fc.pre(facts.data.length > 1);
          const index = pick % facts.data.length;
          const [small, large] = [
            Math.floor(count * Math.min(low, high)),
            Math.floor(count * Math.max(low, high)),
          ];
          const withCount = (own: number | undefined) => ({
            ...facts,
            subjects: { count },
            data: facts.data.map((item, i) => (i === index ? { ...item, subjects: own } : item)),
          });
          const without = { ...facts, subjects: { count }, data: facts.data.filter((_, i) => i !== index) };
          expectNotLower(assess(without), assess(withCount(small)));
          expectNotLower(assess(withCount(small)), assess(withCount(large)));
          expectNotLower(assess(withCount(large)), assess(withCount(undefined)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("only the organisation's own down adjustment lowers: taking one away, or adding an up one, never does", () => {
    fc.assert(
      fc.property(factsArbitrary, (facts) => {
        const adjustments = facts.adjustments ?? [];
        const withoutDown = adjustments.filter((adjustment) => adjustment.direction !== "down");
        expectNotLower(assess(facts), assess({ ...facts, adjustments: withoutDown }));
        const up = [...adjustments, { direction: "up" as const, reason: "context" }];
        expectNotLower(assess(facts), assess({ ...facts, adjustments: up }));
      }),
      { numRuns: 300 },
    );
  });

  it("every sensitivity entry is true: making that one change flips that obligation as stated", () => {
    fc.assert(
      fc.property(factsArbitrary, (facts) => {
        const result = assess(facts);
        expect(result.borderline).toBe(result.sensitivity.some((entry) => entry.judgement));
        for (const entry of result.sensitivity) {
          const varied = applyChange(facts, entry.change);
          expect(assess(varied).obligations[entry.obligation], JSON.stringify(entry.change)).toBe(
            entry.becomes,
          );
          expect(result.obligations[entry.obligation]).toBe(!entry.becomes);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("a stated danger to physical safety, once others could read the data, means high risk and telling the people", () => {
    fc.assert(
      fc.property(factsArbitrary, (facts) => {
        const result = assess({ ...facts, physicalSafety: { reason: "witnesses" } });
        fc.pre(result.safety?.exposed === true);
        expect(result.risk).toBe("high");
        expect(result.obligations.notifyAuthority).toBe(true);
        expect(result.obligations.publicCommunication).toBe(false);
        // Only the law's own exemptions remain: unreadable data cannot be exposed, and mitigation is the
        // organisation's claim that the danger is gone.
        if (facts.mitigatedHighRisk !== true) expect(result.obligations.notifySubjects).toBe(true);
        // Adding the statement never lowers anything.
        const { physicalSafety: _, ...without } = facts;
        expectNotLower(assess(without), result);
      }),
      { numRuns: 300 },
    );
  });

  it("'document only' never comes with an aggravating factor", () => {
    const aggravating = new Set([
      "special-category-data",
      "criminal-data",
      "identity-document",
      "identity-document-number",
      "identity-fraud-profile",
      "national-number",
      "identity-financial-combination",
      "usable-credentials",
      "vulnerable-subjects",
      "malicious-actor",
      "many-subjects",
      "availability-lost",
      "physical-safety",
    ]);
    fc.assert(
      fc.property(factsArbitrary, (facts) => {
        const result = assess(facts);
        if (!result.reasons.some((entry) => entry.code === "document-only")) return;
        expect(result.severity.level).toBe("low");
        expect(result.obligations.notifyAuthority).toBe(false);
        expect(result.reasons.filter((entry) => aggravating.has(entry.code))).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });

  it("encrypted data with a safe key never requires notifying subjects", () => {
    fc.assert(
      fc.property(factsArbitrary, (facts) => {
        const result = assess({
          ...facts,
          protection: { ...facts.protection, encrypted: true, keyCompromised: false },
        });
        expect(result.obligations.notifySubjects).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it("the authority deadline is always awareAt + 72 hours, in the same offset", () => {
    fc.assert(
      fc.property(factsArbitrary, (facts) => {
        const { obligations } = assess(facts);
        if (!obligations.notifyAuthority) {
          expect(obligations.authorityDeadline).toBeNull();
          return;
        }
        const deadline = obligations.authorityDeadline ?? "";
        expect(Date.parse(deadline) - Date.parse(facts.awareAt)).toBe(72 * 3_600_000);
        const offsetOf = (text: string) => /(Z|[+-]\d{2}:\d{2})$/.exec(text)?.[1];
        expect(offsetOf(deadline)).toBe(offsetOf(facts.awareAt));
        expect(deadline.slice(11, 19)).toBe(facts.awareAt.slice(11, 19));
      }),
      { numRuns: 300 },
    );
  });

  it("is deterministic", () => {
    fc.assert(
      fc.property(factsArbitrary, (facts) => {
        expect(assess(structuredClone(facts))).toEqual(assess(facts));
      }),
      { numRuns: 100 },
    );
  });
});

describe("plan properties", () => {
  const categoriesArbitrary = fc.uniqueArray(fc.constantFrom(...CATEGORY_IDS), { maxLength: 10 });
  const flagsArbitrary = fc.uniqueArray(fc.constantFrom(...FLAG_IDS), { maxLength: 3 });

  it("only contains steps that a given category or flag triggers", () => {
    fc.assert(
      fc.property(categoriesArbitrary, flagsArbitrary, (categories, flags) => {
        for (const planned of adviceFor({ categories, flags }).steps) {
          const step = STEPS.find((entry) => entry.id === planned.id);
          const justified = step?.triggers.some((trigger) =>
            "categories" in trigger
              ? trigger.categories.some((id) => categories.includes(id))
              : trigger.flags.some((id) => flags.includes(id)),
          );
          expect(justified, planned.id).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("never loses a step when more data leaked or more flags apply", () => {
    fc.assert(
      fc.property(categoriesArbitrary, categoriesArbitrary, flagsArbitrary, flagsArbitrary, (a, b, f, g) => {
        const small = adviceFor({ categories: a, flags: f }).steps.map((step) => step.id);
        const large = adviceFor({
          categories: [...new Set<CategoryId>([...a, ...b])],
          flags: [...new Set<FlagId>([...f, ...g])],
        }).steps.map((step) => step.id);
        for (const id of small) expect(large).toContain(id);
      }),
      { numRuns: 300 },
    );
  });

  it("is empty when nothing leaked and no flag applies", () => {
    expect(adviceFor({ categories: [] })).toEqual({ risks: [], steps: [], channels: ["email", "letter"] });
  });
});
