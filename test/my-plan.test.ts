/**
 * "Mijn plan" through the real server and a real database: a personal code opens a session (cookie, 303) and
 * the plan of that one person — their data, steps, news, masked details —; a wrong code says only that it is
 * not known; another person's plan is out of reach; a new or revoked code ends the sessions; cross-site posts
 * are refused; look-ups are limited; ticked steps, letter and address requests are saved (and the address only
 * as pending); sessions end when idle, when old, and on "stop"; and no code, token or address reaches a log.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateCode } from "../src/core/codes.ts";
import { checkPlainLanguage } from "../src/framework/plain-language.ts";
import { createUpdate, listPortalRequests, operatorActor, publishUpdate } from "../src/operations/index.ts";
import { planProgress } from "../src/store/index.ts";
import { engineCases, openTestDatabase, type TestDatabase } from "../src/store/testing.ts";
import { personalCodes } from "../src/store/victims.ts";
import { type PlanVictims, planVictims } from "./support/plan-victims.ts";
import { startTestServer, type TestServer } from "./support/server.ts";

const FORM = { "content-type": "application/x-www-form-urlencoded" };

async function post(
  server: TestServer,
  path: string,
  fields: Record<string, string | string[]>,
  headers = {},
) {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(fields))
    for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
  return fetch(`${server.url}${path}`, {
    method: "POST",
    headers: { ...FORM, ...headers },
    body: body.toString(),
    redirect: "manual",
  });
}

/** Opens a plan with the code; the cookie to send back. */
async function login(server: TestServer, code: string, path = "/mijn-plan"): Promise<string> {
  const response = await post(server, path, { code });
  expect(response.status).toBe(303);
  const set = response.headers.get("set-cookie") ?? "";
  return set.split(";")[0] ?? "";
}

async function get(server: TestServer, path: string, cookie = "") {
  return fetch(`${server.url}${path}`, { headers: cookie ? { cookie } : {}, redirect: "manual" });
}

