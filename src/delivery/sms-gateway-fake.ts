/**
 * A local SMS gateway that behaves like a real one over real HTTP, for tests, demos and load: it checks
 * credentials, refuses numbers that are not E.164 (400), throttles beyond its rate with 429 and a
 * Retry-After, answers with a message id, and after a delay posts a delivery report (delivered, or failed
 * for numbers configured to fail) to a webhook. It can also post an inbound reply, such as a STOP.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type BucketConfig, type BucketState, fullBucket, takeTokens } from "./rate.ts";
import { authorizationHeader, type GatewayCredentials, isE164 } from "./sms-gateway.ts";
import { signWebhook } from "./webhook-signature.ts";

export interface FakeGatewayOptions {
  credentials: GatewayCredentials;
  port?: number;
  /** Accepted messages per second, with a burst; beyond it, 429. Default 50/s, burst 50. */
  rate?: BucketConfig;
  /** Where delivery reports go; none are sent without it. */
  reportUrl?: string;
  reportDelayMs?: number;
  /** Numbers whose messages are accepted and then reported `failed` (switched off, no such subscriber). */
  failNumbers?: Iterable<string>;
  /** Where inbound replies go (see `reply`). */
  inboundUrl?: string;
  /** Signs every webhook it posts with this secret (Standard Webhooks), as WEBHOOK_SMS_SECRET expects. */
  webhookSecret?: string;
}

export interface AcceptedSms {
  id: string;
  to: string;
  text: string;
  reference: string;
  at: number;
}

export interface FakeGateway {
  url: string;
  /** Messages accepted, in order. */
  readonly accepted: AcceptedSms[];
  /** Requests answered 429. */
  throttled(): number;
  /** Posts an inbound SMS from `from` to the inbound webhook; resolves with the webhook's HTTP status. */
  reply(from: string, text: string): Promise<number>;
  /** Resolves when every scheduled delivery report has been posted. */
  reportsSettled(): Promise<void>;
  close(): Promise<void>;
}

const MAX_BODY = 16 * 1024;

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error("too large");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function answer(
  response: ServerResponse,
  status: number,
  body: object,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { "content-type": "application/json", ...headers });
  response.end(JSON.stringify(body));
}

/** What a real gateway would refuse in a message's body, or undefined when it is fine. */
function smsProblem(body: { to?: unknown; text?: unknown; reference?: unknown }): string | undefined {
  if (typeof body.to !== "string" || !isE164(body.to)) return "to: not an E.164 number";
  if (typeof body.text !== "string" || body.text.length === 0 || body.text.length > 1600) {
    return "text: 1 to 1600 characters";
  }
  if (typeof body.reference !== "string") return "reference: required";
  return undefined;
}

const noop = () => undefined;

/** The delivery report a real gateway would post about an accepted message. */
function deliveryReportOf(sms: AcceptedSms, fails: boolean): object {
  return {
    id: sms.id,
    reference: sms.reference,
    to: sms.to,
    status: fails ? "failed" : "delivered",
    ...(fails ? { reason: "subscriber unknown" } : {}),
    timestamp: new Date().toISOString(),
  };
}

/** Posts JSON as the gateway's webhooks do, signed the Standard Webhooks way when there is a secret. */
async function postSigned(url: string, body: object, secret: string | undefined): Promise<number> {
  const text = JSON.stringify(body);
  const signature = secret ? signWebhook(secret, `wh_${randomUUID()}`, text) : {};
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...signature },
    body: text,
    signal: AbortSignal.timeout(10_000),
  });
  await response.arrayBuffer();
  return response.status;
}

export async function startFakeSmsGateway(options: FakeGatewayOptions): Promise<FakeGateway> {
  const expected = authorizationHeader(options.credentials);
  const rate = options.rate ?? { ratePerSecond: 50, burst: 50 };
  const failing = new Set(options.failNumbers ?? []);
  let bucket: BucketState = fullBucket(rate, performance.now());
  let throttled = 0;
  const accepted: AcceptedSms[] = [];
  const pendingReports = new Set<Promise<void>>();

  const postJson = (url: string, body: object) => postSigned(url, body, options.webhookSecret);

  const scheduleReport = (sms: AcceptedSms) => {
    if (!options.reportUrl) return;
    const reportUrl = options.reportUrl;
    const report = new Promise<void>((resolve) => setTimeout(resolve, options.reportDelayMs ?? 100))
      .then(() => postJson(reportUrl, deliveryReportOf(sms, failing.has(sms.to))))
      // A report nobody takes is lost, as with a real gateway.
      .then(noop, noop)
      .finally(() => pendingReports.delete(report));
    pendingReports.add(report);
  };

  const server = createServer((request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) answer(response, 500, { error: "internal error" });
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method !== "POST" || request.url !== "/messages")
      return answer(response, 404, { error: "not found" });
    if (request.headers.authorization !== expected)
      return answer(response, 401, { error: "invalid credentials" });
    let body: { to?: unknown; text?: unknown; reference?: unknown };
    try {
      body = JSON.parse(await readBody(request));
    } catch {
      return answer(response, 400, { error: "body must be JSON of at most 16 kB" });
    }
    const take = takeTokens(bucket, rate, performance.now());
    bucket = take.state;
    if (take.granted === 0) {
      throttled += 1;
      const retryAfter = String(Math.max(1, Math.ceil(take.waitMs / 1000)));
      return answer(response, 429, { error: "too many requests" }, { "retry-after": retryAfter });
    }
    const problem = smsProblem(body);
    if (problem) return answer(response, 400, { error: problem });
    const sms: AcceptedSms = {
      id: randomUUID(),
      to: body.to as string,
      text: body.text as string,
      reference: body.reference as string,
      at: Date.now(),
    };
    accepted.push(sms);
    answer(response, 202, { id: sms.id, status: "accepted" });
    scheduleReport(sms);
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/messages`,
    accepted,
    throttled: () => throttled,
    async reply(from, text) {
      if (!options.inboundUrl) throw new Error("the fake gateway has no inboundUrl to post replies to");
      return postJson(options.inboundUrl, { from, text, timestamp: new Date().toISOString() });
    },
    async reportsSettled() {
      while (pendingReports.size > 0) await Promise.all([...pendingReports]);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
