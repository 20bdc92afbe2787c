/**
 * Database engines: PostgreSQL through `pg` (production) and PGlite, PostgreSQL compiled to WebAssembly
 * (embedded default). Both are driven by Kysely with its PostgreSQL adapter, so one set of SQL serves both.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { createHash } from "node:crypto";
import { once } from "node:events";
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
  type RawBuilder,
  sql,
  type Transaction,
} from "kysely";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { secureDataDir } from "./files.ts";
import type { Database } from "./schema.ts";

export type EngineName = "pglite" | "postgres";

const PREPARED_MARK = "/* prepared */";

/** The database as the store's functions take it: the whole database, or a transaction on it. */
export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
/** Every store function takes one: pass `handle.db`, or the `tx` of `transaction(db, async (tx) => …)`. */
export type Executor = Db | Tx;

export interface OpenOptions {
  /** postgres:// URL; when absent, PGlite is used. */
  databaseUrl?: string;
  /** PGlite folder, or "memory://" for a throwaway database. */
  dataDir?: string;
  /** PGlite only: start from a backup made by `handle.backup()` (a tar of the data folder). */
  loadDataDir?: Blob;
  /** PostgreSQL only: put every table in this schema (used to isolate tests). */
  schema?: string;
  /** PostgreSQL pool size. */
  poolSize?: number;
}

export interface DatabaseHandle {
  db: Db;
  engine: EngineName;
  /** Resolves when the database answers a query. */
  ping(): Promise<void>;
  /** Runs `fn` in one transaction (see `transaction`). */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** PGlite only: the whole data folder as a tar (PostgreSQL is backed up with pg_dump). */
  backup?(): Promise<Blob>;
  /**
   * How other clients of the same database connect: PostgreSQL's URL (a job queue opens its own pool), or
   * PGlite's one instance with the lock that keeps their statements out of the store's transactions.
   */
  shared: SharedConnection;
  close(): Promise<void>;
}

export type SharedConnection =
  | { engine: "postgres"; databaseUrl: string; schema?: string }
  | { engine: "pglite"; client: PGlite; serialize<T>(run: () => Promise<T>): Promise<T> };

/** COPY text: a string, or its UTF-8 bytes (as sealing workers hand it back). */
export type CopyChunk = string | Uint8Array;

/** Streams COPY text (one line per row, tab-separated) into a table on the transaction's own connection. */
type Copier = (
  table: string,
  columns: readonly string[],
  chunks: Iterable<CopyChunk> | AsyncIterable<CopyChunk>,
) => Promise<void>;

