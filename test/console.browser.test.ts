/**
 * The staff console in a browser: log-in (empty and with an error), the code step (and its error), enrolment,
 * the signed-in landing page, the staff page (and its field errors), forgot-password (asked and answered) and
 * the new-password page pass axe-core (WCAG 2.1 AA) at phone and desktop width and HTML_CodeSniffer, do not
 * scroll sideways at 320 px with WCAG text spacing, and a person logs in by keyboard alone with JavaScript off.
 * Screenshots of every state go to out/screenshots/console-*.jpg.
 */
import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import { Secret, TOTP } from "otpauth";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assess } from "../src/assess/index.ts";
import { demoVictims } from "../src/cli/demo.ts";
import { takeDueSnapshots } from "../src/delivery/progress-snapshots.ts";
import { SAMPLE_BREACH, SAMPLE_ORGANISATION, SAMPLE_TEXTS } from "../src/messages/index.ts";
import { operatorActor } from "../src/operations/actor.ts";
import { checkCampaign, createCampaign } from "../src/operations/campaigns.ts";
import { setProfile } from "../src/operations/sender-profile.ts";
import { createStaff } from "../src/operations/staff.ts";
import { resetHash, staffCodeStep, staffPasswordStep } from "../src/operations/staff-login.ts";
import {
  breaches,
  type Executor,
  organisations,
  staffAccounts,
  staffResets,
  victims,
} from "../src/store/index.ts";
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

const PASSWORD = "gele tram rijdt langzaam";
let browser: Browser;
let server: TestServer;
let db: TestDatabase;
let clock = new Date();
let secret = "";
let regulatorSecret = "";
let personalCode = "";
let breachId = "";
let breachPath = "";
let campaignPath = "";
let dashboardPath = "";

/**
 * A campaign part-way through sending, with an hour of progress snapshots, so the dashboard's charts and
 * tables are on the page that is checked. Rows made in SQL: what is checked is the page.
 */
async function runningCampaign(
  ctx: { db: TestDatabase["db"]; keys: TestDatabase["keys"]; publicUrl: string },
  actor: ReturnType<typeof operatorActor>,
  breachId: string,
): Promise<string> {
  const { id } = await createCampaign(ctx, actor, {
    breachId,
    kind: "first-notice",
    setup: { texts: SAMPLE_TEXTS },
  });
  const run = (query: ReturnType<typeof sql>) => query.execute(db.db as Executor);
  await run(sql`insert into victims (breach_id, external_id, segment, reachable)
    select ${breachId}, 'DASH-' || i, (array['klanten','oud-klanten'])[1 + i % 2], true from generate_series(1, 400) i`);
  await run(sql`insert into deliveries (campaign_id, victim_id, status, channels, channel)
    select ${id}, v.id, (array['queued','sent','delivered','delivered','bounced'])[1 + v.id % 5],
      array[(array['email','email','letter'])[1 + v.id % 3]], (array['email','email','letter'])[1 + v.id % 3]
    from victims v where v.breach_id = ${breachId} and v.external_id like 'DASH-%'`);
  await run(sql`update campaigns set status = 'running', started_at = now() where id = ${id}`);
  await takeDueSnapshots(db.db);
  // Earlier snapshots: the same counts scaled down, one every five minutes over the hour before.
  await run(sql`insert into campaign_snapshots (campaign_id, taken_at, took_ms, counts, segments)
    select campaign_id, taken_at - make_interval(mins => 5 * g), took_ms,
      (select jsonb_agg(jsonb_set(c, '{n}', to_jsonb(case when c->>'status' = 'queued' then (c->>'n')::int
        else (c->>'n')::int * (12 - g) / 12 end))) from jsonb_array_elements(counts) c), segments
    from campaign_snapshots, generate_series(1, 12) g where campaign_id = ${id}`);
  return id;
}

