/**
 * Database engines: PostgreSQL through `pg` (production) and PGlite, PostgreSQL compiled to WebAssembly
 * (embedded default). Both are driven by Kysely with its PostgreSQL adapter, so one set of SQL serves both.
 */
import { PGlite } from "@electric-sql/pglite";
import {
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  Kysely,
  PostgresAdapter,
  PostgresDialect,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
  sql,
} from "kysely";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import type { Database } from "./schema.ts";

export type EngineName = "pglite" | "postgres";

export interface OpenOptions {
  /** postgres:// URL; when absent, PGlite is used. */
  databaseUrl?: string;
  /** PGlite folder, or "memory://" for a throwaway database. */
  dataDir?: string;
  /** PostgreSQL only: put every table in this schema (used to isolate tests). */
  schema?: string;
  /** PostgreSQL pool size. */
  poolSize?: number;
}

export interface DatabaseHandle {
  db: Kysely<Database>;
  engine: EngineName;
  /** Resolves when the database answers a query. */
  ping(): Promise<void>;
  /** Bulk load with COPY FROM in PostgreSQL's text format (one line per row, tab-separated). */
  copyIn(table: string, columns: readonly string[], text: string): Promise<void>;
  close(): Promise<void>;
}

/** Serialises access to PGlite's single connection so that transactions never interleave. */
class Mutex {
  private tail: Promise<void> = Promise.resolve();
  lock(): Promise<() => void> {
    let release: () => void = () => {};
    const next = new Promise<void>((resolve) => {
      release = resolve;
    });
    const acquired = this.tail.then(() => release);
    this.tail = this.tail.then(() => next);
    return acquired;
  }
}

class PGliteConnection implements DatabaseConnection {
  readonly client: PGlite;
  constructor(client: PGlite) {
    this.client = client;
  }
  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.client.query<R>(compiled.sql, [...compiled.parameters]);
    const affected = result.affectedRows;
    return {
      rows: result.rows,
      ...(affected !== undefined && /^\s*(insert|update|delete|merge)/i.test(compiled.sql)
        ? { numAffectedRows: BigInt(affected) }
        : {}),
    };
  }
  // biome-ignore lint/correctness/useYield: streaming is not offered on the embedded engine.
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error("Streaming queries are not supported on PGlite");
  }
}

class PGliteDriver implements Driver {
  readonly client: PGlite;
  readonly mutex = new Mutex();
  readonly connection: PGliteConnection;
  private release: (() => void) | undefined;
  constructor(client: PGlite) {
    this.client = client;
    this.connection = new PGliteConnection(client);
  }
  async init(): Promise<void> {}
  async acquireConnection(): Promise<DatabaseConnection> {
    this.release = await this.mutex.lock();
    return this.connection;
  }
  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("begin"));
  }
  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("commit"));
  }
  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("rollback"));
  }
  async releaseConnection(): Promise<void> {
    const release = this.release;
    this.release = undefined;
    release?.();
  }
  async destroy(): Promise<void> {
    await this.client.close();
  }
}

function pgliteDialect(driver: PGliteDriver): Dialect {
  return {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => driver,
    createQueryCompiler: () => new PostgresQueryCompiler(),
    createIntrospector: (db) => new PostgresIntrospector(db),
  };
}

// bigint (int8) and numeric come back as strings from pg; counts and ids fit in a JS number here.
pg.types.setTypeParser(20, (value) => Number(value));

async function openPglite(dataDir: string): Promise<DatabaseHandle> {
  const client = await PGlite.create(dataDir);
  const driver = new PGliteDriver(client);
  const db = new Kysely<Database>({ dialect: pgliteDialect(driver) });
  return {
    db,
    engine: "pglite",
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    copyIn: async (table, columns, text) => {
      const release = await driver.mutex.lock();
      try {
        await client.query(`copy ${table} (${columns.join(", ")}) from '/dev/blob'`, [], {
          blob: new Blob([text]),
        });
      } finally {
        release();
      }
    },
    close: () => db.destroy(),
  };
}

function openPostgres(options: OpenOptions & { databaseUrl: string }): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString: options.databaseUrl,
    max: options.poolSize ?? 10,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    engine: "postgres",
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    copyIn: async (table, columns, text) => {
      const client = await pool.connect();
      try {
        const stream = client.query(copyFrom(`copy ${table} (${columns.join(", ")}) from stdin`));
        await new Promise<void>((resolve, reject) => {
          stream.on("finish", resolve);
          stream.on("error", reject);
          stream.end(text);
        });
      } finally {
        client.release();
      }
    },
    close: () => db.destroy(),
  };
}

export async function openDatabase(options: OpenOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) return openPostgres({ ...options, databaseUrl: options.databaseUrl });
  return openPglite(options.dataDir ?? "memory://");
}

/** Escapes one value for COPY's text format; null becomes \N. */
export function copyValue(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "\\N";
  return String(value)
    .replace(/\\/g, "\\\\")
    .replace(/\t/g, "\\t")
    .replace(/\n/g, "\\n")
    .replace(/\r/g, "\\r");
}
