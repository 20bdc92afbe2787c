/**
 * Bounces. Relays report a failed delivery later, as a delivery status notification (RFC 3464) mailed to
 * the envelope sender; providers with an HTTP API post a JSON event instead. Both become one shape, a
 * `BounceReport`, that delivery matches to a delivery by the original Message-ID. The outbox uses
 * `buildDsn` to send such reports itself, so bounces can be seen end to end without a real relay.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { maskPersonalData } from "../core/index.ts";

export type DsnAction = "failed" | "delayed" | "delivered" | "relayed" | "expanded";

export interface BounceRecipient {
  finalRecipient: string;
  action: DsnAction;
  /** Enhanced status code, e.g. `5.1.1`. */
  status: string;
  diagnosticCode?: string;
}

export interface BounceReport {
  /** `<…@…>`; undefined when the report does not say which message it is about. */
  originalMessageId?: string;
  recipients: BounceRecipient[];
}

/** A permanent failure for this recipient (not "delayed", which is only news). */
export function isPermanentFailure(recipient: BounceRecipient): boolean {
  return recipient.action === "failed" && !recipient.status.startsWith("4.");
}

const MAX_DSN_BYTES = 5 * 1024 * 1024;
const ACTIONS: ReadonlySet<string> = new Set(["failed", "delayed", "delivered", "relayed", "expanded"]);

/** Header-style blocks separated by blank lines; continuation lines unfolded. */
function fieldBlocks(text: string): Map<string, string>[] {
  return text
    .replace(/\r\n/g, "\n")
    .split(/\n[ \t]*\n/)
    .map((block) => {
      const fields = new Map<string, string>();
      for (const line of block.replace(/\n[ \t]+/g, " ").split("\n")) {
        const colon = line.indexOf(":");
        if (colon <= 0) continue;
        const name = line.slice(0, colon).trim().toLowerCase();
        if (!fields.has(name)) fields.set(name, line.slice(colon + 1).trim());
      }
      return fields;
    })
    .filter((fields) => fields.size > 0);
}

/** `rfc822; a@b` → `a@b` (the address type is optional in practice); comments and brackets dropped. */
function addressValue(value: string): string {
  const typed = value.includes(";") ? value.slice(value.indexOf(";") + 1) : value;
  return typed
    .replace(/\([^)]*\)/g, "")
    .trim()
    .replace(/^<|>$/g, "")
    .toLowerCase();
}

function messageIdIn(headerText: string): string | undefined {
  const unfolded =
    headerText
      .replace(/\r\n/g, "\n")
      .split(/\n\n/)[0]
      ?.replace(/\n[ \t]+/g, " ") ?? "";
  const line = /^message-id:\s*(.+)$/im.exec(unfolded)?.[1];
  return line ? /<[^<>\s]+>/.exec(line)?.[0] : undefined;
}

