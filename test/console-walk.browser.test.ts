/**
 * The console's whole path in a real browser with JavaScript off, as issue 17's "done when" walks it: a privacy
 * officer logs in (password, then code), registers a breach through its form, uploads the victim file, writes
 * and creates the first notice; a second person approves the exact fingerprint shown and starts it; a worker
 * sends it; the contact-centre agent finds a caller by the code in their letter; the officer downloads the
 * evidence; the regulator sees the breach. Each page is reached by its links and forms, not by typing URLs,
 * where a person would follow a link.
 */
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Secret, TOTP } from "otpauth";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MemorySink, memorySink, type Outbox, startOutbox } from "../src/delivery/outbox.ts";
import { createDomainLimiter } from "../src/delivery/rate.ts";
import { sendBatch } from "../src/delivery/sender.ts";
import { createSmtpSender } from "../src/delivery/smtp.ts";
import { generateVerificationCode, verificationCodeDigest } from "../src/messages/codes.ts";
import { type ImportWorker, startImportWorker } from "../src/operations/index.ts";
import { victims } from "../src/store/index.ts";
import { openTestDatabase, type TestDatabase } from "../src/store/testing.ts";
import { browserUnavailable, launchBrowser, newContext, screenshot } from "./support/browser.ts";
import { organisationReadyToSend } from "./support/organisation.ts";
import { startTestServer, type TestServer } from "./support/server.ts";
import { STAFF_PASSWORD, staffPeople } from "./support/staff.ts";

let browser: Browser;
let server: TestServer;
let db: TestDatabase;
let worker: ImportWorker;
let outbox: Outbox;
let sink: MemorySink;
let organisationId = "";
const staff = staffPeople(() => db, "walk");

beforeAll(async () => {
  if (browserUnavailable) return;
  db = await openTestDatabase("pglite");
  organisationId = await organisationReadyToSend(db, "voorbeeld-walk");
  for (const [name, roles] of [
    ["fatima", ["organisation-admin", "editor"]],
    ["gert", ["approver"]],
    ["kim", ["contact-centre"]],
  ] as const)
    await staff.add(name, organisationId, [...roles]);
  await staff.add("anouk", null, ["regulator"]);
  worker = startImportWorker({ db: db.db, keys: db.keys }, { pollMs: 50 });
  sink = memorySink();
  outbox = await startOutbox({ sink });
  server = await startTestServer({ extra: { store: { db: db.db, keys: db.keys } } });
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await worker?.stop();
  await outbox?.close();
  await db?.close();
});

const submit = (page: Page, name: string) =>
  Promise.all([page.waitForEvent("load"), page.getByRole("button", { name, exact: true }).first().click()]);

/** Logs in through the pages: address and password, then the code from the person's authenticator. */
async function logIn(page: Page, name: string, at: number): Promise<void> {
  await page.goto(`${server.url}/console/inloggen`);
  await page.locator("#email").fill(staff.email(name));
  await page.locator("#wachtwoord").fill(STAFF_PASSWORD);
  await Promise.all([page.waitForURL(/\/console\/code$/), page.locator("main button[type=submit]").click()]);
  const secret = staff.totpSecret(name);
  await page
    .locator("#code")
    .fill(new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: at }));
  await Promise.all([page.waitForEvent("load"), page.locator("main button[type=submit]").click()]);
  if (!page.url().endsWith("/console"))
    throw new Error(`log-in of ${name}: ${await page.locator("main").textContent()}`);
}

