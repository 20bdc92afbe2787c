import { describe, expect, it } from "vitest";
import { assess } from "./assessment.ts";
import { breachFacts, dataOf } from "./testing.ts";

describe("sensitivity section", () => {
  it("names a judgement that flips informing the people, and marks the outcome borderline", () => {
    // Name and health data of 80 patients sent to a known (not trusted) recipient: high risk.
    const facts = breachFacts({ data: dataOf("name", "health"), subjects: { count: 80 } });
    const result = assess(facts, { language: "en" });
    expect(result.obligations.notifySubjects).toBe(true);
    expect(result.sensitivity).toContainEqual({
      obligation: "notifySubjects",
      becomes: false,
      change: { path: "recipients", from: "known", to: "known-trusted" },
      judgement: true,
      text: "If only known, trusted recipients had received the data, informing the people affected would not be required.",
    });
    expect(result.borderline).toBe(true);
    const dutch = assess(facts).sensitivity.find((entry) => entry.change.to === "known-trusted");
    expect(dutch?.text).toBe(
      "Als alleen bekende, betrouwbare ontvangers de gegevens hadden gekregen, dan hoefde u de getroffen mensen niet zelf te informeren.",
    );
  });

  it("marks observable changes as no judgement, and keeps only the nearest count that flips", () => {
    const result = assess(
      breachFacts({ data: dataOf("name", "address", "purchase-history"), subjects: { count: 2 } }),
    );
    expect(result.obligations.notifyAuthority).toBe(false);
    const counts = result.sensitivity.filter((entry) => entry.change.path === "subjects.count");
    expect(counts).toEqual([
      expect.objectContaining({
        obligation: "notifyAuthority",
        becomes: true,
        change: { path: "subjects.count", from: 2, to: 51 },
        judgement: false,
      }),
    ]);
    expect(result.sensitivity.some((entry) => entry.change.path === "malicious" && !entry.judgement)).toBe(
      true,
    );
    expect(result.borderline).toBe(false);
  });

  it("shows that a weak-hash verdict decides, when the organisation stated it", () => {
    const facts = breachFacts({
      data: [{ category: "username" }, { category: "password-hash", unintelligible: true }],
      recipients: "unknown",
      malicious: true,
    });
    const result = assess(facts, { language: "en" });
    expect(result.obligations.notifyAuthority).toBe(false);
    expect(result.sensitivity).toContainEqual(
      expect.objectContaining({
        obligation: "notifySubjects",
        becomes: true,
        change: { path: "data[1].unintelligible", from: true, to: false },
        judgement: true,
      }),
    );
    // an item whose readability was not stated is not varied
    expect(result.sensitivity.some((entry) => entry.change.path === "data[0].unintelligible")).toBe(false);
  });

  it("takes away claimed exemptions, and does not invent them", () => {
    const high = breachFacts({ data: dataOf("name", "health") });
    expect(assess(high).sensitivity.some((entry) => entry.change.path === "mitigatedHighRisk")).toBe(false);
    const claimed = assess({ ...high, mitigatedHighRisk: true });
    expect(claimed.obligations.notifySubjects).toBe(false);
    expect(claimed.sensitivity).toContainEqual(
      expect.objectContaining({
        change: { path: "mitigatedHighRisk", from: true, to: false },
        becomes: true,
        judgement: true,
      }),
    );
    expect(claimed.borderline).toBe(true);
  });

  it("is empty when no single change flips anything", () => {
    // Name, address, date of birth, BSN and health data of a million people, published by attackers.
    const result = assess(
      breachFacts({
        data: dataOf("name", "address", "date-of-birth", "bsn", "health", "iban"),
        recipients: "public",
        malicious: true,
        subjects: { count: 1_000_000 },
      }),
    );
    expect(result.sensitivity).toEqual([]);
    expect(result.borderline).toBe(false);
  });
});