beforeAll(async () => {
  if (browserUnavailable) return;
  db = await openTestDatabase("pglite");
  const org = await organisations.create(db.db, { slug: "voorbeeld", name: "Voorbeeld Telecom" });
  const breach = await breaches.create(db.db, {
    organisationId: org.id,
    slug: "klantgegevens",
    title: "Klantgegevens gestolen uit het klantsysteem",
    facts: SAMPLE_BREACH as unknown as Record<string, unknown> & { awareAt: string },
    // Assessed, as a breach registered in the console is: the overview shows the assessment.
    assessment: assess(SAMPLE_BREACH) as unknown as Record<string, unknown>,
    status: "assessed",
  });
  const actor = operatorActor("os:test", org.id);
  const ctx = { db: db.db, keys: db.keys, publicUrl: "http://127.0.0.1" };
  await setProfile(ctx, actor, { profile: { ...SAMPLE_ORGANISATION, dkim: { signer: "relay" } } });
  const campaign = await createCampaign(ctx, actor, {
    breachId: breach.id,
    kind: "first-notice",
    setup: { texts: SAMPLE_TEXTS },
  });
  await checkCampaign(ctx, actor, { campaignId: campaign.id });
  breachId = breach.id;
  // Three invented people with personal codes, as an import gives them: the contact centre finds one.
  const people = await victims.insertBatch(db.db, db.keys, breach.id, demoVictims(3), { issueCodes: true });
  personalCode = people.codes?.get("DEMO-00002") ?? "";
  breachPath = `/console/datalek/${breach.id}`;
  campaignPath = `/console/campagne/${campaign.id}`;
  dashboardPath = `/console/campagne/${await runningCampaign(ctx, actor, breach.id)}`;
  const admin = await createStaff(db, actor, {
    email: "fg@example.org",
    displayName: "Fatima de Groot",
    roles: ["organisation-admin", "editor"],
    password: PASSWORD,
  });
  secret = new Secret({ size: 20 }).base32;
  await staffAccounts.setPendingTotp(db.db, db.keys, admin.account.id, secret);
  await staffAccounts.confirmTotp(db.db, admin.account.id, new Date());
  await createStaff(db, actor, {
    email: "nieuw@example.org",
    displayName: "Noah Nieuw",
    roles: ["approver"],
    password: PASSWORD,
  });
  const regulator = await createStaff(db, operatorActor("os:test", null), {
    email: "ap@example.org",
    displayName: "Anouk de Toezichthouder",
    roles: ["regulator"],
    password: PASSWORD,
  });
  regulatorSecret = new Secret({ size: 20 }).base32;
  await staffAccounts.setPendingTotp(db.db, db.keys, regulator.account.id, regulatorSecret);
  await staffAccounts.confirmTotp(db.db, regulator.account.id, new Date());
  await createStaff(db, actor, {
    email: "kim@example.org",
    displayName: "Kim Bakker",
    roles: ["contact-centre"],
  });
  server = await startTestServer({
    // The error states are loaded many times (each engine, each width): no lock-out here (test/console.test.ts).
    extra: {
      store: { db: db.db, keys: db.keys },
      console: { now: () => clock, rules: { maxAttempts: 10_000 } },
    },
  });
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await db?.close();
});

const url = (path: string, language: "nl" | "en" = "nl") =>
  `${server.url}${language === "en" ? "/en" : ""}${path}`;

/** Each log-in moves the clock on a 30-second step, so a code is never one already used. */
const nextCode = () => {
  clock = new Date(clock.getTime() + 30_000);
  return new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: clock.getTime() });
};

const passwordStep =
  (email: string, password = PASSWORD, language: "nl" | "en" = "nl") =>
  async (page: Page) => {
    await page.goto(url("/console/inloggen", language));
    await page.locator("#email").fill(email);
    await page.locator("#wachtwoord").fill(password);
    await Promise.all([page.waitForEvent("load"), page.locator("main button[type=submit]").click()]);
  };

