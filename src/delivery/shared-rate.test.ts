import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CREATE_RATE_BUCKETS_TABLE, takeShared } from "./shared-rate.ts";
import { engines, openExecutor, type TestExecutor } from "./test-support.ts";

describe.each(engines())("shared rate limit on %s", (engine) => {
  // One database per engine (PGlite takes seconds to start); each test uses keys of its own.
  let db: TestExecutor;
  beforeAll(async () => {
    db = await openExecutor(engine);
    await db.query(CREATE_RATE_BUCKETS_TABLE, []);
    await db.query(CREATE_RATE_BUCKETS_TABLE, []);
  });
  afterAll(() => db.close());
  const open = async () => db;

  it("starts full, refills with time up to the burst, and never goes below zero", async () => {
    const { query } = await open();
    const bucket = { key: "smtp:relay", ratePerSecond: 10, burst: 5 };
    expect(await takeShared(query, { ...bucket, wanted: 3, now: 1_000 })).toEqual({ granted: 3, waitMs: 0 });
    expect(await takeShared(query, { ...bucket, wanted: 3, now: 1_000 })).toEqual({
      granted: 2,
      waitMs: 100,
    });
    expect(await takeShared(query, { ...bucket, wanted: 1, now: 1_050 })).toEqual({ granted: 0, waitMs: 50 });
    expect((await takeShared(query, { ...bucket, wanted: 2, now: 1_200 })).granted).toBe(2);
    expect((await takeShared(query, { ...bucket, wanted: 50, now: 60_000 })).granted).toBe(5);
    // A clock that goes back (another machine) neither refills nor breaks the bucket.
    expect((await takeShared(query, { ...bucket, wanted: 1, now: 30_000 })).granted).toBe(0);
    const { rows } = await query("SELECT tokens FROM rate_buckets WHERE key = $1", ["smtp:relay"]);
    expect(Number(rows[0]?.tokens)).toBeGreaterThanOrEqual(0);
  });

  it("keeps buckets apart by key", async () => {
    const { query } = await open();
    expect(
      (await takeShared(query, { key: "a", ratePerSecond: 1, burst: 2, wanted: 5, now: 0 })).granted,
    ).toBe(2);
    expect(
      (await takeShared(query, { key: "b", ratePerSecond: 1, burst: 2, wanted: 5, now: 0 })).granted,
    ).toBe(2);
  });

  it("never grants more than burst + rate × time to takers on separate connections (database clock)", async () => {
    const { connections } = await open();
    const bucket = { key: "sms:gateway", ratePerSecond: 40, burst: 10 };
    const started = performance.now();
    const totals = await Promise.all(
      connections.map(async (query) => {
        let granted = 0;
        while (performance.now() - started < 700) {
          granted += (await takeShared(query, { ...bucket, wanted: 3 })).granted;
        }
        return granted;
      }),
    );
    const elapsedSeconds = (performance.now() - started) / 1000;
    const total = totals.reduce((a, b) => a + b, 0);
    expect(total).toBeLessThanOrEqual(bucket.burst + bucket.ratePerSecond * elapsedSeconds + 1);
    // And it does hand out what the rate allows, not far less.
    expect(total).toBeGreaterThanOrEqual(bucket.burst + bucket.ratePerSecond * 0.5);
  });

  it("refuses nonsense settings, naming them", async () => {
    const { query } = await open();
    await expect(takeShared(query, { key: "k", ratePerSecond: 0, burst: 1, wanted: 1 })).rejects.toThrow(
      /ratePerSecond/,
    );
    await expect(takeShared(query, { key: "k", ratePerSecond: 1, burst: 0, wanted: 1 })).rejects.toThrow(
      /burst/,
    );
    await expect(takeShared(query, { key: "k", ratePerSecond: 1, burst: 1, wanted: 1.5 })).rejects.toThrow(
      /wanted/,
    );
  });
});
