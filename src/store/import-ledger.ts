/**
 * The database side of an import's bookkeeping: session-local tables with one row per written victim (append
 * only) plus the lines a later row in the same batch replaced. Superseded rows, shared e-mail addresses and
 * phone numbers, and the imported/updated/unchanged counts come from SQL over these tables in `finish()`, so
 * memory stays flat however long the file is. Intake's staging sink drives it (the shapes match structurally:
 * the store does not import intake).
 *
 * E-mail addresses and phone numbers are stored only as keyed digests under a random secret that lives in
 * the ledger object: once the import is over nobody can link the rows (dropped anyway) back to a person.
 */

import { hash, randomBytes } from "node:crypto";
import type { ImportLedgerEntry } from "../core/index.ts";
import { type Db, type SqlSession, session } from "./engine.ts";

/** One written victim, as the ledger keeps it. */
export type LedgerEntry = ImportLedgerEntry;

export interface LedgerTotals {
  imported: number;
  updated: number;
  unchanged: number;
  superseded: number;
  unreachable: number;
}

export type LedgerFinding =
  | { kind: "superseded"; line: number; otherLine: number }
  | { kind: "duplicate-contact"; line: number; otherLine: number; field: "email" | "phone" };

export interface ImportLedger {
  begin(): Promise<void>;
  /** Rows a later row in the same batch replaced. */
  recordReplaced(pairs: readonly { line: number; byLine: number }[]): Promise<void>;
  append(entries: readonly LedgerEntry[]): Promise<void>;
  /** Works out the counts; `findings` then streams superseded rows and shared contacts, and drops the tables. */
  finish(pageSize: number): Promise<{ totals: LedgerTotals; findings(): AsyncGenerator<LedgerFinding> }>;
  /** Drops the tables (an aborted import). */
  drop(): Promise<void>;
}

const count = (value: unknown) => Number(value ?? 0);

/**
 * Runs `fn` with a ledger on one database session of its own: temporary tables live in the session that
 * created them.
 */
export function withImportLedger<T>(db: Db, fn: (ledger: ImportLedger) => Promise<T>): Promise<T> {
  return session(db, (s) => fn(createImportLedger(s)));
}

/** The session's temporary tables of one import, named with a random suffix. */
interface LedgerTables {
  ledger: string;
  replaced: string;
  findings: string;
  final: string;
}

/** The counts of the rows that win, and a table of the findings in line order: SQL over the ledger. */
async function settle(executor: SqlSession, t: LedgerTables): Promise<LedgerTotals> {
  // Per external id, in line order: the next line that names it again (null for the row that wins) and
  // the fingerprint before the import, which the first write saw.
  await executor.query(
    `CREATE TEMP TABLE ${t.final} AS
     SELECT line, next_line, first_previous AS previous, current, reachable, email_key, phone_key FROM (
       SELECT l.*, lead(line) OVER w AS next_line, first_value(previous) OVER w AS first_previous
       FROM ${t.ledger} l WINDOW w AS (PARTITION BY external_id ORDER BY line)
     ) x`,
  );
  const [totals] = (
    await executor.query(
      `SELECT count(*) FILTER (WHERE previous IS NULL) AS imported,
              count(*) FILTER (WHERE previous IS NOT NULL AND previous <> current) AS updated,
              count(*) FILTER (WHERE previous IS NOT NULL AND previous = current) AS unchanged,
              count(*) FILTER (WHERE NOT reachable) AS unreachable
       FROM ${t.final} WHERE next_line IS NULL`,
    )
  ).rows;
  const [replacedCount] = (
    await executor.query(
      `SELECT (SELECT count(*) FROM ${t.replaced}) + (SELECT count(*) FROM ${t.final} WHERE next_line IS NOT NULL) AS n`,
    )
  ).rows;
  // The first line with an address is the one others are compared to; rank orders findings on a line.
  await executor.query(
    `CREATE TEMP TABLE ${t.findings} AS
     SELECT row_number() OVER (ORDER BY line, rank) AS n, line, other_line, rank FROM (
       SELECT line, by_line AS other_line, 0 AS rank FROM ${t.replaced}
       UNION ALL
       SELECT line, next_line, 0 FROM ${t.final} WHERE next_line IS NOT NULL
       UNION ALL
       SELECT line, first_line, 1 FROM (
         SELECT line, min(line) OVER (PARTITION BY email_key) AS first_line
         FROM ${t.final} WHERE next_line IS NULL AND email_key IS NOT NULL
       ) e WHERE line > first_line
       UNION ALL
       SELECT line, first_line, 2 FROM (
         SELECT line, min(line) OVER (PARTITION BY phone_key) AS first_line
         FROM ${t.final} WHERE next_line IS NULL AND phone_key IS NOT NULL
       ) p WHERE line > first_line
     ) f`,
  );
  await executor.query(`CREATE UNIQUE INDEX ON ${t.findings} (n)`);
  return {
    imported: count(totals?.imported),
    updated: count(totals?.updated),
    unchanged: count(totals?.unchanged),
    superseded: count(replacedCount?.n),
    unreachable: count(totals?.unreachable),
  };
}

