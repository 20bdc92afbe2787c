/**
 * "Ik kreeg een verdacht bericht" in a browser: the form (with an active warning), its error state and the
 * thank-you page pass axe-core (WCAG 2.1 AA) with zero violations in Dutch and English at 320 px and desktop
 * width, and HTML_CodeSniffer with zero errors; nothing scrolls sideways at 320 px; every control is reached by
 * Tab with a visible focus; and a person without JavaScript reports a message with a screenshot by keyboard.
 */
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { operatorActor, publishPhishingWarning } from "../src/operations/index.ts";
import { organisations } from "../src/store/index.ts";
import { openTestDatabase, type TestDatabase } from "../src/store/testing.ts";
import {
  browserUnavailable,
  codeSnifferErrors,
  expectVisibleFocus,
  launchBrowser,
  measureReflow,
  newContext,
  type Target,
  tabThrough,
  VIEWPORTS,
} from "./support/browser.ts";
import { createPublishedBreach } from "./support/published-breach.ts";
import { startTestServer, type TestServer } from "./support/server.ts";

const SHOTS = "/tmp/shots-reports";
const axeSource = (createRequire(import.meta.url)("axe-core") as { source: string }).source;

let browser: Browser;
let server: TestServer;
let db: TestDatabase;

beforeAll(async () => {
  if (browserUnavailable) return;
  mkdirSync(SHOTS, { recursive: true });
  db = await openTestDatabase("pglite");
  const organisation = await organisations.create(db.db, { slug: "browser-org", name: "Voorbeeld Telecom" });
  const breach = await createPublishedBreach(db.db, {
    organisationId: organisation.id,
    slug: "voorbeeld-lek",
    title: "Klantgegevens gestolen",
    facts: { awareAt: "2026-11-01T10:00:00Z" },
    status: "notifying",
  });
  await publishPhishingWarning(db, operatorActor("os:test", organisation.id), {
    breachId: breach.id,
    body: {
      nl: "Er gaan valse sms'jes rond over een pakket. Klik niet op de link.",
      en: "Fake text messages about a parcel are going round. Do not click the link.",
    },
    title: { nl: "Let op: valse sms'jes", en: "Watch out: fake text messages" },
  });
  const roomy = { max: 10_000, windowMs: 60_000 };
  server = await startTestServer({
    extra: { store: { db: db.db, keys: db.keys }, reportLimits: { perNetwork: roomy, overall: roomy } },
  });
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await db?.close();
});

const prefix = (language: "nl" | "en") => (language === "nl" ? "" : "/en");
const formUrl = (language: "nl" | "en") =>
  `${server.url}${prefix(language)}/datalek/voorbeeld-lek/verdacht-bericht`;

/** The pages to check: the form, the form sent empty (its errors), and the thank-you page. */
function pages(): { name: string; target: Target }[] {
  return (["nl", "en"] as const).flatMap((language) => [
    { name: `form-${language}`, target: formUrl(language) },
    {
      name: `errors-${language}`,
      target: async (page: Page) => {
        await page.goto(formUrl(language));
        await page.locator("#datum").fill("");
        await page.locator("form button[type=submit]").click();
        await page.locator("#fout-titel").waitFor();
      },
    },
    { name: `thanks-${language}`, target: `${formUrl(language)}/bedankt` },
  ]);
}

async function axeAt(viewport: keyof typeof VIEWPORTS, name: string, target: Target) {
  const context = await browser.newContext({ bypassCSP: true, viewport: VIEWPORTS[viewport] });
  try {
    const page = await context.newPage();
    if (typeof target === "string") await page.goto(target);
    else await target(page);
    await page.screenshot({
      path: `${SHOTS}/${name}-${viewport}.jpg`,
      fullPage: true,
      type: "jpeg",
      quality: 85,
    });
    await page.evaluate(axeSource);
    const json = await page.evaluate(`axe
      .run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } })
      .then((result) => JSON.stringify(result.violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target) }))))`);
    return JSON.parse(json as string) as unknown[];
  } finally {
    await context.close();
  }
}

