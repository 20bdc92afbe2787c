import { describe, expect, it } from "vitest";
import { editDistance } from "./edit-distance.ts";

describe("editDistance", () => {
  it("counts insertions, deletions, substitutions and adjacent swaps as one edit each", () => {
    expect(editDistance("email", "email")).toBe(0);
    expect(editDistance("emial", "email")).toBe(1);
    expect(editDistance("emai", "email")).toBe(1);
    expect(editDistance("emaill", "email")).toBe(1);
    expect(editDistance("fmail", "email")).toBe(1);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("ab", "ba")).toBe(1);
    expect(editDistance("kitten", "sitting")).toBe(3);
  });

  it("stops at a limit and then reports limit + 1", () => {
    expect(editDistance("kitten", "sitting", 1)).toBe(2);
    expect(editDistance("kitten", "sitting", 3)).toBe(3);
    expect(editDistance("a".repeat(1000), "email", 2)).toBe(3);
  });
});

describe("editDistance (the bounds intake relies on)", () => {
  it("counts edits, with an adjacent swap as one", () => {
    expect(editDistance("emial", "email", 3)).toBe(1);
    expect(editDistance("email", "email", 3)).toBe(0);
    expect(editDistance("", "abc", 5)).toBe(3);
  });

  it("stops at the limit and says limit + 1", () => {
    expect(editDistance("abcdefgh", "zyxwvuts", 2)).toBe(3);
    expect(editDistance("a", "abcdefghij", 2)).toBe(3);
  });
});
