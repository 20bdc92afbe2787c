/**
 * The sending engine's guarantees at national scale, on a real database (PGlite, and PostgreSQL with
 * TEST_DATABASE_URL), real SMTP to the outbox and real print batches: each row goes into one queue job; a
 * relay outage moves nobody; late bounces are still acted on; identifiers are unique per campaign and stored
 * before sending; pause, cancel and stop hold within one message; a print batch is never written twice.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyBounces, applyPendingFeedback, applyReturnedLetters } from "../src/delivery/bounce-reports.ts";
import {
  headerMessageId,
  type MemorySink,
  memorySink,
  type Outbox,
  startOutbox,
} from "../src/delivery/outbox.ts";
import { letterFolder } from "../src/delivery/print-folder.ts";
import type { EmailArtefact, LetterOutput, ProviderAdapter } from "../src/delivery/providers.ts";
import { startQueue } from "../src/delivery/queue.ts";
import { createDomainLimiter } from "../src/delivery/rate.ts";
import { sendBatch } from "../src/delivery/sender.ts";
import type { SenderContext } from "../src/delivery/sender-context.ts";
import { createSmtpSender } from "../src/delivery/smtp.ts";
import { DELIVERY_QUEUE, startDeliveryWorker, workerName } from "../src/delivery/worker.ts";
import { generateVerificationCode, verificationCodeDigest } from "../src/messages/codes.ts";
import { SAMPLE_BREACH, SAMPLE_TEXTS } from "../src/messages/index.ts";
import {
  actOnCampaign,
  campaignStatus,
  checkCampaign,
  createCampaign,
  operatorActor,
} from "../src/operations/index.ts";
import { breaches, type Campaign, createKeyring, deliveries, victims } from "../src/store/index.ts";
import { engineCases, openTestDatabase, type TestDatabase } from "../src/store/testing.ts";
import { organisationReadyToSend } from "./support/organisation.ts";

const ADDRESS = {
  street: "Kerkstraat",
  houseNumber: "1",
  postcode: "1234 AB",
  city: "Utrecht",
  country: "NL",
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

for (const engine of engineCases()) {
  describe(`sending at national scale on ${engine}`, () => {
    let db: TestDatabase;
    let outbox: Outbox;
    let sink: MemorySink;
    let organisationId: string;
    const letterRoot = mkdtempSync(join(tmpdir(), "lekwijzer-safety-"));
    const codeKey = Buffer.alloc(32, 9);
    let counter = 0;

    beforeAll(async () => {
      db = await openTestDatabase(engine);
      sink = memorySink();
      outbox = await startOutbox({ sink });
      organisationId = await organisationReadyToSend(db, `safety-${engine}-${Date.now()}`);
    });

    afterAll(async () => {
      await outbox?.close();
      await db?.close();
      rmSync(letterRoot, { recursive: true, force: true });
    });

    /** A breach with these people, and a running campaign to all of them. */
    async function running(
      people: { externalId: string; email?: string; address?: typeof ADDRESS; phone?: string }[],
      kind: "first-notice" | "update" = "first-notice",
      breachId?: string,
    ): Promise<{ campaign: Campaign; breachId: string }> {
      counter += 1;
      let id = breachId;
      if (!id) {
        const breach = await breaches.create(db.db, {
          organisationId,
          slug: `b-${counter}-${Date.now()}`,
          title: "Klantgegevens gestolen",
          facts: SAMPLE_BREACH as unknown as Record<string, unknown> & { awareAt: string },
        });
        id = breach.id;
        await victims.insertBatch(
          db.db,
          db.keys,
          id,
          people.map((p) => ({ language: "nl" as const, name: "Sam", ...p })),
        );
      }
      const created = await createCampaign(db, operatorActor("creator@org", organisationId), {
        breachId: id,
        kind,
        setup: {
          texts: {
            ...SAMPLE_TEXTS,
            updateNews: { nl: "We hebben nieuws over het datalek.", en: "We have news about the breach." },
          },
        },
      });
      await checkCampaign(db, operatorActor("creator@org", organisationId), { campaignId: created.id });
      await actOnCampaign(db, operatorActor("approver@org", organisationId), {
        campaignId: created.id,
        step: "approve",
      });
      const campaign = await actOnCampaign(db, operatorActor("approver@org", organisationId), {
        campaignId: created.id,
        step: "start",
      });
      return { campaign, breachId: id };
    }

    function context(overrides: Partial<SenderContext> = {}): SenderContext {
      return {
        db: db.db,
        keys: db.keys,
        worker: workerName(),
        email: createSmtpSender({ url: outbox.url, maxConnections: 2 }),
        bounceAddress: "bounces@voorbeeldtelecom.nl",
        letters: letterFolder({ dir: mkdtempSync(join(letterRoot, "run-")) }),
        verificationCode: () => generateVerificationCode(),
        verificationDigest: (code) => verificationCodeDigest(code, codeKey),
        ...overrides,
      };
    }

    /** A queue of its own (pg-boss schema `schema`) on the test database. */
    function queueIn(schema: string) {
      const shared = db.shared;
      return startQueue(
        shared.engine === "postgres"
          ? { connectionString: shared.databaseUrl, schema }
          : { pglite: shared.client, serialize: shared.serialize, schema },
      );
    }

    async function rows(campaignId: string) {
      return db.db
        .selectFrom("deliveries")
        .select([
          "id",
          "status",
          "channel",
          "channel_index",
          "attempts",
          "claimed_by",
          "message_id",
          "reference",
        ])
        .where("campaign_id", "=", campaignId)
        .orderBy("id")
        .execute();
    }

    function messageIdsTo(address: string): string[] {
      return sink.messages
        .filter((m) => m.envelope.to.includes(address))
        .map((m) => headerMessageId(m.raw) ?? "");
    }

    it("puts each row into one queue job, however long sending lasts", async () => {
      const people = Array.from({ length: 120 }, (_, i) => ({
        externalId: `jobs-${i}`,
        email: `jobs-${i}@example.org`,
      }));
      const { campaign } = await running(people);
      const shared = db.shared;
      const schema = `boss_${engine}_${Date.now()}`;
      const queue = await startQueue(
        shared.engine === "postgres"
          ? { connectionString: shared.databaseUrl, schema }
          : { pglite: shared.client, serialize: shared.serialize, schema },
      );
      // Hours of sending, shortened: a job may wait far longer than the re-enqueue grace before it is worked.
      const slowMail: ProviderAdapter<EmailArtefact> = {
        channel: "email",
        async send(artefact) {
          await sleep(4);
          return { outcome: "sent", providerId: artefact.messageId };
        },
      };
      const worker = await startDeliveryWorker(context({ email: slowMail, concurrency: 1 }), {
        queue,
        batchSize: 10,
        jobConcurrency: 1,
        pollingIntervalSeconds: 0.5,
        sweepEveryMs: 40,
        slowSweepEveryMs: 60,
        reenqueueAfterMs: 100,
        queueOptions: { heartbeatSeconds: 0 },
      });
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline) {
        const status = await campaignStatus(db, operatorActor("reader", organisationId), {
          campaignId: campaign.id,
        });
        if (status.campaign.status === "done") break;
        await sleep(100);
      }
      await worker.stop();
      const status = await campaignStatus(db, operatorActor("reader", organisationId), {
        campaignId: campaign.id,
      });
      expect(status.progress.byStatus.sent).toBe(people.length);
      expect(status.campaign.status).toBe("done");
      const jobs = await db.db
        .selectFrom(`${schema}.job` as "deliveries")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("name" as "status", "=", DELIVERY_QUEUE as "queued")
        .executeTakeFirstOrThrow();
      // ≤ 1.05 × rows / batch size: 12 jobs for 120 rows in batches of 10.
      expect(Number(jobs.n)).toBeLessThanOrEqual(Math.floor((1.05 * people.length) / 10));
    }, 120_000);

    it("re-enqueues the rows of a job that is gone from the queue, and only those", async () => {
      const { campaign } = await running([
        { externalId: "orphan-1", email: "orphan-1@example.org" },
        { externalId: "orphan-2", email: "orphan-2@example.org" },
      ]);
      const batches = await deliveries.takeForEnqueue(db.db, campaign.id, 100, 200);
      expect(batches).toHaveLength(1);
      // Nothing more to enqueue while the job is registered…
      expect(await deliveries.takeForEnqueue(db.db, campaign.id, 100, 200)).toEqual([]);
      // …and when the job never reached the queue (its enqueuer died), the sweep finds it after the grace.
      const schema = `boss_orphans_${engine}_${Date.now()}`;
      const queue = await queueIn(schema);
      await queue.createQueue(DELIVERY_QUEUE);
      const lost = await deliveries.orphanedJobs(db.db, { queue: DELIVERY_QUEUE, schema, graceMs: 0 });
      expect(lost).toContain(batches[0]?.jobId);
      await deliveries.finishJobs(db.db, lost);
      const again = await deliveries.takeForEnqueue(db.db, campaign.id, 100, 200);
      expect(again.flatMap((b) => b.ids).sort()).toEqual(batches[0]?.ids);
      await queue.stop({ graceful: false, timeoutMs: 1000 });
    });

    it("never moves anyone to another channel while the relay is down, and says why sending stalls", async () => {
      const people = Array.from({ length: 12 }, (_, i) => ({
        externalId: `outage-${i}`,
        email: `outage-${i}@example.org`,
        address: ADDRESS,
      }));
      const { campaign } = await running(people);
      const down = createSmtpSender({ url: "smtp://127.0.0.1:9", maxConnections: 1 });
      const letterDir = mkdtempSync(join(letterRoot, "outage-"));
      const ctx = context({
        email: down,
        concurrency: 2,
        circuitDelayMs: 20,
        circuitWaitMs: 100,
        letters: letterFolder({ dir: letterDir }),
      });
      // Many rounds: a two-hour outage is many more failures than the retry policy's attempts.
      for (let round = 0; round < 12; round++) {
        await db.db
          .updateTable("deliveries")
          .set({ not_before: new Date(0) })
          .where("campaign_id", "=", campaign.id)
          .execute();
        await sendBatch(ctx, campaign.id, { limit: 50 });
      }
      const after = await rows(campaign.id);
      expect(after.every((r) => r.status === "queued" && r.channel_index === 0 && r.attempts === 0)).toBe(
        true,
      );
      expect(readdirSync(letterDir)).toEqual([]);
      const status = await campaignStatus(db, operatorActor("reader", organisationId), {
        campaignId: campaign.id,
      });
      expect(status.channelHealth.map((h) => h.channel)).toContain("email");
      // The relay is back: the next message goes out and the warning goes away.
      await db.db
        .updateTable("deliveries")
        .set({ not_before: new Date(0) })
        .where("campaign_id", "=", campaign.id)
        .execute();
      const circuit = ctx.circuits?.get("email");
      if (circuit) circuit.openUntil = 0; // the back-off has run its course
      const relay = { ...ctx, email: createSmtpSender({ url: outbox.url }) };
      let sent = 0;
      for (let round = 0; round < 5 && sent < people.length; round++) {
        sent += (await sendBatch(relay, campaign.id, { limit: 50 })).sent;
      }
      expect(sent).toBe(people.length);
      expect((await rows(campaign.id)).every((r) => r.channel === "email")).toBe(true);
      expect(
        (await campaignStatus(db, operatorActor("reader", organisationId), { campaignId: campaign.id }))
          .channelHealth,
      ).toEqual([]);
    });

    it("frees the receiving domain's slot when the provider throws", async () => {
      const people = Array.from({ length: 3 }, (_, i) => ({
        externalId: `slot-${i}`,
        email: `slot-${i}@gmail.com`,
      }));
      const { campaign } = await running(people);
      let calls = 0;
      const flaky: ProviderAdapter<EmailArtefact> = {
        channel: "email",
        async send(artefact) {
          calls += 1;
          if (calls === 1) throw new Error("socket hang up");
          return { outcome: "sent", providerId: artefact.messageId };
        },
      };
      const domains = createDomainLimiter({
        initialConcurrency: 1,
        maxConcurrency: 1,
        initialRate: 1000,
        maxRate: 1000,
        minRate: 1,
        rateStep: 1,
        increaseEvery: 1000,
        backoffMs: 60_000,
        maxBackoffMs: 60_000,
      });
      const report = await sendBatch(context({ email: flaky, domains, concurrency: 1 }), campaign.id, {
        limit: 10,
      });
      expect(report.sent).toBe(2);
      const after = await rows(campaign.id);
      expect(
        after.filter((r) => r.status === "queued" && r.attempts === 0 && r.channel_index === 0),
      ).toHaveLength(1);
    });

    it("sets aside a message whose worker dies again and again", async () => {
      const { campaign } = await running([{ externalId: "poison", email: "poison@example.org" }]);
      for (let death = 1; death <= 3; death++) {
        const claimed = await deliveries.claim(db.db, campaign.id, `dead-${death}`, 10);
        expect(claimed).toHaveLength(1);
        await sleep(5);
        await deliveries.requeueStale(db.db, 1, 3);
      }
      const [row] = await rows(campaign.id);
      expect(row?.status).toBe("failed");
      const status = await campaignStatus(db, operatorActor("reader", organisationId), {
        campaignId: campaign.id,
      });
      expect(status.progress.byStatus.failed).toBe(1);
    });

    it("marks a campaign done when its last batch ends, not at the next sweep", async () => {
      const { campaign } = await running([
        { externalId: "done-1", email: "done-1@example.org" },
        { externalId: "done-2", email: "done-2@example.org" },
        { externalId: "done-3", email: "done-3@example.org" },
      ]);
      const schema = `boss_done_${engine}_${Date.now()}`;
      const queue = await queueIn(schema);
      // A job per row, two at a time: whichever ends last marks the campaign done.
      const worker = await startDeliveryWorker(context(), {
        queue,
        sweepEveryMs: 60_000,
        batchSize: 1,
        jobConcurrency: 2,
      });
      try {
        // This sweep enqueues the rows (the campaign still has work, so it stays running); the next is a
        // minute away.
        await worker.sweep();
        const status = () =>
          campaignStatus(db, operatorActor("reader", organisationId), { campaignId: campaign.id });
        const deadline = Date.now() + 15_000;
        while ((await status()).campaign.status !== "done" && Date.now() < deadline) await sleep(100);
        const done = await status();
        expect(done.campaign.status).toBe("done");
        expect(done.progress.byStatus.sent).toBe(3);
      } finally {
        await worker.stop();
      }
    });

    it("a woken worker sweeps a campaign that just started, without waiting for its timer", async () => {
      const schema = `boss_wake_${engine}_${Date.now()}`;
      const queue = await queueIn(schema);
      // Its timer sweeps a minute from now; a wake-up (a campaign-start notification) is the only way sooner.
      const worker = await startDeliveryWorker(context(), { queue, sweepEveryMs: 60_000, batchSize: 1 });
      try {
        const { campaign } = await running([
          { externalId: "wake-1", email: "wake-1@example.org" },
          { externalId: "wake-2", email: "wake-2@example.org" },
        ]);
        worker.wake();
        const status = () =>
          campaignStatus(db, operatorActor("reader", organisationId), { campaignId: campaign.id });
        const deadline = Date.now() + 15_000;
        while ((await status()).campaign.status !== "done" && Date.now() < deadline) await sleep(100);
        expect((await status()).progress.byStatus.sent).toBe(2);
      } finally {
        await worker.stop();
      }
    });

    it("a late bounce after the campaign is done still reaches the person by letter, or counts them unreachable", async () => {
      const { campaign } = await running([
        { externalId: "late-1", email: "late-1@example.org", address: ADDRESS },
        { externalId: "late-2", email: "late-2@example.org" },
      ]);
      const ctx = context();
      await sendBatch(ctx, campaign.id, { limit: 10 });
      const schema = `boss_late_${engine}_${Date.now()}`;
      const queue = await queueIn(schema);
      const worker = await startDeliveryWorker(ctx, { queue, sweepEveryMs: 60_000 });
      await worker.sweep();
      expect(
        (await campaignStatus(db, operatorActor("reader", organisationId), { campaignId: campaign.id }))
          .campaign.status,
      ).toBe("done");

      // Weeks later, both e-mails bounce.
      const bounced = await applyBounces(
        db,
        ["late-1@example.org", "late-2@example.org"].map((address) => ({
          originalMessageId: messageIdsTo(address)[0] ?? "",
          recipients: [{ finalRecipient: address, action: "failed", status: "5.1.1" }],
        })),
      );
      expect(bounced.applied).toBe(2);
      expect(
        (await campaignStatus(db, operatorActor("reader", organisationId), { campaignId: campaign.id }))
          .campaign.status,
      ).toBe("running");
      await sendBatch(ctx, campaign.id, { limit: 10 });
      await worker.sweep();
      await worker.stop();
      const status = await campaignStatus(db, operatorActor("reader", organisationId), {
        campaignId: campaign.id,
      });
      expect(status.campaign.status).toBe("done");
      expect(status.progress.byStatus.sent).toBe(1);
      expect(status.progress.byStatus.unreachable).toBe(1);
      expect(status.progress.byStatus.queued).toBe(0);
      expect(status.progress.byChannel.letter?.sent).toBe(1);
    });

    it("gives each campaign its own Message-IDs and references, the same again for a resend", async () => {
      const { campaign: first, breachId } = await running(
        [{ externalId: "ids-1", email: "ids-1@example.org", address: ADDRESS }],
        "update",
      );
      const ctx = context();
      await sendBatch(ctx, first.id, { limit: 10 });
      const { campaign: second } = await running([], "update", breachId);
      await sendBatch(ctx, second.id, { limit: 10 });
      const [a] = await rows(first.id);
      const [b] = await rows(second.id);
      expect(a?.message_id).toBeTruthy();
      expect(a?.message_id).not.toBe(b?.message_id);
      expect(a?.reference).toMatch(/^LW-[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
      expect(a?.reference).not.toBe(b?.reference);
      // A resend of the same delivery (its outcome was lost) repeats its identifiers.
      await db.db
        .updateTable("deliveries")
        .set({ status: "queued", job_id: null })
        .where("campaign_id", "=", first.id)
        .execute();
      await sendBatch(ctx, first.id, { limit: 10 });
      const ids = messageIdsTo("ids-1@example.org");
      expect(ids).toHaveLength(3);
      expect(ids.filter((id) => id === a?.message_id)).toHaveLength(2);
      const [again] = await rows(first.id);
      expect(again?.reference).toBe(a?.reference);
    });

    it("applies a bounce that overtakes its own send, and never one for another recipient", async () => {
      const { campaign } = await running([
        { externalId: "early", email: "early@example.org", address: ADDRESS },
        { externalId: "other", email: "other@example.org", address: ADDRESS },
      ]);
      const early: ProviderAdapter<EmailArtefact> = {
        channel: "email",
        async send(artefact) {
          // The provider's bounce arrives before the send is recorded.
          await applyBounces(db, [
            {
              originalMessageId: artefact.messageId,
              recipients: [{ finalRecipient: artefact.envelope.to, action: "failed", status: "5.1.1" }],
            },
          ]);
          return { outcome: "sent", providerId: artefact.messageId };
        },
      };
      const ctx = context({ email: early, concurrency: 1 });
      await sendBatch(ctx, campaign.id, { limit: 1 });
      const applied = await applyPendingFeedback(db);
      expect(applied.fellBack).toBe(1);
      // A report naming a different address than the message went to changes nothing.
      await sendBatch(context(), campaign.id, { limit: 10 });
      const other = (await rows(campaign.id)).find((r) => r.status === "sent" && r.channel === "email");
      const forged = await applyBounces(db, [
        {
          originalMessageId: other?.message_id ?? "",
          recipients: [{ finalRecipient: "attacker@example.net", action: "failed", status: "5.1.1" }],
        },
      ]);
      expect(forged).toMatchObject({ applied: 0, mismatched: 1 });
      const after = await rows(campaign.id);
      expect(after.map((r) => r.channel).sort()).toEqual(["email", "letter"]);
    });

    it("applies a bounce that arrives after a key rotation for a message sent before it", async () => {
      const { campaign } = await running([
        { externalId: "rotated", email: "rotated@example.org", address: ADDRESS },
      ]);
      await sendBatch(context(), campaign.id, { limit: 10 });
      const [sent] = await rows(campaign.id);
      expect(sent?.status).toBe("sent");
      // The new secret is deployed with the old one kept as a previous secret (docs/operations.md, rotation).
      const rotated = { ...db, keys: createKeyring(randomBytes(32), [db.masterSecret]) };
      const bounced = await applyBounces(rotated, [
        {
          originalMessageId: sent?.message_id ?? "",
          recipients: [{ finalRecipient: "rotated@example.org", action: "failed", status: "5.1.1" }],
        },
      ]);
      expect(bounced).toMatchObject({ applied: 1, mismatched: 0, fellBack: 1 });
      expect((await rows(campaign.id))[0]?.channel).toBe("letter");
    });

    it("pause stops each connection within one message, and cancel is final for rows that come back", async () => {
      const people = Array.from({ length: 10 }, (_, i) => ({
        externalId: `pause-${i}`,
        email: `pause-${i}@example.org`,
        address: ADDRESS,
      }));
      const { campaign } = await running(people);
      let sends = 0;
      const pausing: ProviderAdapter<EmailArtefact> = {
        channel: "email",
        async send(artefact) {
          sends += 1;
          if (sends === 3)
            await actOnCampaign(db, operatorActor("staff@org", organisationId), {
              campaignId: campaign.id,
              step: "pause",
            });
          return { outcome: "sent", providerId: artefact.messageId };
        },
      };
      const report = await sendBatch(context({ email: pausing, concurrency: 1 }), campaign.id, { limit: 50 });
      expect(sends).toBe(3);
      expect(report).toMatchObject({ sent: 3, released: 7 });
      const paused = await rows(campaign.id);
      expect(paused.filter((r) => r.status === "queued" && r.claimed_by === null)).toHaveLength(7);

      await actOnCampaign(db, operatorActor("staff@org", organisationId), {
        campaignId: campaign.id,
        step: "resume",
      });
      const cancelling: ProviderAdapter<EmailArtefact> = {
        channel: "email",
        async send() {
          await actOnCampaign(db, operatorActor("staff@org", organisationId), {
            campaignId: campaign.id,
            step: "cancel",
          });
          // Refused while the cancel lands: the person would fall back to a letter, but the campaign is over.
          return { outcome: "rejected", reason: "550 5.1.1 unknown" };
        },
      };
      await sendBatch(context({ email: cancelling, concurrency: 1 }), campaign.id, { limit: 50 });
      const after = await rows(campaign.id);
      expect(after.filter((r) => r.status === "sent")).toHaveLength(3);
      expect(after.filter((r) => r.status === "cancelled")).toHaveLength(7);
    });

    it("a stop finishes the message in hand and gives the rest back at once", async () => {
      const people = Array.from({ length: 8 }, (_, i) => ({
        externalId: `stop-${i}`,
        email: `stop-${i}@example.org`,
      }));
      const { campaign } = await running(people);
      const stopping = new AbortController();
      let sends = 0;
      const stopped: ProviderAdapter<EmailArtefact> = {
        channel: "email",
        async send(artefact) {
          sends += 1;
          if (sends === 2) stopping.abort();
          return { outcome: "sent", providerId: artefact.messageId };
        },
      };
      const report = await sendBatch(
        context({ email: stopped, concurrency: 1, stopping: stopping.signal }),
        campaign.id,
        { limit: 50 },
      );
      expect(report).toMatchObject({ sent: 2, released: 6 });
      const after = await rows(campaign.id);
      expect(after.filter((r) => r.status === "sending")).toHaveLength(0);
    });

    it("counts and logs a claim lost to another worker instead of overwriting its outcome", async () => {
      const { campaign } = await running([{ externalId: "lost", email: "lost@example.org" }]);
      const logged: string[] = [];
      const slow: ProviderAdapter<EmailArtefact> = {
        channel: "email",
        async send(artefact) {
          // Meanwhile the row was taken to be a dead worker's and another worker claimed it.
          await sleep(5);
          await deliveries.requeueStale(db.db, 1);
          await deliveries.claim(db.db, campaign.id, "other-worker", 10);
          return { outcome: "sent", providerId: artefact.messageId };
        },
      };
      const report = await sendBatch(
        context({ email: slow, log: (_level, _event, message) => logged.push(message) }),
        campaign.id,
        { limit: 10 },
      );
      expect(report.lostClaims).toBe(1);
      expect(logged.some((m) => /claim lost/.test(m))).toBe(true);
      const [row] = await rows(campaign.id);
      expect(row?.claimed_by).toBe("other-worker");
      expect(row?.status).toBe("sending");
    });

    it("never prints a batch twice when its worker died after writing it, before recording it", async () => {
      const people = Array.from({ length: 4 }, (_, i) => ({ externalId: `print-${i}`, address: ADDRESS }));
      const { campaign } = await running(people);
      const dir = mkdtempSync(join(letterRoot, "print-"));
      const folder = letterFolder({ dir });
      let release: () => void = () => undefined;
      // Writes the batch completely, then never answers: the worker is killed before it records anything.
      const dying: LetterOutput = {
        ...folder,
        async send(batch, items) {
          await folder.send(batch, items);
          await new Promise<void>((resolve) => {
            release = resolve;
          });
          return [];
        },
      };
      const abandoned = sendBatch(context({ letters: dying, claimRenewMs: 60_000 }), campaign.id, {
        limit: 10,
      });
      while (readdirSync(dir).filter((f) => f.endsWith(".csv")).length === 0) await sleep(20);
      await sleep(20);
      await deliveries.requeueStale(db.db, 1);
      const report = await sendBatch(context({ letters: folder }), campaign.id, { limit: 10 });
      expect(report.sent).toBe(people.length);
      const files = readdirSync(dir).filter((f) => !f.startsWith("."));
      expect(files.filter((f) => f.endsWith(".pdf"))).toHaveLength(1);
      const manifest = files.find((f) => f.endsWith(".csv")) ?? "";
      const batch = manifest.replace(/\.csv$/, "");
      expect(readFileSync(join(dir, manifest), "utf8").split("\r\n")[1]?.startsWith(`${batch},`)).toBe(true);
      // A returned letter is matched by the reference printed on it.
      const [row] = await rows(campaign.id);
      const returned = await applyReturnedLetters(db, [row?.reference ?? ""]);
      expect(returned).toMatchObject({ applied: 1 });
      release();
      await abandoned.catch(() => undefined);
      expect(existsSync(join(dir, manifest))).toBe(true);
    });
  });
}
