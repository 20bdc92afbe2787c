import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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

describe.skipIf(browserUnavailable)("home page in a browser", () => {
  for (const [language, path, heading] of [
    ["nl", "/", "Hulp na een datalek"],
    ["en", "/en", "Help after a data breach"],
  ] as const) {
    it(`renders in ${language} without JavaScript and passes axe WCAG 2.1 AA`, async () => {
      const context = await newContext(browser);
      const page = await context.newPage();
      const response = await page.goto(`${server.url}${path}`);
      expect(response?.status()).toBe(200);
      await expect(page.locator("h1").textContent()).resolves.toBe(heading);
      expect(await axeViolations(browser, `${server.url}${path}`)).toEqual([]);
      await screenshot(page, `home-${language}`);
      await context.close();
    });
  }

  it("lets a keyboard user skip to the content", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    await page.keyboard.press("Tab");
    const focused = page.locator(":focus");
    await expect(focused.getAttribute("href")).resolves.toBe("#inhoud");
    await context.close();
  });
});
