import { describe, expect, it } from "vitest";
import {
  emailLookupKey,
  normaliseEmailAddress,
  normalisePhoneNumber,
  phoneLookupKey,
} from "./contact-values.ts";

// The store's look-up normalisers before they were merged into these (regexes), kept here to show that every
// value intake accepts gets the same look-up key as before, so stored look-up hashes still match.
function previousEmailKey(value: string): string | null {
  const email = value.trim().toLowerCase();
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) ? email : null;
}
function previousPhoneKey(value: string): string | null {
  const trimmed = value.trim();
  if (!/^[+\d][\d\s().-]*$/.test(trimmed)) return null;
  let digits = trimmed.replace(/[^\d+]/g, "");
  if (digits.startsWith("00")) digits = `+${digits.slice(2)}`;
  else if (digits.startsWith("0")) digits = `+31${digits.slice(1)}`;
  else if (!digits.startsWith("+")) digits = `+${digits}`;
  if (digits.startsWith("+310")) digits = `+31${digits.slice(4)}`;
  return /^\+[1-9]\d{7,14}$/.test(digits) ? digits : null;
}

const EMAILS = [
  "  Jan.Jansen@Example.NL ",
  "piet@bücher.example",
  "o'brien+tag@Sub.Example.co.uk",
  "a_b-c@xn--bcher-kva.example",
  ...Array.from({ length: 200 }, (_, i) => `Klant.${i}@Voorbeeld-${i % 7}.nl`),
];
const PHONES = [
  "06-1234 5678",
  "+31 (0)6 12345678",
  "0031612345678",
  "020 123 4567",
  "+31 20 123 4567",
  "+44 20 7946 0958",
  "+32 470 12 34 56",
  "+49 1512 3456789",
  "+3197012345678",
  "0900-8844",
  ...Array.from({ length: 300 }, (_, i) => `06${String(10_000_000 + i * 29_989).slice(-8)}`),
  ...Array.from({ length: 100 }, (_, i) => `+31 30 ${String(2_000_000 + i * 7_919).slice(-7)}`),
];

describe("look-up keys", () => {
  it("lower-cases normalised e-mail addresses and refuses what is none", () => {
    expect(emailLookupKey("  Jan.Jansen@Example.NL ")).toBe("jan.jansen@example.nl");
    expect(emailLookupKey("piet@bücher.example")).toBe("piet@xn--bcher-kva.example");
    expect(emailLookupKey("not an address")).toBeNull();
    expect(emailLookupKey("a@example.org, b@example.org")).toBeNull();
  });

  it("turns Dutch and international phone numbers into E.164", () => {
    expect(phoneLookupKey("06-1234 5678")).toBe("+31612345678");
    expect(phoneLookupKey("+31 (0)6 12345678")).toBe("+31612345678");
    expect(phoneLookupKey("0031612345678")).toBe("+31612345678");
    expect(phoneLookupKey("020 123 4567")).toBe("+31201234567");
    expect(phoneLookupKey("+44 20 7946 0958")).toBe("+442079460958");
    expect(phoneLookupKey("12")).toBeNull();
    expect(phoneLookupKey("call me")).toBeNull();
  });

  it("keeps an E.164 number the phone metadata does not know, so an opt-out is never lost", () => {
    expect(normalisePhoneNumber("+447700900123").ok).toBe(false);
    expect(phoneLookupKey("+447700900123")).toBe("+447700900123");
  });

  it("gives a value intake accepted the key of the value as typed, and the key the store used before", () => {
    for (const raw of EMAILS) {
      const accepted = normaliseEmailAddress(raw);
      if (!accepted.ok) throw new Error(`fixture refused: ${raw}`);
      expect(emailLookupKey(accepted.value)).toBe(emailLookupKey(raw));
      expect(emailLookupKey(accepted.value)).toBe(previousEmailKey(accepted.value));
    }
    for (const raw of PHONES) {
      const accepted = normalisePhoneNumber(raw);
      if (!accepted.ok) throw new Error(`fixture refused: ${raw}`);
      expect(phoneLookupKey(accepted.value.e164)).toBe(accepted.value.e164);
      expect(phoneLookupKey(raw)).toBe(accepted.value.e164);
      expect(previousPhoneKey(accepted.value.e164)).toBe(accepted.value.e164);
    }
  });
});
