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
import { expect } from "vitest";

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

/** Where a check starts: a URL, or steps that bring a page to the state to check (e.g. a submitted form). */
export type Target = string | ((page: Page) => Promise<unknown>);

export async function open(page: Page, target: Target): Promise<void> {
  if (typeof target === "string") await page.goto(target);
  else await target(page);
}

/**
 * A context for the checking engines: they need script, so it runs with JavaScript on and the page's CSP
 * bypassed; our pages ship no script, so the DOM they check is the one a visitor without JavaScript gets.
 */
async function checkingPage(
  browser: Browser,
  target: Target,
  viewport: keyof typeof VIEWPORTS = "desktop",
): Promise<{ page: Page; close(): Promise<void> }> {
  let kept = checkingPages.get(browser);
  if (!kept) {
    kept = browser.newContext({ bypassCSP: true }).then(async (context) => ({
      context,
      page: await context.newPage(),
    }));
    checkingPages.set(browser, kept);
  }
  const { context, page } = await kept;
  // One page serves every check of a browser (a new context and page for each cost a quarter of a second,
  // most of a cheap check): without cookies, each check starts as a new visitor, as a new context would.
  await context.clearCookies();
  await page.setViewportSize(VIEWPORTS[viewport]);
  await open(page, target);
  return { page, close: async () => {} };
}

/** The checking page of each browser (checks of one test file run one after another). */
const checkingPages = new WeakMap<Browser, Promise<{ context: BrowserContext; page: Page }>>();

/** Runs axe-core for WCAG 2.0/2.1 A and AA. */
export async function axeViolations(browser: Browser, target: Target): Promise<AxeViolation[]> {
  const { page, close } = await checkingPage(browser, target);
  try {
    return await axeOn(page);
  } finally {
    await close();
  }
}

/**
 * Both engines on one load of the page (neither changes the DOM it checks): half the page loads of running
 * them apart, which matters on pages reached by posting a form.
 */
export async function accessibilityFindings(
  browser: Browser,
  target: Target,
): Promise<{ axe: AxeViolation[]; codeSniffer: CodeSnifferError[] }> {
  const { page, close } = await checkingPage(browser, target);
  try {
    return { axe: await axeOn(page), codeSniffer: await codeSnifferOn(page) };
  } finally {
    await close();
  }
}

/**
 * axe-core at phone and at desktop width, and HTML_CodeSniffer when asked, on one load of the page: the page is
 * resized between the checks (its layout follows the width as it does for a reader who turns a tablet), which
 * saves a load and the engines' injection per width.
 */
export async function accessibilityAtBothWidths(
  browser: Browser,
  target: Target,
  options: { codeSniffer: boolean },
): Promise<{ phone: AxeViolation[]; desktop: AxeViolation[]; codeSniffer: CodeSnifferError[] }> {
  const { page, close } = await checkingPage(browser, target, "phone");
  try {
    const phone = await axeOn(page);
    await page.setViewportSize(VIEWPORTS.desktop);
    const desktop = await axeOn(page);
    return { phone, desktop, codeSniffer: options.codeSniffer ? await codeSnifferOn(page) : [] };
  } finally {
    await close();
  }
}

async function axeOn(page: Page): Promise<AxeViolation[]> {
  if (await page.evaluate("typeof axe === 'undefined'")) await page.evaluate(axeSource);
  const json = await page.evaluate(`axe
      .run(document, {
        runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        // Full details only for violations: passes and incomplete results are not read, and collecting them
        // for every node is most of axe's time on a long page.
        resultTypes: ["violations"],
      })
      .then((result) => JSON.stringify(result.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })),
      }))))`);
  return JSON.parse(json as string) as AxeViolation[];
}

export interface CodeSnifferError {
  code: string;
  message: string;
  element: string;
}

