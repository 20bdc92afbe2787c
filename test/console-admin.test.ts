/**
 * The organisation administrator's console pages (issue 17) on both engines: an API key is issued with field
 * errors that keep what was typed, its secret shown once and working on the API, and revoked so the API refuses
 * it at once; another organisation's administrator cannot revoke it; the audit log shows the organisation's own
 * entries and not another's, records who read it, and verifies the whole chain on request.
 */
import { randomBytes } from "node:crypto";
import { Writable } from "node:stream";
import type { FastifyInstance } from "fastify";
import { sql } from "kysely";
import { Secret, TOTP } from "otpauth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStaff, operatorActor, staffCodeStep, staffPasswordStep } from "../src/operations/index.ts";
import {
  apiKeys,
  createKeyring,
  type Executor,
  organisations,
  rotation,
  staffAccounts,
} from "../src/store/index.ts";
import { engineCases, openTestDatabase, type TestDatabase } from "../src/store/testing.ts";
import { buildServer, createRequestLogger } from "../src/web/index.ts";

const PASSWORD = "paarse olifant zingt zacht";
const FORM = { "content-type": "application/x-www-form-urlencoded" };

for (const engine of engineCases()) {
  describe(`console administration on ${engine}`, () => {
    let db: TestDatabase;
    let app: FastifyInstance;
    const cookies = new Map<string, { cookie: string; token: string }>();
    const ids = new Map<string, string>();
    const secrets = new Map<string, string>();

    async function admin(name: string, organisationId: string): Promise<void> {
      const email = `${name}-${engine}@example.org`;
      const { account } = await createStaff(db, operatorActor("os:test", organisationId), {
        email,
        displayName: name,
        roles: ["organisation-admin"],
        password: PASSWORD,
      });
      const secret = new Secret({ size: 20 }).base32;
      await staffAccounts.setPendingTotp(db.db, db.keys, account.id, secret);
      await staffAccounts.confirmTotp(db.db, account.id, new Date());
      const first = await staffPasswordStep(db, { email, password: PASSWORD });
      if (!first.ok) throw new Error("password refused");
      const second = await staffCodeStep(
        db,
        first.token,
        new TOTP({ secret: Secret.fromBase32(secret) }).generate(),
      );
      if (!second.ok) throw new Error("code refused");
      const cookie = `lekwijzer-console=${second.token}`;
      const home = await app.inject({ url: "/console", headers: { cookie } });
      const token = /name="formulier" value="([^"]+)"/.exec(home.body)?.[1] ?? "";
      cookies.set(name, { cookie, token });
      ids.set(name, account.id);
      secrets.set(name, secret);
    }
    const get = (url: string, who: string) =>
      app.inject({ url, headers: { cookie: cookies.get(who)?.cookie ?? "" } });
    const post = (url: string, who: string, fields: Record<string, string>) =>
      app.inject({
        method: "POST",
        url,
        headers: { cookie: cookies.get(who)?.cookie ?? "", ...FORM },
        payload: new URLSearchParams({ formulier: cookies.get(who)?.token ?? "", ...fields }).toString(),
      });

    beforeAll(async () => {
      db = await openTestDatabase(engine);
      app = await buildServer({
        logger: createRequestLogger("silent", new Writable({ write: (_c, _e, done) => done() })),
        publicUrl: "http://127.0.0.1",
        ping: async () => {},
        store: { db: db.db, keys: db.keys },
        authenticate: (secret) => apiKeys.authenticate(db.db, secret),
      });
      await app.ready();
      const a = await organisations.create(db.db, { slug: `adm-a-${engine}`, name: "Organisatie A" });
      const b = await organisations.create(db.db, { slug: `adm-b-${engine}`, name: "Organisatie B" });
      await admin("ada", a.id);
      await admin("ben", b.id);
    }, 120_000);
    afterAll(async () => {
      await app?.close();
      await db?.close();
    });

    it("issues a key once, keeps what was typed on errors, and revokes it so the API refuses it", async () => {
      const wrong = await post("/console/api-sleutels", "ada", { holder: " ", label: "Koppeling CRM" });
      expect(wrong.statusCode).toBe(400);
      expect(wrong.body).toContain('href="#houder"');
      expect(wrong.body).toContain('href="#rechten-read"');
      expect(wrong.body).toContain('value="Koppeling CRM"');

      const made = await post("/console/api-sleutels", "ada", { holder: "CRM-systeem", scope: "read" });
      expect(made.statusCode).toBe(200);
      const secret = /id="nieuwe-sleutel">([^<]+)</.exec(made.body)?.[1] ?? "";
      expect(secret.length).toBeGreaterThan(20);
      const api = () =>
        app.inject({ url: "/api/v1/breaches", headers: { authorization: `Bearer ${secret}` } });
      expect((await api()).statusCode).toBe(200);
      // Shown once: the list afterwards has only the hint.
      const list = await get("/console/api-sleutels", "ada");
      expect(list.body).not.toContain(secret);
      expect(list.body).toContain("CRM-systeem");

      const keyId = /api-sleutels\/([0-9a-f-]{36})\/intrekken/.exec(list.body)?.[1] ?? "";
      const theirs = await post(`/console/api-sleutels/${keyId}/intrekken`, "ben", {});
      expect(theirs.statusCode).toBe(404);
      expect((await api()).statusCode).toBe(200);
      const revoked = await post(`/console/api-sleutels/${keyId}/intrekken`, "ada", {});
      expect(revoked.statusCode).toBe(303);
      expect((await api()).statusCode).toBe(401);
    });

    it("shows the organisation's own audit entries, records the reading, and verifies the chain", async () => {
      await post("/console/api-sleutels", "ben", { holder: "Systeem van B", scope: "write" });
      const page = await get("/console/logboek", "ada");
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain("apikey.created");
      expect(page.body).toContain("CRM-systeem");
      expect(page.body).not.toContain("Systeem van B");
      const verified = await get("/console/logboek?controleer=1", "ada");
      expect(verified.body).toMatch(/De keten is heel: alle \d+ regels kloppen\./);
      const reads = await sql<{ action: string }>`select action from audit_log
        where actor = ${`staff:${ids.get("ada")}`} and action in ('audit.read', 'audit.verified')
        order by seq`.execute(db.db as Executor);
      expect(reads.rows.map((r) => r.action)).toEqual(["audit.read", "audit.verified"]);
    });

    it("refuses a network that sent too many wrong log-ins, and only that network", async () => {
      const login = (password: string, remoteAddress = "127.0.0.1") =>
        app.inject({
          method: "POST",
          url: "/console/inloggen",
          remoteAddress,
          headers: FORM,
          payload: new URLSearchParams({ email: `ada-${engine}@example.org`, password }).toString(),
        });
      // Different accounts, as credential stuffing tries them: no account is locked, the network is.
      // The 31st miss spends the budget (guess-budget.ts: one answer more at most); then the network waits.
      for (let i = 0; i < 31; i++) {
        const wrong = await app.inject({
          method: "POST",
          url: "/console/inloggen",
          headers: FORM,
          payload: new URLSearchParams({ email: `iemand-${i}@example.org`, password: "raden" }).toString(),
        });
        expect(wrong.statusCode).toBe(400);
      }
      const blocked = await login(PASSWORD);
      expect(blocked.statusCode).toBe(429);
      expect(blocked.body).toContain("vanaf uw netwerk te veel verkeerde pogingen");
      expect((await login(PASSWORD, "192.0.2.10")).statusCode).toBe(303);
    });

    // Last: it moves the data to a new key.
    it("keeps staff log-in working after a key rotation, once only the new secret is left", async () => {
      const secret = randomBytes(32);
      const report = await rotation.reencrypt(db.db, createKeyring(secret, [db.masterSecret]));
      expect(report.staffResealed).toBe(2);
      const onlyNew = { db: db.db, keys: createKeyring(secret) };
      const later = new Date(Date.now() + 60_000);
      const first = await staffPasswordStep(
        onlyNew,
        { email: `ada-${engine}@example.org`, password: PASSWORD },
        later,
      );
      expect(first.ok).toBe(true);
      if (!first.ok) return;
      const code = new TOTP({ secret: Secret.fromBase32(secrets.get("ada") ?? "") }).generate({
        timestamp: later.getTime(),
      });
      expect((await staffCodeStep(onlyNew, first.token, code, later)).ok).toBe(true);
    });
  });
}
