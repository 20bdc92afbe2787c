/**
 * The feedback webhooks providers call: bounces (the e-mail provider), SMS delivery reports and inbound SMS
 * (STOP) from the SMS gateway. Authenticated per provider, not by an organisation's key:
 *
 * - signed (preferred): each provider has its own secret (WEBHOOK_BOUNCES_SECRET, WEBHOOK_SMS_SECRET) and signs
 *   every request the Standard Webhooks way (delivery/webhook-signature.ts): an HMAC-SHA256 over id, timestamp
 *   and the raw body. A timestamp more than five minutes off is refused, and so is a signature seen before
 *   (webhook_replays), so a captured request cannot be sent again. A route whose provider has a secret accepts
 *   nothing else.
 * - bearer token (for gateways that cannot sign): `Authorization: Bearer <WEBHOOK_TOKEN>`, compared in
 *   constant time; no replay protection beyond TLS, so it is accepted only where the provider has no secret.
 *
 * Whatever a report is about, the answer is the same: 202 with the number of reports the body held. Whether
 * any matched a delivery of ours is never told, so the webhooks cannot be used to probe for message ids or
 * numbers. Bounce texts and failure reasons come masked from their parsers (core's maskPersonalData).
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { FastifyInstance, FastifyRequest } from "fastify";
import {
  applyBounces,
  applySmsReports,
  freshTimestamp,
  parseBounceWebhook,
  parseDeliveryReports,
  parseInboundSms,
  signatureHeaders,
  verifyWebhook,
  WEBHOOK_TOLERANCE_SECONDS,
} from "../../delivery/index.ts";
import { type Executor, type Keyring, smsOptOuts, webhookReplays } from "../../store/index.ts";
import { COMMON_PROBLEMS, problemResponses, success } from "../openapi.ts";
import { ProblemError } from "../problems.ts";

/** Which provider calls a webhook, and so which secret it signs with. */
export type WebhookProvider = "bounces" | "sms";

export interface WebhookCredentials {
  /** Signing secret per provider; a route whose provider has one accepts only requests signed with it. */
  secrets?: Partial<Record<WebhookProvider, string | undefined>>;
  /** Bearer token for providers without a secret; undefined → only signed requests. */
  token?: string | undefined;
}

export interface WebhookRoutesOptions {
  store: { db: Executor; keys: Keyring };
  secrets: Partial<Record<WebhookProvider, string | undefined>>;
  token: string | undefined;
}

/** The OpenAPI security schemes of the webhooks (added to the document's components by the server). */
export const WEBHOOK_SECURITY_SCHEMES = {
  webhookSignature: {
    type: "apiKey",
    in: "header",
    name: "webhook-signature",
    description:
      "Standard Webhooks signature: `webhook-id`, `webhook-timestamp` (Unix seconds, within 5 minutes) and " +
      "`webhook-signature: v1,<base64 HMAC-SHA256 of id.timestamp.body>` with the provider's own secret " +
      "(WEBHOOK_BOUNCES_SECRET or WEBHOOK_SMS_SECRET; `svix-` header names are accepted too). A signature is " +
      "accepted once.",
  },
  webhookToken: {
    type: "http",
    scheme: "bearer",
    description:
      "WEBHOOK_TOKEN, for a provider that cannot sign; accepted only on webhooks whose provider has no secret.",
  },
} as const;

const WEBHOOK_SECURITY: { [scheme: string]: string[] }[] = [{ webhookSignature: [] }, { webhookToken: [] }];

const digest = (value: string) => createHash("sha256").update(value).digest();

/** Compared as digests, so the time taken says nothing about the token's length or content. */
function hasToken(header: unknown, token: string): boolean {
  const match = typeof header === "string" ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1] !== undefined && timingSafeEqual(digest(match[1]), digest(token));
}

const refused = (how: string) =>
  new ProblemError("unauthorized", `This webhook accepts only requests ${how}; see docs/operations.md.`);

const providerOf = (request: FastifyRequest) =>
  (request.routeOptions.config as { webhookProvider?: WebhookProvider }).webhookProvider;

/**
 * Every request proves it comes from the route's provider: a fresh signature header on arrival, then the
 * signature over the exact bytes (and the replay memory) before the body is parsed; or, for a provider
 * without a secret, the bearer token.
 */
