/**
 * My plan's two letters through the real letter renderer: the plan letter (all of a person's leaked data,
 * risks, steps in order, help, the portal's addresses) and the address-confirmation letter (the code, how to
 * type it, what to do if you did not ask) each fit two pages in both languages — also for a person with the
 * longest plan the sample breach gives —, carry the address in the window, and speak plain Dutch (B1). Where
 * the plan's lists run over the page break, every page still balances its tagged (marked) content and all text
 * stays in the structure tree.
 * The PDFs and, where pdftoppm exists, PNGs of the first pages go to out/portal-letters/ to look at.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { inflateSync } from "node:zlib";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
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

const fontsDir = `${join(createRequire(import.meta.url).resolve("pdfjs-dist/package.json"), "..", "standard_fonts")}/`;

/**
 * Each page's content stream, decoded, in page order. pdfjs has no call for a page's raw operators and quietly
 * drops an EMC without its BDC, so the marked-content balance is counted here (poppler reports such a page as
 * "Mismatched EMC operator").
 */
function pageContents(pdf: Buffer): string[] {
  const raw = pdf.toString("latin1");
  const objects = new Map<string, { dict: string; start: number }>();
  for (const m of raw.matchAll(/(\d+) 0 obj\n<<([\s\S]*?)>>\n(?:stream\n)?/g)) {
    objects.set(m[1] as string, { dict: m[2] as string, start: m.index + m[0].length });
  }
  const pages: string[] = [];
  for (const { dict } of objects.values()) {
    if (!/\/Type \/Page\b/.test(dict)) continue;
    const content = objects.get(/\/Contents (\d+) 0 R/.exec(dict)?.[1] ?? "");
    if (!content) throw new Error("page without its content stream");
    const length = Number(/\/Length (\d+)/.exec(content.dict)?.[1]);
    const bytes = pdf.subarray(content.start, content.start + length);
    pages.push((/FlateDecode/.test(content.dict) ? inflateSync(bytes) : bytes).toString("latin1"));
  }
  return pages;
}

/** Per page: whether every EMC closes a BDC/BMC of that page and every one opened is closed. */
function markedContentBalance(content: string): { end: number; lowest: number } {
  let depth = 0;
  let lowest = 0;
  for (const [op] of content.matchAll(/\b(?:BDC|BMC|EMC)\b/g)) {
    depth += op === "EMC" ? -1 : 1;
    lowest = Math.min(lowest, depth);
  }
  return { end: depth, lowest };
}

/**
 * The text pdfjs reads per page, split into what is tagged (inside marked content with a structure id), page
 * furniture (artifacts) and what is outside any marked content (untagged: invisible to a screen reader's
 * structure).
 */
async function taggedText(pdf: Buffer): Promise<{ tagged: string[]; untagged: string[] }> {
  const doc = await getDocument({ data: new Uint8Array(pdf), standardFontDataUrl: fontsDir }).promise;
  const tagged: string[] = [];
  const untagged: string[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent({ includeMarkedContent: true });
    const open: (string | undefined)[] = [];
    const parts: string[] = [];
    for (const item of content.items) {
      if ("type" in item) {
        if (item.type === "endMarkedContent") open.pop();
        // pdfjs gives the tag too (its types leave it out).
        else open.push((item as { tag?: string }).tag);
        continue;
      }
      if (open.includes("Artifact")) continue;
      if (open.length === 0) untagged.push(item.str);
      else parts.push(item.str);
    }
    tagged.push(parts.join(" "));
  }
  await doc.cleanup();
  return { tagged, untagged: untagged.filter((s) => s.trim() !== "") };
}

const words = (text: string) => text.replace(/\s+/g, " ").trim();

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

  it("names the breach by its Dutch title in Dutch only; in English, the data breach at the organisation", async () => {
    const title = SAMPLE_BREACH.title ?? "";
    expect(title).not.toBe("");
    const dutch = plan("nl");
    expect(textOf(dutch).join("\n")).toContain(`Het datalek: ${title}.`);
    const english = plan("en");
    const expected = `This is about the data breach at ${SAMPLE_ORGANISATION.name}.`;
    expect(textOf(english).join("\n")).toContain(expected);
    expect(textOf(english).join("\n")).not.toContain(title);
    // And so the printed letter.
    const { tagged } = await taggedText(renderLetterPdf(english).pdf);
    expect(words(tagged.join(" "))).toContain(expected);
    expect(words(tagged.join(" "))).not.toContain(title);
  });

  for (const language of ["nl", "en"] as const) {
    it(`keeps marked content whole on each page when a list crosses the page break (${language})`, async () => {
      const message = plan(language);
      const { pdf, pages } = renderLetterPdf(message);
      expect(pages).toBe(2);
      const { tagged, untagged } = await taggedText(pdf);
      const items = message.sections.flatMap((s) =>
        s.blocks.flatMap((b) => (b.kind === "list" ? b.items : [])),
      );
      // The plan's lists run over the page break: some of their items are on the first page, some on the second.
      const onPage = (page: number) =>
        items.filter((item) => words(tagged[page] ?? "").includes(words(item.text).slice(0, 30)));
      expect(onPage(0).length).toBeGreaterThan(0);
      expect(onPage(1).length).toBeGreaterThan(0);
      // Every page's content stream closes each marked-content sequence it opens, and opens each one it closes.
      expect(pageContents(pdf).map(markedContentBalance)).toEqual(
        Array.from({ length: pages }, () => ({ end: 0, lowest: 0 })),
      );
      // All text is tagged (a line carried over to the next page too), and every item is there in full.
      expect(untagged).toEqual([]);
      const all = words(tagged.join(" "));
      for (const item of items) {
        for (const part of [item.title, item.text, ...(item.sub ?? [])]) {
          if (part) expect(all).toContain(words(part).replace(/[.]$/, ""));
        }
      }
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
