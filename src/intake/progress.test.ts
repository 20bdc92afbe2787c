import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { createProgressBar, createProgressTracker, type ImportProgress } from "./progress.ts";

/** A stream that says it is a terminal and records what is drawn on it. */
function fakeTerminal(isTTY: boolean) {
  const stream = Object.assign(new PassThrough(), {
    isTTY,
    columns: 120,
    cursorTo: () => true,
    moveCursor: () => true,
    clearLine: () => true,
    clearScreenDown: () => true,
  });
  let text = "";
  stream.on("data", (chunk) => {
    text += String(chunk);
  });
  return { stream, text: () => text };
}

const progress = (over: Partial<ImportProgress>): ImportProgress => ({
  rows: 0,
  accepted: 0,
  rejected: 0,
  bytesRead: 0,
  totalBytes: 1000,
  rate: 0,
  etaSeconds: null,
  elapsedMs: 0,
  done: false,
  ...over,
});

describe("createProgressBar", () => {
  it("draws rows, rate, rejected rows and ETA on a terminal", async () => {
    const terminal = fakeTerminal(true);
    const bar = createProgressBar(terminal.stream);
    bar.onProgress(progress({ rows: 1234, rejected: 5, bytesRead: 500, rate: 4321.4, etaSeconds: 9.2 }));
    bar.onProgress(
      progress({ rows: 2468, rejected: 5, bytesRead: 1000, rate: 4321, etaSeconds: 0, done: true }),
    );
    bar.stop();
    await new Promise((resolve) => setImmediate(resolve));
    expect(terminal.text()).toContain("2,468 rows | 4,321 rows/s | 5 rejected");
    expect(terminal.text()).toContain("100%");
  });

  it("shows rows and rate without a percentage when the size is unknown", async () => {
    const terminal = fakeTerminal(true);
    const bar = createProgressBar(terminal.stream);
    bar.onProgress(progress({ rows: 10, totalBytes: null, rate: 10, done: true }));
    await new Promise((resolve) => setImmediate(resolve));
    expect(terminal.text()).toContain("Importing 10 rows | 10 rows/s");
    expect(terminal.text()).not.toContain("%");
  });

  it("draws nothing when the output is not a terminal", async () => {
    const terminal = fakeTerminal(false);
    const bar = createProgressBar(terminal.stream);
    bar.onProgress(progress({ rows: 10, done: true }));
    bar.stop();
    await new Promise((resolve) => setImmediate(resolve));
    expect(terminal.text()).toBe("");
  });
});

describe("createProgressTracker", () => {
  it("throttles updates, always reports the end, and estimates the time left from bytes", () => {
    const events: ImportProgress[] = [];
    const tracker = createProgressTracker((p) => events.push(p), 1000, 60_000);
    tracker.state.rows = 10;
    tracker.state.bytesRead = 250;
    tracker.update();
    tracker.update();
    expect(events).toHaveLength(1);
    expect(events[0]?.etaSeconds).toBeGreaterThan(0);
    tracker.done();
    expect(events).toHaveLength(2);
    expect(events[1]).toMatchObject({ done: true, rows: 10, etaSeconds: 0 });
  });
});
