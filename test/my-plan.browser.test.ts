/**
 * "Mijn plan" in a real browser: axe-core finds zero WCAG 2.1 AA violations on the code form, a mistyped
 * code, the plan (with a new address waiting for its code, and a printed letter without an address) and its
 * printable version, a malformed address code, in Dutch and English, at 320 px and at desktop width; nothing
 * scrolls sideways at 320 px; every control shows its focus; and a person without JavaScript walks the whole
 * flow by keyboard — type the code, open the plan, tick a step, save, switch language, stop.
 */
import { mkdirSync, mkdtempSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { letterFolder } from "../src/delivery/print-folder.ts";
import { requestFromPlan } from "../src/operations/index.ts";
import { writePortalLetters } from "../src/operations/portal-letters.ts";
import { openTestDatabase, type TestDatabase } from "../src/store/testing.ts";
import {
  browserUnavailable,
  expectVisibleFocus,
  launchBrowser,
  measureReflow,
  newContext,
  screenshot,
  type Target,
  VIEWPORTS,
} from "./support/browser.ts";
import { type PlanVictims, planVictims } from "./support/plan-victims.ts";
import { startTestServer, type TestServer } from "./support/server.ts";

const SHOTS = "/tmp/shots-plan";
let browser: Browser;
let server: TestServer;
let db: TestDatabase;
let people: PlanVictims;

beforeAll(async () => {
  if (browserUnavailable) return;
  db = await openTestDatabase("pglite");
  people = await planVictims(db, "browser");
  // The requests' states on the page: Anna's new address waits for its code (the form), Bram (no address on
  // file) asked for a printed letter and is told there is no address.
  await requestFromPlan(db, people.ids.anna, {
    kind: "moved",
    address: {
      street: "Nieuwe Gracht",
      houseNumber: "12a",
      postcode: "3512 AB",
      city: "Utrecht",
      country: "NL",
    },
  });
  await requestFromPlan(db, people.ids.bram, { kind: "printed-letter" }, "en");
  await writePortalLetters(
    db,
    letterFolder({ dir: mkdtempSync(join(tmpdir(), "lekwijzer-browser-letters-")) }),
    {
      worker: "browser",
    },
  );
  // Every check logs in again: the code limits are not under test here.
  const roomy = { max: 10_000, windowMs: 60_000 };
  server = await startTestServer({
    extra: { store: { db: db.db, keys: db.keys }, myPlan: { limits: { perCode: roomy, perNetwork: roomy } } },
  });
  browser = await launchBrowser();
  mkdirSync(SHOTS, { recursive: true });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await db?.close();
});

const prefix = (language: "nl" | "en") => (language === "nl" ? "" : "/en");

/** Types a code on the form and submits it, as a person without JavaScript would. */
const withCode =
  (language: "nl" | "en", code: () => string, then = "") =>
  async (page: Page) => {
    await page.goto(`${server.url}${prefix(language)}/mijn-plan`);
    await page.locator("#code").fill(code());
    await Promise.all([page.waitForEvent("load"), page.locator("button[type=submit]").click()]);
    if (then) await page.goto(`${server.url}${prefix(language)}/mijn-plan${then}`);
  };

/** A malformed address code typed on Anna's plan (not counted as a try): the field error state. */
const wrongAddressCode = async (page: Page) => {
  await withCode("nl", () => people.codes.anna)(page);
  await page.locator("#adrescode").fill("hallo");
  await Promise.all([
    page.waitForEvent("load"),
    page.locator('form[action="/mijn-plan/adrescode"] button').click(),
  ]);
};

const mistyped = () => {
  const code = people.codes.anna;
  return code.slice(0, -1) + (code.endsWith("2") ? "3" : "2");
};

const TARGETS: { name: string; target: () => Target }[] = [
  { name: "form-nl", target: () => `${server.url}/mijn-plan` },
  { name: "form-en", target: () => `${server.url}/en/mijn-plan` },
  { name: "typo-nl", target: () => withCode("nl", mistyped) },
  { name: "plan-nl", target: () => withCode("nl", () => people.codes.anna) },
  { name: "plan-en", target: () => withCode("en", () => people.codes.bram) },
  { name: "print-nl", target: () => withCode("nl", () => people.codes.anna, "?print") },
  { name: "code-typo-nl", target: () => wrongAddressCode },
];

const require = createRequire(import.meta.url);
const axeSource = (require("axe-core") as { source: string }).source;

/** axe-core WCAG 2.0/2.1 A and AA at the given width; the page is reached first, its CSP bypassed for axe. */
async function axeAt(target: Target, viewport: keyof typeof VIEWPORTS, shot: string): Promise<string[]> {
  const context = await browser.newContext({ bypassCSP: true, viewport: VIEWPORTS[viewport] });
  try {
    const page = await context.newPage();
    if (typeof target === "string") await page.goto(target);
    else await target(page);
    await page.screenshot({ path: `${SHOTS}/${shot}.jpg`, fullPage: true, type: "jpeg", quality: 85 });
    await page.evaluate(axeSource);
    const json = await page.evaluate(`axe
      .run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } })
      .then((r) => JSON.stringify(r.violations.map((v) => v.id + ": " + v.nodes.map((n) => n.target).join(" | "))))`);
    return JSON.parse(json as string) as string[];
  } finally {
    await context.close();
  }
}

describe.skipIf(browserUnavailable)("Mijn plan in a browser", () => {
  it("passes axe-core WCAG 2.1 AA with zero violations, in both languages, at 320 px and desktop width", async () => {
    const found: Record<string, string[]> = {};
    // Both widths for the form and the plan in both languages; the error and print states at one width each.
    const widths = (name: string) =>
      name.startsWith("typo") || name.startsWith("code")
        ? (["phone"] as const)
        : name.startsWith("print")
          ? (["desktop"] as const)
          : (["phone", "desktop"] as const);
    for (const { name, target } of TARGETS)
      for (const viewport of widths(name)) {
        const violations = await axeAt(target(), viewport, `${name}-${viewport}`);
        if (violations.length > 0) found[`${name}-${viewport}`] = violations;
      }
    expect(found).toEqual({});
  }, 180_000);

  it("never scrolls sideways at 320 px, with and without WCAG text spacing", async () => {
    for (const { name, target } of TARGETS.filter((t) => /form-nl|plan-nl|plan-en/.test(t.name)))
      for (const textSpacing of [false, true]) {
        const reflow = await measureReflow(browser, target(), { textSpacing });
        expect({ name, textSpacing, wide: reflow.wide, scroll: reflow.scrollWidth }).toEqual({
          name,
          textSpacing,
          wide: [],
          scroll: reflow.viewportWidth,
        });
      }
  }, 120_000);

  it("shows a visible focus indicator on every control of the plan, reached by keyboard", async () => {
    await expectVisibleFocus(
      browser,
      "plan-nl",
      withCode("nl", () => people.codes.anna),
    );
  }, 120_000);

  it("walks by keyboard without JavaScript: code, plan, tick a step, save, English, stop", async () => {
    const context = await newContext(browser, { javaScript: false, viewport: "phone" });
    const page = await context.newPage();
    await page.goto(`${server.url}/mijn-plan`);
    await page.getByLabel("Persoonlijke code").fill(people.codes.anna.toLowerCase().replaceAll("-", " "));
    await Promise.all([page.waitForEvent("load"), page.keyboard.press("Enter")]);
    await page.getByRole("heading", { level: 2, name: "Uw stappen" }).waitFor();
    expect(page.url()).toBe(`${server.url}/mijn-plan`);
    const box = page.locator('input[name="stap"]').first();
    await box.focus();
    await page.keyboard.press("Space");
    expect(await box.isChecked()).toBe(true);
    await page.getByRole("button", { name: "Opslaan" }).focus();
    await Promise.all([page.waitForEvent("load"), page.keyboard.press("Enter")]);
    await page.getByText("Opgeslagen. Goed bezig!").waitFor();
    expect(await page.locator('input[name="stap"]').first().isChecked()).toBe(true);
    await screenshot(page, "my-plan-saved-nl-phone");
    // The details part, as a person sees it: masked values and the forms to report a move or ask for letters.
    const details = page.locator('section[aria-labelledby="gegevens"]');
    await expect(details.getByText("a***@g***.nl").count()).resolves.toBe(1);
    await details.screenshot({ path: `${SHOTS}/walk-details-nl-phone.png` });
    await page.screenshot({
      path: `${SHOTS}/walk-saved-nl-phone.jpg`,
      fullPage: true,
      type: "jpeg",
      quality: 85,
    });
    // The language switch keeps the session and the ticks.
    await page.getByRole("link", { name: "English" }).focus();
    await Promise.all([page.waitForEvent("load"), page.keyboard.press("Enter")]);
    await page.getByRole("heading", { level: 2, name: "Your steps" }).waitFor();
    expect(await page.locator('input[name="stap"]').first().isChecked()).toBe(true);
    await page.getByRole("button", { name: "Stop" }).focus();
    await Promise.all([page.waitForEvent("load"), page.keyboard.press("Enter")]);
    await page.getByText("You have stopped.").waitFor();
    await expect(page.locator('input[name="stap"]').count()).resolves.toBe(0);
    await page.screenshot({
      path: `${SHOTS}/walk-stopped-en-phone.jpg`,
      fullPage: true,
      type: "jpeg",
      quality: 85,
    });
    await context.close();
  }, 120_000);
});
