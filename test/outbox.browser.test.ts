/** The outbox pages in a real browser: WCAG 2.1 AA by axe-core and HTML_CodeSniffer, reflow, focus, screenshots. */
import nodemailer from "nodemailer";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Outbox, startOutbox } from "../src/delivery/outbox.ts";
import { outboxDbSink } from "../src/delivery/outbox-db-sink.ts";
import { outboxMessages } from "../src/store/index.ts";
import { openTestDatabase, type TestDatabase } from "../src/store/testing.ts";
import {
  accessibilityFindings,
  browserUnavailable,
  expectVisibleFocus,
  firstScreen,
  launchBrowser,
  measureReflow,
  newContext,
  screenshot,
} from "./support/browser.ts";
import { startTestServer, type TestServer } from "./support/server.ts";

let browser: Browser;
let server: TestServer;
let db: TestDatabase;
let box: Outbox;
let firstId = 0;

const TEXT = `Beste Jan Jansen,

Voorbeeld Telecom heeft een datalek gehad. Uw naam, e-mailadres en telefoonnummer zijn gestolen.

Wat moet u nu doen?
1. Let op e-mails en sms'jes die om geld of codes vragen.
2. Kijk op https://lekwijzer.example.org/mijn-plan met uw persoonlijke code: K7QM-4XRT-9WHP.

Met vriendelijke groet,
Voorbeeld Telecom
`;

beforeAll(async () => {
  if (browserUnavailable) return;
  db = await openTestDatabase("pglite");
  box = await startOutbox({
    sink: outboxDbSink({ db: db.db, bounceAddress: "bounces@telecom.example" }),
    bounceRecipients: ["bestaat-niet@example.nl"],
  });
  const transport = nodemailer.createTransport({ host: box.host, port: box.port, secure: false });
  for (const [to, name] of [
    ["bestaat-niet@example.nl", "Piet de Vries"],
    ["jan.jansen@example.nl", "Jan Jansen"],
  ]) {
    await transport.sendMail({
      from: "Voorbeeld Telecom <noreply@telecom.example>",
      to: `${name} <${to}>`,
      subject: "Belangrijk: uw gegevens zijn gelekt bij Voorbeeld Telecom",
      text: TEXT.replace("Jan Jansen", name ?? ""),
      html: `<!doctype html><html lang="nl"><body><h1>Uw gegevens zijn gelekt</h1><p>Beste ${name},</p><p>Uw persoonlijke code is <strong>K7QM-4XRT-9WHP</strong>.</p></body></html>`,
      envelope: { from: "bounces@telecom.example", to: [to ?? ""] },
    });
  }
  firstId = (await outboxMessages.list(db.db, { limit: 1 })).items[0]?.id ?? 0;
  server = await startTestServer({
    extra: {
      outbox: {
        list: (query) => outboxMessages.list(db.db, query),
        get: (id) => outboxMessages.get(db.db, id),
      },
    },
  });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await box?.close();
  await db?.close();
});

function pages() {
  return [
    { name: "outbox-list-nl", url: `${server.url}/outbox` },
    { name: "outbox-list-en", url: `${server.url}/en/outbox` },
    { name: "outbox-message-nl", url: `${server.url}/outbox/${firstId}` },
    { name: "outbox-message-en", url: `${server.url}/en/outbox/${firstId}` },
  ];
}

describe.skipIf(browserUnavailable)("outbox pages in a browser", () => {
  it("list the captured messages and the bounce, and open one without JavaScript", async () => {
    const context = await newContext(browser, { javaScript: false });
    const page = await context.newPage();
    await page.goto(`${server.url}/outbox`);
    const rows = page.locator("tbody tr");
    // The refused message reached no mailbox: its bounce and the delivered message are listed.
    await expect(rows.count()).resolves.toBe(2);
    await expect(page.locator("tbody").textContent()).resolves.toContain(
      "Undelivered Mail Returned to Sender",
    );
    await page
      .getByRole("link", { name: "Belangrijk: uw gegevens zijn gelekt bij Voorbeeld Telecom" })
      .first()
      .click();
    await page.getByRole("heading", { level: 1 }).waitFor();
    await expect(page.locator("main").textContent()).resolves.toContain("K7QM-4XRT-9WHP");
    await context.close();
  }, 60_000);

  it("pass axe-core and HTML_CodeSniffer WCAG 2.1 AA with zero findings", async () => {
    for (const { name, url } of pages()) {
      const found = await accessibilityFindings(browser, url);
      expect({ name, violations: found.axe, errors: found.codeSniffer }).toEqual({
        name,
        violations: [],
        errors: [],
      });
    }
  }, 120_000);

  it("never scroll sideways at 320 px and show focus on every stop", async () => {
    for (const { name, url } of pages()) {
      for (const textSpacing of [false, true]) {
        const reflow = await measureReflow(browser, url, { textSpacing });
        expect({ name, textSpacing, wide: reflow.wide, scrollWidth: reflow.scrollWidth }).toEqual({
          name,
          textSpacing,
          wide: [],
          scrollWidth: reflow.viewportWidth,
        });
      }
      await expectVisibleFocus(browser, name, url);
    }
  }, 120_000);

  it("show the outbox or the message's subject as the one heading on the first screen, at phone and desktop width", async () => {
    for (const viewport of ["phone", "desktop"] as const) {
      const context = await newContext(browser, { viewport });
      const page = await context.newPage();
      for (const { name, url } of pages()) {
        await page.goto(url);
        if (name.startsWith("outbox-message"))
          await page
            .evaluate(`for (const d of document.querySelectorAll("details")) d.open = true;`)
            .catch(() => {});
        const seen = await firstScreen(page);
        const heading = name.startsWith("outbox-list")
          ? name.endsWith("-nl")
            ? "Verstuurde berichten (outbox)"
            : "Sent messages (outbox)"
          : expect.stringContaining("Voorbeeld Telecom");
        expect({ name, viewport, ...seen, title: undefined }).toEqual({
          name,
          viewport,
          headings: 1,
          heading,
          title: undefined,
          visible: true,
          onFirstScreen: true,
        });
        await screenshot(page, `${name}-${viewport}`);
      }
      await context.close();
    }
  }, 60_000);
});
