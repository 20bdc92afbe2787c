/**
 * Test support for every part: a fresh, migrated database on each engine. PGlite always; PostgreSQL whenever
 * TEST_DATABASE_URL is set (CI always sets it), where each database lives in its own schema so test files
 * can run in parallel against one server. A set TEST_DATABASE_URL that does not answer fails the tests.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { createKeyring, type Keyring } from "./crypto.ts";
import { type DatabaseHandle, type EngineName, openDatabase } from "./engine.ts";
import { migrate } from "./migrations.ts";

export interface TestDatabase extends DatabaseHandle {
  keys: Keyring;
  masterSecret: Buffer;
}

export function engineCases(): EngineName[] {
  return process.env.TEST_DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

export async function openTestDatabase(engine: EngineName): Promise<TestDatabase> {
  const masterSecret = randomBytes(32);
  const keys = createKeyring(masterSecret);
  if (engine === "pglite") {
    const handle = await openDatabase({ dataDir: "memory://" });
    await migrate(handle);
    return Object.assign(handle, { keys, masterSecret });
  }
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error("TEST_DATABASE_URL is not set");
  const schema = `test_${randomBytes(6).toString("hex")}`;
  await adminQuery(`create schema ${schema}`);
  const handle = await openDatabase({ databaseUrl: url, schema, poolSize: 4 });
  await migrate(handle);
  const close = handle.close;
  return Object.assign(handle, {
    keys,
    masterSecret,
    close: async () => {
      await close();
      await adminQuery(`drop schema ${schema} cascade`);
    },
  });
}
