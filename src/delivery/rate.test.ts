import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  acquire,
  type BucketConfig,
  DEFAULT_DOMAIN_CONFIG,
  type DomainsState,
  domainGroup,
  domainSummary,
  fullBucket,
  release,
  takeTokens,
} from "./rate.ts";

const config = (ratePerSecond: number, burst: number): BucketConfig => ({ ratePerSecond, burst });

describe("token bucket", () => {
  it("lets a burst go at once, then one token per 1/rate seconds", () => {
    const c = config(10, 5);
    let state = fullBucket(c, 0);
    const burst = takeTokens(state, c, 0, 8);
    expect(burst.granted).toBe(5);
    expect(burst.waitMs).toBe(100);
    state = burst.state;
    expect(takeTokens(state, c, 50).granted).toBe(0);
    expect(takeTokens(state, c, 100).granted).toBe(1);
    expect(takeTokens(state, c, 10_000, 100).granted).toBe(5);
  });

  it("never grants more than burst + rate × elapsed over any run of takes (property)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 1000, noNaN: true }),
        fc.integer({ min: 1, max: 100 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 0, max: 50 })), {
          maxLength: 60,
        }),
        (rate, burst, steps) => {
          const c = config(rate, burst);
          let state = fullBucket(c, 0);
          let now = 0;
          let granted = 0;
          for (const [advance, wanted] of steps) {
            now += advance;
            const result = takeTokens(state, c, now, wanted);
            expect(result.granted).toBeGreaterThanOrEqual(0);
            expect(result.granted).toBeLessThanOrEqual(wanted);
            expect(result.state.tokens).toBeGreaterThanOrEqual(0);
            expect(result.state.tokens).toBeLessThanOrEqual(burst);
            granted += result.granted;
            state = result.state;
          }
          expect(granted).toBeLessThanOrEqual(burst + (rate * now) / 1000 + 1e-6);
        },
      ),
    );
  });

  it("waitMs is honest: after waiting it, at least one token is granted (property)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.5, max: 500, noNaN: true }),
        fc.integer({ min: 1, max: 20 }),
        (rate, burst) => {
          const c = config(rate, burst);
          const drained = takeTokens(fullBucket(c, 0), c, 0, burst);
          const empty = takeTokens(drained.state, c, 0, 1);
          expect(empty.granted).toBe(0);
          expect(takeTokens(empty.state, c, empty.waitMs, 1).granted).toBe(1);
        },
      ),
    );
  });
});

describe("domain groups", () => {
  it("puts aliases of one mailbox provider together", () => {
    expect(domainGroup("a@GoogleMail.com")).toBe("google");
    expect(domainGroup("gmail.com")).toBe("google");
    for (const d of ["outlook.com", "hotmail.com", "live.nl", "live.com", "msn.com"])
      expect(domainGroup(d)).toBe("microsoft");
    for (const d of ["kpnmail.nl", "kpnplanet.nl", "planet.nl", "hetnet.nl"])
      expect(domainGroup(d)).toBe("kpn");
    expect(domainGroup("x@ziggo.nl")).toBe("ziggo");
    expect(domainGroup("x@gemeente.example.")).toBe("gemeente.example");
  });
});

