/**
 * One statement for many callers: a call runs at once when none is under way; calls that arrive meanwhile wait
 * for it and then go together in the next (at most `perStatement` at a time), each getting its own answer. A
 * failed statement fails every call in it. The worker's outcome records and its per-domain takes and reports
 * use it, so round trips fall with load instead of growing with it.
 */
export interface GroupCommitOptions {
  /** Calls per statement at most. */
  perStatement: number;
  /**
   * When idle, wait this long for more calls before the first statement (default 0: run at once). Only for
   * calls nobody waits on in the sending path (a sent message's domain report): a fast database otherwise
   * answers before more than a few arrive, and each statement costs its parse, plan and round trip.
   */
  gatherMs?: number;
  /**
   * A statement starts at least this long after the one before it started (default 0). Under load the calls
   * of that time then share one statement; when calls come further apart than this, none waits. For a
   * statement whose fixed cost (executor start, commit) far exceeds its cost per call.
   */
  spacingMs?: number;
}

export function groupCommit<Item, Answer>(
  run: (items: Item[]) => Promise<Answer[]>,
  options: GroupCommitOptions,
): (item: Item) => Promise<Answer> {
  const { perStatement, gatherMs = 0, spacingMs = 0 } = options;
  const waiting: { item: Item; resolve: (answer: Answer) => void; reject: (error: unknown) => void }[] = [];
  let busy = false;
  let lastStart = Number.NEGATIVE_INFINITY;
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const drain = async () => {
    busy = true;
    try {
      if (gatherMs > 0) await pause(gatherMs);
      while (waiting.length > 0) {
        const early = lastStart + spacingMs - performance.now();
        if (early > 0) await pause(early);
        lastStart = performance.now();
        const batch = waiting.splice(0, perStatement);
        try {
          const answers = await run(batch.map((w) => w.item));
          batch.forEach((w, i) => {
            w.resolve(answers[i] as Answer);
          });
        } catch (error) {
          for (const w of batch) w.reject(error);
        }
      }
    } finally {
      busy = false;
    }
  };
  return (item) =>
    new Promise<Answer>((resolve, reject) => {
      waiting.push({ item, resolve, reject });
      if (!busy) void drain();
    });
}
