/**
 * The README's "An organisation from scratch" walk-through, command for command, on a fresh embedded data folder:
 * create the organisation, set its profile, verify its domain, create the breach, import the victims, then the
 * campaign — created and checked by one person, approved and started by another. Once through the CLI (two
 * operating-system users), once through the API (keys of two holders; DNS answered by a stub).
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Writable } from "node:stream";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/cli/config.ts";
import { EXIT_INVALID, EXIT_OK, type Io, run } from "../src/cli/index.ts";
import { openStore, type StoreSession } from "../src/cli/store-session.ts";
import { captureIo } from "../src/cli/testing.ts";
import { type ImportWorker, startImportWorker } from "../src/operations/index.ts";
import { apiKeys } from "../src/store/index.ts";
import { buildServer, createRequestLogger } from "../src/web/index.ts";

const EXAMPLES = resolve(import.meta.dirname, "../examples");
const PROFILE = join(EXAMPLES, "organisation/profile.json");
const CAMPAIGN = join(EXAMPLES, "organisation/campaign.json");
const FACTS = join(EXAMPLES, "telecom-crm-theft.json");
const VICTIMS = join(EXAMPLES, "victims-sample.csv");

const dnsUnanswered = async (): Promise<string[][]> => {
  throw Object.assign(new Error("queryTxt ENOTFOUND"), { code: "ENOTFOUND" });
};

// biome-ignore lint/suspicious/noExplicitAny: the commands' JSON is checked field by field below
type Ran = { code: number; out: string; err: string; json: () => any };

/** `lekwijzer …` as the operating-system user `user`. */
async function as(user: string, ...args: string[]): Promise<Ran> {
  const io: Io & { out: string; err: string } = captureIo("", {
    osUser: () => user,
    resolveTxt: dnsUnanswered,
  });
  const code = await run(args, io);
  return { code, out: io.out, err: io.err, json: () => JSON.parse(io.out) };
}

