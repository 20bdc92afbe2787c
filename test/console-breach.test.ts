/**
 * The console's breach pages (issue 17, steps 1 and 3), on both engines, through the server's routes with real
 * staff log-ins: registering a breach shows field errors mapped from the facts' problems and keeps what was
 * typed, then stores the breach with its assessment; the overview shows the assessment and the 72-hour
 * countdown from an injected clock; editing the facts changes the assessment, says so, and voids the approval
 * of the breach's campaign; a victim file posted as multipart/form-data is stored, imported by the worker and
 * its error report downloadable; counts show; another organisation's breach answers exactly like an unknown
 * one; a contact-centre agent (read) cannot post.
 */
import { readFileSync } from "node:fs";
import { Writable } from "node:stream";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SAMPLE_ORGANISATION, SAMPLE_TEXTS } from "../src/messages/index.ts";
import { operatorActor } from "../src/operations/actor.ts";
import { createBreach } from "../src/operations/breaches.ts";
import {
  actOnCampaign,
  approvalPreview,
  checkCampaign,
  createCampaign,
  getCampaign,
} from "../src/operations/campaigns.ts";
import { type ImportWorker, listImports, startImportWorker } from "../src/operations/index.ts";
import { setProfile } from "../src/operations/sender-profile.ts";
import { apiKeys, breaches, organisations } from "../src/store/index.ts";
import { engineCases, openTestDatabase, type TestDatabase } from "../src/store/testing.ts";
import { buildServer, createRequestLogger } from "../src/web/index.ts";
import { staffPeople } from "./support/staff.ts";

const FORM = { "content-type": "application/x-www-form-urlencoded" };
const UNKNOWN = "00000000-0000-4000-8000-000000000000";
const TELECOM = JSON.parse(
  readFileSync(new URL("../examples/telecom-crm-theft.json", import.meta.url), "utf8"),
).facts as Record<string, unknown>;
const HOUR = 3_600_000;

/** The form's fields as the page shows them: inputs with their values, checked boxes, selected options, text. */
function formFields(page: string): [string, string][] {
  const form = /<form class="utrecht-form" id="feiten"[\s\S]*?<\/form>/.exec(page)?.[0] ?? "";
  const decode = (s: string) =>
    s
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&amp;/g, "&");
  const fields: [string, string][] = [];
  for (const [, attrs = ""] of form.matchAll(/<input([^>]*)>/g)) {
    const name = /name="([^"]*)"/.exec(attrs)?.[1];
    const type = /type="([^"]*)"/.exec(attrs)?.[1];
    const value = decode(/value="([^"]*)"/.exec(attrs)?.[1] ?? "");
    if (!name) continue;
    if ((type === "checkbox" || type === "radio") && !/\schecked/.test(attrs)) continue;
    fields.push([name, value]);
  }
  for (const [, name = "", options = ""] of form.matchAll(
    /<select[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g,
  ))
    fields.push([name, decode(/<option value="([^"]*)" selected>/.exec(options)?.[1] ?? "")]);
  for (const [, name = "", text = ""] of form.matchAll(
    /<textarea[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/textarea>/g,
  ))
    fields.push([name, decode(text)]);
  return fields;
}

/** A multipart/form-data body with the form token first and the file after it, as a browser sends it. */
function multipart(token: string, file: string, name = "slachtoffers.csv") {
  const boundary = "----lekwijzer-test-grens";
  const payload = [
    `--${boundary}\r\nContent-Disposition: form-data; name="formulier"\r\n\r\n${token}\r\n`,
    `--${boundary}\r\nContent-Disposition: form-data; name="bestand"; filename="${name}"\r\nContent-Type: text/csv\r\n\r\n`,
    file,
    `\r\n--${boundary}--\r\n`,
  ].join("");
  return { payload, contentType: `multipart/form-data; boundary=${boundary}` };
}

async function until<T>(fn: () => Promise<T | undefined>, ms = 20_000): Promise<NonNullable<T>> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await fn();
    if (value !== undefined && value !== null) return value;
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 50));
  }
}

