/**
 * The loop the portal's background workers share ("am I affected?" answers, My plan's letters, update
 * e-mails): a round every `everyMs`, one round at a time so a slow provider cannot pile rounds up; a round
 * that did work is followed at once by the next, as more may wait; a failing round is reported and tried
 * again at the next tick. `stop` ends the loop and waits for the round in progress.
 */
export interface PollingWorker {
  stop(): Promise<void>;
}

/** Runs `round` (which returns how much it did) until stopped. */
export function startPollingWorker(
  round: () => Promise<number>,
  options: { everyMs: number; onError?: ((error: Error) => void) | undefined },
): PollingWorker {
  let running: Promise<void> | undefined;
  let stopped = false;
  const rounds = async () => {
    try {
      while (!stopped && (await round()) > 0) {
        // More may wait: go on at once.
      }
    } catch (error) {
      options.onError?.(error as Error);
    }
  };
  const timer = setInterval(() => {
    running ??= rounds().finally(() => {
      running = undefined;
    });
  }, options.everyMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