/**
 * A signed-in page: the session of one log-in made at the start (the log-in pages themselves are states of
 * their own, and the keyboard walk below logs in through them), so each state costs one page load.
 */
const signedIn =
  (language: "nl" | "en" = "nl", then = "/console", as: "officer" | "regulator" = "officer") =>
  async (page: Page) => {
    const value = await (as === "officer" ? session() : regulatorSession());
    await page.context().addCookies([{ name: "lekwijzer-console", value, url: server.url }]);
    await page.goto(url(then, language));
  };
let sessionToken: Promise<string> | undefined;
const session = () => {
  sessionToken ??= logIn("fg@example.org", nextCode);
  return sessionToken;
};
let regulatorToken: Promise<string> | undefined;
const regulatorSession = () => {
  regulatorToken ??= logIn("ap@example.org", () =>
    new TOTP({ secret: Secret.fromBase32(regulatorSecret) }).generate({ timestamp: clock.getTime() }),
  );
  return regulatorToken;
};
async function logIn(email: string, code: () => string): Promise<string> {
  const first = await staffPasswordStep(db, { email, password: PASSWORD }, clock);
  if (!first.ok) throw new Error("password refused");
  const second = await staffCodeStep(db, first.token, code(), clock);
  if (!second.ok) throw new Error(`code refused: ${second.reason}`);
  return second.token;
}

const codeError = async (page: Page) => {
  await passwordStep("fg@example.org")(page);
  await page.locator("#code").fill("000000");
  await Promise.all([page.waitForEvent("load"), page.locator("main button[type=submit]").click()]);
};

const staffErrors = async (page: Page) => {
  await signedIn("nl", "/console/medewerkers")(page);
  await page.locator("#naam").fill("Iemand");
  await page.locator("#email").fill("geen adres");
  await Promise.all([page.waitForEvent("load"), page.getByRole("button", { name: "Toevoegen" }).click()]);
};

/** The new-breach form sent empty: every missing fact named at its field. */
const breachErrors = async (page: Page) => {
  await signedIn("en", "/console/datalek/nieuw")(page);
  await Promise.all([
    page.waitForEvent("load"),
    page.getByRole("button", { name: "Register the breach" }).click(),
  ]);
};

/** A caller found by the personal code in their letter: the agent's view with the call script. */
const callerFound = async (page: Page) => {
  await signedIn("nl", "/console/contact")(page);
  await page.locator("#persoonlijke-code").fill(personalCode);
  await Promise.all([
    page.waitForEvent("load"),
    page.getByRole("button", { name: "Zoeken" }).first().click(),
  ]);
};

/** A key just made: the page with its secret, shown this once. */
const keyMade = async (page: Page) => {
  await signedIn("nl", "/console/api-sleutels")(page);
  await page.locator("#houder").fill("Klantsysteem");
  await page.locator("#rechten-read").check();
  await Promise.all([page.waitForEvent("load"), page.getByRole("button", { name: "Sleutel maken" }).click()]);
};

const forgotSent = async (page: Page) => {
  await page.goto(url("/console/wachtwoord-vergeten"));
  await page.locator("#email").fill("iemand@example.org");
  await Promise.all([page.waitForEvent("load"), page.locator("main button[type=submit]").click()]);
};

/** A reset link as the mail carries it (the token made here; only its keyed hash is stored). */
const resetPage = async (page: Page) => {
  const organisationId = (await organisations.getBySlug(db.db, "voorbeeld"))?.id ?? "";
  const kim = (await staffAccounts.list(db.db, db.keys, organisationId)).find(
    (s) => s.email === "kim@example.org",
  );
  const token = randomBytes(32).toString("base64url");
  await staffResets.request(db.db, kim?.id ?? "", { now: clock, perHour: 1000 });
  const [claimed] = await staffResets.claim(db.db, db.keys, { limit: 1, leaseMs: 60_000, now: clock });
  await staffResets.setToken(
    db.db,
    claimed?.id ?? 0,
    resetHash(db, token),
    new Date(clock.getTime() + 1_800_000),
  );
  await page.goto(url(`/console/nieuw-wachtwoord?token=${token}`));
};

