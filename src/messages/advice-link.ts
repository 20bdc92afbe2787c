/**
 * The address of the public plan for one breach's kinds of data, which letters and e-mails tell people to type
 * and the web part serves. It names the breach and kinds of data, never the person. It lives here because
 * messages write it and may not import the web part; the web part imports the path and the name rule from here.
 */
import type { CategoryId } from "../framework/index.ts";
import type { Language } from "./message.ts";

/** The Dutch path of the plan page for a breach; English is the same path under `/en`. */
export const BREACH_ADVICE_PATH = "/wat-kunt-u-doen/datalek";

/** Breach names in letter links: letters, digits and plain punctuation only, and nothing that reads like a phone number. */
const BREACH_NAME = /^[\p{L}\p{N} .,'&()-]{2,80}$/u;

/**
 * Four or more digits in a row, however they are spaced or grouped (`06 12 34 56 78`, `020-123 4567`,
 * `(020) 12 34 567`): a phone number, a postcode or a house number, none of which belongs in a link.
 */
const DIGIT_RUN = /\p{N}(?:[\s.()'-]*\p{N}){3,}/u;

export function isBreachName(value: unknown): value is string {
  return typeof value === "string" && BREACH_NAME.test(value) && !DIGIT_RUN.test(value);
}

/**
 * `https://lekwijzer.example.org/wat-kunt-u-doen/datalek?datalek=Voorbeeld+Telecom&gegevens=name,iban` (English under
 * `/en`). Spaces become `+` and the commas stay, so the address can be typed from paper. Throws when the
 * breach name cannot be used in a link (see `isBreachName`).
 */
export function breachAdviceUrl(
  publicUrl: string,
  breach: { name: string; categories: readonly CategoryId[] },
  language: Language = "nl",
): string {
  if (!isBreachName(breach.name)) throw new Error(`breach name "${breach.name}" cannot be used in a link`);
  const name = encodeURIComponent(breach.name).replaceAll("%20", "+");
  // Category ids are lower-case letters and dashes: nothing in them needs escaping.
  const query = `datalek=${name}&gegevens=${breach.categories.map(encodeURIComponent).join(",")}`;
  const path = language === "nl" ? BREACH_ADVICE_PATH : `/en${BREACH_ADVICE_PATH}`;
  return `${publicUrl.replace(/\/+$/, "")}${path}?${query}`;
}
