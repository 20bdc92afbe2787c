import { describe, expect, it } from "vitest";
import { didYouMean, MAX_SUGGESTIONS, suggest } from "./suggest.ts";

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
