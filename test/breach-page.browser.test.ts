/**
 * The breach page, the register of large breaches and the accessibility statement in a real browser, JavaScript off: axe-core WCAG 2.1 AA with
 * zero violations in Dutch and English at 320 px and at desktop width (HTML_CodeSniffer too), no sideways
 * scrolling at 320 px, the headings and the dated news a person sees, the organisation's colours applied, and
 * a visible focus ring on every stop of a keyboard walk. Screenshots go to /tmp/shots-page/ for a person.
 */
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SAMPLE_BREACH, SAMPLE_ORGANISATION } from "../src/messages/index.ts";
import { keyActor, operatorActor } from "../src/operations/actor.ts";
import { publishBreachPage } from "../src/operations/breach-pages.ts";
import { setRegisterListing } from "../src/operations/breach-register.ts";
import { createBreach } from "../src/operations/breaches.ts";
import { setProfile } from "../src/operations/sender-profile.ts";
import { createUpdate, publishUpdate } from "../src/operations/updates.ts";
import { organisations } from "../src/store/index.ts";
import { openTestDatabase, type TestDatabase } from "../src/store/testing.ts";
import { renderBreachPage } from "../src/web/pages/breach-page.ts";
import {
  type AxeViolation,
  browserUnavailable,
  codeSnifferErrors,
  expectVisibleFocus,
  firstScreen,
  launchBrowser,
  measureReflow,
  newContext,
  VIEWPORTS,
} from "./support/browser.ts";
import { startTestServer, type TestServer } from "./support/server.ts";

const SHOTS = "/tmp/shots-page";
const LOGO =
  "data:image/svg+xml;base64," +
  Buffer.from(
    '<svg xmlns="http://www.w3.org/2000/svg" width="160" height="40"><rect width="160" height="40" fill="#7a1f5c"/><text x="10" y="27" fill="#fff" font-size="18" font-family="sans-serif">Voorbeeld</text></svg>',
  ).toString("base64");

let browser: Browser;
let server: TestServer;
let db: TestDatabase;

beforeAll(async () => {
  if (browserUnavailable) return;
  db = await openTestDatabase("pglite");
  const ctx = { db: db.db, keys: db.keys, breachPages: renderBreachPage };
  const organisation = await organisations.create(db.db, {
    slug: "voorbeeld",
    name: SAMPLE_ORGANISATION.name,
    theme: { logo: LOGO },
  });
  await setProfile(ctx, operatorActor("test", organisation.id), {
    profile: {
      ...SAMPLE_ORGANISATION,
      contactHours: { nl: "elke dag van 8.00 tot 20.00 uur", en: "every day from 8:00 to 20:00" },
      portal: { colours: { primary: "#7a1f5c" } },
      dkim: { signer: "relay" },
    },
  });
  const actor = keyActor({ holder: "Privacy officer", organisationId: organisation.id, scope: "write" });
  const breach = await createBreach(ctx, actor, { facts: SAMPLE_BREACH, slug: "voorbeeld-telecom" });
  await publishBreachPage(ctx, actor, { breachId: breach.id });
  await setRegisterListing(ctx, actor, { breachId: breach.id, listed: true });
  const { update } = await createUpdate(ctx, actor, {
    breachId: breach.id,
    title: { nl: "De gegevens staan op internet", en: "The data is on the internet" },
    body: {
      nl: "Wij weten nu meer. De gegevens staan op internet. Wees extra alert op nepberichten.",
      en: "We know more now. The data is on the internet. Be extra alert to fake messages.",
    },
  });
  await publishUpdate(ctx, actor, { breachId: breach.id, updateId: update.id });
  server = await startTestServer({ extra: { store: { db: db.db, keys: db.keys } } });
  browser = await launchBrowser();
  mkdirSync(SHOTS, { recursive: true });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await db?.close();
});

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

/** axe-core WCAG 2.1 A + AA at the given width (the shared helper checks at desktop width only). */
async function axeAt(url: string, viewport: keyof typeof VIEWPORTS): Promise<AxeViolation[]> {
  const context = await browser.newContext({ bypassCSP: true, viewport: VIEWPORTS[viewport] });
  try {
    const page = await context.newPage();
    await page.goto(url);
    await page.evaluate(axeSource);
    const json = await page.evaluate(`axe
      .run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } })
      .then((r) => JSON.stringify(r.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })),
      }))))`);
    return JSON.parse(json as string) as AxeViolation[];
  } finally {
    await context.close();
  }
}

const PAGES = [
  { name: "breach-nl", path: "/datalek/voorbeeld-telecom" },
  { name: "breach-en", path: "/en/datalek/voorbeeld-telecom" },
  { name: "accessibility-nl", path: "/toegankelijkheid" },
  { name: "accessibility-en", path: "/en/toegankelijkheid" },
  { name: "register-nl", path: "/datalekken" },
  { name: "register-en", path: "/en/datalekken" },
] as const;

