import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DomainLimitSettings, domainLimits } from "../store/index.ts";
import { engineCases, openTestDatabase, type TestDatabase } from "../store/testing.ts";
import { createMxGrouper } from "./mx-groups.ts";
import {
  acquire,
  DEFAULT_DOMAIN_CONFIG,
  type DomainControllerConfig,
  type DomainsState,
  release,
  type SendOutcome,
} from "./rate.ts";
import { createSharedDomainLimiter, type SharedDomainLimiter } from "./shared-domains.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A small deterministic PRNG (mulberry32), so a failing sequence can be replayed. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe.each(engineCases())("per-domain limits shared by all workers on %s", (engine) => {
  let db: TestDatabase;
  const open: SharedDomainLimiter[] = [];
  beforeAll(async () => {
    db = await openTestDatabase(engine);
  });
  afterAll(async () => {
    await Promise.all(open.map((l) => l.close()));
    await db.close();
  });
  const limiter = (options: Omit<Parameters<typeof createSharedDomainLimiter>[0], "db">) => {
    const created = createSharedDomainLimiter({ db: db.db, ...options });
    open.push(created);
    return created;
  };

  it("follows rate.ts's acquire/release step for step (random sequences, database state = pure state)", async () => {
    const config: DomainControllerConfig = {
      initialConcurrency: 2,
      maxConcurrency: 4,
      initialRate: 5,
      maxRate: 9,
      minRate: 0.5,
      rateStep: 2,
      increaseEvery: 3,
      backoffMs: 1_000,
      maxBackoffMs: 4_000,
    };
    const settings: DomainLimitSettings = config;
    for (const seed of [1, 2, 3]) {
      const random = prng(seed);
      const recipient = `someone@model${seed}.example`;
      const group = `model${seed}.example`;
      let state: DomainsState = {};
      let now = 1_000_000;
      const held: string[] = [];
      let sequence = 0;
      for (let step = 0; step < 150; step += 1) {
        now += Math.floor(random() * 700);
        if (held.length === 0 || random() < 0.55) {
          const pure = acquire(state, recipient, config, now);
          sequence += 1;
          const lease = `m:${sequence}`;
          const shared = await domainLimits.take(db.db, { group, lease, leaseMs: 1e12, settings, now });
          expect(shared.verdict === "ok", `seed ${seed} step ${step}`).toBe(pure.ok);
          if (pure.ok) held.push(lease);
          else {
            expect(shared.verdict).toBe(pure.why);
            expect(Math.abs(shared.waitMs - (pure.retryAt - now))).toBeLessThanOrEqual(1);
          }
          state = pure.state;
        } else {
          const roll = random();
          const outcome: SendOutcome = roll < 0.6 ? "sent" : roll < 0.85 ? "deferred" : "rejected";
          const retryAfterMs = outcome === "deferred" && random() < 0.3 ? 2_500 : 0;
          state = release(state, group, outcome, config, now, retryAfterMs);
          const lease = held.shift() ?? null;
          await domainLimits.report(db.db, { group, lease, outcome, retryAfterMs, settings, now });
        }
        const pure = state[group];
        const [row] = await domainLimits.list(db.db, { groups: [group], now });
        if (!pure) continue;
        expect(row, `seed ${seed} step ${step}`).toMatchObject({
          concurrency: pure.concurrency,
          rate: pure.rate,
          backoffUntilMs: pure.backoffUntil,
          deferralsInRow: pure.deferralsInRow,
          successesInRow: pure.successesInRow,
          inFlight: pure.inFlight,
          sent: pure.sent,
          deferred: pure.deferred,
          rejected: pure.rejected,
        });
        expect(row?.tokens).toBeCloseTo(pure.bucket.tokens, 6);
      }
    }
  });

  it("two workers together get no more than the group's rate", async () => {
    const config = { ...DEFAULT_DOMAIN_CONFIG, initialRate: 20, initialConcurrency: 5, increaseEvery: 1e9 };
    const workers = [limiter({ config }), limiter({ config })];
    const started = performance.now();
    const granted = await Promise.all(
      workers.map(async (worker) => {
        let count = 0;
        while (performance.now() - started < 1_000) {
          const slot = await worker.tryAcquire("x@rate-shared.example");
          if (slot.ok) {
            count += 1;
            await worker.release(slot.group, "rejected");
          } else await sleep(Math.max(1, Math.min(20, slot.retryAt - Date.now())));
        }
        return count;
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const total = granted.reduce((a, b) => a + b, 0);
    // Burst (= concurrency, 5) plus 20 per second, for both together; one worker alone would get as much.
    expect(total).toBeLessThanOrEqual(5 + 20 * seconds + 1);
    expect(total).toBeGreaterThanOrEqual(5 + 20 * 0.5);
    expect(Math.min(...granted)).toBeGreaterThan(0);
  });

  it("a deferral seen by one worker backs the other off and halves the group's rate for both", async () => {
    const config = { ...DEFAULT_DOMAIN_CONFIG, backoffMs: 10_000 };
    const [a, b] = [limiter({ config }), limiter({ config })];
    const slot = await a.tryAcquire("p@defer-shared.example");
    expect(slot.ok).toBe(true);
    expect((await b.tryAcquire("q@defer-shared.example")).ok).toBe(true);
    await b.release("defer-shared.example", "sent");
    await a.release(slot.group, "deferred", 0);
    const refused = await b.tryAcquire("r@defer-shared.example");
    expect(refused.ok).toBe(false);
    expect(refused.ok ? 0 : refused.retryAt - Date.now()).toBeGreaterThan(8_000);
    const row = (await b.summary()).find((s) => s.group === "defer-shared.example");
    expect(row).toMatchObject({
      rate: config.initialRate / 2,
      concurrency: config.initialConcurrency / 2,
      deferred: 1,
      sent: 1,
      inFlight: 0,
    });
    expect(row?.backoffUntil).toBeGreaterThan(Date.now() + 8_000);
  });

  it("groups a company domain by its mail exchanger: a deferral at hotmail.com backs off contoso-example.nl", async () => {
    const grouper = createMxGrouper({
      resolveMx: async (domain) =>
        domain === "contoso-example.nl"
          ? [{ exchange: "contoso-example-nl.mail.protection.outlook.com", priority: 0 }]
          : [],
    });
    const config = { ...DEFAULT_DOMAIN_CONFIG, backoffMs: 10_000 };
    const [a, b] = [
      limiter({ config, groupOf: grouper.groupOf }),
      limiter({ config, groupOf: grouper.groupOf }),
    ];
    const slot = await a.tryAcquire("jan@hotmail.com");
    expect(slot).toEqual({ ok: true, group: "microsoft" });
    await a.release(slot.group, "deferred", 0);
    const other = await b.tryAcquire("piet@contoso-example.nl");
    expect(other.group).toBe("microsoft");
    expect(other.ok).toBe(false);
    // Another domain is not held back.
    expect(await b.tryAcquire("kees@elsewhere.example")).toEqual({ ok: true, group: "elsewhere.example" });
  });

  it("gives a dead worker's slots back after the lease, and a live worker keeps its own by renewing", async () => {
    const config = { ...DEFAULT_DOMAIN_CONFIG, initialConcurrency: 2, initialRate: 1_000 };
    const dead = limiter({ config, leaseMs: 400, renewEveryMs: 0 });
    const other = limiter({ config, leaseMs: 400 });
    expect((await dead.tryAcquire("a@lease.example")).ok).toBe(true);
    expect((await dead.tryAcquire("b@lease.example")).ok).toBe(true);
    // The "dead" worker never reports these two sends.
    const refused = await other.tryAcquire("c@lease.example");
    expect(refused).toMatchObject({ ok: false, group: "lease.example" });
    await sleep(500);
    expect((await other.tryAcquire("d@lease.example")).ok).toBe(true);

    const live = limiter({ config, leaseMs: 300, renewEveryMs: 80 });
    expect((await live.tryAcquire("a@renewed.example")).ok).toBe(true);
    expect((await live.tryAcquire("b@renewed.example")).ok).toBe(true);
    await sleep(700);
    expect((await other.tryAcquire("c@renewed.example")).ok).toBe(false);
    await live.close();
    expect((await other.tryAcquire("d@renewed.example")).ok).toBe(true);
  });
});
