/**
 * The upload route's own deadline: a victim file that arrives slowly but steadily is taken even when it takes
 * longer than the ordinary request deadline, which still cuts off every other route; an upload that stalls
 * fails after the idle time, not after the long deadline.
 */
import { readFileSync } from "node:fs";
import { connect } from "node:net";
import { resolve } from "node:path";
import { Writable } from "node:stream";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKeys, breaches, organisations } from "../src/store/index.ts";
import { openTestDatabase, type TestDatabase } from "../src/store/testing.ts";
import { buildServer, createRequestLogger } from "../src/web/index.ts";

const EXAMPLES = resolve(import.meta.dirname, "../examples");
const FACTS = JSON.parse(readFileSync(resolve(EXAMPLES, "telecom-crm-theft.json"), "utf8")).facts;
const SAMPLE = readFileSync(resolve(EXAMPLES, "victims-sample.csv"));
const ORDINARY_MS = 500;

/** Sends `head`, then `pieces` one every `everyMs`; resolves with what the server answered before closing. */
function drip(port: number, head: string, pieces: Buffer[], everyMs: number): Promise<string> {
  return new Promise((done) => {
    let received = "";
    const socket = connect(port, "127.0.0.1", async () => {
      socket.write(head);
      for (const piece of pieces) {
        await new Promise((r) => setTimeout(r, everyMs));
        if (socket.destroyed) return;
        socket.write(piece);
      }
    });
    socket.on("data", (chunk) => {
      received += chunk.toString();
    });
    socket.on("close", () => done(received));
    socket.on("error", () => done(received));
  });
}

describe("the upload route's deadline", () => {
  let db: TestDatabase;
  let app: FastifyInstance;
  let port = 0;
  let secret = "";
  let breachId = "";

  beforeAll(async () => {
    db = await openTestDatabase("pglite");
    const organisation = await organisations.create(db.db, { slug: "slow", name: "Slow BV" });
    breachId = (
      await breaches.create(db.db, {
        organisationId: organisation.id,
        slug: "slow",
        title: "Lek",
        facts: FACTS,
      })
    ).id;
    secret = (
      await apiKeys.create(db.db, {
        organisationId: organisation.id,
        scope: "write",
        holder: "Sam",
        label: "test",
        createdBy: "test",
      })
    ).secret;
    app = await buildServer({
      logger: createRequestLogger("silent", new Writable({ write: (_c, _e, done) => done() })),
      publicUrl: "http://127.0.0.1",
      ping: async () => {},
      authenticate: (key) => apiKeys.authenticate(db.db, key),
      store: { db: db.db, keys: db.keys },
      uploadBytes: 64 * 1024,
      uploadIdleMs: 1_500,
      // 64 KiB at 8 KiB/s: the upload route may take 8 s, every other route 0.5 s.
      limits: {
        requestTimeoutMs: ORDINARY_MS,
        headersTimeoutMs: ORDINARY_MS,
        slowUploadBytesPerSecond: 8 * 1024,
      },
    });
    await app.listen({ host: "127.0.0.1", port: 0 });
    const address = app.server.address();
    if (!address || typeof address === "string") throw new Error("no port");
    port = address.port;
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  const uploadHead = (length: number, breach = breachId) =>
    `POST /api/v1/breaches/${breach}/imports HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${secret}\r\n` +
    `Content-Type: text/csv\r\nContent-Length: ${length}\r\nConnection: close\r\n\r\n`;

  it("takes a file that arrives steadily over several ordinary deadlines", async () => {
    const pieces = [0, 1, 2, 3, 4, 5].map((i) =>
      SAMPLE.subarray((i * SAMPLE.length) / 6, ((i + 1) * SAMPLE.length) / 6),
    );
    const started = Date.now();
    const answer = await drip(port, uploadHead(SAMPLE.length), pieces, 300);
    expect(Date.now() - started).toBeGreaterThan(3 * ORDINARY_MS);
    expect(answer).toMatch(/^HTTP\/1\.1 202/);
    expect(answer).toContain('"status":"queued"');
  });

  it("still cuts off any other route at the ordinary deadline", async () => {
    const head =
      "POST /api/v1/assessments HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{";
    const answer = await drip(port, head, [Buffer.from(" ")], 2 * ORDINARY_MS);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });

  it("fails an upload that stalls after the idle time, and the next upload of the breach can start", async () => {
    const organisationId = (await breaches.getAcrossOrganisations(db.db, breachId))?.organisationId ?? "";
    const other = (
      await breaches.create(db.db, { organisationId, slug: "slow-2", title: "Lek", facts: FACTS })
    ).id;
    const started = Date.now();
    const answer = await drip(port, uploadHead(SAMPLE.length, other), [SAMPLE.subarray(0, 500)], 10);
    expect(Date.now() - started).toBeLessThan(6_000);
    expect(answer).toMatch(/^HTTP\/1\.1 400/);
    expect(answer).toContain("sent nothing");
    const again = await drip(port, uploadHead(SAMPLE.length, other), [SAMPLE], 10);
    expect(again).toMatch(/^HTTP\/1\.1 202/);
  });
});
