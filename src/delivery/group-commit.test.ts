import { describe, expect, it } from "vitest";
import { groupCommit } from "./group-commit.ts";

describe("group commit", () => {
  it("runs the first call alone and those that came meanwhile together, each with its own answer", async () => {
    const statements: number[][] = [];
    const call = groupCommit<number, string>(
      async (items) => {
        statements.push(items);
        await new Promise((resolve) => setTimeout(resolve, 10));
        return items.map((n) => `answer ${n}`);
      },
      { perStatement: 3 },
    );
    const answers = await Promise.all([1, 2, 3, 4, 5, 6].map((n) => call(n)));
    expect(answers).toEqual([1, 2, 3, 4, 5, 6].map((n) => `answer ${n}`));
    // At most three per statement, in the order they asked.
    expect(statements).toEqual([[1], [2, 3, 4], [5, 6]]);
  });

  it("waits the gathering time when idle, so calls that arrive meanwhile share the first statement", async () => {
    const statements: number[][] = [];
    const call = groupCommit<number, number>(
      async (items) => {
        statements.push(items);
        return items;
      },
      { perStatement: 10, gatherMs: 20 },
    );
    const first = call(1);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(statements).toEqual([]);
    expect(await Promise.all([first, call(2), call(3)])).toEqual([1, 2, 3]);
    expect(statements).toEqual([[1, 2, 3]]);
  });

  it("under load starts a statement no sooner than the spacing after the last one, carrying what came meanwhile", async () => {
    const starts: { at: number; items: number[] }[] = [];
    const call = groupCommit<number, number>(
      async (items) => {
        starts.push({ at: performance.now(), items });
        return items;
      },
      { perStatement: 100, spacingMs: 40 },
    );
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const began = performance.now();
    // A call every 5 ms for 150 ms: thirty calls, each of which would have been a statement of its own.
    const calls: Promise<number>[] = [];
    for (let n = 0; n < 30; n++) {
      calls.push(call(n));
      await sleep(5);
    }
    expect(await Promise.all(calls)).toEqual(Array.from({ length: 30 }, (_, n) => n));
    expect(starts[0]?.items).toEqual([0]);
    expect(starts[0]?.at ?? Number.POSITIVE_INFINITY).toBeLessThan(began + 20);
    for (let i = 1; i < starts.length; i++) {
      // Timers may fire up to a millisecond early by this clock.
      expect((starts[i]?.at ?? 0) - (starts[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(39);
    }
    expect(starts.length).toBeLessThanOrEqual(6);
    expect(starts.flatMap((s) => s.items)).toEqual(Array.from({ length: 30 }, (_, n) => n));
    // After a quiet spell longer than the spacing, a call runs at once.
    await sleep(60);
    const quiet = performance.now();
    await call(99);
    expect((starts.at(-1)?.at ?? Number.POSITIVE_INFINITY) - quiet).toBeLessThan(20);
  });

  it("fails every call of a failed statement, and only those", async () => {
    let first = true;
    const call = groupCommit<number, number>(
      async (items) => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        if (first) {
          first = false;
          throw new Error("deadlock");
        }
        return items;
      },
      { perStatement: 10 },
    );
    const results = await Promise.allSettled([call(1), call(2), call(3)]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "fulfilled", "fulfilled"]);
    expect(await call(4)).toBe(4);
  });
});
