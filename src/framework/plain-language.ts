// B1 plain-language checker (framework element K2). Pure: the jargon list and compound allowance are
// framework data, so the messages part reuses this for every text it renders.
import type { Language } from "../core/index.ts";
import { COMMON_LONG_WORDS_NL, COMPOUND_PARTS_NL, JARGON } from "./jargon.ts";
import type { JargonEntry } from "./schema.ts";

/** A sentence longer than this is hard to follow at B1. */
export const MAX_SENTENCE_WORDS = 20;
/** A sentence longer than this is never acceptable in a notice. */
export const BLOCK_SENTENCE_WORDS = 25;
/** Average words per sentence that B1 writing guides aim below. */
export const MAX_AVERAGE_SENTENCE_WORDS = 15;
/** Dutch words longer than this (in letters) are hard to read, unless common or built from common parts. */
export const LONG_WORD_LETTERS_NL = 13;
/** Words with more syllables than this are hard to read. */
export const LONG_WORD_SYLLABLES = 4;
/** Words longer than this are blocked even when built from common parts. */
export const BLOCK_WORD_LETTERS = 25;
/** How many words after an auxiliary verb a Dutch past participle may appear to count as passive. */
export const PASSIVE_WINDOW_WORDS = 6;

export type PlainLanguageRule =
  | "sentence-too-long"
  | "average-sentence-length"
  | "long-word"
  | "passive-voice"
  | "jargon";

export interface PlainLanguageFinding {
  rule: PlainLanguageRule;
  severity: "block" | "warn";
  /** The sentence or word the finding is about. */
  excerpt: string;
  message: string;
  suggestion: string;
}

export interface PlainLanguageReport {
  language: Language;
  sentences: number;
  words: number;
  averageSentenceLength: number;
  findings: PlainLanguageFinding[];
  /** True when there are no `block` findings. */
  ok: boolean;
}

export interface PlainLanguageOptions {
  language?: Language;
  jargon?: readonly JargonEntry[];
}

const PLACEHOLDER = /\(\([^)]*\)\)/g;
const WORD = /[\p{L}][\p{L}'’-]*/gu;
const VOWEL_GROUP = /[aeiouyáéíóúàèëïöüâêîôû]+/g;

/** Splits on sentence-ending punctuation followed by whitespace, and on line breaks. */
export function splitSentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+|\n+/u)
    .map((sentence) => sentence.trim())
    .filter((sentence) => wordsOf(sentence).length > 0);
}

