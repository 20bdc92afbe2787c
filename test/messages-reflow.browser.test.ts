/**
 * Victim-facing message HTML at phone width (WCAG 1.4.10 reflow, 1.4.12 text spacing): the personal e-mail as
 * mail programs show it, and the portal fragment inside a minimal page with no style sheet of its own, so the
 * fragment has to reflow by itself. Long codes, typed addresses and e-mail addresses must wrap.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type MessageSetup,
  type Recipient,
  renderPreview,
  SAMPLE_ORGANISATION,
  SAMPLE_RECIPIENTS,
  sampleSetup,
} from "../src/messages/index.ts";
import {
  accessibilityFindings,
  browserUnavailable,
  firstScreen,
  launchBrowser,
  measureReflow,
  newContext,
  screenshot,
} from "./support/browser.ts";

let browser: Browser;
beforeAll(async () => {
  if (browserUnavailable) return;
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** The sample, and one with the longest words staff and victim files plausibly hold. */
const longWords: MessageSetup = {
  ...sampleSetup(),
  organisation: {
    ...SAMPLE_ORGANISATION,
    website: "voorbeeldtelecom.nl/klantenservice/datalek-klantgegevens-februari",
    dpo: { name: "Privacy-adviseur", email: "privacyadviseur.klantgegevensbescherming@voorbeeldtelecom.nl" },
  },
};
const longRecipient: Recipient = {
  ...(SAMPLE_RECIPIENTS[0] as Recipient),
  id: "klant-000099",
  name: "Anne-Marijke Vanderstraaten-Wijnbergen-Hoogeveen",
  email: "anne-marijke.vanderstraaten-wijnbergen@voorbeeldprovider.example.nl",
  categories: ["name", "address", "email", "phone", "date-of-birth", "iban", "id-document-number", "bsn"],
};

const cases = [
  { name: "sample-nl", setup: sampleSetup(), recipient: SAMPLE_RECIPIENTS[0] as Recipient },
  { name: "sample-en", setup: sampleSetup(), recipient: SAMPLE_RECIPIENTS[5] as Recipient },
  { name: "long-words-nl", setup: longWords, recipient: longRecipient },
].map(({ name, setup, recipient }) => {
  const preview = renderPreview({ setup, recipient, verificationCode: "K7QX-M3PA-9RTW-XH4C" });
  return { name, html: preview.email.html, portal: preview.portal, language: recipient.language };
});

/** The portal fragment on its own: a page with nothing but the fragment and a viewport. */
function portalPage(fragment: string, language: string): string {
  return `<!DOCTYPE html><html lang="${language}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Portaal</title></head>
<body><main>${fragment}</main></body></html>`;
}

const targets = cases.flatMap((c) => [
  { name: `email-${c.name}`, html: c.html },
  { name: `portal-${c.name}`, html: portalPage(c.portal, c.language) },
]);
const load = (html: string) => (page: Page) => page.setContent(html);

describe.skipIf(browserUnavailable)("victim-facing message HTML in a browser", () => {
  it("names the portal's addresses in the sample e-mail, so the widest line is really measured", () => {
    const text = (html = "") => html.replace(/<wbr>|&shy;|\u2060/g, "");
    expect(text(cases[0]?.html)).toContain("lekwijzer.example.org/datalek/voorbeeld-telecom-2026-02");
    expect(text(cases[2]?.html)).toContain("privacyadviseur.klantgegevensbescherming@voorbeeldtelecom.nl");
    expect(text(cases[2]?.html)).toContain("Anne-Marijke Vanderstraaten-Wijnbergen-Hoogeveen");
    expect(text(cases[2]?.portal)).toContain(
      "voorbeeldtelecom.nl/klantenservice/datalek-klantgegevens-februari",
    );
  });

  it("never scrolls sideways at 320 px, with and without WCAG text spacing", async () => {
    const wide: unknown[] = [];
    for (const { name, html } of targets) {
      for (const textSpacing of [false, true]) {
        const reflow = await measureReflow(browser, load(html), { textSpacing });
        if (reflow.scrollWidth > reflow.viewportWidth || reflow.wide.length > 0)
          wide.push({ name, textSpacing, scrollWidth: reflow.scrollWidth, wide: reflow.wide });
      }
    }
    expect(wide).toEqual([]);
  }, 120_000);

  it("passes axe-core and HTML_CodeSniffer WCAG 2.1 AA with zero errors", async () => {
    for (const { name, html } of targets) {
      const found = await accessibilityFindings(browser, load(html));
      expect({ name, violations: found.axe, errors: found.codeSniffer }).toEqual({
        name,
        violations: [],
        errors: [],
      });
    }
  }, 120_000);

  it("show the message's heading on a phone's first screen and the verification code readable", async () => {
    const context = await newContext(browser, { viewport: "phone" });
    const page = await context.newPage();
    for (const { name, html } of targets) {
      await page.setContent(html);
      const seen = await firstScreen(page);
      // A person opening the message sees at once who writes about what, without scrolling or zooming.
      expect({ name, ...seen, title: undefined }).toEqual({
        name,
        headings: 1,
        heading: expect.stringContaining("Voorbeeld Telecom"),
        title: undefined,
        visible: true,
        onFirstScreen: true,
      });
      // The code that proves the message genuine is on the page as visible text, not hidden or clipped.
      await expect(page.getByText("K7QX-M3PA-9RTW-XH4C").first().isVisible(), name).resolves.toBe(true);
      await screenshot(page, `message-${name}-phone`);
    }
    await context.close();
  }, 60_000);
});
