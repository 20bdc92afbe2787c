import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Db,
  type DomainLimitSettings,
  domainLimits,
  type Executor,
  openDatabase,
} from "../store/index.ts";
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

/** The same database through a second pool (PostgreSQL), or the same handle (PGlite has one connection). */
async function secondHandle(db: TestDatabase): Promise<{ db: Db; close(): Promise<void> }> {
  if (db.shared.engine !== "postgres") return { db: db.db, close: async () => {} };
  const { databaseUrl, schema } = db.shared;
  const handle = await openDatabase({ databaseUrl, ...(schema ? { schema } : {}), poolSize: 2 });
  return { db: handle.db, close: () => handle.close() };
}

/** Polls until the group holds no slots (a worker gives idle ones back after `idleLeaseMs`), at most 3 s. */
async function inFlightOnceIdle(db: Executor, group: string): Promise<number> {
  const until = Date.now() + 3_000;
  for (;;) {
    const [row] = await domainLimits.list(db, { groups: [group] });
    if ((row?.inFlight ?? 0) === 0 || Date.now() > until) return row?.inFlight ?? 0;
    await sleep(50);
  }
}

/**
 * The database, counting the statements run through it as raw SQL (how the limiter's statements run); the
 * first `failFirst` of them fail as a deadlock's victim would, without running.
 */
