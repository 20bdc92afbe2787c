/**
 * The one interface every channel's provider speaks: it takes what is to go out (a rendered e-mail, an SMS, a
 * print batch of letters) and answers with classified receipts. Delivery decides retries and fallback from the
 * classification alone, so the rules for "what does this SMTP reply or HTTP status mean" live here, once, and
 * adapters only translate.
 */
import { maskPersonalData, type SendChannel } from "../core/index.ts";
import type { ComposedMessage } from "../messages/index.ts";

/** Accepted by the provider; `providerId` is what later delivery reports or bounces refer to. */
export interface SentReceipt {
  outcome: "sent";
  providerId: string;
  response?: string;
}

/** Temporary: try again later. `retryAfterMs` is the provider's own hint when it gave one. */
export interface DeferredReceipt {
  outcome: "deferred";
  reason: string;
  /**
   * The failure is ours or the provider's, not the recipient's: no connection, a refused log-in, a relay or
   * gateway error. It uses no attempt and never moves a person to another channel.
   */
  infrastructure?: boolean;
  code?: number | string;
  retryAfterMs?: number;
}

/** Permanent: this address or number will not work; move to the next channel. */
export interface RejectedReceipt {
  outcome: "rejected";
  reason: string;
  code?: number | string;
}

export type Receipt = SentReceipt | DeferredReceipt | RejectedReceipt;
export type FailureReceipt = DeferredReceipt | RejectedReceipt;

export interface ProviderAdapter<A> {
  channel: SendChannel;
  send(artefact: A): Promise<Receipt>;
}

/** The pre-rendered e-mail: bytes exactly as they go on the wire, so Message-ID and DKIM stay intact. */
export interface EmailArtefact {
  /** Complete RFC 5322 message, CRLF line ends. */
  raw: string | Uint8Array;
  envelope: {
    /** Envelope sender (MAIL FROM): the bounce address. */
    from: string;
    to: string;
  };
  /** `<…@…>` as in the message's Message-ID header. */
  messageId: string;
}

export interface SmsArtefact {
  /** E.164, e.g. +31612345678. */
  to: string;
  text: string;
  /** Our own reference, echoed back in delivery reports. */
  reference: string;
}

/** One letter of a print batch: rendered by the letter provider itself, which lays out the whole batch. */
export interface LetterArtefact {
  deliveryId: number;
  message: ComposedMessage;
}

/**
 * Where letters go: print batches handed to a print provider (see print-folder.ts). Letters go out together,
 * so this provider answers a receipt per letter of a batch. A batch is named before it is written and the
 * name is recorded on its rows, so a crash between writing and recording never prints twice.
 */
export interface LetterOutput {
  /** A new, unique batch name. */
  newBatch(): string;
  /** Whether a batch of that name is complete where the provider collects (its manifest is there). */
  isComplete(batch: string): boolean;
  /** Removes what an interrupted batch of that name left behind; never touches a complete batch. */
  discard(batch: string): void;
  /** Renders and hands over the letters as batch `batch`; returns a receipt per letter, in order. */
  send(batch: string, items: readonly LetterArtefact[]): Promise<Receipt[]>;
}

/**
 * SMTP reply → classification (RFC 5321 §4.2.1): 4xx is temporary, 5xx permanent. The basic code decides;
 * the enhanced code (RFC 3463, `4.7.0`, `5.1.1`) decides only when a reply has no basic code. Anything without
 * a code (a dropped connection, a timeout) is temporary: the address may well be fine.
 */
export function classifySmtpReply(code: number | undefined, response: string | undefined): FailureReceipt {
  // Provider answers often quote the address or number ("550 5.1.1 <an@example.nl>: user unknown"); reasons
  // end up in delivery records, status views and logs, so contact data is masked and the provider's words remain.
  const reason = maskPersonalData(response ?? "no response").slice(0, 300);
  const enhanced = /\b([245])\.\d{1,3}\.\d{1,3}\b/.exec(reason)?.[1];
  if (code !== undefined && code >= 500 && code < 600) return { outcome: "rejected", reason, code };
  if (code !== undefined && code >= 400 && code < 500) return { outcome: "deferred", reason, code };
  if (enhanced === "5") return { outcome: "rejected", reason };
  // No code at all: the connection broke or timed out — the relay's trouble, not the recipient's.
  return {
    outcome: "deferred",
    reason,
    ...(code !== undefined ? { code } : { infrastructure: true }),
  };
}

/** HTTP status → classification: 429 and 5xx are temporary, other 4xx permanent. */
export function classifyHttpStatus(
  status: number,
  rawReason: string,
  retryAfter?: string | null,
  now: number = Date.now(),
): FailureReceipt {
  const reason = maskPersonalData(rawReason).slice(0, 300);
  // Only a refusal of this request's content (400, 422: this number, this text) is about the recipient.
  // 401/403 (our credentials), 404 (our URL), 429 (our rate) and 5xx (the gateway) are ours to fix: rejecting
  // them would push every person to the next channel during an outage.
  if (status === 400 || status === 422) return { outcome: "rejected", reason, code: status };
  const retryAfterMs = parseRetryAfter(retryAfter, now);
  return {
    outcome: "deferred",
    reason,
    code: status,
    infrastructure: true,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  };
}

export function parseRetryAfter(
  value: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Lower-case domain of an address; the part after the last `@`. */
export function recipientDomain(address: string): string {
  return address.slice(address.lastIndexOf("@") + 1).toLowerCase();
}
