import { describe, expect, it } from "vitest";
import { assess } from "./assessment.ts";
import { severityLevel } from "./severity.ts";
import { breachFacts, dataOf } from "./testing.ts";

const codes = (facts: Parameters<typeof assess>[0]) => assess(facts).reasons.map((reason) => reason.code);

describe("ENISA data processing context (DPC)", () => {
  it("takes the highest class present: simple 1, behavioural 2, financial 3, sensitive 4", () => {
    expect(assess(breachFacts({ data: dataOf("email") })).severity.dpc).toBe(1);
    expect(assess(breachFacts({ data: dataOf("email", "location") })).severity.dpc).toBe(2);
    expect(assess(breachFacts({ data: dataOf("email", "iban") })).severity.dpc).toBe(3);
    expect(assess(breachFacts({ data: dataOf("email", "religion") })).severity.dpc).toBe(4);
    expect(codes(breachFacts())).toContain("dpc-base");
  });

  it("gives credentials the class of what they unlock (dpc-credential-unlocks)", () => {
    const health = assess(
      breachFacts({ controller: { name: "Kliniek", sector: "health" }, data: dataOf("password") }),
    );
    expect(health.reasons.map((reason) => reason.code)).toContain("dpc-credential-unlocks");
    const bank = assess(
      breachFacts({ controller: { name: "Bank", sector: "finance" }, data: dataOf("password") }),
    );
    expect(bank.severity.dpc).toBe(3);
    const shop = assess(breachFacts({ data: dataOf("password", "iban") }));
    expect(shop.severity.dpc).toBe(3);
  });

  it("adds one for a health controller (dpc-sensitive-sector)", () => {
    const result = assess(breachFacts({ controller: { name: "Kliniek", sector: "health" } }));
    expect(result.severity.dpc).toBe(2);
    expect(result.reasons.map((reason) => reason.code)).toContain("dpc-sensitive-sector");
  });

  it("adds one when children or vulnerable people are affected (dpc-vulnerable-subjects)", () => {
    const result = assess(breachFacts({ subjects: { count: 100, groups: ["minors"] } }));
    expect(result.severity.dpc).toBe(2);
    expect(result.reasons.map((reason) => reason.code)).toContain("dpc-vulnerable-subjects");
  });

  it("adds one when many kinds of data form a profile (dpc-broad-profile)", () => {
    const seven = dataOf("name", "email", "phone", "gender", "education", "family", "employment");
    expect(assess(breachFacts({ data: seven })).severity.dpc).toBe(1);
    const eight = assess(breachFacts({ data: [...seven, ...dataOf("customer-number")] }));
    expect(eight.severity.dpc).toBe(2);
    expect(eight.reasons.map((reason) => reason.code)).toContain("dpc-broad-profile");
  });

  it("applies the input's adjustments and clamps to 1–4 (dpc-adjusted-up/down, dpc-clamped)", () => {
    const up = assess(breachFacts({ adjustments: [{ direction: "up", reason: "a year of history" }] }));
    expect(up.severity.dpc).toBe(2);
    expect(up.reasons).toContainEqual(expect.objectContaining({ code: "dpc-adjusted-up", effect: "raised" }));
    expect(up.reasons.find((reason) => reason.code === "dpc-adjusted-up")?.text).toContain(
      "a year of history",
    );
    const down = assess(breachFacts({ adjustments: [{ direction: "down", reason: "already public" }] }));
    expect(down.severity.dpc).toBe(1);
    expect(down.reasons.map((reason) => reason.code)).toEqual(
      expect.arrayContaining(["dpc-adjusted-down", "dpc-clamped"]),
    );
    const capped = assess(
      breachFacts({ data: dataOf("health"), adjustments: [{ direction: "up", reason: "results" }] }),
    );
    expect(capped.severity.dpc).toBe(4);
  });
});