/** Runs HTML_CodeSniffer's WCAG2AA standard and returns its errors (not its warnings or notices). */
export async function codeSnifferErrors(browser: Browser, target: Target): Promise<CodeSnifferError[]> {
  const { page, close } = await checkingPage(browser, target);
  try {
    return await codeSnifferOn(page);
  } finally {
    await close();
  }
}

async function codeSnifferOn(page: Page): Promise<CodeSnifferError[]> {
  await page.evaluate(htmlcsSource);
  const json = await page.evaluate(`new Promise((resolve) => {
      HTMLCS.process("WCAG2AA", document, () => {
        resolve(JSON.stringify(HTMLCS.getMessages().filter((m) => m.type === HTMLCS.ERROR).map((m) => ({
          code: m.code, message: m.msg, element: (m.element.outerHTML || "").slice(0, 160),
        }))));
      });
    })`);
  return JSON.parse(json as string) as CodeSnifferError[];
}

/** WCAG 1.4.12 text spacing: the values a reader's own style sheet may set, which must not break the page. */
const TEXT_SPACING = `* { line-height: 1.5 !important; letter-spacing: 0.12em !important;
  word-spacing: 0.16em !important; } p { margin-block-end: 2em !important; }`;

export interface Reflow {
  viewportWidth: number;
  scrollWidth: number;
  /** Elements that stick out past the right edge (tag, class and width), for a readable failure. */
  wide: string[];
}

/**
 * Measures horizontal scrolling at phone width (320 px, WCAG 1.4.10) with every <details> opened, optionally with
 * WCAG text spacing applied. Scroll containers (a wide table in its own region) are allowed to scroll inside.
 */
export async function measureReflow(
  browser: Browser,
  target: Target,
  options: { textSpacing: boolean },
): Promise<Reflow> {
  const { page, close } = await checkingPage(browser, target, "phone");
  try {
    if (options.textSpacing) await page.addStyleTag({ content: TEXT_SPACING });
    // In-page code is a string: the project's TypeScript has no DOM types.
    return (await page.evaluate(`(() => {
      for (const details of document.querySelectorAll("details")) details.open = true;
      const viewportWidth = document.documentElement.clientWidth;
      const inScroller = (element) => {
        for (let parent = element.parentElement; parent; parent = parent.parentElement) {
          const overflow = getComputedStyle(parent).overflowX;
          if (overflow === "auto" || overflow === "scroll") return true;
        }
        return false;
      };
      const wide = [...document.body.querySelectorAll("*")]
        .filter((element) => element.getBoundingClientRect().right > viewportWidth + 1 && !inScroller(element))
        .slice(0, 5)
        .map((e) => e.tagName.toLowerCase() + "." + e.className + " " + Math.round(e.getBoundingClientRect().right) + "px");
      return { viewportWidth, scrollWidth: document.documentElement.scrollWidth, wide };
    })()`)) as Reflow;
  } finally {
    await close();
  }
}

export interface FocusStop {
  element: string;
  visible: boolean;
}

/**
 * Presses Tab through the whole page (every <details> opened first) and records, for each element that takes
 * focus, whether it shows a visible focus indicator: an outline of at least 2 px or a focus ring drawn with
 * box-shadow. Returns the stops and how many focusable elements the page has, so a test can see all were reached.
 */
