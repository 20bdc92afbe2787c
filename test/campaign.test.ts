/**
 * A campaign end to end on a real database (PGlite, and PostgreSQL with TEST_DATABASE_URL): victims sealed in
 * the store, a message composed per person, e-mail over real SMTP to the outbox, SMS over HTTP to the fake
 * gateway, letters as print batches; lifecycle rules (second-person approval, pause/resume) and fallback.
 */
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  headerMessageId,
  type MemorySink,
  memorySink,
  type Outbox,
  startOutbox,
} from "../src/delivery/outbox.ts";
import { letterFolder } from "../src/delivery/print-folder.ts";
import { createDomainLimiter } from "../src/delivery/rate.ts";
import { sendBatch } from "../src/delivery/sender.ts";
import type { SenderContext } from "../src/delivery/sender-context.ts";
import { createSmsGateway } from "../src/delivery/sms-gateway.ts";
import { type FakeGateway, startFakeSmsGateway } from "../src/delivery/sms-gateway-fake.ts";
import { createSmtpSender } from "../src/delivery/smtp.ts";
import { generateVerificationCode, verificationCodeDigest } from "../src/messages/codes.ts";
import { SAMPLE_BREACH, SAMPLE_TEXTS } from "../src/messages/index.ts";
import {
  actOnCampaign,
  campaignStatus,
  checkCampaign,
  createCampaign,
  OperationProblem,
  operatorActor,
} from "../src/operations/index.ts";
import { breaches, deliveries, organisations, victims } from "../src/store/index.ts";
import { engineCases, openTestDatabase, type TestDatabase } from "../src/store/testing.ts";
import { organisationReadyToSend } from "./support/organisation.ts";

const VICTIMS = [
  { externalId: "v-mail-1", email: "anna@example.org", name: "Anna", categories: ["name", "email"] },
  { externalId: "v-mail-2", email: "bram@example.net", name: "Bram" },
  {
    externalId: "v-bounce",
    email: "nobody@example.org",
    name: "Cas",
    address: { street: "Kerkstraat", houseNumber: "1", postcode: "1234 AB", city: "Utrecht", country: "NL" },
  },
  { externalId: "v-sms", phone: "+31612345678", name: "Dina" },
  {
    externalId: "v-letter",
    name: "Evert",
    flags: ["no-digital-access", "senior"],
    address: { street: "Dorpsweg", houseNumber: "7", postcode: "4321 BA", city: "Zwolle", country: "NL" },
  },
];

