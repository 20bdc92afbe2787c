/**
 * Provider webhooks over HTTP on both engines: per-provider signatures with a timestamp and a replay window,
 * a constant-time bearer token only where a provider cannot sign, one answer whether or not a report matched,
 * and bounce texts masked before they are stored.
 */
import { randomBytes } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recipientHash } from "../src/delivery/identifiers.ts";
import { signWebhook } from "../src/delivery/webhook-signature.ts";
import {
  breaches,
  campaigns,
  type DeliveryRow,
  deliveries,
  organisations,
  victims,
} from "../src/store/index.ts";
import { engineCases, openTestDatabase, type TestDatabase } from "../src/store/testing.ts";
import { buildServer, createRequestLogger } from "../src/web/index.ts";
import type { ServerDependencies } from "../src/web/server.ts";

const BOUNCES_SECRET = `whsec_${randomBytes(32).toString("base64")}`;
const SMS_SECRET = "sms-gateway-signing-secret-0123456789abcdef";
const TOKEN = "legacy-webhook-token-0123456789";

let sequence = 0;
/** A provider's request: the JSON body signed with `secret` at `at`. */
function signed(secret: string, body: unknown, at: Date = new Date(), id = `msg_${++sequence}`) {
  const payload = JSON.stringify(body);
  return {
    payload,
    headers: { "content-type": "application/json", ...signWebhook(secret, id, payload, at) },
  };
}

