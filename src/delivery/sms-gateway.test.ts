import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { classifyHttpStatus, parseRetryAfter } from "./providers.ts";
import { createSmsGateway, isOptOut, parseDeliveryReports, parseInboundSms } from "./sms-gateway.ts";
import { type FakeGateway, startFakeSmsGateway } from "./sms-gateway-fake.ts";

const credentials = { bearer: "test-token" };
const sms = (to: string, reference = "ref-1") => ({ to, text: "Lees uw brief van Organisatie.", reference });

/** A real HTTP server that collects what webhooks post to it. */
async function webhookReceiver(): Promise<{ url: string; bodies: unknown[]; close(): Promise<void> }> {
  const bodies: unknown[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (c: Buffer) => chunks.push(c));
    request.on("end", () => {
      bodies.push(JSON.parse(Buffer.concat(chunks).toString()));
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    bodies,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function gateway(
  options: Partial<Parameters<typeof startFakeSmsGateway>[0]> = {},
): Promise<FakeGateway> {
  const g = await startFakeSmsGateway({ credentials, ...options });
  cleanup.push(() => g.close());
  return g;
}

describe("SMS gateway client against the fake gateway", () => {
  it("sends JSON with bearer credentials and returns the gateway's id", async () => {
    const g = await gateway();
    const receipt = await createSmsGateway({ url: g.url, credentials }).send(sms("+31612345678"));
    expect(receipt).toMatchObject({ outcome: "sent", providerId: g.accepted[0]?.id });
    expect(g.accepted[0]).toMatchObject({ to: "+31612345678", reference: "ref-1" });
  });

  it("works with basic credentials; wrong credentials are our fault, never the recipient's (401 waits)", async () => {
    const basic = { username: "lekwijzer", password: "pw" };
    const g = await gateway({ credentials: basic });
    expect(
      (await createSmsGateway({ url: g.url, credentials: basic }).send(sms("+31612345678"))).outcome,
    ).toBe("sent");
    const wrong = await createSmsGateway({ url: g.url, credentials: { ...basic, password: "x" } }).send(
      sms("+31612345678"),
    );
    expect(wrong).toMatchObject({ outcome: "deferred", code: 401, infrastructure: true });
  });

  it("a number that is not E.164 is rejected by the gateway (and by the client before sending)", async () => {
    const g = await gateway();
    const response = await fetch(g.url, {
      method: "POST",
      headers: { authorization: "Bearer test-token", "content-type": "application/json" },
      body: JSON.stringify(sms("0612345678")),
    });
    expect(response.status).toBe(400);
    const receipt = await createSmsGateway({ url: g.url, credentials }).send(sms("0612345678"));
    expect(receipt.outcome).toBe("rejected");
    expect(g.accepted).toHaveLength(0);
  });

  it("throttles beyond its rate with 429 + Retry-After, which becomes a deferral with a hint", async () => {
    const g = await gateway({ rate: { ratePerSecond: 1, burst: 3 } });
    const client = createSmsGateway({ url: g.url, credentials });
    const receipts = [];
    for (let i = 0; i < 5; i += 1) receipts.push(await client.send(sms(`+3161234567${i}`, `r${i}`)));
    expect(receipts.map((r) => r.outcome)).toEqual(["sent", "sent", "sent", "deferred", "deferred"]);
    expect(receipts[3]).toMatchObject({ code: 429, retryAfterMs: 1000 });
    expect(g.throttled()).toBe(2);
  });

  it("a gateway that does not answer in time is a deferral", async () => {
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    cleanup.push(
      () =>
        new Promise((r) => {
          silent.closeAllConnections();
          silent.close(() => r());
        }),
    );
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/messages`;
    const receipt = await createSmsGateway({ url, credentials, timeoutMs: 200 }).send(sms("+31612345678"));
    expect(receipt).toMatchObject({ outcome: "deferred", reason: expect.stringContaining("200 ms") });
  });

  it("posts delivery reports to the webhook after a delay, which parse into outcomes", async () => {
    const hook = await webhookReceiver();
    cleanup.push(hook.close);
    const g = await gateway({ reportUrl: hook.url, reportDelayMs: 50, failNumbers: ["+31600000000"] });
    const client = createSmsGateway({ url: g.url, credentials });
    const ok = await client.send(sms("+31612345678", "good"));
    const bad = await client.send(sms("+31600000000", "bad"));
    expect(hook.bodies).toHaveLength(0);
    await g.reportsSettled();
    const reports = hook.bodies.flatMap(parseDeliveryReports);
    expect(reports).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          providerId: ok.outcome === "sent" ? ok.providerId : "",
          reference: "good",
          recipient: "+31612345678",
          outcome: "delivered",
        }),
        expect.objectContaining({
          providerId: bad.outcome === "sent" ? bad.providerId : "",
          reference: "bad",
          outcome: "failed",
        }),
      ]),
    );
  });

  it("forwards a STOP reply to the inbound webhook as an opt-out", async () => {
    const hook = await webhookReceiver();
    cleanup.push(hook.close);
    const g = await gateway({ inboundUrl: hook.url });
    expect(await g.reply("+31612345678", " Stop. ")).toBe(204);
    await g.reply("+31612345679", "Bedankt voor het bericht");
    expect(hook.bodies.map(parseInboundSms)).toEqual([
      expect.objectContaining({ kind: "opt-out", number: "+31612345678" }),
      expect.objectContaining({ kind: "reply", number: "+31612345679" }),
    ]);
  });
});

describe("webhook parsers and classification", () => {
  it("recognises STOP and STOPPEN in any case, not words that merely start alike", () => {
    for (const text of ["STOP", "stop", "Stoppen!", "  STOP alle berichten", "afmelden", "ＳＴＯＰ"])
      expect(isOptOut(text), text).toBe(true);
    for (const text of ["stopcontact", "Niet stoppen graag", "", "OK"])
      expect(isOptOut(text), text).toBe(false);
  });

  it("names the field that is wrong", () => {
    expect(() => parseInboundSms({ from: "0612345678", text: "STOP" })).toThrow(/from/);
    expect(() => parseDeliveryReports({ id: "x", status: "lost" })).toThrow(/status/);
  });

  it("classifies HTTP statuses and reads Retry-After in both forms", () => {
    expect(classifyHttpStatus(503, "busy").outcome).toBe("deferred");
    expect(classifyHttpStatus(422, "bad").outcome).toBe("rejected");
    expect(parseRetryAfter("7")).toBe(7000);
    expect(parseRetryAfter("Sun, 29 Nov 2026 10:00:10 GMT", Date.parse("2026-11-29T10:00:00Z"))).toBe(10_000);
    expect(parseRetryAfter("soon")).toBeUndefined();
  });
});
