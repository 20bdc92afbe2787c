import { describe, expect, it } from "vitest";
import { planFor } from "./assessment.ts";
import { type AdviceRequest, adviceFor, channelsFor } from "./plan.ts";
import { breachFacts, dataOf } from "./testing.ts";

const ids = (request: AdviceRequest) => adviceFor(request).steps.map((step) => step.id);

describe("planFor", () => {
  it("uses the breach's categories when the victim has none of their own", () => {
    const breach = breachFacts({ data: dataOf("email", "payment-card") });
    const own = planFor({ breach, victim: { categories: [] } });
    expect(own.steps.map((step) => step.id)).toContain("block-card");
    const narrowed = planFor({ breach, victim: { categories: ["email"] } });
    expect(narrowed.steps.map((step) => step.id)).not.toContain("block-card");
  });

  it("orders steps now, soon, watch and keeps framework order within a priority", () => {
    const plan = planFor({ breach: breachFacts(), victim: { categories: ["email", "password", "iban"] } });
    const priorities = plan.steps.map((step) => step.priority);
    expect(priorities).toEqual(
      [...priorities].sort(
        (a, b) => ["now", "soon", "watch"].indexOf(a) - ["now", "soon", "watch"].indexOf(b),
      ),
    );
    expect(plan.steps.filter((step) => step.priority === "now").map((step) => step.id)).toEqual([
      "change-passwords",
      "recognise-phishing",
      "check-bank-statements",
    ]);
  });

  it("writes in the victim's language", () => {
    const english = planFor({ breach: breachFacts(), victim: { categories: ["iban"], language: "en" } });
    expect(english.steps.find((step) => step.id === "check-bank-statements")?.why).toContain("8 weeks");
    const dutch = planFor({ breach: breachFacts(), victim: { categories: ["iban"] } });
    expect(dutch.steps.find((step) => step.id === "check-bank-statements")?.why).toContain("8 weken");
    expect(dutch.risks.find((risk) => risk.id === "financial-fraud")).toMatchObject({
      label: "Fraude met uw geld",
    });
  });

  it("throws for an unknown category", () => {
    expect(() => planFor({ breach: breachFacts(), victim: { categories: ["emial" as never] } })).toThrow(
      'victim.categories[0]: unknown category "emial"; did you mean "email"?',
    );
  });
});

describe("adviceFor: only steps that data and flags justify", () => {
  it("gives identity-document steps only for identity documents", () => {
    expect(ids({ categories: ["id-document-copy"] })).toEqual(
      expect.arrayContaining(["report-id-document", "report-identity-fraud"]),
    );
    expect(ids({ categories: ["bsn"] })).not.toContain("report-id-document");
    expect(ids({ categories: ["bsn"] })).toContain("bsn-no-new-number");
  });

  it("adds personal-safety advice for at-risk people, urgent when whereabouts leaked", () => {
    expect(ids({ categories: ["address"] })).not.toContain("personal-safety");
    const withAddress = adviceFor({ categories: ["address"], flags: ["shielded-address"] });
    expect(withAddress.steps.find((step) => step.id === "personal-safety")?.priority).toBe("now");
    const withoutAddress = adviceFor({ categories: ["email"], flags: ["shielded-address"] });
    expect(withoutAddress.steps.find((step) => step.id === "personal-safety")?.priority).toBe("soon");
  });

  it("adds advice for the flag's group", () => {
    expect(ids({ categories: ["email"], flags: ["minor"] })).toContain("advice-parents");
    expect(ids({ categories: ["email"], flags: ["senior"] })).toContain("advice-seniors");
    expect(ids({ categories: ["email"], flags: ["represented"] })).toContain("advice-representatives");
    expect(ids({ categories: ["email"], flags: ["deceased"] })).toContain("advice-next-of-kin");
    expect(ids({ categories: ["email"], flags: ["low-literacy"] })).toContain("ask-trusted-helper");
    expect(ids({ categories: ["email"] })).not.toEqual(expect.arrayContaining(["advice-parents"]));
  });

  it("lists the risks of the categories and flags", () => {
    const plan = adviceFor({ categories: ["password"], flags: ["at-risk-profession"] });
    expect(plan.risks.map((risk) => risk.id)).toEqual(["account-takeover", "extortion", "physical-danger"]);
  });
});

describe("channelsFor", () => {
  it("defaults to e-mail with a letter", () => {
    expect(channelsFor(new Set())).toEqual(["email", "letter"]);
  });

  it("sends letters only to people without digital access", () => {
    expect(channelsFor(new Set(["no-digital-access"]))).toEqual(["letter"]);
    expect(channelsFor(new Set(["senior", "no-digital-access"]))).toEqual(["letter"]);
    expect(channelsFor(new Set(["low-literacy", "no-digital-access"]))).toEqual(["letter"]);
  });

  it("writes to someone else for the deceased, the represented and children, in that precedence", () => {
    expect(channelsFor(new Set(["represented", "senior"]))).toEqual(["representative"]);
    expect(channelsFor(new Set(["minor"]))).toEqual(["parents-or-guardians"]);
    expect(channelsFor(new Set(["minor", "represented", "deceased"]))).toEqual(["estate"]);
  });

  it("uses a letter for a shielded address", () => {
    expect(channelsFor(new Set(["shielded-address"]))).toEqual(["letter"]);
  });
});

describe("people in physical danger (issue 19)", () => {
  const breach = breachFacts({
    subjects: { count: 245 },
    data: dataOf("name", "email", "password"),
    physicalSafety: { reason: "interpreters hiding from a regime that persecutes them" },
  });

  it("gives everyone the breach's safety fact covers the endangered flag, and leads with the safety steps", () => {
    const plan = planFor({ breach, victim: { categories: [] } });
    const ids = plan.steps.map((step) => step.id);
    expect(ids.slice(0, 2)).toEqual(["safety-first", "personal-safety"]);
    expect(ids).toEqual(
      expect.arrayContaining(["get-victim-support", "report-crime-police", "change-passwords"]),
    );
    expect(plan.risks.map((risk) => risk.id)).toContain("physical-danger");
    expect(plan.channels).toEqual(["letter"]);
  });

  it("leaves it to the victim file when only some people are endangered", () => {
    const some = { ...breach, physicalSafety: { reason: "some witnesses", subjects: 12 } };
    const ordinary = planFor({ breach: some, victim: { categories: [] } });
    expect(ordinary.steps.map((step) => step.id)).not.toContain("safety-first");
    const marked = planFor({ breach: some, victim: { categories: [], flags: ["endangered"] } });
    expect(marked.steps[0]?.id).toBe("safety-first");
  });

  it("puts safety first for the existing special-risk flags too", () => {
    const steps = adviceFor({
      categories: ["name", "address", "password"],
      flags: ["at-risk-profession"],
    }).steps;
    expect(steps[0]?.id).toBe("personal-safety");
  });
});