/** Streams the findings a page at a time, then drops the tables. */
async function* pagedFindings(
  executor: SqlSession,
  table: string,
  pageSize: number,
  drop: () => Promise<void>,
): AsyncGenerator<LedgerFinding> {
  try {
    let after = 0;
    for (;;) {
      const page = (
        await executor.query(
          `SELECT n, line, other_line, rank FROM ${table} WHERE n > $1 ORDER BY n LIMIT ${Math.floor(pageSize)}`,
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
}

function createImportLedger(executor: SqlSession): ImportLedger {
  const suffix = randomBytes(6).toString("hex");
  const tables: LedgerTables = {
    ledger: `intake_ledger_${suffix}`,
    replaced: `intake_replaced_${suffix}`,
    findings: `intake_findings_${suffix}`,
    final: `intake_final_${suffix}`,
  };
  const { ledger, replaced } = tables;
  // SHA-256 of a secret random prefix and the value: these digests only need to be equal for equal values
  // and useless to anyone without the prefix, which dies with this object. A one-shot hash costs ~1 µs here;
  // createHmac costs ~6 µs with a KeyObject and ~38 µs with a Buffer key (Node 24), per value.
  const secret = randomBytes(32).toString("hex");
  const digest = (value: string | null) =>
    value === null ? null : hash("sha256", secret + value, "hex").slice(0, 32);

  const drop = async () => {
    for (const table of [ledger, replaced, tables.final, tables.findings])
      await executor.query(`DROP TABLE IF EXISTS pg_temp.${table}`);
  };

  return {
    async begin() {
      await executor.query(
        `CREATE TEMP TABLE ${ledger} (
           external_id text NOT NULL,
           line integer NOT NULL,
           previous text,
           current text NOT NULL,
           reachable boolean NOT NULL,
           email_key bytea,
           phone_key bytea)`,
      );
      await executor.query(`CREATE TEMP TABLE ${replaced} (line integer NOT NULL, by_line integer NOT NULL)`);
    },

    async recordReplaced(pairs) {
      if (pairs.length === 0) return;
      await executor.query(
        `INSERT INTO ${replaced} (line, by_line) SELECT * FROM unnest($1::int[], $2::int[])`,
        [pairs.map((p) => p.line), pairs.map((p) => p.byLine)],
      );
    },

    async append(entries) {
      if (entries.length === 0) return;
      // Append only: one row per written victim, no index to maintain. Which rows later rows replaced, and
      // each victim's fingerprint before the import, are worked out once in finish() with one sort. (An
      // upsert with a primary key here ran at ~30 µs a row at a million rows, growing with the table.)
      await executor.query(
        `INSERT INTO ${ledger} (external_id, line, previous, current, reachable, email_key, phone_key)
         SELECT u.id, u.line, u.previous, u.current, u.reachable, decode(u.email, 'hex'), decode(u.phone, 'hex')
         FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::bool[], $6::text[], $7::text[])
           AS u(id, line, previous, current, reachable, email, phone)`,
        [
          entries.map((e) => e.externalId),
          entries.map((e) => e.line),
          entries.map((e) => e.previous),
          entries.map((e) => e.current),
          entries.map((e) => e.reachable),
          entries.map((e) => digest(e.email?.toLowerCase() ?? null)),
          entries.map((e) => digest(e.phone)),
        ],
      );
    },

    async finish(pageSize) {
      const totals = await settle(executor, tables);
      return { totals, findings: () => pagedFindings(executor, tables.findings, pageSize, drop) };
    },

    drop,
  };
}
