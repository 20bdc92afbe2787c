// One victim-file row → a normalised victim, or the reasons it was refused. Pure.
//
// Errors refuse the row: a wrong key, category, flag, segment or addressee role would send the wrong
// message to the wrong person. A bad contact value (e-mail, phone, postcode, …) is only a warning: the value
// is left out and the person is still imported, reachable another way or counted as unreachable.
import { CONTACT_ROLES, type ContactPerson, type ContactRole, type SendChannel } from "../core/index.ts";
import { CATEGORY_IDS, type CategoryId, FLAG_IDS, type FlagId } from "../framework/index.ts";
import type { Column } from "./columns.ts";
import {
  cleanText,
  type FieldProblem,
  type FieldResult,
  MAX_VALUE_CHARS,
  normaliseCountry,
  normaliseEmail,
  normaliseExternalId,
  normaliseHouseNumber,
  normaliseLanguage,
  normalisePhone,
  normalisePostcode,
  normaliseRelationEnded,
  normaliseSegment,
  parseIdList,
} from "./fields.ts";
import { didYouMean, suggest } from "./suggest.ts";
import type { AcceptedRow, IntakeProblem, IntakeVictim, PostalAddress } from "./types.ts";

export type RawRow = Partial<Record<Column, string>>;

export interface RowContext {
  /** The breach's data categories: a row may only name these. */
  breachCategories: ReadonlySet<string>;
}

export type RowResult =
  | { accepted: AcceptedRow; problems: IntakeProblem[] }
  | { accepted: null; problems: IntakeProblem[] };

/** The flag that calls for each contact role, in the order a role is inferred when none is given. */
const ROLE_FOR_FLAG: readonly [FlagId, ContactRole][] = [
  ["deceased", "estate"],
  ["represented", "representative"],
  ["minor", "guardian"],
];

interface Collector {
  problems: IntakeProblem[];
  errors: number;
}

function report(
  c: Collector,
  line: number,
  column: string,
  severity: "error" | "warning",
  p: FieldProblem,
  value?: string,
) {
  c.problems.push({
    line,
    column,
    severity,
    code: p.code,
    reason: p.reason,
    ...(value === undefined ? {} : { value }),
  });
  if (severity === "error") c.errors++;
}

/** The field's cleaned value or null; a problem becomes a report line of the given severity. */
function take<T>(
  c: Collector,
  line: number,
  row: RawRow,
  column: Column,
  normalise: (value: string) => FieldResult<T>,
  severity: "error" | "warning",
): T | null {
  const raw = row[column];
  if (raw === undefined || raw.trim() === "") return null;
  // Free text is folded (a line break a spreadsheet put in a name becomes a space); coded values such as
  // e-mail addresses reach their validator as given, so that a smuggled line break is seen and refused.
  const cleaned = FREE_TEXT.has(column) ? cleanText(raw) : cleanText(raw.length > MAX_VALUE_CHARS ? raw : "");
  if (!cleaned.ok) {
    report(c, line, column, severity, cleaned.problem, raw);
    return null;
  }
  const result = normalise(FREE_TEXT.has(column) ? cleaned.value : raw.normalize("NFC").trim());
  if (!result.ok) {
    report(c, line, column, severity, result.problem, raw);
    return null;
  }
  if (result.warning) report(c, line, column, "warning", result.warning, raw);
  return result.value;
}

const text = (value: string): FieldResult<string> => ({ ok: true, value });

const FREE_TEXT: ReadonlySet<Column> = new Set<Column>([
  "name",
  "street",
  "city",
  "contact_name",
  "contact_street",
  "contact_city",
]);

interface AddressColumns {
  street: Column;
  houseNumber: Column;
  postcode: Column;
  city: Column;
  country: Column;
}

const OWN_ADDRESS: AddressColumns = {
  street: "street",
  houseNumber: "house_number",
  postcode: "postcode",
  city: "city",
  country: "country",
};
const CONTACT_ADDRESS: AddressColumns = {
  street: "contact_street",
  houseNumber: "contact_house_number",
  postcode: "contact_postcode",
  city: "contact_city",
  country: "contact_country",
};

