// Nearest-match suggestions for unknown ids and field names ("emial" → "email"). Bounded so hostile input cannot
// stall the server: a value much longer than every candidate gets no suggestion without any comparison, and each
// comparison stops as soon as it exceeds the distance that could still count as a typo.

import { editDistance } from "../core/index.ts";

/** No suggestion is looked for in values longer than this (the longest allowed name is about 30 characters). */
export const MAX_SUGGESTION_LENGTH = 64;

/** The closest candidate, if it is close enough to be a plausible typo. */
export function nearestMatch(value: string, candidates: readonly string[]): string | null {
  if (value.length === 0 || value.length > MAX_SUGGESTION_LENGTH) return null;
  // Short values need a near-exact match, or every two-letter typo would "suggest" something unrelated.
  const allowed = Math.max(1, Math.floor(value.length / 3));
  const lower = value.toLowerCase();
  let best: string | null = null;
  let bestDistance = allowed + 1;
  for (const candidate of candidates) {
    const distance = editDistance(lower, candidate.toLowerCase(), Math.min(allowed, bestDistance - 1));
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= allowed ? best : null;
}
