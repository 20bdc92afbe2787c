import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closePreviewWorkers } from "../src/messages/workers/preview-worker.ts";
import type { ApiKey } from "../src/store/index.ts";
import { buildServer, createRequestLogger } from "../src/web/index.ts";

const WRITE_KEY = "lwk_write-key-of-voorbeeld";
const READ_KEY = "lwk_read-key-of-voorbeeld";
const key = (scope: ApiKey["scope"]): ApiKey => ({
  id: `key-${scope}`,
  organisationId: "org-1",
  scope,
  holder: `holder of ${scope}`,
  label: scope,
  hint: "lwk_xxxx",
  createdBy: "test",
  createdAt: new Date(),
  revokedAt: null,
});

let app: FastifyInstance;
beforeAll(async () => {
  app = await buildServer({
    logger: createRequestLogger("silent"),
    publicUrl: "http://localhost:3000",
    ping: async () => {},
    authenticate: async (secret) =>
      secret === WRITE_KEY ? key("write") : secret === READ_KEY ? key("read") : undefined,
  });
});
afterAll(async () => {
  await app.close();
  await closePreviewWorkers();
});

const preview = (payload: Record<string, unknown>, secret: string | null = WRITE_KEY) =>
  app.inject({
    method: "POST",
    url: "/api/v1/message-previews",
    payload,
    headers: secret ? { authorization: `Bearer ${secret}` } : {},
  });

describe("who may preview what", () => {
  it("lets anyone preview the sample organisation, but a custom setup needs a write key", async () => {
    expect((await preview({}, null)).statusCode).toBe(200);
    const setup = {
      setup: { overrides: { "what-happened": { nl: "Er is iets gebeurd.", en: "Something happened." } } },
    };
    const anonymous = await preview(setup, null);
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers["www-authenticate"]).toMatch(/^Bearer/);
    expect((await preview(setup, READ_KEY)).statusCode).toBe(403);
    expect((await preview(setup, "lwk_revoked-or-unknown")).statusCode).toBe(401);
    expect((await preview(setup, WRITE_KEY)).statusCode).toBe(200);
  });
});

describe("POST /api/v1/message-previews with hostile or malformed input", () => {
  it("refuses a template that expands a list thousands of times with a 400, while /health stays live", async () => {
    const source = Array.from({ length: 300 }, () => "Doe dit: ((your_steps))").join("\n\n");
    const start = performance.now();
    const [res, health] = await Promise.all([
      preview({ setup: { overrides: { "what-you-can-do": { nl: source, en: source } } } }),
      app.inject({ method: "GET", url: "/health" }),
    ]);
    expect(health.statusCode).toBe(200);
    expect(res.statusCode).toBe(400);
    // Whichever cap the expansion reaches first names the placeholder.
    expect(res.json().detail).toMatch(
      /\(\(your_steps\)\) (and other lists are expanded more than 12 times|makes the text longer than)/,
    );
    expect(performance.now() - start).toBeLessThan(5_000);
  });

  it("names unknown override ids and wrong shapes instead of ignoring them or failing with a 500", async () => {
    const res = await preview({
      setup: { overrides: { "what-happend": { nl: "x", en: "y" } }, layout: { "first-notice": "apology" } },
    });
    expect(res.statusCode).toBe(400);
    const paths = res.json().problems.map((p: { path: string }) => p.path);
    expect(paths).toEqual(
      expect.arrayContaining(["body.setup.overrides.what-happend", "body.setup.layout.first-notice"]),
    );
    for (const setup of [
      { organisation: "x" },
      { texts: [] },
      { date: 5 },
      { subjects: { update: 3 } },
      [],
    ]) {
      const bad = await preview({ setup });
      expect(bad.statusCode, JSON.stringify(setup)).toBe(400);
      expect(bad.json().problems.length, JSON.stringify(setup)).toBeGreaterThan(0);
    }
    const recipient = await preview({
      recipient: { id: "a", language: "nl", categories: [], flags: ["senoir"] },
    });
    expect(recipient.statusCode).toBe(400);
    expect(recipient.json().problems).toEqual([
      { path: "body.recipient.flags[0]", message: 'unknown flag "senoir"' },
    ]);
  });

  it("renders a valid custom setup and is never cached", async () => {
    const res = await preview({
      setup: { overrides: { apology: { nl: "Het spijt ons echt, ((name)).", en: "We are truly sorry." } } },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers["cache-control"]).toBe("no-store");
    expect(res.json().email.text).toContain("Het spijt ons echt, Eva Jansen.");
  });
});
