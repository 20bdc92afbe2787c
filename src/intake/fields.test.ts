import { parsePhoneNumberFromString } from "libphonenumber-js/max";
import { describe, expect, it } from "vitest";
import {
  cleanText,
  normaliseCountry,
  normaliseEmail,
  normaliseExternalId,
  normaliseHouseNumber,
  normaliseLanguage,
  normalisePhone,
  normalisePostcode,
  normaliseSegment,
  parseIdList,
} from "./fields.ts";

const value = <T>(r: { ok: true; value: T } | { ok: false }) => (r.ok ? r.value : undefined);
const code = (r: { ok: true } | { ok: false; problem: { code: string } }) => (r.ok ? "ok" : r.problem.code);

describe("normaliseEmail", () => {
  it("keeps the local part, lower-cases the domain and converts an international domain to ASCII", () => {
    expect(value(normaliseEmail("  Jan.Jansen@Example.ORG "))).toBe("Jan.Jansen@example.org");
    expect(value(normaliseEmail("piet@bücher.example"))).toBe("piet@xn--bcher-kva.example");
  });

  it("refuses header injection, lists and display names", () => {
    expect(code(normaliseEmail("a@example.org\r\nBcc: b@example.org"))).toBe("email-injection");
    expect(code(normaliseEmail("a@example.org\nX: y"))).toBe("email-injection");
    expect(code(normaliseEmail("a@exam\u0000ple.org"))).toBe("email-injection");
    expect(code(normaliseEmail("a@example.org, b@example.org"))).toBe("email-several");
    expect(code(normaliseEmail("a@example.org;b@example.org"))).toBe("email-several");
    expect(code(normaliseEmail("Jan <jan@example.org>"))).toBe("email-not-plain");
  });

  it("refuses broken addresses", () => {
    for (const bad of [
      "jan",
      "@example.org",
      "jan@",
      "jan@@example.org",
      "jan@example",
      "jan..x@example.org",
      "jan@-x.org",
      "jan@example.1",
    ]) {
      expect(normaliseEmail(bad).ok, bad).toBe(false);
    }
    expect(code(normaliseEmail(`${"a".repeat(65)}@example.org`))).toBe("email-syntax");
  });

  it("warns about a mistyped large mail provider", () => {
    const result = normaliseEmail("jan@gmial.com");
    expect(result.ok && result.warning?.reason).toContain('did you mean "gmail.com"');
    expect(normaliseEmail("jan@gmail.com")).toEqual({ ok: true, value: "jan@gmail.com" });
  });
});

describe("normalisePhone", () => {
  it("writes numbers in many shapes as E.164", () => {
    const cases: [string, string][] = [
      ["06-1234 5678", "+31612345678"],
      ["06 12 34 56 78", "+31612345678"],
      ["(06) 12345678", "+31612345678"],
      ["+31 (0)6 1234 5678", "+31612345678"],
      ["+31612345678", "+31612345678"],
      ["0031 6 12345678", "+31612345678"],
      ["020-123 4567", "+31201234567"],
      ["+32 470 12 34 56", "+32470123456"],
      ["+49 151 23456789", "+4915123456789"],
    ];
    for (const [input, e164] of cases) expect(value(normalisePhone(input))?.e164, input).toBe(e164);
  });

  it("reads a national number in the row's country", () => {
    expect(value(normalisePhone("0470 12 34 56", "BE"))?.e164).toBe("+32470123456");
  });

  it("marks landlines as not reachable by text message", () => {
    const landline = normalisePhone("020 123 4567");
    expect(landline.ok && landline.value.textable).toBe(false);
    expect(landline.ok && landline.warning?.code).toBe("phone-landline");
  });

  it("refuses what cannot be a phone number", () => {
    for (const bad of ["12", "06-1234", "call me", "06 1234 5678 9999 1234", "+31612345678\nX"]) {
      expect(normalisePhone(bad).ok, bad).toBe(false);
    }
  });

  it("takes the Dutch-mobile shortcut only where libphonenumber-js agrees", () => {
    for (let prefix = 0; prefix <= 9; prefix++) {
      for (const shape of [`06${prefix}1234567`, `+316${prefix}1234567`, `00316${prefix}1234567`]) {
        const ours = normalisePhone(shape);
        const library = parsePhoneNumberFromString(shape, "NL");
        expect(ours.ok, shape).toBe(library?.isValid() ?? false);
        if (ours.ok) {
          expect(ours.value.e164).toBe(library?.number);
          expect(ours.value.textable).toBe(library?.getType() === "MOBILE");
        }
      }
    }
  });
});

