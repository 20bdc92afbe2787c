import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rateBuckets } from "./rate-buckets.ts";
import { engineCases, openTestDatabase, type TestDatabase } from "./testing.ts";

// The table comes from the migrations, as in production. One database per engine (PGlite takes seconds to
// start); each test uses keys of its own.
describe.each(engineCases())("shared rate buckets on %s", (engine) => {
  let handle: TestDatabase;
  beforeAll(async () => {
    handle = await openTestDatabase(engine);
  });
  afterAll(() => handle.close());

  it("starts full, refills with time up to the burst, and never goes below zero", async () => {
    const { db } = handle;
    const bucket = { key: "smtp:relay", ratePerSecond: 10, burst: 5 };
    expect(await rateBuckets.take(db, { ...bucket, wanted: 3, now: 1_000 })).toEqual({
      granted: 3,
      waitMs: 0,
    });
    expect(await rateBuckets.take(db, { ...bucket, wanted: 3, now: 1_000 })).toEqual({
      granted: 2,
      waitMs: 100,
    });
    expect(await rateBuckets.take(db, { ...bucket, wanted: 1, now: 1_050 })).toEqual({
      granted: 0,
      waitMs: 50,
    });
    expect((await rateBuckets.take(db, { ...bucket, wanted: 2, now: 1_200 })).granted).toBe(2);
    expect((await rateBuckets.take(db, { ...bucket, wanted: 50, now: 60_000 })).granted).toBe(5);
    // A clock that goes back (another machine) neither refills nor breaks the bucket.
    expect((await rateBuckets.take(db, { ...bucket, wanted: 1, now: 30_000 })).granted).toBe(0);
    expect(await rateBuckets.tokens(db, "smtp:relay")).toBeGreaterThanOrEqual(0);
    expect(await rateBuckets.tokens(db, "never used")).toBeUndefined();
  });

  it("keeps buckets apart by key", async () => {
    const { db } = handle;
    expect(
      (await rateBuckets.take(db, { key: "a", ratePerSecond: 1, burst: 2, wanted: 5, now: 0 })).granted,
    ).toBe(2);
    expect(
      (await rateBuckets.take(db, { key: "b", ratePerSecond: 1, burst: 2, wanted: 5, now: 0 })).granted,
    ).toBe(2);
  });

  it("never grants more than burst + rate × time to concurrent takers (database clock)", async () => {
    const { db } = handle;
    const bucket = { key: "sms:gateway", ratePerSecond: 40, burst: 10 };
    const started = performance.now();
    // Four takers at once: on PostgreSQL each query may run on another pool connection.
    const totals = await Promise.all(
      Array.from({ length: 4 }, async () => {
        let granted = 0;
        while (performance.now() - started < 700) {
          granted += (await rateBuckets.take(db, { ...bucket, wanted: 3 })).granted;
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
    const { db } = handle;
    await expect(rateBuckets.take(db, { key: "k", ratePerSecond: 0, burst: 1, wanted: 1 })).rejects.toThrow(
      /ratePerSecond/,
    );
    await expect(rateBuckets.take(db, { key: "k", ratePerSecond: 1, burst: 0, wanted: 1 })).rejects.toThrow(
      /burst/,
    );
    await expect(rateBuckets.take(db, { key: "k", ratePerSecond: 1, burst: 1, wanted: 1.5 })).rejects.toThrow(
      /wanted/,
    );
  });
  it("sweeps only idle buckets under the prefix, which come back full on their next use", async () => {
    const { db } = handle;
    const old = Date.now() - 2 * 3600_000;
    await rateBuckets.take(db, { key: "guess:t:idle", ratePerSecond: 1, burst: 5, wanted: 5, now: old });
    await rateBuckets.take(db, { key: "guess:t:busy", ratePerSecond: 1, burst: 5, wanted: 5 });
    await rateBuckets.take(db, { key: "other:t:idle", ratePerSecond: 1, burst: 5, wanted: 5, now: old });
    expect(await rateBuckets.sweep(db, "guess:t:", 3600_000)).toBe(1);
    expect(await rateBuckets.tokens(db, "guess:t:idle")).toBeUndefined();
    expect(await rateBuckets.tokens(db, "guess:t:busy")).toBeDefined();
    expect(await rateBuckets.tokens(db, "other:t:idle")).toBeDefined();
    expect(
      (await rateBuckets.take(db, { key: "guess:t:idle", ratePerSecond: 1, burst: 5, wanted: 5 })).granted,
    ).toBe(5);
  });
});
