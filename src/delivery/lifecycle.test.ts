import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  applyDeliveryEvent,
  backoffDelay,
  CAMPAIGN_STATES,
  type CampaignAction,
  type CampaignRecord,
  DEFAULT_RETRY_POLICY,
  type DeliveryRecord,
  FINAL_CAMPAIGN_STATES,
  newDelivery,
  type RetryPolicy,
  transitionCampaign,
  usableChannels,
} from "./lifecycle.ts";

const draft: CampaignRecord = { state: "draft", createdBy: "key-a" };

function run(campaign: CampaignRecord, ...actions: CampaignAction[]): CampaignRecord {
  return actions.reduce((current, action) => {
    const result = transitionCampaign(current, action);
    if (!result.ok) throw new Error(result.error.message);
    return result.campaign;
  }, campaign);
}

describe("campaign lifecycle", () => {
  it("goes draft → checked → approved → running → paused → running → done", () => {
    const done = run(
      draft,
      { type: "check", actor: "key-a", blockingFindings: 0 },
      { type: "approve", actor: "key-b" },
      { type: "start", actor: "key-a" },
      { type: "pause", actor: "key-a" },
      { type: "resume", actor: "key-b" },
      { type: "finish", actor: "system" },
    );
    expect(done).toEqual({ state: "done", createdBy: "key-a", approvedBy: "key-b" });
  });

  it("refuses approval by the creator", () => {
    const checked = run(draft, { type: "check", actor: "key-a", blockingFindings: 0 });
    expect(transitionCampaign(checked, { type: "approve", actor: "key-a" })).toEqual({
      ok: false,
      error: { code: "approver-is-creator", message: expect.stringContaining("other than its creator") },
    });
  });

  it("starts only when approved, and blocking findings keep it a draft", () => {
    expect(transitionCampaign(draft, { type: "start", actor: "key-b" })).toMatchObject({
      ok: false,
      error: { code: "not-allowed-in-state" },
    });
    expect(transitionCampaign(draft, { type: "check", actor: "key-a", blockingFindings: 2 })).toMatchObject({
      ok: false,
      error: { code: "checks-block", message: expect.stringContaining("2 pre-send") },
    });
  });

  it("an edit after approval drops the approval", () => {
    const approved = run(
      draft,
      { type: "check", actor: "a", blockingFindings: 0 },
      { type: "approve", actor: "key-b" },
    );
    expect(run(approved, { type: "edit", actor: "key-a" })).toEqual({ state: "draft", createdBy: "key-a" });
  });

  const action = fc.oneof(
    fc.record({
      type: fc.constant("check" as const),
      actor: fc.constantFrom("a", "b"),
      blockingFindings: fc.nat(2),
    }),
    fc.record({
      type: fc.constantFrom("edit", "approve", "start", "pause", "resume", "cancel", "finish" as const),
      actor: fc.constantFrom("a", "b"),
    }),
  ) as fc.Arbitrary<CampaignAction>;

  it("holds its rules for any sequence of actions (property)", () => {
    fc.assert(
      fc.property(fc.array(action, { maxLength: 40 }), (actions) => {
        let campaign: CampaignRecord = { state: "draft", createdBy: "a" };
        for (const a of actions) {
          const result = transitionCampaign(campaign, a);
          if (FINAL_CAMPAIGN_STATES.has(campaign.state)) {
            expect(result).toMatchObject({ ok: false, error: { code: "final" } });
            continue;
          }
          if (a.type === "cancel") expect(result.ok).toBe(true);
          if (!result.ok) continue;
          const next = result.campaign;
          expect(CAMPAIGN_STATES).toContain(next.state);
          if (next.state === "running") {
            // Running only ever happens with an approval by someone other than the creator.
            expect(next.approvedBy).toBeDefined();
            expect(next.approvedBy).not.toBe(next.createdBy);
          }
          if (a.type === "start") expect(campaign.state).toBe("approved");
          campaign = next;
        }
      }),
    );
  });
});

