/**
 * Browser testing with Chromium driven by playwright-core, plus axe-core and HTML_CodeSniffer for WCAG 2.1 AA.
 * Pages are checked with JavaScript disabled, because every victim flow must work without it.
 *
 * Which Chromium: CHROMIUM_PATH when set, else Debian's /usr/bin/chromium when present, else the headless
 * Chromium that the @sparticuz/chromium devDependency ships inside its npm package, so `npm install` is enough.
 * When none can start, browser test files skip with one line saying why; under CI=true they fail instead.
 */
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";

const DEBIAN_CHROMIUM = "/usr/bin/chromium";

const SYSTEM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

interface BrowserChoice {
  executablePath: string;
  args: string[];
  source: string;
}

async function npmChromium(): Promise<BrowserChoice> {
  const { default: packaged } = await import("@sparticuz/chromium");
  // Its defaults target serverless hosts; --single-process makes closing one context end the whole browser.
  const args = packaged.args.filter((arg) => arg !== "--single-process");
  return { executablePath: await packaged.executablePath(), args, source: "@sparticuz/chromium" };
}

async function chooseBrowser(): Promise<BrowserChoice> {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) {
    if (!existsSync(configured)) throw new Error(`CHROMIUM_PATH=${configured} does not exist`);
    return { executablePath: configured, args: SYSTEM_ARGS, source: "CHROMIUM_PATH" };
  }
  if (existsSync(DEBIAN_CHROMIUM))
    return { executablePath: DEBIAN_CHROMIUM, args: SYSTEM_ARGS, source: "system" };
  return npmChromium();
}

/** Why no browser can run here, or null when one can. Decided once per test file. */
export const browserUnavailable: string | null = await chooseBrowser().then(
  () => null,
  (error: unknown) => (error instanceof Error ? error.message : String(error)),
);

if (browserUnavailable !== null) {
  const line = `Browser tests need Chromium: ${browserUnavailable}. Set CHROMIUM_PATH or run npm install.`;
  if (process.env.CI === "true") throw new Error(line);
  console.warn(`SKIPPED: ${line}`);
}

export async function launchBrowser(): Promise<Browser> {
  const choice = await chooseBrowser();
  return chromium.launch({ executablePath: choice.executablePath, args: choice.args });
}

/** A phone (320 px wide, the WCAG 1.4.10 reflow width) or a desktop window. */
export const VIEWPORTS = {
  phone: { width: 320, height: 640 },
  desktop: { width: 1280, height: 900 },
} as const;

export async function newContext(
  browser: Browser,
  options: { javaScript?: boolean; viewport?: keyof typeof VIEWPORTS } = {},
): Promise<BrowserContext> {
  return browser.newContext({
    javaScriptEnabled: options.javaScript ?? false,
    viewport: VIEWPORTS[options.viewport ?? "desktop"],
  });
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

const require = createRequire(import.meta.url);
const axeSource = (require("axe-core") as { source: string }).source;
const htmlcsSource = readFileSync(require.resolve("html_codesniffer/build/HTMLCS.js"), "utf8");

/**
 * A context for the checking engines: they need script, so it runs with JavaScript on and the page's CSP
 * bypassed; our pages ship no script, so the DOM they check is the one a visitor without JavaScript gets.
 */
async function checkingPage(browser: Browser, url: string): Promise<{ page: Page; close(): Promise<void> }> {
  const context = await browser.newContext({ bypassCSP: true, viewport: VIEWPORTS.desktop });
  const page = await context.newPage();
  await page.goto(url);
  return { page, close: () => context.close() };
}

/** Runs axe-core for WCAG 2.0/2.1 A and AA on `url`. */
export async function axeViolations(browser: Browser, url: string): Promise<AxeViolation[]> {
  const { page, close } = await checkingPage(browser, url);
  try {
    await page.evaluate(axeSource);
    const json = await page.evaluate(`axe
      .run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } })
      .then((result) => JSON.stringify(result.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })),
      }))))`);
    return JSON.parse(json as string) as AxeViolation[];
  } finally {
    await close();
  }
}

export interface CodeSnifferError {
  code: string;
  message: string;
  element: string;
}

/** Runs HTML_CodeSniffer's WCAG2AA standard on `url` and returns its errors (not its warnings or notices). */
export async function codeSnifferErrors(browser: Browser, url: string): Promise<CodeSnifferError[]> {
  const { page, close } = await checkingPage(browser, url);
  try {
    await page.evaluate(htmlcsSource);
    const json = await page.evaluate(`new Promise((resolve) => {
      HTMLCS.process("WCAG2AA", document, () => {
        resolve(JSON.stringify(HTMLCS.getMessages().filter((m) => m.type === HTMLCS.ERROR).map((m) => ({
          code: m.code, message: m.msg, element: (m.element.outerHTML || "").slice(0, 160),
        }))));
      });
    })`);
    return JSON.parse(json as string) as CodeSnifferError[];
  } finally {
    await close();
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