function authenticateWebhooks(app: FastifyInstance, options: WebhookRoutesOptions): void {
  const { db } = options.store;
  const verified = new WeakSet<FastifyRequest>();
  const secretOf = (request: FastifyRequest) => {
    const provider = providerOf(request);
    return provider ? options.secrets[provider] : undefined;
  };

  /** The signature over the raw body, then the replay memory; throws 401 when either refuses. */
  const checkSignature = async (request: FastifyRequest, secret: string, raw: Buffer) => {
    const check = verifyWebhook(secret, request.headers, raw);
    if (!check.ok) throw refused("signed with this provider's secret");
    const timestamp = Number(signatureHeaders(request.headers)?.timestamp);
    const expiresAt = new Date((timestamp + WEBHOOK_TOLERANCE_SECONDS) * 1000 + 1000);
    const key = `${providerOf(request)}:${check.signature}`;
    if (!(await webhookReplays.remember(db, key, expiresAt))) throw refused("signed and sent once");
    verified.add(request);
  };

  // Checked on arrival, before the body is read: without credentials the answer is 401, never 400.
  app.addHook("onRequest", async (request) => {
    const secret = secretOf(request);
    if (secret !== undefined) {
      const signed = signatureHeaders(request.headers);
      if (!signed || !freshTimestamp(signed.timestamp)) throw refused("signed with this provider's secret");
      return;
    }
    if (!options.token || !hasToken(request.headers.authorization, options.token)) {
      throw refused("with the configured token (Authorization: Bearer <WEBHOOK_TOKEN>)");
    }
  });

  // The signature covers the exact bytes sent: keep them, check, and only then parse.
  const parseJson = app.getDefaultJsonParser("error", "error");
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "buffer" }, (request, body, done) => {
    const raw = body as Buffer;
    const secret = secretOf(request);
    const parse = () => parseJson(request, raw.toString("utf8"), done);
    if (secret === undefined) return parse();
    checkSignature(request, secret, raw).then(parse, (error: Error) => done(error, undefined));
  });
  // A signed request without a body never reaches the parser: check its signature over no bytes.
  app.addHook("preValidation", async (request) => {
    const secret = secretOf(request);
    if (secret !== undefined && !verified.has(request))
      await checkSignature(request, secret, Buffer.alloc(0));
  });
}

/** A webhook route's provider and its OpenAPI description. */
const webhook = (summary: string, provider: WebhookProvider) => ({
  config: { webhookProvider: provider },
  schema: {
    summary,
    description:
      "Answers 202 with the number of reports the body held, whether or not they concern a message of ours.",
    tags: ["webhooks"],
    security: WEBHOOK_SECURITY,
    body: { type: ["object", "array"] },
    response: {
      202: success("Received", {
        type: "object",
        required: ["accepted"],
        properties: {
          accepted: { type: "integer", description: "Reports the body held (matched to a message or not)" },
        },
      }),
      ...problemResponses("validation-failed", "unauthorized", ...COMMON_PROBLEMS),
    },
  },
});

/** A provider's body its parser refuses is the caller's mistake: 400 with the parser's words. */
const parsed = <T>(parse: () => T): T => {
  try {
    return parse();
  } catch (error) {
    throw new ProblemError("validation-failed", (error as Error).message);
  }
};

export async function webhookRoutes(app: FastifyInstance, options: WebhookRoutesOptions): Promise<void> {
  const { db, keys } = options.store;
  authenticateWebhooks(app, options);

  app.post(
    "/webhooks/bounces",
    webhook("Bounce reports from the e-mail provider", "bounces"),
    async (request, reply) => {
      const reports = parsed(() => parseBounceWebhook(request.body));
      // Each report names its recipients (report.recipients[].finalRecipient), for matching by recipient.
      await applyBounces(options.store, reports);
      const accepted = reports.reduce((n, r) => n + r.recipients.length, 0);
      return reply.code(202).send({ accepted });
    },
  );
  app.post(
    "/webhooks/sms-reports",
    webhook("Delivery reports from the SMS gateway", "sms"),
    async (request, reply) => {
      // A report may name its number (report.recipient), for matching by recipient.
      const reports = parsed(() => parseDeliveryReports(request.body));
      await applySmsReports(options.store, reports);
      return reply.code(202).send({ accepted: reports.length });
    },
  );
  app.post(
    "/webhooks/sms-inbound",
    webhook("Replies to text messages; STOP ends update texts", "sms"),
    async (request, reply) => {
      const event = parsed(() => parseInboundSms(request.body));
      if (event.kind === "opt-out") await smsOptOuts.add(db, keys, event.number);
      return reply.code(202).send({ accepted: 1 });
    },
  );
}