describe("adaptive per-domain controller", () => {
  const c = DEFAULT_DOMAIN_CONFIG;

  it("halves concurrency and rate on a deferral and backs off at least the provider's hint", () => {
    let state: DomainsState = {};
    const got = acquire(state, "a@hotmail.com", c, 0);
    expect(got.ok).toBe(true);
    state = release(got.state, got.group, "deferred", c, 10, 120_000);
    const ms = state.microsoft;
    expect(ms?.concurrency).toBe(c.initialConcurrency / 2);
    expect(ms?.rate).toBe(c.initialRate / 2);
    expect(ms?.backoffUntil).toBe(10 + 120_000);
    const blocked = acquire(state, "b@live.nl", c, 60_000);
    expect(blocked).toMatchObject({ ok: false, why: "backoff", retryAt: 120_010 });
    expect(acquire(state, "c@gmail.com", c, 60_000).ok).toBe(true);
  });

  it("cuts once per episode: deferrals of sends already under way are only counted", () => {
    let state: DomainsState = {};
    const slots = [];
    for (let i = 0; i < 4; i += 1) {
      const got = acquire(state, `u${i}@gmail.com`, c, 0);
      expect(got.ok).toBe(true);
      state = got.state;
      slots.push(got.group);
    }
    for (const group of slots) state = release(state, group, "deferred", c, 5);
    expect(state.google).toMatchObject({
      concurrency: c.initialConcurrency / 2,
      rate: c.initialRate / 2,
      deferred: 4,
      inFlight: 0,
    });
    expect(state.google?.backoffUntil).toBe(5 + c.backoffMs);
  });

  it("grows one step after a run of successes, up to the caps", () => {
    let state: DomainsState = {};
    let now = 0;
    for (let i = 0; i < 5000; i += 1) {
      now += 1000;
      const got = acquire(state, "x@gmail.com", c, now);
      if (!got.ok) continue;
      state = release(got.state, got.group, "sent", c, now);
    }
    expect(state.google?.concurrency).toBe(c.maxConcurrency);
    expect(state.google?.rate).toBeLessThanOrEqual(c.maxRate);
    expect(state.google?.rate).toBeGreaterThan(c.initialRate);
  });

  it("never lets in-flight exceed concurrency, and deferrals at one domain never change another (property)", () => {
    const domains = ["a@gmail.com", "b@hotmail.com", "c@ziggo.nl", "d@kpnmail.nl", "e@small.example"];
    const op = fc.record({
      domain: fc.integer({ min: 0, max: domains.length - 1 }),
      kind: fc.constantFrom("acquire", "sent", "deferred", "rejected"),
      advance: fc.integer({ min: 0, max: 5000 }),
    });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
        let state: DomainsState = {};
        let now = 0;
        const held: Record<string, number> = {};
        for (const { domain, kind, advance } of ops) {
          now += advance;
          const address = domains[domain] ?? "";
          const group = domainGroup(address);
          const before = { ...state };
          if (kind === "acquire") {
            const got = acquire(state, address, c, now);
            state = got.state;
            if (got.ok) held[group] = (held[group] ?? 0) + 1;
          } else if ((held[group] ?? 0) > 0) {
            held[group] = (held[group] ?? 0) - 1;
            state = release(state, group, kind as "sent" | "deferred" | "rejected", c, now, 0);
          } else continue;
          for (const [other, value] of Object.entries(before)) {
            if (other !== group) expect(state[other]).toBe(value);
          }
          const d = state[group];
          if (d) {
            expect(d.inFlight).toBe(held[group] ?? 0);
            expect(d.concurrency).toBeGreaterThanOrEqual(1);
            expect(d.concurrency).toBeLessThanOrEqual(c.maxConcurrency);
            expect(d.rate).toBeGreaterThanOrEqual(c.minRate);
            expect(d.rate).toBeLessThanOrEqual(c.maxRate);
          }
        }
      }),
    );
  });

  it("a domain in back-off does not stop the others from sending (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 0, max: 600_000 }), (deferrals, at) => {
        let state: DomainsState = {};
        for (let i = 0; i < deferrals; i += 1) {
          const got = acquire(state, "slow@hotmail.com", c, i);
          state = release(got.state, "microsoft", "deferred", c, i);
        }
        expect(acquire(state, "fast@gmail.com", c, deferrals + at).ok).toBe(true);
      }),
    );
  });

  it("summarises counts per domain group", () => {
    let state: DomainsState = {};
    const a = acquire(state, "a@hotmail.com", c, 0);
    state = release(a.state, a.group, "deferred", c, 0);
    const b = acquire(state, "b@gmail.com", c, 0);
    state = release(b.state, b.group, "sent", c, 0);
    expect(domainSummary(state).map(({ group, sent, deferred }) => ({ group, sent, deferred }))).toEqual([
      { group: "google", sent: 1, deferred: 0 },
      { group: "microsoft", sent: 0, deferred: 1 },
    ]);
  });
});