for (const engine of engineCases()) {
  describe(`a campaign on ${engine}`, () => {
    let db: TestDatabase;
    let outbox: Outbox;
    let sink: MemorySink;
    let gateway: FakeGateway;
    let ctx: SenderContext;
    let organisationId: string;
    let breachId: string;
    const letterDir = mkdtempSync(join(tmpdir(), "lekwijzer-letters-"));

    beforeAll(async () => {
      db = await openTestDatabase(engine);
      sink = memorySink();
      outbox = await startOutbox({ sink, rejectRecipients: (address) => address.startsWith("nobody@") });
      gateway = await startFakeSmsGateway({ credentials: { bearer: "test-token" } });
      organisationId = await organisationReadyToSend(db, `org-${engine}-${Date.now()}`);
      const breach = await breaches.create(db.db, {
        organisationId,
        slug: `breach-${engine}-${Date.now()}`,
        title: "Klantgegevens gestolen",
        facts: SAMPLE_BREACH as unknown as Record<string, unknown> & { awareAt: string },
      });
      breachId = breach.id;
      await victims.insertBatch(
        db.db,
        db.keys,
        breachId,
        VICTIMS.map((v) => ({ language: "nl" as const, ...v })),
      );
      const key = Buffer.alloc(32, 7);
      ctx = {
        db: db.db,
        keys: db.keys,
        worker: "test-worker",
        email: createSmtpSender({ url: outbox.url, maxConnections: 2 }),
        bounceAddress: "bounces@voorbeeldtelecom.nl",
        sms: createSmsGateway({ url: gateway.url, credentials: { bearer: "test-token" } }),
        letters: letterFolder({ dir: letterDir }),
        domains: createDomainLimiter(),
        verificationCode: () => generateVerificationCode(),
        verificationDigest: (code) => verificationCodeDigest(code, key),
      };
    });

    afterAll(async () => {
      await outbox?.close();
      await gateway?.close();
      await db?.close();
    });

    it("needs a second person to approve, then reaches every victim exactly once by the right channel", async () => {
      const campaign = await createCampaign(db, operatorActor("creator@org", organisationId), {
        breachId,
        kind: "first-notice",
        setup: { texts: SAMPLE_TEXTS },
      });
      expect(campaign.total).toBe(VICTIMS.length);
      expect(campaign.status).toBe("draft");

      await expect(
        actOnCampaign(db, operatorActor("creator@org", organisationId), {
          campaignId: campaign.id,
          step: "start",
        }),
      ).rejects.toThrow(OperationProblem);
      const checked = await checkCampaign(db, operatorActor("creator@org", organisationId), {
        campaignId: campaign.id,
      });
      expect(checked.campaign.status).toBe("checked");
      await expect(
        actOnCampaign(db, operatorActor("creator@org", organisationId), {
          campaignId: campaign.id,
          step: "approve",
        }),
      ).rejects.toThrow(/other than its creator/);
      await actOnCampaign(db, operatorActor("approver@org", organisationId), {
        campaignId: campaign.id,
        step: "approve",
      });
      await actOnCampaign(db, operatorActor("approver@org", organisationId), {
        campaignId: campaign.id,
        step: "start",
      });

      for (let round = 0; round < 5; round++) await sendBatch(ctx, campaign.id, { limit: 50 });

      const status = await campaignStatus(db, operatorActor("reader", organisationId), {
        campaignId: campaign.id,
      });
      expect(status.progress.byStatus.sent).toBe(VICTIMS.length);
      // One e-mail each to the two who have one and can receive it; the refused address fell back to a letter.
      const recipients = sink.messages.flatMap((m) => m.envelope.to);
      expect(recipients.sort()).toEqual(["anna@example.org", "bram@example.net"]);
      expect(new Set(sink.messages.map((m) => headerMessageId(m.raw))).size).toBe(2);
      expect(gateway.accepted.map((m) => m.to)).toEqual(["+31612345678"]);
      expect(readdirSync(letterDir).filter((f) => f.endsWith(".pdf")).length).toBeGreaterThanOrEqual(1);
      const bounced = await deliveries.listForVictim(
        db.db,
        (await victims.getByExternalId(db.db, db.keys, breachId, "v-bounce"))?.id ?? 0,
      );
      expect(bounced[0]?.channels).toEqual(["email", "letter"]);
      expect(bounced[0]?.channelIndex).toBe(1);
      expect(bounced[0]?.status).toBe("sent");
    });

    it("sends nothing while paused and goes on after resume", async () => {
      const campaign = await createCampaign(db, operatorActor("creator@org", organisationId), {
        breachId,
        kind: "update",
        selection: { flag: "senior" },
        setup: { texts: { ...SAMPLE_TEXTS, updateNews: { nl: "Wij hebben nieuws.", en: "We have news." } } },
      });
      expect(campaign.total).toBe(1);
      await checkCampaign(db, operatorActor("creator@org", organisationId), { campaignId: campaign.id });
      await actOnCampaign(db, operatorActor("approver@org", organisationId), {
        campaignId: campaign.id,
        step: "approve",
      });
      await actOnCampaign(db, operatorActor("approver@org", organisationId), {
        campaignId: campaign.id,
        step: "start",
      });
      await actOnCampaign(db, operatorActor("approver@org", organisationId), {
        campaignId: campaign.id,
        step: "pause",
      });
      expect((await sendBatch(ctx, campaign.id, { limit: 10 })).claimed).toBe(0);
      await actOnCampaign(db, operatorActor("approver@org", organisationId), {
        campaignId: campaign.id,
        step: "resume",
      });
      expect((await sendBatch(ctx, campaign.id, { limit: 10 })).sent).toBe(1);
    });

    it("keeps campaigns of other organisations out of reach", async () => {
      const other = await organisations.create(db.db, {
        slug: `other-${engine}-${Date.now()}`,
        name: "Ander BV",
      });
      await expect(
        createCampaign(db, operatorActor("x", other.id), {
          breachId,
          kind: "first-notice",
          setup: { texts: SAMPLE_TEXTS },
        }),
      ).rejects.toThrow(/No breach/);
    });
  });
}
