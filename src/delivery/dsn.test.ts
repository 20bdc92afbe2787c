import { describe, expect, it } from "vitest";
import { buildDsn, isPermanentFailure, parseBounceWebhook, parseDsn } from "./dsn.ts";

const ORIGINAL = [
  "From: Organisatie <noreply@org.example>",
  "To: <gone@example.nl>",
  "Subject: Belangrijk bericht",
  "Message-ID: <abc123@org.example>",
  "",
  "Hallo",
  "",
].join("\r\n");

/** A Postfix-style bounce with the whole original message attached. */
const POSTFIX = [
  "From: MAILER-DAEMON@mx.example.nl (Mail Delivery System)",
  "To: bounces@org.example",
  "Subject: Undelivered Mail Returned to Sender",
  "MIME-Version: 1.0",
  "Content-Type: multipart/report; report-type=delivery-status;",
  '\tboundary="8F2A.1700000000/mx.example.nl"',
  "",
  "--8F2A.1700000000/mx.example.nl",
  "Content-Description: Notification",
  "Content-Type: text/plain; charset=us-ascii",
  "",
  "I'm sorry to have to inform you that your message could not be delivered.",
  "",
  "--8F2A.1700000000/mx.example.nl",
  "Content-Description: Delivery report",
  "Content-Type: message/delivery-status",
  "",
  "Reporting-MTA: dns; mx.example.nl",
  "X-Postfix-Queue-ID: 8F2A",
  "Arrival-Date: Sun, 29 Nov 2026 10:00:00 +0100 (CET)",
  "",
  "Final-Recipient: rfc822; Gone@Example.nl",
  "Original-Recipient: rfc822;gone@example.nl",
  "Action: failed",
  "Status: 5.1.1",
  "Remote-MTA: dns; mailbox.example.nl",
  "Diagnostic-Code: smtp; 550 5.1.1 <gone@example.nl>: Recipient address rejected:",
  "    User unknown in virtual mailbox table",
  "",
  "Final-Recipient: rfc822; full@example.nl",
  "Action: delayed",
  "Status: 4.2.2 (mailbox full)",
  "",
  "--8F2A.1700000000/mx.example.nl",
  "Content-Description: Undelivered Message",
  "Content-Type: message/rfc822",
  "",
  ORIGINAL,
  "--8F2A.1700000000/mx.example.nl--",
  "",
].join("\r\n");

describe("parseDsn", () => {
  it("reads recipients, actions, statuses and the original Message-ID from a message/rfc822 bounce", async () => {
    const report = await parseDsn(POSTFIX);
    expect(report.originalMessageId).toBe("<abc123@org.example>");
    expect(report.recipients).toEqual([
      {
        finalRecipient: "gone@example.nl",
        action: "failed",
        status: "5.1.1",
        // The provider's words stay; the address it quotes is masked before anything stores it.
        diagnosticCode:
          "smtp; 550 5.1.1 <[email]>: Recipient address rejected: User unknown in virtual mailbox table",
      },
      { finalRecipient: "full@example.nl", action: "delayed", status: "4.2.2" },
    ]);
    expect(report.recipients.map(isPermanentFailure)).toEqual([true, false]);
  });

  it("reads the original Message-ID from text/rfc822-headers and a folded header", async () => {
    const variant = POSTFIX.replace(
      "Content-Type: message/rfc822",
      "Content-Type: text/rfc822-headers",
    ).replace("Message-ID: <abc123@org.example>", "Message-ID:\r\n <folded@org.example>");
    expect((await parseDsn(variant)).originalMessageId).toBe("<folded@org.example>");
  });

  it("falls back to the Original-Recipient and tolerates a missing status", async () => {
    const variant = POSTFIX.replace("Final-Recipient: rfc822; Gone@Example.nl\r\n", "").replace(
      "Status: 5.1.1\r\n",
      "",
    );
    const [first] = (await parseDsn(variant)).recipients;
    expect(first).toMatchObject({ finalRecipient: "gone@example.nl", action: "failed", status: "5.0.0" });
  });

  it("refuses a message that is not a DSN, saying why", async () => {
    await expect(parseDsn(ORIGINAL)).rejects.toThrow(/no message\/delivery-status part/);
  });

  it("parses what buildDsn writes (round trip)", async () => {
    const dsn = buildDsn({
      reportingMta: "outbox.localhost",
      returnPath: "bounces@org.example",
      original: ORIGINAL,
      arrivalDate: new Date("2026-11-29T10:00:00Z"),
      date: new Date("2026-11-29T10:00:01Z"),
      recipients: [
        {
          finalRecipient: "gone@example.nl",
          action: "failed",
          status: "5.1.1",
          diagnosticCode: "550 5.1.1 unknown",
        },
      ],
    });
    expect(dsn).toContain("To: <bounces@org.example>");
    expect(dsn).not.toContain("\nHallo");
    expect(await parseDsn(dsn)).toEqual({
      originalMessageId: "<abc123@org.example>",
      recipients: [
        {
          finalRecipient: "gone@example.nl",
          action: "failed",
          status: "5.1.1",
          diagnosticCode: "smtp; 550 5.1.1 unknown",
        },
      ],
    });
  });
});

describe("parseBounceWebhook", () => {
  it("groups events by original message and maps bounce types", () => {
    const reports = parseBounceWebhook({
      events: [
        {
          type: "bounce",
          messageId: "<m1@org.example>",
          recipient: "A@example.nl",
          bounceType: "permanent",
          status: "5.1.1",
        },
        { type: "bounce", messageId: "<m2@org.example>", recipient: "b@example.nl", bounceType: "transient" },
        { type: "complaint", messageId: "<m1@org.example>", recipient: "c@example.nl" },
      ],
    });
    expect(reports).toEqual([
      {
        originalMessageId: "<m1@org.example>",
        recipients: [
          { finalRecipient: "a@example.nl", action: "failed", status: "5.1.1" },
          { finalRecipient: "c@example.nl", action: "failed", status: "5.7.1" },
        ],
      },
      {
        originalMessageId: "<m2@org.example>",
        recipients: [{ finalRecipient: "b@example.nl", action: "delayed", status: "4.0.0" }],
      },
    ]);
  });

  it("masks addresses and numbers in the diagnostic, keeping the recipient for matching", () => {
    const [report] = parseBounceWebhook({
      type: "bounce",
      messageId: "<m@o.example>",
      recipient: "an@example.nl",
      diagnostic: "550 5.1.1 <an@example.nl> unknown, call 06-12345678",
    });
    expect(report?.recipients[0]).toMatchObject({
      finalRecipient: "an@example.nl",
      diagnosticCode: "550 5.1.1 <[email]> unknown, call [phone]",
    });
  });

  it("accepts a single event and an array", () => {
    const event = { type: "bounce", messageId: "<m@o.example>", recipient: "a@example.nl" };
    expect(parseBounceWebhook(event)).toHaveLength(1);
    expect(parseBounceWebhook([event, event])[0]?.recipients).toHaveLength(2);
  });

  it("names the field that is wrong", () => {
    expect(() => parseBounceWebhook({ type: "bounce", messageId: "m1", recipient: "a@example.nl" })).toThrow(
      /messageId/,
    );
    expect(() => parseBounceWebhook({ type: "bounce", messageId: "<m@o>", recipient: "nope" })).toThrow(
      /recipient/,
    );
    expect(() => parseBounceWebhook("x")).toThrow(/bounce webhook/);
  });
});
