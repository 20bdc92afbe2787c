/**
 * A composed message: everything a renderer needs, as plain text. Built by the assembly (assemble.ts) or by
 * hand in tests; rendered by email.ts, sms.ts, letter.ts and portal.ts.
 */
import type { Section } from "./blocks.ts";

export type Language = "nl" | "en";
export type MessageKind = "first-notice" | "update" | "affected-answer";
export const MESSAGE_KINDS: readonly MessageKind[] = ["first-notice", "update", "affected-answer"];

export interface PostalAddress {
  street: string;
  houseNumber: string;
  postcode: string;
  city: string;
  /** ISO 3166-1 alpha-2; default NL. */
  country?: string;
}

export interface DkimSettings {
  domainName: string;
  keySelector: string;
  /** PEM-encoded RSA private key. */
  privateKey: string;
}

/** The sending organisation, as configured by its staff. */
export interface Organisation {
  name: string;
  /** Where e-mails come from; its domain must be one of `domains`. */
  senderEmail: string;
  replyTo?: string;
  /** Domains the organisation sends from and publishes on; the anti-phishing check holds senders to these. */
  domains: string[];
  /** The address people type themselves to check a message and read more, without scheme: "voorbeeld.nl/datalek". */
  website: string;
  /** Sender lines printed on letters (name first). */
  postalAddress: string[];
  phone?: string;
  /** Data protection officer or other contact point (GDPR art. 33(3)(b)). */
  dpo: { name?: string; email?: string; phone?: string };
  /** Person who signs letters and e-mails. */
  signatory?: { name: string; role: string };
  dkim?: DkimSettings;
}

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
   * The address of the public plan for this breach and the person's kinds of data, without scheme, as people
   * type it (in the "what you can do" section of a first notice); absent without the setup's `publicUrl`.
   */
  planAddress?: string;
}
