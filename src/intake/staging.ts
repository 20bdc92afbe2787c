// An import's bookkeeping in the database instead of in memory: the staging sink hands each batch's written
// victims to a ledger (the store's `withImportLedger`, which owns the SQL and its session-local tables) and
// reads the counts and findings back from it at the end, so memory stays flat however long the file is.
import type { ImportLedgerEntry } from "../core/index.ts";
import {
  type IntakeSink,
  lastPerExternalId,
  type SinkFinding,
  type SinkResult,
  type VictimWriter,
} from "./sink.ts";

/**
 * What the staging sink needs from the database: the store's ImportLedger has this shape (intake does not
 * import the store).
 */
export interface StagingLedger {
  begin(): Promise<void>;
  recordReplaced(pairs: readonly { line: number; byLine: number }[]): Promise<void>;
  append(entries: readonly ImportLedgerEntry[]): Promise<void>;
  finish(pageSize: number): Promise<{
    totals: Omit<SinkResult, "findings">;
    findings(): AsyncIterable<SinkFinding>;
  }>;
  drop(): Promise<void>;
}

export interface StagingSinkOptions {
  ledger: StagingLedger;
  /** Upserts the victims into the store and reports their fingerprints (see VictimWriter). */
  writer: VictimWriter;
  /** Findings fetched per query while streaming them. */
  pageSize?: number;
}

export function createStagingSink(options: StagingSinkOptions): IntakeSink {
  const { ledger, writer } = options;
  const pageSize = options.pageSize ?? 10_000;
  return {
    begin: () => ledger.begin(),

    async write(rows) {
      if (rows.length === 0) return;
      const { winners, superseded } = lastPerExternalId(rows);
      await ledger.recordReplaced(superseded);
      const results = await writer.write(winners);
      if (results.length !== winners.length)
        throw new Error("the victim writer returned a result count that differs from the rows");
      await ledger.append(
        winners.map((row, i) => ({
          externalId: row.victim.externalId,
          line: row.line,
          previous: results[i]?.previous ?? null,
          current: results[i]?.current ?? "",
          reachable: row.victim.reachable,
          email: row.victim.email,
          phone: row.victim.phone,
        })),
      );
    },

    async finish(): Promise<SinkResult> {
      const { totals, findings } = await ledger.finish(pageSize);
      return { ...totals, findings };
    },

    abort: () => ledger.drop(),
  };
}
