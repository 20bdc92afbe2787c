/**
 * The transparency register (framework K16) in a browser: the administrator's console page (with entries, and
 * with an empty form sent: an error at each field), its preview, and the public page in Dutch and English pass
 * axe-core (WCAG 2.1 AA) at phone and desktop width and HTML_CodeSniffer, do not scroll sideways at 320 px with
 * WCAG text spacing, and work with JavaScript off: an entry is added and published by keyboard and form posts
 * alone. Screenshots of every state go to out/screenshots/transparency-*.jpg.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_REGISTER } from "../src/cli/demo.ts";
import { SAMPLE_BREACH, SAMPLE_ORGANISATION } from "../src/messages/index.ts";
import { operatorActor } from "../src/operations/actor.ts";
import { setProfile } from "../src/operations/sender-profile.ts";
import { publishTransparency, saveTransparencyEntry } from "../src/operations/transparency.ts";
import { breaches, organisations, victims } from "../src/store/index.ts";
import { openTestDatabase, type TestDatabase } from "../src/store/testing.ts";
import {
  accessibilityAtBothWidths,
  browserUnavailable,
  launchBrowser,
  measureReflow,
  newContext,
  screenshot,
  type Target,
  VIEWPORTS,
} from "./support/browser.ts";
import { startTestServer, type TestServer } from "./support/server.ts";
import { staffPeople } from "./support/staff.ts";

let browser: Browser;
let server: TestServer;
let db: TestDatabase;
const staff = staffPeople(() => db, "transparency-browser");
const SLUG = "voorbeeld-telecom";
let breachId = "";

beforeAll(async () => {
  if (browserUnavailable) return;
  db = await openTestDatabase("pglite");
  const organisation = await organisations.create(db.db, { slug: SLUG, name: SAMPLE_ORGANISATION.name });
  const operator = operatorActor("os:test", organisation.id);
  await setProfile(db, operator, { profile: { ...SAMPLE_ORGANISATION, dkim: { signer: "relay" } } });
  for (const entry of DEMO_REGISTER) await saveTransparencyEntry(db, operator, { entry });
  await publishTransparency(db, operator);
  await staff.add("fenna", organisation.id, ["organisation-admin"]);
  // A breach with former customers, so its page and the register page show the retention check's findings.
  breachId = (
    await breaches.create(db.db, {
      organisationId: organisation.id,
      slug: "lek",
      title: "Klantgegevens gestolen",
      facts: SAMPLE_BREACH as unknown as Record<string, unknown> & { awareAt: string },
    })
  ).id;
  await victims.insertBatch(db.db, db.keys, breachId, [
    { externalId: "oud", categories: ["email"], relationEnded: "2020-01-31" },
    { externalId: "klant", categories: ["email"] },
  ]);
  server = await startTestServer({ extra: { store: { db: db.db, keys: db.keys } } });
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await db?.close();
});

const url = (path: string, language: "nl" | "en" = "nl") =>
  `${server.url}${language === "en" ? "/en" : ""}${path}`;

let session: Promise<string> | undefined;
const signedIn =
  (path: string, language: "nl" | "en" = "nl") =>
  async (page: Page) => {
    session ??= staff.signIn("fenna").then((s) => s.cookie.split("=")[1] ?? "");
    await page.context().addCookies([{ name: "lekwijzer-console", value: await session, url: server.url }]);
    await page.goto(url(path, language));
  };

/** The entry form sent empty: every missing part named at its field. */
const formErrors = async (page: Page) => {
  await signedIn("/console/persoonsgegevens")(page);
  await Promise.all([page.waitForEvent("load"), page.getByRole("button", { name: "Regel opslaan" }).click()]);
};

function states(): { name: string; heading: string; target: Target }[] {
  return [
    {
      name: "console-nl",
      heading: "Persoonsgegevens en bewaartermijnen",
      target: signedIn("/console/persoonsgegevens"),
    },
    {
      name: "console-en",
      heading: "Personal data and retention periods",
      target: signedIn("/console/persoonsgegevens", "en"),
    },
    {
      name: "breach-nl",
      heading: "Datalek: Klantgegevens gestolen",
      target: signedIn(`/console/datalek/${breachId}#bewaartermijnen`),
    },
    { name: "console-errors-nl", heading: "Persoonsgegevens en bewaartermijnen", target: formErrors },
    {
      name: "preview-nl",
      heading: "Welke persoonsgegevens gebruikt Voorbeeld Telecom BV?",
      target: signedIn("/console/persoonsgegevens/voorbeeld"),
    },
    {
      name: "public-nl",
      heading: "Welke persoonsgegevens gebruikt Voorbeeld Telecom BV?",
      target: url(`/organisatie/${SLUG}/persoonsgegevens`),
    },
    {
      name: "public-en",
      heading: "Which personal data does Voorbeeld Telecom BV use?",
      target: url(`/organisatie/${SLUG}/persoonsgegevens`, "en"),
    },
  ];
}

describe.skipIf(browserUnavailable)("the transparency register in a browser", () => {
  it("passes axe-core WCAG 2.1 AA at 320 px and desktop width, and HTML_CodeSniffer", async () => {
    for (const { name, target } of states()) {
      const found = await accessibilityAtBothWidths(browser, target, { codeSniffer: true });
      expect({ name, ...found }).toEqual({ name, phone: [], desktop: [], codeSniffer: [] });
    }
  }, 300_000);

  it("shows each state's heading without sideways scrolling at 320 px, and saves screenshots", async () => {
    for (const { name, heading, target } of states()) {
      const reflow = await measureReflow(browser, target, { textSpacing: true });
      expect({ name, scrollWidth: reflow.scrollWidth, wide: reflow.wide }).toEqual({
        name,
        scrollWidth: 320,
        wide: [],
      });
      const context = await newContext(browser, { viewport: "phone" });
      const page = await context.newPage();
      if (typeof target === "string") await page.goto(target);
      else await target(page);
      expect(await page.locator("h1").first().textContent()).toBe(heading);
      await screenshot(page, `transparency-${name}-phone`);
      await page.setViewportSize(VIEWPORTS.desktop);
      await screenshot(page, `transparency-${name}-desktop`);
      await context.close();
    }
  }, 300_000);

  it("adds an entry and publishes it with JavaScript off", async () => {
    const context = await newContext(browser, { javaScript: false });
    const page = await context.newPage();
    await signedIn("/console/persoonsgegevens")(page);
    await page.locator("#categorie-health").check();
    await page.locator("#doel-nl").fill("Om u te helpen als u ziek bent op reis.");
    await page.locator("#grondslag-a").check();
    await page.locator("#maanden").fill("12");
    await page.locator("#vanaf-collection").check();
    await Promise.all([
      page.waitForEvent("load"),
      page.getByRole("button", { name: "Regel opslaan" }).click(),
    ]);
    expect(await page.locator(".utrecht-alert--ok").textContent()).toContain("opgeslagen");
    await Promise.all([page.waitForEvent("load"), page.getByRole("button", { name: "Publiceren" }).click()]);
    expect(await page.locator(".utrecht-alert--ok").textContent()).toContain("gepubliceerd");
    await page.goto(url(`/organisatie/${SLUG}/persoonsgegevens`));
    expect(await page.locator("main").textContent()).toContain("Om u te helpen als u ziek bent op reis.");
    expect(await page.locator("main").textContent()).toContain("Dit is versie 2.");
    await context.close();
  }, 120_000);
});
