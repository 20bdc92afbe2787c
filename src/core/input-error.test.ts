import { describe, expect, it } from "vitest";
import { InvalidInputError } from "./input-error.ts";

describe("InvalidInputError", () => {
  it("keeps every problem and names each in its message, the whole input as (input)", () => {
    const error = new InvalidInputError([
      { path: "data[2].category", message: "unknown category" },
      { path: "", message: "not an object" },
    ]);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("InvalidInputError");
    expect(error.problems).toHaveLength(2);
    expect(error.message).toBe("invalid input:\ndata[2].category: unknown category\n(input): not an object");
  });
});
