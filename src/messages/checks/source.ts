/**
 * Whose text a finding is about — the organisation's own texts, its own wording of an element (override), or
 * the platform's generated text — so staff know whether they can fix it themselves (README.md, "Whose text").
 */
import { checkPlainLanguage, type PlainLanguageFinding, splitSentences } from "../../framework/index.ts";
import type { Section } from "../blocks.ts";
import type { ComposedMessage } from "../message.ts";
import { cleanText } from "../text.ts";
import type { FindingSource } from "./findings.ts";

function normalised(text: string): string {
  return cleanText(text).replace(/\s+/g, " ").trim();
}

const ownPiecesOf = new WeakMap<object, readonly string[]>();

/**
 * The organisation's texts as pieces a rendered sentence can hold: each whole text and each of its sentences
 * (without the final mark, which a template may drop), longest first so a whole text is replaced before its parts.
 */
function ownPieces(message: ComposedMessage): readonly string[] {
  const own = message.own;
  if (!own) return [];
  let pieces = ownPiecesOf.get(own);
  if (!pieces) {
    const all = new Set<string>();
    for (const text of own.texts) {
      const whole = normalised(text);
      for (const piece of [whole, ...splitSentences(whole)]) {
        const bare = piece.replace(/[.!?]+$/u, "").trim();
        if (bare.length > 1) all.add(bare);
      }
    }
    pieces = [...all].sort((a, b) => b.length - a.length);
    ownPiecesOf.set(own, pieces);
  }
  return pieces;
}

/** The text with every piece of the organisation's own text replaced by one short word. */
export function withoutOwn(text: string, pieces: readonly string[]): string {
  let out = normalised(text);
  for (const piece of pieces) if (out.includes(piece)) out = out.split(piece).join("X");
  return out;
}

/** Whether `needle` (a word, phrase or address) occurs in `text` as a whole word. */
function containsWord(text: string, needle: string): boolean {
  const escaped = needle.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, "iu").test(text);
}

/**
 * Whose text a plain-language finding is about. A sentence that quotes the organisation's text is the
 * organisation's when it would pass with that text cut to one word, and the framework's when it would not;
 * a word is the framework's when it occurs outside the organisation's text.
 */
export function plainLanguageSource(
  message: ComposedMessage,
  sectionSource: Section["source"],
  text: string,
  finding: PlainLanguageFinding,
): FindingSource {
  if (sectionSource === "override") return "override";
  const pieces = ownPieces(message);
  if (pieces.length === 0) return "framework";
  if (finding.rule === "long-word" || finding.rule === "jargon") {
    return containsWord(withoutOwn(text, pieces), finding.excerpt) ? "framework" : "organisation";
  }
  const scope = finding.rule === "average-sentence-length" ? text : finding.excerpt;
  const rest = withoutOwn(scope, pieces);
  if (rest === normalised(scope)) return "framework";
  const again = checkPlainLanguage(rest, { language: message.language }).findings;
  return again.some((f) => f.rule === finding.rule && f.severity === finding.severity)
    ? "framework"
    : "organisation";
}

/** Whose text an address or phrase found in a section is: the framework's when it occurs outside the organisation's. */
export function phraseSource(
  message: ComposedMessage,
  textSource: Section["source"] | "organisation",
  text: string,
  phrase: string,
): FindingSource {
  if (textSource === "override" || textSource === "organisation") return textSource;
  const pieces = ownPieces(message);
  return withoutOwn(text, pieces).toLowerCase().includes(phrase.toLowerCase()) ? "framework" : "organisation";
}

/** Whose choice it is that an element is missing: an override's, the organisation's layout's, or the framework's. */
export function elementSource(message: ComposedMessage, elementId: string): FindingSource {
  const section = message.sections.find((s) => s.elements.includes(elementId));
  if (section?.source === "override") return "override";
  if (!section && message.own?.layout) return "organisation";
  return "framework";
}
