/**
 * The words of the transparency register (framework K16), shared by its public page, its open data and its
 * console page: the legal bases of GDPR art. 6(1) in B1, from when a retention period counts, and a period
 * in months said as people say it ("2 jaar", "18 maanden").
 */
import { CATEGORIES } from "../../framework/index.ts";
import type { BilingualText, Language } from "../i18n.ts";
import { t } from "../i18n.ts";

/** The Dutch path of an organisation's register page; English at `/en/…`. */
export function transparencyPath(organisationSlug: string): string {
  return `/organisatie/${organisationSlug}/persoonsgegevens`;
}

/** Where the same register is open data. */
export function transparencyJsonPath(organisationSlug: string): string {
  return `/api/v1/organisations/${organisationSlug}/transparency`;
}

export const LEGAL_BASIS_NAMES: Readonly<Record<string, BilingualText>> = {
  a: { nl: "U gaf toestemming", en: "You gave your consent" },
  b: { nl: "Nodig voor uw overeenkomst met ons", en: "Needed for your contract with us" },
  c: { nl: "De wet verplicht ons", en: "The law requires it" },
  d: { nl: "Om iemands leven of gezondheid te beschermen", en: "To protect someone's life or health" },
  e: { nl: "Voor een taak van algemeen belang", en: "For a task in the public interest" },
  f: { nl: "Een gerechtvaardigd belang van ons", en: "A legitimate interest of ours" },
};

/** "AVG artikel 6 lid 1 onder b" / "GDPR article 6(1)(b)": the article, for those who look it up. */
export function legalBasisArticle(code: string, language: Language): string {
  return language === "nl" ? `AVG artikel 6 lid 1 onder ${code}` : `GDPR article 6(1)(${code})`;
}

export const RETENTION_FROM_NAMES: Readonly<Record<string, BilingualText>> = {
  "relation-end": { nl: "na het einde van uw klantrelatie", en: "after your customer relationship ends" },
  collection: { nl: "nadat wij de gegevens kregen", en: "after we collected the data" },
  other: { nl: "na een ander moment", en: "after another moment" },
};

/** 24 → "2 jaar" / "2 years"; 18 → "18 maanden" / "18 months". */
export function period(months: number, language: Language): string {
  if (months % 12 === 0) {
    const years = months / 12;
    return language === "nl" ? `${years} jaar` : `${years} ${years === 1 ? "year" : "years"}`;
  }
  if (language === "nl") return `${months} ${months === 1 ? "maand" : "maanden"}`;
  return `${months} ${months === 1 ? "month" : "months"}`;
}

/** The kinds of data by their framework names, in the framework's order. */
export function categoryNames(ids: readonly string[], language: Language): string[] {
  return CATEGORIES.filter((c) => ids.includes(c.id)).map((c) => t(c.label, language));
}

/**
 * The kinds of data as one phrase: "Naam, adres, bankrekeningnummer (IBAN)". Labels start with a capital as
 * headings of their own; inside a list only the first keeps it (an abbreviation such as "BSN" keeps its own).
 */
export function categoryList(
  ids: readonly string[],
  language: Language,
  start: "capital" | "lower" = "capital",
): string {
  return categoryNames(ids, language)
    .map((name, i) => (i === 0 && start === "capital" ? name : lowerFirst(name)))
    .join(", ");
}

function lowerFirst(name: string): string {
  const second = name.charAt(1);
  return second !== "" && second === second.toLowerCase()
    ? name.charAt(0).toLowerCase() + name.slice(1)
    : name;
}

/** A text of the organisation in the page's language; its Dutch, marked as Dutch, when it wrote no English. */
export function ownText(
  value: { nl: string; en: string | null } | { nl: string; en: string },
  language: Language,
): { text: string; lang: string | undefined } {
  if (language === "en" && value.en) return { text: value.en, lang: undefined };
  return { text: value.nl, lang: language === "nl" ? undefined : "nl" };
}
