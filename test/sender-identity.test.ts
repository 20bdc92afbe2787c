/**
 * Delivery safety (issue 13, B1–B3) through the API, on PGlite and on PostgreSQL with TEST_DATABASE_URL:
 * a campaign cannot change who sends; DKIM keys are sealed at rest and never copied into campaigns; an
 * approval is two people's and covers exactly what is sent, so a later change voids it.
 */
import { generateKeyPairSync } from "node:crypto";
import { Writable } from "node:stream";
import type { FastifyInstance } from "fastify";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { campaignSetup } from "../src/delivery/campaigns.ts";
import { SAMPLE_BREACH, SAMPLE_ORGANISATION, SAMPLE_TEXTS } from "../src/messages/index.ts";
import { operatorActor, setProfile, verifyDomainByHand } from "../src/operations/index.ts";
import {
  apiKeys,
  audit,
  breaches,
  campaigns,
  organisations,
  senderProfiles,
  victims,
} from "../src/store/index.ts";
import { engineCases, openTestDatabase, type TestDatabase } from "../src/store/testing.ts";
import { buildServer, createRequestLogger } from "../src/web/index.ts";

const PEM = generateKeyPairSync("rsa", { modulusLength: 2048 })
  .privateKey.export({ type: "pkcs8", format: "pem" })
  .toString();
const PROFILE = {
  ...SAMPLE_ORGANISATION,
  dkim: { signer: "lekwijzer", domainName: "voorbeeldtelecom.nl", keySelector: "lw1", privateKey: PEM },
};
const SETUP = { texts: SAMPLE_TEXTS };

