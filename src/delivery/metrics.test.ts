import { describe, expect, it } from "vitest";
import { createDeliveryMetrics } from "./metrics.ts";

describe("delivery metrics", () => {
  it("renders counters per channel, outcome and known domain group, queue depth and send rate", async () => {
    let now = 1_000_000;
    const metrics = createDeliveryMetrics({ rateWindowMs: 10_000, now: () => now });
    for (let i = 0; i < 20; i += 1)
      metrics.recordReceipt("email", { outcome: "sent", providerId: `p${i}` }, `a${i}@gmail.com`);
    metrics.recordReceipt("email", { outcome: "deferred", reason: "421" }, "x@hotmail.com");
    metrics.recordReceipt("email", { outcome: "deferred", reason: "421" }, "x@gemeente-voorbeeld.nl");
    metrics.recordReceipt("sms", { outcome: "rejected", reason: "400" });
    metrics.recordBounce("email", "y@ziggo.nl");
    metrics.setQueueDepth("campaign", { queued: 12, active: 3 });
    const text = await metrics.render();
    expect(metrics.contentType).toMatch(/^text\/plain/);
    expect(text).toContain(
      'lekwijzer_delivery_messages_total{channel="email",outcome="sent",domain="google"} 20',
    );
    expect(text).toContain(
      'lekwijzer_delivery_messages_total{channel="email",outcome="deferred",domain="microsoft"} 1',
    );
    expect(text).toContain(
      'lekwijzer_delivery_messages_total{channel="email",outcome="deferred",domain="other"} 1',
    );
    expect(text).toContain(
      'lekwijzer_delivery_messages_total{channel="sms",outcome="rejected",domain="-"} 1',
    );
    expect(text).toContain(
      'lekwijzer_delivery_messages_total{channel="email",outcome="bounced",domain="ziggo"} 1',
    );
    expect(text).toContain('lekwijzer_queue_jobs{queue="campaign",state="queued"} 12');
    expect(text).toContain('lekwijzer_delivery_send_rate{channel="email"} 2');
    expect(text).not.toMatch(/@|gemeente-voorbeeld/);
    now += 20_000;
    expect(await metrics.render()).toContain('lekwijzer_delivery_send_rate{channel="email"} 0');
  });

  it("keeps registries apart", async () => {
    const a = createDeliveryMetrics();
    const b = createDeliveryMetrics();
    a.recordReceipt("sms", { outcome: "sent", providerId: "1" });
    expect(await b.render()).not.toContain('outcome="sent"');
  });
});