describe.skipIf(browserUnavailable)("reporting a suspicious message in a browser", () => {
  it("passes axe-core with zero violations in both languages at 320 px and desktop width", async () => {
    for (const { name, target } of pages())
      for (const viewport of ["phone", "desktop"] as const)
        expect({ name, viewport, violations: await axeAt(viewport, name, target) }).toEqual({
          name,
          viewport,
          violations: [],
        });
  }, 240_000);

  it("passes HTML_CodeSniffer, never scrolls sideways at 320 px, and shows focus on every control", async () => {
    // Three of the six pages (each state once, both languages): CI time is tight, and axe covers all six.
    const checked = pages().filter(({ name }) => ["form-nl", "errors-en", "thanks-en"].includes(name));
    for (const { name, target } of checked) {
      expect({ name, errors: await codeSnifferErrors(browser, target) }).toEqual({ name, errors: [] });
      const reflow = await measureReflow(browser, target, { textSpacing: true });
      expect({ name, scrollWidth: reflow.scrollWidth, wide: reflow.wide }).toEqual({
        name,
        scrollWidth: reflow.viewportWidth,
        wide: [],
      });
      if (name.startsWith("thanks")) {
        await expectVisibleFocus(browser, name, target);
        continue;
      }
      // Tab stops once in a group of radio buttons (the arrow keys move within it): six channels, one stop.
      const { stops, focusable } = await tabThrough(browser, target);
      expect(stops.length, `${name}: every control is reached with Tab`).toBe(focusable - 5);
      expect(stops.filter((stop) => stop.element.includes("#kanaal-"))).toHaveLength(1);
      expect({ name, hidden: stops.filter((stop) => !stop.visible).map((stop) => stop.element) }).toEqual({
        name,
        hidden: [],
      });
    }
  }, 240_000);

  it("takes a report with a screenshot by keyboard alone, without JavaScript, and says what to do now", async () => {
    const context = await newContext(browser, { javaScript: false, viewport: "phone" });
    const page = await context.newPage();
    await page.goto(formUrl("nl"));
    await page.getByRole("heading", { level: 1, name: "Ik kreeg een verdacht bericht" }).waitFor();
    expect(await page.locator("main").textContent()).toContain("Let op: valse sms'jes");
    await page.getByLabel("Sms").focus();
    await page.keyboard.press("Space");
    await page.getByLabel("Van wie kwam het bericht?").fill("+31 6 98765432");
    await page
      .getByLabel("Wat stond er in het bericht?")
      .fill("Beste Jan, uw pakket ligt klaar. Betaal via de link.");
    await page.getByLabel("Schermafbeelding (niet verplicht)").setInputFiles({
      name: "bericht.png",
      mimeType: "image/png",
      buffer: Buffer.from(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC",
        "base64",
      ),
    });
    await page.getByLabel("Hoe laat? (niet verplicht)").focus();
    await page.keyboard.type("09:15");
    await page.screenshot({
      path: `${SHOTS}/form-filled-nl-phone.jpg`,
      fullPage: true,
      type: "jpeg",
      quality: 85,
    });
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { level: 1, name: "Bedankt voor uw melding" }).waitFor();
    expect(page.url()).toBe(`${formUrl("nl")}/bedankt`);
    const text = (await page.locator("main").textContent()) ?? "";
    expect(text).toContain("Klik niet op links");
    expect(text).toContain("Fraudehelpdesk");
    await page.screenshot({
      path: `${SHOTS}/thanks-by-keyboard-nl-phone.jpg`,
      fullPage: true,
      type: "jpeg",
      quality: 85,
    });
    await context.close();
    const stored = await db.db
      .selectFrom("phishing_reports")
      .select(["channel", "screenshot_type"])
      .execute();
    expect(stored).toEqual([{ channel: "sms", screenshot_type: "image/png" }]);
  }, 60_000);
});
