/**
 * A composed message: everything a renderer needs, as plain text. Built by the assembly (compose/) or by
 * hand in tests; rendered by the channels (channels/, letter/).
 */

import type { Language, MessageKind, PostalAddress, SenderProfile } from "../core/index.ts";
import type { Section } from "./blocks.ts";

export {
  type DkimSettings,
  type Language,
  MESSAGE_KINDS,
  type MessageKind,
  type PostalAddress,
} from "../core/index.ts";
/** The sending organisation, as configured by its staff: the core's sender profile. */
export type Organisation = SenderProfile;

export interface Recipient {
  /** The victim's id within the breach (external_id). */
  id: string;
  name?: string;
  email?: string;
  phone?: string;
  address?: PostalAddress;
  language: Language;
  /** Data categories that leaked for this person (empty: all the breach's). */
  categories: string[];
  flags: string[];
  /** For `represented`: the guardian, administrator or mentor letters go to. */
  representative?: { name: string; address?: PostalAddress; email?: string };
  segment?: string;
}

/** Who a letter or e-mail is addressed to: the person, or someone acting for them. */
export interface Addressee {
  role: "self" | "representative" | "parents" | "next-of-kin";
  /** Lines of the address block, 3–7, the last a postcode and city or a country. */
  addressLines: string[];
  salutation: string;
  /** Why this person gets the letter (empty for `self`). */
  note?: string;
}

/**
 * What the organisation wrote itself in one message, so the checks can say whose text a finding is about: the
 * organisation can fix its own texts and overrides, but not the platform's.
 */
export interface OwnWording {
  /** Its own texts and names as the message quotes them (what happened, measures, contact hours, its name, …). */
  texts: readonly string[];
  /** Whether the subject is its own text rather than one of the framework's subject lines. */
  subject: boolean;
  /** Whether the order of elements is its own layout rather than the default one. */
  layout: boolean;
}

export interface ComposedMessage {
  /** Stable id of this message: breach, victim, kind and sequence. */
  id: string;
  breachId: string;
  victimId: string;
  kind: MessageKind;
  language: Language;
  subject: string;
  /** One short paragraph with the essentials, shown first (and on the first page of a letter). */
  summary: string;
  addressee: Addressee;
  sections: Section[];
  closing: string[];
  verificationCode: string;
  /** Reference printed on letters and quoted when people call. */
  reference: string;
  /** ISO date (yyyy-mm-dd) the message is dated. */
  date: string;
  organisation: Organisation;
  recipient: Recipient;
  /** The text message, when the person is reached by SMS. */
  sms: string;
  /**
   * The personal plan's address on the portal, without scheme, as people type it
   * (`lekwijzer.example.org/mijn-plan`), in a first notice; absent without the setup's `publicUrl`.
   */
  planAddress?: string;
  /** The breach page on the portal (`…/datalek/<slug>`), when the setup names the breach's slug. */
  breachAddress?: string;
  /** The "am I affected?" page (`…/datalek/<slug>/getroffen`), where someone without a code asks for one. */
  affectedAddress?: string;
  /** The person's personal code, printed beside the plan address; absent when none is kept for them. */
  personalCode?: string;
  /** What the organisation wrote itself (set by the assembly; absent in hand-built messages: none). */
  own?: OwnWording;
}
