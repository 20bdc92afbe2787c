import { describe, expect, it } from "vitest";
import { editDistance, nearestMatch } from "./edit-distance.ts";

describe("editDistance", () => {
  it("counts insertions, deletions, substitutions and adjacent swaps as one edit each", () => {
    expect(editDistance("email", "email")).toBe(0);
    expect(editDistance("emial", "email")).toBe(1);
    expect(editDistance("emai", "email")).toBe(1);
    expect(editDistance("emaill", "email")).toBe(1);
    expect(editDistance("fmail", "email")).toBe(1);
    expect(editDistance("", "abc")).toBe(3);
  });
});

describe("nearestMatch", () => {
  it("suggests a close candidate and nothing for unrelated values", () => {
    expect(nearestMatch("passwrod", ["password", "password-hash"])).toBe("password");
    expect(nearestMatch("de", ["nl", "en"])).toBeNull();
    expect(nearestMatch("EMAIL", ["email"])).toBe("email");
  });
});
