/**
 * Shapes two parts exchange without importing each other: the store keeps them, another part fills them in.
 * Defined once here so the two sides cannot drift apart.
 */

/**
 * The adaptive per-domain-group controller's settings: delivery's rules (`delivery/rate.ts`) and the store's
 * statements that apply them across workers (`store/domain-limits.ts`) read the same values.
 */
export interface DomainLimitSettings {
  initialConcurrency: number;
  maxConcurrency: number;
  initialRate: number;
  maxRate: number;
  minRate: number;
  /** Rate added after each `increaseEvery` successes in a row (the additive step). */
  rateStep: number;
  increaseEvery: number;
  /** First back-off after a deferral; doubles with each deferral in a row, up to `maxBackoffMs`. */
  backoffMs: number;
  maxBackoffMs: number;
}

/** One victim an import wrote, as the store's import ledger keeps it and intake's staging sink hands it over. */
export interface ImportLedgerEntry {
  externalId: string;
  /** Physical line of the row in the file. */
  line: number;
  /** Fingerprint of the stored victim before this write; null when new. */
  previous: string | null;
  current: string;
  reachable: boolean;
  email: string | null;
  phone: string | null;
}