/** Parses a DSN; throws a clear error when the message is not a delivery status notification at all. */
export async function parseDsn(raw: string | Buffer): Promise<BounceReport> {
  if (raw.length > MAX_DSN_BYTES) throw new Error(`bounce message is larger than ${MAX_DSN_BYTES} bytes`);
  // Loaded at the first bounce, not with the module: most processes never parse one (~8 MB of code).
  const { simpleParser } = await import("mailparser");
  const mail = await simpleParser(raw, {
    keepDeliveryStatus: true,
    skipHtmlToText: true,
    skipTextToHtml: true,
  });
  const statusPart = mail.attachments.find((a) =>
    ["message/delivery-status", "message/global-delivery-status"].includes(a.contentType),
  );
  if (!statusPart) throw new Error("not a delivery status notification: no message/delivery-status part");
  const [, ...recipientBlocks] = fieldBlocks(statusPart.content.toString("utf8"));
  const recipients: BounceRecipient[] = [];
  for (const fields of recipientBlocks) {
    const address = fields.get("final-recipient") ?? fields.get("original-recipient");
    const action = fields.get("action")?.toLowerCase().split(/[\s(]/)[0];
    if (!address || !action || !ACTIONS.has(action)) continue;
    const status =
      /\d\.\d{1,3}\.\d{1,3}/.exec(fields.get("status") ?? "")?.[0] ??
      (action === "failed" ? "5.0.0" : "4.0.0");
    const diagnosticCode = fields.get("diagnostic-code");
    recipients.push({
      finalRecipient: addressValue(address),
      action: action as DsnAction,
      status,
      // Quotes addresses back; masked here, before any caller stores it.
      ...(diagnosticCode ? { diagnosticCode: maskPersonalData(diagnosticCode).slice(0, 500) } : {}),
    });
  }
  if (recipients.length === 0)
    throw new Error("delivery status notification names no recipient with an action");
  const originalPart = mail.attachments.find((a) =>
    ["message/rfc822", "text/rfc822-headers", "message/global", "message/global-headers"].includes(
      a.contentType,
    ),
  );
  const fromOriginal = originalPart ? messageIdIn(originalPart.content.toString("utf8")) : undefined;
  const fromThread = /<[^<>\s]+>/.exec(String(mail.inReplyTo ?? ""))?.[0];
  const originalMessageId = fromOriginal ?? fromThread;
  return { ...(originalMessageId ? { originalMessageId } : {}), recipients };
}

export interface DsnInput {
  /** Host name of the reporting server. */
  reportingMta: string;
  /** The envelope sender of the failed message: the DSN goes there. */
  returnPath: string;
  recipients: BounceRecipient[];
  /** The original message (only its header is included, as text/rfc822-headers). */
  original: string | Buffer;
  arrivalDate: Date;
  date: Date;
}

const CRLF = "\r\n";

/** A DSN as relays send them: multipart/report with a human part, the status, and the original header. */
export function buildDsn(input: DsnInput): string {
  const original = input.original.toString();
  const headerEnd = original.search(/\r?\n\r?\n/);
  const originalHeader = (headerEnd >= 0 ? original.slice(0, headerEnd) : original).replace(/\r?\n/g, CRLF);
  const id = createHash("sha256")
    .update(`${input.returnPath}\u0000${originalHeader}\u0000${input.date.toISOString()}`)
    .digest("hex")
    .slice(0, 32);
  const boundary = `dsn-${id}`;
  const recipientBlocks = input.recipients.map((r) =>
    [
      `Final-Recipient: rfc822; ${r.finalRecipient}`,
      `Action: ${r.action}`,
      `Status: ${r.status}`,
      ...(r.diagnosticCode ? [`Diagnostic-Code: smtp; ${r.diagnosticCode.replace(/[\r\n]+/g, " ")}`] : []),
    ].join(CRLF),
  );
  const human = [
    `This is the mail system at ${input.reportingMta}.`,
    "",
    "Your message could not be delivered to one or more recipients:",
    ...input.recipients.map((r) => `  ${r.finalRecipient}: ${r.diagnosticCode ?? r.status}`),
  ].join(CRLF);
  return [
    `From: Mail Delivery System <MAILER-DAEMON@${input.reportingMta}>`,
    `To: <${input.returnPath}>`,
    "Subject: Undelivered Mail Returned to Sender",
    `Date: ${input.date.toUTCString().replace("GMT", "+0000")}`,
    `Message-ID: <${id}@${input.reportingMta}>`,
    "Auto-Submitted: auto-replied",
    "MIME-Version: 1.0",
    `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
    "",
    `--${boundary}`,
    "Content-Type: text/plain; charset=us-ascii",
    "",
    human,
    "",
    `--${boundary}`,
    "Content-Type: message/delivery-status",
    "",
    `Reporting-MTA: dns; ${input.reportingMta}`,
    `Arrival-Date: ${input.arrivalDate.toUTCString().replace("GMT", "+0000")}`,
    "",
    recipientBlocks.join(CRLF + CRLF),
    "",
    `--${boundary}`,
    "Content-Type: text/rfc822-headers",
    "",
    originalHeader,
    "",
    `--${boundary}--`,
    "",
  ].join(CRLF);
}

/**
 * The JSON a provider's bounce webhook may post (one event, an array, or `{ "events": [...] }`):
 *
 * ```json
 * { "type": "bounce", "messageId": "<id@org.example>", "recipient": "a@example.nl",
 *   "bounceType": "permanent", "status": "5.1.1", "diagnostic": "550 5.1.1 user unknown",
 *   "timestamp": "2026-11-29T10:00:00Z" }
 * ```
 * `type` is `bounce` or `complaint` (a spam complaint: treated as a permanent failure for e-mail);
 * `bounceType` is `permanent` or `transient`; `status` and `diagnostic` are optional.
 */
const webhookEvent = z.object({
  type: z.enum(["bounce", "complaint"]),
  messageId: z.string().regex(/^<[^<>\s]+>$/, "messageId must look like <local@domain>"),
  recipient: z.string().email().max(320),
  bounceType: z.enum(["permanent", "transient"]).default("permanent"),
  status: z
    .string()
    .regex(/^[245]\.\d{1,3}\.\d{1,3}$/)
    .optional(),
  diagnostic: z.string().max(1000).optional(),
  timestamp: z.string().datetime({ offset: true }).optional(),
});

export type BounceWebhookEvent = z.infer<typeof webhookEvent>;

/** Parses a webhook body into one report per original message; throws naming the field that is wrong. */
export function parseBounceWebhook(body: unknown): BounceReport[] {
  // Chosen by shape rather than with a union, so an error names the field instead of "no union member".
  const wrapped = typeof body === "object" && body !== null && !Array.isArray(body) && "events" in body;
  const list = Array.isArray(body) ? body : wrapped ? (body as { events: unknown }).events : [body];
  const parsed = z.array(webhookEvent).max(1000).safeParse(list);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path ?? [];
    const named = (Array.isArray(body) ? path : wrapped ? ["events", ...path] : path.slice(1)).join(".");
    throw new Error(`bounce webhook: ${named || "body"}: ${issue?.message ?? "invalid"}`);
  }
  const events = parsed.data;
  const byMessage = new Map<string, BounceRecipient[]>();
  for (const event of events) {
    const permanent = event.type === "complaint" || event.bounceType === "permanent";
    const recipient: BounceRecipient = {
      finalRecipient: event.recipient.toLowerCase(),
      action: permanent ? "failed" : "delayed",
      status: event.status ?? (event.type === "complaint" ? "5.7.1" : permanent ? "5.0.0" : "4.0.0"),
      ...(event.diagnostic ? { diagnosticCode: maskPersonalData(event.diagnostic) } : {}),
    };
    byMessage.set(event.messageId, [...(byMessage.get(event.messageId) ?? []), recipient]);
  }
  return [...byMessage].map(([originalMessageId, recipients]) => ({ originalMessageId, recipients }));
}
