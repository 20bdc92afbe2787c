import { describe, expect, it } from "vitest";
import { boundedDistance, didYouMean, MAX_SUGGESTIONS, suggest } from "./suggest.ts";

describe("boundedDistance", () => {
  it("counts edits, with an adjacent swap as one", () => {
    expect(boundedDistance("emial", "email", 3)).toBe(1);
    expect(boundedDistance("email", "email", 3)).toBe(0);
    expect(boundedDistance("", "abc", 5)).toBe(3);
  });

  it("stops at the limit and says limit + 1", () => {
    expect(boundedDistance("abcdefgh", "zyxwvuts", 2)).toBe(3);
    expect(boundedDistance("a", "abcdefghij", 2)).toBe(3);
  });
});

describe("suggest", () => {
  const flags = ["minor", "senior", "deceased", "represented"];

  it("offers close candidates, nearest first", () => {
    expect(suggest("decaesed", flags)).toEqual(["deceased"]);
    expect(suggest("SENIOR", flags)).toEqual(["senior"]);
  });

  it("offers nothing for unrelated, empty or far too long values", () => {
    expect(suggest("xyz", flags)).toEqual([]);
    expect(suggest("", flags)).toEqual([]);
    expect(suggest("deceased".repeat(2), flags)).toEqual([]);
  });

  it("caps the work and the answer for a huge value and many candidates", () => {
    const many = Array.from({ length: 50 }, (_, i) => `flag${i}`);
    expect(suggest("flag", many).length).toBeLessThanOrEqual(MAX_SUGGESTIONS);
    const started = performance.now();
    expect(suggest("x".repeat(1_000_000), many)).toEqual([]);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it("words the hint", () => {
    expect(didYouMean([])).toBe("");
    expect(didYouMean(["a"])).toBe('; did you mean "a"?');
    expect(didYouMean(["a", "b", "c"])).toBe('; did you mean "a", "b" or "c"?');
  });
});