for (const engine of engineCases()) {
  describe(`Mijn plan on ${engine}`, () => {
    let db: TestDatabase;
    let server: TestServer;
    let people: PlanVictims;
    let clock = new Date("2026-12-04T10:00:00Z");

    beforeAll(async () => {
      db = await openTestDatabase(engine);
      people = await planVictims(db);
      server = await startTestServer({
        extra: {
          store: { db: db.db, keys: db.keys },
          myPlan: {
            limits: {
              perNetwork: { max: 1000, windowMs: 60_000 },
              perCode: { max: 25, windowMs: 60 * 60_000 },
            },
            now: () => clock,
          },
        },
      });
    });

    afterAll(async () => {
      await server?.close();
      await db?.close();
    });

    it("shows the code form in both languages, never cached", async () => {
      for (const [path, heading] of [
        ["/mijn-plan", "Mijn plan"],
        ["/en/mijn-plan", "My plan"],
      ] as const) {
        const response = await get(server, path);
        expect(response.status).toBe(200);
        expect(response.headers.get("cache-control")).toBe("no-store");
        const body = await response.text();
        expect(body).toContain(`<h1 class="utrecht-heading-1">${heading}</h1>`);
        expect(body).toContain(`method="post" action="${path}"`);
      }
    });

    it("opens the plan of the code's own person: a session cookie, then their data, steps and news", async () => {
      const response = await post(server, "/mijn-plan", {
        code: people.codes.anna.toLowerCase().replaceAll("-", " "),
      });
      expect(response.status).toBe(303);
      expect(response.headers.get("location")).toBe("/mijn-plan");
      const set = response.headers.get("set-cookie") ?? "";
      expect(set).toMatch(/^lekwijzer-plan=[A-Za-z0-9_-]{43}; /);
      expect(set).toContain("HttpOnly");
      expect(set).toContain("SameSite=Lax");
      expect(set).toContain("Path=/");
      const cookie = set.split(";")[0] ?? "";
      const page = await (await get(server, "/mijn-plan", cookie)).text();
      expect(page).toContain("Voorbeeld Telecom");
      expect(page).toContain("IBAN");
      expect(page).toContain("Het lek is gedicht");
      expect(page).toContain("a***@g***.nl");
      expect(page).toContain("A. d. V.");
      expect(page).toContain("4321 **");
      expect(page).toContain('name="stap"');
      expect(page).not.toContain("anna.devries@gmail.nl");
      expect(page).not.toContain("Dorpsweg");
      // Bram's data (his BSN leaked, Anna's did not) is nowhere on Anna's plan.
      expect(page).not.toContain("b***@e***.org");
      expect(page).not.toContain("Burgerservicenummer");
      // The language switch keeps the session: the same cookie opens the English plan.
      const english = await (await get(server, "/en/mijn-plan", cookie)).text();
      expect(english).toContain("Your steps");
      expect(english).toContain("The leak is closed");
      // The breach's title is the organisation's Dutch text: the Dutch plan names it, the English one does not.
      expect(page).toContain("Over: Klantgegevens gestolen.");
      const printed = await (await get(server, "/en/mijn-plan?print", cookie)).text();
      for (const view of [english, printed]) {
        expect(view).toContain("Your plan after the data breach at Voorbeeld Telecom BV.");
        expect(view).not.toContain("Klantgegevens gestolen");
      }
    });

    it("sets a Secure __Host- cookie when not served over plain http on this machine", async () => {
      const response = await post(server, "/mijn-plan", { code: people.codes.bram }, { via: "1.1 proxy" });
      const set = response.headers.get("set-cookie") ?? "";
      expect(set).toMatch(/^__Host-lekwijzer-plan=/);
      expect(set).toContain("Secure");
    });

    it("says a wrong code is not known, and a typing error is one, without a session", async () => {
      const unknown = await post(server, "/mijn-plan", { code: generateCode() });
      expect(unknown.status).toBe(200);
      expect(unknown.headers.get("set-cookie")).toBeNull();
      expect(await unknown.text()).toContain("Wij kennen deze code niet");
      const code = people.codes.anna;
      const typo = await post(server, "/en/mijn-plan", {
        code: code.slice(0, -1) + (code.endsWith("2") ? "3" : "2"),
      });
      expect(typo.status).toBe(400);
      const body = await typo.text();
      expect(body).toContain("typing error");
      expect(body).toContain('aria-invalid="true"');
      expect((await post(server, "/mijn-plan", { code: "  " })).status).toBe(400);
    });

    it("keeps each person to their own plan: ticks and requests land on the session's person only", async () => {
      const anna = await login(server, people.codes.anna);
      const bram = await login(server, people.codes.bram, "/en/mijn-plan");
      const bramPage = await (await get(server, "/en/mijn-plan", bram)).text();
      expect(bramPage).toContain("b***@e***.org");
      expect(bramPage).not.toContain("a***@g***.nl");
      const stepsOf = (page: string) =>
        [...page.matchAll(/name="stap" value="([a-z-]+)"/g)].map((m) => m[1] ?? "");
      const annaSteps = stepsOf(await (await get(server, "/mijn-plan", anna)).text());
      const annaStep = annaSteps[0] ?? "";
      const bramOnly = stepsOf(bramPage).find((id) => !annaSteps.includes(id)) ?? "";
      expect(bramOnly).not.toBe("");
      // Anna ticks her own step and tries one of Bram's: only hers is saved, and Bram sees nothing ticked.
      expect(
        (
          await post(
            server,
            "/mijn-plan/stappen",
            { stap: [annaStep, bramOnly, "nonsense"] },
            { cookie: anna },
          )
        ).status,
      ).toBe(303);
      const annaAfter = await (await get(server, "/mijn-plan", anna)).text();
      expect(annaAfter).toContain(`value="${annaStep}" aria-describedby="stap-${annaStep}-uitleg" checked`);
      expect(await (await get(server, "/en/mijn-plan", bram)).text()).not.toContain(" checked");
      expect([...(await planProgress.list(db.db, people.ids.anna))]).toEqual([annaStep]);
      expect([...(await planProgress.list(db.db, people.ids.bram))]).toEqual([]);
    });

    it("saves ticked steps without an account, and unticking too", async () => {
      const cookie = await login(server, people.codes.anna);
      const steps = [
        ...(await (await get(server, "/mijn-plan", cookie)).text()).matchAll(
          /name="stap" value="([a-z-]+)"/g,
        ),
      ].map((m) => m[1] ?? "");
      expect(steps.length).toBeGreaterThan(2);
      const saved = await post(server, "/mijn-plan/stappen", { stap: steps.slice(0, 2) }, { cookie });
      expect(saved.headers.get("location")).toBe("/mijn-plan?opgeslagen#stappen");
      let page = await (await get(server, "/mijn-plan?opgeslagen", cookie)).text();
      expect(page).toContain("Opgeslagen");
      expect(page.match(/ checked/g)?.length).toBe(2);
      await post(server, "/mijn-plan/stappen", { stap: steps[1] ?? "" }, { cookie });
      page = await (await get(server, "/mijn-plan", cookie)).text();
      expect(page.match(/ checked/g)?.length).toBe(1);
      expect(page).toContain(`value="${steps[1]}" aria-describedby="stap-${steps[1]}-uitleg" checked`);
      // A fresh session (another device) sees the same ticks: they belong to the person, not the browser.
      const other = await login(server, people.codes.anna);
      expect((await (await get(server, "/mijn-plan", other)).text()).match(/ checked/g)?.length).toBe(1);
    });

    it("refuses posts another website made", async () => {
      const cookie = await login(server, people.codes.anna);
      const before = (await (await get(server, "/mijn-plan", cookie)).text()).match(/ checked/g)?.length ?? 0;
      const bySite = await post(
        server,
        "/mijn-plan/stappen",
        { stap: [] },
        { cookie, "sec-fetch-site": "cross-site" },
      );
      expect(bySite.status).toBe(403);
      const byOrigin = await post(server, "/mijn-plan/brief", {}, { cookie, origin: "https://evil.example" });
      expect(byOrigin.status).toBe(403);
      expect(
        (await post(server, "/mijn-plan/stop", {}, { cookie, "sec-fetch-site": "same-site" })).status,
      ).toBe(403);
      expect(
        (await post(server, "/mijn-plan", { code: people.codes.anna }, { "sec-fetch-site": "cross-site" }))
          .status,
      ).toBe(403);
      const after = (await (await get(server, "/mijn-plan", cookie)).text()).match(/ checked/g)?.length ?? 0;
      expect(after).toBe(before);
    });

    it("records a printed-letter request once, audit-logged and visible to the organisation", async () => {
      const cookie = await login(server, people.codes.bram, "/en/mijn-plan");
      const asked = await post(server, "/en/mijn-plan/brief", {}, { cookie });
      expect(asked.status).toBe(303);
      await post(server, "/en/mijn-plan/brief", {}, { cookie });
      const page = await (await get(server, "/en/mijn-plan", cookie)).text();
      // Bram's file has no postal address: the page says so at once, and how to give one.
      expect(page).toContain("We have no address for you");
      const requests = await listPortalRequests(db, operatorActor("os:test", people.organisationId), {
        breachId: people.breachId,
      });
      expect(requests.filter((r) => r.kind === "printed-letter" && r.externalId === "bram")).toHaveLength(1);
      const audit = await db.db.selectFrom("audit_log").select(["action", "details"]).execute();
      expect(audit.filter((a) => a.action === "portal.printed-letter-requested")).toHaveLength(1);
    });

    it("takes a new address as pending until confirmed, with field errors first", async () => {
      const cookie = await login(server, people.codes.anna);
      const wrong = await post(
        server,
        "/mijn-plan/gegevens",
        { soort: "verhuisd", straat: "Nieuwe Gracht", huisnummer: "", postcode: "12", plaats: "Utrecht" },
        { cookie },
      );
      expect(wrong.status).toBe(400);
      const errors = await wrong.text();
      expect(errors).toContain('href="#adres-huisnummer"');
      expect(errors).toContain("Vul een postcode in zoals 1234 AB.");
      expect(errors).toContain('value="Nieuwe Gracht"');
      const moved = await post(
        server,
        "/mijn-plan/gegevens",
        {
          soort: "verhuisd",
          straat: "Nieuwe Gracht",
          huisnummer: "12a",
          postcode: "3512ab",
          plaats: "Utrecht",
        },
        { cookie },
      );
      expect(moved.headers.get("location")).toBe("/mijn-plan?gevraagd=adres#verhuisd");
      const page = await (await get(server, "/mijn-plan?gevraagd=adres", cookie)).text();
      expect(page).toContain("U krijgt binnen een paar werkdagen een brief met een code op het nieuwe adres");
      expect(page).toContain("een nieuw adres (brief met code wordt gemaakt)");
      expect(page).not.toContain("Nieuwe Gracht");
      await post(server, "/mijn-plan/gegevens", { soort: "brieven" }, { cookie });
      const requests = await listPortalRequests(db, operatorActor("os:test", people.organisationId), {
        breachId: people.breachId,
      });
      const address = requests.find((r) => r.kind === "moved");
      expect(address).toMatchObject({
        status: "pending-confirmation",
        address: { street: "Nieuwe Gracht", postcode: "3512 AB" },
      });
      expect(requests.some((r) => r.kind === "prefers-letters" && r.status === "done")).toBe(true);
      const sealed = await db.db
        .selectFrom("portal_requests")
        .select("sealed")
        .where("kind", "=", "moved")
        .execute();
      expect(JSON.stringify(sealed)).not.toContain("Nieuwe Gracht");
      const audit = await db.db.selectFrom("audit_log").select(["action", "details"]).execute();
      expect(JSON.stringify(audit)).not.toContain("Nieuwe Gracht");
      expect(audit.some((a) => a.action === "portal.moved-requested")).toBe(true);
    });

    it("shows a printable version without forms, and says where to print", async () => {
      const cookie = await login(server, people.codes.anna);
      const page = await (await get(server, "/mijn-plan?print", cookie)).text();
      expect(page).toContain("Versie om af te drukken");
      expect(page).toContain("nog doen");
      expect(page).not.toContain("<form");
      expect(page).toContain('href="/mijn-plan/print.css"');
      const css = await get(server, "/mijn-plan/print.css");
      expect(await css.text()).toContain("@media print");
    });

    it("ends a session on stop, and a stopped token opens nothing", async () => {
      const cookie = await login(server, people.codes.anna);
      const stop = await post(server, "/mijn-plan/stop", {}, { cookie });
      expect(stop.status).toBe(303);
      expect(stop.headers.get("set-cookie")).toContain("Max-Age=0");
      const after = await (await get(server, "/mijn-plan", cookie)).text();
      expect(after).toContain('name="code"');
      expect(after).not.toContain('name="stap"');
    });

    it("ends sessions after 30 idle minutes and after 12 hours however busy", async () => {
      const idle = await login(server, people.codes.anna);
      clock = new Date(clock.getTime() + 29 * 60_000);
      expect(await (await get(server, "/mijn-plan", idle)).text()).toContain('name="stap"');
      clock = new Date(clock.getTime() + 31 * 60_000);
      const expired = await (await get(server, "/mijn-plan", idle)).text();
      expect(expired).toContain("Uw plan is dicht gegaan");
      const busy = await login(server, people.codes.anna);
      for (let i = 0; i < 36; i++) {
        clock = new Date(clock.getTime() + 20 * 60_000);
        const open = (await (await get(server, "/mijn-plan", busy)).text()).includes('name="stap"');
        expect(open, `after ${(i + 1) * 20} minutes`).toBe(i < 35);
      }
      // Opening a new session clears the person's dead ones: only the new one is left in the table.
      await login(server, people.codes.anna);
      const rows = await db.db
        .selectFrom("portal_sessions")
        .select("token_hash")
        .where("victim_id", "=", people.ids.anna)
        .execute();
      expect(rows).toHaveLength(1);
    });

    it("ends every session when the code is revoked or replaced, and the old code opens nothing", async () => {
      const cookie = await login(server, people.codes.bram, "/en/mijn-plan");
      await personalCodes.revoke(db.db, people.ids.bram);
      expect(await (await get(server, "/en/mijn-plan", cookie)).text()).toContain("Your plan has closed");
      expect(await (await post(server, "/en/mijn-plan", { code: people.codes.bram })).text()).toContain(
        "We do not know this code",
      );
      const fresh = await personalCodes.issue(db.db, db.keys, people.ids.bram);
      const second = await login(server, fresh, "/en/mijn-plan");
      const replaced = await personalCodes.issue(db.db, db.keys, people.ids.bram);
      expect(await (await get(server, "/en/mijn-plan", second)).text()).not.toContain('name="stap"');
      expect((await post(server, "/en/mijn-plan", { code: fresh })).headers.get("set-cookie")).toBeNull();
      people.codes.bram = replaced;
    });

    it("limits tries of one code, politely", async () => {
      const code = generateCode();
      for (let i = 0; i < 25; i++) expect((await post(server, "/mijn-plan", { code })).status).toBe(200);
      const limited = await post(server, "/en/mijn-plan", { code: code.toLowerCase() });
      expect(limited.status).toBe(429);
      expect(limited.headers.get("retry-after")).toMatch(/^\d+$/);
      expect(await limited.text()).toMatch(/try again in \d+ minutes/);
      // Another code from the same network is still answered.
      expect((await post(server, "/mijn-plan", { code: generateCode() })).status).toBe(200);
    });

    it("speaks plain Dutch (B1) on the form and the plan's own texts", async () => {
      const cookie = await login(server, people.codes.anna);
      for (const page of [
        await (await get(server, "/mijn-plan")).text(),
        await (await get(server, "/mijn-plan", cookie)).text(),
      ]) {
        const main = page.slice(page.indexOf("<main"), page.indexOf("</main>"));
        const texts = main
          .replace(/<\/?(p|li|h[1-6]|label|div|ol|ul|section|article)\b[^>]*>/g, "\n")
          .replace(/<[^>]+>/g, " ")
          .split("\n")
          .map((text) => text.replace(/\s+/g, " ").trim())
          .filter((text) => text.length > 0);
        const blocking = texts.flatMap((text) =>
          checkPlainLanguage(text, { language: "nl" })
            .findings.filter((finding) => finding.severity === "block")
            .map((finding) => `${finding.message} — "${text}"`),
        );
        expect(blocking).toEqual([]);
      }
    });

    it("logs the session start without the code, and writes no code, token or address to the log", async () => {
      const audit = await db.db.selectFrom("audit_log").select(["action", "subject", "details"]).execute();
      const started = audit.filter((a) => a.action === "portal.session-started");
      expect(started.length).toBeGreaterThan(3);
      const logs = server.logs.join("\n");
      for (const code of [people.codes.anna, people.codes.bram]) {
        expect(JSON.stringify(audit)).not.toContain(code.replaceAll("-", ""));
        expect(logs).not.toContain(code);
        expect(logs).not.toContain(code.replaceAll("-", ""));
      }
      expect(logs).not.toMatch(/lekwijzer-plan=/);
      expect(logs).not.toContain("anna.devries");
      expect(logs).not.toContain("Nieuwe Gracht");
      expect(logs).toContain("/mijn-plan");
    });

    it("marks news written in Dutch only as Dutch on the English plan", async () => {
      const actor = operatorActor("os:test", people.organisationId);
      const update = await createUpdate(db, actor, {
        breachId: people.breachId,
        title: { nl: "Wij hebben de politie gebeld" },
        body: { nl: "De politie zoekt de daders." },
      });
      await publishUpdate(db, actor, { breachId: people.breachId, updateId: update.update.id });
      const cookie = await login(server, people.codes.anna);
      const english = await (await get(server, "/en/mijn-plan", cookie)).text();
      expect(english).toContain('<h3 class="utrecht-heading-3" lang="nl">Wij hebben de politie gebeld</h3>');
      expect(english).toContain(
        '<div lang="nl"><p class="utrecht-paragraph">De politie zoekt de daders.</p></div>',
      );
      // News with its own English stays unmarked; the Dutch plan marks nothing.
      expect(english).toContain('<h3 class="utrecht-heading-3">The leak is closed</h3>');
      const dutch = await (await get(server, "/mijn-plan", cookie)).text();
      expect(dutch).toContain('<h3 class="utrecht-heading-3">Wij hebben de politie gebeld</h3>');
      expect(dutch).not.toContain('lang="nl"><p');
    });
  });
}

