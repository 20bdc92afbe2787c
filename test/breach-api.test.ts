/**
 * The organisation routes of the API (breaches, imports) on both engines: create a breach, upload a victim
 * file as a stream, poll the import, fetch the report; and a walk over EVERY API route with another
 * organisation's key and with none, which must never answer 2xx.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { Readable, Writable } from "node:stream";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ImportWorker, startImportWorker } from "../src/operations/index.ts";
import { apiKeys, organisations, victims } from "../src/store/index.ts";
import { engineCases, openTestDatabase, type TestDatabase } from "../src/store/testing.ts";
import { buildServer, createRequestLogger } from "../src/web/index.ts";
import { listRoutes } from "../src/web/server.ts";

const EXAMPLES = resolve(import.meta.dirname, "../examples");
const FACTS = JSON.parse(readFileSync(resolve(EXAMPLES, "telecom-crm-theft.json"), "utf8")).facts;
const SAMPLE = readFileSync(resolve(EXAMPLES, "victims-sample.csv"));
const PUBLIC = [
  "/api/v1/framework",
  "/api/v1/assessments",
  "/api/v1/action-plans",
  "/api/v1/message-previews",
  "/api/v1/openapi.json",
  "/api/v1/organisations/:slug/transparency",
];

async function until<T>(fn: () => Promise<T | undefined>, ms = 20_000): Promise<NonNullable<T>> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await fn();
    if (value !== undefined && value !== null) return value;
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.each(engineCases())("breach and import API on %s", (engine) => {
  let db: TestDatabase;
  let app: FastifyInstance;
  let importWorker: ImportWorker;
  const secrets: Record<string, string> = {};
  let breachId = "";
  let importId = "";

  beforeAll(async () => {
    db = await openTestDatabase(engine);
    for (const slug of ["org-a", "org-b"]) {
      const organisation = await organisations.create(db.db, { slug, name: slug });
      for (const scope of ["read", "write"] as const) {
        const { secret } = await apiKeys.create(db.db, {
          organisationId: organisation.id,
          scope,
          holder: `${slug} ${scope}`,
          label: "test",
          createdBy: "test",
        });
        secrets[`${slug}-${scope}`] = secret;
      }
    }
    app = await buildServer({
      logger: createRequestLogger("silent", new Writable({ write: (_c, _e, done) => done() })),
      publicUrl: "http://127.0.0.1",
      ping: async () => {},
      authenticate: (secret) => apiKeys.authenticate(db.db, secret),
      store: { db: db.db, keys: db.keys },
      uploadBytes: 64 * 1024,
    });
    importWorker = startImportWorker({ db: db.db, keys: db.keys }, { pollMs: 50 });
  });
  afterAll(async () => {
    await app?.close();
    await importWorker?.stop();
    await db?.close();
  });

  const auth = (key: string) => ({ authorization: `Bearer ${secrets[key]}` });

  it("creates a breach with its assessment, for the key's organisation only", async () => {
    const refused = await app.inject({
      method: "POST",
      url: "/api/v1/breaches",
      headers: auth("org-a-read"),
      payload: { facts: FACTS },
    });
    expect(refused.statusCode).toBe(403);
    const bad = await app.inject({
      method: "POST",
      url: "/api/v1/breaches",
      headers: auth("org-a-write"),
      payload: { facts: { ...FACTS, awareAt: "yesterday" } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().problems[0].path).toBe("body.facts.awareAt");
    const created = await app.inject({
      method: "POST",
      url: "/api/v1/breaches",
      headers: auth("org-a-write"),
      payload: { facts: FACTS },
    });
    expect(created.statusCode).toBe(201);
    breachId = created.json().id;
    expect(created.headers.location).toBe(`/api/v1/breaches/${breachId}`);
    expect(created.json().assessment.risk).toBe("high");
    const listA = await app.inject({ url: "/api/v1/breaches", headers: auth("org-a-read") });
    expect(listA.json().breaches.map((b: { id: string }) => b.id)).toEqual([breachId]);
    const listB = await app.inject({ url: "/api/v1/breaches", headers: auth("org-b-read") });
    expect(listB.json().breaches).toEqual([]);
    const other = await app.inject({ url: `/api/v1/breaches/${breachId}`, headers: auth("org-b-read") });
    expect(other.statusCode).toBe(404);
  });

  it("imports a streamed upload, reports progress and summary, and serves the report", async () => {
    const started = await app.inject({
      method: "POST",
      url: `/api/v1/breaches/${breachId}/imports`,
      headers: { ...auth("org-a-write"), "content-type": "text/csv" },
      payload: Readable.from([SAMPLE.subarray(0, 500), SAMPLE.subarray(500)]),
    });
    expect(started.statusCode).toBe(202);
    importId = started.json().id;
    expect(started.headers.location).toBe(`/api/v1/breaches/${breachId}/imports/${importId}`);
    const done = await until(async () => {
      const polled = await app.inject({
        url: started.headers.location as string,
        headers: auth("org-a-read"),
      });
      expect(polled.statusCode).toBe(200);
      const body = polled.json() as { status: string; summary: Record<string, unknown> };
      return ["uploading", "queued", "running"].includes(body.status) ? undefined : body;
    });
    expect(done.status).toBe("done");
    expect(done.summary).toMatchObject({
      rows: 20,
      imported: 16,
      rejected: 3,
      superseded: 1,
      unreachable: 1,
    });
    expect(await victims.countByBreach(db.db, breachId)).toMatchObject({ total: 16 });
    const report = await app.inject({
      url: `${started.headers.location}/report`,
      headers: auth("org-a-read"),
    });
    expect(report.statusCode).toBe(200);
    expect(report.headers["content-type"]).toMatch(/^text\/csv/);
    expect(report.body).toContain("category-unknown");
    expect(report.body.split("\r\n").filter(Boolean)).toHaveLength(1 + 3 + 7);
  });

  it("refuses what is no victim file, too large a file, and a second upload's wrong type", async () => {
    const empty = await app.inject({
      method: "POST",
      url: `/api/v1/breaches/${breachId}/imports`,
      headers: { ...auth("org-a-write"), "content-type": "text/csv" },
      payload: "name,email\nAnna,anna@example.org\n",
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().detail).toMatch(/external_id/);
    const large = await app.inject({
      method: "POST",
      url: `/api/v1/breaches/${breachId}/imports`,
      headers: { ...auth("org-a-write"), "content-type": "text/csv" },
      payload: `external_id\n${"X\n".repeat(40_000)}`,
    });
    expect(large.statusCode).toBe(413);
    const json = await app.inject({
      method: "POST",
      url: `/api/v1/breaches/${breachId}/imports`,
      headers: { ...auth("org-a-write"), "content-type": "application/json" },
      payload: { external_id: "x" },
    });
    expect(json.statusCode).toBe(415);
  });

  it("refuses a file without a header line without repeating any of its values anywhere", async () => {
    const values = ["K-1001", "Jansen", "jansen", "jan.jansen@example.nl", "+31612345678", "Dorpsstraat 12"];
    const headerless = `${values.join(",")}\nK-1002,Bakker,bakker,piet@example.nl,+31687654321,Kerkweg 3\n`;
    const res = await app.inject({
      method: "POST",
      url: `/api/v1/breaches/${breachId}/imports`,
      headers: { ...auth("org-a-write"), "content-type": "text/csv" },
      payload: headerless,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().detail).toMatch(/header/);
    const list = await app.inject({
      url: `/api/v1/breaches/${breachId}/imports`,
      headers: auth("org-a-read"),
    });
    const audit = await db.db.selectFrom("audit_log").select(["action", "details"]).execute();
    const imports = await db.db.selectFrom("imports").select(["error", "progress", "summary"]).execute();
    const places = { answer: res.body, importList: list.body, audit, imports };
    for (const [place, content] of Object.entries(places)) {
      const text = JSON.stringify(content).toLowerCase();
      for (const value of values) expect(text, `${value} in ${place}`).not.toContain(value.toLowerCase());
    }
  });

  it("answers no route with 2xx for another organisation's key or without a key", async () => {
    const routes = listRoutes(app).filter(
      (r) => r.url.startsWith("/api/v1/") && !PUBLIC.includes(r.url.replace(/\/$/, "")),
    );
    expect(routes.map((r) => `${r.method} ${r.url}`)).toEqual(
      expect.arrayContaining([
        "GET /api/v1/breaches",
        "POST /api/v1/breaches",
        "GET /api/v1/breaches/:breachId",
        "POST /api/v1/breaches/:breachId/imports",
        "GET /api/v1/breaches/:breachId/imports/:importId",
        "GET /api/v1/breaches/:breachId/imports/:importId/report",
      ]),
    );
    for (const route of routes) {
      // Other ids of a breach's things (a notice's number, a controller notice): ones that exist nowhere.
      const url = route.url
        .replace(":breachId", breachId)
        .replace(":importId", importId)
        .replace(":number", "1")
        .replace(/:[a-zA-Z]+Id\b/g, "00000000-0000-4000-8000-000000000000");
      // A body each route accepts, so that what answers is the key check, not the body's validation.
      const payload = route.url.endsWith("/imports")
        ? SAMPLE.toString()
        : route.url.endsWith("/page")
          ? {}
          : route.url.endsWith("/register")
            ? { listed: true }
            : route.url.endsWith("/regulator-notices")
              ? { phase: "initial", sections: {} }
              : { facts: FACTS };
      const contentType = route.url.endsWith("/imports") ? "text/csv" : "application/json";
      for (const headers of [{}, auth("org-b-write")]) {
        const response = await app.inject({
          method: route.method as "GET",
          url,
          headers: { ...headers, ...(route.method === "GET" ? {} : { "content-type": contentType }) },
          ...(route.method === "GET" ? {} : { payload }),
        });
        const who = "authorization" in headers ? "another organisation" : "no key";
        const names = route.url.includes(":breachId");
        if ("authorization" in headers && !names) {
          // A collection route (list, create) serves B's own data: it may succeed, but shows nothing of A.
          expect(response.body, `${route.method} ${url}`).not.toContain(breachId);
          continue;
        }
        expect(response.statusCode, `${route.method} ${url} with ${who}`).toBeGreaterThanOrEqual(400);
        if (names && "authorization" in headers)
          expect(response.statusCode, `${route.method} ${url}`).toBe(404);
        if (!("authorization" in headers)) expect(response.statusCode, `${route.method} ${url}`).toBe(401);
      }
    }
    // Organisation B's own list stays empty: nothing of A leaked into it, and nothing was created for B.
    expect(
      (await app.inject({ url: "/api/v1/breaches", headers: auth("org-b-read") })).json().breaches,
    ).toHaveLength(1);
  });

  it("keeps breach slugs per organisation: another organisation's slug is neither refused nor revealed", async () => {
    const create = (org: string, slug: string) =>
      app.inject({
        method: "POST",
        url: "/api/v1/breaches",
        headers: auth(`${org}-write`),
        payload: { facts: FACTS, slug },
      });
    const own = await create("org-a", "klantenlek-2026");
    expect(own.statusCode).toBe(201);
    // Another organisation may use the same slug: a refusal would tell it the slug exists elsewhere.
    const other = await create("org-b", "klantenlek-2026");
    expect(other.statusCode).toBe(201);
    expect(other.json().id).not.toBe(own.json().id);
    const again = await create("org-a", "klantenlek-2026");
    expect(again.statusCode).toBe(400);
    expect(again.json().problems).toEqual([{ path: "body.slug", message: expect.stringMatching(/exists/) }]);
  });
});
