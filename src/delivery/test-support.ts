/**
 * Databases for this part's queue tests: PGlite in memory always, and PostgreSQL when TEST_DATABASE_URL is set,
 * each test database in a schema of its own so test files can run side by side on one server.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";

export type Engine = "pglite" | "postgres";

export function engines(): Engine[] {
  return process.env.TEST_DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];
}

export function uniqueSchema(prefix: string): string {
  return `${prefix}_${randomBytes(5).toString("hex")}`;
}

export async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