describe("ENISA ease of identification (EI)", () => {
  it("is maximum for a unique identifier or name with address (ei-maximum)", () => {
    expect(assess(breachFacts({ data: dataOf("bsn") })).severity.ei).toBe(1);
    expect(assess(breachFacts({ data: dataOf("id-document-copy") })).severity.ei).toBe(1);
    expect(assess(breachFacts({ data: dataOf("name", "address") })).severity.ei).toBe(1);
    expect(codes(breachFacts({ data: dataOf("name", "address") }))).toContain("ei-maximum");
  });

  it("is significant for name, e-mail or phone alone (ei-significant)", () => {
    for (const category of ["name", "email", "phone"] as const) {
      expect(assess(breachFacts({ data: dataOf(category) })).severity.ei).toBe(0.75);
    }
    expect(codes(breachFacts())).toContain("ei-significant");
  });

  it("is limited for pseudonymous ids only, negligible when pseudonymised or not identifying", () => {
    expect(assess(breachFacts({ data: dataOf("customer-number") })).severity.ei).toBe(0.5);
    expect(codes(breachFacts({ data: dataOf("customer-number") }))).toContain("ei-limited");
    const pseudonymised = breachFacts({
      data: dataOf("customer-number"),
      protection: { pseudonymised: true },
    });
    expect(assess(pseudonymised).severity.ei).toBe(0.25);
    expect(codes(pseudonymised)).toContain("ei-pseudonymised");
    expect(assess(breachFacts({ data: dataOf("password-hash") })).severity.ei).toBe(0.25);
    expect(codes(breachFacts({ data: dataOf("password-hash") }))).toContain("ei-negligible");
  });
});

describe("ENISA circumstances of the breach (CB)", () => {
  it("adds 0.25 for known and 0.5 for unknown or public recipients", () => {
    expect(assess(breachFacts({ recipients: "known-trusted" })).severity.cb).toBe(0);
    expect(assess(breachFacts({ recipients: "known" })).severity.cb).toBe(0.25);
    expect(assess(breachFacts({ recipients: "unknown" })).severity.cb).toBe(0.5);
    expect(assess(breachFacts({ recipients: "public" })).severity.cb).toBe(0.5);
    expect(codes(breachFacts({ recipients: "known" }))).toContain("cb-confidentiality-known");
    expect(codes(breachFacts({ recipients: "public" }))).toContain("cb-confidentiality-unknown");
  });

  it("adds 0.25 for temporary and 0.5 for permanent loss of integrity or availability", () => {
    const availability = (recovery: "full" | "temporary" | "none") =>
      assess(breachFacts({ nature: ["availability"], recovery }));
    expect(availability("full").severity.cb).toBe(0);
    expect(availability("temporary").severity.cb).toBe(0.25);
    expect(availability("none").severity.cb).toBe(0.5);
    expect(codes(breachFacts({ nature: ["availability"], recovery: "temporary" }))).toContain(
      "cb-availability-temporary",
    );
    expect(codes(breachFacts({ nature: ["integrity"], recovery: "none" }))).toContain(
      "cb-integrity-permanent",
    );
    expect(codes(breachFacts({ nature: ["integrity"], recovery: "temporary" }))).toContain(
      "cb-integrity-temporary",
    );
    expect(codes(breachFacts({ nature: ["availability"], recovery: "none" }))).toContain(
      "cb-availability-permanent",
    );
  });

  it("adds 0.5 for malicious intent (cb-malicious)", () => {
    expect(assess(breachFacts({ malicious: true, recipients: "none" })).severity.cb).toBe(0.5);
    expect(codes(breachFacts({ malicious: true }))).toContain("cb-malicious");
  });

  it("assumes unknown recipients and no recovery when not given", () => {
    const { recipients: _recipients, recovery: _recovery, ...rest } = breachFacts();
    const result = assess({ ...rest, nature: ["confidentiality", "availability"] });
    expect(result.severity.cb).toBe(1);
    expect(result.reasons.map((reason) => reason.code)).toEqual(
      expect.arrayContaining(["assumed-unknown-recipients", "assumed-no-recovery"]),
    );
  });
});

describe("score and bands", () => {
  it("computes SE = DPC × EI + CB", () => {
    const result = assess(
      breachFacts({ data: dataOf("name", "iban"), recipients: "unknown", malicious: true }),
    );
    expect(result.severity).toMatchObject({ dpc: 3, ei: 0.75, cb: 1, score: 3.25, level: "high" });
  });

  it("bands scores: < 2 low, < 3 medium, < 4 high, otherwise very high", () => {
    expect([1.99, 2, 2.99, 3, 3.99, 4, 5.5].map(severityLevel)).toEqual([
      "low",
      "medium",
      "medium",
      "high",
      "high",
      "very-high",
      "very-high",
    ]);
  });
});
