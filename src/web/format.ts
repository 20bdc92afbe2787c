/** Small formatting rules for pages: dates as people write them, and phone numbers a phone can dial. */
import { html, type SafeHtml } from "./html.ts";
import type { Language } from "./i18n.ts";

const DATE_FORMATS: Record<Language, Intl.DateTimeFormat> = {
  nl: new Intl.DateTimeFormat("nl-NL", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }),
  en: new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }),
};

/** "2026-11-29" → "29 november 2026" (nl) or "29 November 2026" (en). */
export function formatDate(isoDate: string, language: Language): string {
  const date = new Date(`${isoDate.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? isoDate : DATE_FORMATS[language].format(date);
}

/** A dialable tel: address for a Dutch number as written locally ("088-900 10 00" → "tel:0889001000"). */
export function telHref(number: string): string {
  return `tel:${number.replace(/[^\d+]/g, "")}`;
}

export function phoneLink(number: string): SafeHtml {
  return html`<a class="utrecht-link utrecht-link--telephone" href="${telHref(number)}">${number}</a>`;
}

/**
 * Dutch phone numbers as written in the framework's texts: an area or service prefix with a dash
 * ("0900-8844", "088-900 10 00", "020-261 52 75") or the emergency number 112.
 */
const PHONE_NUMBER = /(?<![\d-])(?:0\d{2,3}-\d{2,4}(?: \d{2,3})*|112)(?![\d-])/g;

/** Escapes `text` and turns every phone number in it into a link a phone can dial. */
export function withPhoneLinks(text: string): SafeHtml {
  const parts: (string | SafeHtml)[] = [];
  let last = 0;
  for (const match of text.matchAll(PHONE_NUMBER)) {
    const index = match.index ?? 0;
    parts.push(text.slice(last, index), phoneLink(match[0]));
    last = index + match[0].length;
  }
  parts.push(text.slice(last));
  return html`${parts}`;
}
