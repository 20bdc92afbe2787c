/**
 * Turns victims into rows for COPY: one sealed envelope per victim (contact fields and flags in one AES-GCM
 * call, bound to breach id and external id), keyed look-up hashes, flag tokens, a content hash for idempotent
 * re-imports and, when asked, a fresh personal code (its keyed hash, and the code sealed on its own so the
 * sender can print it). Pure apart from randomness, so it runs the same in the
 * main thread and in sealing workers.
 */

import {
  type ContactPerson,
  canonicalCode,
  emailLookupKey,
  generatePersonalCode,
  type Language,
  type NormalisedPostalAddress,
  phoneLookupKey,
  type SendChannel,
} from "../core/index.ts";
import { copyValue } from "./copy-format.ts";
import type { Keyring } from "./crypto.ts";

/** Stored addresses always carry their country. */
export type PostalAddress = NormalisedPostalAddress;

export interface VictimInput {
  /** The organisation's own id for the person, unique per breach; bound into the sealed envelope. */
  externalId: string;
  email?: string | null;
  phone?: string | null;
  name?: string | null;
  address?: PostalAddress | null;
  categories?: readonly string[];
  /** Victim flags (minor, shielded-address, …): sealed, and selectable only through keyed tokens. */
  flags?: readonly string[];
  segment?: string | null;
  language?: Language;
  /** When the person's relationship with the organisation ended, `YYYY-MM-DD`; a plain column, not sealed. */
  relationEnded?: string | null;
  /** The person to write to instead (represented, minor, deceased). */
  contact?: ContactPerson | null;
  /**
   * The channels that reach the right addressee, as the importer decided them (a landline is no SMS
   * channel; a represented victim is reached through the representative only). When absent, the victim's
   * own e-mail, phone and full address count, as before this field existed.
   */
  channels?: readonly SendChannel[];
}

/** What the envelope holds; short keys because it is sealed millions of times. */
export interface Envelope {
  e?: string;
  p?: string;
  n?: string;
  a?: PostalAddress;
  f?: string[];
  /** Contact person: role, name, e-mail, phone, address (absent in envelopes sealed before it existed). */
  c?: { r: ContactPerson["role"]; n?: string; e?: string; p?: string; a?: PostalAddress };
  /** Channels decided at import (absent: derived from e, p and a). */
  ch?: SendChannel[];
}

export const COPY_COLUMNS = [
  "breach_id",
  "external_id",
  "categories",
  "segment",
  "language",
  "key_id",
  "sealed",
  "flag_tokens",
  "email_hmac",
  "phone_hmac",
  "code_hmac",
  "code_key_id",
  "code_issued_at",
  "code_sealed",
  "row_hmac",
  "reachable",
  "postal",
  "relation_ended",
] as const;

/** The sealed envelope's associated data besides format and key id. */
export function victimContext(breachId: string, externalId: string): string {
  return `victim\u0000${breachId}\u0000${externalId}`;
}

/**
 * The sealed personal code's associated data: bound to the same person as the envelope, but sealed apart from
 * it, so a re-import that re-seals the contact data keeps the code (and its content hash stays free of it).
 */
export function personalCodeContext(breachId: string, externalId: string): string {
  return `personal-code\u0000${breachId}\u0000${externalId}`;
}

export function isFullAddress(address: PostalAddress | null | undefined): boolean {
  return Boolean(address?.street && address.houseNumber && address.postcode && address.city);
}

export function envelopeOf(row: VictimInput): Envelope {
  const envelope: Envelope = {};
  const email = row.email?.trim();
  const phone = row.phone?.trim();
  const name = row.name?.trim();
  if (email) envelope.e = email;
  if (phone) envelope.p = phone;
  if (name) envelope.n = name;
  if (row.address) envelope.a = row.address;
  if (row.flags && row.flags.length > 0) envelope.f = [...new Set(row.flags)].sort();
  if (row.contact) {
    const c: NonNullable<Envelope["c"]> = { r: row.contact.role };
    const cName = row.contact.name?.trim();
    const cEmail = row.contact.email?.trim();
    const cPhone = row.contact.phone?.trim();
    if (cName) c.n = cName;
    if (cEmail) c.e = cEmail;
    if (cPhone) c.p = cPhone;
    if (row.contact.address) c.a = row.contact.address;
    envelope.c = c;
  }
  if (row.channels) envelope.ch = [...row.channels];
  return envelope;
}

/** The channels of an opened envelope: as decided at import, or (older envelopes) from the own contact fields. */
export function channelsOf(envelope: Envelope): SendChannel[] {
  if (envelope.ch) return envelope.ch;
  const channels: SendChannel[] = [];
  if (envelope.e) channels.push("email");
  if (envelope.p) channels.push("sms");
  if (isFullAddress(envelope.a)) channels.push("letter");
  return channels;
}

