// Pure validators and normalisers for single victim-file values. Each returns the normalised value or a
// problem with a stable code and a reason a person can act on; none of them echoes a personal value.

import {
  CONTROL_CHARACTERS,
  LANGUAGES,
  type Language,
  normaliseEmailAddress,
  normalisePhoneNumber,
  type Phone,
} from "../core/index.ts";
import { COUNTRY_CODES, countryCodeForName } from "./countries.ts";
import { didYouMean, suggest } from "./suggest.ts";

export interface FieldProblem {
  code: string;
  reason: string;
}

export type FieldResult<T> =
  | { ok: true; value: T; warning?: FieldProblem }
  | { ok: false; problem: FieldProblem };

const ok = <T>(value: T, warning?: FieldProblem): FieldResult<T> =>
  warning ? { ok: true, value, warning } : { ok: true, value };
const fail = <T>(code: string, reason: string): FieldResult<T> => ({ ok: false, problem: { code, reason } });

/** Longest value accepted in any column; longer values are refused rather than cut. */
export const MAX_VALUE_CHARS = 1_000;

const BREAKS_AND_TABS = /[\t\n\r]/;

/**
 * Trims, NFC-normalises and folds runs of white space (including a line break that a spreadsheet put in a
 * cell) into one space. Refuses control characters and over-long values.
 */
export function cleanText(raw: string, maxChars = MAX_VALUE_CHARS): FieldResult<string> {
  if (raw.length > maxChars * 4)
    return fail("too-long", `longer than ${maxChars.toLocaleString("en")} characters`);
  const folded = raw.normalize("NFC").replace(/\s+/gu, " ").trim();
  if (CONTROL_CHARACTERS.test(folded)) return fail("control-character", "contains a control character");
  if (folded.length > maxChars)
    return fail("too-long", `longer than ${maxChars.toLocaleString("en")} characters`);
  return ok(folded);
}

/** Large mailbox providers whose names are mistyped often enough to be worth a warning. */
export const COMMON_MAIL_DOMAINS = [
  "gmail.com",
  "hotmail.com",
  "hotmail.nl",
  "outlook.com",
  "live.nl",
  "live.com",
  "icloud.com",
  "yahoo.com",
  "ziggo.nl",
  "kpnmail.nl",
  "xs4all.nl",
  "planet.nl",
  "home.nl",
  "upcmail.nl",
  "casema.nl",
  "telfort.nl",
  "hetnet.nl",
  "quicknet.nl",
  "chello.nl",
  "zeelandnet.nl",
] as const;

/**
 * One plain e-mail address (`name@domain`), with the domain in lower case and internationalised domain
 * names in their ASCII form. Refuses anything that could smuggle a second header or recipient into a
 * message: line breaks, control characters, commas, semicolons, display names, angle brackets.
 */
export function normaliseEmail(raw: string): FieldResult<string> {
  const result = normaliseEmailAddress(raw);
  if (!result.ok) return result;
  const address = result.value;
  const near = nearMailDomain(address.slice(address.lastIndexOf("@") + 1));
  return near
    ? ok(address, { code: "email-domain-typo", reason: `unusual mail domain${didYouMean([near])}` })
    : ok(address);
}

// A file has few distinct domains and millions of addresses: remember the answer per domain (bounded).
const nearDomainCache = new Map<string, string | null>();
function nearMailDomain(domain: string): string | null {
  const cached = nearDomainCache.get(domain);
  if (cached !== undefined) return cached;
  const near = (COMMON_MAIL_DOMAINS as readonly string[]).includes(domain)
    ? null
    : (suggest(domain, COMMON_MAIL_DOMAINS, 1)[0] ?? null);
  if (nearDomainCache.size >= 10_000) nearDomainCache.clear();
  nearDomainCache.set(domain, near);
  return near;
}

/** A phone number in E.164, read in `defaultCountry` when it has no country code. */
export function normalisePhone(raw: string, defaultCountry = "NL"): FieldResult<Phone> {
  const result = normalisePhoneNumber(raw, COUNTRY_CODES.has(defaultCountry) ? defaultCountry : "NL");
  if (!result.ok) return result;
  return result.value.textable
    ? ok(result.value)
    : ok(result.value, {
        code: "phone-landline",
        reason: "a landline or service number: text messages cannot reach it",
      });
}

/** ISO 3166-1 alpha-2, upper case; empty means the Netherlands. */
export function normaliseCountry(raw: string): FieldResult<string> {
  const value = raw.trim().toUpperCase();
  if (value === "") return ok("NL");
  if (COUNTRY_CODES.has(value)) return ok(value);
  const meant = countryCodeForName(raw) ?? (value === "UK" ? "GB" : null);
  return fail("country", `not an ISO 3166-1 alpha-2 country code${didYouMean(meant ? [meant] : [])}`);
}

// Dutch postcodes: four digits not starting with 0, two letters; SA, SD and SS are never issued.
const DUTCH_POSTCODE = /^([1-9]\d{3}) ?([A-Z]{2})$/;
const DIGIT_POSTCODES: Readonly<Record<string, number>> = {
  BE: 4,
  LU: 4,
  AT: 4,
  CH: 4,
  DK: 4,
  DE: 5,
  FR: 5,
  ES: 5,
  IT: 5,
};

