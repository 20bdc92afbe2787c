// The victim-file columns (contracts.md §5 plus the contact-person columns) and the header check.
import { didYouMean, suggest } from "./suggest.ts";

export const VICTIM_COLUMNS = [
  "external_id",
  "email",
  "phone",
  "name",
  "street",
  "house_number",
  "postcode",
  "city",
  "country",
  "language",
  "categories",
  "flags",
  "segment",
  "relation_ended",
] as const;

/** Whom to write to instead of the victim, for the represented, minor and deceased flags. */
export const CONTACT_COLUMNS = [
  "contact_role",
  "contact_name",
  "contact_email",
  "contact_phone",
  "contact_street",
  "contact_house_number",
  "contact_postcode",
  "contact_city",
  "contact_country",
] as const;

export const COLUMNS = [...VICTIM_COLUMNS, ...CONTACT_COLUMNS] as const;
export type Column = (typeof COLUMNS)[number];

const KNOWN: ReadonlySet<string> = new Set(COLUMNS);

/** Names people give these columns in Dutch and in other exports, for "did you mean". */
const ALIASES: Readonly<Record<string, Column>> = {
  id: "external_id",
  klantnummer: "external_id",
  customer_number: "external_id",
  externalid: "external_id",
  "e-mail": "email",
  e_mail: "email",
  emailadres: "email",
  mail: "email",
  telefoon: "phone",
  telefoonnummer: "phone",
  mobiel: "phone",
  mobile: "phone",
  phone_number: "phone",
  naam: "name",
  full_name: "name",
  straat: "street",
  straatnaam: "street",
  huisnummer: "house_number",
  housenumber: "house_number",
  postal_code: "postcode",
  zip: "postcode",
  zipcode: "postcode",
  plaats: "city",
  woonplaats: "city",
  town: "city",
  land: "country",
  taal: "language",
  categorieen: "categories",
  categorieën: "categories",
  category: "categories",
  flag: "flags",
  groep: "segment",
  einde_relatie: "relation_ended",
  relatie_beeindigd: "relation_ended",
  relatie_beëindigd: "relation_ended",
  einddatum_relatie: "relation_ended",
  klant_tot: "relation_ended",
  relation_end: "relation_ended",
  relationship_ended: "relation_ended",
};

/** What the header line says about where each column is. */
export interface Header {
  /** Column name per position; null for an unknown or unnamed column, whose values are ignored. */
  positions: (Column | null)[];
  /** One entry per unknown or unnamed column. */
  warnings: { column: string; code: string; reason: string }[];
}

export class VictimFileError extends Error {
  /** Stable code: the CLI maps every VictimFileError to exit 2. */
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = "VictimFileError";
    this.code = code;
  }
}

const ALIAS_NAMES = Object.keys(ALIASES);

/** Columns a header name probably meant: by alias, or by spelling close to a column or an alias. */
export function suggestColumn(name: string): string[] {
  const key = name.toLowerCase().replace(/\s+/g, "_");
  const alias = ALIASES[key];
  if (alias) return [alias];
  const meant = suggest(key, [...COLUMNS, ...ALIAS_NAMES]).map((s) => ALIASES[s] ?? s);
  return [...new Set(meant)];
}

/** A name the header check knows: a column or one of its aliases. */
function isColumnName(name: string): boolean {
  return KNOWN.has(name) || ALIASES[name.replace(/\s+/g, "_")] !== undefined;
}

/**
 * Checks a header: names are matched case-insensitively; an unknown column gives one warning (its values
 * are ignored); a missing external_id or a repeated column makes the file unreadable. A first line that
 * names no column at all is taken to be data, not a header, and is refused without repeating any of it:
 * its cells are a person's data, and the error goes to the answer, the import record and the audit log.
 */
export function readHeader(names: readonly string[]): Header {
  const positions: (Column | null)[] = [];
  const warnings: Header["warnings"] = [];
  const seen = new Map<string, number>();
  const normalised = names.map((raw) => raw.normalize("NFC").trim().toLowerCase());
  const tabbed = names.length === 1 && (names[0] ?? "").includes("\t");
  if (!tabbed && !normalised.some(isColumnName)) {
    throw new VictimFileError(
      "no-header",
      "the first line is not a header: it names none of the columns (external_id, email, phone, …). " +
        "Add a header line with the column names as the first line",
    );
  }
  names.forEach((_raw, index) => {
    const name = normalised[index] ?? "";
    if (name === "") {
      positions.push(null);
      warnings.push({
        column: `#${index + 1}`,
        code: "column-unnamed",
        reason: "column without a name: its values are ignored",
      });
      return;
    }
    const first = seen.get(name);
    if (first !== undefined) {
      // Only a column's own name is repeated back; anything else might be data.
      throw new VictimFileError(
        "duplicate-column",
        isColumnName(name)
          ? `the header names column "${name}" twice`
          : `columns ${first + 1} and ${index + 1} of the header have the same name`,
      );
    }
    seen.set(name, index);
    if (KNOWN.has(name)) {
      positions.push(name as Column);
      return;
    }
    positions.push(null);
    const shown = name.length > 40 ? `${name.slice(0, 40)}…` : name;
    warnings.push({
      column: shown,
      code: "column-unknown",
      reason: `unknown column "${shown}": its values are ignored${didYouMean(suggestColumn(name))}`,
    });
  });
  if (!positions.includes("external_id")) {
    const hints = names.flatMap((n) => suggestColumn(n.trim())).filter((s) => s === "external_id");
    throw new VictimFileError(
      "no-external-id",
      `the header has no external_id column${
        tabbed
          ? " (the header looks tab-separated: use , or ;)"
          : hints.length > 0
            ? `; rename the id column to "external_id"`
            : ""
      }`,
    );
  }
  return { positions, warnings };
}
