import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateCode } from "../src/core/codes.ts";
import { previewToFiles, SAMPLE_RECIPIENTS } from "../src/messages/index.ts";
import { openTestDatabase, type TestDatabase } from "../src/store/testing.ts";
import {
  accessibilityAtBothWidths,
  accessibilityFindings,
  axeViolations,
  browserUnavailable,
  codeSnifferErrors,
  expectVisibleFocus,
  firstScreen,
  launchBrowser,
  measureReflow,
  newContext,
  open,
  screenshot,
  type Target,
  tabThrough,
} from "./support/browser.ts";
import { sendMessages } from "./support/sent-messages.ts";
import { startTestServer, type TestServer } from "./support/server.ts";

let browser: Browser;
let server: TestServer;
let db: TestDatabase;
/** Verification codes of sent messages, for "is this message genuine?". */
let codes: Awaited<ReturnType<typeof sendMessages>>;

beforeAll(async () => {
  if (browserUnavailable) return;
  db = await openTestDatabase("pglite");
  codes = await sendMessages(db);
  // Every check below posts the same codes several times: the page's look-up limits are not under test here.
  const roomy = { max: 10_000, windowMs: 60_000 };
  server = await startTestServer({
    extra: { store: { db: db.db, keys: db.keys }, verifyLimits: { perCode: roomy, perNetwork: roomy } },
  });
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await db?.close();
});

const prefix = (language: "nl" | "en") => (language === "nl" ? "" : "/en");

/** Ticks the given boxes on the advice form and submits it, as a person without JavaScript would. */
const submitAdvice =
  (language: "nl" | "en", data: string[], flags: string[] = []) =>
  async (page: Page) => {
    await page.goto(`${server.url}${prefix(language)}/wat-kunt-u-doen`);
    await page
      .evaluate(`for (const d of document.querySelectorAll("details")) d.open = true;`)
      .catch(() => {});
    for (const id of data) await page.locator(`#gegevens-${id}`).check();
    for (const id of flags) await page.locator(`#situatie-${id}`).check();
    await Promise.all([page.waitForEvent("load"), page.locator("button[type=submit]").last().click()]);
  };

/** Types a code on "is this message genuine?" and submits it, as a person without JavaScript would. */
const submitCode = (language: "nl" | "en", code: () => string) => async (page: Page) => {
  await page.goto(`${server.url}${prefix(language)}/echt`);
  await page.locator("#code").fill(code());
  await Promise.all([page.waitForEvent("load"), page.locator("button[type=submit]").click()]);
};

/** Every public page, in both languages, in the states a visitor can reach. */
function pages(): { name: string; target: () => Target }[] {
  return (["nl", "en"] as const).flatMap((language) => {
    const base = () => `${server.url}${prefix(language)}`;
    return [
      { name: `home-${language}`, target: () => `${server.url}${language === "nl" ? "/" : "/en"}` },
      { name: `advice-form-${language}`, target: () => `${base()}/wat-kunt-u-doen` },
      { name: `advice-error-${language}`, target: () => submitAdvice(language, []) },
      {
        name: `advice-plan-${language}`,
        target: () =>
          submitAdvice(
            language,
            [
              "name",
              "address",
              "email",
              "phone",
              "bsn",
              "id-document-copy",
              "iban",
              "password",
              "health",
              "photo",
            ],
            ["senior", "shielded-address"],
          ),
      },
      {
        name: `advice-breach-link-${language}`,
        target: () =>
          `${base()}/wat-kunt-u-doen/datalek?datalek=Voorbeeld%20Telecom&gegevens=name,address,email,phone,iban,id-document-number`,
      },
      { name: `help-${language}`, target: () => `${base()}/hulp` },
      { name: `framework-${language}`, target: () => `${base()}/handelingskader` },
      { name: `verify-form-${language}`, target: () => `${base()}/echt` },
      { name: `verify-genuine-${language}`, target: () => submitCode(language, () => codes.email) },
      { name: `verify-unknown-${language}`, target: () => submitCode(language, () => generateCode()) },
      { name: `verify-error-${language}`, target: () => submitCode(language, () => "") },
      { name: `not-found-${language}`, target: () => `${base()}/bestaat-niet` },
    ];
  });
}