describe("an organisation from scratch", () => {
  const dir = mkdtempSync(join(tmpdir(), "lekwijzer-walkthrough-"));
  beforeAll(() => {
    process.env.DATA_DIR = join(dir, "data");
    process.env.LEKWIJZER_DEMO = "false";
    delete process.env.DATABASE_URL;
  });

  it("runs through the CLI: two operating-system users, the domain vouched for by hand", {
    timeout: 180_000,
  }, async () => {
    const alice = (...args: string[]) => as("alice", ...args);
    const bob = (...args: string[]) => as("bob", ...args);

    expect(
      (await alice("org", "create", "--name", "Voorbeeld Energie BV", "--slug", "voorbeeld-energie")).code,
    ).toBe(EXIT_OK);

    // Without a profile nothing can be sent, and the refusal says what to do.
    const facts = await alice("breach", "create", "--org", "voorbeeld-energie", FACTS, "--json");
    expect(facts.code, facts.err).toBe(EXIT_OK);
    const breachId = facts.json().id as string;
    const early = await alice("campaign", "create", "--breach", breachId, "--setup", CAMPAIGN);
    expect(early.code).toBe(EXIT_INVALID);
    expect(early.err).toContain("lekwijzer org profile set");

    const profile = await alice("org", "profile", "set", "--org", "voorbeeld-energie", PROFILE, "--json");
    expect(profile.code, profile.err).toBe(EXIT_OK);
    expect(profile.json().dkimKey.publicKey).toMatch(/^MII/);
    expect(profile.out).not.toContain("PRIVATE KEY");
    const shown = await alice("org", "profile", "show", "--org", "voorbeeld-energie", "--json");
    expect(shown.json().profile).toEqual(JSON.parse(readFileSync(PROFILE, "utf8")));

    const domains = await alice("org", "domain", "list", "--org", "voorbeeld-energie", "--json");
    const records = domains.json().domains[0].records as { purpose: string; name: string; value: string }[];
    expect(records.map((r) => r.purpose)).toEqual(["verification", "spf", "dkim", "dmarc"]);
    expect(records[0]?.name).toBe("_lekwijzer.energie.example");
    expect(records[2]).toMatchObject({ name: "lekwijzer._domainkey.energie.example" });
    expect(records[2]?.value).toContain(profile.json().dkimKey.publicKey);
    // DNS does not know this invented domain: verification names the record to publish.
    const unanswered = await alice(
      "org",
      "domain",
      "verify",
      "--org",
      "voorbeeld-energie",
      "energie.example",
    );
    expect(unanswered.code).toBe(EXIT_INVALID);
    expect(unanswered.err).toContain("_lekwijzer.energie.example");

    const imported = await alice("import", "--breach", breachId, VICTIMS, "--json");
    expect(imported.code, imported.err).toBe(EXIT_OK);

    const created = await alice("campaign", "create", "--breach", breachId, "--setup", CAMPAIGN, "--json");
    expect(created.code, created.err).toBe(EXIT_OK);
    const campaignId = created.json().id as string;
    expect((await alice("campaign", "check", campaignId, "--json")).json().status).toBe("checked");
    // The approver sees what an approval covers and passes its digest; without it, nothing is approved.
    const approval = await bob("campaign", "approval", campaignId, "--json");
    expect(approval.code, approval.err).toBe(EXIT_OK);
    const digest = approval.json().digest as string;
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    expect((await bob("campaign", "approve", campaignId)).code).not.toBe(EXIT_OK);
    // The creator cannot approve, and no --actor lets them pretend to be someone else.
    const self = await alice("campaign", "approve", campaignId, "--digest", digest);
    expect(self.code).toBe(EXIT_INVALID);
    expect(self.err).toContain("approver-is-creator");
    expect((await alice("campaign", "approve", campaignId, "--digest", digest, "--actor", "bob")).code).toBe(
      EXIT_INVALID,
    );
    const stale = await bob("campaign", "approve", campaignId, "--digest", "0".repeat(64));
    expect(stale.err).toContain("approval-stale");
    expect((await bob("campaign", "approve", campaignId, "--digest", digest, "--json")).json().status).toBe(
      "approved",
    );

    const unverified = await bob("campaign", "start", campaignId);
    expect(unverified.code).toBe(EXIT_INVALID);
    expect(unverified.err).toContain("_lekwijzer.energie.example");
    const vouched = await alice(
      "org",
      "domain",
      "verify",
      "--org",
      "voorbeeld-energie",
      "energie.example",
      "--by-hand",
      "offline test installation",
      "--json",
    );
    expect(vouched.json()).toMatchObject({ status: "verified", method: "manual" });

    const started = await bob("campaign", "start", campaignId, "--json");
    expect(started.code, started.err).toBe(EXIT_OK);
    expect(started.json().status).toBe("running");
  });

  describe("through the API", () => {
    let store: StoreSession;
    let app: FastifyInstance;
    let importWorker: ImportWorker | undefined;
    const published = new Map<string, string[][]>();

    beforeAll(async () => {
      expect(
        (await as("operator", "org", "create", "--name", "Api Energie BV", "--slug", "api-energie")).code,
      ).toBe(EXIT_OK);
    }, 60_000);
    afterAll(async () => {
      await app?.close();
      await importWorker?.stop();
      await store?.close();
    });

    it("runs with an admin key, a write key and a send key of two holders", {
      timeout: 120_000,
    }, async () => {
      const key = async (scope: string, holder: string) =>
        (
          await as(
            "operator",
            "apikey",
            "create",
            "--org",
            "api-energie",
            "--scope",
            scope,
            "--holder",
            holder,
            "--json",
          )
        ).json().secret as string;
      const admin = await key("admin", "Kim Bakker");
      const sam = await key("write", "Sam Jansen");
      const robin = await key("send", "Robin de Wit");
      const samAgain = await key("send", "sam  jansen");

      store = await openStore(loadConfig(), { migrate: true });
      app = await buildServer({
        logger: createRequestLogger("silent", new Writable({ write: (_c, _e, done) => done() })),
        publicUrl: "http://127.0.0.1",
        ping: async () => {},
        authenticate: (secret) => apiKeys.authenticate(store.db, secret),
        store: { db: store.db, keys: store.keys },
        resolveTxt: async (name) => published.get(name) ?? [],
      });
      // Uploads are imported by a worker, as in `lekwijzer worker`, never by the web process.
      importWorker = startImportWorker({ db: store.db, keys: store.keys }, { pollMs: 50 });
      const call = (secret: string, method: "GET" | "POST" | "PUT", url: string, payload?: unknown) =>
        app.inject({
          method,
          url: `/api/v1${url}`,
          headers: { authorization: `Bearer ${secret}` },
          ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
        });

      const profile = JSON.parse(readFileSync(PROFILE, "utf8"));
      expect((await call(sam, "PUT", "/organisation/profile", profile)).statusCode).toBe(403);
      const put = await call(admin, "PUT", "/organisation/profile", profile);
      expect(put.statusCode, put.body).toBe(200);
      expect((await call(admin, "GET", "/organisation/profile")).json().profile).toEqual(profile);

      const listed = await call(admin, "GET", "/organisation/domains");
      const verification = listed.json().domains[0].records[0] as { name: string; value: string };
      const early = await call(admin, "POST", "/organisation/domains/energie.example/verify");
      expect(early.statusCode).toBe(409);
      expect(early.json().detail).toContain(verification.name);
      published.set(verification.name, [[verification.value]]);
      const verified = await call(admin, "POST", "/organisation/domains/energie.example/verify");
      expect(verified.json()).toMatchObject({ status: "verified", method: "dns" });

      const breach = await call(sam, "POST", "/breaches", {
        facts: JSON.parse(readFileSync(FACTS, "utf8")).facts,
      });
      expect(breach.statusCode, breach.body).toBe(201);
      const breachId = breach.json().id as string;
      const upload = await app.inject({
        method: "POST",
        url: `/api/v1/breaches/${breachId}/imports`,
        headers: { authorization: `Bearer ${sam}`, "content-type": "text/csv" },
        payload: readFileSync(VICTIMS),
      });
      expect(upload.statusCode, upload.body).toBe(202);
      for (let i = 0; i < 200; i++) {
        const job = await call(sam, "GET", `/breaches/${breachId}/imports/${upload.json().id}`);
        if (job.json().status === "done") break;
        await new Promise((r) => setTimeout(r, 100));
      }

      const setup = JSON.parse(readFileSync(CAMPAIGN, "utf8"));
      expect((await call(robin, "POST", `/breaches/${breachId}/campaigns`, { setup })).statusCode).toBe(403);
      const created = await call(sam, "POST", `/breaches/${breachId}/campaigns`, { setup });
      expect(created.statusCode, created.body).toBe(201);
      const id = created.json().id as string;
      expect((await call(sam, "POST", `/campaigns/${id}/check`)).json().status).toBe("checked");
      // The approver is shown what an approval covers, and approves that digest; without one, nothing.
      const shown = await call(robin, "GET", `/campaigns/${id}/approval`);
      expect(shown.statusCode, shown.body).toBe(200);
      const approval = { digest: shown.json().digest as string };
      expect((await call(sam, "POST", `/campaigns/${id}/approve`, approval)).statusCode).toBe(403);
      const sameHolder = await call(samAgain, "POST", `/campaigns/${id}/approve`, approval);
      expect(sameHolder.statusCode).toBe(409);
      expect(sameHolder.json().detail).toContain("approver-is-creator");
      const unseen = await call(robin, "POST", `/campaigns/${id}/approve`, {});
      expect(unseen.statusCode).toBe(400);
      expect(unseen.body).toContain("digest");
      const other = await call(robin, "POST", `/campaigns/${id}/approve`, { digest: "0".repeat(64) });
      expect(other.statusCode).toBe(409);
      expect(other.json().detail).toContain("approval-stale");
      expect((await call(robin, "POST", `/campaigns/${id}/approve`, approval)).json().status).toBe(
        "approved",
      );
      const started = await call(robin, "POST", `/campaigns/${id}/start`);
      expect(started.statusCode, started.body).toBe(200);
      expect(started.json().status).toBe("running");
    });
  });
});
