import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memorySink, type Outbox, startOutbox } from "./outbox.ts";
import { createDomainLimiter, DEFAULT_DOMAIN_CONFIG } from "./rate.ts";
import { createSmtpSender, type SmtpSender } from "./smtp.ts";

/**
 * The adaptive limiter with real SMTP: the outbox defers hotmail.com for a while, as Microsoft does with an
 * unknown bulk sender. Gmail recipients must all go through meanwhile, and hotmail ones once it relents.
 */
describe("per-domain limits over real SMTP", () => {
  const sink = memorySink();
  let outbox: Outbox;
  let sender: SmtpSender;
  beforeAll(async () => {
    outbox = await startOutbox({ sink });
    sender = createSmtpSender({ url: outbox.url, maxConnections: 4 });
  });
  afterAll(async () => {
    sender.close();
    await outbox.close();
  });

  it("a deferring provider backs off while another keeps flowing, and both end up delivered", async () => {
    const limiter = createDomainLimiter({
      ...DEFAULT_DOMAIN_CONFIG,
      initialRate: 200,
      initialConcurrency: 8,
      backoffMs: 200,
      maxBackoffMs: 400,
    });
    const pending = [
      ...Array.from({ length: 30 }, (_, i) => `g${i}@gmail.com`),
      ...Array.from({ length: 10 }, (_, i) => `h${i}@hotmail.com`),
    ];
    const deliveredAt = new Map<string, number>();
    const started = Date.now();
    // Long enough that gmail.com finishes inside it even on a loaded CI machine (it took 1.7 s there once).
    outbox.deferDomain("hotmail.com", 3000);
    let hotmailAttempts = 0;
    while (pending.length > 0 && Date.now() - started < 15_000) {
      const round = pending.splice(0);
      await Promise.all(
        round.map(async (to) => {
          const slot = limiter.tryAcquire(to);
          if (!slot.ok) {
            pending.push(to);
            return;
          }
          if (to.endsWith("hotmail.com")) hotmailAttempts += 1;
          const messageId = `<${to.replace("@", ".")}@org.example>`;
          const raw = `From: a@org.example\r\nTo: ${to}\r\nMessage-ID: ${messageId}\r\nSubject: x\r\n\r\nx\r\n`;
          const receipt = await sender.send({ raw, envelope: { from: "b@org.example", to }, messageId });
          limiter.release(
            slot.group,
            receipt.outcome,
            receipt.outcome === "deferred" ? receipt.retryAfterMs : 0,
          );
          if (receipt.outcome === "sent") deliveredAt.set(to, Date.now() - started);
          else pending.push(to);
        }),
      );
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(pending).toEqual([]);
    const gmailDone = Math.max(
      ...[...deliveredAt].filter(([to]) => to.endsWith("gmail.com")).map(([, at]) => at),
    );
    const hotmailFirst = Math.min(
      ...[...deliveredAt].filter(([to]) => to.endsWith("hotmail.com")).map(([, at]) => at),
    );
    // Gmail finished while hotmail.com was still deferring.
    expect(gmailDone).toBeLessThan(hotmailFirst);
    expect(hotmailFirst).toBeGreaterThanOrEqual(3000);
    // Backing off means few attempts during the deferral, not one per message per round.
    // (8 in flight at the start, a probe per back-off during the 3 s, then the 10 that go through.)
    expect(hotmailAttempts).toBeLessThan(30);
    const microsoft = limiter.summary().find((s) => s.group === "microsoft");
    expect(microsoft?.deferred).toBeGreaterThan(0);
    expect(microsoft?.sent).toBe(10);
    expect(new Set(sink.messages.map((m) => m.envelope.to[0])).size).toBe(40);
  });
});
