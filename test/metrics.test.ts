/** GET /metrics: who may read it, and numbers that come from the database rows the workers write. */
import { randomBytes } from "node:crypto";
import type { FastifyInstance } from "fastify";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type JobQueue, startQueue } from "../src/delivery/queue.ts";
import { breaches, campaigns, deliveries, organisations, victims } from "../src/store/index.ts";
import { engineCases, openTestDatabase, type TestDatabase } from "../src/store/testing.ts";
import { buildServer, createRequestLogger } from "../src/web/index.ts";

const TOKEN = "scrape-token-0123456789abcdef";

/** The value of one sample, e.g. `lekwijzer_deliveries{status="sent",channel="email"}`; undefined when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split("\n")) {
    const match = /^([a-z_]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries(
      [...(match[2] ?? "").matchAll(/([a-z_]+)="([^"]*)"/g)].map((m) => [m[1], m[2]]),
    );
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(match[3]);
  }
  return undefined;
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

describe.each(engineCases())("metrics endpoint on %s", (engine) => {
  let db: TestDatabase;
  let open: FastifyInstance;
  let guarded: FastifyInstance;
  let queue: JobQueue | undefined;
  const queueSchema = `lw_metrics_${randomBytes(4).toString("hex")}`;

  const server = (token?: string) =>
    buildServer({
      logger: createRequestLogger("silent"),
      publicUrl: "http://localhost:3000",
      ping: async () => {},
      metrics: { db: db.db, ...(token ? { token } : {}), queueSchema },
    });

  beforeAll(async () => {
    db = await openTestDatabase(engine);
    open = await server();
    guarded = await server(TOKEN);
  });
  afterAll(async () => {
    await open?.close();
    await guarded?.close();
    await queue?.stop({ graceful: false });
    if (queue) await adminQuery(`drop schema if exists ${queueSchema} cascade`);
    await db?.close();
  });

  it("without a token answers only this machine, with 404 for everyone else", async () => {
    const local = await open.inject({ url: "/metrics", remoteAddress: "127.0.0.1" });
    expect(local.statusCode).toBe(200);
    expect(local.headers["content-type"]).toMatch(/^text\/plain; version=0\.0\.4/);
    expect((await open.inject({ url: "/metrics", remoteAddress: "::1" })).statusCode).toBe(200);
    const remote = await open.inject({
      url: "/metrics",
      remoteAddress: "198.51.100.7",
      headers: { "x-forwarded-for": "127.0.0.1" },
    });
    expect(remote.statusCode).toBe(404);
  });

  it("with a token requires it as a bearer token, from anywhere, loopback included", async () => {
    const ok = await guarded.inject({
      url: "/metrics",
      remoteAddress: "198.51.100.7",
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(ok.statusCode).toBe(200);
    for (const headers of [
      {},
      { authorization: "Bearer wrong-token-0123456789abcdef" },
      { authorization: TOKEN },
    ]) {
      expect(
        (await guarded.inject({ url: "/metrics", remoteAddress: "127.0.0.1", headers })).statusCode,
      ).toBe(404);
    }
  });

  it("is left out of the OpenAPI document", async () => {
    const doc = (await open.inject({ url: "/api/v1/openapi.json" })).json() as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(doc.paths).some((path) => path.includes("metrics"))).toBe(false);
  });

  it("counts deliveries by status and current channel, the send rate, failures, deferrals and campaigns", async () => {
    const organisation = await organisations.create(db.db, { slug: `org-${engine}`, name: "Voorbeeld BV" });
    const breach = await breaches.create(db.db, {
      organisationId: organisation.id,
      slug: `lek-${engine}`,
      title: "Klantgegevens gestolen",
      facts: {
        awareAt: "2026-11-20T10:00:00+01:00",
        nature: ["confidentiality"],
        data: [{ category: "email" }],
      },
    });
    await victims.insertBatch(
      db.db,
      db.keys,
      breach.id,
      Array.from({ length: 6 }, (_, i) => ({
        externalId: `K${i}`,
        email: `klant.${i}@example.nl`,
        phone: `+316123456${String(i).padStart(2, "0")}`,
        name: `Klant ${i}`,
        categories: ["email"],
        flags: [],
      })),
    );
    const campaign = await campaigns.create(db.db, breach.organisationId, {
      breachId: breach.id,
      kind: "first-notice",
      selection: {},
      createdBy: "test",
    });
    expect(await deliveries.populate(db.db, db.keys, campaign)).toBe(6);
    for (const [from, to] of [
      ["draft", "checked"],
      ["checked", "approved"],
      ["approved", "running"],
    ] as const)
      expect(await campaigns.changeStatus(db.db, campaign.organisationId, campaign.id, { from, to })).toBe(
        true,
      );

    const ids = await victims.listIds(db.db, db.keys, { breachId: breach.id });
    const rows = (await Promise.all(ids.map((id) => deliveries.listForVictim(db.db, Number(id))))).flat();
    const now = new Date();
    const long = new Date(now.getTime() - 3_600_000);
    const outcome = [
      { status: "sent", channelIndex: 0, sentAt: now },
      { status: "sent", channelIndex: 0, sentAt: now },
      { status: "delivered", channelIndex: 0, sentAt: long },
      { status: "bounced", channelIndex: 0, sentAt: long },
      { status: "sent", channelIndex: 1, sentAt: now },
      { status: "failed", channelIndex: 1, sentAt: null },
    ] as const;
    for (const [i, row] of rows.entries()) {
      const o = outcome[i];
      if (!o) continue;
      await deliveries.record(db.db, row.id, {
        status: o.status,
        channels: ["email", "sms", "letter"],
        channelIndex: o.channelIndex,
        sentAt: o.sentAt,
      });
    }
    for (let i = 0; i < 3; i++) await deliveries.recordDeferral(db.db, campaign.id, "gmail");
    await deliveries.recordDeferral(db.db, campaign.id, "other");

    const text = (await open.inject({ url: "/metrics", remoteAddress: "127.0.0.1" })).body;
    expect(sample(text, "lekwijzer_deliveries", { status: "sent", channel: "email" })).toBe(2);
    expect(sample(text, "lekwijzer_deliveries", { status: "delivered", channel: "email" })).toBe(1);
    expect(sample(text, "lekwijzer_deliveries", { status: "sent", channel: "sms" })).toBe(1);
    expect(sample(text, "lekwijzer_delivery_send_rate", { channel: "email" })).toBeCloseTo(2 / 60, 6);
    expect(sample(text, "lekwijzer_delivery_send_rate", { channel: "sms" })).toBeCloseTo(1 / 60, 6);
    expect(sample(text, "lekwijzer_delivery_failures", { channel: "email", status: "bounced" })).toBe(1);
    expect(sample(text, "lekwijzer_delivery_failures", { channel: "sms", status: "failed" })).toBe(1);
    expect(
      sample(text, "lekwijzer_delivery_failures", { channel: "email", status: "failed" }),
    ).toBeUndefined();
    expect(sample(text, "lekwijzer_delivery_deferrals", { domain: "gmail" })).toBe(3);
    expect(sample(text, "lekwijzer_delivery_deferrals", { domain: "other" })).toBe(1);
    expect(sample(text, "lekwijzer_campaigns", { status: "running" })).toBe(1);
    // No pg-boss schema yet: the queue gauge is empty rather than an error.
    expect(sample(text, "lekwijzer_queue_jobs")).toBeUndefined();
    expect(text).not.toMatch(/klant\.\d@example\.nl|\+316/);
  });

  it.skipIf(engine !== "postgres")("shows pg-boss queue depth by state", async () => {
    queue = await startQueue({ connectionString: process.env.TEST_DATABASE_URL ?? "", schema: queueSchema });
    await queue.createQueue("deliveries");
    await queue.sendBatches(
      "deliveries",
      Array.from({ length: 250 }, (_, i) => String(i)),
      { batchSize: 100 },
    );
    const text = (await open.inject({ url: "/metrics", remoteAddress: "127.0.0.1" })).body;
    expect(sample(text, "lekwijzer_queue_jobs", { queue: "deliveries", state: "created" })).toBe(3);
  });
});
