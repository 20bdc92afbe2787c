/**
 * Keys are checked before anything else about a request (issue 15): every API route that needs a key answers a
 * request without one, or with a wrong one, with 401, even when its path, query and body are all invalid. A
 * route that checked its key after validation would tell a stranger what the body should look like (400), and
 * would spend work on someone it does not know. The walk covers every registered route, so a new one is tested
 * the day it is added.
 */
import { Writable } from "node:stream";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKeys } from "../src/store/index.ts";
import { openTestDatabase, type TestDatabase } from "../src/store/testing.ts";
import { buildServer, createRequestLogger } from "../src/web/index.ts";
import { listRoutes } from "../src/web/server.ts";

/** The routes anyone may call without a key; every other /api/v1 route must demand one. */
const KEYLESS = [
  "/api/v1/framework",
  "/api/v1/assessments",
  "/api/v1/action-plans",
  "/api/v1/openapi.json",
  // An organisation's published transparency register: open data, like the framework.
  "/api/v1/organisations/:slug/transparency",
];
/** Routes where a key is optional but, when presented, must be valid (it unlocks custom setups). */
const OPTIONAL_KEY = ["/api/v1/message-previews"];

/** A body that fails every route's schema: wrong type at the top, and an unknown field. */
const BAD_BODY = JSON.stringify({ zzNotAField: ["x".repeat(10)], facts: 7, scope: 42 });
/** Query parameters no route accepts in this shape. */
const BAD_QUERY = "?limit=-5&offset=minus&zzNotAField=1";

let db: TestDatabase;
let app: FastifyInstance;

beforeAll(async () => {
  db = await openTestDatabase("pglite");
  const sink = new Writable({ write: (_chunk, _enc, done) => done() });
  app = await buildServer({
    logger: createRequestLogger("error", sink),
    publicUrl: "http://127.0.0.1",
    ping: async () => {},
    rateLimitPerMinute: 1_000_000,
    authenticate: (secret) => apiKeys.authenticate(db.db, secret),
    store: { db: db.db, keys: db.keys },
    webhooks: { token: "webhook-token-for-tests", secrets: {} },
  });
  await app.ready();
});

afterAll(async () => {
  await app?.close();
  await db?.close();
});

const send = (method: string, url: string, headers: Record<string, string>) =>
  app.inject({
    method: method as "POST",
    // Path parameters that are not even well-formed: validation would refuse them too.
    url: url.replace(/:[A-Za-z]+/g, "not-a-valid-id") + BAD_QUERY,
    headers: { ...headers, ...(method === "GET" ? {} : { "content-type": "application/json" }) },
    ...(method === "GET" ? {} : { payload: BAD_BODY }),
  });

describe("API routes check the key before validating the request", () => {
  it("answers 401, not 400, without a key or with a wrong one, on every route that needs a key", async () => {
    const routes = listRoutes(app).filter(
      (r) => r.url.startsWith("/api/v1/") && !KEYLESS.includes(r.url) && !OPTIONAL_KEY.includes(r.url),
    );
    // The walk reaches every keyed area: breaches and imports, campaigns, the organisation, the webhooks.
    const urls = routes.map((r) => r.url);
    for (const part of ["/breaches", "/campaigns", "/organisation/", "/webhooks"])
      expect(
        urls.some((u) => u.includes(part)),
        part,
      ).toBe(true);

    const wrong: string[] = [];
    for (const route of routes) {
      const keys: Record<string, string>[] = [{}, { authorization: "Bearer lwk_not_a_real_key_at_all" }];
      for (const headers of keys) {
        const response = await send(route.method, route.url, headers);
        const who = "authorization" in headers ? "a wrong key" : "no key";
        if (response.statusCode !== 401)
          wrong.push(`${route.method} ${route.url} with ${who}: ${response.statusCode}`);
        else expect(response.headers["content-type"]).toMatch(/^application\/problem\+json/);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("answers 401, not 400, on a route with an optional key when the key presented is wrong", async () => {
    for (const url of OPTIONAL_KEY) {
      const response = await send("POST", url, { authorization: "Bearer lwk_not_a_real_key_at_all" });
      expect(response.statusCode, url).toBe(401);
      // Without a key the route is open, so a bad body is the caller's to hear about.
      expect((await send("POST", url, {})).statusCode, url).toBe(400);
    }
  });
});
