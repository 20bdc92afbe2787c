import { describe, expect, it } from "vitest";
import { CODE_ALPHABET, CODE_BITS, canonicalCode, generateCode, normaliseCode } from "./codes.ts";

const FORMAT = /^[2-9A-HJKMNP-Z]{4}(-[2-9A-HJKMNP-Z]{4}){3}$/;

describe("codes people type", () => {
  it("carry at least 60 bits in a friendly alphabet, grouped by four", () => {
    expect(CODE_BITS).toBeGreaterThanOrEqual(60);
    for (const ch of "0O1IL") expect(CODE_ALPHABET).not.toContain(ch);
    const codes = new Set(Array.from({ length: 2000 }, generateCode));
    expect(codes.size).toBe(2000);
    for (const code of codes) expect(code).toMatch(FORMAT);
  });

  it("use every character about equally often", () => {
    const counts = new Map<string, number>();
    const n = 3_000;
    for (let i = 0; i < n; i++)
      for (const ch of generateCode().replaceAll("-", "").slice(0, 15))
        counts.set(ch, (counts.get(ch) ?? 0) + 1);
    expect(counts.size).toBe(CODE_ALPHABET.length);
    const expected = (n * 15) / CODE_ALPHABET.length;
    for (const count of counts.values()) expect(Math.abs(count - expected)).toBeLessThan(expected * 0.2);
  });

  it("normalise what people type", () => {
    const code = generateCode();
    expect(normaliseCode(` ${code.toLowerCase().replaceAll("-", " ")} `)).toEqual({ ok: true, code });
    expect(normaliseCode(code.replaceAll("-", ""))).toEqual({ ok: true, code });
    expect(normaliseCode(code.replaceAll("-", "–"))).toEqual({ ok: true, code });
  });

  it("catch wrong characters, wrong length and every single typo or swap of neighbours", () => {
    const code = generateCode();
    expect(normaliseCode(`${code}O`)).toMatchObject({ ok: false, reason: "character", character: "O" });
    expect(normaliseCode(code.slice(0, -2))).toMatchObject({ ok: false, reason: "length" });
    const chars = code.replaceAll("-", "");
    for (let i = 0; i < chars.length; i++) {
      const replacement = chars[i] === "A" ? "B" : "A";
      const typo = chars.slice(0, i) + replacement + chars.slice(i + 1);
      expect(normaliseCode(typo)).toMatchObject({ ok: false, reason: "typo" });
    }
    for (let i = 0; i + 1 < chars.length; i++) {
      if (chars[i] === chars[i + 1]) continue;
      const swapped = chars.slice(0, i) + chars[i + 1] + chars[i] + chars.slice(i + 2);
      expect(normaliseCode(swapped)).toMatchObject({ ok: false, reason: "typo" });
    }
  });

  it("canonicalise to the upper-case form without separators that look-up hashes are made of", () => {
    const code = generateCode();
    expect(canonicalCode(` ${code.toLowerCase()} `)).toBe(code.replaceAll("-", ""));
    expect(() => canonicalCode("ABC")).toThrow(/not a code \(length\)/);
  });
});

describe("codes from a keyed seed", () => {
  it("gives the same valid code for the same seed and different codes for different seeds", async () => {
    const { codeFromSeed, normaliseCode } = await import("./codes.ts");
    const { createHash } = await import("node:crypto");
    const seed = (text: string) => createHash("sha256").update(text).digest();
    const a = codeFromSeed(seed("campaign-1:victim-1"));
    expect(codeFromSeed(seed("campaign-1:victim-1"))).toBe(a);
    expect(normaliseCode(a)).toMatchObject({ ok: true, code: a });
    const codes = new Set(Array.from({ length: 500 }, (_, i) => codeFromSeed(seed(`c:${i}`))));
    expect(codes.size).toBe(500);
    // A seed of rejected bytes only still ends in a code (the seed is stretched by hashing).
    expect(normaliseCode(codeFromSeed(new Uint8Array(4).fill(255))).ok).toBe(true);
  });
});
