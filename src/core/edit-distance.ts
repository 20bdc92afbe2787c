// Edit distance for "did you mean" suggestions: assess suggests ids and field names, intake column names,
// countries and mail domains. One distance, so both parts count a typo the same way.

/**
 * Optimal string alignment distance: Levenshtein plus adjacent transpositions, which typos often are. With
 * `limit`, stops early and returns `limit + 1` once the distance is certain to exceed it (time O(limit × length)).
 */
export function editDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const cols = b.length + 1;
  let before = new Array<number>(cols).fill(0);
  let previous = Array.from({ length: cols }, (_, j) => j);
  let current = new Array<number>(cols).fill(0);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMinimum = i;
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, (before[j - 2] ?? 0) + 1);
      current[j] = best;
      if (best < rowMinimum) rowMinimum = best;
    }
    // Every later cell is at least the smallest cell of this row (minus a transposition that needs it too).
    if (rowMinimum > limit) return limit + 1;
    [before, previous, current] = [previous, current, before];
  }
  const distance = previous[b.length] ?? Number.POSITIVE_INFINITY;
  return distance > limit ? limit + 1 : distance;
}