async function headings(page: Page, level: number): Promise<string[]> {
  return (await page.locator(`main h${level}`).allTextContents()).map((h) => h.replace(/\s+/g, " ").trim());
}

describe.skipIf(browserUnavailable)("the breach page in a browser", () => {
  it("passes axe-core WCAG 2.1 AA with zero violations at 320 px and desktop, and HTML_CodeSniffer", async () => {
    for (const { name, path } of PAGES) {
      for (const viewport of ["phone", "desktop"] as const) {
        const violations = await axeAt(`${server.url}${path}`, viewport);
        expect({ name, viewport, violations }).toEqual({ name, viewport, violations: [] });
      }
      const errors = await codeSnifferErrors(browser, `${server.url}${path}`);
      expect({ name, errors }).toEqual({ name, errors: [] });
    }
  }, 180_000);

  it("never scrolls sideways at 320 px, with and without WCAG text spacing", async () => {
    for (const { name, path } of PAGES) {
      for (const textSpacing of [false, true]) {
        const reflow = await measureReflow(browser, `${server.url}${path}`, { textSpacing });
        expect({ name, textSpacing, scrollWidth: reflow.scrollWidth, wide: reflow.wide }).toEqual({
          name,
          textSpacing,
          scrollWidth: reflow.viewportWidth,
          wide: [],
        });
      }
    }
  }, 120_000);

  it("shows the headings, last-updated date and news a person looks for, in the organisation's colours", async () => {
    for (const viewport of ["phone", "desktop"] as const) {
      const context = await newContext(browser, { viewport });
      const page = await context.newPage();
      for (const [name, path, expected] of [
        [
          "breach-nl",
          "/datalek/voorbeeld-telecom",
          {
            h1: "Datalek bij Voorbeeld Telecom BV",
            sections: [
              "Wat is er gebeurd?",
              "Welke gegevens zijn gelekt?",
              "Wat kunt u doen?",
              "Nieuws over dit datalek",
            ],
            news: "De gegevens staan op internet",
            updated: "Laatst bijgewerkt",
          },
        ],
        [
          "breach-en",
          "/en/datalek/voorbeeld-telecom",
          {
            h1: "Data breach at Voorbeeld Telecom BV",
            sections: ["What happened?", "Which data leaked?", "What can you do?", "News about this breach"],
            news: "The data is on the internet",
            updated: "Last updated",
          },
        ],
      ] as const) {
        await page.goto(`${server.url}${path}`);
        const seen = await firstScreen(page);
        expect({ name, viewport, heading: seen.heading, onFirstScreen: seen.onFirstScreen }).toEqual({
          name,
          viewport,
          heading: expected.h1,
          onFirstScreen: true,
        });
        expect(await headings(page, 2)).toEqual(expect.arrayContaining([...expected.sections]));
        await expect(page.getByText(expected.updated).first().isVisible()).resolves.toBe(true);
        const item = page.locator(".lw-timeline-item").filter({ hasText: expected.news });
        await item.scrollIntoViewIfNeeded();
        await expect(item.isVisible()).resolves.toBe(true);
        await expect(item.locator("time").getAttribute("datetime")).resolves.toMatch(/^\d{4}-\d\d-\d\dT/);
        // The organisation's primary colour is the header's: victims recognise the sender.
        const header = await page.evaluate(
          `getComputedStyle(document.querySelector("header.utrecht-page-header")).backgroundColor`,
        );
        expect(header).toBe("rgb(122, 31, 92)");
        await expect(page.locator("img.lw-org-logo").isVisible()).resolves.toBe(true);
        await page.screenshot({
          path: `${SHOTS}/${name}-${viewport}.jpg`,
          fullPage: true,
          type: "jpeg",
          quality: 85,
        });
      }
      await context.close();
    }
  }, 120_000);

  it("shows the register's entry with what leaked and a link to the breach page", async () => {
    for (const viewport of ["phone", "desktop"] as const) {
      const context = await newContext(browser, { viewport });
      const page = await context.newPage();
      await page.goto(`${server.url}/datalekken`);
      const link = page.getByRole("link", { name: "Datalek bij Voorbeeld Telecom BV" });
      await expect(link.isVisible()).resolves.toBe(true);
      await expect(link.getAttribute("href")).resolves.toBe("/datalek/voorbeeld-telecom");
      await expect(page.getByText("Gelekte gegevens").first().isVisible()).resolves.toBe(true);
      await page.screenshot({
        path: `${SHOTS}/register-nl-${viewport}.jpg`,
        fullPage: true,
        type: "jpeg",
        quality: 85,
      });
      await context.close();
    }
  }, 60_000);

  it("shows a visible focus indicator on every stop of a keyboard walk", async () => {
    for (const { name, path } of PAGES) await expectVisibleFocus(browser, name, `${server.url}${path}`);
  }, 180_000);
});
