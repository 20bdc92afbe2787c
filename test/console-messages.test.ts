/**
 * The console's message editor (issue 17, step 4) on both engines, through the server's routes with real staff
 * log-ins: the form starts from the framework's template texts; missing texts are field errors with everything
 * typed kept; "Controleren" shows B1 warnings at the field and the message checks at the element; previews for
 * two flag sets differ as they should and the e-mail sits in a sandboxed frame; the letter opens as a PDF;
 * "Campagne maken" creates and checks the campaign, a second person approves and starts it on the campaign
 * page, and the message goes out to the built-in outbox; a reader cannot post; another organisation's breach
 * answers like an unknown one.
 */
import { Writable } from "node:stream";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MemorySink, memorySink, type Outbox, startOutbox } from "../src/delivery/outbox.ts";
import { createDomainLimiter } from "../src/delivery/rate.ts";
import { sendBatch } from "../src/delivery/sender.ts";
import { createSmtpSender } from "../src/delivery/smtp.ts";
import { ELEMENTS } from "../src/framework/index.ts";
import { generateVerificationCode, verificationCodeDigest } from "../src/messages/codes.ts";
import { SAMPLE_BREACH, SAMPLE_TEXTS } from "../src/messages/index.ts";
import { closePreviewWorkers } from "../src/messages/workers/preview-worker.ts";
import { operatorActor } from "../src/operations/actor.ts";
import { getCampaign } from "../src/operations/campaigns.ts";
import { breaches, organisations, victims } from "../src/store/index.ts";
import { engineCases, openTestDatabase, type TestDatabase } from "../src/store/testing.ts";
import { buildServer, createRequestLogger } from "../src/web/index.ts";
import { organisationReadyToSend } from "./support/organisation.ts";
import { staffPeople } from "./support/staff.ts";

const FORM = { "content-type": "application/x-www-form-urlencoded" };
const UNKNOWN = "00000000-0000-4000-8000-000000000000";

/** The form's fields as a browser would post them: every input, textarea, checked box and selected option. */
function formFields(page: string): URLSearchParams {
  const form = /<form[^>]*id="berichten"[\s\S]*?<\/form>/.exec(page)?.[0] ?? "";
  const fields = new URLSearchParams();
  const decode = (s: string) =>
    s
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&amp;/g, "&");
  for (const m of form.matchAll(/<input([^>]*)>/g)) {
    const attrs = m[1] ?? "";
    const name = /name="([^"]*)"/.exec(attrs)?.[1];
    const value = /value="([^"]*)"/.exec(attrs)?.[1] ?? "";
    const type = /type="([^"]*)"/.exec(attrs)?.[1];
    if (!name) continue;
    if ((type === "checkbox" || type === "radio") && !/\schecked/.test(attrs)) continue;
    fields.append(name, decode(value));
  }
  for (const m of form.matchAll(/<textarea[^>]*name="([^"]*)"[^>]*>([\s\S]*?)<\/textarea>/g))
    fields.append(m[1] ?? "", decode(m[2] ?? ""));
  for (const m of form.matchAll(/<select[^>]*name="([^"]*)"[^>]*>([\s\S]*?)<\/select>/g)) {
    const selected =
      /<option value="([^"]*)" selected>/.exec(m[2] ?? "")?.[1] ??
      /<option value="([^"]*)"/.exec(m[2] ?? "")?.[1] ??
      "";
    fields.append(m[1] ?? "", decode(selected));
  }
  return fields;
}

function withTexts(fields: URLSearchParams): URLSearchParams {
  for (const [id, text] of Object.entries(SAMPLE_TEXTS)) {
    if (id === "updateNews") continue;
    fields.set(`tekst-${id}-nl`, text.nl);
    fields.set(`tekst-${id}-en`, text.en);
  }
  return fields;
}