/** A complete address, or null (an incomplete one is reported as a warning). Also returns the country. */
function address(
  c: Collector,
  line: number,
  row: RawRow,
  cols: AddressColumns,
): { address: PostalAddress | null; country: string } {
  const country = take(c, line, row, cols.country, normaliseCountry, "warning");
  const countryKnown = country ?? ((row[cols.country] ?? "").trim() === "" ? "NL" : null);
  const street = take(c, line, row, cols.street, text, "warning");
  const houseNumber = take(c, line, row, cols.houseNumber, normaliseHouseNumber, "warning");
  const postcode =
    countryKnown === null
      ? null
      : take(c, line, row, cols.postcode, (v) => normalisePostcode(v, countryKnown), "warning");
  const city = take(c, line, row, cols.city, text, "warning");
  const given = [cols.street, cols.houseNumber, cols.postcode, cols.city].some(
    (col) => (row[col] ?? "").trim() !== "",
  );
  if (!given) return { address: null, country: countryKnown ?? "NL" };
  const dutch = countryKnown === "NL";
  const missing: string[] = [];
  if (countryKnown === null) missing.push(cols.country);
  if (street === null) missing.push(cols.street);
  if (dutch && houseNumber === null) missing.push(cols.houseNumber);
  if (dutch && postcode === null) missing.push(cols.postcode);
  if (city === null) missing.push(cols.city);
  if (missing.length > 0 || countryKnown === null || street === null || city === null) {
    report(c, line, cols.street, "warning", {
      code: "address-incomplete",
      reason: `postal address incomplete or invalid (${missing.join(", ")}): it is left out and no letter can be sent to it`,
    });
    return { address: null, country: countryKnown ?? "NL" };
  }
  return {
    address: {
      street,
      houseNumber: houseNumber ?? "",
      postcode: postcode ?? "",
      city,
      country: countryKnown,
    },
    country: countryKnown,
  };
}

function phone(
  c: Collector,
  line: number,
  row: RawRow,
  column: Column,
  country: string,
): { e164: string | null; textable: boolean } {
  const result = take(c, line, row, column, (v) => normalisePhone(v, country), "warning");
  return result ? { e164: result.e164, textable: result.textable } : { e164: null, textable: false };
}

function channelsOf(email: string | null, textable: boolean, addr: PostalAddress | null): SendChannel[] {
  const channels: SendChannel[] = [];
  if (email) channels.push("email");
  if (textable) channels.push("sms");
  if (addr) channels.push("letter");
  return channels;
}

/**
 * Whom the contact person speaks for: the stated role, which must match its flag, or the one the flags imply.
 * Null when no flag makes a contact person useful; "refused" when the stated role cannot be used.
 */
function contactRole(
  c: Collector,
  line: number,
  row: RawRow,
  flags: readonly FlagId[],
): ContactRole | null | "refused" {
  const roleRaw = (row.contact_role ?? "").trim().toLowerCase();
  if (roleRaw === "") {
    const inferred = ROLE_FOR_FLAG.find(([flag]) => flags.includes(flag));
    if (inferred) return inferred[1];
    report(c, line, "contact_name", "warning", {
      code: "contact-unused",
      reason:
        "contact person given, but the row has none of the flags represented, minor or deceased: it is not used",
    });
    return null;
  }
  if (!(CONTACT_ROLES as readonly string[]).includes(roleRaw)) {
    report(
      c,
      line,
      "contact_role",
      "error",
      {
        code: "contact-role",
        reason: `contact_role must be representative, guardian or estate${didYouMean(suggest(roleRaw, CONTACT_ROLES))}`,
      },
      row.contact_role,
    );
    return "refused";
  }
  const role = roleRaw as ContactRole;
  const flag = ROLE_FOR_FLAG.find(([, r]) => r === role)?.[0];
  if (flag && !flags.includes(flag)) {
    report(
      c,
      line,
      "contact_role",
      "error",
      {
        code: "contact-role-flag",
        reason: `contact_role "${role}" needs the "${flag}" flag: a message would be addressed wrongly`,
      },
      row.contact_role,
    );
    return "refused";
  }
  return role;
}

function contactPerson(
  c: Collector,
  line: number,
  row: RawRow,
  flags: readonly FlagId[],
): ContactPerson | null | "refused" {
  const given = [
    "contact_name",
    "contact_email",
    "contact_phone",
    "contact_street",
    "contact_house_number",
    "contact_postcode",
    "contact_city",
  ].some((col) => (row[col as Column] ?? "").trim() !== "");
  const roleRaw = (row.contact_role ?? "").trim().toLowerCase();
  if (!given && roleRaw === "") return null;
  const role = contactRole(c, line, row, flags);
  if (role === null || role === "refused") return role;
  if (!given) {
    report(c, line, "contact_role", "warning", {
      code: "contact-empty",
      reason: "contact_role given without any contact details",
    });
    return null;
  }
  const name = take(
    c,
    line,
    row,
    "contact_name",
    (v) =>
      v.length > 200
        ? { ok: false, problem: { code: "too-long", reason: "longer than 200 characters" } }
        : text(v),
    "warning",
  );
  const email = take(c, line, row, "contact_email", normaliseEmail, "warning");
  const { address: addr, country } = address(c, line, row, CONTACT_ADDRESS);
  const tel = phone(c, line, row, "contact_phone", country);
  return { role, name, email, phone: tel.e164, address: addr };
}

/**
 * The channels that reach the victim, or whoever speaks for them: a contact person's own when a flag needs one,
 * else the victim's own. Warns when a flag needs a contact person and none is given, and when a letter would
 * have no name on it.
 */
