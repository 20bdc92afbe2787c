/**
 * My plan's requests become letters (issue 16), through the real server, database and print folder:
 *
 * - a printed-letter request becomes exactly one letter in the print folder, however many workers run and
 *   however often, marked `sent` with its time and audit entry; a worker that dies after writing or before
 *   writing (its lease runs out) neither loses nor doubles it;
 * - a person without a postal address is told so on the page, never silently dropped;
 * - a new address gets a confirmation letter with a code; wrong codes are refused and counted (also when
 *   guessed in parallel), another person's session cannot confirm it, the right code makes it the address of
 *   the next printed letter;
 * - "letters instead" puts the letter first in the next campaign, for that person only.
 *
 * PGlite always, PostgreSQL too with TEST_DATABASE_URL.
 */
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyReturnedLetters } from "../src/delivery/index.ts";
import { type MemorySink, memorySink, type Outbox, startOutbox } from "../src/delivery/outbox.ts";
import { letterFolder } from "../src/delivery/print-folder.ts";
import type { LetterOutput } from "../src/delivery/providers.ts";
import { createDomainLimiter } from "../src/delivery/rate.ts";
import { sendBatch } from "../src/delivery/sender.ts";
import type { SenderContext } from "../src/delivery/sender-context.ts";
import { createSmtpSender } from "../src/delivery/smtp.ts";
import { generateVerificationCode, verificationCodeDigest } from "../src/messages/codes.ts";
import { SAMPLE_BREACH, SAMPLE_TEXTS } from "../src/messages/index.ts";
import {
  actOnCampaign,
  checkCampaign,
  checkMessage,
  createCampaign,
  listPortalRequests,
  operatorActor,
  requestFromPlan,
} from "../src/operations/index.ts";
import { writePortalLetters } from "../src/operations/portal-letters.ts";
import { apiKeys, breaches, type Executor, portalLetters, victims } from "../src/store/index.ts";
import { engineCases, openTestDatabase, type TestDatabase } from "../src/store/testing.ts";
import { codeIn, NEW_ADDRESS, recording } from "./support/letter-recorder.ts";
import { organisationReadyToSend } from "./support/organisation.ts";
import { type PlanVictims, planVictims } from "./support/plan-victims.ts";
import { startTestServer, type TestServer } from "./support/server.ts";

const FORM = { "content-type": "application/x-www-form-urlencoded" };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(check: () => boolean, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error("timed out");
    await sleep(20);
  }
}

async function post(server: TestServer, path: string, fields: Record<string, string>, cookie = "") {
  return fetch(`${server.url}${path}`, {
    method: "POST",
    headers: { ...FORM, ...(cookie ? { cookie } : {}) },
    body: new URLSearchParams(fields).toString(),
    redirect: "manual",
  });
}

async function login(server: TestServer, code: string, path = "/mijn-plan"): Promise<string> {
  const response = await post(server, path, { code });
  expect(response.status).toBe(303);
  return (response.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
}

async function page(server: TestServer, path: string, cookie: string): Promise<string> {
  return (await fetch(`${server.url}${path}`, { headers: { cookie } })).text();
}

interface PrintedLetter {
  batch: string;
  reference: string;
  victimId: string;
  postcode: string;
}

/** Every letter in complete batches of the print folder, from the manifests. */
function printed(dir: string): PrintedLetter[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith(".csv"))
    .flatMap((name) =>
      readFileSync(join(dir, name), "utf8")
        .trim()
        .split("\r\n")
        .slice(1)
        .map((line) => {
          const cells = line.split(",");
          return {
            batch: cells[0] ?? "",
            reference: cells[3] ?? "",
            victimId: cells[4] ?? "",
            postcode: cells[8] ?? "",
          };
        }),
    );
}

