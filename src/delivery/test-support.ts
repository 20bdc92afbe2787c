/**
 * Databases for this part's tests: PGlite in memory always, and PostgreSQL when TEST_DATABASE_URL is set,
 * each test database in a schema of its own so test files can run side by side on one server.
 */
import { randomBytes } from "node:crypto";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import type { QueryExecutor } from "./shared-rate.ts";

export type Engine = "pglite" | "postgres";

export function engines(): Engine[] {
  return process.env.TEST_DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];
}

export interface TestExecutor {
  query: QueryExecutor;
  /** A second, independent connection (PostgreSQL) or the same one (PGlite). */
  connections: QueryExecutor[];
  close(): Promise<void>;
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

export async function openExecutor(engine: Engine, connections = 4): Promise<TestExecutor> {
  if (engine === "pglite") {
    const db = new PGlite();
    const query: QueryExecutor = async (sql, params) => ({
      rows: (await db.query<Record<string, unknown>>(sql, params)).rows,
    });
    return { query, connections: [query], close: () => db.close() };
  }
  const schema = uniqueSchema("lw_delivery");
  await adminQuery(`CREATE SCHEMA ${schema}`);
  const pool = new pg.Pool({
    connectionString: process.env.TEST_DATABASE_URL,
    // One more than the pinned clients, so `query` never waits for a client held by a test.
    max: connections + 1,
    options: `-c search_path=${schema}`,
  });
  const query: QueryExecutor = async (sql, params) => ({ rows: (await pool.query(sql, params)).rows });
  const clients = await Promise.all(Array.from({ length: connections }, () => pool.connect()));
  const perClient: QueryExecutor[] = clients.map((client) => async (sql, params) => ({
    rows: (await client.query(sql, params)).rows,
  }));
  return {
    query,
    connections: perClient,
    close: async () => {
      for (const client of clients) client.release();
      await pool.end();
      await adminQuery(`DROP SCHEMA ${schema} CASCADE`);
    },
  };
}
