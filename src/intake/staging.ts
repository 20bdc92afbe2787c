// The database side of an import's bookkeeping: a session-local staging table (one row per external id,
// the last line that named it) plus the lines later rows replaced. Superseded rows, shared e-mail addresses
// and phone numbers, and the imported/updated/unchanged counts come from SQL over these tables, so memory
// stays flat however long the file is. Runs on PGlite and PostgreSQL through any `query(sql, params)`.
//
// E-mail addresses and phone numbers are stored only as keyed digests under a random secret that lives in
// this object: once the import is over nobody can link the staging rows (dropped anyway) back to a person.
import { hash, randomBytes } from "node:crypto";
import {
  type IntakeSink,
  lastPerExternalId,
  type SinkFinding,
  type SinkResult,
  type VictimWriter,
} from "./sink.ts";
import type { AcceptedRow } from "./types.ts";

/**
 * One database session: temporary tables live in the session that created them, so pass a PGlite
 * instance, a `pg` Client or a checked-out PoolClient — not a Pool.
 */
export interface SqlExecutor {
  query(sql: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

export interface StagingSinkOptions {
  executor: SqlExecutor;
  /** Upserts the victims into the store and reports their fingerprints (see VictimWriter). */
  writer: VictimWriter;
  /** Findings fetched per query while streaming them. */
  pageSize?: number;
}

const count = (value: unknown) => Number(value ?? 0);

export function createStagingSink(options: StagingSinkOptions): IntakeSink {
  const { executor, writer } = options;
  const pageSize = options.pageSize ?? 10_000;
  const suffix = randomBytes(6).toString("hex");
  const ledger = `intake_ledger_${suffix}`;
  const replaced = `intake_replaced_${suffix}`;
  const findingsTable = `intake_findings_${suffix}`;
  // SHA-256 of a secret random prefix and the value: these digests only need to be equal for equal values
  // and useless to anyone without the prefix, which dies with this object. A one-shot hash costs ~1 µs here;
  // createHmac costs ~6 µs with a KeyObject and ~38 µs with a Buffer key (Node 24), per value.
  const secret = randomBytes(32).toString("hex");
  const digest = (value: string | null) =>
    value === null ? null : hash("sha256", secret + value, "hex").slice(0, 32);

  const drop = async () => {
    for (const table of [ledger, replaced, findingsTable])
      await executor.query(`DROP TABLE IF EXISTS pg_temp.${table}`);
  };

  const recordReplaced = async (pairs: { line: number; byLine: number }[]) => {
    if (pairs.length === 0) return;
    await executor.query(
      `INSERT INTO ${replaced} (line, by_line) SELECT * FROM unnest($1::int[], $2::int[])`,
      [pairs.map((p) => p.line), pairs.map((p) => p.byLine)],
    );
  };

  return {
    async begin() {
      await executor.query(
        `CREATE TEMP TABLE ${ledger} (
           external_id text PRIMARY KEY,
           line integer NOT NULL,
           previous text,
           current text NOT NULL,
           reachable boolean NOT NULL,
           email_key bytea,
           phone_key bytea)`,
      );
      await executor.query(`CREATE TEMP TABLE ${replaced} (line integer NOT NULL, by_line integer NOT NULL)`);
    },

    async write(rows: readonly AcceptedRow[]) {
      if (rows.length === 0) return;
      const { winners, superseded } = lastPerExternalId(rows);
      await recordReplaced(superseded);
      const results = await writer.write(winners);
      if (results.length !== winners.length)
        throw new Error("the victim writer returned a result count that differs from the rows");
      const ids = winners.map((r) => r.victim.externalId);
      const lines = winners.map((r) => r.line);
      // One statement: the CTE sees the ledger as it was before the upsert, so it finds the rows from
      // earlier batches that these replace. `= ANY` lets the planner use the primary key: temporary tables
      // have no statistics, and a join against the whole ledger would make every batch slower than the last.
      await executor.query(
        `WITH replaced_rows AS (
           INSERT INTO ${replaced} (line, by_line)
           SELECT l.line, b.line
           FROM ${ledger} l JOIN unnest($1::text[], $2::int[]) AS b(external_id, line) ON l.external_id = b.external_id
           WHERE l.external_id = ANY($1::text[])
         )
         INSERT INTO ${ledger} (external_id, line, previous, current, reachable, email_key, phone_key)
         SELECT u.id, u.line, u.previous, u.current, u.reachable, decode(u.email, 'hex'), decode(u.phone, 'hex')
         FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::bool[], $6::text[], $7::text[])
           AS u(id, line, previous, current, reachable, email, phone)
         ON CONFLICT (external_id) DO UPDATE SET
           line = excluded.line, current = excluded.current, reachable = excluded.reachable,
           email_key = excluded.email_key, phone_key = excluded.phone_key`,
        [
          ids,
          lines,
          results.map((r) => r.previous),
          results.map((r) => r.current),
          winners.map((r) => r.victim.reachable),
          winners.map((r) => digest(r.victim.email?.toLowerCase() ?? null)),
          winners.map((r) => digest(r.victim.phone)),
        ],
      );
    },

    async finish(): Promise<SinkResult> {
      const [totals] = (
        await executor.query(
          `SELECT count(*) FILTER (WHERE previous IS NULL) AS imported,
                  count(*) FILTER (WHERE previous IS NOT NULL AND previous <> current) AS updated,
                  count(*) FILTER (WHERE previous IS NOT NULL AND previous = current) AS unchanged,
                  count(*) FILTER (WHERE NOT reachable) AS unreachable
           FROM ${ledger}`,
        )
      ).rows;
      const [replacedCount] = (await executor.query(`SELECT count(*) AS n FROM ${replaced}`)).rows;
      // The first line with an address is the one others are compared to; rank orders findings on a line.
      await executor.query(
        `CREATE TEMP TABLE ${findingsTable} AS
         SELECT row_number() OVER (ORDER BY line, rank) AS n, line, other_line, rank FROM (
           SELECT line, by_line AS other_line, 0 AS rank FROM ${replaced}
           UNION ALL
           SELECT line, first_line, 1 FROM (
             SELECT line, min(line) OVER (PARTITION BY email_key) AS first_line FROM ${ledger} WHERE email_key IS NOT NULL
           ) e WHERE line > first_line
           UNION ALL
           SELECT line, first_line, 2 FROM (
             SELECT line, min(line) OVER (PARTITION BY phone_key) AS first_line FROM ${ledger} WHERE phone_key IS NOT NULL
           ) p WHERE line > first_line
         ) f`,
      );
      await executor.query(`CREATE UNIQUE INDEX ON ${findingsTable} (n)`);
      return {
        imported: count(totals?.imported),
        updated: count(totals?.updated),
        unchanged: count(totals?.unchanged),
        superseded: count(replacedCount?.n),
        unreachable: count(totals?.unreachable),
        async *findings(): AsyncGenerator<SinkFinding> {
          try {
            let after = 0;
            for (;;) {
              const page = (
                await executor.query(
                  `SELECT n, line, other_line, rank FROM ${findingsTable} WHERE n > $1 ORDER BY n LIMIT ${pageSize}`,
                  [after],
                )
              ).rows;
              for (const row of page) {
                const line = count(row.line);
                const otherLine = count(row.other_line);
                const rank = count(row.rank);
                yield rank === 0
                  ? { kind: "superseded", line, otherLine }
                  : { kind: "duplicate-contact", line, otherLine, field: rank === 1 ? "email" : "phone" };
              }
              if (page.length < pageSize) break;
              after = count(page.at(-1)?.n);
            }
          } finally {
            await drop();
          }
        },
      };
    },

    async abort() {
      await drop();
    },
  };
}
