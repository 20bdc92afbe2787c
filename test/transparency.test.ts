/**
 * The transparency register (framework K16, issue 17 item 7) on both engines, through the server's routes with
 * real staff log-ins and through its store: the administrator's bad entry is refused with an error at each
 * field and what was typed kept; a saved draft changes nothing public (404 before the first publication);
 * publishing makes version 1 with its date on the public page in Dutch and English, in the open data JSON, in
 * the sitemap and as a link on the organisation's breach page; a change after it shows only once published
 * again, as version 2, while version 1 stays as it was; every change is in the audit log; a reader sees no
 * forms and cannot post; another organisation's entry is not found.
 */
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SAMPLE_BREACH } from "../src/messages/index.ts";
import { operatorActor } from "../src/operations/actor.ts";
import { saveTransparencyEntry } from "../src/operations/transparency.ts";
import { auditViews, organisations, transparency } from "../src/store/index.ts";
import { engineCases, openTestDatabase, type TestDatabase } from "../src/store/testing.ts";
import { createPublishedBreach } from "./support/published-breach.ts";
import { quietServer } from "./support/server.ts";
import { staffPeople } from "./support/staff.ts";

const FORM = { "content-type": "application/x-www-form-urlencoded" };

const ENTRY_FORM = {
  actie: "opslaan",
  categorieen: "email",
  "doel-nl": "Om uw energie te leveren.",
  "doel-en": "To deliver your energy.",
  grondslag: "b",
  maanden: "24",
  vanaf: "relation-end",
  "ontvangers-nl": "Ons drukkerij-bedrijf.",
};

