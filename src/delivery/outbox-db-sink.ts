/**
 * The outbox sink of embedded mode: every captured message goes into the database (the outbox page lists
 * them), and a delivery status notification — mail to the bounce address, or any multipart/report of
 * report-type delivery-status — is parsed and handed to `onBounce`, which feeds delivery states. A bounce
 * is stored too, so the operator sees it on the page beside the message it is about.
 */
import { type Executor, outboxMessages } from "../store/index.ts";
import { type BounceReport, parseDsn } from "./dsn.ts";
import { headerMessageId, type OutboxEnvelope, type OutboxSink } from "./outbox.ts";

export interface OutboxDbSinkOptions {
  db: Executor;
  /** Envelope sender of outgoing mail, where relays send DSNs (`bounces@…`). */
  bounceAddress?: string;
  /** Called with each parsed DSN. */
  onBounce?: (report: BounceReport, envelope: OutboxEnvelope) => Promise<void> | void;
  /**
   * Called when `onBounce` throws or a message to the bounce address is not a DSN. The message is stored
   * and accepted regardless: refusing it would make the sending side retry the original message.
   */
  onError?: (error: Error) => void;
}

const HEADER_END = Buffer.from("\r\n\r\n");

/** The header block only: enough for Subject and Content-Type, and cheap to parse however big the body. */
function headerBlock(raw: Buffer): Buffer {
  const end = raw.indexOf(HEADER_END);
  return end >= 0 ? raw.subarray(0, end + HEADER_END.length) : raw.subarray(0, 64 * 1024);
}

async function headerFields(raw: Buffer): Promise<{ subject?: string; isReport: boolean }> {
  // Loaded with the first captured message, not with the module (see parseDsn).
  const { simpleParser } = await import("mailparser");
  const mail = await simpleParser(headerBlock(raw), { skipHtmlToText: true, skipTextToHtml: true });
  const type = mail.headers.get("content-type") as
    | { value?: string; params?: Record<string, string> }
    | undefined;
  const isReport =
    type?.value?.toLowerCase() === "multipart/report" &&
    (type.params?.["report-type"] ?? "").toLowerCase() === "delivery-status";
  return { ...(mail.subject !== undefined ? { subject: mail.subject } : {}), isReport };
}

export function outboxDbSink(options: OutboxDbSinkOptions): OutboxSink {
  const bounceAddress = options.bounceAddress?.toLowerCase();
  const reportError = options.onError ?? ((error) => process.emitWarning(`outbox: ${error.message}`));
  return {
    async save(envelope, raw) {
      const { subject, isReport } = await headerFields(raw);
      await outboxMessages.insert(options.db, {
        receivedAt: envelope.receivedAt,
        mailFrom: envelope.from,
        rcptTo: envelope.to,
        messageId: headerMessageId(raw) ?? null,
        subject: subject ?? null,
        raw,
      });
      const toBounceAddress =
        bounceAddress !== undefined && envelope.to.some((to) => to.toLowerCase() === bounceAddress);
      if (!isReport && !toBounceAddress) return;
      let report: BounceReport;
      try {
        report = await parseDsn(raw);
      } catch (error) {
        // Mail to the bounce address that is no DSN (an auto-reply, a person writing back) is only kept.
        if (isReport) reportError(error as Error);
        return;
      }
      try {
        await options.onBounce?.(report, envelope);
      } catch (error) {
        reportError(error as Error);
      }
    },
  };
}
