import { describe, expect, it } from "vitest";
import { type Assessment, assess } from "./assessment.ts";
import type { BreachFacts } from "./input.ts";
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

  it("treats a leaked copy of an identity document as high risk (identity-document)", () => {
    const result = assess(breachFacts({ data: dataOf("id-document-copy") }));
    expect(result.risk).toBe("high");
    expect(reason(result, "identity-document")).toMatchObject({ effect: "raised" });
  });

  it("treats a document number without a copy as at least a risk (identity-document-number)", () => {
    const result = assess(breachFacts({ data: dataOf("id-document-number") }));
    expect(result.risk).toBe("risk");
    expect(reason(result, "identity-document-number")).toMatchObject({ effect: "raised" });
    expect(codes(result)).not.toContain("identity-document");
  });

  it("treats the identity-fraud profile in many or unknown hands as high risk (identity-fraud-profile)", () => {
    // name + address + date of birth, to unknown recipients, without any financial or special data
    const profile = dataOf("name", "address", "date-of-birth");
    const unknown = assess(breachFacts({ data: profile, recipients: "unknown" }));
    expect(unknown.risk).toBe("high");
    expect(reason(unknown, "identity-fraud-profile")).toMatchObject({ effect: "raised" });
    // a BSN with a name or contact data is the same profile (UAVG art. 46)
    expect(assess(breachFacts({ data: dataOf("bsn", "email"), recipients: "public" })).risk).toBe("high");
    expect(assess(breachFacts({ data: dataOf("id-document-number", "name"), malicious: true })).risk).toBe(
      "high",
    );
    // known recipients and more people than a contained disclosure: many hands
    expect(assess(breachFacts({ data: profile, subjects: { count: 51 } })).risk).toBe("high");
    // a few people to a known recipient: at least a risk, not high
    const few = assess(breachFacts({ data: profile, subjects: { count: 3 } }));
    expect(few.risk).toBe("risk");
    expect(reason(few, "identity-fraud-profile")?.text).toContain("bekende ontvanger");
    // an incomplete profile does not fire
    expect(
      codes(assess(breachFacts({ data: dataOf("name", "address"), recipients: "unknown" }))),
    ).not.toContain("identity-fraud-profile");
    // trusted recipients: no profile rule
    expect(codes(assess(breachFacts({ data: profile, recipients: "known-trusted" })))).not.toContain(
      "identity-fraud-profile",
    );
  });

  it("treats a BSN on its own as at least a risk (national-number)", () => {
    const result = assess(breachFacts({ data: dataOf("bsn", "gender") }));
    expect(result.risk).toBe("risk");
    expect(reason(result, "national-number")).toMatchObject({ effect: "raised" });
    expect(codes(assess(breachFacts({ data: dataOf("bsn"), recipients: "known-trusted" })))).not.toContain(
      "national-number",
    );
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

  it("is unlikely for an outage fully restored that nobody saw, even after an attack (availability-restored)", () => {
    const outage = {
      nature: ["availability" as const],
      recovery: "full" as const,
      recipients: "none" as const,
    };
    const result = assess(mediumFacts(outage));
    expect(result.risk).toBe("unlikely");
    expect(reason(result, "availability-restored")).toMatchObject({ effect: "lowered" });
    // ransomware restored from backup without exfiltration (EDPB 01/2021 case 1)
    expect(assess(mediumFacts({ ...outage, malicious: true })).risk).toBe("unlikely");
    expect(assess(mediumFacts({ ...outage, recovery: "temporary" })).risk).not.toBe("unlikely");
  });

  it("treats strongly hashed passwords with only pseudonymous user names as unreadable (unintelligible-data)", () => {
    const facts = breachFacts({
      data: [{ category: "username" }, { category: "password-hash", unintelligible: true }],
      recipients: "unknown",
      malicious: true,
      subjects: { count: 20000 },
    });
    const result = assess(facts);
    expect(result.risk).toBe("unlikely");
    expect(reason(result, "unintelligible-data")?.text).toContain("gebruikersnaam");
    // an e-mail address is not pseudonymous: the cap no longer applies
    expect(assess({ ...facts, data: [...facts.data, { category: "email" }] }).risk).not.toBe("unlikely");
  });

  it("treats an encrypted device whose data are back from backup as unreadable, despite the availability loss", () => {
    const stolen = breachFacts({
      nature: ["confidentiality", "availability"],
      recovery: "full",
      recipients: "unknown",
      malicious: true,
      data: dataOf("name", "address", "health"),
      protection: { encrypted: true },
    });
    expect(assess(stolen).risk).toBe("unlikely");
    expect(assess({ ...stolen, recovery: "temporary" }).risk).not.toBe("unlikely");
  });

  it("is unlikely for a few ordinary records sent to a known person by mistake (contained-disclosure)", () => {
    const misdirected = breachFacts({
      data: dataOf("name", "address", "purchase-history"),
      subjects: { count: 2 },
    });
    const result = assess(misdirected);
    expect(result.risk).toBe("unlikely");
    expect(reason(result, "contained-disclosure")).toMatchObject({ effect: "lowered" });
    // each missing condition keeps the notice
    expect(assess({ ...misdirected, malicious: true }).risk).not.toBe("unlikely");
    expect(assess({ ...misdirected, subjects: { count: 51 } }).risk).not.toBe("unlikely");
    expect(assess({ ...misdirected, data: dataOf("name", "address", "income") }).risk).not.toBe("unlikely");
    expect(assess({ ...misdirected, data: dataOf("name", "health") }).risk).toBe("high");
    expect(assess({ ...misdirected, subjects: { count: 2, groups: ["minors"] } }).risk).not.toBe("unlikely");
    expect(assess({ ...misdirected, recipients: "unknown" }).risk).not.toBe("unlikely");
  });

  it("is unlikely when a trusted recipient got a few people's data, whatever the data (trusted-recipient)", () => {
    // ICO example 2: a vulnerable client's file with mental-health data e-mailed to a colleague who deleted it
    const result = assess(
      breachFacts({
        data: dataOf("name", "financial-history", "health"),
        recipients: "known-trusted",
        subjects: { count: 1, groups: ["vulnerable"] },
      }),
    );
    expect(result.risk).toBe("unlikely");
    expect(reason(result, "trusted-recipient")).toMatchObject({ effect: "lowered" });
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

describe("the organisation's stated context (presumption-defused)", () => {
  const meals = breachFacts({
    data: [{ category: "name" }, { category: "email" }, { category: "health", subjects: 2 }],
    subjects: { count: 20 },
  });
  const statement = { direction: "down" as const, reason: "meal preferences only" };

  it("lets one down adjustment defuse one presumption, visibly, with a warning", () => {
    expect(assess(meals).risk).toBe("high");
    const result = assess({ ...meals, adjustments: [statement] }, { language: "en" });
    expect(codes(result)).not.toContain("special-category-data");
    const defused = reason(result, "presumption-defused");
    expect(defused).toMatchObject({ effect: "lowered" });
    expect(defused?.text).toContain("special-category-data");
    expect(defused?.text).toContain("meal preferences only");
    expect(defused?.text).toContain("regulator may see this differently");
    // with the presumption gone, the contained-disclosure cap applies
    expect(result.risk).toBe("unlikely");
  });

  it("defuses only as many presumptions as there are statements, in rule order", () => {
    const two = { ...meals, data: [...meals.data, { category: "id-document-copy" as const }] };
    const one = assess({ ...two, adjustments: [statement] });
    expect(one.risk).toBe("high");
    expect(codes(one)).toContain("identity-document");
    const both = assess({ ...two, adjustments: [statement, { ...statement, reason: "expired documents" }] });
    expect(both.reasons.filter((r) => r.code === "presumption-defused")).toHaveLength(2);
  });

  it("never defuses rules outside the list (credentials, criminal data, identity-fraud profile)", () => {
    const result = assess(
      breachFacts({ data: dataOf("email", "password", "criminal"), adjustments: [statement, statement] }),
    );
    expect(codes(result)).not.toContain("presumption-defused");
    expect(result.risk).toBe("high");
  });

  it("ignores up adjustments for defusing", () => {
    const result = assess({ ...meals, adjustments: [{ direction: "up", reason: "a full year of records" }] });
    expect(codes(result)).not.toContain("presumption-defused");
  });
});

describe("partial counts", () => {
  it("counts many-subjects by the people whose data were readable", () => {
    const facts = breachFacts({
      data: [{ category: "email", subjects: 300 }, { category: "customer-number" }],
      subjects: { count: 9000 },
      protection: {},
    });
    expect(codes(assess(facts))).toContain("many-subjects");
    const hashedNumbers = {
      ...facts,
      data: [
        { category: "email" as const, subjects: 300 },
        { category: "customer-number" as const, unintelligible: true },
      ],
    };
    expect(codes(assess(hashedNumbers))).not.toContain("many-subjects");
  });

  it("makes a high-risk breach large only when more than 5,000 people had readable data", () => {
    const facts = breachFacts({
      data: [{ category: "email" }, { category: "health", subjects: 4000 }],
      subjects: { count: 4500 },
    });
    expect(assess(facts).largeBreach).toBe(false);
    const more = { ...facts, subjects: { count: 9000 } };
    expect(assess(more).largeBreach).toBe(true);
    const onlyHealthReadable = {
      ...more,
      data: [
        { category: "email" as const, unintelligible: true },
        { category: "health" as const, subjects: 4000 },
      ],
    };
    expect(assess(onlyHealthReadable).largeBreach).toBe(false);
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
    expect(dutch.frameworkVersion).toBe("2026.3");
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

describe("danger to physical safety (issue 19)", () => {
  const safety = { reason: "witnesses in a criminal trial" };

  it("makes names and e-mail addresses high risk and asks to inform the people (physical-safety)", () => {
    const without = assess(breachFacts({ data: dataOf("name", "email") }));
    expect(without.obligations.notifySubjects).toBe(false);
    const result = assess(breachFacts({ data: dataOf("name", "email"), physicalSafety: safety }));
    expect(result.risk).toBe("high");
    expect(result.severity.dpc).toBe(4);
    expect(reason(result, "dpc-physical-safety")).toMatchObject({ effect: "raised" });
    // ENISA's score 4 already gives "high" here; the GDPR rule confirms it and states the reason.
    expect(reason(result, "physical-safety")).toMatchObject({ effect: "confirmed" });
    expect(reason(result, "physical-safety")?.text).toContain("witnesses in a criminal trial");
    expect(result.obligations).toMatchObject({ notifyAuthority: true, notifySubjects: true });
    // With data that barely identify anyone, ENISA stays medium and the rule itself raises the risk.
    const pseudonymous = assess(breachFacts({ data: dataOf("customer-number"), physicalSafety: safety }));
    expect(pseudonymous.severity.level).toBe("medium");
    expect(reason(pseudonymous, "physical-safety")).toMatchObject({ effect: "raised" });
    expect(pseudonymous.obligations.notifySubjects).toBe(true);
  });

  it("is not lowered by the contained-disclosure cap: one letter to the wrong known person still counts", () => {
    const result = assess(
      breachFacts({ subjects: { count: 1 }, data: dataOf("name", "address"), physicalSafety: safety }),
    );
    expect(codes(result)).toContain("contained-disclosure");
    expect(result.risk).toBe("high");
  });

  it("does not apply when only a trusted recipient saw the data (physical-safety-not-exposed)", () => {
    const result = assess(
      breachFacts({ recipients: "known-trusted", data: dataOf("name", "address"), physicalSafety: safety }),
    );
    expect(reason(result, "physical-safety-not-exposed")).toMatchObject({ effect: "confirmed" });
    expect(result.obligations.notifySubjects).toBe(false);
    expect(result.safety).toMatchObject({ exposed: false });
  });

  it("says how to reach the people: safe routes unless the organisation's own channels are safe", () => {
    const unsafe = assess(breachFacts({ data: dataOf("name", "email"), physicalSafety: safety }));
    expect(unsafe.safety).toEqual({
      reason: safety.reason,
      subjects: null,
      exposed: true,
      routes: ["contact-person", "police", "other-address"],
    });
    expect(codes(unsafe)).toContain("safety-contact-route");
    const direct = assess(
      breachFacts({
        data: dataOf("name", "email"),
        physicalSafety: { ...safety, safeToContactDirectly: true },
      }),
    );
    expect(direct.safety?.routes).toEqual(["direct"]);
    expect(codes(direct)).toContain("safety-contact-direct");
    expect(assess(breachFacts()).safety).toBeNull();
  });

  it("does not let a public announcement replace telling endangered people (physical-safety-no-public-notice)", () => {
    const result = assess(
      breachFacts({ data: dataOf("name", "email"), physicalSafety: safety, disproportionateEffort: true }),
    );
    expect(result.obligations).toMatchObject({
      notifySubjects: true,
      subjectsExemption: null,
      publicCommunication: false,
    });
    expect(codes(result)).toContain("physical-safety-no-public-notice");
  });

  it("counts only the endangered people for a large breach when only their danger makes it high risk", () => {
    const facts = (subjects?: number) =>
      breachFacts({
        subjects: { count: 20_000 },
        data: dataOf("name", "email"),
        physicalSafety: { ...safety, ...(subjects === undefined ? {} : { subjects }) },
      });
    expect(assess(facts()).largeBreach).toBe(true);
    expect(assess(facts(40)).largeBreach).toBe(false);
    expect(assess(facts(6_000)).largeBreach).toBe(true);
    // High risk for everyone anyway (usable passwords): everyone counts.
    const everyone = breachFacts({
      subjects: { count: 20_000 },
      data: dataOf("name", "email", "password"),
      physicalSafety: { ...safety, subjects: 40 },
    });
    expect(assess(everyone).largeBreach).toBe(true);
  });
});

describe("an adjustment with a stated level (issue 19)", () => {
  it("moves the score as far as the organisation says, visibly", () => {
    const result = assess(
      breachFacts({
        data: dataOf("name", "address"),
        adjustments: [{ direction: "up", reason: "list of undercover officers", level: 4 }],
      }),
    );
    expect(result.severity.dpc).toBe(4);
    expect(reason(result, "dpc-adjusted-up")).toMatchObject({ effect: "raised" });
    expect(reason(result, "dpc-adjusted-up")?.text).toContain("score 1 wordt 4");
    expect(result.risk).toBe("high");
  });

  it("never moves the score the other way", () => {
    const result = assess(
      breachFacts({
        data: dataOf("health"),
        adjustments: [{ direction: "up", reason: "context", level: 2 }],
      }),
    );
    expect(result.severity.dpc).toBe(4);
    expect(reason(result, "dpc-adjusted-up")).toMatchObject({ effect: "confirmed" });
    const down = assess(
      breachFacts({
        data: dataOf("health"),
        adjustments: [{ direction: "down", reason: "general test", level: 1 }],
      }),
    );
    expect(down.severity.dpc).toBe(1);
  });
});

describe("document only: low severity without an aggravating factor (issue 19)", () => {
  it("asks for no notice when a list of ordinary contact data is lost, and shows the margin to 'medium'", () => {
    const result = assess(
      breachFacts({
        recipients: "unknown",
        cause: "lost-device",
        data: dataOf("name", "phone", "employment"),
      }),
    );
    expect(result.severity).toMatchObject({ score: 1.25, level: "low" });
    expect(result.obligations.notifyAuthority).toBe(false);
    expect(reason(result, "document-only")?.text).toContain("verschil is 0,75");
    expect(codes(result)).not.toContain("malicious-actor");
  });

  it("does not apply when someone meant harm or the data were made public (malicious-actor)", () => {
    for (const facts of [
      breachFacts({ recipients: "unknown", malicious: true, data: dataOf("name", "phone") }),
      breachFacts({ recipients: "public", data: dataOf("name", "phone") }),
    ]) {
      const result = assess(facts);
      expect(codes(result)).toContain("malicious-actor");
      expect(codes(result)).not.toContain("document-only");
      expect(result.obligations.notifyAuthority).toBe(true);
    }
  });
});
