/**
 * The console's updates and phishing pages (issue 17, step 6) on both engines, through the server's routes
 * with real staff log-ins: an update's preview shows its B1 warnings at the field and stores nothing; a missing
 * title is a field error with the text kept; a saved draft is published and then offered to send to affected
 * people as an update campaign (the message editor opens with its news); the public breach page is published
 * and a bad address is a field error; the phishing page shows the trend as an SVG chart with a table, the
 * reports, and publishes and withdraws a warning; a reader sees no forms and cannot post; another
 * organisation's breach answers like an unknown one.
 */
import { Writable } from "node:stream";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SAMPLE_BREACH } from "../src/messages/index.ts";
import { operatorActor } from "../src/operations/actor.ts";
import { listPhishingWarnings, listUpdates, submitPhishingReport } from "../src/operations/index.ts";
import { breaches, organisations } from "../src/store/index.ts";
import { engineCases, openTestDatabase, type TestDatabase } from "../src/store/testing.ts";
import { buildServer, createRequestLogger } from "../src/web/index.ts";
import { organisationReadyToSend } from "./support/organisation.ts";
import { staffPeople } from "./support/staff.ts";

const FORM = { "content-type": "application/x-www-form-urlencoded" };
const UNKNOWN = "00000000-0000-4000-8000-000000000000";
const LONG_SENTENCE =
  "Door een ongeautoriseerde configuratiewijziging in de infrastructuur van onze dienstverlener konden onbevoegden gedurende meerdere dagen zonder dat iemand het merkte gegevens van klanten inzien en kopiëren en verder verspreiden.";