/**
 * `USER_GUIDE_SHOTS=1 npx vitest run test/console.browser.test.ts -t screenshots` refreshes the pictures of
 * docs/user-guide.md: these states, the first desktop screen of each.
 */
const GUIDE_SHOTS = process.env.USER_GUIDE_SHOTS === "1";
const GUIDE_STATES = [
  "home-nl",
  "breach-new-nl",
  "breach-overview-nl",
  "victims-nl",
  "messages-nl",
  "campaign-nl",
  "dashboard-nl",
  "updates-nl",
  "caller-nl",
  "notice-nl",
  "oversight-nl",
  "audit-en",
];

function states(): { name: string; heading: string; target: Target }[] {
  return [
    { name: "login-nl", heading: "Inloggen voor organisaties", target: url("/console/inloggen") },
    { name: "login-en", heading: "Log in for organisations", target: url("/console/inloggen", "en") },
    {
      name: "login-error-nl",
      heading: "Inloggen voor organisaties",
      target: passwordStep("fg@example.org", "verkeerd wachtwoord"),
    },
    {
      name: "code-nl",
      heading: "Code uit uw app",
      target: passwordStep("fg@example.org"),
    },
    { name: "code-error-nl", heading: "Code uit uw app", target: codeError },
    { name: "enrol-nl", heading: "Inlogcodes instellen", target: passwordStep("nieuw@example.org") },
    {
      name: "enrol-en",
      heading: "Set up log-in codes",
      target: passwordStep("nieuw@example.org", PASSWORD, "en"),
    },
    { name: "home-nl", heading: "Console: Voorbeeld Telecom", target: signedIn("nl") },
    { name: "home-en", heading: "Console: Voorbeeld Telecom", target: signedIn("en") },
    { name: "staff-nl", heading: "Medewerkers", target: signedIn("nl", "/console/medewerkers") },
    { name: "staff-errors-nl", heading: "Medewerkers", target: staffErrors },
    {
      name: "breach-overview-nl",
      heading: "Datalek: Klantgegevens gestolen uit het klantsysteem",
      target: signedIn("nl", breachPath),
    },
    { name: "campaign-nl", heading: "Campagne: eerste melding", target: signedIn("nl", campaignPath) },
    { name: "campaign-en", heading: "Campaign: first notice", target: signedIn("en", campaignPath) },
    { name: "dashboard-nl", heading: "Campagne: eerste melding", target: signedIn("nl", dashboardPath) },
    { name: "dashboard-en", heading: "Campaign: first notice", target: signedIn("en", dashboardPath) },
    {
      name: "breach-new-nl",
      heading: "Nieuw datalek registreren",
      target: signedIn("nl", "/console/datalek/nieuw"),
    },
    { name: "breach-new-errors-en", heading: "Register a new data breach", target: breachErrors },
    {
      name: "breach-facts-nl",
      heading: "Feiten van het datalek aanpassen",
      target: signedIn("nl", `${breachPath}/feiten`),
    },
    {
      name: "victims-nl",
      heading: "Slachtoffers: Klantgegevens gestolen uit het klantsysteem",
      target: signedIn("nl", `${breachPath}/slachtoffers`),
    },
    {
      name: "contact-nl",
      heading: "Contactcentrum: beller zoeken",
      target: signedIn("nl", "/console/contact"),
    },
    { name: "caller-nl", heading: "Beller: Voorbeeld Telecom BV", target: callerFound },
    {
      name: "messages-nl",
      heading: "Berichten schrijven",
      target: signedIn("nl", `${breachPath}/berichten`),
    },
    {
      name: "updates-nl",
      heading: "Updates en de pagina over het datalek",
      target: signedIn("nl", `${breachPath}/updates`),
    },
    {
      name: "phishing-en",
      heading: "Fake messages (phishing)",
      target: signedIn("en", `${breachPath}/phishing`),
    },
    {
      name: "notice-nl",
      heading: "Melding aan de toezichthouder: Klantgegevens gestolen uit het klantsysteem",
      target: signedIn("nl", `${breachPath}/melding`),
    },
    {
      name: "oversight-nl",
      heading: "Toezicht op datalekken",
      target: signedIn("nl", "/console/toezicht", "regulator"),
    },
    {
      name: "oversight-breach-en",
      heading: "Breach under oversight: Klantgegevens gestolen uit het klantsysteem",
      target: signedIn("en", `/console/toezicht/datalek/${breachId}`, "regulator"),
    },
    { name: "keys-nl", heading: "API-sleutels", target: signedIn("nl", "/console/api-sleutels") },
    { name: "key-made-nl", heading: "API-sleutels", target: keyMade },
    { name: "audit-en", heading: "Audit log", target: signedIn("en", "/console/logboek?controleer=1") },
    { name: "forgot-nl", heading: "Wachtwoord vergeten", target: url("/console/wachtwoord-vergeten") },
    { name: "forgot-sent-nl", heading: "Wachtwoord vergeten", target: forgotSent },
    { name: "new-password-nl", heading: "Nieuw wachtwoord instellen", target: resetPage },
  ];
}

