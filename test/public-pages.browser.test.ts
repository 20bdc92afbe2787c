import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { previewToFiles, SAMPLE_RECIPIENTS } from "../src/messages/index.ts";
import {
  axeViolations,
  browserUnavailable,
  launchBrowser,
  newContext,
  screenshot,
} from "./support/browser.ts";
import { startTestServer, type TestServer } from "./support/server.ts";

let browser: Browser;
let server: TestServer;

beforeAll(async () => {
  if (browserUnavailable) return;
  server = await startTestServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const PAGES = [
  ["advice-nl", "/wat-kunt-u-doen"],
  [
    "advice-plan-en",
    "/en/wat-kunt-u-doen?toon=1&gegevens=name&gegevens=address&gegevens=id-document-copy&situatie=senior",
  ],
  ["advice-error-nl", "/wat-kunt-u-doen?toon=1"],
  ["help-nl", "/hulp"],
  ["framework-en", "/en/handelingskader"],
] as const;

describe.skipIf(browserUnavailable)("public pages in a browser", () => {
  it("pass axe WCAG 2.1 AA checks", async () => {
    for (const [, path] of PAGES) {
      const violations = await axeViolations(browser, `${server.url}${path}`);
      expect({ path, violations }).toEqual({ path, violations: [] });
    }
  }, 120_000);

  it("render personal e-mails that pass axe WCAG 2.1 AA", async () => {
    const out = mkdtempSync(join(tmpdir(), "lekwijzer-axe-mail-"));
    for (const recipient of SAMPLE_RECIPIENTS.slice(0, 3)) {
      const { files } = await previewToFiles({ outDir: out, recipient });
      const violations = await axeViolations(browser, `file://${files.html}`);
      expect({ recipient: recipient.id, violations }).toEqual({ recipient: recipient.id, violations: [] });
    }
  }, 120_000);

  it("let a person tick what leaked and get their plan, without JavaScript", async () => {
    const context = await newContext(browser, { javaScript: false });
    const page = await context.newPage();
    await page.goto(`${server.url}/wat-kunt-u-doen`);
    await page.getByLabel("E-mailadres", { exact: true }).check();
    await page.getByLabel("Wachtwoord", { exact: true }).check();
    await page.getByRole("button", { name: "Toon mijn stappen" }).click();
    await page.waitForURL(/gegevens=email/);
    const plan = page.locator("#stappenplan");
    await expect(plan.getByRole("heading", { name: "Uw stappenplan" }).count()).resolves.toBe(1);
    const text = (await plan.textContent()) ?? "";
    expect(text).toMatch(/wachtwoord/i);
    expect(text).toMatch(/twee(staps|-staps)?/i);
    expect(text).not.toMatch(/identiteitsbewijs aan/i);
    await screenshot(page, "advice-plan-nl");
    for (const [name, path] of PAGES) {
      await page.goto(`${server.url}${path}`);
      await screenshot(page, name);
    }
    await context.close();
  }, 60_000);
});