function reachableChannels(
  c: Collector,
  line: number,
  flags: readonly FlagId[],
  contact: ContactPerson | null,
  own: {
    email: string | null;
    tel: { e164: string | null; textable: boolean };
    addr: PostalAddress | null;
    name: string | null;
  },
): SendChannel[] {
  const { email, tel, addr, name } = own;
  const needsContact = ROLE_FOR_FLAG.find(([flag]) => flags.includes(flag));
  let channels: SendChannel[];
  if (needsContact && contact) {
    channels = channelsOf(contact.email, contact.phone !== null, contact.address);
  } else if (needsContact) {
    const [flag] = needsContact;
    channels = flag === "represented" ? [] : addr ? ["letter"] : [];
    report(c, line, "contact_role", "warning", {
      code: "contact-missing",
      reason:
        flag === "represented"
          ? "represented, but no contact person: add the representative in the contact_ columns"
          : `${flag}, but no contact person: only a letter to the ${flag === "minor" ? "parents" : "next of kin"} at the victim's own address can be sent`,
    });
  } else {
    channels = channelsOf(email, tel.textable, addr);
  }
  if (addr && !name && !(needsContact && contact)) {
    report(c, line, "name", "warning", {
      code: "address-without-name",
      reason: "postal address without a name: a letter cannot be addressed personally",
    });
  }
  return channels;
}

/** Today's date (UTC) as the file is read: a relationship cannot have ended after it. Worked out once a minute. */
let today = { date: "", until: 0 };
function normaliseEnded(value: string) {
  const now = Date.now();
  if (now > today.until) today = { date: new Date(now).toISOString().slice(0, 10), until: now + 60_000 };
  return normaliseRelationEnded(value, today.date);
}

/** Validates and normalises one data row. `line` is the physical line the row starts on. */
export function validateRow(row: RawRow, line: number, context: RowContext): RowResult {
  const c: Collector = { problems: [], errors: 0 };
  const externalId = take(c, line, row, "external_id", normaliseExternalId, "error");
  if (externalId === null && c.errors === 0) {
    report(c, line, "external_id", "error", { code: "external-id-missing", reason: "external_id is empty" });
  }
  const categories = parseIdList<CategoryId>(
    row.categories ?? "",
    "category",
    CATEGORY_IDS,
    context.breachCategories,
    "is not among the breach's categories: add it to the breach facts first",
  );
  for (const p of categories.problems) report(c, line, "categories", "error", p, row.categories);
  const flags = parseIdList<FlagId>(row.flags ?? "", "flag", FLAG_IDS);
  for (const p of flags.problems) report(c, line, "flags", "error", p, row.flags);
  const segment = take(c, line, row, "segment", normaliseSegment, "error");
  // A bad date only loses the date (a warning): the person must still be told.
  const relationEnded = take(c, line, row, "relation_ended", normaliseEnded, "warning");
  const language = take(c, line, row, "language", normaliseLanguage, "error") ?? "nl";
  const name = take(
    c,
    line,
    row,
    "name",
    (v) =>
      v.length > 200
        ? { ok: false, problem: { code: "too-long", reason: "longer than 200 characters" } }
        : text(v),
    "warning",
  );
  const email = take(c, line, row, "email", normaliseEmail, "warning");
  const { address: addr, country } = address(c, line, row, OWN_ADDRESS);
  const tel = phone(c, line, row, "phone", country);
  const contact = contactPerson(c, line, row, flags.values);
  if (c.errors > 0 || externalId === null || contact === "refused")
    return { accepted: null, problems: c.problems };

  const channels = reachableChannels(c, line, flags.values, contact, { email, tel, addr, name });
  if (channels.length === 0) {
    report(c, line, "", "warning", {
      code: "unreachable",
      reason:
        "no usable e-mail, mobile number or complete postal address: kept as unreachable (counts toward public communication)",
    });
  }
  const victim: IntakeVictim = {
    externalId,
    email,
    phone: tel.e164,
    name,
    address: addr,
    language,
    categories: categories.values,
    flags: flags.values,
    segment,
    relationEnded,
    contact,
    channels,
    reachable: channels.length > 0,
  };
  return { accepted: { line, victim }, problems: c.problems };
}

/**
 * A stable text of everything stored about a victim, so a store can tell "unchanged" from "updated" by
 * comparing a keyed hash of it with the one it kept.
 */
export function canonicalVictim(victim: IntakeVictim): string {
  return JSON.stringify([
    victim.externalId,
    victim.email,
    victim.phone,
    victim.name,
    victim.address,
    victim.language,
    victim.categories,
    victim.flags,
    victim.segment,
    victim.contact,
    // Only when given, so a victim without one keeps the canonical text it had before the column existed.
    ...(victim.relationEnded ? [victim.relationEnded] : []),
  ]);
}