for (const engine of engineCases()) {
  describe(`console breach pages on ${engine}`, () => {
    let db: TestDatabase;
    const staff = staffPeople(() => db, `breach-${engine}`);
    const person = staff.add;
    const signIn = staff.signIn;
    let app: FastifyInstance;
    let worker: ImportWorker;
    let orgA = "";
    let orgB = "";
    // The console's clock: every session and page reads it, so the countdown is exact.
    const clock = new Date();
    const keys: Record<string, string> = {};
    const ctx = () => ({ db: db.db, keys: db.keys, publicUrl: "http://127.0.0.1" });

    /** A signed-in session of the person and its form token; the console's clock is set to the log-in. */

    const get = (url: string, cookie: string) => app.inject({ url, headers: { cookie } });
    const post = (url: string, cookie: string, fields: [string, string][] | Record<string, string>) =>
      app.inject({
        method: "POST",
        url,
        headers: { cookie, ...FORM },
        payload: new URLSearchParams(fields).toString(),
      });

    beforeAll(async () => {
      db = await openTestDatabase(engine);
      orgA = (await organisations.create(db.db, { slug: `cb-a-${engine}`, name: "Organisatie A" })).id;
      orgB = (await organisations.create(db.db, { slug: `cb-b-${engine}`, name: "Organisatie B" })).id;
      await setProfile(ctx(), operatorActor("os:test", orgA), {
        profile: { ...SAMPLE_ORGANISATION, dkim: { signer: "relay" } },
      });
      for (const [name, organisationId, scope] of [
        ["a-write", orgA, "write"],
        ["a-read", orgA, "read"],
        ["b-write", orgB, "write"],
      ] as const) {
        const { secret } = await apiKeys.create(db.db, {
          organisationId,
          scope,
          holder: name,
          label: "test",
          createdBy: "test",
        });
        keys[name] = secret;
      }
      await person("eva", orgA, ["editor"]);
      await person("anna", orgA, ["approver"]);
      await person("kees", orgA, ["contact-centre"]);
      await person("bert", orgB, ["editor", "organisation-admin"]);
      app = await buildServer({
        logger: createRequestLogger("silent", new Writable({ write: (_c, _e, done) => done() })),
        publicUrl: "http://127.0.0.1",
        ping: async () => {},
        authenticate: (secret) => apiKeys.authenticate(db.db, secret),
        store: { db: db.db, keys: db.keys },
        console: { now: () => clock },
        // UPLOAD_MAX_BYTES holds for the console's upload as for the API's.
        uploadBytes: 16 * 1024,
      });
      await app.ready();
      worker = startImportWorker({ db: db.db, keys: db.keys }, { pollMs: 50 });
    }, 120_000);
    afterAll(async () => {
      await app?.close();
      await worker?.stop();
      await db?.close();
    });

    it("registers a breach: field errors from the facts' problems, typed values kept, then stored", async () => {
      const { cookie, token } = await signIn("eva");
      const home = await get("/console", cookie);
      expect(home.body).toContain('href="/console/datalek/nieuw"');
      const form = await get("/console/datalek/nieuw", cookie);
      expect(form.statusCode).toBe(200);
      const typed: [string, string][] = [
        ["formulier", token],
        ["titel", "Laptop <met> klantbestand gestolen"],
        ["organisatie", "Organisatie A"],
        ["bewust-datum", "2026-12-03"],
        ["bewust-tijd", "09:30"],
        ["bewust-zone", "+01:00"],
        ["aantal-mensen", "veel"],
        ["rijen", "5"],
        ["gegevens-0-categorie", "name"],
        ["gegevens-1-categorie", "iban"],
        ["gegevens-1-aantal", "1.200"],
      ];
      const refused = await post("/console/datalek/nieuw", cookie, typed);
      expect(refused.statusCode).toBe(400);
      for (const field of ["aard-confidentiality", "kwaadwillig-ja", "aantal-mensen"])
        expect(refused.body).toContain(`href="#${field}"`);
      expect(refused.body).toContain('value="Laptop &lt;met&gt; klantbestand gestolen"');
      expect(refused.body).toContain('value="2026-12-03"');
      expect(refused.body).toContain('value="veel"');
      expect(refused.body).toContain('<option value="iban" selected>');
      expect(refused.body).toContain('value="1.200"');
      // More rows: the same form again, five rows longer, nothing lost.
      const more = await post("/console/datalek/nieuw", cookie, [...typed, ["actie", "meer-rijen"]]);
      expect(more.statusCode).toBe(200);
      expect(more.body).toContain('name="rijen" value="10"');
      expect(more.body).toContain('id="gegevens-9-categorie"');
      expect(more.body).toContain('<option value="iban" selected>');
      const fixed = typed.map(([k, v]): [string, string] => [k, k === "aantal-mensen" ? "1200" : v]);
      const done = await post("/console/datalek/nieuw", cookie, [
        ...fixed,
        ["aard", "confidentiality"],
        ["kwaadwillig", "ja"],
      ]);
      expect(done.statusCode, done.body).toBe(303);
      const id = /\/console\/datalek\/([0-9a-f-]{36})\?geregistreerd$/.exec(
        String(done.headers.location),
      )?.[1];
      const stored = await breaches.get(db.db, orgA, id ?? "");
      expect(stored?.title).toBe("Laptop <met> klantbestand gestolen");
      expect(stored?.facts).toMatchObject({
        awareAt: "2026-12-03T09:30:00+01:00",
        subjects: { count: 1200 },
        data: [{ category: "name" }, { category: "iban", subjects: 1200 }],
      });
      expect(stored?.assessment).toMatchObject({ risk: expect.any(String) });
      const audit = await db.db
        .selectFrom("audit_log")
        .select("actor")
        .where("subject", "=", id ?? "")
        .where("action", "=", "breach.created")
        .execute();
      expect(audit.map((a) => a.actor)).toEqual([`staff:${staff.account("eva").id}`]);
    });

    it("shows the assessment and the 72-hour countdown from the console's clock", async () => {
      const { cookie } = await signIn("kees");
      const awareAt = new Date(clock.getTime() - (30 * HOUR + 48 * 60_000));
      const late = new Date(clock.getTime() - 75 * HOUR);
      const iso = (d: Date) => d.toISOString().replace(/\.000Z$/, "+00:00");
      const actor = operatorActor("os:test", orgA);
      const open = await createBreach(ctx(), actor, { facts: { ...TELECOM, awareAt: iso(awareAt) } });
      const past = await createBreach(ctx(), actor, { facts: { ...TELECOM, awareAt: iso(late) } });
      const page = await get(`/console/datalek/${open.id}`, cookie);
      expect(page.statusCode).toBe(200);
      const deadline = new Date(awareAt.getTime() + 72 * HOUR).toISOString();
      expect(page.body).toMatch(
        new RegExp(
          `<time datetime="${deadline}">Nog 41 uur en 12 minuten, tot \\d{1,2} \\w+ \\d{4} \\d{2}:\\d{2}</time>`,
        ),
      );
      expect(page.body).toContain("Hoog risico");
      expect(page.body).toContain("zeer hoog");
      expect(page.body).toContain("Melden bij de Autoriteit Persoonsgegevens (art. 33)");
      expect(page.body).toContain("Ja, verplicht");
      expect(page.body).toContain("burgerservicenummer");
      expect(page.body).toContain(`/console/datalek/${open.id}/slachtoffers`);
      expect(page.body).toContain(`/console/datalek/${open.id}/bewijs.pdf`);
      expect(page.body).toContain(`/console/datalek/${open.id}/melding`);
      expect(page.body).toContain(`/console/datalek/${open.id}/updates`);
      expect(page.body).not.toContain(`/console/datalek/${open.id}/berichten`);
      // An agent reads, but does not get the edit link.
      expect(page.body).not.toContain(`/console/datalek/${open.id}/feiten`);
      expect((await get(`/console/datalek/${past.id}`, cookie)).body).toContain(
        "De termijn is 3 uur voorbij",
      );
      const english = await get(`/en/console/datalek/${open.id}`, cookie);
      expect(english.body).toContain("41 hours and 12 minutes left, until");
      expect(english.body).toContain("High risk");
      expect(english.body).toContain("citizen service number (bsn)");
    });

    it("edits the facts: the assessment changes, the page says so, the campaign's approval is void", async () => {
      const editor = staff.actor("eva");
      const approver = staff.actor("anna");
      const breach = await createBreach(ctx(), editor, { facts: TELECOM });
      const campaign = await createCampaign(ctx(), editor, {
        breachId: breach.id,
        kind: "first-notice",
        setup: { texts: SAMPLE_TEXTS },
      });
      await checkCampaign(ctx(), editor, { campaignId: campaign.id });
      const shown = await approvalPreview(ctx(), approver, { campaignId: campaign.id });
      await actOnCampaign(ctx(), approver, {
        campaignId: campaign.id,
        step: "approve",
        expectedDigest: shown.digest,
      });
      const { cookie } = await signIn("eva");
      const overview = await get(`/console/datalek/${breach.id}`, cookie);
      expect(overview.body).toContain(`/console/datalek/${breach.id}/feiten`);
      expect(overview.body).toContain(`/console/campagne/${campaign.id}`);
      const edit = await get(`/console/datalek/${breach.id}/feiten`, cookie);
      expect(edit.statusCode).toBe(200);
      const fields = formFields(edit.body);
      expect(fields).toContainEqual(["bewust-datum", "2026-02-10"]);
      expect(fields).toContainEqual(["gegevens-7-categorie", "id-document-number"]);
      expect(fields).toContainEqual(["gegevens-7-aantal", "1100000"]);
      // All of it was strongly encrypted with a key that is safe: no longer a high risk.
      const saved = await post(`/console/datalek/${breach.id}/feiten`, cookie, [
        ...fields,
        ["versleuteld", "ja"],
      ]);
      expect(saved.statusCode, saved.body).toBe(303);
      expect(saved.headers.location).toBe(`/console/datalek/${breach.id}?opgeslagen&voor=high&vervallen=1`);
      const after = await get(String(saved.headers.location), cookie);
      expect(after.body).toContain("Het risico is veranderd");
      expect(after.body).toMatch(/Hoog risico → (Waarschijnlijk geen risico|Risico)</);
      const stored = await breaches.get(db.db, orgA, breach.id);
      expect(stored?.assessment?.risk).not.toBe("high");
      expect(stored?.facts).toMatchObject({
        protection: { encrypted: true },
        awareAt: "2026-02-10T14:00:00+01:00",
      });
      expect((await getCampaign(ctx(), approver, { campaignId: campaign.id })).status).toBe("draft");
      const voided = await db.db
        .selectFrom("audit_log")
        .select(["actor", "details"])
        .where("subject", "=", campaign.id)
        .where("action", "=", "campaign.approval-voided")
        .execute();
      expect(voided).toHaveLength(1);
      expect(voided[0]?.actor).toBe(`staff:${staff.account("eva").id}`);
      expect(JSON.stringify(voided[0]?.details)).toContain('"changed":["breach"]');
      // A field error on the edit form keeps the rest as typed.
      const wrong = fields.map(([k, v]): [string, string] => [k, k === "bewust-datum" ? "10-02-2026" : v]);
      const refused = await post(`/console/datalek/${breach.id}/feiten`, cookie, wrong);
      expect(refused.statusCode).toBe(400);
      expect(refused.body).toContain('href="#bewust-datum"');
      expect(refused.body).toContain('value="10-02-2026"');
      expect(refused.body).toContain('value="Klantgegevens gestolen uit klantsysteem"');
    });

    it("replaces the facts through the API (PUT /breaches/{id}/facts): new assessment, approvals void", async () => {
      const editor = operatorActor("os:editor", orgA);
      const approver = operatorActor("os:approver", orgA);
      const breach = await createBreach(ctx(), editor, { facts: TELECOM });
      const campaign = await createCampaign(ctx(), editor, {
        breachId: breach.id,
        kind: "first-notice",
        setup: { texts: SAMPLE_TEXTS },
      });
      await checkCampaign(ctx(), editor, { campaignId: campaign.id });
      const shown = await approvalPreview(ctx(), approver, { campaignId: campaign.id });
      await actOnCampaign(ctx(), approver, {
        campaignId: campaign.id,
        step: "approve",
        expectedDigest: shown.digest,
      });
      const put = (key: string, facts: unknown, id = breach.id) =>
        app.inject({
          method: "PUT",
          url: `/api/v1/breaches/${id}/facts`,
          headers: { authorization: `Bearer ${keys[key]}` },
          payload: { facts },
        });
      const facts = { ...TELECOM, protection: { encrypted: true } };
      expect((await put("a-read", facts)).statusCode).toBe(403);
      expect((await put("b-write", facts)).statusCode).toBe(404);
      const bad = await put("a-write", { ...facts, nature: [] });
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toContain("body.facts.nature");
      expect((await getCampaign(ctx(), approver, { campaignId: campaign.id })).status).toBe("approved");
      const done = await put("a-write", facts);
      expect(done.statusCode, done.body).toBe(200);
      const answer = done.json();
      expect(answer).toMatchObject({ changed: true, riskBefore: "high", voidedCampaigns: [campaign.id] });
      expect(answer.breach.assessment.risk).not.toBe("high");
      expect((await getCampaign(ctx(), approver, { campaignId: campaign.id })).status).toBe("draft");
      const again = (await put("a-write", facts)).json();
      expect(again).toMatchObject({ changed: false, voidedCampaigns: [] });
    });

    it("imports a victim file posted as a form: the worker finishes it, the report and the counts show", async () => {
      const breach = await createBreach(ctx(), operatorActor("os:test", orgA), { facts: TELECOM });
      const { cookie, token } = await signIn("eva");
      const csv = [
        "external_id,email,phone,categories,segment,flags",
        "K-1,een@example.org,,email|name,klant,",
        "K-2,,06 1234 5678,name,klant,minor",
        "K-3,drie@example.org,,emial,oud-klant,",
      ].join("\n");
      const { payload, contentType } = multipart(token, csv);
      const posted = await app.inject({
        method: "POST",
        url: `/console/datalek/${breach.id}/slachtoffers`,
        headers: { cookie, "content-type": contentType },
        payload,
      });
      expect(posted.statusCode, posted.body).toBe(303);
      expect(posted.headers.location).toBe(`/console/datalek/${breach.id}/slachtoffers?ontvangen`);
      const page = await until(async () => {
        const shown = await get(`/console/datalek/${breach.id}/slachtoffers`, cookie);
        return shown.body.includes(">klaar<") ? shown.body : undefined;
      });
      expect(page).toContain("2 nieuw");
      expect(page).toContain("1 afgewezen");
      expect(page).toContain(">Vernieuwen<");
      const report = /href="(\/console\/datalek\/[^"]+\/rapport)"/.exec(page)?.[1] ?? "";
      const csvReport = await get(report, cookie);
      expect(csvReport.statusCode).toBe(200);
      expect(csvReport.headers["content-type"]).toContain("text/csv");
      expect(csvReport.body).toContain("category-unknown");
      expect(csvReport.body).not.toContain("drie@example.org");
      // Counts, from the stored columns: two people, by category, flag, segment and channel.
      expect(page).toMatch(/Totaal: 2/);
      expect(page).toMatch(/Kind \(jonger dan 18\)<\/th><td[^>]*>1</);
      expect(page).toMatch(/E-mailadres bekend<\/th><td[^>]*>1</);
      expect(page).toMatch(/Telefoonnummer bekend<\/th><td[^>]*>1</);
      expect(page).toMatch(/klant<\/th><td[^>]*>2</);
      expect(page).not.toContain("een@example.org");
      // An upload without a file is refused at the field, nothing started.
      const empty = multipart(token, "");
      const none = await app.inject({
        method: "POST",
        url: `/console/datalek/${breach.id}/slachtoffers`,
        headers: { cookie, "content-type": empty.contentType },
        payload: empty.payload,
      });
      expect(none.statusCode).toBe(400);
      expect(none.body).toContain('href="#bestand"');
      // Without the session's form token nothing is read or stored.
      const forged = multipart("vals", csv);
      const refused = await app.inject({
        method: "POST",
        url: `/console/datalek/${breach.id}/slachtoffers`,
        headers: { cookie, "content-type": forged.contentType },
        payload: forged.payload,
      });
      expect(refused.statusCode).toBe(403);
    });

    it("refuses a victim file above UPLOAD_MAX_BYTES with the reason on the page, storing nothing", async () => {
      const breach = await createBreach(ctx(), operatorActor("os:test", orgA), { facts: TELECOM });
      const { cookie, token } = await signIn("eva");
      const rows = Array.from({ length: 3_000 }, (_, i) => `G-${i},groot${i}@example.org,,name,,`);
      const { payload, contentType } = multipart(
        token,
        ["external_id,email,phone,categories,segment,flags", ...rows].join("\n"),
      );
      const posted = await app.inject({
        method: "POST",
        url: `/console/datalek/${breach.id}/slachtoffers`,
        headers: { cookie, "content-type": contentType },
        payload,
      });
      expect(posted.statusCode).toBe(413);
      expect(posted.body).toContain("Het bestand is te groot.");
      expect(await listImports(ctx(), operatorActor("os:test", orgA), { breachId: breach.id })).toEqual([]);
    });

    it("answers another organisation's breach exactly like an unknown one", async () => {
      const breach = await createBreach(ctx(), operatorActor("os:test", orgA), { facts: TELECOM });
      const { cookie, token } = await signIn("bert");
      for (const prefix of ["", "/en"]) {
        for (const suffix of ["", "/feiten", "/slachtoffers", `/slachtoffers/${UNKNOWN}/rapport`]) {
          const theirs = await get(`${prefix}/console/datalek/${breach.id}${suffix}`, cookie);
          const unknown = await get(`${prefix}/console/datalek/${UNKNOWN}${suffix}`, cookie);
          expect(theirs.statusCode, `${prefix} ${suffix}`).toBe(404);
          expect(theirs.body).toBe(unknown.body);
        }
        const fields = { formulier: token, titel: "Overgenomen", "bewust-datum": "2026-12-01" };
        const posted = await post(`${prefix}/console/datalek/${breach.id}/feiten`, cookie, fields);
        const postedUnknown = await post(`${prefix}/console/datalek/${UNKNOWN}/feiten`, cookie, fields);
        expect(posted.statusCode).toBe(404);
        expect(posted.body).toBe(postedUnknown.body);
        const upload = multipart(token, "external_id,email\nX-1,x@example.org\n");
        const uploaded = await app.inject({
          method: "POST",
          url: `${prefix}/console/datalek/${breach.id}/slachtoffers`,
          headers: { cookie, "content-type": upload.contentType },
          payload: upload.payload,
        });
        expect(uploaded.statusCode).toBe(404);
      }
      expect((await breaches.get(db.db, orgA, breach.id))?.title).toBe(TELECOM.title);
      const jobs = await db.db
        .selectFrom("imports")
        .select("id")
        .where("breach_id", "=", breach.id)
        .execute();
      expect(jobs).toEqual([]);
    });

    it("refuses a contact-centre agent's posts (read only)", async () => {
      const breach = await createBreach(ctx(), operatorActor("os:test", orgA), { facts: TELECOM });
      const { cookie, token } = await signIn("kees");
      expect((await get("/console/datalek/nieuw", cookie)).statusCode).toBe(403);
      expect((await get("/console", cookie)).body).not.toContain('href="/console/datalek/nieuw"');
      const created = await post("/console/datalek/nieuw", cookie, { formulier: token, titel: "Niet" });
      expect(created.statusCode).toBe(403);
      const edited = await post(`/console/datalek/${breach.id}/feiten`, cookie, {
        formulier: token,
        titel: "Niet",
      });
      expect(edited.statusCode).toBe(403);
      const upload = multipart(token, "external_id,email\nX-1,x@example.org\n");
      const uploaded = await app.inject({
        method: "POST",
        url: `/console/datalek/${breach.id}/slachtoffers`,
        headers: { cookie, "content-type": upload.contentType },
        payload: upload.payload,
      });
      expect(uploaded.statusCode).toBe(403);
      const page = await get(`/console/datalek/${breach.id}/slachtoffers`, cookie);
      expect(page.statusCode).toBe(200);
      expect(page.body).not.toContain('type="file"');
      expect((await breaches.get(db.db, orgA, breach.id))?.title).toBe(TELECOM.title);
    });
  });
}
