import { connect } from "node:net";
import { Writable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { createRequestLogger } from "./logging.ts";
import { buildServer, type ServerDependencies } from "./server.ts";

let closeList: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(closeList.map((close) => close()));
  closeList = [];
});

async function server(extra: Partial<ServerDependencies> = {}) {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const app = await buildServer({
    logger: createRequestLogger("info", sink),
    publicUrl: "https://lekwijzer.example.org",
    ping: async () => {},
    ...extra,
  });
  closeList.push(() => app.close());
  return { app, lines };
}

describe("API conventions (NL API Design Rules)", () => {
  it("sends the full API version on every API answer and never caches personal answers", async () => {
    const { app } = await server();
    const plan = await app.inject({ method: "POST", url: "/api/v1/action-plans", payload: {} });
    expect(plan.statusCode).toBe(400);
    expect(plan.headers["api-version"]).toBe("1.0.0");
    expect(plan.headers["cache-control"]).toBe("no-store");
    expect(plan.json()).toMatchObject({ status: 400, title: expect.any(String), detail: expect.any(String) });
    const framework = await app.inject({ method: "GET", url: "/api/v1/framework" });
    expect(framework.headers["api-version"]).toBe("1.0.0");
    expect(framework.headers["cache-control"]).toContain("public");
  });

  it("declares the version header and problem+json errors on every operation", async () => {
    const { app } = await server();
    const document = (await app.inject({ method: "GET", url: "/api/v1/openapi.json" })).json();
    const operations = Object.values(document.paths).flatMap((item) => Object.values(item as object));
    expect(operations.length).toBeGreaterThan(0);
    for (const operation of operations as { responses: Record<string, Record<string, unknown>> }[]) {
      for (const [status, response] of Object.entries(operation.responses)) {
        if (/^[23]/.test(status)) expect(response.headers).toHaveProperty("API-Version");
        else expect(Object.keys(response.content as object)).toEqual(["application/problem+json"]);
      }
      expect(operation.responses).toHaveProperty("400");
    }
  });
});

describe("rate limits", () => {
  it("counts one bucket per client across all limited routes", async () => {
    const { app } = await server({ rateLimitPerMinute: 2 });
    const a = await app.inject({ method: "POST", url: "/api/v1/action-plans", payload: {} });
    const b = await app.inject({ method: "POST", url: "/api/v1/assessments", payload: {} });
    const c = await app.inject({ method: "POST", url: "/api/v1/action-plans", payload: {} });
    expect([a.statusCode, b.statusCode, c.statusCode]).toEqual([400, 400, 429]);
  });

  it("ignores X-Forwarded-For unless TRUST_PROXY names the proxy", async () => {
    const post = (app: Awaited<ReturnType<typeof server>>["app"], forwardedFor: string) =>
      app.inject({
        method: "POST",
        url: "/api/v1/action-plans",
        payload: {},
        remoteAddress: "10.0.0.5",
        headers: { "x-forwarded-for": forwardedFor },
      });
    const direct = await server({ rateLimitPerMinute: 2 });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await post(direct.app, `203.0.113.${i}`)).statusCode);
    expect(statuses).toEqual([400, 400, 429, 429]);

    const proxied = await server({ rateLimitPerMinute: 2, trustProxy: ["10.0.0.0/8"] });
    const perClient = [];
    for (let i = 0; i < 4; i++) perClient.push((await post(proxied.app, `203.0.113.${i}`)).statusCode);
    expect(perClient).toEqual([400, 400, 400, 400]);
    expect((await post(proxied.app, "203.0.113.0")).statusCode).toBe(400);
    expect((await post(proxied.app, "203.0.113.0")).statusCode).toBe(429);
  });
});

