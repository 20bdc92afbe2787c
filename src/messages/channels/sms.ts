/**
 * SMS encoding and segment counting (3GPP TS 23.038 / 23.040).
 *
 * A text that uses only the GSM 7-bit alphabet costs one septet per character, two for the extension table
 * (`^{}\[~]|€` and form feed); it fits 160 septets in one SMS, 153 per part when split. Anything else goes as
 * UCS-2: 70 UTF-16 units in one SMS, 67 per part. An escape pair or a surrogate pair is never split across parts.
 */

const GSM_BASIC =
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
const GSM_EXTENSION = "^{}\\[~]|€\f";
const BASIC = new Set(GSM_BASIC);
const EXTENSION = new Set(GSM_EXTENSION);

export type SmsEncoding = "gsm-7" | "ucs-2";

export interface SmsLength {
  encoding: SmsEncoding;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2). */
  units: number;
  segments: number;
  /** Units one segment holds at this length (160/153 or 70/67). */
  perSegment: number;
  /** Units still free in the last segment. */
  remaining: number;
  /** Characters that forced UCS-2, if any. */
  nonGsm: string[];
}

export const SMS_MAX_SEGMENTS = 3;

export function isGsm7(text: string): boolean {
  for (const ch of text) if (!BASIC.has(ch) && !EXTENSION.has(ch)) return false;
  return true;
}

export function smsLength(text: string): SmsLength {
  const nonGsm = [...new Set([...text].filter((ch) => !BASIC.has(ch) && !EXTENSION.has(ch)))];
  if (nonGsm.length === 0) {
    const sizes = [...text].map((ch) => (EXTENSION.has(ch) ? 2 : 1));
    return count("gsm-7", sizes, 160, 153, nonGsm);
  }
  const sizes = [...text].map((ch) => ch.length);
  return count("ucs-2", sizes, 70, 67, nonGsm);
}

function count(
  encoding: SmsEncoding,
  sizes: number[],
  single: number,
  part: number,
  nonGsm: string[],
): SmsLength {
  const units = sizes.reduce((a, b) => a + b, 0);
  if (units <= single)
    return { encoding, units, segments: 1, perSegment: single, remaining: single - units, nonGsm };
  let segments = 1;
  let used = 0;
  for (const size of sizes) {
    if (used + size > part) {
      segments++;
      used = 0;
    }
    used += size;
  }
  return { encoding, units, segments, perSegment: part, remaining: part - used, nonGsm };
}

// Typographic characters with a plain GSM counterpart; replacing them keeps a Dutch text in GSM-7.
const PUNCTUATION: Record<string, string> = {
  "\u2018": "'",
  "\u2019": "'",
  "\u201a": "'",
  "\u201c": '"',
  "\u201d": '"',
  "\u201e": '"',
  "\u2013": "-",
  "\u2011": "-",
  "\u2010": "-",
  "\u2014": "-",
  "\u2026": "...",
  "\u00a0": " ",
  "\u202f": " ",
  "\u2060": "",
  "\u00b7": ".",
  "\u2022": "-",
};

/**
 * Makes text fit GSM-7 where that loses nothing a reader needs: typographic quotes and dashes become plain ones
 * and letters with marks not in the GSM alphabet lose the mark (ë → e, ï → i, ç → c). Halves the cost of a
 * Dutch SMS with "geïnformeerd" or "ideeën" in it. Other characters (e.g. emoji) are left, so UCS-2 is used.
 */
export function toGsmFriendly(text: string): string {
  let out = "";
  for (const ch of text) {
    if (BASIC.has(ch) || EXTENSION.has(ch)) out += ch;
    else if (ch in PUNCTUATION) out += PUNCTUATION[ch];
    else {
      const base = ch.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
      out += base.length > 0 && isGsm7(base) ? base : ch;
    }
  }
  return out;
}
