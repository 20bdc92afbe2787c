/**
 * Runs once before the test workers start.
 * - PostgreSQL: without TEST_DATABASE_URL the PostgreSQL half of the database tests is skipped, said in one
 *   line here; under CI=true that is a failure, and so is a TEST_DATABASE_URL that does not answer.
 * - Browser: when it comes from @sparticuz/chromium, its binary is unpacked into the temporary folder on first
 *   use; doing that here, once, keeps parallel browser test files from racing each other (one could otherwise
 *   start a half-written binary). Failure is left to the browser test files, which skip or (under CI=true)
 *   fail with a clear line.
 * - PGlite: one migrated embedded database is written to a temporary file, and every test database on PGlite
 *   starts from it (src/store/testing.ts): a quarter of the CPU of creating each from scratch.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { PGLITE_TEMPLATE_ENV, writePgliteTemplate } from "../../src/store/testing.ts";

async function checkPostgres(): Promise<void> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    if (process.env.CI === "true") {
      throw new Error(
        "CI=true but TEST_DATABASE_URL is not set: the PostgreSQL half of the tests cannot run.",
      );
    }
    console.info(
      "PostgreSQL tests skipped: set TEST_DATABASE_URL=postgres://… to run the database tests on PostgreSQL as well as PGlite.",
    );
    return;
  }
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query("select 1");
  } catch (error) {
    throw new Error(
      `TEST_DATABASE_URL does not answer (${(error as Error).message}); start PostgreSQL or unset it.`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Writes the PGlite template and names it in the environment the test workers inherit; returns its remover. */
async function pgliteTemplate(): Promise<() => void> {
  const dir = mkdtempSync(join(tmpdir(), "lekwijzer-test-template-"));
  const path = join(dir, "pglite.tar.gz");
  await writePgliteTemplate(path);
  process.env[PGLITE_TEMPLATE_ENV] = path;
  return () => rmSync(dir, { recursive: true, force: true });
}

export default async function setup(): Promise<() => void> {
  await checkPostgres();
  const removeTemplate = await pgliteTemplate();
  await unpackBrowser();
  return removeTemplate;
}

async function unpackBrowser(): Promise<void> {
  if (process.env.CHROMIUM_PATH || existsSync("/usr/bin/chromium")) return;
  try {
    const { default: packaged } = await import("@sparticuz/chromium");
    await packaged.executablePath();
  } catch {
    // Reported by test/support/browser.ts in each browser test file.
  }
}
