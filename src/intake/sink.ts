// Where accepted rows go. The import pipeline never holds the file: duplicate external ids ("later row
// wins") and shared e-mail addresses or phone numbers are found by the sink, which has a database behind
// it (see staging.ts). The in-memory versions here are for tests only: they hold everything.
import { canonicalVictim } from "./row.ts";
import type { AcceptedRow, IntakeVictim } from "./types.ts";

/** A warning that only the sink can find, because it needs every row of the file. */
export type SinkFinding =
  | { kind: "superseded"; line: number; otherLine: number }
  | { kind: "duplicate-contact"; line: number; otherLine: number; field: "email" | "phone" };

export interface SinkResult {
  /** New victims (the external id was not stored for this breach before). */
  imported: number;
  /** Stored victims whose data this file changed. */
  updated: number;
  /** Stored victims this file repeated exactly. */
  unchanged: number;
  /** Accepted rows replaced by a later row with the same external id. */
  superseded: number;
  /** Victims of this file (one per external id) without a usable channel. */
  unreachable: number;
  /** Every finding in line order, streamed: a 10-million-row file can have millions. */
  findings(): AsyncIterable<SinkFinding>;
}

/**
 * The end of the import pipeline. `write` receives accepted rows in file order, in batches; a batch may
 * repeat an external id. Each accepted row must end as exactly one of imported, updated, unchanged or
 * superseded, so that `imported + updated + unchanged + superseded` equals the rows written. `write` may be
 * called again before an earlier write resolved (a pipeline keeps a few batches in flight): the sink applies
 * batches in call order, and once one fails every later one fails too.
 */
export interface IntakeSink {
  begin(): Promise<void>;
  write(rows: readonly AcceptedRow[]): Promise<void>;
  finish(): Promise<SinkResult>;
  /** Called instead of finish when the import fails; releases what begin set up. */
  abort(): Promise<void>;
}

/** What the store reports for one written victim. Fingerprints are opaque (e.g. a keyed hash of canonicalVictim). */
export interface WriteResult {
  /** Fingerprint of the stored victim before this write; null when the victim is new. */
  previous: string | null;
  /** Fingerprint after this write. */
  current: string;
}

/**
 * The store's side of an import: upsert by (breach, external id), the later write replacing the earlier.
 * Never called with the same external id twice in one batch. Returns one result per row, in order. May be
 * called again before an earlier write resolved: writes are applied in call order (a later batch's rows win),
 * and the rows are not read after `write` returns.
 */
export interface VictimWriter {
  write(rows: readonly AcceptedRow[]): Promise<readonly WriteResult[]>;
}

/** Splits a batch into the rows to write (last per external id) and those a later row in it replaces. */
export function lastPerExternalId(rows: readonly AcceptedRow[]): {
  winners: AcceptedRow[];
  superseded: { line: number; byLine: number }[];
} {
  const last = new Map<string, AcceptedRow>();
  const superseded: { line: number; byLine: number }[] = [];
  for (const row of rows) {
    const earlier = last.get(row.victim.externalId);
    if (earlier) superseded.push({ line: earlier.line, byLine: row.line });
    last.set(row.victim.externalId, row);
  }
  return { winners: rows.filter((row) => last.get(row.victim.externalId) === row), superseded };
}

/** An in-memory store of victims, for tests only. */
export function createInMemoryWriterForTests(): VictimWriter & {
  victims: Map<string, IntakeVictim>;
  writes: number;
} {
  const victims = new Map<string, IntakeVictim>();
  const writer = {
    victims,
    writes: 0,
    async write(rows: readonly AcceptedRow[]) {
      return rows.map((row) => {
        writer.writes++;
        const before = victims.get(row.victim.externalId);
        victims.set(row.victim.externalId, row.victim);
        return { previous: before ? canonicalVictim(before) : null, current: canonicalVictim(row.victim) };
      });
    },
  };
  return writer;
}

interface LedgerEntry {
  line: number;
  previous: string | null;
  current: string;
  reachable: boolean;
  email: string | null;
  phone: string | null;
}

/**
 * A sink that keeps its bookkeeping in memory — for tests only: it grows with the file. Same results as
 * the staging sink, which tests compare against it.
 */
export function createInMemorySinkForTests(
  writer: VictimWriter = createInMemoryWriterForTests(),
): IntakeSink & {
  written: AcceptedRow[];
} {
  const ledger = new Map<string, LedgerEntry>();
  const superseded: { line: number; byLine: number }[] = [];
  const written: AcceptedRow[] = [];
  return {
    written,
    async begin() {},
    async abort() {},
    async write(rows) {
      written.push(...rows);
      const split = lastPerExternalId(rows);
      superseded.push(...split.superseded);
      const results = await writer.write(split.winners);
      split.winners.forEach((row, i) => {
        const result = results[i];
        if (!result) throw new Error("the victim writer returned fewer results than rows");
        const earlier = ledger.get(row.victim.externalId);
        if (earlier) superseded.push({ line: earlier.line, byLine: row.line });
        ledger.set(row.victim.externalId, {
          line: row.line,
          previous: earlier ? earlier.previous : result.previous,
          current: result.current,
          reachable: row.victim.reachable,
          email: row.victim.email?.toLowerCase() ?? null,
          phone: row.victim.phone,
        });
      });
    },
    async finish() {
      const entries = [...ledger.values()];
      const findings: SinkFinding[] = superseded.map((s) => ({
        kind: "superseded",
        line: s.line,
        otherLine: s.byLine,
      }));
      for (const field of ["email", "phone"] as const) {
        const first = new Map<string, number>();
        for (const entry of [...entries].sort((a, b) => a.line - b.line)) {
          const key = entry[field];
          if (key === null) continue;
          const seen = first.get(key);
          if (seen === undefined) first.set(key, entry.line);
          else findings.push({ kind: "duplicate-contact", line: entry.line, otherLine: seen, field });
        }
      }
      findings.sort(compareFindings);
      return {
        imported: entries.filter((e) => e.previous === null).length,
        updated: entries.filter((e) => e.previous !== null && e.previous !== e.current).length,
        unchanged: entries.filter((e) => e.previous !== null && e.previous === e.current).length,
        superseded: superseded.length,
        unreachable: entries.filter((e) => !e.reachable).length,
        async *findings() {
          yield* findings;
        },
      };
    },
  };
}

/** Line order; on one line superseded first, then e-mail before phone. */
export function compareFindings(a: SinkFinding, b: SinkFinding): number {
  const rank = (f: SinkFinding) => (f.kind === "superseded" ? 0 : f.field === "email" ? 1 : 2);
  return a.line - b.line || rank(a) - rank(b);
}