describe("rate limits against address hopping", () => {
  const post = (app: Awaited<ReturnType<typeof server>>["app"], remoteAddress: string) =>
    app.inject({ method: "POST", url: "/api/v1/action-plans", payload: {}, remoteAddress });

  it("counts an IPv6 client per /64, and an IPv4-mapped address as its IPv4 address", async () => {
    const { app } = await server({ rateLimitPerMinute: 2 });
    const hops = ["2001:db8:1:2::1", "2001:db8:1:2:ffff::9", "2001:0db8:0001:0002:abcd::1"];
    expect([
      (await post(app, hops[0] ?? "")).statusCode,
      (await post(app, hops[1] ?? "")).statusCode,
    ]).toEqual([400, 400]);
    expect((await post(app, hops[2] ?? "")).statusCode).toBe(429);
    // Another /64 is another client.
    expect((await post(app, "2001:db8:1:3::1")).statusCode).toBe(400);

    expect((await post(app, "198.51.100.9")).statusCode).toBe(400);
    expect((await post(app, "::ffff:198.51.100.9")).statusCode).toBe(400);
    expect((await post(app, "198.51.100.9")).statusCode).toBe(429);
  });

  it("cannot be reset by flooding with many other addresses", { timeout: 120_000 }, async () => {
    const { app } = await server({ rateLimitPerMinute: 2, limits: { rateLimitClients: 200 } });
    const client = "203.0.113.77";
    await post(app, client);
    await post(app, client);
    expect((await post(app, client)).statusCode).toBe(429);
    // Far more distinct clients than the limiter keeps: none of them may push the first one out.
    for (let i = 0; i < 1_000; i++) await post(app, `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
    expect((await post(app, client)).statusCode).toBe(429);
  });
});

describe("pages for this machine only", () => {
  const outbox = {
    list: async () => ({ total: 0, items: [] }),
    get: async () => undefined,
  };
  const get = (app: Awaited<ReturnType<typeof server>>["app"], headers: Record<string, string> = {}) =>
    app.inject({ method: "GET", url: "/outbox", remoteAddress: "127.0.0.1", headers });

  it("answer a loopback client that names this machine as the host", async () => {
    const { app } = await server({ outbox });
    for (const host of ["localhost", "localhost:3000", "127.0.0.1:3000", "[::1]:3000", "LOCALHOST"]) {
      expect({ host, status: (await get(app, { host })).statusCode }).toEqual({ host, status: 200 });
    }
  });

  it("are not found through a proxy on this machine or a DNS name that points here", async () => {
    const { app } = await server({ outbox });
    const refused: Record<string, string>[] = [
      { host: "attacker.example" },
      { host: "attacker.example:3000" },
      { host: "127.0.0.1.nip.io" },
      { host: "localhost", "x-forwarded-for": "198.51.100.7" },
      { host: "localhost", forwarded: "for=198.51.100.7" },
      { host: "localhost", "x-forwarded-host": "lekwijzer.example.org" },
      { host: "localhost", "x-real-ip": "198.51.100.7" },
      { host: "localhost", via: "1.1 proxy" },
    ];
    for (const headers of refused) {
      expect({ headers, status: (await get(app, headers)).statusCode }).toEqual({ headers, status: 404 });
    }
  });
});

describe("hostile requests", () => {
  it("masks personal data in logged error messages and stacks, and tells the client nothing of it", async () => {
    const { app, lines } = await server();
    app.get("/api/v1/boom", async () => {
      throw new Error("cannot parse jan.jansen@example.nl\t at +31612345678");
    });
    const res = await app.inject({ method: "GET", url: "/api/v1/boom" });
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain("jan.jansen");
    const log = lines.join("");
    expect(log).toContain("request failed");
    expect(log).toContain("[email]");
    expect(log).not.toContain("jan.jansen@example.nl");
    expect(log).not.toContain("31612345678");
  });

  it("refuses an over-long URL and an over-large body with a 4xx", async () => {
    const { app } = await server();
    const long = await app.inject({ method: "GET", url: `/api/v1/framework?x=${"a".repeat(10_000)}` });
    expect(long.statusCode).toBe(414);
    const big = await app.inject({
      method: "POST",
      url: "/api/v1/assessments",
      headers: { "content-type": "application/json" },
      payload: JSON.stringify({ title: "x".repeat(2 * 1024 * 1024) }),
    });
    expect(big.statusCode).toBe(413);
    expect(big.json().type).toBe("/problems/payload-too-large");
  });

  it("closes a request whose body drips in slower than the request timeout", async () => {
    const { app } = await server({ limits: { requestTimeoutMs: 400, headersTimeoutMs: 400 } });
    await app.listen({ host: "127.0.0.1", port: 0 });
    const address = app.server.address();
    if (!address || typeof address === "string") throw new Error("no port");
    const started = Date.now();
    const answer = await new Promise<string>((resolve) => {
      const socket = connect(address.port, "127.0.0.1", () => {
        socket.write(
          "POST /api/v1/assessments HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{",
        );
      });
      let received = "";
      socket.on("data", (chunk) => {
        received += chunk.toString();
      });
      socket.on("close", () => resolve(received));
      socket.on("error", () => resolve(received));
    });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    const health = await app.inject({ method: "GET", url: "/health" });
    expect(health.statusCode).toBe(200);
  });
});

describe("security contact", () => {
  it("publishes security.txt (RFC 9116) and the disclosure policy it points to", async () => {
    const { app } = await server({ operatorEmail: "cert@example.org" });
    const res = await app.inject({ method: "GET", url: "/.well-known/security.txt" });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^text\/plain/);
    expect(res.body).toContain("Contact: mailto:cert@example.org");
    expect(res.body).toContain("Canonical: https://lekwijzer.example.org/.well-known/security.txt");
    const expires = new Date(/Expires: (\S+)/.exec(res.body)?.[1] ?? "");
    const days = (expires.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(30);
    expect(days).toBeLessThan(366);
    const policyUrl = /Policy: https:\/\/lekwijzer\.example\.org(\S+)/.exec(res.body)?.[1] ?? "";
    const policy = await app.inject({ method: "GET", url: policyUrl, headers: { accept: "text/html" } });
    expect(policy.statusCode).toBe(200);
    expect(policy.body).toContain("cert@example.org");
    const english = await app.inject({ method: "GET", url: `/en${policyUrl}` });
    expect(english.body).toContain("Report a security weakness");
  });
});
