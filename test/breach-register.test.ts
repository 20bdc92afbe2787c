/**
 * The public register of large breaches through the real server and a real database, both engines: a write
 * key lists a published breach; the register's page, JSON and Atom feed show the organisation, the date, what
 * leaked and how many people, with a link to the breach page; a breach that is unlisted, unpublished or another
 * organisation's is never shown and cannot be listed by anyone else; a read key cannot list.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keyActor } from "../src/operations/actor.ts";
import { createBreach } from "../src/operations/breaches.ts";
import { apiKeys } from "../src/store/index.ts";
import { engineCases, openTestDatabase, type TestDatabase } from "../src/store/testing.ts";
import { organisationReadyToSend } from "./support/organisation.ts";
import { startTestServer, type TestServer } from "./support/server.ts";

const FACTS = JSON.parse(
  readFileSync(resolve(import.meta.dirname, "../examples/telecom-crm-theft.json"), "utf8"),
).facts;

// biome-ignore lint/suspicious/noExplicitAny: the answers are checked field by field below
const json = async (response: Response): Promise<any> => response.json();

/** The register caches its entries for a second per process: wait out one period before reading. */
const settle = () => new Promise((r) => setTimeout(r, 1_100));

describe.each(engineCases())("register of large breaches on %s", (engine) => {
  let db: TestDatabase;
  let server: TestServer;
  const keys: Record<"write" | "read" | "otherWrite", string> = { write: "", read: "", otherWrite: "" };
  let listedId: string;
  let quietId: string;
  let draftPageId: string;

  beforeAll(async () => {
    db = await openTestDatabase(engine);
    const ctx = { db: db.db, keys: db.keys };
    const organisationId = await organisationReadyToSend(ctx, "register-org");
    const otherId = await organisationReadyToSend(ctx, "andere-org");
    const actor = keyActor({ holder: "Privacy officer", organisationId, scope: "write" });
    listedId = (await createBreach(ctx, actor, { facts: FACTS, slug: "register-lek" })).id;
    quietId = (await createBreach(ctx, actor, { facts: FACTS, slug: "stil-lek" })).id;
    draftPageId = (await createBreach(ctx, actor, { facts: FACTS, slug: "zonder-pagina" })).id;
    const key = async (org: string, scope: "write" | "read") =>
      (await apiKeys.create(db.db, { organisationId: org, scope, holder: "PO", label: "t", createdBy: "t" }))
        .secret;
    keys.write = await key(organisationId, "write");
    keys.read = await key(organisationId, "read");
    keys.otherWrite = await key(otherId, "write");
    server = await startTestServer({
      extra: {
        publicUrl: "https://lekwijzer.example.org",
        authenticate: (secret) => apiKeys.authenticate(db.db, secret),
        store: { db: db.db, keys: db.keys },
      },
    });
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await db?.close();
  });

  const api = (key: string, method: string, path: string, body?: unknown) =>
    fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });

  it("lists nothing at first, and refuses to list a breach whose page is not published", async () => {
    const page = await (await fetch(`${server.url}/datalekken`)).text();
    expect(page).toContain("Er staan nog geen datalekken in het register.");
    const refused = await api(keys.write, "PUT", `/breaches/${listedId}/register`, { listed: true });
    expect(refused.status).toBe(409);
    expect((await json(refused)).detail).toMatch(/publish its page/);
  });

  it("is listed by the organisation's write key once its page is published, and only by it", async () => {
    for (const id of [listedId, quietId])
      expect((await api(keys.write, "POST", `/breaches/${id}/page`, {})).status).toBe(200);
    // Another organisation's key gets the 404 of an unknown breach; a read key may not list.
    expect(
      (await api(keys.otherWrite, "PUT", `/breaches/${listedId}/register`, { listed: true })).status,
    ).toBe(404);
    expect((await api(keys.read, "PUT", `/breaches/${listedId}/register`, { listed: true })).status).toBe(
      403,
    );
    expect((await api(keys.write, "PUT", `/breaches/${listedId}/register`, {})).status).toBe(400);
    const listed = await api(keys.write, "PUT", `/breaches/${listedId}/register`, { listed: true });
    expect(listed.status).toBe(200);
    const body = await json(listed);
    expect(body).toMatchObject({ slug: "register-lek", listed: true });
    // Listing again keeps the first date.
    const again = await json(
      await api(keys.write, "PUT", `/breaches/${listedId}/register`, { listed: true }),
    );
    expect(again.listedAt).toBe(body.listedAt);
  });

  it("shows the listed breach on its page, in JSON and in the Atom feed, and nothing else", async () => {
    await settle();
    const nl = await (await fetch(`${server.url}/datalekken`)).text();
    expect(nl).toContain(
      '<a class="utrecht-link" href="/datalek/register-lek">Datalek bij Voorbeeld Telecom BV</a>',
    );
    expect(nl).toContain("Gelekte gegevens");
    expect(nl).not.toContain("stil-lek");
    expect(nl).not.toContain("zonder-pagina");
    const en = await (await fetch(`${server.url}/en/datalekken`)).text();
    expect(en).toContain('href="/en/datalek/register-lek">Data breach at Voorbeeld Telecom BV</a>');

    const response = await fetch(`${server.url}/datalekken.json`);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    const data = await json(response);
    expect(data.entries).toHaveLength(1);
    const [entry] = data.entries;
    expect(entry).toMatchObject({
      organisation: expect.any(String),
      title: { nl: "Datalek bij Voorbeeld Telecom BV", en: "Data breach at Voorbeeld Telecom BV" },
      page: {
        nl: "https://lekwijzer.example.org/datalek/register-lek",
        en: "https://lekwijzer.example.org/en/datalek/register-lek",
      },
    });
    expect(entry.affected).toBe(FACTS.subjects.count);
    expect(entry.categories.map((c: { id: string }) => c.id).sort()).toEqual(
      [...new Set(FACTS.data.map((d: { category: string }) => d.category))].sort(),
    );
    expect(new Date(entry.awareAt).getTime()).toBe(new Date(FACTS.awareAt).getTime());
    // The register names no internal id and nothing about any person.
    expect(JSON.stringify(data)).not.toContain(listedId);

    const atom = await fetch(`${server.url}/datalekken.atom`);
    expect(atom.headers.get("content-type")).toMatch(/^application\/atom\+xml/);
    const feed = await atom.text();
    expect(feed).toMatch(
      /^<\?xml version="1.0" encoding="utf-8"\?>\n<feed xmlns="http:\/\/www.w3.org\/2005\/Atom" xml:lang="nl">/,
    );
    expect(feed.match(/<entry>/g)).toHaveLength(1);
    expect(feed).toContain(
      '<link rel="alternate" type="text/html" href="https://lekwijzer.example.org/datalek/register-lek"/>',
    );
    expect(feed).toMatch(/<id>urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}<\/id>/);
    expect(feed).not.toContain(listedId);
    expect(await (await fetch(`${server.url}/en/datalekken.atom`)).text()).toContain(
      "<title>Data breach at Voorbeeld Telecom BV</title>",
    );
  });

  it("takes a breach off the register when its organisation says so", async () => {
    const off = await api(keys.write, "PUT", `/breaches/${listedId}/register`, { listed: false });
    expect(await json(off)).toMatchObject({ listed: false, listedAt: null });
    await settle();
    expect((await json(await fetch(`${server.url}/datalekken.json`))).entries).toEqual([]);
    expect(await (await fetch(`${server.url}/datalekken.atom`)).text()).not.toContain("<entry>");
  });

  it("is linked from the home page and named in the sitemap", async () => {
    expect(await (await fetch(`${server.url}/`)).text()).toContain('href="/datalekken"');
    expect(await (await fetch(`${server.url}/sitemap.xml`)).text()).toContain(
      "<loc>https://lekwijzer.example.org/datalekken</loc>",
    );
    expect(draftPageId).toBeDefined();
  });
});
