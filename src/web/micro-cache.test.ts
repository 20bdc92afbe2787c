/** The breach pages' micro-cache: one load per key per time however many ask, bounded, cleared on demand. */
import { describe, expect, it } from "vitest";
import { createMicroCache } from "./micro-cache.ts";

describe("micro-cache", () => {
  it("loads a key once for many concurrent requests, and again after its time", async () => {
    const cache = createMicroCache<string | undefined>(40);
    let loads = 0;
    const load = async () => {
      loads++;
      await new Promise((r) => setTimeout(r, 10));
      return loads % 2 === 1 ? "page" : undefined;
    };
    const answers = await Promise.all(Array.from({ length: 50 }, () => cache.get("a", load)));
    expect(new Set(answers)).toEqual(new Set(["page"]));
    expect(loads).toBe(1);
    await new Promise((r) => setTimeout(r, 60));
    expect(await cache.get("a", load)).toBeUndefined();
    expect(await cache.get("a", load)).toBeUndefined();
    expect(loads).toBe(2);
  });

  it("keeps no failed load, forgets everything on clear, and holds at most its bound", async () => {
    const cache = createMicroCache<number>(60_000, 3);
    await expect(cache.get("x", async () => Promise.reject(new Error("database down")))).rejects.toThrow();
    expect(await cache.get("x", async () => 1)).toBe(1);
    cache.clear();
    expect(await cache.get("x", async () => 2)).toBe(2);
    for (const key of ["b", "c", "d"]) await cache.get(key, async () => 0);
    // "x" was the oldest of four: it is loaded again.
    expect(await cache.get("x", async () => 3)).toBe(3);
    expect(await cache.get("d", async () => 9)).toBe(0);
  });
});
