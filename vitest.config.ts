import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    globalSetup: ["test/support/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Vitest's default is one worker per core minus one: a single worker on a 2-core machine, where most of a
    // test's time is spent waiting on PostgreSQL, a browser or a child process. Two workers keep both cores busy.
    maxWorkers: 2,
  },
});
