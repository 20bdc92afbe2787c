/**
 * The staff console's log-in through real HTTP on a real database (both engines): password then TOTP, first
 * log-in enrols the code; wrong password, unknown address and locked account answer alike; a wrong code and a
 * replayed code are refused; five failures lock the account until the lock runs out; sessions end when idle,
 * at the absolute limit, at log-out and when the password changes; forms without the session's form token or
 * from another site are refused; a password reset mailed through a real SMTP outbox works once and for 30
 * minutes, and the forgot page answers the same for an unknown address. The clock is injected. Last, two
 * staff members of one organisation are two people to the four-eyes rule, and one person holding both roles
 * still cannot approve their own campaign.
 */
import { Secret, TOTP } from "otpauth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MemorySink, memorySink, type Outbox, startOutbox } from "../src/delivery/outbox.ts";
import { createSmtpSender } from "../src/delivery/smtp.ts";
import { SAMPLE_BREACH, SAMPLE_ORGANISATION, SAMPLE_TEXTS } from "../src/messages/index.ts";
import { operatorActor, staffActor } from "../src/operations/actor.ts";
import { actOnCampaign, checkCampaign, createCampaign } from "../src/operations/campaigns.ts";
import { setProfile } from "../src/operations/sender-profile.ts";
import { createStaff } from "../src/operations/staff.ts";
import { sendStaffMail } from "../src/operations/staff-mail.ts";
import { breaches, organisations, staffAccounts } from "../src/store/index.ts";
import { engineCases, openTestDatabase, type TestDatabase } from "../src/store/testing.ts";
import { decoded } from "./support/decoded-mail.ts";
import { startTestServer, type TestServer } from "./support/server.ts";

const FORM = { "content-type": "application/x-www-form-urlencoded" };
const PASSWORD = "paars konijn leest kranten";
const START = new Date("2026-12-04T10:00:00Z");

