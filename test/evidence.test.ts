/**
 * The evidence export of a breach (GDPR art. 33(5)) on both engines: the timeline from awareness through the
 * page, the campaign's creation and approval by a second person, the first and last message and a published
 * update; counts per channel and outcome; the audit chain verified, with the export itself logged; no victim
 * named anywhere in it; the same report as a tagged PDF over the API, in Dutch and English.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canonicalCode, generateCode } from "../src/core/codes.ts";
import { SAMPLE_TEXTS } from "../src/messages/index.ts";
import { keyActor } from "../src/operations/actor.ts";
import { publishBreachPage } from "../src/operations/breach-pages.ts";
import { createBreach } from "../src/operations/breaches.ts";
import { actOnCampaign, checkCampaign, createCampaign } from "../src/operations/campaigns.ts";
import { breachEvidence } from "../src/operations/evidence.ts";
import { createUpdate, publishUpdate } from "../src/operations/updates.ts";
import { apiKeys, victims } from "../src/store/index.ts";
import { engineCases, openTestDatabase, type TestDatabase } from "../src/store/testing.ts";
import { organisationReadyToSend } from "./support/organisation.ts";
import { startTestServer, type TestServer } from "./support/server.ts";

const FACTS = JSON.parse(
  readFileSync(resolve(import.meta.dirname, "../examples/telecom-crm-theft.json"), "utf8"),
).facts;

const PEOPLE = [
  {
    externalId: "e1",
    email: "marieke.devries@example.org",
    name: "Marieke de Vries",
    language: "nl" as const,
  },
  { externalId: "e2", email: "joost.bakker@example.org", name: "Joost Bakker", language: "nl" as const },
  { externalId: "e3", phone: "+31612345678", name: "Fatima El Amrani", language: "nl" as const },
];

describe.each(engineCases())("evidence export on %s", (engine) => {
  let db: TestDatabase;
  let server: TestServer;
  let readKey: string;
  let breachId: string;
  let campaignId: string;
  const creator = (organisationId: string) =>
    keyActor({ holder: "Privacy officer", organisationId, scope: "write" });
  const approver = (organisationId: string) =>
    keyActor({ holder: "Incident manager", organisationId, scope: "send" });

  beforeAll(async () => {
    db = await openTestDatabase(engine);
    const ctx = { db: db.db, keys: db.keys };
    const organisationId = await organisationReadyToSend(ctx, "bewijs-org");
    const writer = creator(organisationId);
    breachId = (await createBreach(ctx, writer, { facts: FACTS, slug: "bewijs-lek" })).id;
    await publishBreachPage(ctx, writer, { breachId });
    await victims.insertBatch(db.db, db.keys, breachId, PEOPLE);
    campaignId = (
      await createCampaign(ctx, writer, { breachId, kind: "first-notice", setup: { texts: SAMPLE_TEXTS } })
    ).id;
    await checkCampaign(ctx, writer, { campaignId });
    await actOnCampaign(ctx, approver(organisationId), { campaignId, step: "approve" });
    // Two messages sent and one failed, as the worker would record them.
    const outcomes = [
      { person: "e1", channel: "email", status: "sent", at: "2026-12-01T09:00:00Z" },
      { person: "e2", channel: "email", status: "failed", at: null },
      { person: "e3", channel: "sms", status: "sent", at: "2026-12-01T11:30:00Z" },
    ] as const;
    for (const o of outcomes) {
      const victim = await victims.getByExternalId(db.db, db.keys, breachId, o.person);
      // The approved campaign holds one row per person; the worker's outcome is written onto it.
      await db.db
        .updateTable("deliveries")
        .set({
          status: o.status,
          channels: [o.channel],
          channel: o.channel,
          verification_digest: db.keys.lookupHash("verification-code", canonicalCode(generateCode())),
          sent_at: o.at ? new Date(o.at) : null,
        })
        .where("campaign_id", "=", campaignId)
        .where("victim_id", "=", victim?.id ?? 0)
        .execute();
    }
    const { update } = await createUpdate(ctx, writer, {
      breachId,
      title: { nl: "Nieuwe informatie", en: "New information" },
      body: { nl: "Wij weten nu meer over het lek.", en: "We now know more about the breach." },
    });
    await publishUpdate(ctx, writer, { breachId, updateId: update.id });
    readKey = (
      await apiKeys.create(db.db, {
        organisationId,
        scope: "read",
        holder: "Auditor",
        label: "t",
        createdBy: "t",
      })
    ).secret;
    server = await startTestServer({
      extra: {
        authenticate: (secret) => apiKeys.authenticate(db.db, secret),
        store: { db: db.db, keys: db.keys },
      },
    });
  }, 90_000);
  afterAll(async () => {
    await server?.close();
    await db?.close();
  });

  it("tells what was done and when, in order, with who approved what another person created", async () => {
    const organisationId = (
      await db.db.selectFrom("breaches").select("organisation_id").executeTakeFirstOrThrow()
    ).organisation_id;
    const report = await breachEvidence({ db: db.db, keys: db.keys }, creator(organisationId), { breachId });
    const events = report.timeline.map((e) => e.event);
    expect(events[0]).toBe("aware");
    for (const event of [
      "registered",
      "page-published",
      "campaign-created",
      "campaign-approved",
      "first-message-sent",
      "last-message-sent",
      "update-published",
    ])
      expect(events, event).toContain(event);
    const times = report.timeline.map((e) => e.at);
    expect(times).toEqual([...times].sort());
    expect(report.timeline.find((e) => e.event === "campaign-approved")).toMatchObject({
      by: "holder:Incident manager",
      about: campaignId,
    });

    const [campaign] = report.campaigns;
    expect(campaign).toMatchObject({
      id: campaignId,
      kind: "first-notice",
      createdBy: "holder:Privacy officer",
      approvedBy: "holder:Incident manager",
      byStatus: { sent: 2, failed: 1 },
      byChannel: { email: { sent: 1, failed: 1 }, sms: { sent: 1 } },
      firstSentAt: "2026-12-01T09:00:00.000Z",
      lastSentAt: "2026-12-01T11:30:00.000Z",
    });
    expect(campaign?.approval).not.toBeNull();
    expect(report.victimNotices).toEqual({
      firstSentAt: "2026-12-01T09:00:00.000Z",
      lastSentAt: "2026-12-01T11:30:00.000Z",
      sent: 2,
      failed: 1,
    });
    expect(report.authorityDeadline.dueAt).toBe(
      new Date(new Date(FACTS.awareAt).getTime() + 72 * 3_600_000).toISOString(),
    );
    expect(report.updates).toHaveLength(1);

    // The chain verifies, and the export itself is its newest entry about the breach.
    expect(report.audit.chain.ok).toBe(true);
    expect(report.audit.entries.at(-1)).toMatchObject({
      action: "breach.evidence-exported",
      subject: breachId,
    });
    expect(report.audit.head.seq).toBe(report.audit.entries.at(-1)?.seq);

    // Counts and ids only: no name, address or number of any person.
    const text = JSON.stringify(report);
    for (const person of PEOPLE)
      for (const value of [person.name, person.email, person.phone].filter(Boolean))
        expect(text).not.toContain(value as string);
  });

  it("is a JSON and a tagged PDF download for a read key, and 404 for an unknown breach", async () => {
    const get = (path: string) =>
      fetch(`${server.url}/api/v1${path}`, { headers: { authorization: `Bearer ${readKey}` } });
    const json = await get(`/breaches/${breachId}/evidence`);
    expect(json.status).toBe(200);
    expect(await json.json()).toMatchObject({ format: "lekwijzer-evidence/1", breach: { id: breachId } });
    for (const lang of ["nl", "en"]) {
      const pdf = await get(`/breaches/${breachId}/evidence.pdf?lang=${lang}`);
      expect(pdf.status).toBe(200);
      expect(pdf.headers.get("content-type")).toBe("application/pdf");
      const bytes = Buffer.from(await pdf.arrayBuffer());
      expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
      // Kept for a person to look at (out/ is not committed).
      mkdirSync(resolve(import.meta.dirname, "../out/evidence"), { recursive: true });
      writeFileSync(resolve(import.meta.dirname, `../out/evidence/evidence-${engine}-${lang}.pdf`), bytes);
      const raw = bytes.toString("latin1");
      expect(raw).toContain("/StructTreeRoot");
      expect(raw).toContain(`/Lang (${lang})`);
    }
    expect((await get("/breaches/00000000-0000-4000-8000-000000000000/evidence")).status).toBe(404);
  });
});