/** The not-found page's tab says what happened; its heading says it to the person. */
const NOT_FOUND: Record<string, string> = {
  "not-found-nl": "Deze pagina bestaat niet",
  "not-found-en": "This page does not exist",
};

describe.skipIf(browserUnavailable)("public pages in a browser", () => {
  it("have checks that catch what they look for, on a deliberately broken page", async () => {
    const broken = (page: Page) =>
      page.setContent(`<!doctype html><html lang="nl"><head><title>Kapot</title>
<style>a:focus { outline: none; } .wide { width: 600px; }</style></head>
<body><main><h1>Kapot</h1><img src="x.png"><input type="text"><div class="wide">breed</div>
<a href="#x">link</a></main></body></html>`);
    expect((await axeViolations(browser, broken)).map((v) => v.id)).toEqual(
      expect.arrayContaining(["image-alt", "label"]),
    );
    expect((await codeSnifferErrors(browser, broken)).length).toBeGreaterThan(0);
    expect((await measureReflow(browser, broken, { textSpacing: false })).scrollWidth).toBeGreaterThan(320);
    const { stops } = await tabThrough(browser, broken);
    expect(stops.some((stop) => !stop.visible)).toBe(true);
    // The check at both widths loads once and resizes: a fault shown only on a wide screen is still found.
    const wideOnly = (page: Page) =>
      page.setContent(`<!doctype html><html lang="nl"><head><title>Breed</title>
<style>@media (max-width: 600px) { .wide-only { display: none; } }</style></head>
<body><main><h1>Breed</h1><img class="wide-only" src="x.png"></main></body></html>`);
    const found = await accessibilityAtBothWidths(browser, wideOnly, { codeSniffer: false });
    expect({ phone: found.phone, desktop: found.desktop.map((v) => v.id) }).toEqual({
      phone: [],
      desktop: ["image-alt"],
    });
  }, 60_000);

  it("pass axe-core WCAG 2.1 AA and HTML_CodeSniffer WCAG2AA with zero findings", async () => {
    for (const { name, target } of pages()) {
      const found = await accessibilityFindings(browser, target());
      expect({ name, violations: found.axe, errors: found.codeSniffer }).toEqual({
        name,
        violations: [],
        errors: [],
      });
    }
  }, 300_000);

  it("never scroll sideways at 320 px, with WCAG text spacing (wider than without)", async () => {
    for (const { name, target } of pages()) {
      // Text spacing only widens words and lines: a page that fits with it fits without it.
      for (const textSpacing of [true]) {
        const reflow = await measureReflow(browser, target(), { textSpacing });
        expect({ name, textSpacing, scrollWidth: reflow.scrollWidth, wide: reflow.wide }).toEqual({
          name,
          textSpacing,
          scrollWidth: reflow.viewportWidth,
          wide: [],
        });
      }
    }
  }, 180_000);

  it("show a visible focus indicator on every interactive element, reached by keyboard", async () => {
    for (const { name, target } of pages()) {
      await expectVisibleFocus(browser, name, target());
    }
  }, 180_000);

  it("show one main heading, named as the tab is, on the first screen at phone and desktop width", async () => {
    for (const viewport of ["phone", "desktop"] as const) {
      const context = await newContext(browser, { viewport });
      const page = await context.newPage();
      for (const { name, target } of pages()) {
        await open(page, target());
        const seen = await firstScreen(page);
        // The tab reads "<page> — Lekwijzer" (after "Fout: " when the form came back with errors): the heading
        // a person sees first is that page's name.
        expect({ name, viewport, ...seen }).toEqual({
          name,
          viewport,
          headings: 1,
          heading: NOT_FOUND[name] ?? seen.title.replace(/^(Fout|Error): /, "").split(" — ")[0],
          title: expect.stringMatching(/ — Lekwijzer$/),
          visible: true,
          onFirstScreen: true,
        });
        await screenshot(page, `${name}-${viewport}`);
      }
      await context.close();
    }
  }, 180_000);

  it("render personal e-mails that pass axe-core and HTML_CodeSniffer WCAG 2.1 AA", async () => {
    const out = mkdtempSync(join(tmpdir(), "lekwijzer-axe-mail-"));
    for (const recipient of SAMPLE_RECIPIENTS.slice(0, 3)) {
      const { files } = await previewToFiles({ outDir: out, recipient });
      const found = await accessibilityFindings(browser, `file://${files.html}`);
      expect({ recipient: recipient.id, violations: found.axe, errors: found.codeSniffer }).toEqual({
        recipient: recipient.id,
        violations: [],
        errors: [],
      });
    }
  }, 120_000);

  it("let a person tick what leaked and get their plan by POST, without JavaScript, keeping the address clean", async () => {
    const context = await newContext(browser, { javaScript: false, viewport: "phone" });
    const page = await context.newPage();
    await page.goto(`${server.url}/wat-kunt-u-doen`);
    await page.getByLabel("E-mailadres", { exact: true }).check();
    await page.getByLabel("Wachtwoord", { exact: true }).check();
    // The first button sits right under the common kinds: no scrolling past 46 check boxes.
    await page.getByRole("button", { name: "Toon mijn stappen" }).first().click();
    await page.getByRole("heading", { level: 1, name: "Uw stappenplan" }).waitFor();
    expect(page.url()).toBe(`${server.url}/wat-kunt-u-doen`);
    await expect(page.title()).resolves.toBe("Uw stappenplan — Lekwijzer");
    const text = (await page.locator("main").textContent()) ?? "";
    expect(text).toContain("U koos: E-mailadres, Wachtwoord.");
    expect(text).toMatch(/Verander nu uw wachtwoord/);
    expect(text).not.toMatch(/identiteitsbewijs aan/i);
    expect(text.indexOf("Doe dit nu")).toBeLessThan(text.indexOf("Wat kan er gebeuren?"));
    await expect(page.locator('a[href^="tel:"]').count()).resolves.toBeGreaterThan(1);
    await screenshot(page, "advice-plan-by-keyboardless-post-nl-phone");
    await context.close();
  }, 60_000);

  it("check a message's code by keyboard alone, without JavaScript, keeping the code out of the address", async () => {
    const context = await newContext(browser, { javaScript: false, viewport: "phone" });
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    await page.getByRole("link", { name: "Is dit bericht echt?" }).first().click();
    await page.getByLabel("Controlecode").fill(codes.sms.toLowerCase().replaceAll("-", " "));
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { level: 1, name: "Dit bericht is echt" }).waitFor();
    expect(page.url()).toBe(`${server.url}/echt`);
    const text = (await page.locator("main").textContent()) ?? "";
    expect(text).toContain("+31 6 ****** 78");
    expect(text).toContain("Voorbeeld Telecom");
    await screenshot(page, "verify-genuine-by-keyboard-nl-phone");
    await context.close();
  }, 60_000);

  it("move focus to the error summary and from its link to the first check box", async () => {
    // Script is on only so the test can read document.activeElement; the page itself ships none.
    const context = await newContext(browser, { javaScript: true });
    const page = await context.newPage();
    await page.goto(`${server.url}/wat-kunt-u-doen`);
    await page.getByRole("button", { name: "Toon mijn stappen" }).last().click();
    await page.getByRole("heading", { name: "Er is een probleem" }).waitFor();
    await expect(page.evaluate(`document.activeElement.getAttribute("aria-labelledby")`)).resolves.toBe(
      "fout-titel",
    );
    await page.keyboard.press("Tab");
    await expect(page.evaluate(`document.activeElement.getAttribute("href")`)).resolves.toBe(
      "#gegevens-name",
    );
    await page.keyboard.press("Enter");
    await expect(page.evaluate(`document.activeElement.id`)).resolves.toBe("gegevens-name");
    await context.close();
  }, 60_000);
});
