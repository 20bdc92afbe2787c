/**
 * A throw-away schema on the PostgreSQL database that `DATABASE_URL` names, for the measuring scripts: they
 * create it, work in it and drop it, so they never touch a real deployment's tables.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";

export interface ScratchSchema {
  url: string;
  schema: string;
  /** A connection outside the schema, for set-up and clean-up. */
  admin: pg.Client;
  /** Drops the schema (and any other schemas named) and closes the admin connection. */
  drop: (...alsoSchemas: string[]) => Promise<void>;
}

export async function scratchSchema(prefix: string): Promise<ScratchSchema> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    process.stderr.write(
      "Set DATABASE_URL to a PostgreSQL database (a schema is created and dropped there).\n",
    );
    process.exit(2);
  }
  const schema = `${prefix}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  const drop = async (...alsoSchemas: string[]) => {
    try {
      for (const name of [schema, ...alsoSchemas]) await admin.query(`drop schema if exists ${name} cascade`);
    } finally {
      await admin.end();
    }
  };
  return { url, schema, admin, drop };
}
