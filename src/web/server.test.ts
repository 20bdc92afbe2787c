import { Writable } from "node:stream";
import { Validator } from "@seriousme/openapi-schema-validator";
import { afterEach, describe, expect, it } from "vitest";
import { createRequestLogger } from "./logging.ts";
import { buildServer } from "./server.ts";

function captureLogs() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: createRequestLogger("info", stream), lines };
}

let closeList: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(closeList.map((close) => close()));
  closeList = [];
});

async function server(ping: () => Promise<void> = async () => {}) {
  const logs = captureLogs();
  const app = await buildServer({ logger: logs.logger, publicUrl: "http://localhost:3000", ping });
  closeList.push(() => app.close());
  return { app, logs };
}

describe("web server", () => {
  it("answers liveness and readiness", async () => {
    const { app } = await server();
    const health = await app.inject({ method: "GET", url: "/health" });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({ status: "ok" });
    const ready = await app.inject({ method: "GET", url: "/ready" });
    expect(ready.statusCode).toBe(200);
  });

  it("reports not ready as problem+json when the database does not answer", async () => {
    const { app } = await server(async () => {
      throw new Error("connection refused");
    });
    const ready = await app.inject({ method: "GET", url: "/ready" });
    expect(ready.statusCode).toBe(503);
    expect(ready.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(ready.json()).toMatchObject({ type: "/problems/not-ready", status: 503 });
  });

  it("sends problem+json with a request id for unknown API routes", async () => {
    const { app } = await server();
    const res = await app.inject({ method: "GET", url: "/api/v1/nothing-here?x=1" });
    expect(res.statusCode).toBe(404);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
    const body = res.json();
    expect(body).toMatchObject({
      type: "/problems/not-found",
      title: "Not found",
      status: 404,
      instance: "/api/v1/nothing-here",
    });
    expect(body.requestId).toBe(res.headers["x-request-id"]);
  });

  it("sends problem+json for a body it cannot parse", async () => {
    const { app } = await server();
    app.post(
      "/api/v1/echo",
      { schema: { body: { type: "object", required: ["a"], properties: { a: { type: "integer" } } } } },
      async (r) => r.body,
    );
    const broken = await app.inject({
      method: "POST",
      url: "/api/v1/echo",
      headers: { "content-type": "application/json" },
      payload: "{nope",
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(broken.json().type).toBe("/problems/bad-request");
    const invalid = await app.inject({ method: "POST", url: "/api/v1/echo", payload: { a: "x" } });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json()).toMatchObject({
      type: "/problems/validation-failed",
      problems: [{ path: "body.a" }],
    });
  });

  it("sets security headers on pages", async () => {
    const { app } = await server();
    const res = await app.inject({ method: "GET", url: "/" });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-security-policy"]).toContain("default-src 'none'");
    expect(res.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["referrer-policy"]).toBe("no-referrer");
    expect(res.headers["strict-transport-security"]).toBeDefined();
    expect(res.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    // Also on answers no route made, and without the embedder policy the portal's pages do not want.
    const missing = await app.inject({ method: "GET", url: "/bestaat-niet" });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers["content-security-policy"]).toBe(res.headers["content-security-policy"]);
    expect(missing.headers["x-frame-options"]).toBe("SAMEORIGIN");
    expect(missing.headers["cross-origin-embedder-policy"]).toBeUndefined();
  });

  it("serves the home page in Dutch and English with NL Design System styles", async () => {
    const { app } = await server();
    const nl = await app.inject({ method: "GET", url: "/" });
    expect(nl.body).toContain('<html lang="nl">');
    expect(nl.body).toContain("utrecht-heading-1");
    expect(nl.body).toContain('href="/assets/utrecht.css"');
    const en = await app.inject({ method: "GET", url: "/en" });
    expect(en.body).toContain('<html lang="en">');
    expect(en.body).toContain("Help after a data breach");
    const css = await app.inject({ method: "GET", url: "/assets/utrecht.css" });
    expect(css.statusCode).toBe(200);
    expect(css.headers["content-type"]).toMatch(/^text\/css/);
    const again = await app.inject({
      method: "GET",
      url: "/assets/utrecht.css",
      headers: { "if-none-match": String(css.headers.etag) },
    });
    expect(again.statusCode).toBe(304);
  });

  it("links every public page's main menu to the personal plan, in the page's language", async () => {
    const { app } = await server();
    for (const path of ["/", "/wat-kunt-u-doen", "/hulp", "/handelingskader"]) {
      for (const [prefix, link] of [
        ["", '<a class="lw-header-link" href="/mijn-plan">Mijn plan</a>'],
        ["/en", '<a class="lw-header-link" href="/en/mijn-plan">My plan</a>'],
      ] as const) {
        const url = prefix && path === "/" ? prefix : `${prefix}${path}`;
        const res = await app.inject({ method: "GET", url });
        expect(res.statusCode, url).toBe(200);
        const nav = /<nav [^>]*aria-label="(?:Hoofdmenu|Main menu)">([\s\S]*?)<\/nav>/.exec(res.body)?.[1];
        expect(nav, url).toContain(link);
      }
    }
  });

  it("publishes a valid OpenAPI document", async () => {
    const { app } = await server();
    const res = await app.inject({ method: "GET", url: "/api/v1/openapi.json" });
    expect(res.statusCode).toBe(200);
    const document = res.json();
    expect(document.openapi).toBe("3.1.0");
    // System endpoints stay out of the API document; its server URL carries the major version.
    expect(Object.keys(document.paths)).not.toContain("/health");
    expect(document.servers).toEqual([{ url: "http://localhost:3000/api/v1" }]);
    expect(document.info.contact).toMatchObject({ name: "Lekwijzer", url: "http://localhost:3000" });
    const validator = new Validator();
    const result = await validator.validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("limits requests per client on computing endpoints with a 429 problem and Retry-After", async () => {
    const logs = captureLogs();
    const app = await buildServer({
      logger: logs.logger,
      publicUrl: "http://localhost:3000",
      ping: async () => {},
      rateLimitPerMinute: 2,
    });
    closeList.push(() => app.close());
    const post = () => app.inject({ method: "POST", url: "/api/v1/action-plans", payload: {} });
    expect((await post()).statusCode).toBe(400);
    expect((await post()).statusCode).toBe(400);
    const limited = await post();
    expect(limited.statusCode).toBe(429);
    expect(limited.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(limited.json().type).toBe("/problems/too-many-requests");
    expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
    // Pages and health checks are not limited.
    for (let i = 0; i < 4; i++)
      expect((await app.inject({ method: "GET", url: "/health" })).statusCode).toBe(200);
  });

  it("keeps e-mail addresses and phone numbers out of the logs", async () => {
    const { app, logs } = await server();
    await app.inject({ method: "GET", url: "/api/v1/nope?email=jan.jansen@example.nl&phone=0612345678" });
    app.log.info(
      { email: "piet@example.nl", victim: { phone: "+31687654321" } },
      "contact piet@example.nl at 06-12345678",
    );
    const output = logs.lines.join("");
    expect(output.length).toBeGreaterThan(0);
    for (const secret of [
      "jan.jansen@example.nl",
      "0612345678",
      "piet@example.nl",
      "+31687654321",
      "06-12345678",
    ]) {
      expect(output).not.toContain(secret);
    }
  });
});