describe.each(engineCases())("sender identity and approval on %s", (engine) => {
  let db: TestDatabase;
  let app: FastifyInstance;
  let organisationId = "";
  let breachId = "";
  const secrets: Record<string, string> = {};

  beforeAll(async () => {
    db = await openTestDatabase(engine);
    const organisation = await organisations.create(db.db, { slug: `safe-${Date.now()}`, name: "Voorbeeld" });
    organisationId = organisation.id;
    const operator = operatorActor("test", organisationId);
    await setProfile(db, operator, { profile: PROFILE });
    await verifyDomainByHand(db, operator, { domain: "voorbeeldtelecom.nl", reason: "test" });
    const breach = await breaches.create(db.db, {
      organisationId,
      slug: `safe-breach-${Date.now()}`,
      title: "Test",
      facts: SAMPLE_BREACH as unknown as Record<string, unknown> & { awareAt: string },
    });
    breachId = breach.id;
    await victims.insertBatch(db.db, db.keys, breachId, [
      { externalId: "p1", email: "p1@example.org", name: "P Een", language: "nl" },
    ]);
    for (const [name, scope, holder] of [
      ["sam", "write", "Sam Jansen"],
      ["samSends", "send", " SAM   jansen "],
      ["robin", "send", "Robin de Wit"],
      ["admin", "admin", "Kim Bakker"],
    ] as const) {
      secrets[name] = (
        await apiKeys.create(db.db, { organisationId, scope, holder, label: name, createdBy: "test" })
      ).secret;
    }
    app = await buildServer({
      logger: createRequestLogger("silent", new Writable({ write: (_c, _e, done) => done() })),
      publicUrl: "http://127.0.0.1",
      ping: async () => {},
      authenticate: (secret) => apiKeys.authenticate(db.db, secret),
      store: { db: db.db, keys: db.keys },
      resolveTxt: async () => [],
    });
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  const call = (who: string, url: string, payload?: Record<string, unknown>, method = "POST") =>
    app.inject({
      method: method as "POST",
      url: `/api/v1${url}`,
      headers: { authorization: `Bearer ${secrets[who]}` },
      ...(payload ? { payload } : {}),
    });
  /** Approves as an approver would: the digest shown, sent back. */
  const approve = async (who: string, id: string) => {
    const shown = await call(who, `/campaigns/${id}/approval`, undefined, "GET");
    return call(who, `/campaigns/${id}/approve`, { digest: shown.json().digest });
  };
  const approvedCampaign = async () => {
    const created = await call("sam", `/breaches/${breachId}/campaigns`, { setup: SETUP });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    expect((await call("sam", `/campaigns/${id}/check`)).json().status).toBe("checked");
    expect((await approve("robin", id)).json().status).toBe("approved");
    return id;
  };

  describe("B1: a campaign setup cannot change who sends", () => {
    it.each([
      [
        "organisation",
        { ...SAMPLE_ORGANISATION, name: "Bank", senderEmail: "x@bank.example", domains: ["bank.example"] },
      ],
      ["organisation", { name: "Only a name" }],
      ["publicUrl", "https://phish.example"],
      ["breachId", "other"],
    ])("refuses setup.%s with a 400 naming the field", async (field, value) => {
      const refused = await call("sam", `/breaches/${breachId}/campaigns`, {
        setup: { ...SETUP, [field]: value },
      });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().problems).toContainEqual(
        expect.objectContaining({ path: `body.setup.${field}` }),
      );
    });

    it("sends as the stored profile only, and the stored campaign holds only its own texts", async () => {
      const created = await call("sam", `/breaches/${breachId}/campaigns`, { setup: SETUP });
      const campaign = await campaigns.getAcrossOrganisations(db.db, created.json().id);
      expect(Object.keys(campaign?.setup ?? {})).toEqual(["texts"]);
      const setup = await campaignSetup(db, campaign as NonNullable<typeof campaign>);
      expect(setup.organisation.senderEmail).toBe(SAMPLE_ORGANISATION.senderEmail);
      expect(setup.organisation.dkim?.privateKey).toBe(PEM);
    });

    it("starts only once the From domain is verified, naming the record to publish", async () => {
      const other = await organisations.create(db.db, { slug: `unverified-${Date.now()}`, name: "Ander" });
      await setProfile(db, operatorActor("test", other.id), {
        profile: { ...SAMPLE_ORGANISATION, dkim: { signer: "relay" } },
      });
      const breach = await breaches.create(db.db, {
        organisationId: other.id,
        slug: `unverified-breach-${Date.now()}`,
        title: "Test",
        facts: SAMPLE_BREACH as unknown as Record<string, unknown> & { awareAt: string },
      });
      await victims.insertBatch(db.db, db.keys, breach.id, [
        { externalId: "q", email: "q@example.org", language: "nl" },
      ]);
      const { createCampaign, checkCampaign, actOnCampaign } = await import("../src/operations/index.ts");
      const campaign = await createCampaign(db, operatorActor("a", other.id), {
        breachId: breach.id,
        kind: "first-notice",
        setup: SETUP,
      });
      await checkCampaign(db, operatorActor("a", other.id), { campaignId: campaign.id });
      await actOnCampaign(db, operatorActor("b", other.id), { campaignId: campaign.id, step: "approve" });
      await expect(
        actOnCampaign(db, operatorActor("b", other.id), { campaignId: campaign.id, step: "start" }),
      ).rejects.toThrow(/domain-unverified.*_lekwijzer\.voorbeeldtelecom\.nl/);
      expect((await campaigns.getAcrossOrganisations(db.db, campaign.id))?.status).toBe("approved");
    });
  });

  describe("B2: DKIM private keys are sealed at rest", () => {
    it("keeps no private key in the organisation's row, the campaigns or any answer", async () => {
      const body = PEM.split("\n")[1] ?? "";
      const rows = await sql<{
        row: string;
      }>`select row_to_json(o)::text as row from organisations o where id = ${organisationId}`.execute(db.db);
      expect(rows.rows[0]?.row).not.toContain("PRIVATE KEY");
      expect(rows.rows[0]?.row).not.toContain(body.slice(0, 40));
      const all = await sql<{ setup: string }>`select setup::text as setup from campaigns`.execute(db.db);
      for (const row of all.rows) expect(row.setup).not.toContain("PRIVATE KEY");
      const shown = await call("admin", "/organisation/profile", undefined, "GET");
      expect(shown.statusCode).toBe(200);
      expect(shown.body).not.toContain("PRIVATE KEY");
      expect(shown.json().dkimKey.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    });

    it("seals a key an older version kept in the clear", async () => {
      const legacy = await organisations.create(db.db, { slug: `legacy-${Date.now()}`, name: "Oud" });
      await sql`update organisations set profile = ${JSON.stringify({ ...SAMPLE_ORGANISATION, dkim: { domainName: "voorbeeldtelecom.nl", keySelector: "old", privateKey: PEM } })}::jsonb where id = ${legacy.id}`.execute(
        db.db,
      );
      expect(await senderProfiles.sealLegacyKeys(db.db, db.keys)).toBeGreaterThanOrEqual(1);
      const row = await sql<{
        row: string;
      }>`select row_to_json(o)::text as row from organisations o where id = ${legacy.id}`.execute(db.db);
      expect(row.rows[0]?.row).not.toContain("PRIVATE KEY");
      const sending = await senderProfiles.forSending(db.db, db.keys, legacy.id);
      expect(sending?.sender.dkim?.privateKey).toBe(PEM);
    });
  });

  describe("B3: approval is two people's, for this exact message", () => {
    it("keeps roles apart: a send key cannot create, a write key cannot approve", async () => {
      expect((await call("robin", `/breaches/${breachId}/campaigns`, { setup: SETUP })).statusCode).toBe(403);
      const created = await call("sam", `/breaches/${breachId}/campaigns`, { setup: SETUP });
      await call("sam", `/campaigns/${created.json().id}/check`);
      expect((await approve("sam", created.json().id)).statusCode).toBe(403);
    });

    it("refuses approval by the creator's other key (same holder)", async () => {
      const created = await call("sam", `/breaches/${breachId}/campaigns`, { setup: SETUP });
      await call("sam", `/campaigns/${created.json().id}/check`);
      const refused = await approve("samSends", created.json().id);
      expect(refused.statusCode).toBe(409);
      expect(refused.json().detail).toContain("approver-is-creator");
    });

    it("voids the approval when the breach facts change after it", async () => {
      const id = await approvedCampaign();
      const facts = { ...SAMPLE_BREACH, title: "Anders verwoord" };
      await sql`update breaches set facts = ${JSON.stringify(facts)}::jsonb where id = ${breachId}`.execute(
        db.db,
      );
      try {
        const refused = await call("robin", `/campaigns/${id}/start`);
        expect(refused.statusCode).toBe(409);
        expect(refused.json().detail).toMatch(/approval-void: the breach facts changed/);
        expect((await campaigns.getAcrossOrganisations(db.db, id))?.status).toBe("draft");
      } finally {
        await sql`update breaches set facts = ${JSON.stringify(SAMPLE_BREACH)}::jsonb where id = ${breachId}`.execute(
          db.db,
        );
      }
    });

    it("voids approvals (approved and running) when the sender profile changes, and not when it is the same", async () => {
      const approved = await approvedCampaign();
      const running = await approvedCampaign();
      expect((await call("robin", `/campaigns/${running}/start`)).json().status).toBe("running");
      const { privateKey: _kept, ...sameKey } = PROFILE.dkim;
      const same = await call("admin", "/organisation/profile", { ...PROFILE, dkim: sameKey }, "PUT");
      expect(same.json()).toMatchObject({ changed: false, voidedCampaigns: [] });
      const changed = await call(
        "admin",
        "/organisation/profile",
        { ...PROFILE, dkim: sameKey, phone: "020-999 99 99" },
        "PUT",
      );
      expect(changed.statusCode, changed.body).toBe(200);
      expect(changed.json().voidedCampaigns).toEqual(expect.arrayContaining([approved, running]));
      for (const id of [approved, running])
        expect((await campaigns.getAcrossOrganisations(db.db, id))?.status).toBe("draft");
      expect((await call("robin", `/campaigns/${approved}/start`)).statusCode).toBe(409);
      const { count } = await audit.head(db.db).then(() =>
        sql<{
          count: number;
        }>`select count(*)::int as count from audit_log where action = 'campaign.approval-voided' and subject = ${approved}`
          .execute(db.db)
          .then((r) => r.rows[0] ?? { count: 0 }),
      );
      expect(count).toBe(1);
    });
  });
});
