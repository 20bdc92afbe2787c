// Bounded "did you mean" suggestions. A victim file can put anything in a field (a 60 kB name, a whole row
// in one cell), so the work per value is capped before any distance is computed.

/** At most this many suggestions are offered for one value. */
export const MAX_SUGGESTIONS = 3;

/** Values longer than the longest candidate plus this many characters get no suggestion at all. */
export const SUGGEST_LENGTH_SLACK = 4;

/**
 * Optimal string alignment distance (Levenshtein plus adjacent swaps), giving up once the distance must
 * exceed `limit`: the result is then `limit + 1`. Two rolling rows, so memory is O(length).
 */
export function boundedDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  let current = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowBest = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, (before[j - 2] ?? 0) + 1);
      }
      current[j] = best;
      if (best < rowBest) rowBest = best;
    }
    if (rowBest > limit) return limit + 1;
    [before, previous, current] = [previous, current, before];
  }
  const distance = previous[b.length] ?? limit + 1;
  return distance > limit ? limit + 1 : distance;
}

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
    const distance = boundedDistance(lower, candidate.toLowerCase(), limit);
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
