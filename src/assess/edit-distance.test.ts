import { describe, expect, it } from "vitest";
import { MAX_SUGGESTION_LENGTH, nearestMatch } from "./edit-distance.ts";

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
