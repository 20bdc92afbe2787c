/**
 * core: the few shapes every part speaks, defined once at the bottom of the dependency arrows. Besides types
 * and constant lists, it holds the rules two parts must apply identically and so cannot live in either: the
 * format of the codes people type (`codes.ts`: the store issues them, messages prints them), e-mail and phone
 * normalisation (`contact-values.ts`: intake validates with it, the store hashes look-ups with it), the
 * personal-data masker, dates as people write them, the edit distance behind "did you mean", and the error
 * for input that does not parse. No part-specific rules live here.
 */

/** Languages of every victim-facing text: Dutch first, English beside it. */
export const LANGUAGES = ["nl", "en"] as const;
export type Language = (typeof LANGUAGES)[number];

/** A text in both languages, as the framework, organisations and pages write them. */
export interface BilingualText {
  nl: string;
  en: string;
}

/** What a message to a victim is for. */
export const MESSAGE_KINDS = ["first-notice", "update", "affected-answer"] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/** The channels a message is sent over: what an importer decides reaches a victim, and what providers carry. */
const SEND_CHANNELS = ["email", "sms", "letter"] as const;
export type SendChannel = (typeof SEND_CHANNELS)[number];

/** The routes a message can travel; `portal` is the victim's own page, reached with a personal code. */
export const CHANNELS = [...SEND_CHANNELS, "portal"] as const;
export type Channel = (typeof CHANNELS)[number];

/** A postal address as letters print it and imports deliver it. */
export interface PostalAddress {
  street: string;
  houseNumber: string;
  postcode: string;
  city: string;
  /** ISO 3166-1 alpha-2; NL when absent. */
  country?: string;
}

/** A postal address as stored after import: the country always filled in. */
export interface NormalisedPostalAddress extends PostalAddress {
  country: string;
}

/** Why someone else is written to instead of the victim: represented, minor, deceased. */
export const CONTACT_ROLES = ["representative", "guardian", "estate"] as const;
export type ContactRole = (typeof CONTACT_ROLES)[number];

/**
 * The person to write to instead of the victim: validated by intake, sealed with the victim by the store.
 * Every field present, null when not known.
 */
export interface ContactPerson {
  role: ContactRole;
  name: string | null;
  email: string | null;
  /** E.164. */
  phone: string | null;
  address: NormalisedPostalAddress | null;
}

/** DKIM signing settings of an organisation's sending domain. */
export interface DkimSettings {
  domainName: string;
  keySelector: string;
  /** PEM-encoded RSA private key. */
  privateKey: string;
}

/**
 * The organisation that had the breach, as it presents itself to victims: who sends, from where, and who to
 * contact. Stored with the organisation; read by messages when composing and by delivery when sending.
 */
export interface SenderProfile {
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

/**
 * Who signs outgoing e-mail with DKIM: Lekwijzer, with the organisation's private key (sealed at rest, never
 * shown again after it is set), or the SMTP relay, which then must sign for the From domain itself.
 */
type DkimSigning = { signer: "lekwijzer"; domainName: string; keySelector: string } | { signer: "relay" };

/** Where a print provider's envelope window sits on the A4 sheet, in millimetres. */
interface LetterWindowSettings {
  leftMm: number;
  topMm: number;
  widthMm: number;
  heightMm: number;
}

/**
 * An organisation's profile as it keeps it: the sender identity every message carries, plus what the portal
 * and the print provider need. Stored with the organisation (without the DKIM private key, which is sealed
 * apart); campaigns take their sender from here and nowhere else.
 */
export interface OrganisationProfile extends Omit<SenderProfile, "dkim"> {
  /** When people can call; campaigns whose texts leave it out use this. */
  contactHours?: BilingualText;
  /** The victim portal's look: the organisation's logo and colours (#rrggbb) on the platform's components. */
  portal?: {
    logoUrl?: string;
    colours?: { primary?: string; secondary?: string; text?: string; background?: string };
  };
  /** The print provider's letter layout: its envelope window. */
  letters?: { window: LetterWindowSettings; windowPaddingMm?: number };
  dkim: DkimSigning;
}

export {
  CODE_ALPHABET,
  CODE_BITS,
  type CodeInput,
  canonicalCode,
  codeFromSeed,
  generateCode,
  generatePersonalCode,
  normaliseCode,
  normalisePersonalCode,
} from "./codes.ts";
export {
  CONTROL_CHARACTERS,
  emailLookupKey,
  normaliseEmailAddress,
  normalisePhoneNumber,
  type Phone,
  phoneLookupKey,
} from "./contact-values.ts";
export { formatDate } from "./dates.ts";
export { editDistance } from "./edit-distance.ts";
export { type InputProblem, InvalidInputError } from "./input-error.ts";
export { maskPersonalData } from "./mask.ts";
export type { DomainLimitSettings, ImportLedgerEntry } from "./shared-shapes.ts";
