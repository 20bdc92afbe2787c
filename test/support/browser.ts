/**
 * Browser testing with Debian's Chromium driven by playwright-core, plus axe-core for WCAG 2.1 AA.
 * Pages are checked with JavaScript disabled, because every victim flow must work without it.
 */
import { existsSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}: install Debian's chromium package (apt-get install chromium)`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

export async function newContext(
  browser: Browser,
  options: { javaScript?: boolean } = {},
): Promise<BrowserContext> {
  return browser.newContext({
    javaScriptEnabled: options.javaScript ?? false,
    viewport: { width: 1280, height: 900 },
  });
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

const axeSource = (() => {
  const require = createRequire(import.meta.url);
  return (require("axe-core") as { source: string }).source;
})();

/**
 * Runs axe-core for WCAG 2.0/2.1 A and AA on `url`. Axe needs script, so it runs in its own context with
 * JavaScript on and the page's CSP bypassed; our pages ship no script, so the DOM it checks is the one a
 * visitor without JavaScript gets.
 */
export async function axeViolations(browser: Browser, url: string): Promise<AxeViolation[]> {
  const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    await page.goto(url);
    await page.evaluate(axeSource);
    const json = await page.evaluate(`axe
      .run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } })
      .then((result) => JSON.stringify(result.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })),
      }))))`);
    return JSON.parse(json as string) as AxeViolation[];
  } finally {
    await context.close();
  }
}

/** Saves a full-page screenshot under out/screenshots for a person to look at. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const dir = new URL("../../out/screenshots/", import.meta.url).pathname;
  mkdirSync(dir, { recursive: true });
  const path = `${dir}${name}.png`;
  await page.screenshot({ path, fullPage: true });
  return path;
}
