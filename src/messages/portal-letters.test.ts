/**
 * My plan's two letters through the real letter renderer: the plan letter (all of a person's leaked data,
 * risks, steps in order, help, the portal's addresses) and the address-confirmation letter (the code, how to
 * type it, what to do if you did not ask) each fit two pages in both languages — also for a person with the
 * longest plan the sample breach gives —, carry the address in the window, and speak plain Dutch (B1).
 * The PDFs and, where pdftoppm exists, PNGs of the first pages go to out/portal-letters/ to look at.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { planFor } from "../assess/index.ts";
import { type CategoryId, checkPlainLanguage } from "../framework/index.ts";
import { blockText } from "./blocks.ts";
import { renderLetterPdf } from "./letter/letter.ts";
import type { ComposedMessage, Language } from "./message.ts";
import { portalAddresses } from "./portal-addresses.ts";
import { addressChangeNotice, addressConfirmationLetter, planLetter } from "./portal-letters.ts";
import { SAMPLE_BREACH, SAMPLE_ORGANISATION } from "./sample.ts";

const OUT = join(process.cwd(), "out", "portal-letters");
const ALL: CategoryId[] = SAMPLE_BREACH.data.map((item) => item.category);

function base(language: Language, flags: string[] = []) {
  return {
    id: "breach-1.klant-1.printed-letter.r1",
    breachId: "breach-1",
    organisation: SAMPLE_ORGANISATION,
    recipient: {
      id: "klant-1",
      name: "Anna de Vries",
      address: { street: "Dorpsweg", houseNumber: "7", postcode: "4321 BA", city: "Zwolle", country: "NL" },
      language,
      categories: ALL,
      flags,
    },
    reference: "MP-1A2B-3C4D-5E6F",
    verificationCode: "K7QX-M3PA-9RTW-XH4C",
    date: "2026-12-04",
    portal: portalAddresses("https://lekwijzer.example.org", "voorbeeld-telecom-2026-02", language),
  };
}

function plan(language: Language, flags: string[] = []): ComposedMessage {
  return planLetter({
    ...base(language, flags),
    breachTitle: SAMPLE_BREACH.title ?? "",
    categories: ALL,
    plan: planFor({ breach: SAMPLE_BREACH, victim: { categories: ALL, flags: flags as never[], language } }),
  });
}

function confirmation(language: Language): ComposedMessage {
  const input = base(language);
  return addressConfirmationLetter({
    ...input,
    recipient: {
      ...input.recipient,
      address: {
        street: "Nieuwe Gracht",
        houseNumber: "12a",
        postcode: "3512 AB",
        city: "Utrecht",
        country: "NL",
      },
    },
    code: "K7QX-M3PA",
    expiresOn: "2027-01-03",
    tries: 5,
  });
}

function changeNotice(language: Language): ComposedMessage {
  return addressChangeNotice({ ...base(language), newPostcode: "3512 **", changedOn: "2026-12-04" });
}

function textOf(message: ComposedMessage): string[] {
  return [
    message.subject,
    message.summary,
    ...message.sections.flatMap((s) => [s.heading, ...s.blocks.map(blockText)]),
  ].flatMap((text) => text.split("\n"));
}

/** Writes the PDF and, when pdftoppm is there, a PNG per page; the PNG paths. */
function keep(name: string, pdf: Buffer): void {
  mkdirSync(OUT, { recursive: true });
  const path = join(OUT, `${name}.pdf`);
  writeFileSync(path, pdf);
  spawnSync("pdftoppm", ["-png", "-r", "60", path, join(OUT, name)]);
}

describe("My plan's letters", () => {
  for (const language of ["nl", "en"] as const) {
    it(`fits the longest plan letter on two pages (${language})`, () => {
      for (const flags of [[], ["senior", "low-literacy", "at-risk-profession"]]) {
        const message = plan(language, flags);
        const { pdf, pages } = renderLetterPdf(message);
        if (flags.length === 0) keep(`plan-${language}`, pdf);
        expect(pages).toBeGreaterThan(0);
        expect(pages).toBeLessThanOrEqual(2);
      }
      const message = plan(language);
      expect(message.addressee.addressLines).toEqual(["Anna de Vries", "Dorpsweg 7", "4321 BA  ZWOLLE"]);
      const text = textOf(message).join("\n");
      expect(text).toContain("lekwijzer.example.org");
      expect(text).toContain("/datalek/voorbeeld-telecom-2026-02");
      // Steps in the plan's order, numbered.
      const steps = message.sections.find((s) => s.id === "what-you-can-do")?.blocks[1];
      expect(steps).toMatchObject({ kind: "list", ordered: true });
    });

    it(`fits the confirmation letter on one page, code in it (${language})`, () => {
      const message = confirmation(language);
      const { pdf, pages } = renderLetterPdf(message);
      expect(pages).toBe(1);
      keep(`confirmation-${language}`, pdf);
      expect(message.addressee.addressLines).toEqual([
        "Anna de Vries",
        "Nieuwe Gracht 12a",
        "3512 AB  UTRECHT",
      ]);
      expect(textOf(message)).toContain("K7QX-M3PA");
    });
  }

  for (const language of ["nl", "en"] as const) {
    it(`sends the former address one page naming only the new postcode, and whom to call (${language})`, () => {
      const message = changeNotice(language);
      const { pdf, pages } = renderLetterPdf(message);
      expect(pages).toBe(1);
      keep(`address-changed-${language}`, pdf);
      expect(message.addressee.addressLines).toEqual(["Anna de Vries", "Dorpsweg 7", "4321 BA  ZWOLLE"]);
      const text = textOf(message).join("\n");
      expect(text).toContain("3512 **");
      expect(text).toContain("020-123 45 67");
      expect(text).not.toContain("Nieuwe Gracht");
    });
  }

  it("speaks plain Dutch (B1) in every letter", () => {
    for (const message of [plan("nl"), confirmation("nl"), changeNotice("nl")]) {
      // The framework's own risk and step texts are checked where they are written (framework tests).
      const own = message.sections.filter((s) => !["consequences", "what-you-can-do", "help"].includes(s.id));
      const texts = [
        message.subject,
        message.summary,
        ...own.flatMap((s) => [s.heading, ...s.blocks.map(blockText)]),
      ];
      const blocking = texts.flatMap((text) =>
        checkPlainLanguage(text, { language: "nl" })
          .findings.filter((finding) => finding.severity === "block")
          .map((finding) => `${finding.message} — "${text}"`),
      );
      expect(blocking).toEqual([]);
    }
  });
});