export async function tabThrough(
  browser: Browser,
  target: Target,
  viewport: keyof typeof VIEWPORTS = "desktop",
): Promise<{ stops: FocusStop[]; focusable: number }> {
  const { page, close } = await checkingPage(browser, target, viewport);
  try {
    const focusable = (await page.evaluate(`(() => {
      for (const details of document.querySelectorAll("details")) details.open = true;
      // Start tabbing from the top even when the page moved focus (an error summary with autofocus).
      const start = document.createElement("span");
      start.tabIndex = -1;
      start.id = "lw-tab-start";
      document.body.prepend(start);
      start.focus();
      return [...document.querySelectorAll(
        "a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex='-1'])",
      )].filter((e) => e.getClientRects().length > 0).length;
    })()`)) as number;
    const stops: FocusStop[] = [];
    const seen = new Set<string>();
    for (let i = 0; i < focusable + 5; i++) {
      await page.keyboard.press("Tab");
      const stop = (await page.evaluate(`(() => {
        const element = document.activeElement;
        if (!element || element === document.body) return null;
        const style = getComputedStyle(element);
        const outline = style.outlineStyle !== "none" && Number.parseFloat(style.outlineWidth) >= 2;
        const ring = style.boxShadow !== "none" && style.boxShadow !== "";
        const path = [];
        for (let e = element; e && e !== document.body; e = e.parentElement) {
          path.unshift(e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + ":" + [...(e.parentElement?.children ?? [])].indexOf(e));
        }
        return { element: path.join(">"), visible: outline || ring };
      })()`)) as FocusStop | null;
      if (!stop || seen.has(stop.element)) break;
      seen.add(stop.element);
      stops.push(stop);
    }
    return { stops, focusable };
  } finally {
    await close();
  }
}

/**
 * Saves a full-page screenshot under out/screenshots for a person to look at. JPEG, because encoding a long
 * page as PNG took 1–2 s, most of what the screenshot tests cost; at this quality text stays crisp
 * (SCREENSHOTS=png for lossless pictures, e.g. for viewers that show PNG only). Under CI=true nobody looks
 * (the clone is thrown away), so none is taken unless SCREENSHOTS is set; the path is returned either way.
 */
export async function screenshot(page: Page, name: string): Promise<string> {
  const dir = new URL("../../out/screenshots/", import.meta.url).pathname;
  const png = process.env.SCREENSHOTS === "png";
  const path = `${dir}${name}.${png ? "png" : "jpg"}`;
  if (process.env.CI === "true" && !process.env.SCREENSHOTS) return path;
  mkdirSync(dir, { recursive: true });
  await page.screenshot(png ? { path, fullPage: true } : { path, fullPage: true, type: "jpeg", quality: 85 });
  return path;
}

/** Asserts that Tab reaches every focusable element of the page and that each shows a visible focus indicator. */
export async function expectVisibleFocus(browser: Browser, name: string, target: Target): Promise<void> {
  const { stops, focusable } = await tabThrough(browser, target);
  expect(stops.length, `${name}: every focusable element is reached with Tab`).toBe(focusable);
  expect({ name, hidden: stops.filter((stop) => !stop.visible).map((stop) => stop.element) }).toEqual({
    name,
    hidden: [],
  });
}

/** What a person sees of a page's main heading on the first screen. */
export interface FirstScreen {
  /** How many h1 elements the page has (one, for a screen reader's "what page is this"). */
  headings: number;
  /** The h1's text, soft hyphens and runs of white space folded. */
  heading: string;
  /** The page title, as the browser tab shows it. */
  title: string;
  /** Whether the h1 is rendered, and wholly inside the first screen (not pushed down, not cut off). */
  visible: boolean;
  onFirstScreen: boolean;
}

/** Reads where the main heading is, so a screenshot test also says what the picture must show. */
export async function firstScreen(page: Page): Promise<FirstScreen> {
  const h1 = page.locator("h1");
  const headings = await h1.count();
  if (headings === 0)
    return { headings, heading: "", title: await page.title(), visible: false, onFirstScreen: false };
  const first = h1.first();
  const box = await first.boundingBox();
  const viewport = page.viewportSize() ?? { width: 0, height: 0 };
  return {
    headings,
    heading: ((await first.textContent()) ?? "")
      .replace(/\u00ad/g, "")
      .replace(/\s+/g, " ")
      .trim(),
    title: await page.title(),
    visible: await first.isVisible(),
    onFirstScreen:
      box !== null &&
      box.y >= 0 &&
      box.x >= 0 &&
      box.y + box.height <= viewport.height &&
      box.x + box.width <= viewport.width,
  };
}
