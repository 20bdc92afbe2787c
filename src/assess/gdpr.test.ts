import { describe, expect, it } from "vitest";
import { type Assessment, assess, type BreachFacts } from "./index.ts";
import { breachFacts, dataOf } from "./testing.ts";

const reason = (result: Assessment, code: string) => result.reasons.find((entry) => entry.code === code);
const codes = (result: Assessment) => result.reasons.map((entry) => entry.code);

/** A medium-severity starting point (ENISA 2.0 → "risk"): name and purchases, seen by known recipients. */
const mediumFacts = (overrides: Partial<BreachFacts> = {}) =>
  breachFacts({ data: dataOf("name", "address", "purchase-history"), ...overrides });

describe("starting point from the ENISA level (severity-baseline)", () => {
  it("maps low → unlikely, medium → risk, high and very high → high", () => {
    const low = assess(breachFacts());
    expect(low.severity.level).toBe("low");
    expect(low.risk).toBe("unlikely");
    const medium = assess(mediumFacts());
    expect(medium.severity.level).toBe("medium");
    expect(medium.risk).toBe("risk");
    const high = assess(breachFacts({ data: dataOf("name", "address", "iban") }));
    expect(high.severity.level).toBe("high");
    expect(reason(high, "severity-baseline")).toMatchObject({ effect: "set" });
  });
});

describe("raising rules (EDPB factors)", () => {
  it("presumes harm for special-category data (special-category-data)", () => {
    const result = assess(breachFacts({ data: dataOf("customer-number", "religion") }));
    expect(result.risk).toBe("high");
    expect(reason(result, "special-category-data")).toMatchObject({ effect: "raised" });
  });

  it("presumes harm for criminal data (criminal-data)", () => {
    const result = assess(breachFacts({ data: dataOf("customer-number", "criminal") }));
    expect(result.risk).toBe("high");
    expect(codes(result)).toContain("criminal-data");
  });

  it("treats identity documents as high risk (identity-document)", () => {
    const result = assess(breachFacts({ data: dataOf("id-document-number") }));
    expect(result.risk).toBe("high");
    expect(codes(result)).toContain("identity-document");
  });

  it("treats identity with financial data as high risk (identity-financial-combination)", () => {
    const result = assess(breachFacts({ data: dataOf("name", "income") }));
    expect(result.risk).toBe("high");
    expect(codes(result)).toContain("identity-financial-combination");
    expect(codes(assess(breachFacts({ data: dataOf("income") })))).not.toContain(
      "identity-financial-combination",
    );
  });

  it("treats readable credentials as high risk, but not strongly hashed ones (usable-credentials)", () => {
    const weak = assess(
      breachFacts({ data: [{ category: "email" }, { category: "password-hash", unintelligible: false }] }),
    );
    expect(weak.risk).toBe("high");
    expect(codes(weak)).toContain("usable-credentials");
    const strong = assess(
      breachFacts({ data: [{ category: "email" }, { category: "password-hash", unintelligible: true }] }),
    );
    expect(codes(strong)).not.toContain("usable-credentials");
  });

  it("is at least a risk when children or vulnerable people are affected (vulnerable-subjects)", () => {
    const result = assess(breachFacts({ subjects: { count: 100, groups: ["vulnerable"] } }));
    expect(result.severity.level).toBe("low");
    expect(result.risk).toBe("risk");
    expect(reason(result, "vulnerable-subjects")).toMatchObject({ effect: "raised" });
  });

  it("is at least a risk when a malicious actor or the public has readable data (malicious-actor)", () => {
    const result = assess(breachFacts({ recipients: "public" }));
    expect(result.risk).toBe("risk");
    expect(reason(result, "malicious-actor")).toMatchObject({ effect: "raised" });
    expect(assess(breachFacts({ malicious: true })).risk).toBe("risk");
  });

  it("is at least a risk when more than 5,000 people's readable data leaked (many-subjects)", () => {
    const result = assess(breachFacts({ subjects: { count: 5001 } }));
    expect(result.risk).toBe("risk");
    expect(codes(result)).toContain("many-subjects");
    expect(assess(breachFacts({ subjects: { count: 5000 } })).risk).toBe("unlikely");
  });

  it("counts permanent loss without backup, high for health data (availability-lost)", () => {
    const plain = assess(breachFacts({ nature: ["availability"], recovery: "none" }));
    expect(plain.risk).toBe("risk");
    expect(reason(plain, "availability-lost")).toMatchObject({ effect: "raised" });
    const health = assess(
      breachFacts({ nature: ["availability"], recovery: "none", data: dataOf("email", "health") }),
    );
    expect(health.risk).toBe("high");
  });

  it("records a rule that held without changing the level as confirmed", () => {
    const result = assess(
      breachFacts({
        data: dataOf("name", "address", "bsn", "health"),
        malicious: true,
        recipients: "unknown",
      }),
    );
    expect(result.severity.level).toBe("very-high");
    expect(reason(result, "special-category-data")).toMatchObject({ effect: "confirmed" });
  });
});