for (const engine of engineCases()) {
  describe(`My plan's letters on ${engine}`, () => {
    let db: TestDatabase;
    let server: TestServer;
    let people: PlanVictims;
    let dir: string;
    let readKey: string;

    beforeAll(async () => {
      db = await openTestDatabase(engine);
      people = await planVictims(db, `letters-${engine}`);
      dir = mkdtempSync(join(tmpdir(), "lekwijzer-portal-letters-"));
      const { secret } = await apiKeys.create(db.db, {
        organisationId: people.organisationId,
        scope: "read",
        holder: "Reader",
        label: "test",
        createdBy: "test",
      });
      readKey = secret;
      server = await startTestServer({
        extra: {
          authenticate: (key) => apiKeys.authenticate(db.db, key),
          store: { db: db.db, keys: db.keys },
        },
      });
    });

    afterAll(async () => {
      await server?.close();
      await db?.close();
    });

    const requestsOf = async (externalId: string) =>
      (
        await listPortalRequests(db, operatorActor("os:test", people.organisationId), {
          breachId: people.breachId,
        })
      ).filter((r) => r.externalId === externalId);
    const auditOf = async (action: string) =>
      db.db.selectFrom("audit_log").select(["subject", "details"]).where("action", "=", action).execute();

    it("writes a printed-letter request into the print folder once, with two workers and again", async () => {
      const cookie = await login(server, people.codes.anna);
      expect((await post(server, "/mijn-plan/brief", {}, cookie)).status).toBe(303);
      const ctx = { db: db.db, keys: db.keys, publicUrl: "https://lekwijzer.example.org" };
      const folder = letterFolder({ dir });
      const rounds = await Promise.all([
        writePortalLetters(ctx, folder, { worker: "w1" }),
        writePortalLetters(ctx, folder, { worker: "w2" }),
      ]);
      expect(rounds.reduce((a, b) => a + b, 0)).toBe(1);
      expect(await writePortalLetters(ctx, folder, { worker: "w3" })).toBe(0);
      const letters = printed(dir).filter((l) => l.victimId === "anna");
      expect(letters).toHaveLength(1);
      expect(letters[0]?.postcode).toBe("4321 BA");
      const [request] = await requestsOf("anna");
      expect(request).toMatchObject({ kind: "printed-letter", status: "sent" });
      expect(Date.parse(request?.sentAt ?? "")).toBeGreaterThan(Date.parse(request?.createdAt ?? ""));
      expect(await auditOf("portal.letter-written")).toHaveLength(1);
      // The page says when it went out and to which (masked) postcode; asking again this month adds nothing.
      const shown = await page(server, "/mijn-plan", cookie);
      expect(shown).toContain("Wij hebben de brief met uw plan verstuurd op");
      expect(shown).toContain("4321 **");
      expect(shown).not.toContain("Dorpsweg");
      await post(server, "/mijn-plan/brief", {}, cookie);
      expect(await requestsOf("anna")).toHaveLength(1);
      // The organisation's API lists it with its status and times, without it having to do anything.
      const api = await fetch(`${server.url}/api/v1/breaches/${people.breachId}/portal-requests`, {
        headers: { authorization: `Bearer ${readKey}` },
      });
      expect(api.status).toBe(200);
      expect(api.headers.get("cache-control")).toBe("no-store");
      const listed = (
        (await api.json()) as { requests: { externalId: string; status: string; sentAt: string }[] }
      ).requests;
      expect(listed.find((r) => r.externalId === "anna")).toMatchObject({
        status: "sent",
        sentAt: request?.sentAt,
      });
    });

    it("tells a person without a postal address so, instead of dropping the request", async () => {
      const cookie = await login(server, people.codes.bram, "/en/mijn-plan");
      await post(server, "/en/mijn-plan/brief", {}, cookie);
      const ctx = { db: db.db, keys: db.keys };
      expect(await writePortalLetters(ctx, letterFolder({ dir }), { worker: "w1" })).toBe(0);
      expect(printed(dir).filter((l) => l.victimId === "bram")).toHaveLength(0);
      const [request] = await requestsOf("bram");
      expect(request).toMatchObject({ kind: "printed-letter", status: "no-address" });
      expect(await auditOf("portal.letter-no-address")).toHaveLength(1);
      const shown = await page(server, "/en/mijn-plan", cookie);
      expect(shown).toContain("We have no address for you. So we cannot send the letter.");
      expect(shown).toContain('href="#verhuisd"');
    });

    it("loses and doubles nothing when a worker dies after writing or before writing", async () => {
      const ctx = { db: db.db, keys: db.keys };
      const folder = letterFolder({ dir });
      const before = printed(dir).length;
      // Anna asks again a month later (the request of the first test is moved back in time).
      await sql`update portal_requests set created_at = created_at - interval '40 days',
        sent_at = sent_at - interval '40 days' where kind = 'printed-letter'`.execute(db.db as Executor);
      await requestFromPlan(db, people.ids.anna, { kind: "printed-letter" });
      // 1. The worker writes the batch and dies before recording it (its promise never settles).
      const dying: LetterOutput = {
        ...folder,
        newBatch: () => folder.newBatch(),
        isComplete: (b) => folder.isComplete(b),
        discard: (b) => folder.discard(b),
        async send(batch, items) {
          await folder.send(batch, items);
          return new Promise(() => {});
        },
      };
      const claimedAt = Date.now();
      void writePortalLetters(ctx, dying, { worker: "dies-after", leaseMs: 3_000 });
      await waitFor(() => printed(dir).length === before + 1);
      // While its lease holds, nobody else takes the letter.
      expect(await writePortalLetters(ctx, folder, { worker: "w2" })).toBe(0);
      await sleep(Math.max(0, claimedAt + 3_200 - Date.now()));
      // After the lease, the next worker finds the complete batch: recorded as sent, nothing printed again.
      await writePortalLetters(ctx, folder, { worker: "w2" });
      expect(printed(dir).length).toBe(before + 1);
      expect((await requestsOf("anna")).map((r) => r.status)).toEqual(["sent", "sent"]);

      // 2. A worker claims and dies before writing: after its lease another writes the letter, once.
      await sql`update portal_requests set created_at = created_at - interval '40 days'
        where kind = 'printed-letter'`.execute(db.db as Executor);
      await requestFromPlan(db, people.ids.anna, { kind: "printed-letter" });
      const claimed = await portalLetters.claim(db.db, db.keys, {
        worker: "dies-before",
        limit: 10,
        leaseMs: 100,
      });
      expect(claimed).toHaveLength(1);
      expect(await writePortalLetters(ctx, folder, { worker: "w3" })).toBe(0);
      await sleep(150);
      expect(await writePortalLetters(ctx, folder, { worker: "w3" })).toBe(1);
      expect(await writePortalLetters(ctx, folder, { worker: "w4" })).toBe(0);
      expect(printed(dir).length).toBe(before + 2);
      expect((await requestsOf("anna")).filter((r) => r.status === "sent")).toHaveLength(3);
      expect(await auditOf("portal.letter-written")).toHaveLength(3);
    });

    it("sets a letter aside as failed when its workers keep dying with it, and says so", async () => {
      await sql`update portal_requests set created_at = created_at - interval '40 days'
        where kind = 'printed-letter'`.execute(db.db as Executor);
      await requestFromPlan(db, people.ids.anna, { kind: "printed-letter" });
      const before = printed(dir).length;
      for (let i = 0; i < 5; i++) {
        expect(
          await portalLetters.claim(db.db, db.keys, { worker: `dies-${i}`, limit: 10, leaseMs: 1 }),
        ).toHaveLength(1);
        await sleep(10);
      }
      expect(await writePortalLetters(db, letterFolder({ dir }), { worker: "w5" })).toBe(0);
      expect(printed(dir).length).toBe(before);
      expect((await requestsOf("anna")).at(-1)).toMatchObject({ kind: "printed-letter", status: "failed" });
      expect(await auditOf("portal.letter-failed")).toHaveLength(1);
    });

    it("confirms a new address with the code from the letter to it, and sends the next letter there", async () => {
      const anna = await login(server, people.codes.anna);
      const bram = await login(server, people.codes.bram);
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
        anna,
      );
      expect(moved.status).toBe(303);
      const { output, messages } = recording(dir);
      const ctx = { db: db.db, keys: db.keys, publicUrl: "https://lekwijzer.example.org" };
      expect(await writePortalLetters(ctx, output, { worker: "w1" })).toBe(1);
      const letter = messages[0];
      expect(letter?.addressee.addressLines).toContain("Nieuwe Gracht 12a");
      expect(letter?.addressee.addressLines).toContain("3512 AB  UTRECHT");
      const code = codeIn(letter);
      expect(code).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
      expect(printed(dir).find((l) => l.reference === letter?.reference)?.postcode).toBe("3512 AB");
      // Only a keyed hash of the code is stored.
      const stored = await sql<{ row: string }>`select r::text as row from portal_requests r`.execute(
        db.db as Executor,
      );
      for (const { row } of stored.rows) {
        expect(row).not.toContain(code);
        expect(row).not.toContain(code.replace("-", ""));
      }
      expect((await requestsOf("anna")).find((r) => r.kind === "moved")).toMatchObject({
        status: "awaiting-code",
      });
      const waiting = await page(server, "/mijn-plan", anna);
      expect(waiting).toContain(
        "Wij stuurden een brief met een code naar uw nieuwe adres (postcode 3512 **)",
      );
      expect(waiting).toContain('name="adrescode"');
      expect(waiting).not.toContain("Nieuwe Gracht");
      // Bram has no address waiting: Anna's code confirms nothing in his session.
      const other = await post(server, "/mijn-plan/adrescode", { adrescode: code }, bram);
      expect(other.status).toBe(200);
      expect(await other.text()).toContain("Er wacht geen nieuw adres op een code.");
      // A wrong code is refused at the field and counted; a non-code is not counted.
      const wrongCode = code.startsWith("A") ? "BBBB-BBBB" : "AAAA-AAAA";
      const wrong = await post(server, "/mijn-plan/adrescode", { adrescode: wrongCode }, anna);
      expect(wrong.status).toBe(400);
      const wrongPage = await wrong.text();
      expect(wrongPage).toContain("Deze code klopt niet");
      expect(wrongPage).toContain("U kunt het nog 4 keer proberen");
      expect(wrongPage).toContain('href="#adrescode"');
      expect((await post(server, "/mijn-plan/adrescode", { adrescode: "hallo" }, anna)).status).toBe(400);
      // The right code, typed in lower case with a space: confirmed.
      const right = await post(
        server,
        "/mijn-plan/adrescode",
        { adrescode: code.toLowerCase().replace("-", " ") },
        anna,
      );
      expect(right.headers.get("location")).toBe("/mijn-plan?gevraagd=bevestigd#verhuisd");
      const confirmed = await page(server, "/mijn-plan?gevraagd=bevestigd", anna);
      expect(confirmed).toContain("Uw nieuwe adres is bevestigd");
      expect(confirmed).toContain("Brieven gaan naar het adres met postcode 3512 **");
      expect((await requestsOf("anna")).find((r) => r.kind === "moved")).toMatchObject({
        status: "confirmed",
      });
      expect(await auditOf("portal.address-confirmed")).toHaveLength(1);
      // The address letters went to until now gets a notice: what changed (the new postcode masked), whom
      // to call when it was not Anna; her code may be in someone else's hands.
      expect(await writePortalLetters(ctx, output, { worker: "w1" })).toBe(1);
      const notice = messages[1];
      expect(notice?.subject).toBe("Uw adres voor brieven is veranderd");
      expect(notice?.addressee.addressLines).toContain("Dorpsweg 7");
      const noticeText = (notice?.sections ?? [])
        .flatMap((s) => s.blocks)
        .map((b) => (b.kind === "list" ? "" : b.text))
        .join(" ");
      expect(noticeText).toContain("postcode 3512 **");
      expect(noticeText).not.toContain("Nieuwe Gracht");
      expect(printed(dir).find((l) => l.reference === notice?.reference)?.postcode).toBe("4321 BA");
      expect((await requestsOf("anna")).find((r) => r.kind === "address-changed")).toMatchObject({
        status: "sent",
      });
      // The next printed letter goes to the new address.
      await sql`update portal_requests set created_at = created_at - interval '40 days'
        where kind = 'printed-letter'`.execute(db.db as Executor);
      await requestFromPlan(db, people.ids.anna, { kind: "printed-letter" });
      expect(await writePortalLetters(ctx, output, { worker: "w1" })).toBe(1);
      const next = messages[2];
      expect(next?.subject).toBe("Uw persoonlijke plan na het datalek");
      expect(next?.addressee.addressLines).toEqual([
        "Anna de Vries",
        "Nieuwe Gracht 12a",
        "3512 AB  UTRECHT",
      ]);
      expect(printed(dir).find((l) => l.reference === next?.reference)?.postcode).toBe("3512 AB");
      // The letter's verification code is known to "Is this message genuine?".
      const check = await checkMessage(db, next?.verificationCode ?? "");
      expect(check).toMatchObject({ found: true });
    });

    it("refuses a code after five tries, even when the guesses come in parallel", async () => {
      const bram = await login(server, people.codes.bram);
      await requestFromPlan(db, people.ids.bram, { kind: "moved", address: NEW_ADDRESS }, "en");
      const { output, messages } = recording(dir);
      await writePortalLetters({ db: db.db, keys: db.keys }, output, { worker: "w1" });
      const code = codeIn(messages[0]);
      expect(messages[0]?.language).toBe("en");
      const wrong = code.startsWith("A") ? "BBBB-BBBB" : "AAAA-AAAA";
      await Promise.all(
        Array.from({ length: 12 }, () => post(server, "/mijn-plan/adrescode", { adrescode: wrong }, bram)),
      );
      const row = await db.db
        .selectFrom("portal_requests")
        .select(["status", "code_attempts", "code_hmac"])
        .where("victim_id", "=", people.ids.bram)
        .where("kind", "=", "moved")
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({ status: "refused", code_attempts: 5, code_hmac: null });
      const late = await post(server, "/mijn-plan/adrescode", { adrescode: code }, bram);
      expect(await late.text()).toContain("Er wacht geen nieuw adres op een code.");
      expect((await victims.get(db.db, db.keys, people.ids.bram))?.address).toBeNull();
      const shown = await page(server, "/en/mijn-plan", bram);
      expect(shown).toContain("a new address (wrong code too often");
      // Tries are counted in one statement before any comparison: twelve at once get five.
      await requestFromPlan(db, people.ids.bram, { kind: "moved", address: NEW_ADDRESS }, "en");
      await writePortalLetters({ db: db.db, keys: db.keys }, output, { worker: "w1" });
      const again = await portalLetters.awaitingCode(db.db, db.keys, people.ids.bram);
      const tries = await Promise.all(
        Array.from({ length: 12 }, () => portalLetters.takeTry(db.db, again?.id ?? "", people.ids.bram, 5)),
      );
      expect(tries.filter((n) => n !== undefined).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual([
        1, 2, 3, 4, 5,
      ]);
    });
    it("marks a letter the post brought back as returned, and says so on My plan", async () => {
      const anna = await login(server, people.codes.anna);
      await sql`update portal_requests set created_at = created_at - interval '40 days', sent_at = sent_at - interval '40 days'
        where kind = 'printed-letter'`.execute(db.db as Executor);
      await requestFromPlan(db, people.ids.anna, { kind: "printed-letter" });
      const { output, messages } = recording(dir);
      const ctx = { db: db.db, keys: db.keys };
      expect(await writePortalLetters(ctx, output, { worker: "w1" })).toBe(1);
      const reference = messages[0]?.reference ?? "";
      expect(reference).toMatch(/^MP-/);
      // The provider's list, in lower case, with a reference nobody printed.
      const result = await applyReturnedLetters(ctx, [reference.toLowerCase(), "MP-0000-0000-0000"]);
      expect(result).toMatchObject({ applied: 1, unmatched: 1, fellBack: 0 });
      expect((await applyReturnedLetters(ctx, [reference])).applied).toBe(0);
      const [newest] = (await requestsOf("anna")).filter((r) => r.kind === "printed-letter").reverse();
      expect(newest).toMatchObject({ status: "returned" });
      expect(Date.parse(newest?.returnedAt ?? "")).toBeGreaterThan(0);
      const shown = await page(server, "/mijn-plan", anna);
      expect(shown).toContain("De brief met uw plan kwam terug bij ons.");
      expect(shown).toContain("brief kwam terug");
      // The person can ask again once the address is right.
      expect(shown).toContain('action="/mijn-plan/brief"');

      // A confirmation letter that comes back: its code no longer works and the page says why.
      const bram = await login(server, people.codes.bram);
      const waiting = await portalLetters.awaitingCode(db.db, db.keys, people.ids.bram);
      expect(waiting).toBeDefined();
      const row = await db.db
        .selectFrom("portal_requests")
        .select("reference")
        .where("id", "=", waiting?.id ?? "")
        .executeTakeFirstOrThrow();
      expect((await applyReturnedLetters(ctx, [row.reference ?? ""])).applied).toBe(1);
      expect(await portalLetters.awaitingCode(db.db, db.keys, people.ids.bram)).toBeUndefined();
      const bramPage = await page(server, "/en/mijn-plan", bram);
      expect(bramPage).toContain("The letter with the code came back to us.");
      expect(bramPage).not.toContain('name="adrescode"');
    });
  });

  describe(`"letters instead" in the next campaign on ${engine}`, () => {
    let db: TestDatabase;
    let outbox: Outbox;
    let sink: MemorySink;

    beforeAll(async () => {
      db = await openTestDatabase(engine);
      sink = memorySink();
      outbox = await startOutbox({ sink });
    });

    afterAll(async () => {
      await outbox?.close();
      await db?.close();
    });

    it("puts the letter first for the person who asked, and only for them", async () => {
      const organisationId = await organisationReadyToSend(db, `org-letters-${engine}-${Date.now()}`);
      const breach = await breaches.create(db.db, {
        organisationId,
        slug: `letters-first-${Date.now()}`,
        title: "Klantgegevens gestolen",
        facts: SAMPLE_BREACH as unknown as Record<string, unknown> & { awareAt: string },
      });
      const person = (id: string) => ({
        externalId: id,
        email: `${id}@example.org`,
        name: `Persoon ${id}`,
        address: { street: "Dorpsweg", houseNumber: "7", postcode: "4321 BA", city: "Zwolle", country: "NL" },
        language: "nl" as const,
        categories: ["name", "email"],
      });
      await victims.insertBatch(db.db, db.keys, breach.id, [person("P1"), person("P2")], {
        issueCodes: true,
      });
      const p1 = await victims.getByExternalId(db.db, db.keys, breach.id, "P1");
      await requestFromPlan(db, p1?.id ?? 0, { kind: "prefers-letters" });
      const dir = mkdtempSync(join(tmpdir(), "lekwijzer-letters-first-"));
      const key = Buffer.alloc(32, 7);
      const ctx: SenderContext = {
        db: db.db,
        keys: db.keys,
        worker: "letters-first",
        email: createSmtpSender({ url: outbox.url, maxConnections: 1 }),
        bounceAddress: "bounces@voorbeeldtelecom.nl",
        letters: letterFolder({ dir }),
        domains: createDomainLimiter(),
        verificationCode: () => generateVerificationCode(),
        verificationDigest: (code) => verificationCodeDigest(code, key),
      };
      const store = { db: db.db, keys: db.keys };
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
      const rows = await db.db
        .selectFrom("deliveries as d")
        .innerJoin("victims as v", "v.id", "d.victim_id")
        .select(["v.external_id", "d.channel", "d.status"])
        .where("d.campaign_id", "=", campaign.id)
        .orderBy("v.external_id")
        .execute();
      expect(rows.map((r) => [r.external_id, r.channel])).toEqual([
        ["P1", "letter"],
        ["P2", "email"],
      ]);
      expect(printed(dir).map((l) => l.victimId)).toEqual(["P1"]);
      expect(sink.messages.flatMap((m) => m.envelope.to)).toEqual(["P2@example.org"]);
    });
  });
}