/** A postcode in the form its country writes it; Dutch ones as `1234 AB`. */
export function normalisePostcode(raw: string, country: string): FieldResult<string> {
  const value = raw.normalize("NFC").trim().toUpperCase().replace(/\s+/g, " ");
  if (country === "NL") {
    const match = DUTCH_POSTCODE.exec(value);
    if (!match || ["SA", "SD", "SS"].includes(match[2] ?? "")) {
      return fail("postcode", "not a Dutch postcode (four digits and two letters, e.g. 1234 AB)");
    }
    return ok(`${match[1]} ${match[2]}`);
  }
  const digits = DIGIT_POSTCODES[country];
  const bare = value.replace(new RegExp(`^${country}-`), "");
  if (digits !== undefined) {
    return new RegExp(`^\\d{${digits}}$`).test(bare)
      ? ok(bare)
      : fail("postcode", `not a postcode for ${country} (${digits} digits)`);
  }
  return /^[A-Z0-9][A-Z0-9 -]{1,11}$/.test(value) ? ok(value) : fail("postcode", "not a postcode");
}

/** House number with optional letter or addition: 12, 12A, 12-3, 12 bis. */
export function normaliseHouseNumber(raw: string): FieldResult<string> {
  const value = raw.normalize("NFC").trim().replace(/\s+/g, " ");
  return /^\d{1,6}([ -]?[\p{L}\p{N}][\p{L}\p{N} -]{0,9})?$/u.test(value)
    ? ok(value)
    : fail(
        "house-number",
        "not a house number (digits, then an optional letter or addition, e.g. 12A or 12-3)",
      );
}

export { LANGUAGES, type Language, type Phone };

/** nl or en; empty means nl. */
export function normaliseLanguage(raw: string): FieldResult<Language> {
  const value = raw.trim().toLowerCase();
  if (value === "") return ok("nl");
  if (value === "nl" || value === "en") return ok(value);
  return fail("language", `language must be nl or en${didYouMean(suggest(value, LANGUAGES))}`);
}

/** Segment labels choose which letter a group gets, so they stay short, printable and unambiguous. */
export function normaliseSegment(raw: string): FieldResult<string | null> {
  const value = raw.normalize("NFC").trim();
  if (value === "") return ok(null);
  if (value.length > 64) return fail("segment", "segment label longer than 64 characters");
  return /^[\p{L}\p{N}][\p{L}\p{N} ._-]*$/u.test(value)
    ? ok(value)
    : fail(
        "segment",
        "segment label may hold letters, digits, spaces, . _ and - and must start with a letter or digit",
      );
}

/**
 * When the relationship ended: an ISO date (`2021-03-31`) or a year and month (`2021-03`, taken as the month's
 * last day, so the retention check never counts a person earlier than the file allows). Not after `today`.
 */
export function normaliseRelationEnded(raw: string, today: string): FieldResult<string | null> {
  const value = raw.trim();
  if (value === "") return ok(null);
  const match = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(value);
  const year = Number(match?.[1]);
  const month = Number(match?.[2]);
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const day = match?.[3] === undefined ? lastDay : Number(match[3]);
  if (!match || year < 1900 || month < 1 || month > 12 || day < 1 || day > lastDay)
    return fail("relation-ended", "not a date: use YYYY-MM-DD or YYYY-MM");
  const date = `${match[1]}-${match[2]}-${String(day).padStart(2, "0")}`;
  if (date > today) return fail("relation-ended-future", "lies in the future");
  return ok(date);
}

/** External ids are the key for updates: 1–128 printable characters, kept as given. */
export function normaliseExternalId(raw: string): FieldResult<string> {
  const value = raw.normalize("NFC").trim();
  if (value === "") return fail("external-id-missing", "external_id is empty");
  if (value.length > 128) return fail("external-id", "external_id is longer than 128 characters");
  if (CONTROL_CHARACTERS.test(value) || BREAKS_AND_TABS.test(value)) {
    return fail("external-id", "external_id contains a control character");
  }
  return ok(value);
}

const sets = new WeakMap<readonly string[], ReadonlySet<string>>();
function setOf(list: readonly string[]): ReadonlySet<string> {
  let set = sets.get(list);
  if (!set) {
    set = new Set(list);
    sets.set(list, set);
  }
  return set;
}

export interface ListResult<T extends string> {
  values: T[];
  problems: FieldProblem[];
}

/**
 * A `|`-separated list of ids, each checked against `known` (with suggestions) and then against `allowed`
 * (a narrower set, such as the breach's categories). Duplicates are dropped; the result is sorted so that
 * the same set always compares equal.
 */
export function parseIdList<T extends string>(
  raw: string,
  what: string,
  known: readonly T[],
  allowed: ReadonlySet<string> | null = null,
  notAllowedReason = "",
): ListResult<T> {
  if (raw.trim() === "") return { values: [], problems: [] };
  const values = new Set<T>();
  const problems: FieldProblem[] = [];
  const knownSet = setOf(known);
  for (const part of raw.split("|")) {
    const token = part.trim().toLowerCase();
    if (token === "") continue;
    if (problems.length >= 5) break;
    if (/[,;]/.test(token)) {
      problems.push({ code: `${what}-separator`, reason: `separate ${what} ids with | (not , or ;)` });
      continue;
    }
    if (!knownSet.has(token)) {
      const shown = token.length > 40 ? `${token.slice(0, 40)}…` : token;
      problems.push({
        code: `${what}-unknown`,
        reason: `unknown ${what} "${shown}"${didYouMean(suggest(token, known))}`,
      });
      continue;
    }
    if (allowed !== null && !allowed.has(token)) {
      problems.push({ code: `${what}-not-allowed`, reason: `${what} "${token}" ${notAllowedReason}`.trim() });
      continue;
    }
    values.add(token as T);
  }
  return { values: [...values].sort(), problems };
}
