import { describe, expect, it } from "vitest";
import {
  CODE_ALPHABET,
  CODE_BITS,
  generateVerificationCode,
  normaliseVerificationCode,
  verificationCodeDigest,
} from "./codes.ts";

describe("verification codes", () => {
  it("carry at least 60 bits in a friendly alphabet, grouped by four", () => {
    expect(CODE_BITS).toBeGreaterThanOrEqual(60);
    for (const ch of "0O1IL") expect(CODE_ALPHABET).not.toContain(ch);
    const codes = new Set(Array.from({ length: 2000 }, generateVerificationCode));
    expect(codes.size).toBe(2000);
    for (const code of codes) expect(code).toMatch(/^[2-9A-HJKMNP-Z]{4}(-[2-9A-HJKMNP-Z]{4}){3}$/);
  });

  it("normalises what people type", () => {
    const code = generateVerificationCode();
    const typed = ` ${code.toLowerCase().replaceAll("-", " ")} `;
    expect(normaliseVerificationCode(typed)).toEqual({ ok: true, code });
    expect(normaliseVerificationCode(code.replaceAll("-", ""))).toEqual({ ok: true, code });
    expect(normaliseVerificationCode(code.replaceAll("-", "–"))).toEqual({ ok: true, code });
  });

  it("catches wrong characters, wrong length and typing errors", () => {
    const code = generateVerificationCode();
    expect(normaliseVerificationCode(`${code}O`)).toMatchObject({
      ok: false,
      reason: "character",
      character: "O",
    });
    expect(normaliseVerificationCode(code.slice(0, -2))).toMatchObject({ ok: false, reason: "length" });
    const chars = code.replaceAll("-", "");
    for (let i = 0; i < chars.length; i++) {
      const original = chars[i] ?? "";
      const replacement = original === "A" ? "B" : "A";
      const typo = chars.slice(0, i) + replacement + chars.slice(i + 1);
      expect(normaliseVerificationCode(typo)).toMatchObject({ ok: false, reason: "typo" });
    }
    for (let i = 0; i + 1 < chars.length; i++) {
      if (chars[i] === chars[i + 1]) continue;
      const swapped = chars.slice(0, i) + chars[i + 1] + chars[i] + chars.slice(i + 2);
      expect(normaliseVerificationCode(swapped)).toMatchObject({ ok: false, reason: "typo" });
    }
  });

  it("stores a keyed digest that does not depend on how the code was typed", () => {
    const code = generateVerificationCode();
    const digest = verificationCodeDigest(code, "key");
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    expect(verificationCodeDigest(code.toLowerCase(), "key")).toBe(digest);
    expect(verificationCodeDigest(code, "other key")).not.toBe(digest);
  });
});

describe("personal codes", () => {
  it("share the verification code's format and canonicalise to the store's look-up form", async () => {
    const { canonicalCode, generatePersonalCode, normalisePersonalCode } = await import("./codes.ts");
    const code = generatePersonalCode();
    expect(code).toMatch(/^[2-9A-HJKMNP-Z]{4}(-[2-9A-HJKMNP-Z]{4}){3}$/);
    expect(normalisePersonalCode(code.toLowerCase().replaceAll("-", " "))).toEqual({ ok: true, code });
    // Upper case without spaces or dashes: what the store's personal-code look-up hash is made of.
    expect(canonicalCode(` ${code.toLowerCase()} `)).toBe(code.replaceAll("-", ""));
    expect(() => canonicalCode("ABC")).toThrow(/not a code \(length\)/);
  });
});
