/**
 * SMS through an HTTP gateway: one JSON POST per text, answered with the gateway's message id. Gateways
 * report delivery later by calling our webhook, and forward replies (a STOP) the same way; the parsers for
 * those two webhooks live here too, beside the client whose messages they concern.
 *
 * The request: `POST <url>` with `{ "to": "+31612345678", "text": "…", "reference": "…" }` and an
 * `Authorization` header (Bearer or Basic). A 2xx answer carries `{ "id": "…" }` (or `messageId`).
 */
import { z } from "zod";
import { maskPersonalData } from "../core/index.ts";
import { classifyHttpStatus, type ProviderAdapter, type Receipt, type SmsArtefact } from "./providers.ts";

export type GatewayCredentials = { bearer: string } | { username: string; password: string };

export interface SmsGatewayOptions {
  url: string;
  credentials: GatewayCredentials;
  /** Per request, connect to last byte (default 10 s). */
  timeoutMs?: number;
}

export function authorizationHeader(credentials: GatewayCredentials): string {
  if ("bearer" in credentials) return `Bearer ${credentials.bearer}`;
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64")}`;
}

const E164 = /^\+[1-9]\d{6,14}$/;

export function isE164(number: string): boolean {
  return E164.test(number);
}

export function createSmsGateway(options: SmsGatewayOptions): ProviderAdapter<SmsArtefact> {
  const url = new URL(options.url);
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw new Error(`SMS gateway URL must be http(s), not ${url.protocol}`);
  const authorization = authorizationHeader(options.credentials);
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    channel: "sms",
    async send(sms): Promise<Receipt> {
      // Never send what the gateway must refuse: a number that is not E.164 is permanently unusable.
      if (!isE164(sms.to)) return { outcome: "rejected", reason: "number is not in E.164 form" };
      let response: Response;
      try {
        response = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json", accept: "application/json", authorization },
          body: JSON.stringify({ to: sms.to, text: sms.text, reference: sms.reference }),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        const name = (error as Error).name;
        const reason =
          name === "TimeoutError"
            ? `no answer within ${timeoutMs} ms`
            : `gateway unreachable: ${(error as Error).message}`;
        return { outcome: "deferred", reason, infrastructure: true };
      }
      const body = await response.text().catch(() => "");
      if (!response.ok) {
        return classifyHttpStatus(
          response.status,
          `${response.status} ${body.slice(0, 200)}`.trim(),
          response.headers.get("retry-after"),
        );
      }
      let id: unknown;
      try {
        const json = JSON.parse(body) as { id?: unknown; messageId?: unknown };
        id = json.id ?? json.messageId;
      } catch {
        id = undefined;
      }
      if (typeof id !== "string" && typeof id !== "number") {
        // Accepted but unidentifiable: it was sent, yet no report can ever be matched to it.
        return { outcome: "sent", providerId: `unknown:${sms.reference}`, response: body.slice(0, 200) };
      }
      return { outcome: "sent", providerId: String(id) };
    },
  };
}

const deliveryReport = z.object({
  id: z.union([z.string().min(1).max(200), z.number()]).transform(String),
  reference: z.string().max(200).optional(),
  to: z.string().regex(E164, "to must be an E.164 number").optional(),
  status: z.enum(["delivered", "failed", "expired", "rejected", "undeliverable"]),
  reason: z.string().max(500).optional(),
  timestamp: z.string().datetime({ offset: true }).optional(),
});

export interface DeliveryReport {
  providerId: string;
  reference?: string;
  /** The number the report is about, when the gateway says: a report applies only to a delivery to it. */
  recipient?: string;
  outcome: "delivered" | "failed";
  reason?: string;
  at?: Date;
}

/**
 * A delivery-report webhook body, one report or an array:
 * `{ "id": "gateway id", "reference": "ours", "to"?: "+31…", "status": "delivered|failed|expired|rejected|undeliverable",
 *    "reason"?: "…", "timestamp"?: "ISO 8601" }`.
 */
export function parseDeliveryReports(body: unknown): DeliveryReport[] {
  // Chosen by shape rather than with a union, so an error names the field instead of "no union member".
  const parsed = z
    .array(deliveryReport)
    .max(1000)
    .safeParse(Array.isArray(body) ? body : [body]);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = (Array.isArray(body) ? issue?.path : issue?.path.slice(1))?.join(".");
    throw new Error(`delivery report: ${path || "body"}: ${issue?.message ?? "invalid"}`);
  }
  return parsed.data.map((r) => ({
    providerId: r.id,
    ...(r.reference ? { reference: r.reference } : {}),
    ...(r.to ? { recipient: r.to } : {}),
    outcome: r.status === "delivered" ? "delivered" : "failed",
    // A gateway's reason may quote the number; masked before any caller stores it.
    ...(r.reason ? { reason: maskPersonalData(r.reason) } : {}),
    ...(r.timestamp ? { at: new Date(r.timestamp) } : {}),
  }));
}

const inboundSms = z.object({
  from: z.string().regex(E164, "from must be an E.164 number"),
  text: z.string().max(2000),
  timestamp: z.string().datetime({ offset: true }).optional(),
});

export type InboundEvent =
  | { kind: "opt-out"; number: string; at?: Date }
  | { kind: "reply"; number: string; at?: Date };

/** Words that end texts, as Dutch and international short-code practice uses them. */
export const OPT_OUT_WORDS: readonly string[] = ["STOP", "STOPPEN", "AFMELDEN", "UNSUBSCRIBE", "STOPALL"];

/** Does this reply ask to stop? The first word decides, in any case, with punctuation around it ignored. */
export function isOptOut(text: string): boolean {
  const first = text
    .normalize("NFKC")
    .trim()
    .split(/\s+/)[0]
    ?.replace(/[^\p{L}]/gu, "")
    .toUpperCase();
  return first !== undefined && OPT_OUT_WORDS.includes(first);
}

/**
 * An inbound-SMS webhook body: `{ "from": "+31612345678", "text": "STOP", "timestamp"?: "ISO 8601" }`.
 * The text is not kept: only whether it asks to stop.
 */
export function parseInboundSms(body: unknown): InboundEvent {
  const parsed = inboundSms.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`inbound SMS: ${issue?.path.join(".") || "body"}: ${issue?.message ?? "invalid"}`);
  }
  const at = parsed.data.timestamp ? { at: new Date(parsed.data.timestamp) } : {};
  return { kind: isOptOut(parsed.data.text) ? "opt-out" : "reply", number: parsed.data.from, ...at };
}