export interface SealOptions {
  /** Give every row a fresh personal code (returned in `codes`, stored only as a keyed hash). */
  issueCodes?: boolean;
  /** ISO time stamped as the codes' issue time. */
  issuedAt?: string;
  /** Also return each row's content hash (`row_hmac`), for importers that compare before and after. */
  fingerprints?: boolean;
}

export interface SealedChunk {
  /**
   * COPY text for COPY_COLUMNS, one line per row: a string when sealed in this thread, UTF-8 bytes when a
   * sealing worker made it (moved across, not copied, and kept off the JavaScript heap).
   */
  text: string | Uint8Array;
  /** Personal codes in row order, when asked for. */
  codes?: string[];
  /** Content hashes in row order, when asked for. */
  fingerprints?: string[];
}

/** Seals the derived columns of one victim; also used by re-encryption, which has the envelope already. */
export function sealedColumns(
  keys: Keyring,
  breachId: string,
  externalId: string,
  envelope: Envelope,
  extra: {
    categories: readonly string[];
    segment: string | null;
    language: Language;
    relationEnded?: string;
  },
): {
  sealed: string;
  flagTokens: string[];
  emailHmac: string | null;
  phoneHmac: string | null;
  rowHmac: string;
  reachable: boolean;
  /**
   * A letter reaches the right addressee: the letter channel decided at import (a complete address of the
   * victim or of whoever speaks for them), or for older envelopes a complete own address. Kept beside the
   * sealed address so the console can count it without decrypting.
   */
  postal: boolean;
} {
  const plaintext = JSON.stringify(envelope);
  const email = envelope.e ? emailLookupKey(envelope.e) : null;
  const phone = envelope.p ? phoneLookupKey(envelope.p) : null;
  return {
    sealed: keys.seal(plaintext, victimContext(breachId, externalId)),
    flagTokens: (envelope.f ?? []).map((flag) => keys.flagToken(breachId, flag)),
    emailHmac: email ? keys.lookupHash("email", email) : null,
    phoneHmac: phone ? keys.lookupHash("phone", phone) : null,
    rowHmac: keys.lookupHash(
      "victim-row",
      `${breachId}\u0000${externalId}\u0000${plaintext}\u0000${JSON.stringify(extra)}`,
    ),
    reachable: envelope.ch ? envelope.ch.length > 0 : Boolean(email || phone || isFullAddress(envelope.a)),
    postal: envelope.ch ? envelope.ch.includes("letter") : isFullAddress(envelope.a),
  };
}

export function sealRows(
  keys: Keyring,
  breachId: string,
  rows: readonly VictimInput[],
  options: SealOptions = {},
): SealedChunk & { text: string } {
  let text = "";
  const codes: string[] | undefined = options.issueCodes ? [] : undefined;
  const fingerprints: string[] | undefined = options.fingerprints ? [] : undefined;
  const issuedAt = options.issuedAt ?? new Date().toISOString();
  for (const row of rows) {
    // The date joins the row's hash only when given, so rows without one keep the hash they had before it.
    const extra = {
      categories: row.categories ?? [],
      segment: row.segment ?? null,
      language: row.language ?? "nl",
      ...(row.relationEnded ? { relationEnded: row.relationEnded } : {}),
    };
    const columns = sealedColumns(keys, breachId, row.externalId, envelopeOf(row), extra);
    fingerprints?.push(columns.rowHmac);
    let codeHmac: string | null = null;
    let codeSealed: string | null = null;
    if (codes) {
      const code = generatePersonalCode();
      codes.push(code);
      codeHmac = keys.lookupHash("personal-code", canonicalCode(code));
      codeSealed = keys.seal(code, personalCodeContext(breachId, row.externalId));
    }
    text += `${[
      breachId,
      row.externalId,
      JSON.stringify(extra.categories),
      extra.segment,
      extra.language,
      keys.keyId,
      columns.sealed,
      `{${columns.flagTokens.join(",")}}`,
      columns.emailHmac,
      columns.phoneHmac,
      codeHmac,
      codes ? keys.keyId : null,
      codes ? issuedAt : null,
      codeSealed,
      columns.rowHmac,
      columns.reachable ? "t" : "f",
      columns.postal ? "t" : "f",
      extra.relationEnded ?? null,
    ]
      .map(copyValue)
      .join("\t")}\n`;
  }
  const chunk: SealedChunk & { text: string } = { text };
  if (codes) chunk.codes = codes;
  if (fingerprints) chunk.fingerprints = fingerprints;
  return chunk;
}
