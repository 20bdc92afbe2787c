import { describe, expect, it } from "vitest";
import { groupCommit } from "./group-commit.ts";

describe("group commit", () => {
  it("runs the first call alone and those that came meanwhile together, each with its own answer", async () => {
    const statements: number[][] = [];
    const call = groupCommit<number, string>(async (items) => {
      statements.push(items);
      await new Promise((resolve) => setTimeout(resolve, 10));
      return items.map((n) => `answer ${n}`);
    }, 3);
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
      10,
      20,
    );
    const first = call(1);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(statements).toEqual([]);
    expect(await Promise.all([first, call(2), call(3)])).toEqual([1, 2, 3]);
    expect(statements).toEqual([[1, 2, 3]]);
  });

  it("fails every call of a failed statement, and only those", async () => {
    let first = true;
    const call = groupCommit<number, number>(async (items) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (first) {
        first = false;
        throw new Error("deadlock");
      }
      return items;
    }, 10);
    const results = await Promise.allSettled([call(1), call(2), call(3)]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "fulfilled", "fulfilled"]);
    expect(await call(4)).toBe(4);
  });
});
