/**
 * Runs before every test file: what a file sets in `process.env` (a data folder, LEKWIJZER_DEMO) is undone
 * after it, so the next file in the same worker (modules are shared, see vitest.config.ts) starts from the
 * environment the run began with.
 */
import { afterAll } from "vitest";

const before = { ...process.env };

afterAll(() => {
  for (const name of Object.keys(process.env)) if (!(name in before)) delete process.env[name];
  Object.assign(process.env, before);
});