function countingStatements(db: Db, failFirst = 0): { db: Db; statements: () => number } {
  let count = 0;
  // Kysely's classes have private fields: their methods must run on the objects themselves.
  const own = <T extends object>(target: T, property: string | symbol) => {
    const value = Reflect.get(target, property, target);
    return typeof value === "function" ? value.bind(target) : value;
  };
  const counted = new Proxy(db, {
    get(target, property) {
      if (property !== "getExecutor") return own(target, property);
      return () => {
        const executor = target.getExecutor();
        return new Proxy(executor, {
          get(inner, name) {
            if (name !== "executeQuery") return own(inner, name);
            return (...args: Parameters<typeof executor.executeQuery>) => {
              count += 1;
              if (count <= failFirst)
                return Promise.reject(Object.assign(new Error("deadlock detected"), { code: "40P01" }));
              return executor.executeQuery(...args);
            };
          },
        });
      };
    },
  });
  return { db: counted, statements: () => count };
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
  const limiter = (
    options: Omit<Parameters<typeof createSharedDomainLimiter>[0], "db"> & { db?: Executor },
  ) => {
    const created = createSharedDomainLimiter({ db: db.db, ...options });
    open.push(created);
    return created;
  };

  it.each([
    ["one take and one report per send", false],
    ["a burst's takes in one statement and a run of sends' reports in one", true],
  ])(
    "follows rate.ts's acquire/release step for step, %s (random sequences, database state = pure state)",
    async (_name, batched) => {
      const config: DomainControllerConfig = {
        initialConcurrency: 4,
        maxConcurrency: 6,
        initialRate: 8,
        maxRate: 12,
        minRate: 0.5,
        rateStep: 2,
        increaseEvery: 2,
        backoffMs: 1_000,
        maxBackoffMs: 4_000,
      };
      const settings: DomainLimitSettings = config;
      /** How often each rule fired, so the sequences are known to exercise all of them. */
      const fired = { cut: 0, sameEpisode: 0, grow: 0, atCap: 0, backoff: 0, concurrency: 0, rate: 0 };
      // Seed 4 is a calm provider (mostly sent), so growth reaches the caps.
      for (const seed of [1, 2, 3, 4]) {
        const random = prng(seed);
        const group = `model${seed}${batched ? "-batched" : ""}.example`;
        const recipient = `someone@${group}`;
        let state: DomainsState = {};
        let now = 1_000_000;
        const held: string[] = [];
        let sequence = 0;
        const check = async (where: string) => {
          const pure = state[group];
          const [row] = await domainLimits.list(db.db, { groups: [group], now });
          if (!pure) return;
          expect(row, where).toMatchObject({
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
          expect(row?.tokens, where).toBeCloseTo(pure.bucket.tokens, 6);
        };
        for (let step = 0; step < 80; step += 1) {
          now += Math.floor(random() * 1_500);
          if (held.length === 0 || random() < 0.5) {
            // A burst of takes at one instant, as a batch of recipients at one provider.
            const burst = 1 + Math.floor(random() * 4);
            if (batched) {
              const where = `seed ${seed} step ${step} burst of ${burst}`;
              const leases: string[] = [];
              let pureGranted = 0;
              let refusal: { why: keyof typeof fired; retryAt: number } | undefined;
              for (let i = 0; i < burst; i += 1) {
                const pure = acquire(state, recipient, config, now);
                state = pure.state;
                sequence += 1;
                leases.push(`m:${sequence}`);
                if (pure.ok) pureGranted += 1;
                else refusal ??= { why: pure.why, retryAt: pure.retryAt };
              }
              const shared = await domainLimits.takeMany(db.db, {
                group,
                leases,
                leaseMs: 1e12,
                settings,
                now,
              });
              expect(shared.granted, where).toBe(pureGranted);
              held.push(...leases.slice(0, shared.granted));
              if (refusal) {
                fired[refusal.why] += 1;
                expect(shared.verdict, where).toBe(refusal.why);
                expect(Math.abs(shared.waitMs - (refusal.retryAt - now)), where).toBeLessThanOrEqual(1);
              } else expect(shared.verdict, where).toBe("ok");
              await check(where);
              continue;
            }
            for (let i = 0; i < burst; i += 1) {
              const where = `seed ${seed} step ${step} take ${i}`;
              const pure = acquire(state, recipient, config, now);
              sequence += 1;
              const lease = `m:${sequence}`;
              const shared = await domainLimits.take(db.db, { group, lease, leaseMs: 1e12, settings, now });
              expect(shared.verdict === "ok", where).toBe(pure.ok);
              if (pure.ok) held.push(lease);
              else {
                fired[pure.why] += 1;
                expect(shared.verdict, where).toBe(pure.why);
                expect(Math.abs(shared.waitMs - (pure.retryAt - now)), where).toBeLessThanOrEqual(1);
              }
              state = pure.state;
              await check(where);
            }
          } else {
            // The sends under way end close together, in one mood: mostly sent, or mostly deferred.
            const mood = seed === 4 ? 0.97 + random() * 0.03 : random();
            // Batched: consecutive sends that ended sent are reported together, before the next other outcome.
            let sentRun: (string | null)[] = [];
            const flushSent = async () => {
              if (sentRun.length === 0) return;
              await domainLimits.reportSent(db.db, { group, leases: sentRun, settings });
              sentRun = [];
            };
            while (held.length > 0) {
              const where = `seed ${seed} step ${step} report`;
              now += Math.floor(random() * 100);
              const roll = random();
              const outcome: SendOutcome =
                roll < mood ? "sent" : roll < mood + (1 - mood) * 0.8 ? "deferred" : "rejected";
              const retryAfterMs = outcome === "deferred" && random() < 0.3 ? 2_500 : 0;
              const before = state[group];
              if (outcome === "deferred" && before)
                fired[now < before.backoffUntil ? "sameEpisode" : "cut"] += 1;
              state = release(state, group, outcome, config, now, retryAfterMs);
              if ((state[group]?.concurrency ?? 0) > (before?.concurrency ?? 0)) fired.grow += 1;
              if (outcome === "sent" && before?.rate === config.maxRate) fired.atCap += 1;
              const lease = held.shift() ?? null;
              if (batched && outcome === "sent") {
                sentRun.push(lease);
                continue;
              }
              await flushSent();
              await domainLimits.report(db.db, { group, lease, outcome, retryAfterMs, settings, now });
              await check(where);
            }
            await flushSent();
            await check(`seed ${seed} step ${step} last sends`);
          }
        }
      }
      for (const [rule, count] of Object.entries(fired)) expect(count, rule).toBeGreaterThan(0);
    },
  );

  it("a reservoir round reports sends as reportSent does, and grants slots and tokens apart (random rounds)", async () => {
    const config: DomainControllerConfig = {
      initialConcurrency: 3,
      maxConcurrency: 7,
      initialRate: 6,
      maxRate: 14,
      minRate: 0.5,
      rateStep: 2,
      increaseEvery: 3,
      backoffMs: 1_000,
      maxBackoffMs: 4_000,
    };
    const settings: DomainLimitSettings = config;
    const seen = { grow: 0, slotsShort: 0, tokensShort: 0, spareHalved: 0, backoff: 0, freed: 0 };
    for (const seed of [11, 12, 13]) {
      const random = prng(seed);
      const group = `settle${seed}.example`;
      let now = 2_000_000;
      let sequence = 0;
      let held: string[] = [];
      let model: DomainsState = {};
      for (let step = 0; step < 60; step += 1) {
        const where = `seed ${seed} step ${step}`;
        now += Math.floor(random() * 700);
        const [before] = await domainLimits.list(db.db, { groups: [group], now });
        // The pure controller, from the row as it stands, given this round's reports.
        const sent = random() < 0.7 ? Math.floor(random() * 9) : 0;
        const rejected = random() < 0.2 ? 1 + Math.floor(random() * 2) : 0;
        if (before) {
          model = {
            [group]: {
              concurrency: before.concurrency,
              inFlight: before.inFlight,
              bucket: { tokens: before.tokens, updatedAt: before.refilledMs },
              rate: before.rate,
              backoffUntil: before.backoffUntilMs,
              deferralsInRow: before.deferralsInRow,
              successesInRow: before.successesInRow,
              sent: before.sent,
              deferred: before.deferred,
              rejected: before.rejected,
            },
          };
          for (let i = 0; i < sent; i += 1) model = release(model, group, "sent", config, now);
          for (let i = 0; i < rejected; i += 1) model = release(model, group, "rejected", config, now);
        }
        const freed = held.filter(() => random() < 0.4);
        held = held.filter((lease) => !freed.includes(lease));
        const leases = Array.from({ length: Math.floor(random() * 4) }, () => `s:${++sequence}`);
        const tokens = Math.floor(random() * 5);
        const spareTokens = Math.floor(random() * 6);
        if (!before) await domainLimits.ensureGroups(db.db, [group], settings, now);
        const answer = (
          await domainLimits.settleGroups(db.db, {
            requests: [{ group, sent, rejected, freed, leases, tokens, spareTokens }],
            leaseMs: 1e12,
            settings,
            now,
          })
        ).get(group);
        const [after] = await domainLimits.list(db.db, { groups: [group], now });
        if (!answer || !after) throw new Error(`${where}: no answer`);
        held.push(...leases.slice(0, answer.leases));
        seen.freed += freed.length;
        const pure = model[group];
        if (pure) {
          // The reports: exactly the pure controller's sent and rejected steps.
          expect(after, where).toMatchObject({
            concurrency: pure.concurrency,
            rate: pure.rate,
            successesInRow: pure.successesInRow,
            deferralsInRow: pure.deferralsInRow,
            sent: pure.sent,
            rejected: pure.rejected,
          });
          if (pure.concurrency > (before?.concurrency ?? 0)) seen.grow += 1;
        }
        expect(after.inFlight, where).toBe(held.length);
        const concurrency = after.concurrency;
        const backingOff = now < after.backoffUntilMs;
        if (backingOff) {
          seen.backoff += 1;
          expect({ leases: answer.leases, tokens: answer.tokens }, where).toEqual({ leases: 0, tokens: 0 });
          expect(answer.backoffMs, where).toBe(after.backoffUntilMs - now);
        } else {
          const live = held.length - answer.leases;
          const slots = Math.max(0, Math.min(leases.length, concurrency - live));
          if (slots < leases.length) seen.slotsShort += 1;
          expect(answer.leases, where).toBe(slots);
          const bucket = before
            ? Math.min(
                concurrency,
                before.tokens + (Math.max(0, now - before.refilledMs) * after.rate) / 1000,
              )
            : Math.min(config.initialConcurrency, config.initialRate);
          const needed = Math.min(tokens, Math.floor(bucket + 1e-9));
          const spare = Math.min(spareTokens, Math.floor((bucket - needed) / 2 + 1e-9));
          if (needed < tokens) seen.tokensShort += 1;
          if (spare < spareTokens && bucket - needed >= 1) seen.spareHalved += 1;
          expect(answer.tokens, where).toBe(needed + spare);
          expect(after.tokens, where).toBeCloseTo(bucket - needed - spare, 6);
        }
        // Now and then a provider defers: the round after it grants nothing until the back-off ends.
        if (random() < 0.08) {
          await domainLimits.report(db.db, { group, lease: null, outcome: "deferred", settings, now });
        }
      }
    }
    for (const [rule, count] of Object.entries(seen)) expect(count, rule).toBeGreaterThan(0);
  });

  it("serves most sends from the worker's reservoir, without a statement each", async () => {
    // A provider with room to spare: at its rate limit a group's rounds follow the trickle of its tokens.
    const config = {
      ...DEFAULT_DOMAIN_CONFIG,
      initialConcurrency: 12,
      initialRate: 100_000,
      maxRate: 100_000,
    };
    const { db: counted, statements } = countingStatements(db.db);
    // Reports ride with the rounds that serve sends (and with close): only those rounds are counted.
    const worker = limiter({ config, db: counted, reportGatherMs: 60_000 });
    let sent = 0;
    await Promise.all(
      Array.from({ length: 4 }, async (_, lane) => {
        while (sent < 200) {
          const slot = await worker.tryAcquire(`p${lane}@reservoir.example`);
          if (!slot.ok) {
            await sleep(Math.max(1, slot.retryAt - Date.now()));
            continue;
          }
          sent += 1;
          await sleep(1);
          await worker.release(slot.group, "sent");
        }
      }),
    );
    await worker.close();
    // One take and one report per send was 2 statements a send; a round serves a handful.
    expect(statements()).toBeLessThan(sent / 3);
    const [row] = await domainLimits.list(db.db, { groups: ["reservoir.example"] });
    expect(row?.sent).toBe(sent);
    expect(row?.inFlight).toBe(0);
  });

  it("writes a rarely mailed domain's row twice per message: its counts go with the slot's give-back", async () => {
    const { db: counted, statements } = countingStatements(db.db);
    const worker = limiter({ db: counted, idleLeaseMs: 100, reportGatherMs: 20 });
    const messages = 4;
    for (let i = 0; i < messages; i++) {
      const slot = await worker.tryAcquire(`p${i}@quiet.example`);
      expect(slot.ok).toBe(true);
      await worker.release(slot.group, "sent");
      // Idle long past idleLeaseMs: the slot goes back, and the count with it.
      await sleep(400);
    }
    // A take, then the count and the give-back together (plus the row's creation: an insert and the first
    // round again). Reported apart, the count made it three a message.
    expect(statements()).toBeLessThanOrEqual(2 * messages + 2);
    // Reported without waiting for close.
    const [row] = await domainLimits.list(db.db, { groups: ["quiet.example"] });
    expect(row?.sent).toBe(messages);
    expect(row?.inFlight).toBe(0);
  });

  it("hands out no slot once closed, so none is held by a worker that stopped", async () => {
    const worker = limiter({ config: DEFAULT_DOMAIN_CONFIG });
    const slot = await worker.tryAcquire("someone@closing.example");
    expect(slot.ok).toBe(true);
    await worker.release(slot.group, "sent");
    await worker.close();
    await expect(worker.tryAcquire("someone@closing.example")).rejects.toThrow(/closed/);
    const [row] = await domainLimits.list(db.db, { groups: ["closing.example"] });
    expect(row?.sent).toBe(1);
    expect(row?.inFlight).toBe(0);
  });

  // Takes and reports lock the group rows in key order; an update of several rows that locked them in the
  // table's order deadlocked with a take (seen in the campaign bench: the take failed, and the worker's e-mail
  // stopped for seconds). Here a row is held and the renewal must wait at it before touching the next.
  it.skipIf(engine !== "postgres")(
    "renews and releases a worker's leases locking the groups in key order, as takes do",
    async () => {
      if (db.shared.engine !== "postgres") return;
      const { databaseUrl, schema } = db.shared;
      const connect = async () => {
        const client = new pg.Client({
          connectionString: databaseUrl,
          ...(schema ? { options: `-c search_path=${schema}` } : {}),
        });
        await client.connect();
        return client;
      };
      // Created b first, so the table's own order is b, a.
      const settings: DomainLimitSettings = DEFAULT_DOMAIN_CONFIG;
      for (const group of ["order-b.example", "order-a.example"])
        await domainLimits.takeMany(db.db, { group, leases: ["w9:1"], leaseMs: 60_000, settings });
      const holder = await connect();
      const probe = await connect();
      try {
        for (const [name, step] of [
          [
            "renew",
            () =>
              domainLimits.renew(
                db.db,
                [
                  { group: "order-b.example", leases: ["w9:1"] },
                  { group: "order-a.example", leases: ["w9:1"] },
                ],
                60_000,
              ),
          ],
          ["releaseHolder", () => domainLimits.releaseHolder(db.db, "w9")],
        ] as const) {
          await holder.query("begin");
          await holder.query("select 1 from domain_limits where group_key = 'order-a.example' for update");
          const running = step();
          await sleep(300);
          // In key order it waits at a, the first, without having locked b.
          const free = await probe
            .query("select 1 from domain_limits where group_key = 'order-b.example' for update nowait")
            .then(
              () => true,
              () => false,
            );
          await holder.query("commit");
          await running;
          expect({ name, bFreeWhileWaitingAtA: free }).toEqual({ name, bFreeWhileWaitingAtA: true });
        }
      } finally {
        await holder.end();
        await probe.end();
      }
    },
  );

  it("renews only the leases a worker names, so one it lost track of expires", async () => {
    const settings: DomainLimitSettings = { ...DEFAULT_DOMAIN_CONFIG, initialConcurrency: 4 };
    const group = "renew-named.example";
    const now = 5_000_000;
    await domainLimits.takeMany(db.db, { group, leases: ["w5:1", "w5:2"], leaseMs: 1_000, settings, now });
    await domainLimits.renew(db.db, [{ group, leases: ["w5:1"] }], 1_000, now + 900);
    const [row] = await domainLimits.list(db.db, { groups: [group], now: now + 1_500 });
    expect(row?.inFlight).toBe(1);
  });

  // A worker whose sends are slow takes tokens it cannot use yet; kept, they would add up to a burst far
  // beyond the group's bucket once the sends speed up. Its reserve is the spare handful, and that lapses.
  it("keeps no more than a handful of tokens in reserve, however long its sends were slow", async () => {
    const config = {
      ...DEFAULT_DOMAIN_CONFIG,
      initialConcurrency: 4,
      maxConcurrency: 4,
      initialRate: 20,
      maxRate: 20,
      increaseEvery: 1e9,
    };
    const worker = limiter({ config });
    const grants: number[] = [];
    const started = performance.now();
    const fastFrom = 2_000;
    await Promise.all(
      Array.from({ length: 8 }, async (_, lane) => {
        while (performance.now() - started < fastFrom + 600) {
          const slot = await worker.tryAcquire(`p${lane}@reservoir-burst.example`);
          if (!slot.ok) {
            await sleep(Math.max(1, Math.min(20, slot.retryAt - Date.now())));
            continue;
          }
          const at = performance.now() - started;
          grants.push(at);
          await sleep(at < fastFrom ? 400 : 1);
          await worker.release(slot.group, "sent");
        }
      }),
    );
    // Once fast: at most the bucket (4), what it refills in the window (20/s × 0.2 s) and the spare handful.
    // (Kept tokens came out at once: 28 in 200 ms here.)
    const fast = grants.filter((at) => at >= fastFrom);
    const busiest = Math.max(
      0,
      ...fast.map((from) => fast.filter((at) => at >= from && at < from + 200).length),
    );
    expect(busiest).toBeLessThanOrEqual(4 + 4 + 8 + 2);
  }, 20_000);

  it("runs a round again when the database chose it as a deadlock's victim", async () => {
    const { db: failing, statements } = countingStatements(db.db, 2);
    const worker = limiter({ db: failing });
    const slot = await worker.tryAcquire("a@deadlock-victim.example");
    expect(slot).toEqual({ ok: true, group: "deadlock-victim.example" });
    expect(statements()).toBeGreaterThanOrEqual(3);
  });

  it("two workers together get no more than the group's rate", async () => {
    const config = { ...DEFAULT_DOMAIN_CONFIG, initialRate: 20, initialConcurrency: 5, increaseEvery: 1e9 };
    // On PostgreSQL the second worker has a pool of its own, as another process would.
    const second = await secondHandle(db);
    const workers = [
      limiter({ config }),
      createSharedDomainLimiter({ db: second.db, config, renewEveryMs: 0 }),
    ];
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
    await second.close();
  });

  it("never has more sends in flight than the group's concurrency, however many workers ask at once", async () => {
    const config = { ...DEFAULT_DOMAIN_CONFIG, initialConcurrency: 3, initialRate: 1_000 };
    const second = await secondHandle(db);
    const workers = [
      limiter({ config }),
      createSharedDomainLimiter({ db: second.db, config, renewEveryMs: 0 }),
    ];
    // Four senders per worker, each taking a slot, holding it a moment, giving it back, for half a second.
    let inFlight = 0;
    let most = 0;
    let granted = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: 8 }, async (_, i) => {
        const worker = workers[i % 2];
        if (!worker) return;
        while (performance.now() - started < 500) {
          const slot = await worker.tryAcquire(`p${i}@crowded.example`);
          if (!slot.ok) {
            await sleep(1);
            continue;
          }
          granted += 1;
          inFlight += 1;
          most = Math.max(most, inFlight);
          await sleep(2);
          inFlight -= 1;
          await worker.release(slot.group, "rejected");
        }
      }),
    );
    expect(most).toBeLessThanOrEqual(3);
    // Slots were given back and taken again (PGlite, one connection for all, is slow at this).
    expect(granted).toBeGreaterThan(3);
    // Slots a worker keeps between sends go back once idle.
    expect(await inFlightOnceIdle(db.db, "crowded.example")).toBe(0);
    await second.close();
  });

  it("a deferral seen by one worker backs the other off and halves the group's rate for both", async () => {
    const config = { ...DEFAULT_DOMAIN_CONFIG, backoffMs: 10_000 };
    const [a, b] = [limiter({ config }), limiter({ config })];
    const slot = await a.tryAcquire("p@defer-shared.example");
    expect(slot.ok).toBe(true);
    expect((await b.tryAcquire("q@defer-shared.example")).ok).toBe(true);
    await b.release("defer-shared.example", "sent");
    await a.release(slot.group, "deferred", 0);
    // b may still hold a spare token from before the deferral; it lapses within spareTokenMs.
    await sleep(300);
    const refused = await b.tryAcquire("r@defer-shared.example");
    expect(refused.ok).toBe(false);
    expect(refused.ok ? 0 : refused.retryAt - Date.now()).toBeGreaterThan(8_000);
    const row = (await b.summary()).find((s) => s.group === "defer-shared.example");
    expect(row).toMatchObject({
      rate: config.initialRate / 2,
      concurrency: config.initialConcurrency / 2,
      deferred: 1,
      sent: 1,
    });
    expect(row?.backoffUntil).toBeGreaterThan(Date.now() + 8_000);
    // Told of the back-off, b gives back the slot it kept: nothing is held for a group nobody may send to.
    expect(await inFlightOnceIdle(db.db, "defer-shared.example")).toBe(0);
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