for (const engine of engineCases()) {
  describe(`console updates and phishing on ${engine}`, () => {
    let db: TestDatabase;
    const staff = staffPeople(() => db, `upd-${engine}`);
    const person = staff.add;
    const signIn = staff.signIn;
    let app: FastifyInstance;
    let orgA = "";
    let breachId = "";
    const slug = `klantlek-${engine}`;

    const get = (url: string, cookie: string) => app.inject({ url, headers: { cookie } });
    const post = (url: string, cookie: string, fields: Record<string, string>) =>
      app.inject({
        method: "POST",
        url,
        headers: { cookie, ...FORM },
        payload: new URLSearchParams(fields).toString(),
      });
    const updates = () => `/console/datalek/${breachId}/updates`;
    const phishing = () => `/console/datalek/${breachId}/phishing`;
    const operator = () => operatorActor("os:test", orgA);

    beforeAll(async () => {
      db = await openTestDatabase(engine);
      orgA = await organisationReadyToSend(db, `upd-a-${engine}`);
      const orgB = (await organisations.create(db.db, { slug: `upd-b-${engine}`, name: "Organisatie B" })).id;
      breachId = (
        await breaches.create(db.db, {
          organisationId: orgA,
          slug,
          title: "Klantgegevens gestolen",
          status: "assessed",
          facts: SAMPLE_BREACH as unknown as Record<string, unknown> & { awareAt: string },
        })
      ).id;
      await person("edda", orgA, ["editor"]);
      await person("kees", orgA, ["contact-centre"]);
      await person("bert", orgB, ["editor"]);
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
      await db?.close();
    });

    it("previews an update with B1 warnings at the field, storing nothing; a missing title keeps the text", async () => {
      const { cookie, token } = await signIn("edda");
      const preview = await post(updates(), cookie, {
        formulier: token,
        actie: "voorbeeld",
        "titel-nl": "Nieuws over het lek",
        "tekst-nl": LONG_SENTENCE,
      });
      expect(preview.statusCode, preview.body).toBe(200);
      expect(preview.body).toContain('id="tekst-nl-b1"');
      expect(preview.body).toMatch(/aria-describedby="[^"]*tekst-nl-b1/);
      expect(preview.body).toContain('<article class="lw-update-preview" lang="nl">');
      expect(await listUpdates(db, operator(), { breachId })).toHaveLength(0);
      const missing = await post(updates(), cookie, {
        formulier: token,
        actie: "opslaan",
        "tekst-nl": "Wij weten meer.",
      });
      expect(missing.statusCode).toBe(400);
      expect(missing.body).toContain('href="#titel-nl"');
      expect(missing.body).toContain("Wij weten meer.</textarea>");
      expect(await listUpdates(db, operator(), { breachId })).toHaveLength(0);
    });

    it("saves, publishes, and offers to send an update to affected people; publishes the breach page", async () => {
      const { cookie, token } = await signIn("edda");
      const saved = await post(updates(), cookie, {
        formulier: token,
        actie: "opslaan",
        "titel-nl": "De gegevens staan op internet",
        "tekst-nl": "Wij weten nu meer. Wees extra alert op nepberichten.",
        "tekst-en": "We know more now. Be extra alert to fake messages.",
      });
      expect(saved.statusCode, saved.body).toBe(200);
      const [draft] = await listUpdates(db, operator(), { breachId });
      expect(draft?.publishedAt).toBeNull();
      const published = await post(updates(), cookie, {
        formulier: token,
        actie: "publiceren",
        update: draft?.id ?? "",
      });
      expect(published.statusCode).toBe(303);
      expect((await listUpdates(db, operator(), { breachId }))[0]?.publishedAt).not.toBeNull();
      const page = await get(`${updates()}?gepubliceerd`, cookie);
      const link = `/console/datalek/${breachId}/berichten?soort=update&amp;update=${draft?.id}`;
      expect(page.body).toContain(link);
      const editor = await get(link.replace("&amp;", "&"), cookie);
      expect(editor.body).toContain('value="update" checked');
      expect(editor.body).toContain("Wij weten nu meer. Wees extra alert op nepberichten.</textarea>");

      const badSlug = await post(updates(), cookie, {
        formulier: token,
        actie: "pagina",
        slug: "Niet Goed!",
      });
      expect(badSlug.statusCode).toBe(400);
      expect(badSlug.body).toContain('href="#slug"');
      expect(badSlug.body).toContain('value="Niet Goed!"');
      const pagePublished = await post(updates(), cookie, { formulier: token, actie: "pagina", slug: "" });
      expect(pagePublished.statusCode, pagePublished.body).toBe(303);
      expect((await get(updates(), cookie)).body).toContain(`href="/datalek/${slug}"`);
    });

    it("shows the phishing trend as a chart with a table, the reports, and publishes and withdraws a warning", async () => {
      const { cookie, token } = await signIn("edda");
      await post(updates(), cookie, { formulier: token, actie: "pagina" });
      const today = new Date().toISOString().slice(0, 10);
      for (const sender of ["+31 6 11111111", "+31 6 11111111"])
        await submitPhishingReport(db, {
          slug,
          language: "nl",
          channel: "sms",
          sender,
          receivedOn: today,
          receivedTime: "",
          text: "Beste Jan, uw rekening is geblokkeerd. Bel ons op 06-12345678.",
        });
      const page = await get(phishing(), cookie);
      expect(page.statusCode, page.body).toBe(200);
      expect(page.body).toMatch(/<svg class="lw-trend-chart" role="img" aria-labelledby="trend-label"/);
      expect(page.body).toContain(`<title>${today}: 2</title>`);
      expect(page.body).toMatch(new RegExp(`data-label="Datum">${today}</td><td[^>]*>2</td>`));
      // The reporter's own data was scrubbed when the report came in.
      expect(page.body).not.toContain("Beste Jan");
      expect(page.body).not.toContain("06-12345678");

      const blocked = await post(phishing(), cookie, {
        formulier: token,
        actie: "waarschuwen",
        "tekst-nl": LONG_SENTENCE,
      });
      expect(blocked.statusCode).toBe(400);
      expect(blocked.body).toContain('href="#tekst-nl"');
      expect(blocked.body).toContain(`${LONG_SENTENCE}</textarea>`);
      const warned = await post(phishing(), cookie, {
        formulier: token,
        actie: "waarschuwen",
        "tekst-nl": "Wij sturen nooit een sms over uw rekening. Klik niet op links.",
      });
      expect(warned.statusCode, warned.body).toBe(303);
      const [warning] = await listPhishingWarnings(db, operator(), { breachId });
      expect(warning?.withdrawnAt).toBeNull();
      const withdrawn = await post(phishing(), cookie, {
        formulier: token,
        actie: "intrekken",
        waarschuwing: warning?.id ?? "",
      });
      expect(withdrawn.statusCode).toBe(303);
      expect((await listPhishingWarnings(db, operator(), { breachId }))[0]?.withdrawnAt).not.toBeNull();
    });

    it("shows a reader the pages without forms and refuses their posts", async () => {
      const { cookie, token } = await signIn("kees");
      for (const url of [updates(), phishing()]) {
        const page = await get(url, cookie);
        expect(page.statusCode).toBe(200);
        expect(page.body).not.toContain('name="actie"');
      }
      const before = (await listUpdates(db, operator(), { breachId })).length;
      const save = await post(updates(), cookie, {
        formulier: token,
        actie: "opslaan",
        "titel-nl": "x",
        "tekst-nl": "y",
      });
      expect(save.statusCode).toBe(403);
      const previewed = await post(updates(), cookie, {
        formulier: token,
        actie: "voorbeeld",
        "titel-nl": "x",
        "tekst-nl": "y",
      });
      expect(previewed.statusCode).toBe(403);
      const warn = await post(phishing(), cookie, {
        formulier: token,
        actie: "waarschuwen",
        "tekst-nl": "Let op.",
      });
      expect(warn.statusCode).toBe(403);
      expect((await listUpdates(db, operator(), { breachId })).length).toBe(before);
    });

    it("answers another organisation's breach exactly like an unknown one", async () => {
      const { cookie, token } = await signIn("bert");
      for (const prefix of ["", "/en"])
        for (const page of ["updates", "phishing"]) {
          const theirs = await get(`${prefix}/console/datalek/${breachId}/${page}`, cookie);
          const unknown = await get(`${prefix}/console/datalek/${UNKNOWN}/${page}`, cookie);
          expect(theirs.statusCode).toBe(404);
          expect(theirs.body).toBe(unknown.body);
          const posted = await post(`${prefix}/console/datalek/${breachId}/${page}`, cookie, {
            formulier: token,
            actie: page === "updates" ? "opslaan" : "waarschuwen",
            "titel-nl": "Nieuws",
            "tekst-nl": "Wij weten meer.",
          });
          expect(posted.statusCode).toBe(404);
        }
      expect((await get(`/console/datalek/niet-een-id/updates`, cookie)).statusCode).toBe(404);
      expect(await listPhishingWarnings(db, operator(), { breachId })).toHaveLength(1);
    });
  });
}
