/**
 * E-mail addresses and phone numbers, normalised once for everyone: intake validates victim files with these,
 * and the store hashes their output for look-ups (victims by e-mail or phone, SMS opt-outs). Because both use
 * the same functions, a value intake accepted and stored hashes to the same key when it is looked up later.
 */
import { domainToASCII } from "node:url";
import { parsePhoneNumberFromString } from "libphonenumber-js/max";

/** A normalised value, or why there is none: a stable code and a reason a person can act on. */
export type NormalisedValue<T> =
  | { ok: true; value: T }
  | { ok: false; problem: { code: string; reason: string } };

const ok = <T>(value: T): NormalisedValue<T> => ({ ok: true, value });
const fail = <T>(code: string, reason: string): NormalisedValue<T> => ({
  ok: false,
  problem: { code, reason },
});

/**
 * C0 and C1 controls, DEL, and the bidirectional overrides that can make printed text read differently from
 * what is stored ("Trojan Source").
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
export const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/u;

// RFC 5322 dot-atom text for the local part, ASCII only: every relay accepts it.
const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const TOP_LEVEL = /^([a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/**
 * One plain e-mail address (`name@domain`), with the domain in lower case and internationalised domain
 * names in their ASCII form. Refuses anything that could smuggle a second header or recipient into a
 * message: line breaks, control characters, commas, semicolons, display names, angle brackets.
 */
export function normaliseEmailAddress(raw: string): NormalisedValue<string> {
  const value = raw.normalize("NFC").trim();
  if (/[\r\n]/.test(value) || CONTROL_CHARACTERS.test(value)) {
    return fail(
      "email-injection",
      "contains a line break or control character, which could add mail headers",
    );
  }
  if (/[,;]/.test(value))
    return fail("email-several", "contains a comma or semicolon: give one address per row");
  if (/[<>"()[\]\\:]/.test(value) || /\s/.test(value)) {
    return fail("email-not-plain", "give only the address (name@example.org), without a name, quotes or < >");
  }
  if (value.length > 254) return fail("email-too-long", "longer than 254 characters");
  const at = value.lastIndexOf("@");
  if (at <= 0 || at === value.length - 1 || value.indexOf("@") !== at) {
    return fail(
      "email-syntax",
      "not an e-mail address: it needs one @ with a name before and a domain after",
    );
  }
  const local = value.slice(0, at);
  if (local.length > 64 || !LOCAL_PART.test(local)) {
    return fail("email-syntax", "the part before the @ is not valid");
  }
  const domain = domainToASCII(value.slice(at + 1).toLowerCase());
  const labels = domain.split(".");
  if (
    domain === "" ||
    labels.length < 2 ||
    !labels.every((label) => DOMAIN_LABEL.test(label)) ||
    !TOP_LEVEL.test(labels.at(-1) ?? "")
  ) {
    return fail("email-domain", "the domain after the @ is not valid");
  }
  return ok(`${local}@${domain}`);
}

export interface Phone {
  /** E.164, e.g. +31612345678. */
  e164: string;
  /** False for landlines: text messages cannot reach them. */
  textable: boolean;
}

// Dutch mobile numbers are most of every Dutch file. libphonenumber-js takes ~30 µs per number, so the
// common shapes (06…, +316…, 00316…) take this shortcut; a test checks it agrees with the library.
const DUTCH_MOBILE = /^(?:0|\+31|0031)(6[1-58]\d{7})$/;

/**
 * A phone number in E.164, read in `region` (ISO 3166-1 alpha-2) when it has no country code, with whether
 * a text message can reach it. Valid means valid by libphonenumber's metadata.
 */
export function normalisePhoneNumber(raw: string, region = "NL"): NormalisedValue<Phone> {
  const value = raw.normalize("NFC").trim();
  if (value.length > 32 || !/^\+?[\d\s().\-/]+$/.test(value)) {
    return fail("phone-syntax", "not a phone number: use digits, spaces, - ( ) and an optional leading +");
  }
  const compact = value.replace(/[\s().\-/]/g, "");
  const mobile = DUTCH_MOBILE.exec(compact);
  if (mobile && (region === "NL" || !compact.startsWith("0") || compact.startsWith("00"))) {
    return ok({ e164: `+31${mobile[1]}`, textable: true });
  }
  // biome-ignore lint/suspicious/noExplicitAny: the library types its region codes as a literal union
  const parsed = parsePhoneNumberFromString(value, region as any);
  if (!parsed?.isValid()) {
    return fail("phone-invalid", `not a valid phone number (read as ${region} when it has no country code)`);
  }
  const type = parsed.getType();
  const textable =
    type !== "FIXED_LINE" && type !== "TOLL_FREE" && type !== "SHARED_COST" && type !== "PAGER";
  return ok({ e164: parsed.number, textable });
}

/** The form of an e-mail address that look-ups hash: normalised, then lower-cased (look-ups ignore case). */
export function emailLookupKey(value: string): string | null {
  const address = normaliseEmailAddress(value);
  return address.ok ? address.value.toLowerCase() : null;
}

const E164 = /^\+[1-9]\d{7,14}$/;

/**
 * The form of a phone number that look-ups hash: its E.164 form, read as Dutch without a country code. A
 * number already in E.164 form that libphonenumber's metadata does not (yet) know is kept as written: an SMS
 * gateway reports STOP from such numbers too, and an opt-out must never be lost to an outdated table.
 */
export function phoneLookupKey(value: string): string | null {
  const phone = normalisePhoneNumber(value);
  if (phone.ok) return phone.value.e164;
  const compact = value.trim().replace(/[\s().\-/]/g, "");
  return E164.test(compact) ? compact : null;
}
