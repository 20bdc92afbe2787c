// Bounded "did you mean" suggestions. A victim file can put anything in a field (a 60 kB name, a whole row
// in one cell), so the work per value is capped before any distance is computed.

import { editDistance } from "../core/index.ts";

/** At most this many suggestions are offered for one value. */
export const MAX_SUGGESTIONS = 3;

/** Values longer than the longest candidate plus this many characters get no suggestion at all. */
export const SUGGEST_LENGTH_SLACK = 4;

/**
 * The candidates close enough to `value` to be a plausible typo, nearest first, at most `max`. Short values
 * need a near-exact match, or every two-letter typo would "suggest" something unrelated.
 */
export function suggest(value: string, candidates: readonly string[], max = MAX_SUGGESTIONS): string[] {
  const lower = value.trim().toLowerCase();
  if (lower.length === 0) return [];
  const longest = candidates.reduce((n, c) => Math.max(n, c.length), 0);
  if (lower.length > longest + SUGGEST_LENGTH_SLACK) return [];
  const limit = Math.max(1, Math.floor(lower.length / 3));
  const found: { candidate: string; distance: number }[] = [];
  for (const candidate of candidates) {
    const distance = editDistance(lower, candidate.toLowerCase(), limit);
    if (distance <= limit) found.push({ candidate, distance });
  }
  found.sort((x, y) => x.distance - y.distance || x.candidate.localeCompare(y.candidate));
  return found.slice(0, max).map((f) => f.candidate);
}

/** `; did you mean "a" or "b"?` — or nothing. */
export function didYouMean(suggestions: readonly string[]): string {
  if (suggestions.length === 0) return "";
  const quoted = suggestions.map((s) => `"${s}"`);
  const last = quoted.pop();
  return `; did you mean ${quoted.length > 0 ? `${quoted.join(", ")} or ${last}` : last}?`;
}