describe("My plan's addresses under key rotation and retention", () => {
  it("seals a confirmed address again under a new key, and purges it and any waiting code with the breach", async () => {
    const { randomBytes } = await import("node:crypto");
    const { createKeyring, retention, rotation, victimChoices } = await import("../src/store/index.ts");
    const { confirmNewAddress } = await import("../src/operations/index.ts");
    const db = await openTestDatabase("pglite");
    try {
      const people = await planVictims(db, "keep");
      const dir = mkdtempSync(join(tmpdir(), "lekwijzer-portal-keep-"));
      const { output, messages } = recording(dir);
      await requestFromPlan(db, people.ids.anna, { kind: "moved", address: NEW_ADDRESS });
      await writePortalLetters(db, output, { worker: "w1" });
      expect((await confirmNewAddress(db, people.ids.anna, codeIn(messages[0]))).ok).toBe(true);
      // Bram's new address still waits for its code when the purge comes.
      await requestFromPlan(db, people.ids.bram, { kind: "moved", address: NEW_ADDRESS });
      await writePortalLetters(db, output, { worker: "w1" });

      const secret = randomBytes(32);
      const report = await rotation.reencrypt(db.db, createKeyring(secret, [db.masterSecret]));
      // Anna's and Bram's new addresses, Anna's confirmed one, and the notice to Anna's former address.
      expect(report.portalAddressesResealed).toBe(4);
      const onlyNew = createKeyring(secret);
      expect((await victimChoices.get(db.db, onlyNew, people.ids.anna))?.address).toEqual(NEW_ADDRESS);

      await sql`update breaches set updated_at = now() - make_interval(days => 400)`.execute(
        db.db as Executor,
      );
      await retention.purge(db.db, onlyNew, { retentionDays: 365 });
      expect((await victimChoices.get(db.db, onlyNew, people.ids.anna))?.address).toBeNull();
      const rows = await db.db
        .selectFrom("portal_requests")
        .select(["kind", "status", "sealed", "code_hmac"])
        .where("kind", "=", "moved")
        .orderBy("created_at")
        .execute();
      expect(rows).toEqual([
        { kind: "moved", status: "confirmed", sealed: null, code_hmac: null },
        { kind: "moved", status: "expired", sealed: null, code_hmac: null },
      ]);
      const kept = await db.db
        .selectFrom("portal_requests")
        .select("kind")
        .where("sealed", "is not", null)
        .execute();
      expect(kept).toEqual([]);
    } finally {
      await db.close();
    }
  }, 120_000);
});