describe("capping rules", () => {
  it("is unlikely when all data were unintelligible in a confidentiality breach (unintelligible-data)", () => {
    const result = assess(
      breachFacts({
        data: dataOf("name", "address", "health"),
        recipients: "unknown",
        malicious: true,
        protection: { encrypted: true },
      }),
    );
    expect(result.risk).toBe("unlikely");
    expect(reason(result, "unintelligible-data")).toMatchObject({ effect: "lowered" });
  });

  it("does not apply when the key was compromised", () => {
    const result = assess(
      breachFacts({ data: dataOf("name", "health"), protection: { encrypted: true, keyCompromised: true } }),
    );
    expect(result.risk).toBe("high");
    expect(codes(result)).not.toContain("unintelligible-data");
  });

  it("is unlikely for a short, non-malicious outage fully restored (availability-restored)", () => {
    const result = assess(mediumFacts({ nature: ["availability"], recovery: "full" }));
    expect(result.risk).toBe("unlikely");
    expect(reason(result, "availability-restored")).toMatchObject({ effect: "lowered" });
    expect(
      assess(mediumFacts({ nature: ["availability"], recovery: "full", malicious: true })).risk,
    ).not.toBe("unlikely");
  });

  it("goes one step down when only a trusted recipient got the data (trusted-recipient)", () => {
    const result = assess(breachFacts({ data: dataOf("name", "health"), recipients: "known-trusted" }));
    expect(result.risk).toBe("risk");
    expect(reason(result, "trusted-recipient")).toMatchObject({ effect: "lowered" });
    expect(
      assess(breachFacts({ data: dataOf("name", "health"), recipients: "known-trusted", malicious: true }))
        .risk,
    ).toBe("high");
  });
});

describe("obligations", () => {
  it("always documents; unlikely needs no notification (no-notification-needed)", () => {
    const result = assess(breachFacts());
    expect(result.obligations).toEqual({
      documentInternally: true,
      notifyAuthority: false,
      authorityDeadline: null,
      notifySubjects: false,
      subjectsExemption: null,
      publicCommunication: false,
    });
    expect(codes(result)).toContain("no-notification-needed");
  });

  it("notifies the authority within 72 hours in the input's offset (notify-authority)", () => {
    const result = assess(mediumFacts({ awareAt: "2026-03-27T10:30:00+01:00" }));
    expect(result.obligations).toMatchObject({ notifyAuthority: true, notifySubjects: false });
    expect(result.obligations.authorityDeadline).toBe("2026-03-30T10:30:00+01:00");
    expect(reason(result, "notify-authority")?.text).toContain("2026-03-30T10:30:00+01:00");
  });

  it("notifies subjects when high (notify-subjects)", () => {
    const result = assess(breachFacts({ data: dataOf("name", "health") }));
    expect(result.obligations).toMatchObject({
      notifyAuthority: true,
      notifySubjects: true,
      subjectsExemption: null,
    });
    expect(codes(result)).toContain("notify-subjects");
  });

  it("exempts subjects when all data were unintelligible (exemption-encrypted)", () => {
    const result = assess(
      breachFacts({
        nature: ["availability"],
        recovery: "none",
        data: dataOf("health"),
        protection: { encrypted: true },
      }),
    );
    expect(result.risk).toBe("high");
    expect(result.obligations).toMatchObject({
      notifyAuthority: true,
      notifySubjects: false,
      subjectsExemption: "encrypted",
    });
    expect(codes(result)).toContain("exemption-encrypted");
  });

  it("exempts subjects after mitigating measures (exemption-mitigated)", () => {
    const result = assess(breachFacts({ data: dataOf("name", "health"), mitigatedHighRisk: true }));
    expect(result.obligations).toMatchObject({
      notifySubjects: false,
      subjectsExemption: "mitigated",
      publicCommunication: false,
    });
    expect(codes(result)).toContain("exemption-mitigated");
  });

  it("replaces direct notice with public communication (exemption-disproportionate-effort)", () => {
    const result = assess(breachFacts({ data: dataOf("name", "health"), disproportionateEffort: true }));
    expect(result.obligations).toMatchObject({
      notifySubjects: false,
      subjectsExemption: "disproportionate-effort",
      publicCommunication: true,
    });
    expect(codes(result)).toContain("exemption-disproportionate-effort");
  });

  it("ignores exemptions when the risk is not high", () => {
    const result = assess(mediumFacts({ disproportionateEffort: true }));
    expect(result.obligations).toMatchObject({ subjectsExemption: null, publicCommunication: false });
  });

  it("is a large breach above 5,000 people with high risk (large-breach)", () => {
    const high = (count: number) =>
      assess(breachFacts({ data: dataOf("name", "health"), subjects: { count } }));
    expect(high(5001).largeBreach).toBe(true);
    expect(codes(high(5001))).toContain("large-breach");
    expect(high(5000).largeBreach).toBe(false);
    expect(assess(breachFacts({ subjects: { count: 100000 } })).largeBreach).toBe(false);
  });

  it("says so when the count is missing (subject-count-unknown)", () => {
    const { subjects: _subjects, ...rest } = breachFacts({ data: dataOf("name", "health") });
    const result = assess(rest);
    expect(result.largeBreach).toBe(false);
    expect(codes(result)).toContain("subject-count-unknown");
  });
});

describe("reasons and language", () => {
  it("gives Dutch by default and English on request, with the framework version", () => {
    const facts = breachFacts({ data: dataOf("name", "health") });
    const dutch = assess(facts);
    const english = assess(facts, { language: "en" });
    expect(dutch.frameworkVersion).toBe("2026.2");
    expect(dutch.reasons.map((entry) => entry.code)).toEqual(english.reasons.map((entry) => entry.code));
    expect(reason(dutch, "special-category-data")?.text).toContain("gezondheid");
    expect(reason(english, "special-category-data")?.text).toContain("health");
  });

  it("lists severity rules before risk rules before obligations", () => {
    const order = codes(assess(breachFacts({ data: dataOf("name", "health") })));
    expect(order.indexOf("dpc-base")).toBeLessThan(order.indexOf("severity-baseline"));
    expect(order.indexOf("severity-baseline")).toBeLessThan(order.indexOf("special-category-data"));
    expect(order.indexOf("special-category-data")).toBeLessThan(order.indexOf("notify-subjects"));
  });

  it("throws every problem for invalid input", () => {
    expect(() => assess({ ...breachFacts(), data: [] })).toThrow("data: needs at least 1 item(s)");
  });
});
