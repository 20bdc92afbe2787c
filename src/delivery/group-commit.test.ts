import { describe, expect, it, vi } from "vitest";
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
    // The machine's clock and timers, faked: the test is about order in time, not about this machine's load.
    vi.useFakeTimers({ toFake: ["setTimeout", "performance"] });
    try {
      const starts: { at: number; items: number[] }[] = [];
      const call = groupCommit<number, number>(
        async (items) => {
          starts.push({ at: performance.now(), items });
          return items;
        },
        { perStatement: 100, spacingMs: 40 },
      );
      const began = performance.now();
      // A call every 5 ms for 150 ms: thirty calls, each of which would have been a statement of its own.
      const calls: Promise<number>[] = [];
      for (let n = 0; n < 30; n++) {
        calls.push(call(n));
        await vi.advanceTimersByTimeAsync(5);
      }
      await vi.advanceTimersByTimeAsync(100);
      expect(await Promise.all(calls)).toEqual(Array.from({ length: 30 }, (_, n) => n));
      expect(starts.map((s) => s.at - began)).toEqual([0, 40, 80, 120, 160]);
      expect(starts.map((s) => s.items.length)).toEqual([1, 7, 8, 8, 6]);
      expect(starts.flatMap((s) => s.items)).toEqual(Array.from({ length: 30 }, (_, n) => n));
      // After a quiet spell longer than the spacing, a call runs at once.
      await vi.advanceTimersByTimeAsync(60);
      const quiet = performance.now();
      const last = call(99);
      await vi.advanceTimersByTimeAsync(0);
      expect(await last).toBe(99);
      expect(starts.at(-1)?.at).toBe(quiet);
    } finally {
      vi.useRealTimers();
    }
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