for (const engine of engineCases()) {
  describe(`staff console log-in on ${engine}`, () => {
    let db: TestDatabase;
    let server: TestServer;
    let outbox: Outbox;
    let sink: MemorySink;
    let clock = START;
    let orgId = "";
    const secrets = new Map<string, string>();

    const at = (minutes: number) => {
      clock = new Date(clock.getTime() + minutes * 60_000);
    };
    const post = (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
      fetch(`${server.url}${path}`, {
        method: "POST",
        headers: { ...FORM, ...headers },
        body: new URLSearchParams(fields).toString(),
        redirect: "manual",
      });
    const get = (path: string, cookie = "") =>
      fetch(`${server.url}${path}`, { headers: cookie ? { cookie } : {}, redirect: "manual" });
    const cookieOf = (response: Response) => (response.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const formToken = (page: string) => /name="formulier" value="([^"]+)"/.exec(page)?.[1] ?? "";
    const codeAt = (secret: string, time = clock) =>
      new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: time.getTime() });

    async function addStaff(email: string, roles: string[]): Promise<string> {
      const { account } = await createStaff(
        db,
        operatorActor("os:test", orgId),
        { email, displayName: `Naam ${email}`, roles, password: PASSWORD },
        clock,
      );
      return account.id;
    }

    /** Password step; the cookie of the half-way session and where it goes next. */
    async function passwordStep(email: string, password = PASSWORD) {
      const response = await post("/console/inloggen", { email, password });
      return { response, cookie: cookieOf(response), next: response.headers.get("location") };
    }

    /** A whole log-in (enrolling on the first); the signed-in cookie. */
    async function signIn(email: string): Promise<string> {
      const step = await passwordStep(email);
      expect(step.response.status).toBe(303);
      if (step.next === "/console/code-instellen") {
        const page = await (await get("/console/code-instellen", step.cookie)).text();
        const secret = (
          /<code class="utrecht-code" lang="en">([A-Z2-7 ]+)<\/code>/.exec(page)?.[1] ?? ""
        ).replace(/ /g, "");
        expect(secret).toMatch(/^[A-Z2-7]{32}$/);
        expect(page).toContain("otpauth://totp/");
        secrets.set(email, secret);
        const done = await post(
          "/console/code-instellen",
          { formulier: formToken(page), code: codeAt(secret) },
          { cookie: step.cookie },
        );
        expect(done.status).toBe(303);
        expect(done.headers.get("location")).toBe("/console");
        return cookieOf(done);
      }
      expect(step.next).toBe("/console/code");
      const page = await (await get("/console/code", step.cookie)).text();
      const done = await post(
        "/console/code",
        { formulier: formToken(page), code: codeAt(secrets.get(email) ?? "") },
        { cookie: step.cookie },
      );
      expect(done.status, await done.clone().text()).toBe(303);
      return cookieOf(done);
    }

    beforeAll(async () => {
      db = await openTestDatabase(engine);
      sink = memorySink();
      outbox = await startOutbox({ host: "127.0.0.1", port: 0, sink });
      orgId = (await organisations.create(db.db, { slug: `console-${engine}`, name: "Voorbeeld Telecom" }))
        .id;
      await breaches.create(db.db, {
        organisationId: orgId,
        slug: "klantgegevens",
        title: "Klantgegevens gestolen bij Voorbeeld Telecom",
        facts: SAMPLE_BREACH as unknown as Record<string, unknown> & { awareAt: string },
      });
      server = await startTestServer({
        extra: { store: { db: db.db, keys: db.keys }, console: { now: () => clock } },
      });
    }, 60_000);
    afterAll(async () => {
      await server?.close();
      await outbox?.close();
      await db?.close();
    });

    it("logs in with password and an enrolled code, and shows the organisation's breaches", async () => {
      await addStaff("sanne@example.org", ["editor"]);
      const cookie = await signIn("sanne@example.org");
      const home = await get("/console", cookie);
      expect(home.status).toBe(200);
      expect(home.headers.get("cache-control")).toBe("no-store");
      const body = await home.text();
      expect(body).toContain("Klantgegevens gestolen bij Voorbeeld Telecom");
      expect(body).toContain("Naam sanne@example.org");
      // The home page links to the log-in.
      expect(await (await get("/")).text()).toContain('href="/console/inloggen"');
      at(1);
    });

    it("answers a wrong password, an unknown address and a missing field without telling which", async () => {
      await addStaff("piet@example.org", ["approver"]);
      const wrong = await post("/console/inloggen", {
        email: "piet@example.org",
        password: "niet het wachtwoord",
      });
      const unknown = await post("/console/inloggen", { email: "niemand@example.org", password: PASSWORD });
      expect(wrong.status).toBe(400);
      expect(unknown.status).toBe(400);
      const strip = (page: string) => page.replace(/value="[^"]*"/g, "");
      expect(strip(await wrong.text())).toBe(strip(await unknown.text()));
      expect(wrong.headers.get("set-cookie")).toBeNull();
      const empty = await (
        await post("/console/inloggen", { email: "piet@example.org", password: "" })
      ).text();
      expect(empty).toContain("Vul uw wachtwoord in.");
      expect(empty).toContain('value="piet@example.org"');
    });

    it("refuses a wrong code and a code played twice", async () => {
      const email = "piet@example.org";
      await signIn(email); // enrols
      at(1);
      const step = await passwordStep(email);
      const page = await (await get("/console/code", step.cookie)).text();
      const wrong = await post(
        "/console/code",
        { formulier: formToken(page), code: "000000" },
        { cookie: step.cookie },
      );
      expect(wrong.status).toBe(400);
      expect(await wrong.text()).toContain("Deze code klopt niet");
      const code = codeAt(secrets.get(email) ?? "");
      const first = await post(
        "/console/code",
        { formulier: formToken(page), code },
        { cookie: step.cookie },
      );
      expect(first.status).toBe(303);
      // The same code again, in a new log-in within the same 30 seconds: refused.
      const again = await passwordStep(email);
      const againPage = await (await get("/console/code", again.cookie)).text();
      const replay = await post(
        "/console/code",
        { formulier: formToken(againPage), code },
        { cookie: again.cookie },
      );
      expect(replay.status).toBe(400);
      // An earlier step's code (still within ±1 step) is refused too: steps only move forward.
      const earlier = codeAt(secrets.get(email) ?? "", new Date(clock.getTime() - 30_000));
      const back = await post(
        "/console/code",
        { formulier: formToken(againPage), code: earlier },
        { cookie: again.cookie },
      );
      expect(back.status).toBe(400);
      at(1);
      const next = await post(
        "/console/code",
        { formulier: formToken(againPage), code: codeAt(secrets.get(email) ?? "") },
        { cookie: again.cookie },
      );
      expect(next.status).toBe(303);
    });

    it("locks an account after five failures until the lock runs out, and logs it", async () => {
      const email = "lock@example.org";
      const id = await addStaff(email, ["contact-centre"]);
      await signIn(email);
      at(1);
      for (let i = 0; i < 5; i++)
        expect((await passwordStep(email, `verkeerd wachtwoord ${i}`)).response.status).toBe(400);
      // The right password is refused while locked, with the same answer.
      expect((await passwordStep(email)).response.status).toBe(400);
      const audit = await db.db.selectFrom("audit_log").select(["action", "subject", "details"]).execute();
      expect(audit.filter((e) => e.action === "staff.locked-out" && e.subject === id)).toHaveLength(1);
      expect(JSON.stringify(audit)).not.toContain(email);
      expect(JSON.stringify(audit)).not.toContain(PASSWORD);
      at(16);
      expect((await passwordStep(email)).response.status).toBe(303);
    });

    it("ends a session after 30 idle minutes and 12 hours however busy", async () => {
      const email = "tijd@example.org";
      await addStaff(email, ["editor"]);
      const idle = await signIn(email);
      at(29);
      expect((await get("/console", idle)).status).toBe(200);
      at(31);
      const ended = await get("/console", idle);
      expect(ended.status).toBe(303);
      expect(ended.headers.get("location")).toBe("/console/inloggen?verlopen");
      at(1);
      const busy = await signIn(email);
      for (let minutes = 0; minutes < 12 * 60 - 20; minutes += 20) {
        at(20);
        expect((await get("/console", busy)).status, `after ${minutes + 20} minutes`).toBe(200);
      }
      at(25);
      expect((await get("/console", busy)).status).toBe(303);
    });

    it("refuses state-changing forms without the session's form token or from another site", async () => {
      const email = "csrf@example.org";
      await addStaff(email, ["organisation-admin"]);
      const cookie = await signIn(email);
      const token = formToken(await (await get("/console", cookie)).text());
      expect(token).not.toBe("");
      const fields = { email: "nieuw@example.org", displayName: "Nieuw", roles: "editor" };
      expect((await post("/console/uitloggen", {}, { cookie })).status).toBe(403);
      expect((await post("/console/uitloggen", { formulier: "x".repeat(43) }, { cookie })).status).toBe(403);
      expect((await post("/console/medewerkers", fields, { cookie })).status).toBe(403);
      // Another session's token does not fit this session.
      const other = await signIn("sanne@example.org");
      const otherToken = formToken(await (await get("/console", other)).text());
      expect(
        (await post("/console/medewerkers", { ...fields, formulier: otherToken }, { cookie })).status,
      ).toBe(403);
      expect(
        (await post("/console/uitloggen", { formulier: token }, { cookie, "sec-fetch-site": "cross-site" }))
          .status,
      ).toBe(403);
      expect((await get("/console", cookie)).status).toBe(200);
      const out = await post("/console/uitloggen", { formulier: token }, { cookie });
      expect(out.status).toBe(303);
      expect(out.headers.get("location")).toBe("/console/inloggen?uitgelogd");
      expect((await get("/console", cookie)).status).toBe(303);
    });

    it("resets a password by a mailed link that works once and for 30 minutes, without telling who has an account", async () => {
      const email = "reset@example.org";
      const id = await addStaff(email, ["editor"]);
      const session = await signIn(email);
      const known = await post("/console/wachtwoord-vergeten", { email });
      const unknown = await post("/console/wachtwoord-vergeten", { email: "onbekend@example.org" });
      expect(known.status).toBe(200);
      expect(await known.text()).toBe(await unknown.text());
      const ctx = { db: db.db, keys: db.keys, publicUrl: server.url };
      const channels = { email: createSmtpSender({ url: outbox.url, maxConnections: 1 }) };
      expect(
        await sendStaffMail(ctx, channels, { from: "no-reply@lekwijzer.example", now: () => clock }),
      ).toBe(1);
      const mails = sink.messages.filter((m) => m.envelope.to.includes(email));
      expect(mails).toHaveLength(1);
      expect(sink.messages.filter((m) => m.envelope.to.includes("onbekend@example.org"))).toHaveLength(0);
      const token =
        /nieuw-wachtwoord\?token=([A-Za-z0-9_-]{43})/.exec(decoded(mails[0]?.raw ?? ""))?.[1] ?? "";
      expect(token).not.toBe("");
      expect((await get(`/console/nieuw-wachtwoord?token=${token}`)).status).toBe(200);
      const weak = await post("/console/nieuw-wachtwoord", {
        token,
        password: "wachtwoord123",
        repeat: "wachtwoord123",
      });
      expect(weak.status).toBe(400);
      expect(await weak.text()).toContain("te vaak voor");
      const differ = await post("/console/nieuw-wachtwoord", {
        token,
        password: "blauwe olifant zingt",
        repeat: "iets anders hier",
      });
      expect(differ.status).toBe(400);
      const done = await post("/console/nieuw-wachtwoord", {
        token,
        password: "blauwe olifant zingt",
        repeat: "blauwe olifant zingt",
      });
      expect(done.status).toBe(303);
      expect(done.headers.get("location")).toBe("/console/inloggen?wachtwoord-ingesteld");
      // Used once; the session from before the change has ended.
      const twice = await post("/console/nieuw-wachtwoord", {
        token,
        password: "groene olifant zingt",
        repeat: "groene olifant zingt",
      });
      expect(twice.status).toBe(400);
      expect(await twice.text()).toContain("Deze link werkt niet meer");
      expect((await get("/console", session)).status).toBe(303);
      expect((await passwordStep(email, "blauwe olifant zingt")).response.status).toBe(303);
      expect((await passwordStep(email)).response.status).toBe(400);
      // A link older than 30 minutes does not work.
      at(61);
      await post("/console/wachtwoord-vergeten", { email });
      await sendStaffMail(ctx, channels, { from: "no-reply@lekwijzer.example", now: () => clock });
      const late = sink.messages.filter((m) => m.envelope.to.includes(email)).at(-1);
      const lateToken =
        /nieuw-wachtwoord\?token=([A-Za-z0-9_-]{43})/.exec(decoded(late?.raw ?? ""))?.[1] ?? "";
      expect(lateToken).not.toBe(token);
      at(31);
      expect((await get(`/console/nieuw-wachtwoord?token=${lateToken}`)).status).toBe(400);
      const expired = await post("/console/nieuw-wachtwoord", {
        token: lateToken,
        password: "rode olifant zingt",
        repeat: "rode olifant zingt",
      });
      expect(expired.status).toBe(400);
      const actions = (await db.db.selectFrom("audit_log").select(["action", "subject"]).execute())
        .filter((e) => e.subject === id)
        .map((e) => e.action);
      expect(actions).toContain("staff.password-reset");
      expect(actions).toContain("staff.password-reset-requested");
      expect(server.logs.join("")).not.toContain(token);
    });

    it("keeps four eyes: two staff members are two people, and one person never approves their own work", async () => {
      const account = async (email: string, roles: string[]) => {
        const found = await staffAccounts.get(db.db, db.keys, orgId, await addStaff(email, roles));
        if (!found) throw new Error("staff member not stored");
        return found;
      };
      const editor = await account("eva@example.org", ["editor"]);
      const both = await account("bram@example.org", ["editor", "approver"]);
      const [breach] = await breaches.listByOrganisation(db.db, orgId);
      if (!breach) throw new Error("no breach");
      const ctx = { db: db.db, keys: db.keys };
      await setProfile(ctx, operatorActor("os:test", orgId), {
        profile: { ...SAMPLE_ORGANISATION, dkim: { signer: "relay" } },
      });
      const own = await createCampaign(ctx, staffActor(both), {
        breachId: breach.id,
        kind: "first-notice",
        setup: { texts: SAMPLE_TEXTS },
      });
      await checkCampaign(ctx, staffActor(both), { campaignId: own.id });
      await expect(
        actOnCampaign(ctx, staffActor(both), { campaignId: own.id, step: "approve" }),
      ).rejects.toThrow(/approver-is-creator/);
      const theirs = await createCampaign(ctx, staffActor(editor), {
        breachId: breach.id,
        kind: "first-notice",
        setup: { texts: SAMPLE_TEXTS },
      });
      await expect(
        actOnCampaign(ctx, staffActor(editor), { campaignId: theirs.id, step: "approve" }),
      ).rejects.toMatchObject({ code: "forbidden" });
      await checkCampaign(ctx, staffActor(editor), { campaignId: theirs.id });
      const approved = await actOnCampaign(ctx, staffActor(both), { campaignId: theirs.id, step: "approve" });
      expect(JSON.stringify(approved)).toContain(`staff:${both.id}`);
    });
  });
}