/** Plain SQL on one database session (temporary tables live as long as the session). */
export interface SqlSession {
  query(text: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

type SessionRunner = <T>(fn: (session: SqlSession) => Promise<T>) => Promise<T>;
const sessionRunners = new WeakMap<object, SessionRunner>();

/**
 * Runs `fn` with one database session for plain SQL, e.g. an import's temporary bookkeeping tables. On
 * PostgreSQL a pool connection is held until `fn` ends (other queries use other connections); PGlite has one
 * session, so each query takes the connection's lock in turn and other work interleaves between them.
 */
export async function session<T>(db: Db, fn: (session: SqlSession) => Promise<T>): Promise<T> {
  const run = sessionRunners.get(db);
  if (!run) throw new Error("session() needs a database opened with openDatabase()");
  return run(fn);
}

const transactionRunners = new WeakMap<object, <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>>();
const copiers = new WeakMap<object, Copier>();

/**
 * Runs `fn` in a transaction and commits when it resolves (rolls back when it throws). Given a transaction,
 * `fn` joins it, so store functions compose: "change state + audit entry" commit together. On PGlite the single
 * connection is held for the whole transaction: inside `fn` use only `tx`, never the outer `db`.
 */
export async function transaction<T>(db: Executor, fn: (tx: Tx) => Promise<T>): Promise<T> {
  if (db.isTransaction) return fn(db as Tx);
  const run = transactionRunners.get(db);
  return run ? run(fn) : db.transaction().execute(fn);
}

/**
 * Bulk load with COPY FROM in PostgreSQL's text format. Inside a transaction made by `transaction` it runs
 * on that transaction's connection (so it commits or rolls back with it); given the database, in its own.
 */
export async function copyIn(
  db: Executor,
  table: string,
  columns: readonly string[],
  chunks: Iterable<CopyChunk> | AsyncIterable<CopyChunk>,
): Promise<void> {
  if (!db.isTransaction) return transaction(db, (tx) => copyIn(tx, table, columns, chunks));
  const copier = copiers.get(db);
  if (!copier)
    throw new Error("COPY needs a transaction opened with the store's transaction(), not Kysely's own");
  return copier(table, columns, chunks);
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

function register(db: Db, run: <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>) {
  transactionRunners.set(db, run);
}

/**
 * PGlite's buffer pool lives in the process's WebAssembly memory and stays resident once touched: with the
 * 128 MB default a 200,000-row import peaked ~80 MB higher than with 32 MB, and ran ~10 % faster; 16 MB
 * peaked another ~30 MB lower than 32 MB at 300,000 rows and ran ~4 % slower (the file system's cache still
 * holds the pages). Embedded mode serves small installations, where memory is the limit. A start parameter,
 * so nothing is written into the data folder's postgresql.conf.
 */
const PGLITE_SHARED_BUFFERS = "16MB";

const utf8 = new TextEncoder();

/**
 * A COPY chunk as the Blob PGlite's `/dev/blob` reads, without copying it. PGlite asks the Blob only for
 * `arrayBuffer()` and reads the answer through a view until the statement ends; a real Blob would copy each
 * chunk twice (into the Blob, then out into a new ArrayBuffer), and those copies were the 60–90 MB of
 * ArrayBuffer garbage at the peak of a large embedded import. The chunk's own buffer serves when the chunk
 * spans all of it (a sealing worker's bytes do; text is encoded into one); a view into a larger buffer is
 * copied once. The caller's bytes are never detached: a batch that falls back to merging copies them again.
 */
function blobOf(chunk: CopyChunk): Blob {
  const bytes = typeof chunk === "string" ? utf8.encode(chunk) : chunk;
  const whole =
    bytes.buffer instanceof ArrayBuffer &&
    bytes.byteOffset === 0 &&
    bytes.byteLength === bytes.buffer.byteLength
      ? bytes.buffer
      : new Uint8Array(bytes).buffer;
  return Object.assign(new Blob([]), { arrayBuffer: () => Promise.resolve(whole) });
}

async function openPglite(options: OpenOptions): Promise<DatabaseHandle> {
  const dataDir = options.dataDir ?? "memory://";
  const onDisk = !dataDir.startsWith("memory://") && !dataDir.startsWith("idb://");
  if (onDisk) secureDataDir(dataDir);
  const client = await PGlite.create({
    dataDir,
    startParams: [...PGlite.defaultStartParams, "-c", `shared_buffers=${PGLITE_SHARED_BUFFERS}`],
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
  });
  // PGlite creates its files with the process umask (0666 under umask 0): close them to others at once.
  if (onDisk) secureDataDir(dataDir);
  const driver = new PGliteDriver(client);
  const db = new Kysely<Database>({ dialect: pgliteDialect(driver) });
  const copier: Copier = async (table, columns, chunks) => {
    // The caller's transaction holds the connection, so this runs inside it without taking the lock again.
    // One COPY per chunk as it arrives: the database works on one chunk while the workers seal the next.
    const statement = `copy ${table} (${columns.join(", ")}) from '/dev/blob'`;
    for await (const chunk of chunks) await client.query(statement, [], { blob: blobOf(chunk) });
  };
  const run = <T>(fn: (tx: Tx) => Promise<T>): Promise<T> =>
    db.transaction().execute((tx) => {
      copiers.set(tx, copier);
      return fn(tx);
    });
  register(db, run);
  sessionRunners.set(db, (fn) =>
    fn({
      query: async (text, params = []) => ({
        rows: (await db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(text, params))).rows,
      }),
    }),
  );
  return {
    db,
    engine: "pglite",
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    transaction: run,
    shared: {
      engine: "pglite",
      client,
      serialize: async (work) => {
        const release = await driver.mutex.lock();
        try {
          return await work();
        } finally {
          release();
        }
      },
    },
    backup: async () => {
      const release = await driver.mutex.lock();
      try {
        return await client.dumpDataDir("gzip");
      } finally {
        release();
      }
    },
    close: async () => {
      await db.destroy();
      if (onDisk) secureDataDir(dataDir);
    },
  };
}

/**
 * Marks a statement to be prepared once per connection: put `${PREPARED}` at the very start of its SQL. For
 * the few statements a sending worker runs for every handful of messages, whose parsing and planning cost
 * PostgreSQL more than running them over a few rows (a 3-row outcome write: 0.5 ms of the server's CPU
 * unprepared, 0.13 ms prepared). The SQL text must not vary with the data (values go in parameters), or
 * every variant becomes a statement of its own on every connection. A comment, so PGlite runs it as is.
 * Not for a statement whose best plan depends on its values: after five runs the server may keep one plan
 * made without them (a batch's claim kept a plan that read the campaign's whole queue to find 200 ids).
 */
export const PREPARED = sql.raw(`${PREPARED_MARK} `);

/**
 * An array parameter of a `PREPARED` statement, read through a one-row subquery. Otherwise the server may
 * plan such a statement anew on every call: its plans made for the values see each call's array lengths, the
 * plan made without them looks dearer, and it is never kept (the per-domain limiter's rounds planned for
 * 0.8 ms and ran for 0.4). Behind the subquery both see the same estimate, and after five calls one is kept.
 */
export function preparedArray(
  values: readonly unknown[],
  type: "text" | "int" | "bigint" | "timestamptz",
): RawBuilder<unknown> {
  return sql`(select ${values}::${sql.raw(type)}[])`;
}

/**
 * Has a pooled connection run marked statements as named prepared statements, named after their text, so
 * `pg` parses each once per connection and the server can keep its plan.
 */
function preparingMarked(client: pg.PoolClient): pg.PoolClient {
  if (prepared.has(client)) return client;
  prepared.add(client);
  const query = client.query.bind(client) as (config: unknown, values?: unknown) => unknown;
  (client as { query: unknown }).query = (config: unknown, values?: unknown) => {
    if (typeof config === "string" && config.startsWith(PREPARED_MARK) && Array.isArray(values)) {
      const name = `lw_${createHash("sha256").update(config).digest("hex").slice(0, 24)}`;
      return query({ name, text: config, values });
    }
    return query(config, values);
  };
  return client;
}
const prepared = new WeakSet<pg.PoolClient>();

function openPostgres(options: OpenOptions & { databaseUrl: string }): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString: options.databaseUrl,
    max: options.poolSize ?? 10,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  // Kysely hides a transaction's connection; the first client handed out inside `transaction` is that
  // connection, so it is remembered here and COPY can run on it.
  const slot = new AsyncLocalStorage<{ client?: pg.PoolClient }>();
  const tracked = {
    connect: async () => {
      const client = preparingMarked(await pool.connect());
      const current = slot.getStore();
      if (current && !current.client) current.client = client;
      return client;
    },
    end: () => pool.end(),
  } as unknown as pg.Pool;
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: tracked }) });
  const run = <T>(fn: (tx: Tx) => Promise<T>): Promise<T> => {
    const store: { client?: pg.PoolClient } = {};
    return slot.run(store, () =>
      db.transaction().execute((tx) => {
        const client = store.client;
        if (client) copiers.set(tx, postgresCopier(client));
        return fn(tx);
      }),
    );
  };
  register(db, run);
  sessionRunners.set(db, (fn) =>
    db.connection().execute((connection) =>
      fn({
        query: async (text, params = []) => ({
          rows: (await connection.executeQuery<Record<string, unknown>>(CompiledQuery.raw(text, params)))
            .rows,
        }),
      }),
    ),
  );
  return {
    db,
    engine: "postgres",
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    transaction: run,
    shared: {
      engine: "postgres",
      databaseUrl: options.databaseUrl,
      ...(options.schema ? { schema: options.schema } : {}),
    },
    close: () => db.destroy(),
  };
}

function postgresCopier(client: pg.PoolClient): Copier {
  return async (table, columns, chunks) => {
    const stream = client.query(copyFrom(`copy ${table} (${columns.join(", ")}) from stdin`));
    const finished = new Promise<void>((resolve, reject) => {
      stream.on("finish", resolve);
      stream.on("error", reject);
    });
    try {
      for await (const chunk of chunks) {
        if (!stream.write(chunk)) await once(stream, "drain");
      }
      stream.end();
    } catch (error) {
      stream.destroy(error as Error);
      await finished.catch(() => {});
      throw error;
    }
    await finished;
  };
}

export async function openDatabase(options: OpenOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) return openPostgres({ ...options, databaseUrl: options.databaseUrl });
  return openPglite(options);
}
