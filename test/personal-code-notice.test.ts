/**
 * The personal code reaches the first notice (issue 16): sealed beside its keyed hash at import, kept by a
 * re-import, replaced by a reissue, re-keyed by a key rotation, gone with a revoke and with the retention
 * purge — and printed by the sender beside the portal's plan address, or, for a person whose code is not kept,
 * replaced by where to ask for one. On a real database (PGlite; PostgreSQL too with TEST_DATABASE_URL).
 */
import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MemorySink, memorySink, type Outbox, startOutbox } from "../src/delivery/outbox.ts";
import { createDomainLimiter } from "../src/delivery/rate.ts";
import { sendBatch } from "../src/delivery/sender.ts";
import type { SenderContext } from "../src/delivery/sender-context.ts";
import { createSmtpSender } from "../src/delivery/smtp.ts";
import { generateVerificationCode, verificationCodeDigest } from "../src/messages/codes.ts";
import { SAMPLE_BREACH, SAMPLE_TEXTS } from "../src/messages/index.ts";
import { actOnCampaign, checkCampaign, createCampaign, operatorActor } from "../src/operations/index.ts";
import {
  breaches,
  createKeyring,
  type Executor,
  retention,
  rotation,
  type VictimInput,
  victims,
} from "../src/store/index.ts";
import { engineCases, openTestDatabase, type TestDatabase } from "../src/store/testing.ts";
import { personalCodes } from "../src/store/victims.ts";
import { organisationReadyToSend } from "./support/organisation.ts";

const PUBLIC_URL = "https://lekwijzer.example.org";

function person(id: string, email: string): VictimInput {
  return { externalId: id, email, name: `Persoon ${id}`, language: "nl", categories: ["name", "email"] };
}

/** The body of a quoted-printable message as text: soft line breaks joined, `=XX` decoded. */
function decoded(raw: string): string {
  return Buffer.from(
    raw
      .replace(/=\r?\n/g, "")
      .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
    "latin1",
  ).toString("utf8");
}

async function newBreach(db: TestDatabase, organisationId: string, slug: string) {
  return breaches.create(db.db, {
    organisationId,
    slug,
    title: "Klantgegevens gestolen",
    facts: SAMPLE_BREACH as unknown as Record<string, unknown> & { awareAt: string },
  });
}

