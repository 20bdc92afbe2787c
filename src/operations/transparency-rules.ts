/**
 * The rules of the transparency register (framework K16), pure: what a valid processing entry is. An entry
 * names the kinds of personal data with the framework's own data categories, so the register lines up with what
 * leaked in a breach; the purpose in plain words (Dutch required, English optional); the legal basis as GDPR
 * art. 6(1) a–f; how long the data is kept, in months, and from when that period counts; and, optionally, who
 * receives the data.
 */
import { LANGUAGES } from "../core/index.ts";
import { CATEGORY_IDS, isCategoryId } from "../framework/index.ts";
import type { LegalBasis, RetentionFrom, TransparencyEntryInput } from "../store/index.ts";

export const LEGAL_BASES: readonly LegalBasis[] = ["a", "b", "c", "d", "e", "f"];
export const RETENTION_FROM: readonly RetentionFrom[] = ["relation-end", "collection", "other"];

/** Limits of what an entry holds: a register is read on a phone, so texts stay short. */
export const ENTRY_LIMITS = {
  purpose: 600,
  retentionFromOther: 200,
  recipients: 400,
  /** A century: longer is a typing error, not a retention period. */
  months: 1_200,
} as const;

export type Problem = { path: string; message: string };

function bilingual(
  raw: unknown,
  field: string,
  max: number,
  required: boolean,
  problems: Problem[],
): { nl: string; en: string } | null {
  if (raw === undefined || raw === null) {
    if (required) problems.push({ path: `${field}.nl`, message: `1 to ${max} characters of text` });
    return null;
  }
  if (typeof raw !== "object") {
    problems.push({ path: field, message: "an object with `nl` and (optional) `en`" });
    return null;
  }
  const given = raw as Record<string, unknown>;
  for (const key of Object.keys(given).filter((k) => !(LANGUAGES as readonly string[]).includes(k)))
    problems.push({ path: `${field}.${key}`, message: "not a language of this platform (nl, en)" });
  const text = (value: unknown) => (typeof value === "string" ? value.trim() : "");
  const nl = text(given.nl);
  const en = text(given.en);
  if (!required && nl === "" && en === "") return null;
  if (nl === "" || nl.length > max)
    problems.push({ path: `${field}.nl`, message: `1 to ${max} characters of text` });
  if (en.length > max) problems.push({ path: `${field}.en`, message: `at most ${max} characters` });
  return { nl, en };
}

function categoriesOf(raw: unknown, problems: Problem[]): string[] {
  const list = Array.isArray(raw) ? raw : [];
  const unknown = list.filter((c) => typeof c !== "string" || !isCategoryId(c));
  if (!Array.isArray(raw) || list.length === 0)
    problems.push({ path: "categories", message: "at least one data category of the framework" });
  else if (unknown.length > 0)
    problems.push({
      path: "categories",
      message: `not a data category of the framework: ${unknown.slice(0, 3).map(String).join(", ")}`,
    });
  // The framework's order, without repeats: the same entry always reads the same.
  return CATEGORY_IDS.filter((id) => list.includes(id));
}

function monthsOf(raw: unknown, problems: Problem[]): number {
  const months = typeof raw === "string" && /^\s*\d+\s*$/.test(raw) ? Number(raw) : raw;
  if (typeof months !== "number" || !Number.isInteger(months) || months < 1 || months > ENTRY_LIMITS.months) {
    problems.push({
      path: "retentionMonths",
      message: `a whole number of months, 1 to ${ENTRY_LIMITS.months}`,
    });
    return 0;
  }
  return months;
}

/** Checks one entry as given (an API body or a form): the entry, or every problem with the field it is about. */
export function checkEntry(
  raw: unknown,
): { ok: true; entry: TransparencyEntryInput } | { ok: false; problems: Problem[] } {
  const given = raw !== null && typeof raw === "object" ? (raw as Record<string, unknown>) : {};
  const problems: Problem[] = [];
  const categories = categoriesOf(given.categories, problems);
  const purpose = bilingual(given.purpose, "purpose", ENTRY_LIMITS.purpose, true, problems);
  const legalBasis = given.legalBasis;
  if (!LEGAL_BASES.includes(legalBasis as LegalBasis))
    problems.push({ path: "legalBasis", message: "one of a, b, c, d, e, f (GDPR art. 6(1))" });
  const retentionMonths = monthsOf(given.retentionMonths, problems);
  const retentionFrom = given.retentionFrom;
  if (!RETENTION_FROM.includes(retentionFrom as RetentionFrom))
    problems.push({ path: "retentionFrom", message: "one of relation-end, collection, other" });
  const other = bilingual(
    given.retentionFromOther,
    "retentionFromOther",
    ENTRY_LIMITS.retentionFromOther,
    retentionFrom === "other",
    problems,
  );
  const recipients = bilingual(given.recipients, "recipients", ENTRY_LIMITS.recipients, false, problems);
  if (problems.length > 0 || !purpose) return { ok: false, problems };
  return {
    ok: true,
    entry: {
      categories,
      purpose,
      legalBasis: legalBasis as LegalBasis,
      retentionMonths,
      retentionFrom: retentionFrom as RetentionFrom,
      // A stated moment belongs only to a period that counts from one.
      retentionFromOther: retentionFrom === "other" ? other : null,
      recipients,
    },
  };
}

/** Whether two lists of entries state the same (ids and edit times aside): publishing it again adds nothing. */
export function sameEntries(
  a: readonly TransparencyEntryInput[],
  b: readonly TransparencyEntryInput[],
): boolean {
  const plain = (list: readonly TransparencyEntryInput[]) =>
    JSON.stringify(
      list.map((e) => [
        e.categories,
        e.purpose,
        e.legalBasis,
        e.retentionMonths,
        e.retentionFrom,
        e.retentionFromOther,
        e.recipients,
      ]),
    );
  return plain(a) === plain(b);
}

/** `date` (YYYY-MM-DD) minus whole months; a day the month lacks becomes its last (31 March − 1 = 28/29 Feb). */
export function monthsBefore(date: string, months: number): string {
  const [year = 0, month = 1, day = 1] = date.split("-").map(Number);
  const target = new Date(Date.UTC(year, month - 1 - months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target.toISOString().slice(0, 10);
}

/**
 * The retention check's rules (framework K17) for one breach: for every entry whose period counts from the end
 * of the relationship, people whose data of the entry's kinds leaked and whose relationship ended more than the
 * period before the breach was discovered were kept too long. `cutoff` is that moment: an end before it is
 * past the period. A person with no categories of their own had all of the breach's leak (`breachOverlap`).
 */
export function retentionRules(
  entries: readonly TransparencyEntryInput[],
  leaked: readonly string[],
  discovered: Date,
): { entry: number; cutoff: string; categories: string[]; breachOverlap: boolean }[] {
  const day = discovered.toISOString().slice(0, 10);
  return entries.flatMap((entry, index) =>
    entry.retentionFrom === "relation-end"
      ? [
          {
            entry: index,
            cutoff: monthsBefore(day, entry.retentionMonths),
            categories: [...entry.categories],
            breachOverlap: entry.categories.some((c) => leaked.includes(c)),
          },
        ]
      : [],
  );
}

/** The leaked kinds of data the register does not mention at all: not transparent (K16). */
export function notInRegister(
  entries: readonly TransparencyEntryInput[],
  leaked: readonly string[],
): string[] {
  const stated = new Set(entries.flatMap((e) => e.categories));
  return leaked.filter((c) => !stated.has(c));
}
