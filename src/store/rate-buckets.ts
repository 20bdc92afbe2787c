/**
 * Token buckets that hold across worker processes and machines: a bucket's state is one row of
 * `rate_buckets` (created by the migrations), refilled and taken from in a single atomic statement (the row
 * lock serialises concurrent takers), so ten workers sharing "200 e-mails per second at this relay" together
 * never exceed it. Time comes from the database clock, so workers on machines with skewed clocks still agree.
 */
import { CompiledQuery } from "kysely";
import type { Executor } from "./engine.ts";

/**
 * One statement: create the bucket full on first use, otherwise refill it for the time passed (capped at
 * the burst) and take up to the wanted number of whole tokens. An INSERT … ON CONFLICT DO UPDATE …
 * RETURNING is an UPDATE … RETURNING under the same row lock that also covers the bucket's first use.
 * In SET, `b.*` are the old values, so `granted` and `tokens` see the same refill.
 */
const TAKE_SQL = `WITH clock AS (
  SELECT coalesce($5::double precision, extract(epoch FROM clock_timestamp()) * 1000) AS now_ms
)
INSERT INTO rate_buckets AS b (key, tokens, updated_ms, granted)
SELECT $1, $3::double precision - least($4::integer, floor($3::double precision)), now_ms,
       least($4::integer, floor($3::double precision))::integer
FROM clock
ON CONFLICT (key) DO UPDATE SET
  granted = least($4::integer, floor(least($3::double precision,
    b.tokens + greatest(0, excluded.updated_ms - b.updated_ms) * $2::double precision / 1000)))::integer,
  tokens = greatest(0, least($3::double precision,
    b.tokens + greatest(0, excluded.updated_ms - b.updated_ms) * $2::double precision / 1000)
    - least($4::integer, floor(least($3::double precision,
      b.tokens + greatest(0, excluded.updated_ms - b.updated_ms) * $2::double precision / 1000)))),
  updated_ms = greatest(b.updated_ms, excluded.updated_ms)
RETURNING granted, tokens`;

export interface RateTake {
  key: string;
  ratePerSecond: number;
  burst: number;
  wanted: number;
  /** Milliseconds since the epoch; for tests. Default: the database clock. */
  now?: number;
}

export interface RateTakeResult {
  granted: number;
  /** When `granted < wanted`: milliseconds until one more token is there. */
  waitMs: number;
}

/** Takes up to `wanted` tokens from the bucket `key`, creating it full on first use. */
async function take(db: Executor, options: RateTake): Promise<RateTakeResult> {
  const { key, ratePerSecond, burst, wanted } = options;
  if (!(ratePerSecond > 0)) throw new RangeError(`ratePerSecond must be > 0, got ${ratePerSecond}`);
  if (!(burst >= 1)) throw new RangeError(`burst must be ≥ 1, got ${burst}`);
  if (!Number.isInteger(wanted) || wanted < 0)
    throw new RangeError(`wanted must be a whole number ≥ 0, got ${wanted}`);
  const { rows } = await db.executeQuery<{ granted: unknown; tokens: unknown }>(
    CompiledQuery.raw(TAKE_SQL, [key, ratePerSecond, burst, wanted, options.now ?? null]),
  );
  const row = rows[0];
  if (!row) throw new Error(`rate bucket ${key}: the update returned no row`);
  const granted = Number(row.granted);
  const tokens = Number(row.tokens);
  const waitMs = granted < wanted ? Math.ceil((Math.max(0, 1 - tokens) * 1000) / ratePerSecond) : 0;
  return { granted, waitMs };
}

/** Tokens left in a bucket, or undefined before its first use. */
async function tokens(db: Executor, key: string): Promise<number | undefined> {
  const { rows } = await db.executeQuery<{ tokens: unknown }>(
    CompiledQuery.raw("SELECT tokens FROM rate_buckets WHERE key = $1", [key]),
  );
  return rows[0] ? Number(rows[0].tokens) : undefined;
}

/**
 * Deletes the buckets whose keys start with `prefix` and that nobody touched for `idleMs`: they are full again,
 * and a bucket is created full on its next use, so deleting one changes nothing but the table's size.
 */
async function sweep(db: Executor, prefix: string, idleMs: number): Promise<number> {
  const result = await db.executeQuery(
    CompiledQuery.raw(
      `DELETE FROM rate_buckets WHERE starts_with(key, $1)
         AND updated_ms < extract(epoch FROM clock_timestamp()) * 1000 - $2::double precision`,
      [prefix, idleMs],
    ),
  );
  return Number(result.numAffectedRows ?? 0);
}

export const rateBuckets = { take, tokens, sweep };
