/**
 * The store's side of an import: upsert victims by (breach, external id) and report each one's content hash
 * before and after, as the intake part's VictimWriter expects (this module does not import intake: the shapes
 * match structurally). New victims get a personal code; the plaintext codes go to `onCodes` once, per batch,
 * and are not kept here.
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
  write(rows: readonly { victim: VictimInput }[]): Promise<{ previous: string | null; current: string }[]>;
}

export function createVictimWriter(
  db: Executor,
  keys: Keyring,
  breachId: string,
  options: VictimWriterOptions = {},
): StoreVictimWriter {
  return {
    async write(rows) {
      const result = await victims.upsertBatch(
        db,
        keys,
        breachId,
        rows.map((row) => row.victim),
        { issueCodes: true, fingerprints: true, ...(options.pool ? { pool: options.pool } : {}) },
      );
      if (result.superseded > 0) throw new Error("the importer passed an external id twice in one batch");
      if (options.onCodes && result.codes && result.codes.size > 0) await options.onCodes(result.codes);
      return (result.fingerprints ?? []).map((f) => ({ previous: f.previous, current: f.current }));
    },
  };
}
