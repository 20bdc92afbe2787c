import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isPermanentFailure, parseDsn } from "./dsn.ts";
import { applyDeliveryEvent, type DeliveryRecord, newDelivery } from "./lifecycle.ts";
import { memorySink, type Outbox, startOutbox } from "./outbox.ts";
import { createSmtpSender, type SmtpSender } from "./smtp.ts";

describe("a bounce, end to end over SMTP", () => {
  const sink = memorySink();
  let outbox: Outbox;
  let sender: SmtpSender;
  beforeAll(async () => {
    outbox = await startOutbox({ sink, bounceRecipients: (a) => a.startsWith("weg@") });
    sender = createSmtpSender({ url: outbox.url });
  });
  afterAll(async () => {
    sender.close();
    await outbox.close();
  });

  it("accepted mail that bounces comes back as a DSN that moves the delivery to its next channel", async () => {
    const messageId = "<n1@org.example>";
    const raw = `From: noreply@org.example\r\nTo: weg@example.nl\r\nMessage-ID: ${messageId}\r\nSubject: x\r\n\r\nx\r\n`;
    let delivery: DeliveryRecord = newDelivery(["email", "letter"]);
    const claim = applyDeliveryEvent(delivery, { type: "claim", now: 0 });
    if (!claim.ok) throw new Error(claim.error);
    const receipt = await sender.send({
      raw,
      envelope: { from: "bounces@org.example", to: "weg@example.nl" },
      messageId,
    });
    const sent = applyDeliveryEvent(claim.delivery, { type: "receipt", receipt, now: 1, random: 0 });
    if (!sent.ok) throw new Error(sent.error);
    delivery = sent.delivery;
    expect(delivery.state).toBe("sent");

    const bounce = sink.messages.find((m) => m.envelope.to.includes("bounces@org.example"));
    expect(bounce).toBeDefined();
    const report = await parseDsn(bounce?.raw ?? Buffer.alloc(0));
    expect(report.originalMessageId).toBe(messageId);
    const failed = report.recipients.filter(isPermanentFailure);
    expect(failed.map((r) => r.finalRecipient)).toEqual(["weg@example.nl"]);

    const after = applyDeliveryEvent(delivery, { type: "bounced", reason: failed[0]?.status ?? "", now: 2 });
    expect(after).toMatchObject({
      ok: true,
      delivery: { state: "queued" },
      effect: { kind: "fallback", from: "email", to: "letter" },
    });
  });
});
