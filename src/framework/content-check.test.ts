import { describe, expect, it } from "vitest";
import {
  checkContent,
  FRAMEWORK_CONTENT,
  type FrameworkContent,
  publicSourceProblem,
} from "./content-check.ts";

const messages = (content: FrameworkContent) =>
  checkContent(content).map((problem) => `${problem.where}: ${problem.message}`);

/** A deep copy the test may break without touching the real data. */
const copy = (): FrameworkContent => structuredClone(FRAMEWORK_CONTENT) as FrameworkContent;

describe("checkContent", () => {
  it("finds no problems in the framework", () => {
    expect(checkContent()).toEqual([]);
  });

  it("reports a category without risks", () => {
    const content = copy();
    const email = content.categories.find((category) => category.id === "email");
    if (email) email.risks = [];
    expect(messages(content)).toContain("categories.email: no risks");
  });

  it("reports a category that has no entry", () => {
    const content = copy();
    content.categories = content.categories.filter((category) => category.id !== "iban");
    expect(messages(content)).toContain("categories.iban: id has no entry");
  });

  it("reports a risk without steps", () => {
    const content = copy();
    const risk = content.risks.find((entry) => entry.id === "extortion");
    if (risk) risk.steps = [];
    expect(messages(content)).toContain("risks.extortion: no steps");
  });

  it("reports a step that nothing triggers", () => {
    const content = copy();
    const step = content.steps.find((entry) => entry.id === "block-card");
    if (step) step.triggers = [];
    expect(messages(content)).toContain("steps.block-card: not reachable from any category or flag");
  });

  it("reports an unknown category in a combination trigger", () => {
    const content = copy();
    const step = content.steps.find((entry) => entry.id === "block-card");
    if (step)
      step.triggers = [
        { categories: ["payment-card"], withCategories: ["adress" as never], priority: "now" },
      ];
    expect(messages(content)).toContain('steps.block-card: unknown category "adress"');
  });

  it("reports a missing English text", () => {
    const content = copy();
    const step = content.steps.find((entry) => entry.id === "block-card");
    if (step?.how[0]) step.how[0].en = "";
    expect(messages(content)).toContain("steps.block-card.how[0].en: missing or empty text");
  });

  it("reports an unknown help organisation and one without a source", () => {
    const content = copy();
    const step = content.steps.find((entry) => entry.id === "block-card");
    if (step) step.help = ["bank", "nonexistent" as never];
    const bank = content.helpOrganisations.find((entry) => entry.id === "bank");
    if (bank) bank.source = " ";
    const found = messages(content);
    expect(found).toContain('steps.block-card: unknown help organisation "nonexistent"');
    expect(found).toContain("helpOrganisations.bank: missing source or checkedAt");
  });

  it("reports a help source that only exists on our machines, and an old or future check date", () => {
    const content = copy();
    const [first, second, third] = content.helpOrganisations;
    if (!first || !second || !third) throw new Error("expected help organisations");
    first.source = "shared/reference/help-and-peers.md";
    second.source = "https://intranet.local/help";
    third.checkedAt = "2020-01-01";
    const release = content.changelog.find((entry) => entry.version === content.version)?.date ?? "";
    const bank = content.helpOrganisations.find((entry) => entry.id === "bank");
    if (bank) bank.checkedAt = "2099-01-01";
    const found = messages(content);
    expect(found).toContain(
      `helpOrganisations.${first.id}: source "shared/reference/help-and-peers.md" is not a web address`,
    );
    expect(found).toContain(
      `helpOrganisations.${second.id}: source "https://intranet.local/help" is not on a public host`,
    );
    expect(
      found.some((m) => m.startsWith(`helpOrganisations.${third.id}: checkedAt 2020-01-01 is more than`)),
    ).toBe(true);
    expect(found).toContain(`helpOrganisations.bank: checkedAt is after the release date ${release}`);
  });

  it("accepts every help organisation as released: public https source, checked within a year", () => {
    for (const organisation of FRAMEWORK_CONTENT.helpOrganisations) {
      expect(publicSourceProblem(organisation.source), organisation.id).toBeNull();
    }
  });

  it("reports an undeclared placeholder", () => {
    const content = copy();
    const element = content.elements.find((entry) => entry.id === "apology");
    if (element) element.template.nl += " Bel ((phone)).";
    expect(messages(content)).toContain(
      "elements.apology.template.nl: placeholder ((phone)) is not declared",
    );
  });

  it("reports Dutch text that fails the B1 check", () => {
    const content = copy();
    const risk = content.risks.find((entry) => entry.id === "phishing");
    if (risk) risk.explanation.nl = "Indien u een bericht krijgt, bel ons.";
    expect(
      messages(content).some((message) => message.startsWith("risks.phishing.explanation.nl: B1:")),
    ).toBe(true);
  });

  it("reports a flag whose extra step has no trigger for it", () => {
    const content = copy();
    const flag = content.flags.find((entry) => entry.id === "senior");
    if (flag) flag.extraSteps = [...flag.extraSteps, "block-card"];
    expect(messages(content)).toContain('flags.senior: extra step "block-card" has no trigger for this flag');
  });
});
