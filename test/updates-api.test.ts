/**
 * Updates of a breach over HTTP on a real server, both engines: a write key writes and publishes, a read key
 * lists; without a key the answer is 401 before the body is looked at; a read key cannot write (403); a bad
 * body is 400 naming the field; another organisation's breach and update are 404; the OpenAPI describes it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKeys, breaches, organisations } from "../src/store/index.ts";
import { engineCases, openTestDatabase, type TestDatabase } from "../src/store/testing.ts";
import { startTestServer, type TestServer } from "./support/server.ts";

const UPDATE = {
  title: { nl: "We hebben het lek gedicht", en: "We closed the leak" },
  body: { nl: "De inbreker kan niet meer bij de gegevens. U hoeft niets te doen." },
};

// biome-ignore lint/suspicious/noExplicitAny: the answers are checked field by field below
const json = async (response: Response): Promise<any> => response.json();

describe.each(engineCases())("updates API on %s", (engine) => {
  let db: TestDatabase;
  let server: TestServer;
  const secrets: Record<string, string> = {};
  const breachOf: Record<string, string> = {};

  beforeAll(async () => {
    db = await openTestDatabase(engine);
    for (const slug of ["upd-a", "upd-b"]) {
      const organisation = await organisations.create(db.db, { slug, name: slug });
      breachOf[slug] = (
        await breaches.create(db.db, {
          organisationId: organisation.id,
          slug: `${slug}-lek`,
          title: "Lek",
          facts: { awareAt: "2026-11-01T10:00:00Z" },
        })
      ).id;
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
    server = await startTestServer({
      extra: {
        authenticate: (secret) => apiKeys.authenticate(db.db, secret),
        store: { db: db.db, keys: db.keys },
      },
    });
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await db?.close();
  });

  const call = (method: string, path: string, key?: string, body?: unknown) =>
    fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: {
        ...(key ? { authorization: `Bearer ${secrets[key]}` } : {}),
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });

  it("writes a draft, lists it and publishes it", async () => {
    const path = `/breaches/${breachOf["upd-a"]}/updates`;
    const created = await call("POST", path, "upd-a-write", UPDATE);
    expect(created.status).toBe(201);
    expect(created.headers.get("content-type")).toMatch(/^application\/json/);
    const draft = await json(created);
    expect(draft).toMatchObject({
      breachId: breachOf["upd-a"],
      title: UPDATE.title,
      body: { nl: UPDATE.body.nl, en: null },
      status: "draft",
      publishedAt: null,
      plainLanguage: [],
    });

    const listed = await call("GET", path, "upd-a-read");
    expect(listed.status).toBe(200);
    const { plainLanguage: _, ...stored } = draft;
    expect((await json(listed)).updates).toEqual([stored]);

    const published = await call("POST", `${path}/${draft.id}/publish`, "upd-a-write");
    expect(published.status).toBe(200);
    expect(await json(published)).toMatchObject({ id: draft.id, status: "published" });
    expect((await json(await call("GET", path, "upd-a-read"))).updates[0].status).toBe("published");
  });

  it("answers 401 before 400, 403 to a read key, and 400 naming the field to a write key", async () => {
    const path = `/breaches/${breachOf["upd-a"]}/updates`;
    const bad = { title: { nl: "" }, body: 7, extra: true };
    const keyless = await call("POST", path, undefined, bad);
    expect(keyless.status).toBe(401);
    expect(keyless.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect((await call("POST", path, "upd-a-read", UPDATE)).status).toBe(403);
    const invalid = await call("POST", path, "upd-a-write", { title: { nl: " " }, body: { nl: "Tekst." } });
    expect(invalid.status).toBe(400);
    expect(invalid.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(JSON.stringify(await json(invalid))).toContain("body.title.nl");
  });

  it("answers 404 for another organisation's breach and update, like for none", async () => {
    const theirs = `/breaches/${breachOf["upd-b"]}/updates`;
    const their = await json(await call("POST", theirs, "upd-b-write", UPDATE));
    expect((await call("POST", theirs, "upd-a-write", UPDATE)).status).toBe(404);
    // Before the body is looked at: a bad body for their breach is still 404, never 400.
    expect((await call("POST", theirs, "upd-a-write", { facts: 7 })).status).toBe(404);
    expect((await call("GET", theirs, "upd-a-read")).status).toBe(404);
    expect((await call("POST", `${theirs}/${their.id}/publish`, "upd-a-write")).status).toBe(404);
    const ours = `/breaches/${breachOf["upd-a"]}/updates`;
    expect((await call("POST", `${ours}/${their.id}/publish`, "upd-a-write")).status).toBe(404);
    expect((await json(await call("GET", theirs, "upd-b-read"))).updates[0].status).toBe("draft");
  });

  it("is described in the OpenAPI document", async () => {
    const document = await json(await call("GET", "/openapi.json"));
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        "/breaches/{breachId}/updates",
        "/breaches/{breachId}/updates/{updateId}/publish",
      ]),
    );
    const post = document.paths["/breaches/{breachId}/updates"].post;
    expect(Object.keys(post.responses)).toEqual(expect.arrayContaining(["201", "400", "401", "403", "404"]));
  });
});
