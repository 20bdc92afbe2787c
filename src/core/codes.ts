/**
 * The format of every code people type: the per-message verification code ("is this message genuine?") and the
 * personal code a victim gets at import (letters and the portal). One format, so people learn one shape and a
 * page can tell a typing error from a wrong code. It lives here, at the bottom, because the store issues
 * personal codes and messages prints and checks them, and neither may import the other.
 *
 * 15 random characters from a 31-character alphabet (≈ 74 bits from node:crypto) plus one check character,
 * shown as four groups of four: `K7QX-M3PA-9RTW-XH4C`. The alphabet leaves out 0, O, 1, I and L, which people
 * confuse. The check character (weighted sum modulo the prime 31) catches every single mistyped character and
 * every swap of two neighbours. Only keyed hashes of `canonicalCode(code)` are ever stored.
 */
import { createHash, randomBytes } from "node:crypto";

export const CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
const RANDOM_CHARS = 15;
const GROUP = 4;
/** Bits of randomness in one code. */
export const CODE_BITS = RANDOM_CHARS * Math.log2(CODE_ALPHABET.length);

const VALUE = new Map([...CODE_ALPHABET].map((ch, i) => [ch, i]));
// Largest multiple of 31 that fits in a byte, so every character is equally likely (rejection sampling).
const BYTE_LIMIT = Math.floor(256 / CODE_ALPHABET.length) * CODE_ALPHABET.length;

// An import issues a code per victim: one CSPRNG call per many codes instead of one per code.
let pool = Buffer.alloc(0);
let offset = 0;
function nextByte(): number {
  if (offset >= pool.length) {
    pool = randomBytes(4096);
    offset = 0;
  }
  return pool[offset++] ?? 0;
}

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
export function generateCode(): string {
  let chars = "";
  while (chars.length < RANDOM_CHARS) {
    const byte = nextByte();
    if (byte < BYTE_LIMIT) chars += CODE_ALPHABET[byte % CODE_ALPHABET.length];
  }
  return group(chars + checkCharacter(chars));
}

/**
 * The code a keyed seed stands for: the same seed always gives the same code. Delivery derives a message's
 * verification code from a keyed hash of campaign and victim, so a message sent twice (after a crash) carries
 * the same code, and only the keyed hash of it needs to be kept.
 */
export function codeFromSeed(seed: Uint8Array): string {
  let bytes = Buffer.from(seed);
  let chars = "";
  let index = 0;
  while (chars.length < RANDOM_CHARS) {
    if (index >= bytes.length) {
      bytes = createHash("sha256").update(bytes).digest();
      index = 0;
    }
    const byte = bytes[index++] ?? 0;
    if (byte < BYTE_LIMIT) chars += CODE_ALPHABET[byte % CODE_ALPHABET.length];
  }
  return group(chars + checkCharacter(chars));
}

export type CodeInput =
  | { ok: true; code: string }
  | { ok: false; reason: "length" | "character" | "typo"; character?: string };

/**
 * Reads what a person typed: case, spaces, dashes and dots do not matter. Returns the grouped code, or why it
 * cannot be a code (wrong length, a character that never occurs, or a typing error caught by the check).
 */
export function normaliseCode(input: string): CodeInput {
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

/**
 * A valid code without separators, upper case: the form a keyed look-up hash is made of, so a code finds the
 * same row however it was typed. Throws when the input is not a code.
 */
export function canonicalCode(input: string): string {
  const normalised = normaliseCode(input);
  if (!normalised.ok) throw new Error(`not a code (${normalised.reason})`);
  return normalised.code.replaceAll("-", "");
}

/** A victim's personal code (printed in letters, typed on the portal). */
export const generatePersonalCode = generateCode;
/** Reads a typed personal code; see `normaliseCode`. */
export const normalisePersonalCode = normaliseCode;