for (const engine of engineCases()) {
  describe(`transparency register on ${engine}`, () => {
    let db: TestDatabase;
    const staff = staffPeople(() => db, `tr-${engine}`);
    let app: FastifyInstance;
    let orgA = "";
    let orgB = "";
    const slugA = `register-a-${engine}`;
    const breachSlug = `register-lek-${engine}`;

    const get = (url: string, cookie = "") => app.inject({ url, headers: cookie ? { cookie } : {} });
    const post = (url: string, cookie: string, fields: Record<string, string | string[]>) => {
      const body = new URLSearchParams();
      for (const [key, value] of Object.entries(fields))
        for (const one of Array.isArray(value) ? value : [value]) body.append(key, one);
      return app.inject({ method: "POST", url, headers: { cookie, ...FORM }, payload: body.toString() });
    };

    beforeAll(async () => {
      db = await openTestDatabase(engine);
      orgA = (await organisations.create(db.db, { slug: slugA, name: "Voorbeeld Energie" })).id;
      orgB = (await organisations.create(db.db, { slug: `register-b-${engine}`, name: "Organisatie B" })).id;
      await createPublishedBreach(db.db, {
        organisationId: orgA,
        slug: breachSlug,
        title: "Klantgegevens gestolen",
        status: "assessed",
        facts: SAMPLE_BREACH as unknown as Record<string, unknown> & { awareAt: string },
      });
      await staff.add("anna", orgA, ["organisation-admin"]);
      await staff.add("edda", orgA, ["editor"]);
      await staff.add("bert", orgB, ["organisation-admin"]);
      app = await quietServer({ db: db.db, keys: db.keys });
    }, 120_000);
    afterAll(async () => {
      await app?.close();
      await db?.close();
    });

    it("refuses a bad entry with an error at each field, keeping what was typed", async () => {
      const { cookie, token } = await staff.signIn("anna");
      const response = await post("/console/persoonsgegevens", cookie, {
        formulier: token,
        actie: "opslaan",
        "doel-en": "Only English here",
        grondslag: "g",
        maanden: "twee jaar",
        vanaf: "other",
      });
      expect(response.statusCode).toBe(400);
      for (const id of ["categorie-name", "doel-nl", "grondslag-a", "maanden", "vanaf-anders-nl"])
        expect(response.body, id).toContain(`href="#${id}"`);
      expect(response.body).toContain('aria-invalid="true"');
      expect(response.body).toContain("Only English here");
      expect(response.body).toContain('value="twee jaar"');
      expect(await transparency.draft(db.db, orgA)).toEqual([]);
    });

    it("publishes a draft as a dated version on the public page, the open data and the sitemap", async () => {
      const { cookie, token } = await staff.signIn("anna");
      // Nothing published yet: the page and the open data are absent, not empty.
      expect((await get(`/organisatie/${slugA}/persoonsgegevens`)).statusCode).toBe(404);
      expect((await get(`/api/v1/organisations/${slugA}/transparency`)).statusCode).toBe(404);
      const saved = await post("/console/persoonsgegevens", cookie, { formulier: token, ...ENTRY_FORM });
      expect(saved.statusCode).toBe(303);
      expect(saved.headers.location).toBe("/console/persoonsgegevens?opgeslagen");
      // A draft is not public.
      expect((await get(`/organisatie/${slugA}/persoonsgegevens`)).statusCode).toBe(404);
      const preview = await get("/console/persoonsgegevens/voorbeeld", cookie);
      expect(preview.statusCode).toBe(200);
      expect(preview.body).toContain("Om uw energie te leveren.");

      const published = await post("/console/persoonsgegevens", cookie, {
        formulier: token,
        actie: "publiceren",
      });
      expect(published.headers.location).toBe("/console/persoonsgegevens?gepubliceerd");
      const page = await get(`/organisatie/${slugA}/persoonsgegevens`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain("Welke persoonsgegevens gebruikt Voorbeeld Energie?");
      expect(page.body).toContain("E-mailadres");
      expect(page.body).toContain("2 jaar na het einde van uw klantrelatie");
      expect(page.body).toContain("AVG artikel 6 lid 1 onder b");
      expect(page.body).toMatch(/publiceerde deze lijst op \d+ \w+ \d{4}\. Dit is versie 1\./);
      const english = await get(`/en/organisatie/${slugA}/persoonsgegevens`);
      expect(english.body).toContain("2 years after your customer relationship ends");
      expect(english.body).toContain("To deliver your energy.");
      // The recipients were written in Dutch only: the English page shows them marked as Dutch.
      expect(english.body).toContain('<span lang="nl">Ons drukkerij-bedrijf.</span>');

      const json = await get(`/api/v1/organisations/${slugA}/transparency`);
      expect(json.statusCode).toBe(200);
      expect(json.headers["access-control-allow-origin"]).toBe("*");
      const data = json.json();
      expect(data.version).toBe(1);
      expect(data.entries).toEqual([
        {
          categories: [{ id: "email", label: { nl: "E-mailadres", en: "Email address" } }],
          purpose: { nl: "Om uw energie te leveren.", en: "To deliver your energy." },
          legalBasis: {
            code: "b",
            article: "GDPR art. 6(1)(b)",
            label: { nl: "Nodig voor uw overeenkomst met ons", en: "Needed for your contract with us" },
          },
          retention: { months: 24, from: "relation-end", fromOther: null },
          recipients: { nl: "Ons drukkerij-bedrijf.", en: null },
        },
      ]);
      expect((await get("/sitemap.xml")).body).toContain(`/organisatie/${slugA}/persoonsgegevens</loc>`);
      // The organisation's breach page links the register once it is published.
      expect((await get(`/datalek/${breachSlug}`)).body).toContain(
        `href="/organisatie/${slugA}/persoonsgegevens"`,
      );
      const doc = (await get("/api/v1/openapi.json")).json();
      expect(doc.paths["/organisations/{slug}/transparency"]?.get).toBeDefined();
    });

    it("keeps a published version as it was while the draft changes, until published again", async () => {
      const { cookie, token } = await staff.signIn("anna");
      const [entry] = await transparency.draft(db.db, orgA);
      const edit = await get(`/console/persoonsgegevens?wijzig=${entry?.id}`, cookie);
      expect(edit.body).toContain('value="24"');
      await post("/console/persoonsgegevens", cookie, {
        formulier: token,
        ...ENTRY_FORM,
        regel: entry?.id ?? "",
        maanden: "18",
      });
      const page = await get(`/organisatie/${slugA}/persoonsgegevens`);
      expect(page.body).toContain("2 jaar");
      expect(page.body).not.toContain("18 maanden");
      expect((await get("/console/persoonsgegevens", cookie)).body).toContain("nog niet openbaar");
      const again = await post("/console/persoonsgegevens", cookie, {
        formulier: token,
        actie: "publiceren",
      });
      expect(again.statusCode).toBe(303);
      // Publishing what is already published adds nothing: refused, with the reason.
      const same = await post("/console/persoonsgegevens", cookie, { formulier: token, actie: "publiceren" });
      expect(same.statusCode).toBe(409);
      expect(same.body).toContain("Nothing changed since version 2");
      expect((await get(`/organisatie/${slugA}/persoonsgegevens`)).body).toContain("18 maanden");
      expect((await get(`/organisatie/${slugA}/persoonsgegevens`)).body).toContain("versie 2");
      const first = await db.db
        .selectFrom("transparency_versions")
        .select("entries")
        .where("organisation_id", "=", orgA)
        .where("version", "=", 1)
        .executeTakeFirstOrThrow();
      expect((first.entries[0] as { retentionMonths: number }).retentionMonths).toBe(24);
      const actions = (await auditViews.ofOrganisation(db.db, orgA, 50)).map((line) => line.action);
      expect(actions).toEqual(
        expect.arrayContaining([
          "transparency.entry-added",
          "transparency.entry-changed",
          "transparency.published",
        ]),
      );
    });

    it("shows a reader the register without forms and refuses their post", async () => {
      const { cookie, token } = await staff.signIn("edda");
      const page = await get("/console/persoonsgegevens", cookie);
      expect(page.statusCode).toBe(200);
      expect(page.body).not.toContain('name="actie"');
      expect(
        (await post("/console/persoonsgegevens", cookie, { formulier: token, ...ENTRY_FORM })).statusCode,
      ).toBe(403);
    });

    it("keeps organisations apart: B's administrator finds nothing of A's", async () => {
      const [entry] = await transparency.draft(db.db, orgA);
      const { cookie, token } = await staff.signIn("bert");
      expect((await get(`/console/persoonsgegevens?wijzig=${entry?.id}`, cookie)).statusCode).toBe(404);
      const removed = await post("/console/persoonsgegevens", cookie, {
        formulier: token,
        actie: "verwijderen",
        regel: entry?.id ?? "",
      });
      expect(removed.statusCode).toBe(404);
      expect(await transparency.draft(db.db, orgA)).toHaveLength(1);
      expect((await get("/console/persoonsgegevens", cookie)).body).not.toContain(
        "Om uw energie te leveren.",
      );
      await expect(
        saveTransparencyEntry(db, operatorActor("os:b", orgB), {
          id: entry?.id ?? "",
          entry: {
            categories: ["name"],
            purpose: { nl: "x" },
            legalBasis: "a",
            retentionMonths: 1,
            retentionFrom: "collection",
          },
        }),
      ).rejects.toMatchObject({ code: "not-found" });
    });
  });
}