const policy: RetryPolicy = { maxAttempts: 3, baseDelayMs: 1000, maxDelayMs: 60_000 };
const sent = { outcome: "sent" as const, providerId: "p1" };
const deferred = { outcome: "deferred" as const, reason: "421 4.7.0 later" };
const rejected = { outcome: "rejected" as const, reason: "550 5.1.1 unknown" };

function step(
  delivery: DeliveryRecord,
  ...events: Parameters<typeof applyDeliveryEvent>[1][]
): DeliveryRecord {
  return events.reduce((d, e) => {
    const result = applyDeliveryEvent(d, e, policy);
    if (!result.ok) throw new Error(result.error);
    return result.delivery;
  }, delivery);
}

describe("delivery states and retries", () => {
  it("queued → sending → sent → delivered", () => {
    const d = step(
      newDelivery(["email"]),
      { type: "claim", now: 0 },
      { type: "receipt", receipt: sent, now: 1, random: 0 },
      {
        type: "delivered",
        now: 2,
      },
    );
    expect(d).toMatchObject({ state: "delivered", attempts: 1, providerId: "p1" });
  });

  it("a deferral goes back to the queue with a back-off, at least the provider's Retry-After", () => {
    const claimed = step(newDelivery(["sms"]), { type: "claim", now: 0 });
    const result = applyDeliveryEvent(
      claimed,
      { type: "receipt", receipt: { ...deferred, retryAfterMs: 5000 }, now: 100, random: 0 },
      policy,
    );
    expect(result).toMatchObject({
      ok: true,
      delivery: { state: "queued", notBefore: 5100 },
      effect: { kind: "retry", at: 5100 },
    });
    if (!result.ok) return;
    expect(applyDeliveryEvent(result.delivery, { type: "claim", now: 5000 }, policy)).toMatchObject({
      ok: false,
    });
    expect(applyDeliveryEvent(result.delivery, { type: "claim", now: 5100 }, policy).ok).toBe(true);
  });

  it("a rejection falls back to the next channel; with none left the person is unreachable", () => {
    const onEmail = step(newDelivery(["email", "letter"]), { type: "claim", now: 0 });
    const fallback = applyDeliveryEvent(
      onEmail,
      { type: "receipt", receipt: rejected, now: 1, random: 0 },
      policy,
    );
    expect(fallback).toMatchObject({
      ok: true,
      delivery: {
        state: "queued",
        channelIndex: 1,
        attempts: 0,
        history: [{ channel: "email", outcome: "rejected" }],
      },
      effect: { kind: "fallback", from: "email", to: "letter" },
    });
    if (!fallback.ok) return;
    const onLetter = step(fallback.delivery, { type: "claim", now: 2 });
    expect(
      applyDeliveryEvent(onLetter, { type: "receipt", receipt: rejected, now: 3, random: 0 }, policy),
    ).toMatchObject({
      ok: true,
      delivery: { state: "unreachable" },
      effect: { kind: "exhausted" },
    });
  });

  it("an infrastructure failure uses no attempt and never moves the person, however long it lasts", () => {
    const outage = { outcome: "deferred", reason: "ECONNREFUSED", infrastructure: true } as const;
    let d = newDelivery(["email", "letter"]);
    let now = 0;
    // Far more failures than maxAttempts: a two-hour relay outage must not push anyone to letters.
    for (let i = 0; i < policy.maxAttempts * 5; i++) {
      d = step(d, { type: "claim", now });
      const result = applyDeliveryEvent(d, { type: "receipt", receipt: outage, now, random: 0.5 }, policy);
      expect(result).toMatchObject({ ok: true, delivery: { state: "queued", channelIndex: 0, attempts: 0 } });
      if (!result.ok) return;
      expect(result.effect.kind).toBe("retry");
      d = result.delivery;
      now = d.notBefore ?? now;
    }
    expect(d.history).toEqual([]);
  });

  it("a bounce after sending falls back (e-mail bounced → SMS)", () => {
    const d = step(
      newDelivery(["email", "sms"]),
      { type: "claim", now: 0 },
      { type: "receipt", receipt: sent, now: 1, random: 0 },
    );
    const result = applyDeliveryEvent(d, { type: "bounced", reason: "5.1.1", now: 9 }, policy);
    expect(result).toMatchObject({
      ok: true,
      delivery: { state: "queued", channelIndex: 1 },
      effect: { kind: "fallback", to: "sms" },
    });
    if (result.ok) expect(result.delivery.providerId).toBeUndefined();
  });

  it("gives up on a channel after maxAttempts deferrals and moves on", () => {
    let d = newDelivery(["email", "letter"]);
    let now = 0;
    for (let i = 0; i < policy.maxAttempts; i += 1) {
      d = step(
        d,
        { type: "claim", now: now + 100_000 },
        { type: "receipt", receipt: deferred, now: now + 100_000, random: 0.5 },
      );
      now += 100_000;
    }
    expect(d).toMatchObject({
      state: "queued",
      channelIndex: 1,
      attempts: 0,
      history: [{ channel: "email", outcome: "gave-up" }],
    });
  });

  it("a worker that died while sending hands the claim back, and its attempt with it, as the store does", () => {
    const d = step(newDelivery(["email"]), { type: "claim", now: 0 }, { type: "requeue", now: 5 });
    expect(d).toMatchObject({ state: "queued", attempts: 0 });
  });

  it("backoff grows exponentially within [nominal/2, nominal] and stays under the cap (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.double({ min: 0, max: 0.999999, noNaN: true }),
        (attempt, random) => {
          const nominal = Math.min(
            DEFAULT_RETRY_POLICY.maxDelayMs,
            DEFAULT_RETRY_POLICY.baseDelayMs * 2 ** (attempt - 1),
          );
          const delay = backoffDelay(attempt, DEFAULT_RETRY_POLICY, random);
          expect(delay).toBeGreaterThanOrEqual(Math.floor(nominal / 2));
          expect(delay).toBeLessThanOrEqual(nominal);
        },
      ),
    );
  });

  it("never skips a channel, records every channel left behind, and caps attempts (property)", () => {
    const receipt = fc.constantFrom(sent, deferred, rejected);
    const event = fc.oneof(
      fc.record({ type: fc.constant("claim" as const), now: fc.nat() }),
      fc.record({
        type: fc.constant("receipt" as const),
        receipt,
        now: fc.nat(),
        random: fc.double({ min: 0, max: 0.99, noNaN: true }),
      }),
      fc.record({ type: fc.constant("bounced" as const), reason: fc.constant("x"), now: fc.nat() }),
      fc.record({ type: fc.constant("delivered" as const), now: fc.nat() }),
      fc.record({ type: fc.constant("requeue" as const), now: fc.nat() }),
    );
    fc.assert(
      fc.property(fc.array(event, { maxLength: 60 }), (events) => {
        let d = newDelivery(["email", "sms", "letter"]);
        for (const e of events) {
          const result = applyDeliveryEvent(
            d,
            { ...e, now: Math.max(e.now, d.notBefore ?? 0) } as never,
            policy,
          );
          if (!result.ok) continue;
          const next = result.delivery;
          expect(next.channelIndex - d.channelIndex).toBeGreaterThanOrEqual(0);
          expect(next.channelIndex - d.channelIndex).toBeLessThanOrEqual(1);
          expect(next.history.length).toBe(next.channelIndex + (next.state === "unreachable" ? 1 : 0));
          expect(next.attempts).toBeLessThanOrEqual(policy.maxAttempts);
          d = next;
        }
      }),
    );
  });
});

describe("usable channels", () => {
  it("keeps the plan's order, drops channels without contact data and SMS after STOP", () => {
    const reach = { email: true, sms: true, letter: true };
    expect(usableChannels(["sms", "email", "letter"], reach)).toEqual(["sms", "email", "letter"]);
    expect(usableChannels(["sms", "email", "letter"], { ...reach, smsOptedOut: true })).toEqual([
      "email",
      "letter",
    ]);
    expect(usableChannels(["email", "letter", "email"], { ...reach, letter: false })).toEqual(["email"]);
  });
});