for (const engine of engineCases()) {
  describe(`console message editor on ${engine}`, () => {
    let db: TestDatabase;
    const staff = staffPeople(() => db, `msg-${engine}`);
    const person = staff.add;
    const signIn = async (name: string) => (await staff.signIn(name)).cookie;
    let app: FastifyInstance;
    let outbox: Outbox;
    let sink: MemorySink;
    let orgA = "";
    let breachId = "";

    const get = (url: string, cookie: string) => app.inject({ url, headers: { cookie } });
    const post = (url: string, cookie: string, fields: URLSearchParams | Record<string, string>) =>
      app.inject({
        method: "POST",
        url,
        headers: { cookie, ...FORM },
        payload: new URLSearchParams(fields).toString(),
      });
    const editor = () => `/console/datalek/${breachId}/berichten`;

    beforeAll(async () => {
      db = await openTestDatabase(engine);
      sink = memorySink();
      outbox = await startOutbox({ sink });
      orgA = await organisationReadyToSend(db, `msg-a-${engine}`);
      const orgB = (await organisations.create(db.db, { slug: `msg-b-${engine}`, name: "Organisatie B" })).id;
      breachId = (
        await breaches.create(db.db, {
          organisationId: orgA,
          slug: "klantgegevens-berichten",
          title: "Klantgegevens gestolen",
          facts: SAMPLE_BREACH as unknown as Record<string, unknown> & { awareAt: string },
        })
      ).id;
      await victims.insertBatch(db.db, db.keys, breachId, [
        { externalId: "m-1", language: "nl", email: "anna@example.org", name: "Anna" },
        { externalId: "m-2", language: "nl", email: "bram@example.net", name: "Bram" },
      ]);
      await person("edda", orgA, ["editor"]);
      await person("anna", orgA, ["approver"]);
      await person("kees", orgA, ["contact-centre"]);
      await person("bert", orgB, ["editor", "organisation-admin"]);
      app = await buildServer({
        logger: createRequestLogger("silent", new Writable({ write: (_c, _e, done) => done() })),
        publicUrl: "http://127.0.0.1",
        ping: async () => {},
        store: { db: db.db, keys: db.keys },
      });
      await app.ready();
    }, 120_000);
    afterAll(async () => {
      await app?.close();
      await outbox?.close();
      await db?.close();
      await closePreviewWorkers();
    });

    it("starts from the framework's template texts and keeps everything typed on a field error", async () => {
      const cookie = await signIn("edda");
      const page = await get(editor(), cookie);
      expect(page.statusCode).toBe(200);
      const apology = ELEMENTS.find((e) => e.id === "apology");
      const fields = formFields(page.body);
      expect(fields.get("element-apology-nl")).toBe(apology?.template.nl);
      expect(fields.get("element-apology-en")).toBe(apology?.template.en);
      fields.set("tekst-whatHappened-nl", "Iemand kwam zonder toestemming in ons systeem.");
      fields.set("element-apology-nl", "Het spijt ons, ((organisation)).");
      fields.set("actie", "controleren");
      const refused = await post(editor(), cookie, fields);
      expect(refused.statusCode).toBe(400);
      expect(refused.body).toContain('href="#tekst-measuresTaken-nl"');
      expect(refused.body).toContain('id="tekst-measuresTaken-nl-fout"');
      const kept = formFields(refused.body);
      expect(kept.get("tekst-whatHappened-nl")).toBe("Iemand kwam zonder toestemming in ons systeem.");
      expect(kept.get("element-apology-nl")).toBe("Het spijt ons, ((organisation)).");
    });

    it("shows B1 warnings at the field and the message checks at the element", async () => {
      const cookie = await signIn("edda");
      const fields = withTexts(formFields((await get(editor(), cookie)).body));
      fields.set(
        "tekst-whatHappened-nl",
        "Door een ongeautoriseerde configuratiewijziging in de infrastructuur van onze dienstverlener konden onbevoegden gedurende meerdere dagen zonder dat iemand het merkte gegevens van klanten en oud-klanten inzien en kopiëren en verder verspreiden.",
      );
      // Leaving out the person's own steps fails the completeness check of that element.
      fields.set("element-what-you-can-do-nl", "Wij helpen u graag.");
      fields.set("element-what-you-can-do-en", "We are glad to help you.");
      fields.set("actie", "controleren");
      const checked = await post(editor(), cookie, fields);
      expect(checked.statusCode, checked.body).toBe(200);
      expect(checked.body).toContain('id="tekst-whatHappened-nl-b1"');
      expect(checked.body).toMatch(/aria-describedby="[^"]*tekst-whatHappened-nl-b1/);
      expect(checked.body).toContain('id="controle-what-you-can-do"');
      expect(/id="controle-what-you-can-do"[\s\S]*?<\/div><\/div><\/div>/.exec(checked.body)?.[0]).toContain(
        "Volledigheid",
      );
    });

    it("previews two flag sets differently, the e-mail in a sandboxed frame, and the letter as a PDF", async () => {
      const cookie = await signIn("edda");
      const fields = withTexts(formFields((await get(editor(), cookie)).body));
      fields.set("actie", "voorbeeld");
      fields.set("voorbeeldKanaal", "email");
      const plain = await post(editor(), cookie, fields);
      expect(plain.statusCode, plain.body).toBe(200);
      expect(plain.body).toMatch(/<iframe class="lw-message-frame" sandbox=""[^>]*srcdoc="/);
      const frame = (body: string) => /srcdoc="([^"]*)"/.exec(body)?.[1] ?? "";
      expect(frame(plain.body)).toContain("Eva Jansen");
      fields.append("voorbeeldKenmerk", "minor");
      const minor = await post(editor(), cookie, fields);
      expect(minor.statusCode).toBe(200);
      // A child's message goes to the parents: the salutation changes, the rest of the message is the same breach.
      expect(frame(minor.body)).not.toBe(frame(plain.body));
      expect(frame(minor.body)).toMatch(/ouder|verzorger/i);
      fields.set("voorbeeldKanaal", "sms");
      const sms = await post(editor(), cookie, fields);
      expect(sms.body).toContain('id="voorbeeld-sms"');
      fields.set("actie", "brief");
      const letter = await post(editor(), cookie, fields);
      expect(letter.statusCode).toBe(200);
      expect(letter.headers["content-type"]).toBe("application/pdf");
      expect(letter.rawPayload.subarray(0, 5).toString()).toBe("%PDF-");
    });

    it("creates a checked campaign that a second person approves and starts, and it reaches the outbox", async () => {
      const cookie = await signIn("edda");
      const fields = withTexts(formFields((await get(editor(), cookie)).body));
      fields.set("actie", "maken");
      const created = await post(editor(), cookie, fields);
      expect(created.statusCode, created.body).toBe(303);
      const id = /\/console\/campagne\/([0-9a-f-]{36})$/.exec(created.headers.location as string)?.[1] ?? "";
      const campaign = await getCampaign(db, operatorActor("os:test", orgA), { campaignId: id });
      expect(campaign.status).toBe("checked");
      expect(campaign.total).toBe(2);
      const approver = await signIn("anna");
      const page = (await get(`/console/campagne/${id}`, approver)).body;
      const form =
        /<form[^>]*>(?:(?!<\/form>)[\s\S])*name="stap" value="approve"[\s\S]*?<\/form>/.exec(page)?.[0] ?? "";
      const approve = Object.fromEntries(
        [...form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1], m[2]]),
      );
      expect((await post(`/console/campagne/${id}`, approver, approve)).statusCode).toBe(303);
      const start = { formulier: approve.formulier as string, stap: "start" };
      const started = await post(`/console/campagne/${id}`, approver, start);
      expect(started.statusCode, started.body).toBe(303);
      const key = Buffer.alloc(32, 7);
      await sendBatch(
        {
          db: db.db,
          keys: db.keys,
          worker: "test-worker",
          email: createSmtpSender({ url: outbox.url, maxConnections: 1 }),
          bounceAddress: "bounces@voorbeeldtelecom.nl",
          domains: createDomainLimiter(),
          verificationCode: () => generateVerificationCode(),
          verificationDigest: (code) => verificationCodeDigest(code, key),
        },
        id,
        { limit: 10 },
      );
      expect(sink.messages.flatMap((m) => m.envelope.to).sort()).toEqual([
        "anna@example.org",
        "bram@example.net",
      ]);
    });

    it("refuses a reader's post and answers another organisation's breach like an unknown one", async () => {
      const reader = await signIn("kees");
      expect((await get(editor(), reader)).statusCode).toBe(403);
      const readerToken =
        /name="formulier" value="([^"]+)"/.exec((await get("/console", reader)).body)?.[1] ?? "";
      const byReader = await post(
        editor(),
        reader,
        withTexts(new URLSearchParams({ formulier: readerToken, actie: "maken" })),
      );
      expect(byReader.statusCode).toBe(403);
      const other = await signIn("bert");
      const token = /name="formulier" value="([^"]+)"/.exec((await get("/console", other)).body)?.[1] ?? "";
      for (const prefix of ["", "/en"]) {
        const theirs = await get(`${prefix}/console/datalek/${breachId}/berichten`, other);
        const unknown = await get(`${prefix}/console/datalek/${UNKNOWN}/berichten`, other);
        expect(theirs.statusCode).toBe(404);
        expect(theirs.body).toBe(unknown.body);
        const posted = await post(`${prefix}/console/datalek/${breachId}/berichten`, other, {
          formulier: token,
          actie: "maken",
        });
        expect(posted.statusCode).toBe(404);
      }
      const tokenless = await post(editor(), await signIn("edda"), { actie: "maken" });
      expect(tokenless.statusCode).toBe(403);
    });
  });
}