describe.skipIf(browserUnavailable)("the console from a breach to the regulator, in a browser", () => {
  it("registers, imports, writes, approves by a second person, sends, takes a call, exports, oversees", async () => {
    const officer = await newContext(browser, { viewport: "desktop" });
    const page = await officer.newPage();
    await logIn(page, "fatima", Date.now());

    // Register the breach through its form.
    await page.getByRole("link", { name: /Nieuw datalek registreren/ }).click();
    await page.locator("#titel").fill("Klantbestand per ongeluk gedeeld");
    // Four days ago: past the 72 hours, so the regulator's oversight lists it among the alerts.
    await page
      .locator("#bewust-datum")
      .fill(new Date(Date.now() - 4 * 86_400_000).toISOString().slice(0, 10));
    await page.locator("#bewust-tijd").fill("08:00");
    await page.locator("#bewust-zone").selectOption("+01:00");
    await page.locator("#aantal-mensen").fill("3");
    await page.locator("#gegevens-0-categorie").selectOption("name");
    await page.locator("#gegevens-1-categorie").selectOption("email");
    await page.locator("#aard-confidentiality").check();
    await page.locator("#kwaadwillig-ja").check();
    await submit(page, "Datalek registreren");
    await expect(page.locator("h1").textContent()).resolves.toBe("Datalek: Klantbestand per ongeluk gedeeld");
    const overview = page.url().replace(/\?.*$/, "");
    expect(await page.locator("main").textContent()).toContain("Termijn voor de melding");
    await screenshot(page, "walk-1-breach");

    // Upload the victim file; the worker imports it.
    await page.getByRole("link", { name: "Slachtoffers importeren en bekijken" }).click();
    const file = join(tmpdir(), `walk-${Date.now()}.csv`);
    writeFileSync(
      file,
      [
        "external_id,email,name,categories",
        "W-1,wim@example.org,Wim de Vries,name|email",
        "W-2,els@example.org,Els Bakker,name|email",
        "W-3,piet@example.org,Piet Jansen,name|email",
      ].join("\n"),
    );
    await page.locator("#bestand").setInputFiles(file);
    await submit(page, "Uploaden");
    for (let i = 0; i < 100 && !(await page.locator("main").textContent())?.includes("klaar"); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      await page.reload();
    }
    expect(await page.locator("main").textContent()).toContain("3 nieuw");
    await screenshot(page, "walk-2-imported");

    // Write the first notice from the template texts and create the campaign.
    await page.goto(overview);
    await page.getByRole("link", { name: "Berichten schrijven" }).click();
    for (const textarea of await page.locator("textarea:not([readonly])").all())
      if ((await textarea.inputValue()).trim() === "") await textarea.fill("Wij hebben de fout hersteld.");
    await submit(page, "Campagne maken");
    await page.waitForURL(/\/console\/campagne\/[0-9a-f-]{36}/);
    const campaignUrl = page.url().replace(/\?.*$/, "");
    expect(await page.getByRole("button", { name: "Goedkeuren" }).count()).toBe(0);
    await screenshot(page, "walk-3-campaign");

    // A second person approves what the page shows, and starts sending.
    const second = await newContext(browser, { viewport: "desktop" });
    const approver = await second.newPage();
    await logIn(approver, "gert", Date.now());
    await approver.goto(campaignUrl);
    await submit(approver, "Goedkeuren");
    await submit(approver, "Versturen starten");
    expect(await approver.locator("main").textContent()).toContain("wordt verstuurd");
    const campaignId = campaignUrl.split("/").at(-1) ?? "";
    const key = Buffer.alloc(32, 9);
    await sendBatch(
      {
        db: db.db,
        keys: db.keys,
        worker: "walk-worker",
        email: createSmtpSender({ url: outbox.url, maxConnections: 1 }),
        bounceAddress: "bounces@voorbeeldtelecom.nl",
        domains: createDomainLimiter(),
        verificationCode: () => generateVerificationCode(),
        verificationDigest: (code) => verificationCodeDigest(code, key),
      },
      campaignId,
      { limit: 10 },
    );
    expect(sink.messages.flatMap((m) => m.envelope.to).sort()).toEqual([
      "els@example.org",
      "piet@example.org",
      "wim@example.org",
    ]);
    await second.close();

    // A caller reads out the code in their letter; the agent finds them and sees what was sent.
    const agentContext = await newContext(browser, { viewport: "desktop" });
    const agent = await agentContext.newPage();
    await logIn(agent, "kim", Date.now());
    await agent.getByRole("link", { name: /Klantcontact/ }).click();
    const breachId = overview.split("/").at(-1) ?? "";
    const wim = await victims.getByExternalId(db.db, db.keys, breachId, "W-1");
    await agent.locator("#persoonlijke-code").fill(wim?.personalCode ?? "");
    await submit(agent, "Zoeken");
    const call = (await agent.locator("main").textContent()) ?? "";
    expect(call).toContain("Belscript");
    expect(call).toContain("eerste melding");
    await screenshot(agent, "walk-4-caller");
    await agentContext.close();

    // The evidence: a PDF from the breach's page.
    await page.goto(overview);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Bewijs van aanpak (PDF)" }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^evidence-.*-nl\.pdf$/);
    await officer.close();

    // The regulator sees the breach among all organisations' breaches.
    const regulator = await newContext(browser, { viewport: "desktop" });
    const oversight = await regulator.newPage();
    await logIn(oversight, "anouk", Date.now());
    await oversight
      .getByRole("link", { name: /Toezicht/ })
      .first()
      .click();
    expect(await oversight.locator("main").textContent()).toContain("Klantbestand per ongeluk gedeeld");
    await screenshot(oversight, "walk-5-oversight");
    await regulator.close();
  }, 180_000);
});
