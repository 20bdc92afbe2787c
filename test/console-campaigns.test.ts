/**
 * Campaigns in the console with four-eyes approval (issue 17), on both engines, through the server's routes
 * with real staff log-ins: a breach's campaigns are listed; a second approver approves the exact digest the
 * page showed and the audit entry names `staff:<id>`; the creator, holding the approver role too, is refused;
 * an approval of a digest that is no longer current is refused (at the operation, the guarantee, and through
 * the form) and the page shows the new state; another organisation's campaign or breach answers exactly like
 * an unknown id; a form without the session's form token is refused.
 */
import { Writable } from "node:stream";
import type { FastifyInstance } from "fastify";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SAMPLE_BREACH, SAMPLE_ORGANISATION, SAMPLE_TEXTS } from "../src/messages/index.ts";
import { operatorActor } from "../src/operations/actor.ts";
import {
  actOnCampaign,
  approvalPreview,
  checkCampaign,
  createCampaign,
  getCampaign,
} from "../src/operations/campaigns.ts";
import { setProfile } from "../src/operations/sender-profile.ts";
import { breaches, type Executor, organisations } from "../src/store/index.ts";
import { engineCases, openTestDatabase, type TestDatabase } from "../src/store/testing.ts";
import { buildServer, createRequestLogger } from "../src/web/index.ts";
import { staffPeople } from "./support/staff.ts";

const FORM = { "content-type": "application/x-www-form-urlencoded" };
const UNKNOWN = "00000000-0000-4000-8000-000000000000";

