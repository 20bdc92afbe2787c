/**
 * Campaigns: status changes are conditional ("from this state to that"), so of two people or processes racing
 * on one campaign exactly one wins; an organisation sees only its own campaigns.
 */
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { breaches, type Campaign, campaignStarts, campaigns, organisations } from "./index.ts";
import { engineCases, openTestDatabase, type TestDatabase } from "./testing.ts";

describe.each(engineCases())("campaigns on %s", (engine) => {
  let db: TestDatabase;
  let orgA = "";
  let orgB = "";
  let breachA = "";
  beforeAll(async () => {
    db = await openTestDatabase(engine);
    orgA = (await organisations.create(db.db, { slug: "camp-a", name: "A" })).id;
    orgB = (await organisations.create(db.db, { slug: "camp-b", name: "B" })).id;
    const facts = { awareAt: "2026-02-10T14:00:00+01:00" };
    breachA = (await breaches.create(db.db, { organisationId: orgA, slug: "camp-a", title: "Lek", facts }))
      .id;
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });

  const newCampaign = () =>
    campaigns.create(db.db, orgA, {
      breachId: breachA,
      kind: "first-notice",
      selection: { segment: "klanten" },
      setup: { texts: { nl: "Hallo" } },
      createdBy: "holder:Ada",
    });
  const statusOf = async (id: string) => (await campaigns.get(db.db, orgA, id))?.status;

  it("creates a draft of the breach's organisation, found by that organisation only", async () => {
    const campaign = await newCampaign();
    expect(campaign).toMatchObject({
      breachId: breachA,
      organisationId: orgA,
      status: "draft",
      selection: { segment: "klanten" },
      setup: { texts: { nl: "Hallo" } },
      approvedBy: null,
      startedAt: null,
    });
    expect(await campaigns.get(db.db, orgA, campaign.id)).toEqual(campaign);
    expect(await campaigns.get(db.db, orgB, campaign.id)).toBeUndefined();
    expect(await campaigns.getAcrossOrganisations(db.db, campaign.id)).toEqual(campaign);
    expect((await campaigns.listByBreach(db.db, orgA, breachA)).map((c) => c.id)).toContain(campaign.id);
    expect(await campaigns.listByBreach(db.db, orgB, breachA)).toEqual([]);
  });

  it("changes nothing of another organisation's campaign, and creates none for its breach", async () => {
    const { id } = await newCampaign();
    expect(await campaigns.changeStatus(db.db, orgB, id, { from: "draft", to: "checked" })).toBe(false);
    expect(await campaigns.updateSetup(db.db, orgB, id, { texts: { nl: "Niet van jou" } })).toBe(false);
    await campaigns.setTotal(db.db, orgB, id, 99);
    expect(await campaigns.get(db.db, orgA, id)).toMatchObject({
      status: "draft",
      total: 0,
      setup: { texts: { nl: "Hallo" } },
    });
    await campaigns.changeStatus(db.db, orgA, id, { from: "draft", to: "approved", approval: {} });
    expect(await campaigns.voidApproval(db.db, orgB, id, "approved")).toBe(false);
    expect(await statusOf(id)).toBe("approved");
    await expect(
      campaigns.create(db.db, orgB, {
        breachId: breachA,
        kind: "first-notice",
        selection: {},
        createdBy: "holder:Mallory",
      }),
    ).rejects.toThrow();
    expect(await campaigns.listByBreach(db.db, orgA, breachA)).not.toContainEqual(
      expect.objectContaining({ createdBy: "holder:Mallory" }),
    );
  });

  it("lets the worker finish a campaign of whichever organisation", async () => {
    const { id } = await newCampaign();
    await campaigns.changeStatus(db.db, orgA, id, { from: "draft", to: "running" });
    expect(await campaigns.changeStatusForWorker(db.db, id, { from: "running", to: "done" })).toBe(true);
    expect(await statusOf(id)).toBe("done");
  });

  it("changes status only from the state the caller names", async () => {
    const { id } = await newCampaign();
    expect(await campaigns.changeStatus(db.db, orgA, id, { from: "checked", to: "approved" })).toBe(false);
    expect(await statusOf(id)).toBe("draft");
    expect(
      await campaigns.changeStatus(db.db, orgA, id, { from: "draft", to: "checked", findings: [{ a: 1 }] }),
    ).toBe(true);
    expect(await campaigns.changeStatus(db.db, orgA, id, { from: "draft", to: "checked" })).toBe(false);
    expect(await campaigns.get(db.db, orgA, id)).toMatchObject({ status: "checked", findings: [{ a: 1 }] });
  });

  it("lets exactly one of two racing changes win", async () => {
    const { id } = await newCampaign();
    await campaigns.changeStatus(db.db, orgA, id, { from: "draft", to: "checked" });
    const results = await Promise.all([
      campaigns.changeStatus(db.db, orgA, id, { from: "checked", to: "approved", approvedBy: "holder:Bram" }),
      campaigns.changeStatus(db.db, orgA, id, { from: "checked", to: "cancelled" }),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await statusOf(id)).toBe(results[0] ? "approved" : "cancelled");
  });

  it("records approval, start and finish with their times", async () => {
    const { id } = await newCampaign();
    await campaigns.changeStatus(db.db, orgA, id, { from: "draft", to: "checked" });
    const approval = { digest: "abc" };
    await campaigns.changeStatus(db.db, orgA, id, {
      from: "checked",
      to: "approved",
      approvedBy: "holder:Bram",
      approval,
    });
    await campaigns.changeStatus(db.db, orgA, id, { from: "approved", to: "running" });
    const running = (await campaigns.get(db.db, orgA, id)) as Campaign;
    expect(running).toMatchObject({
      status: "running",
      approvedBy: "holder:Bram",
      approval,
      finishedAt: null,
    });
    expect(running.startedAt).toBeInstanceOf(Date);
    expect((await campaigns.listRunning(db.db)).map((c) => c.id)).toContain(id);
    await campaigns.changeStatus(db.db, orgA, id, { from: "running", to: "done" });
    expect((await campaigns.get(db.db, orgA, id))?.finishedAt).toBeInstanceOf(Date);
    expect((await campaigns.listRunning(db.db)).map((c) => c.id)).not.toContain(id);
  });

  it("takes a new setup only while being prepared, and voids the approval it had", async () => {
    const { id } = await newCampaign();
    await campaigns.changeStatus(db.db, orgA, id, { from: "draft", to: "checked" });
    await campaigns.changeStatus(db.db, orgA, id, {
      from: "checked",
      to: "approved",
      approvedBy: "holder:Bram",
      approval: {},
    });
    expect(await campaigns.updateSetup(db.db, orgA, id, { texts: { nl: "Nieuw" } })).toBe(true);
    expect(await campaigns.get(db.db, orgA, id)).toMatchObject({
      status: "draft",
      approvedBy: null,
      approval: null,
      setup: { texts: { nl: "Nieuw" } },
    });
    await campaigns.changeStatus(db.db, orgA, id, { from: "draft", to: "running" });
    expect(await campaigns.updateSetup(db.db, orgA, id, { texts: { nl: "Te laat" } })).toBe(false);
    expect((await campaigns.get(db.db, orgA, id))?.setup).toEqual({ texts: { nl: "Nieuw" } });
  });

  it("voids an approval only from the state named", async () => {
    const { id } = await newCampaign();
    await campaigns.changeStatus(db.db, orgA, id, {
      from: "draft",
      to: "approved",
      approvedBy: "holder:Bram",
      approval: {},
    });
    expect(await campaigns.voidApproval(db.db, orgA, id, "running")).toBe(false);
    expect(await statusOf(id)).toBe("approved");
    expect(await campaigns.voidApproval(db.db, orgA, id, "approved")).toBe(true);
    expect(await campaigns.get(db.db, orgA, id)).toMatchObject({
      status: "draft",
      approvedBy: null,
      approval: null,
    });
  });

  it("lists an organisation's campaigns in the states asked for", async () => {
    const paused = await newCampaign();
    await campaigns.changeStatus(db.db, orgA, paused.id, { from: "draft", to: "paused" });
    const ids = (await campaigns.listByOrganisation(db.db, orgA, ["paused"])).map((c) => c.id);
    expect(ids).toContain(paused.id);
    for (const c of await campaigns.listByOrganisation(db.db, orgA, ["paused"]))
      expect(c.status).toBe("paused");
    expect(await campaigns.listByOrganisation(db.db, orgB, ["paused", "draft"])).toEqual([]);
    expect(await campaigns.listByOrganisation(db.db, orgA, [])).toEqual([]);
  });
  // PGlite has one process, and nobody else to tell.
  it.skipIf(engine !== "postgres")(
    "tells listeners on PostgreSQL when a campaign starts or resumes, and at no other change",
    async () => {
      const heard: string[] = [];
      const listener = campaignStarts.listen(db.shared, (id) => heard.push(id));
      try {
        const { id } = await newCampaign();
        // The listener connects in the background: a start before it listens would go unheard.
        await listener.ready;
        // Notifications are database-wide: a start in another deployment's schema on the same server (sent
        // first, so it arrives before the starts below) is not this listener's.
        await sql`select pg_notify('lekwijzer_campaign_running', ${`lw_elsewhere ${randomUUID()}`})`.execute(
          db.db,
        );
        for (const [from, to] of [
          ["draft", "checked"],
          ["checked", "approved"],
          ["approved", "running"],
          ["running", "paused"],
          ["paused", "running"],
        ] as const) {
          expect(await campaigns.changeStatus(db.db, orgA, id, { from, to })).toBe(true);
        }
        const end = Date.now() + 5_000;
        while (heard.length < 2 && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
        await new Promise((r) => setTimeout(r, 200));
        expect(heard).toEqual([id, id]);
      } finally {
        await listener.stop();
      }
    },
  );
});
