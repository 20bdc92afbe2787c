/**
 * The one home of the codes people type: the per-message verification code ("is this message genuine?") and
 * the personal code a victim gets at import (letters and the portal). Both use the same format, so people
 * learn one shape and one page can tell a typing error from a wrong code. Only keyed hashes are stored: the
 * store makes them with its own keys from `canonicalCode(code)` (or `codeDigest` with a given key).
 *
 * 15 random characters from a 31-character alphabet (≈ 74 bits from node:crypto) plus one check character,
 * shown as four groups of four: `K7QX-M3PA-9RTW-XH4C`. The alphabet leaves out 0, O, 1, I and L, which people
 * confuse. The check character (weighted sum modulo the prime 31) catches every single mistyped character and
 * every swap of two neighbours, so the page can say "you made a typing error" instead of "not genuine".
 */
import { createHmac, randomBytes } from "node:crypto";

export const CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
const RANDOM_CHARS = 15;
const GROUP = 4;
/** Bits of randomness in one code. */
export const CODE_BITS = RANDOM_CHARS * Math.log2(CODE_ALPHABET.length);

const VALUE = new Map([...CODE_ALPHABET].map((ch, i) => [ch, i]));
// Largest multiple of 31 that fits in a byte, so every character is equally likely.
const BYTE_LIMIT = Math.floor(256 / CODE_ALPHABET.length) * CODE_ALPHABET.length;

function checkCharacter(chars: string): string {
  let sum = 0;
  for (let i = 0; i < chars.length; i++) sum += (i + 1) * (VALUE.get(chars[i] ?? "") ?? 0);
  return CODE_ALPHABET[sum % CODE_ALPHABET.length] ?? "";
}

function group(chars: string): string {
  const groups: string[] = [];
  for (let i = 0; i < chars.length; i += GROUP) groups.push(chars.slice(i, i + GROUP));
  return groups.join("-");
}

/** A new code, e.g. `K7QX-M3PA-9RTW-XH4C`. */
export function generateVerificationCode(): string {
  let chars = "";
  while (chars.length < RANDOM_CHARS) {
    for (const byte of randomBytes(24)) {
      if (byte < BYTE_LIMIT) chars += CODE_ALPHABET[byte % CODE_ALPHABET.length];
      if (chars.length === RANDOM_CHARS) break;
    }
  }
  return group(chars + checkCharacter(chars));
}

export type CodeInput =
  | { ok: true; code: string }
  | { ok: false; reason: "length" | "character" | "typo"; character?: string };

/**
 * Reads what a person typed: case, spaces, dashes and dots do not matter. Returns the canonical grouped code, or
 * why it cannot be a code (wrong length, a character that never occurs, or a typing error caught by the check).
 */
export function normaliseVerificationCode(input: string): CodeInput {
  const chars = input
    .normalize("NFKC")
    .toUpperCase()
    .replace(/[\s\-‐‑–—._/]+/g, "");
  for (const ch of chars) {
    if (!VALUE.has(ch)) return { ok: false, reason: "character", character: ch };
  }
  if (chars.length !== RANDOM_CHARS + 1) return { ok: false, reason: "length" };
  if (checkCharacter(chars.slice(0, RANDOM_CHARS)) !== chars.slice(RANDOM_CHARS))
    return { ok: false, reason: "typo" };
  return { ok: true, code: group(chars) };
}

/** What to store: a keyed hash of the canonical code, so a database leak does not reveal the codes. */
export function verificationCodeDigest(code: string, key: Buffer | string): string {
  const normalised = normaliseVerificationCode(code);
  if (!normalised.ok) throw new Error(`not a verification code (${normalised.reason})`);
  return createHmac("sha256", key).update(normalised.code).digest("hex");
}

/** A victim's personal code (printed in letters, typed on the portal): the same format as a verification code. */
export const generatePersonalCode = generateVerificationCode;
/** Reads a typed personal code; see `normaliseVerificationCode`. */
export const normalisePersonalCode = normaliseVerificationCode;

/**
 * A valid code without separators, upper case — the form to hash for a look-up (the store's keyed look-up
 * hash of a personal code takes exactly this). Throws when the input is not a code.
 */
export function canonicalCode(input: string): string {
  const normalised = normaliseVerificationCode(input);
  if (!normalised.ok) throw new Error(`not a code (${normalised.reason})`);
  return normalised.code.replaceAll("-", "");
}
