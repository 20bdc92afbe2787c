/**
 * Regulator notices and oversight through the server on both engines: over the API a notice is listed with its
 * prefill, refused with field paths, refused late without reasons, taken with them, and exported as JSON and a
 * tagged PDF whose text holds the sections; in the console an editor sees the form filled in from the breach,
 * gets field errors with everything typed kept, submits, records the NIS2 clock and a controller notice, and
 * downloads the PDFs (the controller notice's too, which another organisation cannot, by console or API); a regulator sees the notices of two organisations, filters them by a GET query, sees the
 * alert for a high-risk breach past the configured hours (and not for one before them) and opens a breach;
 * an organisation's staff cannot open the oversight pages, and another organisation's breach answers 404.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { Writable } from "node:stream";
import type { FastifyInstance } from "fastify";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { operatorActor } from "../src/operations/actor.ts";
import { createBreach } from "../src/operations/breaches.ts";
import { addControllerNotice } from "../src/operations/regulator-notices.ts";
import { apiKeys, organisations } from "../src/store/index.ts";
import { engineCases, openTestDatabase, type TestDatabase } from "../src/store/testing.ts";
import { buildServer, createRequestLogger } from "../src/web/index.ts";
import { staffPeople } from "./support/staff.ts";

const FORM = { "content-type": "application/x-www-form-urlencoded" };
const FACTS = JSON.parse(
  readFileSync(resolve(import.meta.dirname, "../examples/telecom-crm-theft.json"), "utf8"),
).facts;
const fontsDir = `${join(createRequire(import.meta.url).resolve("pdfjs-dist/package.json"), "..", "standard_fonts")}/`;
const HOUR = 3_600_000;
/** A timestamp with offset as the breach facts take it, `hours` before now. */
const hoursAgo = (hours: number) => `${new Date(Date.now() - hours * HOUR).toISOString().slice(0, 19)}+00:00`;

async function pdfText(bytes: Buffer): Promise<string> {
  const doc = await getDocument({ data: new Uint8Array(bytes), standardFontDataUrl: fontsDir }).promise;
  const parts: string[] = [];
  for (let n = 1; n <= doc.numPages; n++)
    parts.push(
      (await (await doc.getPage(n)).getTextContent()).items.map((i) => ("str" in i ? i.str : "")).join(" "),
    );
  return parts.join("\n");
}

/** The form's fields as the page shows them, ready to post back (checkboxes and radios only when checked). */
function formFields(page: string, part: string): URLSearchParams {
  const form = new RegExp(
    `<form[^>]*>(?:(?!</form>)[\\s\\S])*?name="onderdeel" value="${part}"[\\s\\S]*?</form>`,
  ).exec(page)?.[0];
  if (!form) throw new Error(`no ${part} form on the page`);
  const fields = new URLSearchParams();
  const decode = (v: string) =>
    v
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&amp;/g, "&");
  for (const m of form.matchAll(/<input ([^>]*)>/g)) {
    const attrs = m[1] ?? "";
    const name = /name="([^"]+)"/.exec(attrs)?.[1];
    const value = decode(/value="([^"]*)"/.exec(attrs)?.[1] ?? "");
    const type = /type="([^"]+)"/.exec(attrs)?.[1];
    if (!name) continue;
    if ((type === "checkbox" || type === "radio") && !/ checked/.test(attrs)) continue;
    fields.append(name, value);
  }
  for (const m of form.matchAll(/<textarea [^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/textarea>/g))
    fields.append(m[1] ?? "", decode(m[2] ?? ""));
  return fields;
}

