import { describe, expect, it } from "vitest";
import { editDistance, MAX_SUGGESTION_LENGTH, nearestMatch } from "./edit-distance.ts";

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

describe("nearestMatch", () => {
  it("suggests a close candidate and nothing for unrelated values", () => {
    expect(nearestMatch("passwrod", ["password", "password-hash"])).toBe("password");
    expect(nearestMatch("de", ["nl", "en"])).toBeNull();
    expect(nearestMatch("EMAIL", ["email"])).toBe("email");
    expect(nearestMatch("id-document-nubmer", ["id-document-number", "id-document-copy"])).toBe(
      "id-document-number",
    );
  });

  it("suggests nothing for a value far longer than any candidate", () => {
    expect(nearestMatch(`email${"x".repeat(MAX_SUGGESTION_LENGTH)}`, ["email"])).toBeNull();
  });
});
