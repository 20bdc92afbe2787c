import { defineConfig } from "vitest/config";

const BROWSER_TESTS = "test/**/*.browser.test.ts";

export default defineConfig({
  test: {
    globalSetup: ["test/support/global-setup.ts"],
    setupFiles: ["test/support/restore-env.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // As the lekwijzer command runs (bin/lekwijzer.js): PGlite on V8's baseline WebAssembly compiler alone. The
    // optimising compiler spent ~3 s of a core and ~600 MB per worker on one PGlite function; without it the
    // store, delivery, operations, web and CLI tests took 88 s instead of 105 s here.
    execArgv: ["--liftoff-only"],
    projects: [
      {
        extends: true,
        test: {
          name: "code",
          include: ["src/**/*.test.ts", "test/**/*.test.ts"],
          exclude: [BROWSER_TESTS],
          // Vitest's default is one worker per core minus one: a single worker on a 2-core machine, where most
          // of a test's time is spent waiting on PostgreSQL, a child process or a timer. Three keep both cores
          // busy while one of them waits.
          maxWorkers: 3,
          // One module graph per worker instead of one per file: the parts are imported once, not 120 times.
          // No test mocks modules, and what a file sets in process.env is undone after it (restore-env.ts).
          isolate: false,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: "browser",
          include: [BROWSER_TESTS],
          // After the rest, so keyboard walks and screenshots never compete for the CPU with database tests (a
          // starved page missed a Tab press); two files at a time, as the short files finish long before the
          // long one reaches its keyboard walk.
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
