import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DEMO_BREACH_SLUG,
  DEMO_ORGANISATION_SLUG,
  DEMO_REGISTER,
  DEMO_SMALL_BREACH_SLUG,
  DEMO_SMALL_FACTS,
  demoSmallVictims,
  demoVictims,
  loadDemo,
  loadDemoStaff,
} from "../src/cli/demo.ts";
import { audit, breaches, organisations, staffAccounts, victims } from "../src/store/index.ts";
import { engineCases, openTestDatabase, type TestDatabase } from "../src/store/testing.ts";

describe.each(engineCases())("demo breach on %s", (engine) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase(engine);
  }, 60_000);
  afterAll(async () => db?.close());
  const demoBreach = async () => {
    const organisation = await organisations.getBySlug(db.db, DEMO_ORGANISATION_SLUG);
    return breaches.getBySlug(db.db, organisation?.id ?? "", DEMO_BREACH_SLUG);
  };

  it("loads once, assessed, with invented victims who can be found again", async () => {
    const loaded = await loadDemo(db);
    expect(loaded?.keys.write).toMatch(/^lwk_/);
    expect(await loadDemo(db)).toBeUndefined();
    const breach = await demoBreach();
    expect(breach?.status).toBe("assessed");
    expect(breach?.assessment).toMatchObject({ risk: "high", largeBreach: true });
    const counts = await victims.countByBreach(db.db, breach?.id ?? "");
    expect(counts.total).toBe(demoVictims().length);
    expect(counts.unreachable).toBe(0);
    const someone = demoVictims().find((v) => v.email);
    const found = await victims.findByEmail(db.db, db.keys, breach?.id ?? "", someone?.email ?? "");
    expect(found?.name).toBe(someone?.name);
    expect(await audit.verify(db.db, db.keys)).toMatchObject({ ok: true });
  });

  it("makes the demo console log-ins: organisation staff with four eyes and a regulator, codes enrolled", async () => {
    const organisation = await organisations.getBySlug(db.db, DEMO_ORGANISATION_SLUG);
    const { staffPasswordStep } = await import("../src/operations/staff-login.ts");
    const logins = await loadDemoStaff(db, organisation?.id ?? "");
    expect(logins.map((l) => l.email)).toHaveLength(4);
    for (const login of logins) {
      expect(login.totpSecret).toMatch(/^[A-Z2-7]{32}$/);
      // The password works and the next step is the code, not enrolment: the secret is set.
      expect(await staffPasswordStep(db, { email: login.email, password: login.password })).toMatchObject({
        ok: true,
        stage: "second-factor",
      });
    }
    const staff = await staffAccounts.list(db.db, db.keys, organisation?.id ?? "");
    expect(staff.flatMap((s) => s.roles).sort()).toEqual(
      ["approver", "contact-centre", "editor", "organisation-admin"].sort(),
    );
    expect((await staffAccounts.list(db.db, db.keys, null)).map((s) => s.roles)).toEqual([["regulator"]]);
  });

  it("also loads a small, ordinary breach: three kinds of data of a few dozen people", async () => {
    const organisation = await organisations.getBySlug(db.db, DEMO_ORGANISATION_SLUG);
    const small = await breaches.getBySlug(db.db, organisation?.id ?? "", DEMO_SMALL_BREACH_SLUG);
    expect(small?.status).toBe("assessed");
    expect(small?.assessment).toMatchObject({ largeBreach: false, obligations: { notifySubjects: true } });
    expect(DEMO_SMALL_FACTS.data.map((d) => d.category)).toEqual(["name", "email", "iban"]);
    const counts = await victims.countByBreach(db.db, small?.id ?? "");
    expect(counts).toMatchObject({ total: demoSmallVictims().length, unreachable: 0 });
    const example = JSON.parse(
      readFileSync(new URL("../examples/wrong-recipient-bank-details.json", import.meta.url), "utf8"),
    ) as { facts: unknown };
    expect(example.facts).toEqual(DEMO_SMALL_FACTS);
  });

  it("holds two suspicious-message reports, scrubbed, and a published phishing warning", async () => {
    const { activePhishingWarnings, listPhishingReports, operatorActor } = await import(
      "../src/operations/index.ts"
    );
    const breach = await demoBreach();
    const actor = operatorActor("os:test", breach?.organisationId ?? "");
    const reports = await listPhishingReports(db, actor, { breachId: breach?.id ?? "" });
    expect(reports.items.map((report) => report.channel).sort()).toEqual(["email", "sms"]);
    for (const report of reports.items) {
      expect(report.text).toContain("https://voorbeeld-telecom-herstel.example/bevestig");
      expect(report.text).not.toMatch(/Anna|06-12345678|anna\.devries/);
    }
    const warnings = await activePhishingWarnings(db, breach?.id ?? "");
    expect(warnings.map((warning) => warning.title.nl)).toEqual(["Let op: valse sms'jes en e-mails"]);
  });

  it("uses only reserved example addresses (.invalid ones bounce on purpose)", () => {
    for (const v of demoVictims()) if (v.email) expect(v.email).toMatch(/@example\.(org|invalid)$/);
    expect(demoVictims().some((v) => v.email?.endsWith(".invalid"))).toBe(true);
  });

  it("notifies every demo victim once through a campaign approved by a second person", async () => {
    const { notifyDemoVictims } = await import("../src/cli/demo.ts");
    const { campaigns } = await import("../src/store/index.ts");
    const breach = await demoBreach();
    const organisationId = breach?.organisationId ?? "";
    const campaignId = await notifyDemoVictims(db, {
      breachId: breach?.id ?? "",
      organisationId,
      keys: { write: "", send: "" },
    });
    const campaign = await campaigns.get(db.db, organisationId, campaignId);
    expect(campaign).toMatchObject({ status: "running", total: demoVictims().length });
    expect(campaign?.approvedBy).not.toBe(campaign?.createdBy);
  });

  it("has a published breach page with the approved first notice's texts; the small breach has none", async () => {
    const { openBreachPage } = await import("../src/operations/breach-pages.ts");
    const { renderBreachPage } = await import("../src/web/pages/breach-page.ts");
    const ctx = { db: db.db, keys: db.keys, breachPages: renderBreachPage };
    const page = await openBreachPage(ctx, { slug: DEMO_BREACH_SLUG, variant: "nl" });
    expect(page?.body).toContain("Datalek bij Voorbeeld Telecom BV");
    expect(page?.body).toContain("wij hebben de toegang geblokkeerd");
    expect(await openBreachPage(ctx, { slug: DEMO_SMALL_BREACH_SLUG, variant: "nl" })).toBeUndefined();
    // The breach page links the organisation's published transparency register.
    expect(page?.body).toContain(`href="/organisatie/${DEMO_ORGANISATION_SLUG}/persoonsgegevens"`);
  });

  it("has a published transparency register that leaves out some of what leaked", async () => {
    const { publishedTransparency } = await import("../src/operations/transparency.ts");
    const register = await publishedTransparency(db, { slug: DEMO_ORGANISATION_SLUG });
    expect(register?.version).toBe(1);
    expect(register?.entries).toHaveLength(DEMO_REGISTER.length);
    const stated = new Set(register?.entries.flatMap((e) => e.categories));
    expect(stated.has("iban")).toBe(true);
    expect(stated.has("internal-notes")).toBe(false);
  });

  it("adds invented people in batches, going on where the last run stopped, and notifies those not yet told", async () => {
    const { addDemoVictims, notifyUnreached } = await import("../src/cli/demo-bulk.ts");
    const { campaigns } = await import("../src/store/index.ts");
    const breach = await demoBreach();
    const before = (await victims.countByBreach(db.db, breach?.id ?? "")).total;
    const seen: number[] = [];
    expect(await addDemoVictims(db, 6_000, ({ added }) => seen.push(added))).toBe(6_000);
    expect(seen).toEqual([5_000, 6_000]);
    expect(await addDemoVictims(db, 10)).toBe(10);
    expect((await victims.countByBreach(db.db, breach?.id ?? "")).total).toBe(before + 6_010);
    // The second run numbers on: no external id was used twice (each would have been refused as a duplicate).
    const last = await victims.getByExternalId(db.db, db.keys, breach?.id ?? "", "BULK-0006010");
    expect(last?.personalCode).toMatch(/\S/);
    // A stop between batches ends the run with what was stored.
    expect(
      await addDemoVictims(
        db,
        20_000,
        () => {},
        () => true,
      ),
    ).toBe(0);
    const campaignId = await notifyUnreached(Object.assign(db, { publicUrl: "http://127.0.0.1" }), db);
    const campaign = await campaigns.get(db.db, breach?.organisationId ?? "", campaignId);
    // Everyone not reached by a finished delivery: here, everybody (the first notice was never sent).
    expect(campaign).toMatchObject({ status: "running", total: before + 6_010 });
    expect(await audit.verify(db.db, db.keys)).toMatchObject({ ok: true });
  }, 120_000);
});
