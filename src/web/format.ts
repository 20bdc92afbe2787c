/** Small formatting rules for pages: phone numbers a phone can dial (dates: the core's formatDate). */
import { html, type SafeHtml } from "./html.ts";

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
