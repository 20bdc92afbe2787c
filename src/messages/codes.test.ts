import { describe, expect, it } from "vitest";
import { generateCode, normaliseCode } from "../core/index.ts";
import {
  generatePersonalCode,
  generateVerificationCode,
  normaliseVerificationCode,
  verificationCodeDigest,
} from "./codes.ts";

describe("verification and personal codes", () => {
  it("are core's one code format", () => {
    expect(generateVerificationCode).toBe(generateCode);
    expect(generatePersonalCode).toBe(generateCode);
    expect(normaliseVerificationCode).toBe(normaliseCode);
  });

  it("store a keyed digest that does not depend on how the code was typed", () => {
    const code = generateVerificationCode();
    const digest = verificationCodeDigest(code, "key");
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    expect(verificationCodeDigest(code.toLowerCase().replaceAll("-", " "), "key")).toBe(digest);
    expect(verificationCodeDigest(code, "other key")).not.toBe(digest);
    expect(() => verificationCodeDigest("ABC", "key")).toThrow(/not a verification code \(length\)/);
  });
});
