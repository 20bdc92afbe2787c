/**
 * Shared timing loop for CPU-bound benchmarks (the `_` prefix keeps bench/run.ts from taking it for a benchmark).
 */

/**
 * Calls `work(i)` in a loop for `seconds`, after a short warm-up; returns calls per second. `work` returns a
 * number that is summed, so the engine cannot drop the call as unused. `chunk` calls run between clock reads.
 */
export function measure(work: (i: number) => number, seconds: number, chunk = 20): number {
  let sink = 0;
  const warmUntil = performance.now() + 300;
  for (let i = 0; performance.now() < warmUntil; i++) sink += work(i);
  let count = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  while (performance.now() < end) {
    for (let j = 0; j < chunk; j++) sink += work(count++);
  }
  const elapsed = (performance.now() - start) / 1000;
  if (sink === -1) console.log(sink);
  return count / elapsed;
}
