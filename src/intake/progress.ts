// Import progress: a throttled tracker the pipeline feeds, and a terminal progress bar (cli-progress) the
// CLI hands in as `onProgress`. The bar draws only on a TTY, so `--json` and redirected output stay clean.
import cliProgress from "cli-progress";

export interface ImportProgress {
  /** Data rows read so far (blank lines excluded). */
  rows: number;
  accepted: number;
  rejected: number;
  bytesRead: number;
  /** File size when known (a path, or a stream whose size the caller gave). */
  totalBytes: number | null;
  /** Rows per second since the start. */
  rate: number;
  /** Seconds left, estimated from bytes read against the file size; null when the size is unknown. */
  etaSeconds: number | null;
  elapsedMs: number;
  done: boolean;
}

export type ProgressListener = (progress: ImportProgress) => void;

/** Calls `listener` at most every `intervalMs`, and always for the final state. */
export function createProgressTracker(
  listener: ProgressListener | undefined,
  totalBytes: number | null,
  intervalMs = 200,
) {
  const started = performance.now();
  let last = Number.NEGATIVE_INFINITY;
  const state = { rows: 0, accepted: 0, rejected: 0, bytesRead: 0 };
  const emit = (done: boolean) => {
    if (!listener) return;
    const now = performance.now();
    if (!done && now - last < intervalMs) return;
    last = now;
    const elapsedMs = now - started;
    const seconds = elapsedMs / 1000;
    const rate = seconds > 0 ? state.rows / seconds : 0;
    const fraction = totalBytes ? state.bytesRead / totalBytes : 0;
    const etaSeconds = done
      ? 0
      : totalBytes && fraction > 0
        ? Math.max(0, (seconds * (1 - fraction)) / fraction)
        : null;
    listener({ ...state, totalBytes, rate, etaSeconds, elapsedMs, done });
  };
  return { state, update: () => emit(false), done: () => emit(true) };
}

export interface ProgressBar {
  onProgress: ProgressListener;
  /** Removes the bar (call it in a finally block, also after a failure). */
  stop(): void;
}

/**
 * A progress bar for `lekwijzer import` on `stream` (default stderr): percentage and ETA when the file
 * size is known, otherwise rows and rate. Draws nothing when `stream` is not a terminal.
 */
export function createProgressBar(
  stream: NodeJS.WritableStream & { isTTY?: boolean } = process.stderr,
): ProgressBar {
  if (!stream.isTTY) return { onProgress: () => {}, stop: () => {} };
  let bar: cliProgress.SingleBar | null = null;
  return {
    onProgress(progress) {
      const known = progress.totalBytes !== null && progress.totalBytes > 0;
      const payload = {
        rows: progress.rows.toLocaleString("en"),
        rate: Math.round(progress.rate).toLocaleString("en"),
        rejected: progress.rejected.toLocaleString("en"),
        etaText: progress.etaSeconds === null ? "?" : `${Math.ceil(progress.etaSeconds)}s`,
      };
      if (!bar) {
        bar = new cliProgress.SingleBar(
          {
            stream,
            format: known
              ? "Importing [{bar}] {percentage}% | {rows} rows | {rate} rows/s | {rejected} rejected | ETA {etaText}"
              : "Importing {rows} rows | {rate} rows/s | {rejected} rejected",
            hideCursor: true,
            clearOnComplete: false,
            fps: 5,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(known ? (progress.totalBytes ?? 1) : 1, 0, payload);
      }
      bar.update(known ? progress.bytesRead : 0, payload);
      if (progress.done) {
        if (known) bar.update(progress.totalBytes ?? 0, payload);
        bar.stop();
        bar = null;
      }
    },
    stop() {
      bar?.stop();
      bar = null;
    },
  };
}