describe("Mijn plan per network", () => {
  it("limits one network across codes", { timeout: 120_000 }, async () => {
    const db = await openTestDatabase("pglite");
    const server = await startTestServer({
      extra: {
        store: { db: db.db, keys: db.keys },
        myPlan: { limits: { perNetwork: { max: 3, windowMs: 60_000 } } },
      },
    });
    try {
      for (let i = 0; i < 3; i++)
        expect((await post(server, "/mijn-plan", { code: generateCode() })).status).toBe(200);
      const limited = await post(server, "/mijn-plan", { code: generateCode() });
      expect(limited.status).toBe(429);
      expect(await limited.text()).toMatch(/Probeer het over \d+ minuten opnieuw/);
    } finally {
      await server.close();
      await db.close();
    }
  });
});

describe("Mijn plan across server processes", () => {
  it("counts unknown codes across every server sharing the database, then refuses even a right one", {
    timeout: 120_000,
  }, async () => {
    const db = await openTestDatabase("pglite");
    const people = await planVictims(db, "shared-budget");
    // Each server's own count is generous; the shared count of codes that opened nothing is 3.
    const myPlan = {
      limits: { perNetwork: { max: 1000, windowMs: 60_000 }, missesPerNetwork: { max: 3, windowMs: 60_000 } },
    };
    const servers = [
      await startTestServer({ extra: { store: { db: db.db, keys: db.keys }, myPlan } }),
      await startTestServer({ extra: { store: { db: db.db, keys: db.keys }, myPlan } }),
    ];
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++)
        statuses.push(
          (await post(servers[i % 2] as TestServer, "/mijn-plan", { code: generateCode() })).status,
        );
      // 3 from the shared budget, then one more per server until it learns the budget is spent.
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
      for (const server of servers)
        expect((await post(server, "/mijn-plan", { code: people.codes.anna })).status).toBe(429);
    } finally {
      for (const server of servers) await server.close();
      await db.close();
    }
  });
});