describe.each(engineCases())("provider webhooks on %s", (engine) => {
  let db: TestDatabase;
  let app: FastifyInstance;
  let tokenOnly: FastifyInstance;
  let emailRow: DeliveryRow;
  let smsRow: DeliveryRow;

  const server = (webhooks: ServerDependencies["webhooks"]) =>
    buildServer({
      logger: createRequestLogger("silent"),
      publicUrl: "http://localhost:3000",
      ping: async () => {},
      store: { db: db.db, keys: db.keys },
      webhooks,
    });

  beforeAll(async () => {
    db = await openTestDatabase(engine);
    app = await server({ token: TOKEN, secrets: { bounces: BOUNCES_SECRET, sms: SMS_SECRET } });
    tokenOnly = await server({ token: TOKEN });
    const organisation = await organisations.create(db.db, { slug: "org", name: "Voorbeeld BV" });
    const breach = await breaches.create(db.db, {
      organisationId: organisation.id,
      slug: "lek",
      title: "Klantgegevens gestolen",
      facts: {
        awareAt: "2026-11-20T10:00:00+01:00",
        nature: ["confidentiality"],
        data: [{ category: "email" }],
      },
    });
    await victims.insertBatch(db.db, db.keys, breach.id, [
      { externalId: "K1", email: "an.de.vries@example.nl", categories: ["email"], flags: [] },
      { externalId: "K2", phone: "+31612345678", categories: ["email"], flags: [] },
    ]);
    const campaign = await campaigns.create(db.db, breach.organisationId, {
      breachId: breach.id,
      kind: "first-notice",
      selection: {},
      createdBy: "test",
    });
    await deliveries.populate(db.db, db.keys, campaign);
    const ids = await victims.listIds(db.db, db.keys, { breachId: breach.id });
    const [first, second] = (
      await Promise.all(ids.map((id) => deliveries.listForVictim(db.db, Number(id))))
    ).flat();
    if (!first || !second) throw new Error("no deliveries");
    await deliveries.record(db.db, first.id, {
      status: "sent",
      channels: ["email", "letter"],
      channelIndex: 0,
      messageId: "<m1@org.example>",
      // What the sender stores before sending: a bounce applies only to the address the message went to.
      recipientHash: recipientHash(db.keys, "email", "an.de.vries@example.nl"),
      sentAt: new Date(),
    });
    await deliveries.record(db.db, second.id, {
      status: "sent",
      channels: ["sms", "letter"],
      channelIndex: 0,
      providerId: "sms-1",
      recipientHash: recipientHash(db.keys, "sms", "+31612345678"),
      sentAt: new Date(),
    });
    emailRow = first;
    smsRow = second;
  });
  afterAll(async () => {
    await app?.close();
    await tokenOnly?.close();
    await db?.close();
  });

  const bounce = (messageId: string, diagnostic = "550 5.1.1 user unknown") => ({
    type: "bounce",
    messageId,
    recipient: "an.de.vries@example.nl",
    bounceType: "permanent",
    status: "5.1.1",
    diagnostic,
  });
  const post = (
    target: FastifyInstance,
    url: string,
    request: { payload: string; headers: Record<string, string> },
  ) => target.inject({ method: "POST", url: `/api/v1/webhooks/${url}`, ...request });

  it("refuses unsigned, wrongly signed, other providers' and stale requests with 401", async () => {
    const body = bounce("<nobody@org.example>");
    const payload = JSON.stringify(body);
    const json = { "content-type": "application/json" };
    const attempts = {
      unsigned: { payload, headers: json },
      // The bearer token is for providers without a secret; the bounce provider has one.
      bearer: { payload, headers: { ...json, authorization: `Bearer ${TOKEN}` } },
      otherProvider: signed(SMS_SECRET, body),
      tampered: { ...signed(BOUNCES_SECRET, body), payload: JSON.stringify(bounce("<other@org.example>")) },
      stale: signed(BOUNCES_SECRET, body, new Date(Date.now() - 6 * 60_000)),
      future: signed(BOUNCES_SECRET, body, new Date(Date.now() + 6 * 60_000)),
      garbled: { payload: "{not json", headers: { ...signed(BOUNCES_SECRET, body).headers } },
    };
    for (const [name, request] of Object.entries(attempts)) {
      const res = await post(app, "bounces", request);
      expect({ name, status: res.statusCode }).toEqual({ name, status: 401 });
      expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
    }
  });

  it("accepts a signed request once: the same request again is a replay", async () => {
    const request = signed(BOUNCES_SECRET, bounce("<nobody@org.example>"));
    expect((await post(app, "bounces", request)).statusCode).toBe(202);
    expect((await post(app, "bounces", request)).statusCode).toBe(401);
    // The svix- header names of Svix-based providers work the same.
    const svix = signed(BOUNCES_SECRET, bounce("<nobody@org.example>"));
    const headers = Object.fromEntries(
      Object.entries(svix.headers).map(([k, v]) => [k.replace(/^webhook-/, "svix-"), v]),
    );
    expect((await post(app, "bounces", { payload: svix.payload, headers })).statusCode).toBe(202);
  });

  it("answers the same whether or not a report matched a delivery, and masks the bounce text it stores", async () => {
    const unknown = await post(app, "bounces", signed(BOUNCES_SECRET, bounce("<nobody@org.example>")));
    const known = await post(
      app,
      "bounces",
      signed(
        BOUNCES_SECRET,
        bounce("<m1@org.example>", "550 5.1.1 <an.de.vries@example.nl> unknown; call +31 6 1234 5678"),
      ),
    );
    expect(known.statusCode).toBe(unknown.statusCode);
    expect(known.body).toBe(unknown.body);
    expect(known.json()).toEqual({ accepted: 1 });

    const after = await deliveries.get(db.db, emailRow.id);
    expect(after?.channelIndex).toBe(1);
    expect(after?.lastError).toMatch(/5\.1\.1/);
    const stored = JSON.stringify([after?.lastError, after?.history]);
    expect(stored).not.toContain("an.de.vries");
    expect(stored).not.toMatch(/1234\s?5678/);
  });

  it("takes SMS reports and replies signed with the gateway's own secret", async () => {
    const unknown = await post(app, "sms-reports", signed(SMS_SECRET, { id: "nope", status: "failed" }));
    const known = await post(
      app,
      "sms-reports",
      signed(SMS_SECRET, {
        id: "sms-1",
        to: "+31612345678",
        status: "failed",
        reason: "absent +31612345678",
      }),
    );
    expect([unknown.statusCode, unknown.body]).toEqual([known.statusCode, known.body]);
    expect(known.json()).toEqual({ accepted: 1 });
    expect((await deliveries.get(db.db, smsRow.id))?.lastError).not.toContain("612345678");
    expect(
      (await post(app, "sms-reports", signed(BOUNCES_SECRET, { id: "x", status: "failed" }))).statusCode,
    ).toBe(401);
    const stop = await post(app, "sms-inbound", signed(SMS_SECRET, { from: "+31612345678", text: "STOP" }));
    const chat = await post(app, "sms-inbound", signed(SMS_SECRET, { from: "+31612345679", text: "hallo" }));
    expect([stop.statusCode, stop.body]).toEqual([chat.statusCode, chat.body]);
  });

  it("takes a bearer token only where the provider has no secret, and only the exact token", async () => {
    const payload = JSON.stringify({ id: "nope", status: "delivered" });
    const send = (authorization?: string) =>
      post(tokenOnly, "sms-reports", {
        payload,
        headers: { "content-type": "application/json", ...(authorization ? { authorization } : {}) },
      });
    expect((await send(`Bearer ${TOKEN}`)).statusCode).toBe(202);
    for (const wrong of [undefined, TOKEN, `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, "Bearer "]) {
      expect({ wrong, status: (await send(wrong)).statusCode }).toEqual({ wrong, status: 401 });
    }
  });

  it("answers hostile bodies, signed or not, with a 4xx and never a 5xx", async () => {
    const bodies: { type: string; payload: string | Buffer }[] = [
      { type: "application/json", payload: `${"[".repeat(5_000)}${"]".repeat(5_000)}` },
      { type: "application/json", payload: '{"__proto__":{"polluted":true}}' },
      { type: "application/json", payload: "" },
      { type: "application/json", payload: Buffer.from([0xff, 0xfe, 0x00, 0x7b]) },
      { type: "application/json", payload: JSON.stringify(Array(2_000).fill(bounce("<x@org.example>"))) },
      { type: "text/plain", payload: "hello" },
      { type: "application/octet-stream", payload: Buffer.from([1, 2, 3]) },
    ];
    for (const url of ["bounces", "sms-reports", "sms-inbound"]) {
      const secret = url === "bounces" ? BOUNCES_SECRET : SMS_SECRET;
      for (const { type, payload } of bodies) {
        for (const headers of [
          { "content-type": type, ...signWebhook(secret, `msg_${++sequence}`, payload) },
          { "content-type": type },
        ]) {
          const res = await app.inject({ method: "POST", url: `/api/v1/webhooks/${url}`, payload, headers });
          expect(res.statusCode, `${url} ${type} ${String(payload).slice(0, 40)}`).toBeGreaterThanOrEqual(
            400,
          );
          expect(res.statusCode).toBeLessThan(500);
        }
      }
    }
  });

  it("declares the signature scheme and the one answer in the OpenAPI document", async () => {
    const document = (await app.inject({ url: "/api/v1/openapi.json" })).json();
    expect(document.components.securitySchemes.webhookSignature).toMatchObject({ in: "header" });
    const operation = document.paths["/webhooks/bounces"].post;
    expect(Object.keys(operation.responses)).toContain("202");
    expect(Object.keys(operation.responses)).not.toContain("200");
    expect(operation.security).toEqual([{ webhookSignature: [] }, { webhookToken: [] }]);
  });
});