function wordsOf(sentence: string): string[] {
  // Tokens with digits, @ or dots inside (phone numbers, URLs, e-mail addresses) are not words to read.
  return sentence
    .split(/\s+/)
    .filter((token) => !/[\d@]|\.\p{L}/u.test(token))
    .flatMap((token) => token.match(WORD) ?? [])
    .map((word) => word.replace(/['’-]+$/u, ""));
}

export function countSyllables(word: string): number {
  const lower = word.toLowerCase();
  const groups = lower.match(VOWEL_GROUP)?.length ?? 0;
  return Math.max(1, groups);
}

function isBuiltFromCommonParts(word: string): boolean {
  const parts = new Set(COMPOUND_PARTS_NL);
  // reachable[i] = fewest "real" parts (3+ letters) covering word[0..i), or -1 when not coverable.
  const reachable: number[] = new Array(word.length + 1).fill(-1);
  reachable[0] = 0;
  for (let end = 1; end <= word.length; end++) {
    for (let start = 0; start < end; start++) {
      const before = reachable[start] ?? -1;
      if (before < 0) continue;
      const piece = word.slice(start, end);
      if (!parts.has(piece)) continue;
      const count = before + (piece.length >= 3 ? 1 : 0);
      reachable[end] = Math.max(reachable[end] ?? -1, count);
    }
  }
  return (reachable[word.length] ?? -1) >= 2;
}

function longWordFinding(word: string, language: Language): PlainLanguageFinding | null {
  const letters = word.replace(/[^\p{L}]/gu, "").length;
  const syllables = countSyllables(word);
  const lower = word.toLowerCase();
  const tooLong =
    language === "nl"
      ? letters > LONG_WORD_LETTERS_NL || syllables > LONG_WORD_SYLLABLES
      : syllables > LONG_WORD_SYLLABLES;
  if (!tooLong) return null;
  const accepted =
    language === "nl" &&
    (COMMON_LONG_WORDS_NL.includes(lower) ||
      (lower.includes("-") &&
        lower
          .split("-")
          .every(
            (part) => part.length <= LONG_WORD_LETTERS_NL && countSyllables(part) <= LONG_WORD_SYLLABLES,
          )) ||
      isBuiltFromCommonParts(lower));
  if (accepted && letters <= BLOCK_WORD_LETTERS) return null;
  const blocked = letters > BLOCK_WORD_LETTERS;
  return {
    rule: "long-word",
    severity: blocked ? "block" : "warn",
    excerpt: word,
    message: `"${word}" is a long word (${letters} letters, ${syllables} syllables).`,
    suggestion:
      language === "nl"
        ? "Gebruik een korter woord of schrijf het woord in delen uit."
        : "Use a shorter word or say it in a few words.",
  };
}

const PASSIVE_AUXILIARIES_NL = new Set(["wordt", "worden", "werd", "werden", "is", "zijn", "was", "waren"]);
const PASSIVE_AUXILIARIES_EN = new Set(["is", "are", "was", "were", "been", "be", "being"]);

/** Common words that look like past participles but are nouns or adjectives. */
const NOT_PARTICIPLES_NL = new Set([
  "bericht",
  "berichten",
  "geweld",
  "gezicht",
  "gedicht",
  "gebied",
  "gebit",
  "gerecht",
  "verhaal",
  "verschil",
]);

function looksLikeParticipleNl(word: string): boolean {
  const lower = word.toLowerCase();
  if (lower.length < 6 || NOT_PARTICIPLES_NL.has(lower) || /(heid|teit)$/.test(lower)) return false;
  if (/^ge\p{L}+(d|t|en)$/u.test(lower)) return true;
  return /^(be|ver|ont|her)\p{L}+[dt]$/u.test(lower);
}

function passiveFinding(words: string[], sentence: string, language: Language): PlainLanguageFinding | null {
  const lower = words.map((word) => word.toLowerCase());
  const window = language === "nl" ? PASSIVE_WINDOW_WORDS : 2;
  for (let i = 0; i < lower.length; i++) {
    const auxiliaries = language === "nl" ? PASSIVE_AUXILIARIES_NL : PASSIVE_AUXILIARIES_EN;
    if (!auxiliaries.has(lower[i] ?? "")) continue;
    const following = lower.slice(i + 1, i + 1 + window);
    const participle = following.find((word) =>
      language === "nl" ? looksLikeParticipleNl(word) : /^\p{L}{3,}ed$/u.test(word),
    );
    if (participle) {
      return {
        rule: "passive-voice",
        severity: "warn",
        excerpt: sentence,
        message: `Possible passive voice: "${lower[i]} … ${participle}".`,
        suggestion:
          language === "nl"
            ? "Zeg wie het doet: 'Wij hebben … ' in plaats van 'Er is … gedaan'."
            : "Say who does it: 'We changed …' instead of '… was changed'.",
      };
    }
  }
  return null;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function jargonFindings(text: string, entries: readonly JargonEntry[]): PlainLanguageFinding[] {
  const findings: PlainLanguageFinding[] = [];
  for (const entry of entries) {
    const pattern = new RegExp(`(?<![\\p{L}])${escapeRegExp(entry.term)}(?![\\p{L}])`, "iu");
    const match = pattern.exec(text);
    if (!match) continue;
    findings.push({
      rule: "jargon",
      severity: entry.severity,
      excerpt: match[0],
      message: `"${match[0]}" is jargon or officialese.`,
      suggestion: `Use "${entry.alternative}".`,
    });
  }
  return findings;
}

/** Checks one text for B1 problems. ((placeholders)) are read as one short word. */
export function checkPlainLanguage(text: string, options: PlainLanguageOptions = {}): PlainLanguageReport {
  const language = options.language ?? "nl";
  const entries = (options.jargon ?? JARGON).filter((entry) => entry.language === language);
  const readable = text.replace(PLACEHOLDER, "X");
  const sentences = splitSentences(readable);
  const findings: PlainLanguageFinding[] = [];
  let totalWords = 0;
  const seenLongWords = new Set<string>();

  for (const sentence of sentences) {
    const words = wordsOf(sentence);
    totalWords += words.length;
    if (words.length > MAX_SENTENCE_WORDS) {
      const blocked = words.length > BLOCK_SENTENCE_WORDS;
      findings.push({
        rule: "sentence-too-long",
        severity: blocked ? "block" : "warn",
        excerpt: sentence,
        message: `Sentence of ${words.length} words (B1 aims at ${MAX_SENTENCE_WORDS} at most).`,
        suggestion:
          language === "nl"
            ? "Maak er twee of drie korte zinnen van."
            : "Split it into two or three short sentences.",
      });
    }
    for (const word of words) {
      if (seenLongWords.has(word.toLowerCase())) continue;
      const finding = longWordFinding(word, language);
      if (finding) {
        seenLongWords.add(word.toLowerCase());
        findings.push(finding);
      }
    }
    const passive = passiveFinding(words, sentence, language);
    if (passive) findings.push(passive);
  }

  const averageSentenceLength = sentences.length === 0 ? 0 : totalWords / sentences.length;
  if (averageSentenceLength > MAX_AVERAGE_SENTENCE_WORDS) {
    findings.push({
      rule: "average-sentence-length",
      severity: "warn",
      excerpt: text.slice(0, 80),
      message: `Sentences average ${averageSentenceLength.toFixed(1)} words (B1 aims below ${MAX_AVERAGE_SENTENCE_WORDS}).`,
      suggestion: language === "nl" ? "Gebruik kortere zinnen." : "Use shorter sentences.",
    });
  }
  findings.push(...jargonFindings(readable, entries));

  return {
    language,
    sentences: sentences.length,
    words: totalWords,
    averageSentenceLength,
    findings,
    ok: findings.every((finding) => finding.severity !== "block"),
  };
}
