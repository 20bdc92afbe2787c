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
  // Batches go to the ledger in the order they came, each after the one before (see IntakeSink.write).
  let previous: Promise<unknown> = Promise.resolve();
  return {
    begin: () => ledger.begin(),

    write(rows) {
      if (rows.length === 0) return previous.then(() => {});
      const { winners, superseded } = lastPerExternalId(rows);
      // The writer takes the rows now (it starts sealing them) and writes them in turn; only what the ledger
      // needs is kept here, so the batch's rows can be let go while it waits.
      const results = writer.write(winners);
      results.catch(() => {}); // awaited below, in turn
      const entries = winners.map((row) => ({
        externalId: row.victim.externalId,
        line: row.line,
        reachable: row.victim.reachable,
        email: row.victim.email,
        phone: row.victim.phone,
      }));
      const done = previous.then(async () => {
        await ledger.recordReplaced(superseded);
        const written = await results;
        if (written.length !== entries.length)
          throw new Error("the victim writer returned a result count that differs from the rows");
        await ledger.append(
          entries.map((entry, i) => ({
            ...entry,
            previous: written[i]?.previous ?? null,
            current: written[i]?.current ?? "",
          })),
        );
      });
      previous = done;
      return done;
    },

    async finish(): Promise<SinkResult> {
      const { totals, findings } = await ledger.finish(pageSize);
      return { ...totals, findings };
    },

    abort: () => ledger.drop(),
  };
}
