/**
 * The store's side of an import: upsert victims by (breach, external id) and report each one's content hash
 * before and after, as the intake part's VictimWriter expects (this module does not import intake: the shapes
 * match structurally). New victims get a personal code; the plaintext codes go to `onCodes` once, per batch,
 * and are not kept here.
 *
 * `write` hands the batch to the sealing workers at once and returns a promise of its results; the database
 * part of each batch waits for the one before, so batches are written in the order given while the workers
 * seal the next batch during the COPY of this one. A failed batch fails every batch after it.
 */
import type { Keyring } from "./crypto.ts";
import type { Executor } from "./engine.ts";
import type { SealPool } from "./seal-pool.ts";
import type { VictimInput } from "./sealing.ts";
import { victims } from "./victims.ts";

export interface VictimWriterOptions {
  /** Personal codes of the batch's new victims, by external id (plaintext: hand them on, do not log them). */
  onCodes?: (codes: ReadonlyMap<string, string>) => void | Promise<void>;
  /** Sealing workers (default: the keyring's shared pool). */
  pool?: SealPool;
}

export interface StoreVictimWriter {
  /**
   * Upserts `rows` (each external id at most once). May be called again before the promise resolves: the
   * rows are no longer read once `write` returns, and writes reach the database in call order.
   */
  write(rows: readonly { victim: VictimInput }[]): Promise<{ previous: string | null; current: string }[]>;
}

export function createVictimWriter(
  db: Executor,
  keys: Keyring,
  breachId: string,
  options: VictimWriterOptions = {},
): StoreVictimWriter {
  let previous: Promise<unknown> = Promise.resolve();
  return {
    write(rows) {
      const upsert = { issueCodes: true, fingerprints: true } as const;
      const batch = victims.startSealing(
        keys,
        breachId,
        rows.map((row) => row.victim),
        options.pool ? { ...upsert, pool: options.pool } : upsert,
      );
      const written = previous.then(async () => {
        const result = await victims.upsertSealed(db, breachId, batch, upsert);
        if (options.onCodes && result.codes && result.codes.size > 0) await options.onCodes(result.codes);
        return (result.fingerprints ?? []).map((f) => ({ previous: f.previous, current: f.current }));
      });
      previous = written;
      return written;
    },
  };
}
