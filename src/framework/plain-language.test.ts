import { describe, expect, it } from "vitest";
import {
  BLOCK_SENTENCE_WORDS,
  checkPlainLanguage,
  countSyllables,
  MAX_SENTENCE_WORDS,
  splitSentences,
} from "./plain-language.ts";

const rulesOf = (text: string, language: "nl" | "en" = "nl") =>
  checkPlainLanguage(text, { language }).findings.map((finding) => `${finding.rule}:${finding.severity}`);

describe("checkPlainLanguage", () => {
  it("blocks a seeded 40-word sentence", () => {
    const sentence = `${Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? "wij" : "gaan")).join(" ")}.`;
    const report = checkPlainLanguage(sentence);
    expect(report.words).toBe(40);
    expect(report.ok).toBe(false);
    expect(report.findings).toContainEqual(
      expect.objectContaining({ rule: "sentence-too-long", severity: "block", excerpt: sentence }),
    );
  });

  it("warns, but does not block, a sentence between the two limits", () => {
    const words = MAX_SENTENCE_WORDS + 2;
    expect(words).toBeLessThanOrEqual(BLOCK_SENTENCE_WORDS);
    const report = checkPlainLanguage(`${Array.from({ length: words }, () => "kat").join(" ")}.`);
    expect(report.ok).toBe(true);
    expect(report.findings).toContainEqual(
      expect.objectContaining({ rule: "sentence-too-long", severity: "warn" }),
    );
  });

  it("blocks officialese jargon and suggests the plain word", () => {
    const report = checkPlainLanguage("Indien u vragen heeft, bel ons.");
    expect(report.ok).toBe(false);
    expect(report.findings).toContainEqual(
      expect.objectContaining({
        rule: "jargon",
        severity: "block",
        excerpt: "Indien",
        suggestion: 'Use "als".',
      }),
    );
  });

  it("blocks 'functionaris gegevensbescherming' and suggests 'privacy-adviseur'", () => {
    const report = checkPlainLanguage("Mail onze functionaris gegevensbescherming.");
    expect(report.ok).toBe(false);
    expect(report.findings).toContainEqual(
      expect.objectContaining({ rule: "jargon", severity: "block", suggestion: 'Use "privacy-adviseur".' }),
    );
  });

  it("catches the officialese that passed the checker before framework 2026.3", () => {
    for (const [text, alternative] of [
      ["Bij zwakke versleuteling kunnen criminelen het wachtwoord toch achterhalen.", "te weten komen"],
      ["Het meldpunt raadt aan om uit voorzorg een nieuw document aan te vragen.", "voor de zekerheid"],
      ["Het meldpunt belt zo nodig andere organisaties.", "als het nodig is"],
    ]) {
      const report = checkPlainLanguage(text ?? "");
      expect(report.ok, text).toBe(false);
      expect(report.findings).toContainEqual(
        expect.objectContaining({ rule: "jargon", severity: "block", suggestion: `Use "${alternative}".` }),
      );
    }
    expect(rulesOf("Dat kan tot 8 weken na de afschrijving.")).toContain("jargon:warn");
  });

  it("accepts everyday compounds of common parts, such as 'claimorganisatie'", () => {
    expect(rulesOf("Vraagt een claimorganisatie om geld?")).not.toContain("long-word:warn");
  });

  it("matches jargon on whole words only", () => {
    expect(rulesOf("Wij bellen u vanmiddels niet.")).not.toContain("jargon:block");
  });

  it("warns about words that are explainable jargon", () => {
    expect(rulesOf("Let op phishing.")).toContain("jargon:warn");
  });

  it("flags long uncommon Dutch words but accepts common and compound ones", () => {
    expect(rulesOf("Dit is een onoverzichtelijkheden.")).toContain("long-word:warn");
    expect(rulesOf("Gebruik een wachtwoordmanager.")).not.toContain("long-word:warn");
    expect(rulesOf("Zoek het telefoonnummer op.")).not.toContain("long-word:warn");
    expect(rulesOf("Bel de klantenservicemedewerker.")).toContain("long-word:warn");
  });

  it("blocks extremely long words", () => {
    expect(rulesOf("Dat is arbeidsongeschiktheidsverzekering.")).toContain("long-word:block");
  });

  it("warns about Dutch passive voice", () => {
    expect(rulesOf("Uw gegevens werden door criminelen gestolen.")).toContain("passive-voice:warn");
    expect(rulesOf("Criminelen stalen uw gegevens.")).not.toContain("passive-voice:warn");
  });

  it("does not take nouns that look like participles for passive voice", () => {
    expect(rulesOf("Dit is een bericht van ons.")).not.toContain("passive-voice:warn");
  });

  it("warns about English passive voice", () => {
    expect(rulesOf("Your data was stolen and was copied.", "en")).toContain("passive-voice:warn");
  });

  it("reads ((placeholders)) as one word and ignores phone numbers and web addresses", () => {
    const report = checkPlainLanguage(
      "Bel ((contact_phone_number_for_victims)) of 088-900 10 00 of kijk op www.voorbeeld.nl.",
    );
    expect(report.words).toBe(6);
    expect(report.findings).toEqual([]);
  });

  it("warns when sentences are long on average", () => {
    const sentence = `${Array.from({ length: 18 }, () => "kat").join(" ")}.`;
    expect(rulesOf(`${sentence} ${sentence}`)).toContain("average-sentence-length:warn");
  });

  it("accepts short, plain Dutch", () => {
    const report = checkPlainLanguage(
      "Het spijt ons. Wij hebben uw gegevens niet goed beschermd. Bel ons als u vragen heeft.",
    );
    expect(report).toMatchObject({ sentences: 3, ok: true, findings: [] });
  });
});

describe("splitSentences and countSyllables", () => {
  it("splits on sentence ends and line breaks, not on times or numbers", () => {
    expect(splitSentences("Open van 08.30 tot 17.00 uur. Bel ons!\nDank u")).toEqual([
      "Open van 08.30 tot 17.00 uur.",
      "Bel ons!",
      "Dank u",
    ]);
  });

  it("counts Dutch vowel groups as syllables", () => {
    expect(countSyllables("huis")).toBe(1);
    expect(countSyllables("wachtwoord")).toBe(2);
    expect(countSyllables("organisatie")).toBe(5);
  });
});
