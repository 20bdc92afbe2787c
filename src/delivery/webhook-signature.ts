/**
 * Signed provider webhooks, as the Standard Webhooks specification has them (www.standardwebhooks.com; Svix
 * and the providers built on it, such as Resend, send the same with `svix-` header names):
 *
 *   webhook-id:        the message's id (the same on every retry)
 *   webhook-timestamp: seconds since the epoch, when it was signed
 *   webhook-signature: `v1,<base64 HMAC-SHA256 over "<id>.<timestamp>.<raw body>">`, several separated by spaces
 *
 * The secret is `whsec_<base64>` (the bytes after the prefix are the key) or, for a provider that just takes a
 * string, the string's UTF-8 bytes. Signing lives here so the fake SMS gateway signs as a real one would and
 * the web part checks with the same code.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

/** How far a signature's timestamp may lie from our clock, either way (the replay window). */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

export interface SignedHeaders {
  "webhook-id": string;
  "webhook-timestamp": string;
  "webhook-signature": string;
}

export function webhookKey(secret: string): Buffer {
  return secret.startsWith("whsec_")
    ? Buffer.from(secret.slice("whsec_".length), "base64")
    : Buffer.from(secret, "utf8");
}

function mac(key: Buffer, id: string, timestamp: string, body: Buffer | string): Buffer {
  return createHmac("sha256", key).update(`${id}.${timestamp}.`).update(body).digest();
}

/** Headers for a body, as a provider sends them. */
export function signWebhook(
  secret: string,
  id: string,
  body: Buffer | string,
  at: Date = new Date(),
): SignedHeaders {
  const timestamp = String(Math.floor(at.getTime() / 1000));
  return {
    "webhook-id": id,
    "webhook-timestamp": timestamp,
    "webhook-signature": `v1,${mac(webhookKey(secret), id, timestamp, body).toString("base64")}`,
  };
}

export type SignatureCheck =
  | { ok: true /** The matching signature, for the replay memory. */; signature: string }
  | { ok: false; reason: "missing" | "stale" | "mismatch" };

/** The id, timestamp and signature headers, under either name; undefined when one is missing. */
export function signatureHeaders(
  headers: Record<string, string | string[] | undefined>,
): { id: string; timestamp: string; signature: string } | undefined {
  const one = (name: string) => {
    const value = headers[`webhook-${name}`] ?? headers[`svix-${name}`];
    return typeof value === "string" && value.length > 0 && value.length <= 4096 ? value : undefined;
  };
  const id = one("id");
  const timestamp = one("timestamp");
  const signature = one("signature");
  return id && timestamp && signature ? { id, timestamp, signature } : undefined;
}

/** Is the timestamp whole seconds within the tolerance of `now`? */
export function freshTimestamp(timestamp: string, now: number = Date.now()): boolean {
  if (!/^\d{1,12}$/.test(timestamp)) return false;
  return Math.abs(Number(timestamp) * 1000 - now) <= WEBHOOK_TOLERANCE_SECONDS * 1000;
}

/** Checks a signed body in constant time per candidate signature. */
export function verifyWebhook(
  secret: string,
  headers: Record<string, string | string[] | undefined>,
  body: Buffer | string,
  now: number = Date.now(),
): SignatureCheck {
  const signed = signatureHeaders(headers);
  if (!signed) return { ok: false, reason: "missing" };
  if (!freshTimestamp(signed.timestamp, now)) return { ok: false, reason: "stale" };
  const expected = mac(webhookKey(secret), signed.id, signed.timestamp, body);
  let match: string | undefined;
  for (const candidate of signed.signature.split(" ").slice(0, 10)) {
    const [version, value] = candidate.split(",", 2);
    if (version !== "v1" || !value) continue;
    const given = Buffer.from(value, "base64");
    // Every candidate is compared, so the time taken does not tell which one matched.
    if (given.length === expected.length && timingSafeEqual(given, expected)) match = value;
  }
  return match ? { ok: true, signature: match } : { ok: false, reason: "mismatch" };
}
