/**
 * First notices people read to the end (issue 16): for the sample victim the letter fits one sheet (two
 * pages), the e-mail body stays within 600 words and the whole e-mail within 24 KB, and every pre-send check
 * passes — with the personal code printed, and without one (the notice then says where to ask for it). The
 * demo's people with the most kinds of data and the most situations get a letter of one sheet too.
 */
import { describe, expect, it } from "vitest";
import { DEMO_BREACH_SLUG, demoVictims } from "../src/cli/demo.ts";
import { type Finding, type Recipient, renderPreview } from "../src/messages/index.ts";
import { SAMPLE_RECIPIENTS, sampleSetup } from "../src/messages/sample.ts";
import type { VictimInput } from "../src/store/index.ts";

/** Words as a reader counts them: tokens with a letter or digit (list marks and rules are no words). */
function words(text: string): number {
  return text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

const blocking = (findings: readonly Finding[]) => findings.filter((f) => f.severity === "block");
const SAMPLE = SAMPLE_RECIPIENTS[0];
const ENGLISH = SAMPLE_RECIPIENTS[5];

describe("the sample first notice", () => {
  for (const [who, recipient] of [
    ["Dutch", SAMPLE],
    ["English", ENGLISH],
  ] as const) {
    if (!recipient) throw new Error("no sample recipient");
    it(`is a letter of at most 2 pages and an e-mail of at most 600 words that passes every check (${who})`, () => {
      const preview = renderPreview({ recipient, personalCode: "M3PA-K7QX-XH4C-9RTW" });
      expect(preview.letter?.pages).toBeLessThanOrEqual(2);
      expect(words(preview.email.text)).toBeLessThanOrEqual(600);
      expect(Buffer.byteLength(preview.email.eml)).toBeLessThanOrEqual(24_000);
      // The English sample has no phone number: only its SMS is out of reach.
      expect(blocking(preview.findings).filter((f) => f.check !== "reach")).toEqual([]);
      expect(preview.sendableBy).toEqual(expect.arrayContaining(["email", "letter", "portal"]));
      // The portal's short address with the code beside it, in every channel that shows the sections.
      const code = "M3PA-K7QX-XH4C-9RTW";
      const plan =
        recipient.language === "en"
          ? "lekwijzer.example.org/en/mijn-plan"
          : "lekwijzer.example.org/mijn-plan";
      expect(preview.email.text).toContain(plan);
      // The portal's HTML puts break points into addresses and codes (they show only where a line breaks).
      expect(preview.email.text).toContain(code);
      expect(preview.portal.replace(/<wbr>|\u00ad/g, "")).toContain(code);
      expect(preview.email.html).toContain('<strong class="address">');
    });
  }

  it("holds the letter to two pages whatever characters the code has", () => {
    for (const personalCode of ["WWWW-WWWW-WWWW-WWWM", "2222-2222-2222-2222"]) {
      expect(renderPreview({ personalCode }).letter?.pages).toBeLessThanOrEqual(2);
    }
  });

  it("passes every check without a code too, and says where to ask for one", () => {
    const preview = renderPreview({ personalCode: null });
    expect(preview.letter?.pages).toBeLessThanOrEqual(2);
    expect(words(preview.email.text)).toBeLessThanOrEqual(600);
    expect(blocking(preview.findings)).toEqual([]);
    expect(preview.email.text).toContain("lekwijzer.example.org/datalek/voorbeeld-telecom-2026-02/getroffen");
  });

  it("lets every sample person's notice go out, and keeps the platform's own words free of blocking findings", () => {
    for (const recipient of SAMPLE_RECIPIENTS) {
      const preview = renderPreview({ recipient });
      expect(
        blocking(preview.findings).filter((f) => f.check !== "reach"),
        recipient.id,
      ).toEqual([]);
      expect(preview.sendableBy, recipient.id).toContain("letter");
    }
  });
});

/** The demo file's person as the delivery part hands them to the messages part. */
function recipientOf(victim: VictimInput): Recipient {
  return {
    id: victim.externalId,
    ...(victim.name ? { name: victim.name } : {}),
    ...(victim.email ? { email: victim.email } : {}),
    ...(victim.phone ? { phone: victim.phone } : {}),
    ...(victim.address ? { address: victim.address } : {}),
    language: victim.language === "en" ? "en" : "nl",
    categories: [...(victim.categories ?? [])],
    flags: [...(victim.flags ?? [])],
  };
}

/**
 * Per language, the demo's people whose letters grow most: the most kinds of data (each a line in the data
 * list and more risks), the most situations (each an advice line), and the most of both together.
 */
function worstCaseDemoPeople(): Recipient[] {
  const people = demoVictims().map(recipientOf);
  const worst = new Map<string, Recipient>();
  for (const language of ["nl", "en"] as const) {
    const own = people.filter((p) => p.language === language);
    for (const weight of [
      (p: Recipient) => p.categories.length,
      (p: Recipient) => p.flags.length,
      (p: Recipient) => p.categories.length + p.flags.length,
    ]) {
      const most = Math.max(...own.map(weight));
      for (const p of own.filter((q) => weight(q) === most))
        worst.set(`${language}|${p.categories.join()}|${p.flags.join()}`, p);
    }
  }
  return [...worst.values()];
}

describe("the demo's first notices (npm start)", () => {
  const people = worstCaseDemoPeople();

  it("picks people with eight kinds of data in both languages, and the one with two situations", () => {
    for (const language of ["nl", "en"]) {
      const own = people.filter((p) => p.language === language);
      expect(Math.max(...own.map((p) => p.categories.length))).toBe(8);
      expect(Math.max(...own.map((p) => p.flags.length))).toBeGreaterThanOrEqual(1);
    }
    expect(people.some((p) => p.flags.length === 2 && p.categories.length === 6)).toBe(true);
  });

  // The demo's plan address is the default PUBLIC_URL; a longer one wraps the typed addresses.
  for (const publicUrl of ["http://localhost:3000", "https://lekwijzer.example.org"]) {
    it(`fits every worst-case person's letter on one sheet, passing every check (${publicUrl})`, () => {
      const setup = { ...sampleSetup(), publicUrl, breachSlug: DEMO_BREACH_SLUG };
      for (const recipient of people) {
        const who = `${recipient.id} (${recipient.language}: ${recipient.categories.length} kinds of data, ${recipient.flags.join(", ") || "no flags"})`;
        const preview = renderPreview({ setup, recipient, personalCode: "WWWW-WWWW-WWWW-WWWM" });
        expect(preview.letter?.pages, who).toBeLessThanOrEqual(2);
        expect(
          blocking(preview.findings).filter((f) => f.check !== "reach"),
          who,
        ).toEqual([]);
        expect(preview.sendableBy, who).toContain("letter");
      }
    });
  }
});