describe("addresses and codes", () => {
  it("writes Dutch postcodes as 1234 AB and refuses the ones never issued", () => {
    expect(value(normalisePostcode("1234ab", "NL"))).toBe("1234 AB");
    expect(value(normalisePostcode(" 1234  AB ", "NL"))).toBe("1234 AB");
    for (const bad of ["0123 AB", "1234 SS", "12345", "1234 A"])
      expect(normalisePostcode(bad, "NL").ok, bad).toBe(false);
    expect(value(normalisePostcode("B-1000", "BE"))).toBeUndefined();
    expect(value(normalisePostcode("1000", "BE"))).toBe("1000");
    expect(value(normalisePostcode("SW1A 1AA", "GB"))).toBe("SW1A 1AA");
  });

  it("accepts ISO 3166-1 alpha-2 codes and suggests one for a country name", () => {
    expect(value(normaliseCountry("nl"))).toBe("NL");
    expect(value(normaliseCountry(""))).toBe("NL");
    const named = normaliseCountry("Nederland");
    expect(!named.ok && named.problem.reason).toContain('did you mean "NL"');
    expect(
      !normaliseCountry("UK").ok &&
        (normaliseCountry("UK") as { problem: { reason: string } }).problem.reason,
    ).toContain('"GB"');
    expect(normaliseCountry("XX").ok).toBe(false);
  });

  it("checks house numbers, languages, segments and external ids", () => {
    expect(value(normaliseHouseNumber("12a"))).toBe("12a");
    expect(value(normaliseHouseNumber("12-3"))).toBe("12-3");
    expect(normaliseHouseNumber("twaalf").ok).toBe(false);
    expect(value(normaliseLanguage("EN"))).toBe("en");
    expect(value(normaliseLanguage(""))).toBe("nl");
    expect(normaliseLanguage("de").ok).toBe(false);
    expect(value(normaliseSegment(" Groep A "))).toBe("Groep A");
    expect(normaliseSegment("=HYPERLINK()").ok).toBe(false);
    expect(normaliseSegment("x".repeat(65)).ok).toBe(false);
    expect(normaliseExternalId("").ok).toBe(false);
    expect(normaliseExternalId("a\tb").ok).toBe(false);
    expect(value(normaliseExternalId(" K-1 "))).toBe("K-1");
  });
});

describe("cleanText", () => {
  it("trims, NFC-normalises and folds white space", () => {
    expect(value(cleanText("  Jose\u0301  de\r\nVries "))).toBe("José de Vries");
  });

  it("refuses control characters, bidirectional overrides and over-long values", () => {
    expect(cleanText("a\u0007b").ok).toBe(false);
    expect(cleanText("abc\u202Efed").ok).toBe(false);
    expect(cleanText("x".repeat(1_001)).ok).toBe(false);
  });
});

describe("parseIdList", () => {
  const known = ["email", "iban", "name"] as const;

  it("sorts, drops duplicates and ignores empty parts", () => {
    expect(parseIdList(" iban | email|email||", "category", known)).toEqual({
      values: ["email", "iban"],
      problems: [],
    });
  });

  it("reports unknown ids with a suggestion, ids outside the allowed set, and the wrong separator", () => {
    const result = parseIdList(
      "emial|iban|name|email,name",
      "category",
      known,
      new Set(["email", "iban"]),
      "not in the breach",
    );
    expect(result.values).toEqual(["iban"]);
    expect(result.problems.map((p) => p.code)).toEqual([
      "category-unknown",
      "category-not-allowed",
      "category-separator",
    ]);
    expect(result.problems[0]?.reason).toContain('did you mean "email"');
  });
});
