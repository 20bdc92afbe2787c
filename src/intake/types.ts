// The shapes intake hands on: a normalised victim, the row it came from, and problems found on the way.
import type { ContactPerson, NormalisedPostalAddress, SendChannel } from "../core/index.ts";
import type { CategoryId, FlagId } from "../framework/index.ts";
import type { Language } from "./fields.ts";

/**
 * A normalised address (the core's shape). House number and postcode may be empty for countries whose
 * addresses need none; the country is always an ISO 3166-1 alpha-2 code.
 */
export type PostalAddress = NormalisedPostalAddress;

export interface IntakeVictim {
  externalId: string;
  email: string | null;
  /** E.164. */
  phone: string | null;
  name: string | null;
  /** Only a complete address; an incomplete one is reported and left out. */
  address: PostalAddress | null;
  language: Language;
  /** The data categories that leaked for this person; empty means all of the breach's. Sorted. */
  categories: CategoryId[];
  /** Sorted. */
  flags: FlagId[];
  segment: string | null;
  /** When the person's relationship with the organisation ended, `YYYY-MM-DD` (a year-month: its last day). */
  relationEnded: string | null;
  contact: ContactPerson | null;
  /**
   * The channels that reach the right addressee: the contact person's for represented, minor and
   * deceased when one is given; otherwise the victim's own (for minor and deceased without a contact
   * person only a letter to the victim's address, addressed to the parents or the estate).
   */
  channels: SendChannel[];
  /** channels is not empty. Unreachable victims are kept: they count toward public communication. */
  reachable: boolean;
}

/** A row that passed validation, with the physical line it starts on (the header is line 1). */
export interface AcceptedRow {
  line: number;
  victim: IntakeVictim;
}

export type Severity = "error" | "warning";

/** One line of the error report. `value` is the raw value; the report masks it before writing. */
export interface IntakeProblem {
  line: number;
  /** Column name, or "" for the whole row. */
  column: string;
  severity: Severity;
  code: string;
  reason: string;
  value?: string;
}