describe("Mijn plan in the demo", () => {
  it("opens a demo person's plan with the code the start-up shows", async () => {
    const { loadDemo } = await import("../src/cli/demo.ts");
    const { myPlan, openPlan, planSession } = await import("../src/operations/index.ts");
    const db = await openTestDatabase("pglite");
    try {
      const demo = await loadDemo(db);
      expect(demo?.personalCode?.externalId).toBe("DEMO-00002");
      const opened = await openPlan(db, demo?.personalCode?.code ?? "");
      expect(opened.ok).toBe(true);
      const victimId = await planSession(db, opened.ok ? opened.token : "");
      const plan = await myPlan(db, victimId ?? 0, "nl");
      expect(plan.organisationName).toMatch(/^Voorbeeld Telecom/);
      expect(plan.plan.steps.length).toBeGreaterThan(3);
    } finally {
      await db.close();
    }
  }, 120_000);
});

describe("Mijn plan after a key rotation", () => {
  it("seals a new address again under the new key, so it opens without the old secret", async () => {
    const { randomBytes } = await import("node:crypto");
    const { createKeyring, rotation } = await import("../src/store/index.ts");
    const { requestFromPlan } = await import("../src/operations/index.ts");
    const db = await openTestDatabase("pglite");
    try {
      const people = await planVictims(db, "rotation");
      const address = {
        street: "Nieuwe Gracht",
        houseNumber: "1",
        postcode: "3512 AB",
        city: "Utrecht",
        country: "NL",
      };
      await requestFromPlan(db, people.ids.anna, { kind: "moved", address });
      const secret = randomBytes(32);
      const report = await rotation.reencrypt(db.db, createKeyring(secret, [db.masterSecret]));
      expect(report.portalAddressesResealed).toBe(1);
      const after = { db: db.db, keys: createKeyring(secret) };
      const requests = await listPortalRequests(after, operatorActor("os:test", people.organisationId), {
        breachId: people.breachId,
      });
      expect(requests[0]?.address).toEqual(address);
    } finally {
      await db.close();
    }
  }, 120_000);
});
