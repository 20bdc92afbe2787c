/**
 * Text hygiene shared by every channel: values from victim files and staff are cleaned before they are placed
 * in a message, and escaped for the markup of the channel that shows them.
 */

import { createRequire } from "node:module";
import type { HyphenationFunctionSync } from "hyphen";
import type { Language } from "./message.ts";

// Control characters and invisible text-direction marks (e.g. U+202E, which can make "exe.pdf" read as "fdp.exe").
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const UNSAFE_ALL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]+/g;

/** One line of plain text: line breaks and tabs become a space, control and direction characters go. */
export function cleanText(value: string): string {
  if (!UNSAFE.test(value)) return value;
  return value.replace(UNSAFE_ALL, (run) => (/[\t\n\r]/.test(run) ? " " : ""));
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are cleaned on the way
const HTML_SPECIAL = /[&<>"'\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const HTML_SPECIAL_ALL = /[&<>"']/g;
const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes for HTML text and attribute values; also cleans the text as `cleanText` does. */
export function escapeHtml(value: string): string {
  if (!HTML_SPECIAL.test(value)) return value;
  return cleanText(value).replace(HTML_SPECIAL_ALL, (ch) => HTML_ESCAPES[ch] ?? ch);
}

/**
 * Breaks up things mail programs turn into links (`www.`, `x.nl/…`, e-mail addresses) in text that must not
 * carry links: a word joiner after each dot stops most auto-linkers while the text still reads the same.
 * Used for addresses we tell people to type themselves.
 */
export function unlinkable(address: string): string {
  return address.replace(/^https?:\/\//i, "").replace(/\.(?=\S)/g, ".\u2060");
}

/** Wraps plain text at `width` characters (continuation lines start with `indent`), for e-mail text parts. */
export function wrap(text: string, width: number, indent = ""): string {
  const room = width - indent.length;
  if (text.length <= room) return text;
  let out = "";
  let start = 0;
  while (text.length - start > room) {
    let cut = text.lastIndexOf(" ", start + room);
    if (cut <= start) {
      // A word longer than the line: keep it whole.
      cut = text.indexOf(" ", start + room);
      if (cut < 0) break;
    }
    out += `${text.slice(start, cut)}\n${indent}`;
    start = cut + 1;
  }
  return out + text.slice(start);
}

/** Longer words get break points; shorter ones fit a 320 px screen even in a bold heading with WCAG text spacing. */
/** Words longer than this get break points (a phone at 320 px fits about this many characters of a word). */
export const LONG_WORD = 16;
/** Where a word may break: after these characters (as in a web address), or before `@` and `.`. */
const BREAK_POINT = /(?<=[/?&=,_+:;-])|(?=[@.](?!\u2060?$))/u;
const CHUNK = 12;
const SOFT_HYPHEN = "\u00ad";

const require = createRequire(import.meta.url);
// Dutch and British English hyphenation patterns (TeX's), so long compounds break where a reader expects.
// They are CommonJS folders, which an ES module cannot import by name.
type Hyphenator = { hyphenateSync: HyphenationFunctionSync };
const HYPHENATE: Record<Language, HyphenationFunctionSync> = {
  nl: (require("hyphen/nl") as Hyphenator).hyphenateSync,
  en: (require("hyphen/en-gb") as Hyphenator).hyphenateSync,
};

function breakPiece(piece: string, language: Language, address: boolean): string[] {
  if (piece.length <= LONG_WORD) return [escapeHtml(piece)];
  // A soft hyphen shows a hyphen where the line breaks: right in a word, wrong in an address people type.
  if (!address) {
    const parts = HYPHENATE[language](piece, { minWordLength: LONG_WORD }).split(SOFT_HYPHEN);
    if (parts.length > 1) return [parts.map(escapeHtml).join("&shy;")];
  }
  const chars = [...piece];
  const size = Math.ceil(chars.length / Math.ceil(chars.length / CHUNK));
  const chunks: string[] = [];
  for (let i = 0; i < chars.length; i += size) chunks.push(escapeHtml(chars.slice(i, i + size).join("")));
  return chunks;
}

// Long words recur in every message ("vertegenwoordiger", the portal's address): each is broken once per
// language. Bounded: names and codes pass through and the cache is cleared when full.
const brokenWords = { nl: new Map<string, string>(), en: new Map<string, string>() } satisfies Record<
  Language,
  Map<string, string>
>;
const BROKEN_WORDS_LIMIT = 10_000;

function breakWord(word: string, language: Language): string {
  const cache = brokenWords[language];
  let out = cache.get(word);
  if (out === undefined) {
    if (cache.size >= BROKEN_WORDS_LIMIT) cache.clear();
    out = breakWordOf(word, language);
    cache.set(word, out);
  }
  return out;
}

function breakWordOf(word: string, language: Language): string {
  const address = /[@/]|\.\S/.test(word);
  return word
    .split(BREAK_POINT)
    .flatMap((piece) => breakPiece(piece, language, address))
    .join("<wbr>");
}

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0;
}

/**
 * Escapes text for HTML with break points inside words too long for a phone screen, so the text reflows at
 * 320 px in any mail program or page, even one without `overflow-wrap` (WCAG 1.4.10): soft hyphens in long
 * words (Dutch or English hyphenation patterns), `<wbr>` after the punctuation of web and e-mail addresses and,
 * as a last resort, inside a long run that has neither. A break point shows only where a line actually breaks.
 */
export function escapeHtmlBreakable(value: string, language: Language): string {
  // One pass: text between long words is escaped as it is; only the long words are broken (a plain loop, as a
  // regular expression for long runs is many times slower on every message's text).
  let out = "";
  let done = 0;
  let start = 0;
  for (let i = 0; i <= value.length; i++) {
    if (i < value.length && !isSpace(value.charCodeAt(i))) continue;
    if (i - start > LONG_WORD) {
      out += escapeHtml(value.slice(done, start)) + breakWord(value.slice(start, i), language);
      done = i;
    }
    start = i + 1;
  }
  return done === 0 ? escapeHtml(value) : out + escapeHtml(value.slice(done));
}
