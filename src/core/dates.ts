// Dates as people write them, for pages and for messages alike. Month names from a table rather than Intl, so a
// letter reads the same whatever ICU data the Node build carries.
import type { Language } from "./index.ts";

const MONTHS: Readonly<Record<Language, readonly string[]>> = {
  nl: [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
  ],
  en: [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
  ],
};

/**
 * "2026-11-29" (or a timestamp starting with it) → "29 november 2026" (nl) or "29 November 2026" (en). A value
 * that is no date comes back as it was, rather than as "NaN undefined NaN".
 */
export function formatDate(isoDate: string, language: Language): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate);
  const date = match ? new Date(`${match[0]}T00:00:00Z`) : null;
  if (!match || !date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== match[0]) {
    return isoDate;
  }
  return `${date.getUTCDate()} ${MONTHS[language][date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}