for (const engine of engineCases()) {
  describe(`console campaigns on ${engine}`, () => {
    let db: TestDatabase;
    const staff = staffPeople(() => db, `${engine}`);
    const person = staff.add;
    const signIn = async (name: string) => (await staff.signIn(name)).cookie;
    let app: FastifyInstance;
    let orgA = "";
    let orgB = "";
    let breachId = "";
    // The server's context: the plan address is part of what an approval covers.
    const ctx = () => ({ db: db.db, keys: db.keys, publicUrl: "http://127.0.0.1" });

    /** A signed-in session cookie of the person (each log-in a code step later, so no code is played twice). */

    const get = (url: string, cookie: string) => app.inject({ url, headers: { cookie } });
    const post = (url: string, cookie: string, fields: Record<string, string>) =>
      app.inject({
        method: "POST",
        url,
        headers: { cookie, ...FORM },
        payload: new URLSearchParams(fields).toString(),
      });
    /** The approve form's fields as the page shows them (token, step, digest and its parts). */
    const approveForm = (page: string): Record<string, string> => {
      const form = /<form[^>]*>(?:(?!<\/form>)[\s\S])*name="stap" value="approve"[\s\S]*?<\/form>/.exec(
        page,
      )?.[0];
      if (!form) throw new Error("no approve form on the page");
      return Object.fromEntries(
        [...form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1], m[2]]),
      );
    };

    /** A checked campaign created by the editor-approver "bram". */
    async function checkedCampaign(creator = "bram"): Promise<string> {
      const actor = staff.actor(creator);
      const campaign = await createCampaign(ctx(), actor, {
        breachId,
        kind: "first-notice",
        setup: { texts: SAMPLE_TEXTS },
      });
      await checkCampaign(ctx(), actor, { campaignId: campaign.id });
      return campaign.id;
    }

    beforeAll(async () => {
      db = await openTestDatabase(engine);
      orgA = (await organisations.create(db.db, { slug: `cc-a-${engine}`, name: "Organisatie A" })).id;
      orgB = (await organisations.create(db.db, { slug: `cc-b-${engine}`, name: "Organisatie B" })).id;
      breachId = (
        await breaches.create(db.db, {
          organisationId: orgA,
          slug: "klantgegevens",
          title: "Klantgegevens gestolen",
          facts: SAMPLE_BREACH as unknown as Record<string, unknown> & { awareAt: string },
        })
      ).id;
      await setProfile(ctx(), operatorActor("os:test", orgA), {
        profile: { ...SAMPLE_ORGANISATION, dkim: { signer: "relay" } },
      });
      await person("bram", orgA, ["editor", "approver"]);
      await person("anna", orgA, ["approver"]);
      await person("kees", orgA, ["contact-centre"]);
      await person("bert", orgB, ["approver", "organisation-admin"]);
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

    it("refuses at the operation an approval of a digest that is no longer what would be sent", async () => {
      const id = await checkedCampaign();
      const anna = staff.actor("anna");
      const shown = await approvalPreview(ctx(), anna, { campaignId: id });
      await setProfile(ctx(), operatorActor("os:test", orgA), {
        profile: { ...SAMPLE_ORGANISATION, phone: "020-765 43 21", dkim: { signer: "relay" } },
      });
      await expect(
        actOnCampaign(ctx(), anna, {
          campaignId: id,
          step: "approve",
          expectedDigest: shown.digest,
          expectedParts: shown.parts,
        }),
      ).rejects.toThrow(/approval-stale: the sender profile changed/);
      expect((await getCampaign(ctx(), anna, { campaignId: id })).status).toBe("checked");
      const now = await approvalPreview(ctx(), anna, { campaignId: id });
      expect(now.digest).not.toBe(shown.digest);
      const approved = await actOnCampaign(ctx(), anna, {
        campaignId: id,
        step: "approve",
        expectedDigest: now.digest,
      });
      expect(approved.status).toBe("approved");
      expect((approved.approval as { digest: string }).digest).toBe(now.digest);
    });

    it("lists a breach's campaigns and lets a second approver approve the digest shown", async () => {
      const id = await checkedCampaign();
      const cookie = await signIn("anna");
      const home = await get("/console", cookie);
      expect(home.body).toContain(`/console/datalek/${breachId}`);
      const list = await get(`/console/datalek/${breachId}`, cookie);
      expect(list.statusCode).toBe(200);
      expect(list.body).toContain(`/console/campagne/${id}`);
      expect(list.body).toContain("gecontroleerd");
      const english = await get(`/en/console/datalek/${breachId}`, cookie);
      expect(english.body).toContain(`/en/console/campagne/${id}`);
      const page = await get(`/console/campagne/${id}`, cookie);
      expect(page.statusCode).toBe(200);
      const form = approveForm(page.body);
      const preview = await approvalPreview(ctx(), staff.actor("anna"), {
        campaignId: id,
      });
      expect(form.digest).toBe(preview.digest);
      expect(page.body).toContain(preview.digest.replace(/(.{8})/g, "$1 ").trim());
      expect(page.body).toContain("<dt>Gemaakt door</dt><dd>bram</dd>");
      const done = await post(`/console/campagne/${id}`, cookie, form);
      expect(done.statusCode, done.body).toBe(303);
      expect(done.headers.location).toBe(`/console/campagne/${id}?gelukt`);
      const entries = await db.db
        .selectFrom("audit_log")
        .select(["actor", "action", "subject", "details"])
        .where("subject", "=", id)
        .where("action", "=", "campaign.approved")
        .execute();
      expect(entries).toHaveLength(1);
      expect(entries[0]?.actor).toBe(`staff:${staff.account("anna").id}`);
      expect(JSON.stringify(entries[0]?.details)).toContain(preview.digest);
      const after = await get(`/console/campagne/${id}?gelukt`, cookie);
      expect(after.body).toContain("goedgekeurd");
      expect(after.body).toContain('name="stap" value="start"');
    });

    it("refuses the creator's own approval through the console, with the reason", async () => {
      const id = await checkedCampaign("bram");
      const cookie = await signIn("bram");
      const page = await get(`/console/campagne/${id}`, cookie);
      // The page offers the creator no approval and says why; a forged form is refused all the same.
      expect(() => approveForm(page.body)).toThrow("no approve form");
      expect(page.body).toContain("Een andere goedkeurder moet hem goedkeuren (vier ogen)");
      const shown = await approvalPreview(ctx(), operatorActor("os:test", orgA), { campaignId: id });
      const formToken = /name="formulier" value="([^"]+)"/.exec(page.body)?.[1] ?? "";
      const forged = { formulier: formToken, stap: "approve", digest: shown.digest };
      const refused = await post(`/console/campagne/${id}`, cookie, forged);
      expect(refused.statusCode).toBe(409);
      expect(refused.body).toContain("vier ogen");
      expect(refused.body).toContain("approver-is-creator");
      expect((await getCampaign(ctx(), operatorActor("os:test", orgA), { campaignId: id })).status).toBe(
        "checked",
      );
    });

    it("refuses an approval of what is no longer shown, and shows the new state", async () => {
      const id = await checkedCampaign();
      const cookie = await signIn("anna");
      const form = approveForm((await get(`/console/campagne/${id}`, cookie)).body);
      await setProfile(ctx(), operatorActor("os:test", orgA), {
        profile: { ...SAMPLE_ORGANISATION, phone: "020-111 22 33", dkim: { signer: "relay" } },
      });
      const refused = await post(`/console/campagne/${id}`, cookie, form);
      expect(refused.statusCode).toBe(409);
      expect(refused.body).toContain("Er is niets goedgekeurd");
      const now = await approvalPreview(ctx(), operatorActor("os:test", orgA), { campaignId: id });
      expect(approveForm(refused.body).digest).toBe(now.digest);
      expect(now.digest).not.toBe(form.digest);
      expect((await getCampaign(ctx(), operatorActor("os:test", orgA), { campaignId: id })).status).toBe(
        "checked",
      );
      // A form without any digest is never an approval of whatever is there now.
      const { digest: _dropped, ...bare } = approveForm(refused.body);
      expect((await post(`/console/campagne/${id}`, cookie, bare)).statusCode).toBe(409);
      expect((await getCampaign(ctx(), operatorActor("os:test", orgA), { campaignId: id })).status).toBe(
        "checked",
      );
    });

    it("exports the breach's evidence as JSON and as a PDF in the page's language, recorded in the audit log", async () => {
      const cookie = await signIn("kees");
      const json = await get(`/console/datalek/${breachId}/bewijs.json`, cookie);
      expect(json.statusCode).toBe(200);
      expect(json.headers["content-disposition"]).toBe('attachment; filename="evidence-klantgegevens.json"');
      const report = JSON.parse(json.body) as { format: string; breach: { id: string } };
      expect(report).toMatchObject({ format: "lekwijzer-evidence/1", breach: { id: breachId } });
      const pdf = await get(`/en/console/datalek/${breachId}/bewijs.pdf`, cookie);
      expect(pdf.headers["content-type"]).toBe("application/pdf");
      expect(pdf.headers["content-disposition"]).toContain("evidence-klantgegevens-en.pdf");
      expect(pdf.rawPayload.subarray(0, 5).toString()).toBe("%PDF-");
      const kees = staff.account("kees").id;
      const exports = await sql<{ n: number }>`select count(*)::int as n from audit_log
        where action = 'breach.evidence-exported' and actor = ${`staff:${kees}`}`.execute(db.db as Executor);
      expect(exports.rows[0]?.n).toBe(2);
      // Another organisation's administrator: the same "not found" as for a breach that does not exist.
      const other = await signIn("bert");
      // An id that is no UUID at all is not found either (never a database error).
      expect((await get("/console/campagne/geen-uuid", other)).statusCode).toBe(404);
      expect((await get("/console/datalek/geen-uuid", other)).statusCode).toBe(404);
      const theirs = await get(`/console/datalek/${breachId}/bewijs.pdf`, other);
      const unknown = await get(`/console/datalek/${UNKNOWN}/bewijs.pdf`, other);
      expect([theirs.statusCode, unknown.statusCode]).toEqual([404, 404]);
      expect(theirs.body).toBe(unknown.body);
    });

    it("answers another organisation's campaign and breach exactly like unknown ones", async () => {
      const id = await checkedCampaign();
      const cookie = await signIn("bert");
      const token = /name="formulier" value="([^"]+)"/.exec((await get("/console", cookie)).body)?.[1] ?? "";
      for (const prefix of ["", "/en"]) {
        const theirs = await get(`${prefix}/console/campagne/${id}`, cookie);
        const unknown = await get(`${prefix}/console/campagne/${UNKNOWN}`, cookie);
        expect(theirs.statusCode).toBe(404);
        expect(theirs.body).toBe(unknown.body);
        const breach = await get(`${prefix}/console/datalek/${breachId}`, cookie);
        const noBreach = await get(`${prefix}/console/datalek/${UNKNOWN}`, cookie);
        expect(breach.statusCode).toBe(404);
        expect(breach.body).toBe(noBreach.body);
        const approve = { formulier: token, stap: "approve", digest: "x" };
        const posted = await post(`${prefix}/console/campagne/${id}`, cookie, approve);
        const postedUnknown = await post(`${prefix}/console/campagne/${UNKNOWN}`, cookie, approve);
        expect(posted.statusCode).toBe(404);
        expect(posted.body).toBe(postedUnknown.body);
        expect(theirs.body).not.toContain(id);
      }
      expect((await getCampaign(ctx(), operatorActor("os:test", orgA), { campaignId: id })).status).toBe(
        "checked",
      );
    });

    it("refuses a step without the session's form token, and steps a reader's role does not allow", async () => {
      const id = await checkedCampaign();
      const cookie = await signIn("anna");
      const form = approveForm((await get(`/console/campagne/${id}`, cookie)).body);
      const { formulier: _token, ...withoutToken } = form;
      expect((await post(`/console/campagne/${id}`, cookie, withoutToken)).statusCode).toBe(403);
      expect((await post(`/console/campagne/${id}`, cookie, { ...form, formulier: "x" })).statusCode).toBe(
        403,
      );
      const reader = await signIn("kees");
      const readerPage = await get(`/console/campagne/${id}`, reader);
      expect(readerPage.statusCode).toBe(200);
      expect(readerPage.body).not.toContain('name="stap"');
      const readerToken = /name="formulier" value="([^"]+)"/.exec(readerPage.body)?.[1] ?? "";
      const byReader = await post(`/console/campagne/${id}`, reader, { ...form, formulier: readerToken });
      expect(byReader.statusCode).toBe(403);
      expect((await getCampaign(ctx(), operatorActor("os:test", orgA), { campaignId: id })).status).toBe(
        "checked",
      );
    });
  });
}