for (const engine of engineCases()) {
  describe(`personal codes in first notices on ${engine}`, () => {
    let db: TestDatabase;
    let organisationId: string;
    let outbox: Outbox;
    let sink: MemorySink;

    beforeAll(async () => {
      db = await openTestDatabase(engine);
      organisationId = await organisationReadyToSend(db, `org-codes-${engine}-${Date.now()}`);
      sink = memorySink();
      outbox = await startOutbox({ sink });
    });

    afterAll(async () => {
      await outbox?.close();
      await db?.close();
    });

    it("keeps the code sealed: the same after a re-import, replaced by a reissue, gone with a revoke", async () => {
      const breach = await newBreach(db, organisationId, `codes-${randomBytes(4).toString("hex")}`);
      const rows = [person("A1", "a1@example.org"), person("A2", "a2@example.org")];
      const first = await victims.insertBatch(db.db, db.keys, breach.id, rows, { issueCodes: true });
      const code = first.codes?.get("A1") ?? "";
      const a1 = await victims.getByExternalId(db.db, db.keys, breach.id, "A1");
      expect(a1?.personalCode).toBe(code);
      expect((await victims.findByPersonalCode(db.db, db.keys, code))?.externalId).toBe("A1");

      // The same file again, and one with a changed e-mail address: the code stays what the letter printed.
      await victims.upsertBatch(db.db, db.keys, breach.id, rows, { issueCodes: true, fingerprints: true });
      await victims.upsertBatch(db.db, db.keys, breach.id, [person("A1", "nieuw@example.org")], {
        issueCodes: true,
      });
      const again = await victims.getByExternalId(db.db, db.keys, breach.id, "A1");
      expect(again?.email).toBe("nieuw@example.org");
      expect(again?.personalCode).toBe(code);
      expect((await victims.findByPersonalCode(db.db, db.keys, code))?.externalId).toBe("A1");

      const reissued = await personalCodes.issue(db.db, db.keys, again?.id ?? 0);
      expect(reissued).not.toBe(code);
      expect((await victims.get(db.db, db.keys, again?.id ?? 0))?.personalCode).toBe(reissued);
      expect(await victims.findByPersonalCode(db.db, db.keys, code)).toBeUndefined();

      await personalCodes.revoke(db.db, again?.id ?? 0);
      expect((await victims.get(db.db, db.keys, again?.id ?? 0))?.personalCode).toBeNull();
      // Nothing of the code is stored in the clear.
      const stored = await sql<{
        row: string;
      }>`select v::text as row from victims v where breach_id = ${breach.id}`.execute(db.db as Executor);
      for (const { row } of stored.rows) expect(row).not.toContain(first.codes?.get("A2"));
    });

    it("re-keys the sealed code on a key rotation and drops it with the contact data at the purge", async () => {
      const breach = await newBreach(db, organisationId, `rotate-${randomBytes(4).toString("hex")}`);
      const inserted = await victims.insertBatch(
        db.db,
        db.keys,
        breach.id,
        [person("R1", "r1@example.org")],
        {
          issueCodes: true,
        },
      );
      const code = inserted.codes?.get("R1") ?? "";
      const secret = randomBytes(32);
      const rotated = createKeyring(secret, [db.masterSecret]);
      await rotation.reencrypt(db.db, rotated);
      // Only the new secret: the code opens and is found, so it was sealed and hashed again under it.
      const onlyNew = createKeyring(secret);
      const after = await victims.getByExternalId(db.db, onlyNew, breach.id, "R1");
      expect(after?.personalCode).toBe(code);
      expect((await victims.findByPersonalCode(db.db, onlyNew, code))?.externalId).toBe("R1");

      await sql`update breaches set updated_at = now() - make_interval(days => 400) where id = ${breach.id}`.execute(
        db.db as Executor,
      );
      await retention.purge(db.db, onlyNew, { retentionDays: 365 });
      const purged = await victims.getByExternalId(db.db, onlyNew, breach.id, "R1");
      expect(purged?.contactPurged).toBe(true);
      expect(purged?.personalCode).toBeNull();
      expect(await victims.findByPersonalCode(db.db, onlyNew, code)).toBeUndefined();
    });

    it("prints the code beside the portal's plan address, or where to ask for one when none is kept", async () => {
      const slug = `notice-${randomBytes(4).toString("hex")}`;
      const breach = await newBreach(db, organisationId, slug);
      const withCode = await victims.insertBatch(
        db.db,
        db.keys,
        breach.id,
        [person("N1", "n1@example.org")],
        {
          issueCodes: true,
        },
      );
      // Imported without a code (as rows issued before codes were sealed have only a hash).
      await victims.insertBatch(db.db, db.keys, breach.id, [person("N2", "n2@example.org")]);
      const key = Buffer.alloc(32, 7);
      const ctx: SenderContext = {
        db: db.db,
        keys: db.keys,
        worker: "codes-worker",
        email: createSmtpSender({ url: outbox.url, maxConnections: 1 }),
        bounceAddress: "bounces@voorbeeldtelecom.nl",
        domains: createDomainLimiter(),
        publicUrl: PUBLIC_URL,
        verificationCode: () => generateVerificationCode(),
        verificationDigest: (code) => verificationCodeDigest(code, key),
      };
      const store = { db: db.db, keys: db.keys, publicUrl: PUBLIC_URL };
      const campaign = await createCampaign(store, operatorActor("maker", organisationId), {
        breachId: breach.id,
        kind: "first-notice",
        setup: { texts: SAMPLE_TEXTS },
      });
      await checkCampaign(store, operatorActor("maker", organisationId), { campaignId: campaign.id });
      for (const step of ["approve", "start"] as const)
        await actOnCampaign(store, operatorActor("approver", organisationId), {
          campaignId: campaign.id,
          step,
        });
      await sendBatch(ctx, campaign.id, { limit: 10 });

      const to = (address: string) =>
        decoded(String(sink.messages.find((m) => m.envelope.to.includes(address))?.raw ?? ""));
      const n1 = to("n1@example.org");
      expect(n1).toContain("lekwijzer.example.org/mijn-plan");
      expect(n1).toContain(`Uw persoonlijke code: ${withCode.codes?.get("N1")}`);
      expect(n1).toContain(`lekwijzer.example.org/datalek/${slug}`);
      const n2 = to("n2@example.org");
      expect(n2).toContain("Uw persoonlijke code staat niet in dit bericht. Vraag die hier aan:");
      expect(n2).toContain(`lekwijzer.example.org/datalek/${slug}/getroffen`);
      expect(n2).not.toContain("Uw persoonlijke code:");
      // No log-in link and no advice link with the person's kinds of data.
      for (const text of [n1, n2]) expect(text).not.toMatch(/https?:\/\/lekwijzer|wat-kunt-u-doen/);
    });
  });
}