describe.skipIf(browserUnavailable)("the staff console in a browser", () => {
  it("passes axe-core WCAG 2.1 AA at 320 px and desktop width, and HTML_CodeSniffer", async () => {
    for (const { name, target } of states()) {
      const found = await accessibilityAtBothWidths(browser, target, { codeSniffer: name.endsWith("-nl") });
      expect({ name, ...found }).toEqual({ name, phone: [], desktop: [], codeSniffer: [] });
    }
  }, 400_000);

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
      await screenshot(page, `console-${name}-phone`);
      await page.setViewportSize(VIEWPORTS.desktop);
      await screenshot(page, `console-${name}-desktop`);
      if (GUIDE_SHOTS && GUIDE_STATES.includes(name))
        await page.screenshot({ path: new URL(`../docs/user-guide/${name}.png`, import.meta.url).pathname });
      await context.close();
    }
  }, 300_000);

  it("logs in by keyboard alone with JavaScript off, keeping the typed address after a wrong password", async () => {
    const context = await newContext(browser, { javaScript: false, viewport: "phone" });
    const page = await context.newPage();
    await page.goto(url("/"));
    await page.getByRole("link", { name: "Inloggen voor organisaties" }).focus();
    await Promise.all([page.waitForURL(/inloggen$/), page.keyboard.press("Enter")]);
    await page.locator("#email").focus();
    await page.keyboard.type("fg@example.org");
    await page.keyboard.press("Tab");
    await page.keyboard.type("niet dit wachtwoord");
    // The answer is the same address (/inloggen), so wait for what only the answered page carries: the
    // error summary. Waiting for "load" resolved on the page still showing the typed password.
    await page.keyboard.press("Enter");
    await page.locator("#fout-titel").waitFor();
    expect(await page.locator("#email").inputValue()).toBe("fg@example.org");
    expect(await page.locator("#wachtwoord").inputValue()).toBe("");
    await page.locator("#wachtwoord").focus();
    await page.keyboard.type(PASSWORD);
    await Promise.all([page.waitForURL(/\/console\/code$/), page.keyboard.press("Enter")]);
    await page.locator("#code").focus();
    await page.keyboard.type(nextCode());
    await Promise.all([page.waitForURL(/\/console$/), page.keyboard.press("Enter")]);
    expect(await page.locator("main").textContent()).toContain("Klantgegevens gestolen uit het klantsysteem");
    await screenshot(page, "console-home-by-keyboard-nl-phone");
    await context.close();
  }, 90_000);
});
