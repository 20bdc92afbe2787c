/**
 * "Ben ik getroffen?" in a browser: the form, its error and the one confirmation everybody gets, in Dutch and
 * English, pass axe-core (WCAG 2.1 AA) at phone (320 px) and desktop width and HTML_CodeSniffer, do not scroll
 * sideways at 320 px, show focus on every stop, and work by keyboard alone with JavaScript off.
 */
import { mkdirSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { affectedChecks, organisations, victims } from "../src/store/index.ts";
import { openTestDatabase, type TestDatabase } from "../src/store/testing.ts";
import {
  accessibilityAtBothWidths,
  browserUnavailable,
  expectVisibleFocus,
  firstScreen,
  launchBrowser,
  measureReflow,
  newContext,
  type Target,
  VIEWPORTS,
} from "./support/browser.ts";
import { createPublishedBreach } from "./support/published-breach.ts";
import { startTestServer, type TestServer } from "./support/server.ts";

const SLUG = "klantgegevens-2026";
const SHOTS = "/tmp/shots-affected";

let browser: Browser;
let server: TestServer;
let db: TestDatabase;

beforeAll(async () => {
  if (browserUnavailable) return;
  mkdirSync(SHOTS, { recursive: true });
  db = await openTestDatabase("pglite");
  const organisation = await organisations.create(db.db, { slug: "voorbeeld", name: "Voorbeeld Telecom" });
  const breach = await createPublishedBreach(db.db, {
    organisationId: organisation.id,
    slug: SLUG,
    title: "Klantgegevens gestolen",
    facts: { awareAt: "2026-11-01" },
    status: "assessed",
  });
  await victims.insertBatch(db.db, db.keys, breach.id, [{ externalId: "a", email: "anna@example.org" }]);
  const roomy = { max: 10_000, windowMs: 60_000 };
  server = await startTestServer({
    extra: {
      store: { db: db.db, keys: db.keys },
      affectedCheck: {
        smsEnabled: true,
        limits: { perAddressPerDay: 10_000, perNetwork: roomy, overall: roomy },
      },
    },
  });
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await db?.close();
});

const pathOf = (language: "nl" | "en") => `${language === "en" ? "/en" : ""}/datalek/${SLUG}/getroffen`;

/** Types an address and submits the form, as a person without JavaScript would. */
const submit =
  (language: "nl" | "en", address: string) =>
  async (page: Page): Promise<void> => {
    await page.goto(`${server.url}${pathOf(language)}`);
    await page.locator("#adres").fill(address);
    await Promise.all([page.waitForEvent("load"), page.locator("button[type=submit]").click()]);
  };

const atWidth = (viewport: keyof typeof VIEWPORTS, target: Target) => async (page: Page) => {
  await page.setViewportSize(VIEWPORTS[viewport]);
  if (typeof target === "string") await page.goto(target);
  else await target(page);
};

function pages(): { name: string; heading: string; target: Target }[] {
  return (["nl", "en"] as const).flatMap((language) => [
    {
      name: `form-${language}`,
      heading: language === "nl" ? "Ben ik getroffen?" : "Am I affected?",
      target: `${server.url}${pathOf(language)}`,
    },
    {
      name: `error-${language}`,
      heading: language === "nl" ? "Ben ik getroffen?" : "Am I affected?",
      target: submit(language, "030 123 4567"),
    },
    {
      name: `sent-${language}`,
      heading: language === "nl" ? "Kijk in uw e-mail" : "Check your e-mail",
      target: submit(language, "anna@example.org"),
    },
  ]);
}

describe.skipIf(browserUnavailable)("am I affected? in a browser", () => {
  it("passes axe-core WCAG 2.1 AA at 320 px and at desktop width, and HTML_CodeSniffer", async () => {
    for (const { name, target } of pages()) {
      // HTML_CodeSniffer once per state (Dutch): the English pages have the same markup.
      const found = await accessibilityAtBothWidths(browser, target, { codeSniffer: name.endsWith("-nl") });
      expect({ name, ...found }).toEqual({ name, phone: [], desktop: [], codeSniffer: [] });
    }
  }, 240_000);

  it("shows its heading on the first screen, without sideways scrolling at 320 px", async () => {
    for (const { name, heading, target } of pages()) {
      const reflow = await measureReflow(browser, target, { textSpacing: true });
      expect({ name, scrollWidth: reflow.scrollWidth, wide: reflow.wide }).toEqual({
        name,
        scrollWidth: 320,
        wide: [],
      });
      const context = await newContext(browser, { viewport: "phone" });
      const page = await context.newPage();
      await atWidth("phone", target)(page);
      expect(await firstScreen(page)).toMatchObject({ headings: 1, heading, visible: true });
      await page.screenshot({
        path: `${SHOTS}/${name}-phone.jpg`,
        fullPage: true,
        type: "jpeg",
        quality: 85,
      });
      await page.setViewportSize(VIEWPORTS.desktop);
      await page.screenshot({
        path: `${SHOTS}/${name}-desktop.jpg`,
        fullPage: true,
        type: "jpeg",
        quality: 85,
      });
      await context.close();
    }
  }, 180_000);

  it("shows focus on every stop of the form and the confirmation", async () => {
    await expectVisibleFocus(browser, "form", `${server.url}${pathOf("nl")}`);
    await expectVisibleFocus(browser, "sent", submit("en", "anna@example.org"));
  }, 90_000);

  it("works by keyboard alone with JavaScript off: the same confirmation, and the question is stored", async () => {
    await affectedChecks.sweep(db.db, 0);
    const context = await newContext(browser, { javaScript: false, viewport: "phone" });
    const page = await context.newPage();
    await page.goto(`${server.url}${pathOf("nl")}`);
    // From the skip link onwards, Tab until the address field has focus.
    for (let i = 0; i < 30; i++) {
      await page.keyboard.press("Tab");
      if ((await page.locator("#adres:focus").count()) === 1) break;
    }
    await page.keyboard.type("anna@example.org");
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { level: 1, name: "Kijk in uw e-mail" }).waitFor();
    expect(page.url()).toBe(`${server.url}${pathOf("nl")}`);
    const text = (await page.locator("main").textContent()) ?? "";
    expect(text).toContain("Wij hebben uw vraag ontvangen.");
    expect(text).toContain("Op deze pagina ziet u het antwoord niet.");
    expect(text).not.toContain("anna@example.org");
    await page.screenshot({
      path: `${SHOTS}/sent-by-keyboard-nl-phone.jpg`,
      fullPage: true,
      type: "jpeg",
      quality: 85,
    });
    expect(await affectedChecks.pending(db.db)).toBe(1);
    await context.close();
  }, 60_000);
});