for (const engine of engineCases()) {
  describe(`regulator notices through the server on ${engine}`, () => {
    let db: TestDatabase;
    const staff = staffPeople(() => db, `${engine}`);
    const person = staff.add;
    const signIn = staff.signIn;
    let app: FastifyInstance;
    let orgA = "";
    let orgB = "";
    let breachA = "";
    let breachB = "";
    let writeKey = "";

    const get = (url: string, cookie: string) => app.inject({ url, headers: { cookie } });
    const post = (url: string, cookie: string, fields: URLSearchParams) =>
      app.inject({ method: "POST", url, headers: { cookie, ...FORM }, payload: fields.toString() });
    const api = (method: "GET" | "POST", url: string, body?: unknown) =>
      app.inject({
        method,
        url: `/api/v1${url}`,
        headers: { authorization: `Bearer ${writeKey}` },
        ...(body ? { payload: body as Record<string, unknown> } : {}),
      });

    beforeAll(async () => {
      db = await openTestDatabase(engine);
      orgA = (await organisations.create(db.db, { slug: `rn-web-a-${engine}`, name: "Voorbeeld Telecom BV" }))
        .id;
      orgB = (await organisations.create(db.db, { slug: `rn-web-b-${engine}`, name: "Gemeente Voorbeeld" }))
        .id;
      breachA = (await createBreach(db, operatorActor("os:a", orgA), { facts: FACTS })).id;
      breachB = (await createBreach(db, operatorActor("os:b", orgB), { facts: FACTS })).id;
      writeKey = (
        await apiKeys.create(db.db, {
          organisationId: orgB,
          scope: "write",
          holder: "FG",
          label: "t",
          createdBy: "t",
        })
      ).secret;
      await person("eva", orgA, ["editor"]);
      await person("rita", null, ["regulator"]);
      await person("otto", orgB, ["organisation-admin"]);
      app = await buildServer({
        logger: createRequestLogger("silent", new Writable({ write: (_c, _e, done) => done() })),
        publicUrl: "http://127.0.0.1",
        ping: async () => {},
        authenticate: (secret) => apiKeys.authenticate(db.db, secret),
        store: { db: db.db, keys: db.keys },
        console: { oversightAlertHours: 2 },
      });
      await app.ready();
    }, 120_000);
    afterAll(async () => {
      await app?.close();
      await db?.close();
    });

    it("takes a notice over the API with field paths and delay reasons, and exports it as JSON and PDF", async () => {
      const space = await api("GET", `/breaches/${breachB}/regulator-notices`);
      expect(space.statusCode).toBe(200);
      const { prefill } = space.json() as { prefill: Record<string, Record<string, unknown>> };
      const sections = {
        ...prefill,
        contacts: { name: "Otto", email: "fg@gemeente.example", phone: "+31 20 123 4567" },
        timeline: { ...prefill.timeline, discovery: "Melding van een inwoner." },
        breach: { ...prefill.breach, summary: "Bestand gekopieerd.", cause: "hacking" },
        consequences: { ...prefill.consequences, description: "Oplichting." },
        followUp: { ...prefill.followUp, measures: "Toegang afgesloten." },
      };
      const bad = await api("POST", `/breaches/${breachB}/regulator-notices`, {
        phase: "initial",
        sections: { ...sections, contacts: { ...sections.contacts, email: "x" } },
      });
      expect(bad.statusCode).toBe(400);
      const paths = (bad.json() as { problems: { path: string }[] }).problems.map((e) => e.path).sort();
      expect(paths).toEqual(["body.delayReasons", "body.sections.contacts.email"]);
      const ok = await api("POST", `/breaches/${breachB}/regulator-notices`, {
        phase: "initial",
        sections,
        delayReasons: "Eerst moest de omvang duidelijk zijn.",
      });
      expect(ok.statusCode).toBe(201);
      expect(ok.json()).toMatchObject({ number: 1, phase: "initial", late: true });
      const json = await api("GET", `/breaches/${breachB}/regulator-notices/1`);
      expect(json.json()).toMatchObject({ format: "lekwijzer-regulator-notice/1", notice: { number: 1 } });
      const pdf = await api("GET", `/breaches/${breachB}/regulator-notices/1/pdf?lang=en`);
      expect(pdf.headers["content-type"]).toBe("application/pdf");
      const text = await pdfText(pdf.rawPayload);
      for (const heading of ["About the notice", "Data subjects", "Consequences", "Reasons for the delay"])
        expect(text).toContain(heading);
      expect(pdf.rawPayload.toString("latin1")).toContain("/StructTreeRoot");
      expect((await api("GET", `/breaches/${breachA}/regulator-notices/1`)).statusCode).toBe(404);
      expect((await api("GET", `/breaches/${breachB}/regulator-notices/9`)).statusCode).toBe(404);
      const controller = await addControllerNotice(db, operatorActor("os:b", orgB), {
        breachId: breachB,
        controllerName: "Stichting Voorbeeld",
        controllerContact: "fg@stichting.example",
        decide: "Of u de deelnemers zelf informeert.",
      });
      const controllerPdf = await api(
        "GET",
        `/breaches/${breachB}/controller-notices/${controller.id}/pdf?lang=en`,
      );
      expect(controllerPdf.headers["content-type"]).toBe("application/pdf");
      const controllerText = await pdfText(controllerPdf.rawPayload);
      for (const text of [
        "What you must decide",
        "Stichting Voorbeeld",
        "Of u de deelnemers zelf informeert.",
      ])
        expect(controllerText).toContain(text);
    });

    it("shows the form filled in, keeps what was typed on errors, and takes the notice in the console", async () => {
      const eva = await signIn("eva");
      const url = `/console/datalek/${breachA}/melding`;
      const page = await get(url, eva.cookie);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('value="Voorbeeld Telecom BV"');
      expect(page.body).toContain(
        'id="personalData-categories-iban" name="personalData.categories" value="iban" checked',
      );
      const fields = formFields(page.body, "melding");
      fields.set("contacts.name", "Eva de Wit");
      fields.set("contacts.email", "geen-adres");
      fields.set("contacts.phone", "+31 20 765 4321");
      fields.set("timeline.discovery", "Journalist belde.");
      fields.set("breach.summary", "Klantsysteem gekopieerd & te koop <aangeboden>.");
      fields.set("consequences.description", "Oplichting.");
      fields.set("followUp.measures", "Toegang dicht.");
      const refused = await post(url, eva.cookie, fields);
      expect(refused.statusCode).toBe(400);
      expect(refused.body).toContain('href="#contacts-email"');
      expect(refused.body).toContain('href="#delayReasons"');
      expect(refused.body).toContain('value="geen-adres"');
      expect(refused.body).toContain("Klantsysteem gekopieerd &amp; te koop &lt;aangeboden&gt;.");
      const again = formFields(refused.body, "melding");
      again.set("contacts.email", "eva@voorbeeld.nl");
      again.set("delayReasons", "Het onderzoek duurde langer.");
      const saved = await post(url, eva.cookie, again);
      expect(saved.statusCode).toBe(303);
      expect(saved.headers.location).toBe(`${url}?opgeslagen`);
      const after = await get(`${url}?opgeslagen`, eva.cookie);
      expect(after.body).toContain("De melding is opgeslagen.");
      expect(after.body).toContain(`${url}/1/pdf`);
      const nis2 = formFields(after.body, "nis2");
      nis2.set("nis2.applies", "ja");
      nis2.set("nis2.early-warning", "gisteren");
      const badTime = await post(url, eva.cookie, nis2);
      expect(badTime.statusCode).toBe(400);
      expect(badTime.body).toContain('href="#nis2-early-warning"');
      nis2.set("nis2.early-warning", hoursAgo(1));
      expect((await post(url, eva.cookie, nis2)).statusCode).toBe(303);
      const controller = formFields(after.body, "verwerker");
      controller.set("controllerName", "Gemeente Voorbeeld");
      controller.set("controllerContact", "privacy@gemeente.example");
      controller.set("decide", "Of u de inwoners zelf informeert.");
      expect((await post(url, eva.cookie, controller)).statusCode).toBe(303);
      const listed = (await get(`${url}?vastgelegd`, eva.cookie)).body;
      const link = new RegExp(`${url}/verantwoordelijke/([0-9a-f-]{36})/pdf`).exec(listed);
      expect(link).not.toBeNull();
      const noticeId = link?.[1] ?? "";
      const controllerPdf = await get(`${url}/verantwoordelijke/${noticeId}/pdf`, eva.cookie);
      expect(controllerPdf.headers["content-type"]).toBe("application/pdf");
      const controllerText = await pdfText(controllerPdf.rawPayload);
      for (const text of ["Gemeente Voorbeeld", "Of u de inwoners zelf informeert.", "Wat u moet beslissen"])
        expect(controllerText).toContain(text);
      const controllerJson = await get(`${url}/verantwoordelijke/${noticeId}/json`, eva.cookie);
      expect(JSON.parse(controllerJson.body)).toMatchObject({ format: "lekwijzer-controller-notice/1" });
      // Another organisation gets neither through the console nor through its API key.
      const otto = await signIn("otto");
      expect((await get(`${url}/verantwoordelijke/${noticeId}/pdf`, otto.cookie)).statusCode).toBe(404);
      expect(
        (await get(`/console/datalek/${breachB}/melding/verantwoordelijke/${noticeId}/pdf`, otto.cookie))
          .statusCode,
      ).toBe(404);
      expect((await api("GET", `/breaches/${breachA}/controller-notices/${noticeId}/pdf`)).statusCode).toBe(
        404,
      );
      const pdf = await get(`${url}/1/pdf`, eva.cookie);
      expect(pdf.headers["content-type"]).toBe("application/pdf");
      const text = await pdfText(pdf.rawPayload);
      expect(text).toContain("Cyberbeveiligingswet");
      expect(text).toContain("Eva de Wit");
      const json = await get(`${url}/1/json`, eva.cookie);
      expect(JSON.parse(json.body)).toMatchObject({ notice: { phase: "initial", late: true } });
      // Another organisation's breach answers like an unknown one.
      expect((await get(`/console/datalek/${breachB}/melding`, eva.cookie)).statusCode).toBe(404);
    });

    it("lets the regulator see both organisations' notices, filter them and open a breach; staff cannot", async () => {
      const rita = await signIn("rita");
      const all = await get("/console/toezicht", rita.cookie);
      expect(all.statusCode).toBe(200);
      expect(all.body).toContain("Voorbeeld Telecom BV");
      expect(all.body).toContain("Gemeente Voorbeeld");
      const filtered = await get(
        `/console/toezicht?organisatie=${orgB}&fase=initial&te-laat=ja`,
        rita.cookie,
      );
      const onlyB = { body: filtered.body.slice(filtered.body.indexOf('id="meldingen"')) };
      expect(onlyB.body).toContain(`/console/toezicht/datalek/${breachB}`);
      expect(onlyB.body).not.toContain(`/console/toezicht/datalek/${breachA}`);
      const breach = await get(`/en/console/toezicht/datalek/${breachA}`, rita.cookie);
      expect(breach.statusCode).toBe(200);
      expect(breach.body).toContain("Timeline");
      expect(breach.body).toContain("Het onderzoek duurde langer.");
      for (const who of ["eva", "otto"]) {
        const staff = await signIn(who);
        expect((await get("/console/toezicht", staff.cookie)).statusCode).toBe(403);
        expect((await get(`/console/toezicht/datalek/${breachB}`, staff.cookie)).statusCode).toBe(403);
      }
    });

    it("alerts on a high-risk breach without a victim notice after the configured hours, and not before", async () => {
      const past = await createBreach(db, operatorActor("os:a", orgA), {
        facts: { ...FACTS, title: "Oud lek zonder bericht", awareAt: hoursAgo(3) },
      });
      const recent = await createBreach(db, operatorActor("os:a", orgA), {
        facts: { ...FACTS, title: "Vers lek zonder bericht", awareAt: hoursAgo(1) },
      });
      const rita = await signIn("rita");
      const page = await get("/console/toezicht", rita.cookie);
      const alerts = page.body.slice(page.body.indexOf('id="signalen"'), page.body.indexOf('id="meldingen"'));
      expect(alerts).toContain(`/console/toezicht/datalek/${past.id}`);
      expect(alerts).toContain("na 2 uur");
      expect(alerts).not.toContain(`/console/toezicht/datalek/${recent.id}`);
    });
  });
}
