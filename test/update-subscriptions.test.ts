/**
 * Update e-mails on a real database (PGlite; PostgreSQL too with TEST_DATABASE_URL), through the operations:
 * a subscription waits for its code (sealed address, masked on the page), the worker e-mails the code, a wrong
 * code counts and five end it, an old code has expired, the right one confirms; limits per victim and per
 * address; publishing an update mails each confirmed subscriber once however often and however many workers
 * run, with RFC 8058 headers, and not to someone who subscribed later; the one-click token ends it; the
 * `subscribers` campaign selection; retention deletes the subscriptions; a key rotation reseals them.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { passSharedRate } from "../src/delivery/index.ts";
import type { EmailArtefact } from "../src/delivery/providers.ts";
import { checkPlainLanguage } from "../src/framework/plain-language.ts";
import { selectionProblems } from "../src/operations/campaign-rules.ts";
import {
  checkMessage,
  confirmNewAddress,
  confirmUpdateSubscription,
  createUpdate,
  listPortalRequests,
  listUpdates,
  operatorActor,
  publishUpdate,
  requestFromPlan,
  subscribeToUpdates,
  subscriptionOf,
  unsubscribeByToken,
  unsubscribeFromUpdates,
  verifyDomainByHand,
} from "../src/operations/index.ts";
import { writePortalLetters } from "../src/operations/portal-letters.ts";
import { sendUpdateMail } from "../src/operations/update-mail.ts";
import { addressChangedText, confirmationText, updateText } from "../src/operations/update-mail-text.ts";
import {
  campaigns,
  createKeyring,
  deliveries,
  type Executor,
  retention,
  rotation,
  updateSubscriptions,
  victims,
} from "../src/store/index.ts";
import { engineCases, openTestDatabase, type TestDatabase } from "../src/store/testing.ts";
import { subscribeSection } from "../src/web/pages/my-plan-subscribe.ts";
import { decoded } from "./support/decoded-mail.ts";
import { codeIn as letterCodeIn, NEW_ADDRESS, recording } from "./support/letter-recorder.ts";
import { type PlanVictims, planVictims } from "./support/plan-victims.ts";

function capture(sent: EmailArtefact[]) {
  return {
    email: {
      channel: "email" as const,
      send: async (artefact: EmailArtefact) => {
        sent.push(artefact);
        return { outcome: "sent" as const, providerId: `m${sent.length}` };
      },
    },
  };
}

const codeIn = (mail: EmailArtefact | undefined) =>
  /Uw code is: ([0-9A-Z]{4}-[0-9A-Z]{4})/.exec(decoded(mail?.raw ?? ""))?.[1] ?? "";

describe("update e-mail wording", () => {
  it("has no blocking B1 problem in the Dutch of the e-mails and the plan's section", () => {
    const dutch = (paragraphs: string[]) => paragraphs.slice(0, paragraphs.indexOf("English"));
    const mails = [
      ...dutch(
        confirmationText({
          organisationName: "Voorbeeld",
          portal: "lekwijzer.nl",
          code: "K7QXM3PA",
          hours: 24,
        }).paragraphs,
      ),
      ...dutch(
        updateText({
          organisationName: "Voorbeeld",
          portal: "lekwijzer.nl",
          breachSlug: "lek",
          title: { nl: "Nieuws", en: "" },
          body: { nl: "Het lek is dicht.", en: "" },
          verificationCode: "K7QX-M3PA-9RTW-XH4C",
        }).paragraphs,
      ),
      ...dutch(
        addressChangedText({
          organisationName: "Voorbeeld",
          portal: "lekwijzer.nl",
          newPostcode: "3512 **",
          changedOn: { nl: "4 december 2026", en: "4 December 2026" },
          phone: "088 123 4567",
          verificationCode: "K7QX-M3PA-9RTW-XH4C",
        }).paragraphs,
      ),
    ];
    const page = (["none", "pending", "confirmed"] as const).flatMap((status) =>
      String(
        subscribeSection(
          status === "none" ? { status } : { status, email: "a***@g***.nl", codeSent: true },
          "nl",
          {
            notice: "limit",
            error: "too-many",
          },
        ),
      )
        .replace(/<[^>]+>/g, "\n")
        .split("\n")
        .map((text) => text.trim())
        .filter((text) => text.length > 0),
    );
    expect(page.join(" ")).toContain("Stuur mij een code");
    expect(mails.join(" ")).toContain("Typ deze code op Mijn plan.");
    const blocking = [...mails, ...page].flatMap((text) =>
      checkPlainLanguage(text, { language: "nl" })
        .findings.filter((finding) => finding.severity === "block")
        .map((finding) => `${finding.message} — "${text}"`),
    );
    expect(blocking).toEqual([]);
  });
});

for (const engine of engineCases()) {
  describe(`update e-mails on ${engine}`, () => {
    let db: TestDatabase;
    let people: PlanVictims;
    const ctx = () => ({ db: db.db, keys: db.keys, publicUrl: "https://lekwijzer.example.org" });
    const actor = () => operatorActor("os:test", people.organisationId);

    beforeAll(async () => {
      db = await openTestDatabase(engine);
      people = await planVictims(db, `subs-${engine}`);
      await verifyDomainByHand(ctx(), actor(), {
        domain: "voorbeeldtelecom.nl",
        reason: "test installation",
      });
    }, 60_000);
    afterAll(async () => {
      await db?.close();
    });

    async function publish(title: string): Promise<string> {
      const created = await createUpdate(ctx(), actor(), {
        breachId: people.breachId,
        title: { nl: title, en: `${title} (en)` },
        body: { nl: "Wij hebben het lek gedicht. U hoeft niets te doen.", en: "We closed the leak." },
      });
      await publishUpdate(ctx(), actor(), { breachId: people.breachId, updateId: created.update.id });
      return created.update.id;
    }

    it("confirms a subscription with the e-mailed code only: wrong codes count, the address stays sealed", async () => {
      const anna = people.ids.anna;
      expect(await subscribeToUpdates(ctx(), anna, { email: "nog geen adres", language: "nl" })).toBe(
        "invalid-email",
      );
      expect(await subscribeToUpdates(ctx(), anna, { email: " Anna.Nieuws@Gmail.nl ", language: "nl" })).toBe(
        "queued",
      );
      expect(await subscriptionOf(ctx(), anna)).toEqual({
        status: "pending",
        email: "a***@g***.nl",
        codeSent: false,
      });
      const stored = await sql<{ row: string }>`select s::text as row from update_subscriptions s`.execute(
        db.db as Executor,
      );
      expect(stored.rows.map((r) => r.row).join()).not.toContain("anna.nieuws");
      // No code went out yet: typing anything says so.
      expect(await confirmUpdateSubscription(ctx(), anna, "AAAA-AAAA")).toBe("none");

      const sent: EmailArtefact[] = [];
      expect(await sendUpdateMail(ctx(), capture(sent))).toBeGreaterThan(0);
      expect(sent.map((m) => m.envelope.to)).toEqual(["anna.nieuws@gmail.nl"]);
      const text = decoded(sent[0]?.raw ?? "");
      expect(text).toContain("Uw code is:");
      expect(text).toContain("Your code is:");
      expect(text).not.toMatch(/https?:\/\//);
      expect(text).not.toContain("<a ");
      const code = codeIn(sent[0]);
      expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
      // Sent once: another round sends nothing.
      await sendUpdateMail(ctx(), capture(sent));
      expect(sent).toHaveLength(1);

      // Bram's session cannot confirm Anna's subscription with her code.
      expect(await confirmUpdateSubscription(ctx(), people.ids.bram, code)).toBe("none");
      expect(
        await confirmUpdateSubscription(
          ctx(),
          anna,
          code.replace(/.$/, (c) => (c === "2" ? "3" : "2")),
        ),
      ).toBe("wrong");
      expect(await confirmUpdateSubscription(ctx(), anna, code.toLowerCase().replace("-", " "))).toBe(
        "confirmed",
      );
      expect(await subscriptionOf(ctx(), anna)).toEqual({ status: "confirmed", email: "a***@g***.nl" });
      // Subscribing again while subscribed changes nothing.
      expect(await subscribeToUpdates(ctx(), anna, { email: "ander@example.org", language: "nl" })).toBe(
        "subscribed",
      );
    });

    it("ends a code after five wrong tries and when it is older than a day", async () => {
      const bram = people.ids.bram;
      expect(await subscribeToUpdates(ctx(), bram, { email: "bram@example.org", language: "en" })).toBe(
        "queued",
      );
      const sent: EmailArtefact[] = [];
      await sendUpdateMail(ctx(), capture(sent));
      const code = codeIn(sent[0]);
      const later = new Date(Date.now() + 25 * 3600_000);
      expect(await confirmUpdateSubscription(ctx(), bram, code, later)).toBe("expired");
      for (let i = 0; i < 4; i++)
        expect(await confirmUpdateSubscription(ctx(), bram, "2222-2222")).toBe("wrong");
      expect(await confirmUpdateSubscription(ctx(), bram, "2222-2222")).toBe("too-many");
      expect(await confirmUpdateSubscription(ctx(), bram, code)).toBe("too-many");
      expect((await subscriptionOf(ctx(), bram)).status).toBe("pending");
      // Bram stops; Anna's subscription is not touched by his session.
      expect(await unsubscribeFromUpdates(ctx(), bram)).toBe(true);
      expect((await subscriptionOf(ctx(), bram)).status).toBe("none");
      expect((await subscriptionOf(ctx(), people.ids.anna)).status).toBe("confirmed");
    });

    it("limits requests per victim and per address per day", async () => {
      const bram = people.ids.bram;
      // Bram asked once today already (above); two more are allowed, then none.
      expect(await subscribeToUpdates(ctx(), bram, { email: "b1@example.org", language: "en" })).toBe(
        "queued",
      );
      expect(await subscribeToUpdates(ctx(), bram, { email: "b2@example.org", language: "en" })).toBe(
        "queued",
      );
      expect(await subscribeToUpdates(ctx(), bram, { email: "b3@example.org", language: "en" })).toBe(
        "limit",
      );
      await unsubscribeFromUpdates(ctx(), bram);
      // One address, whoever asks: three codes a day.
      const others = await victims.insertBatch(
        db.db,
        db.keys,
        people.breachId,
        ["x1", "x2", "x3", "x4"].map((externalId) => ({ externalId, email: `${externalId}@example.org` })),
      );
      expect(others.inserted).toBe(4);
      const results: string[] = [];
      for (const externalId of ["x1", "x2", "x3", "x4"]) {
        const victim = await victims.getByExternalId(db.db, db.keys, people.breachId, externalId);
        results.push(
          await subscribeToUpdates(ctx(), victim?.id ?? 0, { email: "doel@example.org", language: "nl" }),
        );
        await unsubscribeFromUpdates(ctx(), victim?.id ?? 0);
      }
      expect(results).toEqual(["queued", "queued", "queued", "limit"]);
    });

    it("mails a published update once per subscriber, with one-click unsubscribe, and counts it", async () => {
      const sent: EmailArtefact[] = [];
      const updateId = await publish("Nieuwe stap");
      // Two workers at once, then more rounds: one e-mail.
      await Promise.all([sendUpdateMail(ctx(), capture(sent)), sendUpdateMail(ctx(), capture(sent))]);
      for (let i = 0; i < 3; i++) await sendUpdateMail(ctx(), capture(sent));
      const updates = sent.filter((m) => decoded(m.raw).includes("Nieuwe stap"));
      expect(updates.map((m) => m.envelope.to)).toEqual(["anna.nieuws@gmail.nl"]);
      // Headers unfolded (a long one continues on the next line).
      const raw = String(updates[0]?.raw).replace(/\r\n[ \t]+/g, " ");
      const header =
        /^List-Unsubscribe: <(https:\/\/lekwijzer\.example\.org\/afmelden\/([A-Za-z0-9_-]{43}))>\r?$/m.exec(
          raw,
        );
      expect(header).not.toBeNull();
      expect(raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
      const text = decoded(raw);
      expect(text).toContain("Wij hebben het lek gedicht.");
      expect(text).toContain("We closed the leak.");
      expect(text).toContain("lekwijzer.example.org/datalek/");
      const listed = await listUpdates(ctx(), actor(), { breachId: people.breachId });
      expect(listed.find((u) => u.id === updateId)?.email).toEqual({ recipients: 1, sent: 1, failed: 0 });

      // The token ends the subscription; the next update goes to nobody.
      expect(await unsubscribeByToken(ctx(), header?.[2] ?? "")).toBe(true);
      expect(await unsubscribeByToken(ctx(), header?.[2] ?? "")).toBe(false);
      expect((await subscriptionOf(ctx(), people.ids.anna)).status).toBe("none");
      const next = await publish("Nog een stap");
      for (let i = 0; i < 3; i++) await sendUpdateMail(ctx(), capture(sent));
      expect(sent.filter((m) => decoded(m.raw).includes("Nog een stap"))).toEqual([]);
      const after = await listUpdates(ctx(), actor(), { breachId: people.breachId });
      expect(after.find((u) => u.id === next)?.email).toEqual({ recipients: 0, sent: 0, failed: 0 });
    });

    it("selects only confirmed subscribers for a follow-up campaign with `subscribers`", async () => {
      expect(selectionProblems({ subscribers: true }, "first-notice")).toEqual([
        { path: "selection.subscribers", message: "only for a follow-up campaign (kind update)" },
      ]);
      expect(selectionProblems({ subscribers: true }, "update")).toEqual([]);
      const anna = people.ids.anna;
      await subscribeToUpdates(ctx(), anna, { email: "anna2@example.org", language: "nl" });
      const sent: EmailArtefact[] = [];
      await sendUpdateMail(ctx(), capture(sent));
      expect(await confirmUpdateSubscription(ctx(), anna, codeIn(sent.at(-1)))).toBe("confirmed");
      // Bram waits for his code: not a subscriber yet.
      await subscribeToUpdates(ctx(), people.ids.bram, { email: "bram9@example.org", language: "en" }).catch(
        () => "",
      );
      const campaign = await campaigns.create(db.db, people.organisationId, {
        breachId: people.breachId,
        kind: "update",
        selection: { subscribers: true },
        createdBy: "test",
      });
      expect(await deliveries.populate(db.db, db.keys, campaign)).toBe(1);
      const rows = await sql<{
        victim_id: string;
      }>`select victim_id from deliveries where campaign_id = ${campaign.id}`.execute(db.db as Executor);
      expect(rows.rows.map((r) => Number(r.victim_id))).toEqual([anna]);
    });

    it("takes each update e-mail from the e-mail rate all workers share (EMAIL_RATE)", async () => {
      const rates = { email: { perSecond: 1, burst: 1 } };
      await publish("Stap met tempo");
      // A campaign worker elsewhere took the one token the bucket holds: the update e-mail waits for the next.
      await passSharedRate({ db: db.db, rates }, "email");
      const sent: EmailArtefact[] = [];
      const started = Date.now();
      await sendUpdateMail(ctx(), { ...capture(sent), rates });
      expect(sent.filter((m) => decoded(m.raw).includes("Stap met tempo"))).toHaveLength(1);
      expect(Date.now() - started).toBeGreaterThanOrEqual(800);
    });

    it("e-mails the notice of a changed address to someone who had no postal address before", async () => {
      // Bram has no address on file: his new one gets a confirmation letter, the notice goes by e-mail.
      await requestFromPlan(ctx(), people.ids.bram, { kind: "moved", address: NEW_ADDRESS }, "en");
      const { output, messages: letters } = recording(mkdtempSync(join(tmpdir(), "lekwijzer-notice-")));
      expect(await writePortalLetters(ctx(), output, { worker: "w1" })).toBe(1);
      const addressCode = letterCodeIn(letters[0]);
      expect(await confirmNewAddress(ctx(), people.ids.bram, addressCode)).toEqual({ ok: true });
      // No letter for it: there is no former address to send one to.
      expect(await writePortalLetters(ctx(), output, { worker: "w1" })).toBe(0);
      const sent: EmailArtefact[] = [];
      await Promise.all([sendUpdateMail(ctx(), capture(sent)), sendUpdateMail(ctx(), capture(sent))]);
      await sendUpdateMail(ctx(), capture(sent));
      const notices = sent.filter((m) => decoded(m.raw).includes("Uw adres voor brieven is veranderd"));
      expect(notices.map((m) => m.envelope.to)).toEqual(["bram.jansen@example.org"]);
      const text = decoded(notices[0]?.raw ?? "");
      expect(text).toContain("postcode 3512 **");
      expect(text).not.toContain("Nieuwe Gracht");
      expect(text).toContain("Was it not you?");
      const code = /typ de controlecode van deze e-mail: ([0-9A-Z-]+)/.exec(text)?.[1] ?? "";
      expect(await checkMessage(ctx(), code)).toMatchObject({ found: true, message: { channel: "email" } });
      const requests = await listPortalRequests(ctx(), actor(), { breachId: people.breachId });
      expect(requests.find((r) => r.kind === "address-changed" && r.externalId === "bram")).toMatchObject({
        status: "sent",
      });
    });

    it("reseals subscriptions on a key rotation and deletes them with the breach's contact data", async () => {
      const secret = randomBytes(32);
      const rotated = createKeyring(secret, [db.masterSecret]);
      const report = await rotation.reencrypt(db.db, rotated);
      expect(report.subscriptionsResealed).toBeGreaterThan(0);
      const onlyNew = createKeyring(secret);
      expect(await updateSubscriptions.stateOf(db.db, onlyNew, people.ids.anna)).toMatchObject({
        status: "confirmed",
        email: "anna2@example.org",
      });
      await sql`update breaches set updated_at = now() - make_interval(days => 400) where id = ${people.breachId}`.execute(
        db.db as Executor,
      );
      await retention.purge(db.db, onlyNew, { retentionDays: 365 });
      const left = await sql<{ n: number }>`select count(*)::int as n from update_subscriptions
        where breach_id = ${people.breachId}`.execute(db.db as Executor);
      expect(left.rows[0]?.n).toBe(0);
    });
  });
}
