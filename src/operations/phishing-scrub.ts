/**
 * Scrubbing a reported message's text before it is stored. A fake message about a breach was addressed to the
 * person who reports it, so its text is full of *their* data ("Beste Jan, uw rekening NL91…, wij bellen u op
 * 06-12345678"). That data is replaced by a placeholder in the reporter's language: e-mail addresses, phone
 * numbers, IBANs, postcodes (with the house number after them), street and house number, BSN-like 9-digit
 * numbers and the name after a greeting.
 *
 * What is kept: the sender the reporter typed in its own field is the phishing indicator, so where the same
 * address or number appears in the text it stays; links stay too (their domain is the indicator), except for
 * an e-mail address inside them (tracking links often carry the victim's address). Pure, no I/O.
 */
import type { Language } from "../core/index.ts";

const PLACEHOLDERS = {
  email: { nl: "[e-mailadres]", en: "[email address]" },
  phone: { nl: "[telefoonnummer]", en: "[phone number]" },
  iban: { nl: "[rekeningnummer]", en: "[account number]" },
  postcode: { nl: "[postcode en huisnummer]", en: "[postcode and house number]" },
  street: { nl: "[straat en huisnummer]", en: "[street and house number]" },
  number: { nl: "[nummer]", en: "[number]" },
  name: { nl: "[naam]", en: "[name]" },
} as const;

const EMAIL = /[\p{L}\p{N}._%+-]+(?:@|%40)[\p{L}\p{N}.-]+\.[\p{L}]{2,}/giu;
const URL = /\b(?:https?:\/\/|www\.)[^\s<>"']+/gi;
const IBAN =
  /\b[A-Z]{2}\d{2}[ ]?[A-Z]{4}(?:[ ]?\d){10}\b|\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){3,7}(?:[ ]?[A-Z0-9]{1,3})?\b/gi;
/** International (+31 6 1234 5678, 0031…) and Dutch (06-12345678, 020 123 45 67, (020) 1234567) numbers. */
const PHONE =
  /(?:\+|\b00)\d{1,3}[ .-]?(?:\(0\)[ .-]?)?\d(?:[ .-]?\d){6,11}\b|(?:\(0\d{1,3}\)[ .-]?|\b0)\d(?:[ .-]?\d){7,8}\b/g;
const BSN = /\b\d{3}[ .]?\d{3}[ .]?\d{3}\b/g;
const POSTCODE = /\b[1-9]\d{3}[ ]?(?!SA|SD|SS)[A-Z]{2}\b(?:,?[ ]+\d{1,5}(?:[ -]?[A-Za-z]{1,2}\b)?)?/g;
const STREET =
  /\b\p{Lu}[\p{L}'-]*(?:straat|weg|laan|plein|gracht|kade|dijk|singel|steeg|hof|park|dreef|pad|markt|street|road|lane|avenue)[ ]+\d{1,5}(?:[ -]?[A-Za-z]{1,2}\b)?/gu;
const GREETING =
  /\b(Beste|Geachte|Hallo|Hoi|Dag|Dear|Hello|Hi)([ ]+(?:heer|mevrouw|mevr\.?|dhr\.?|Mr\.?|Mrs\.?|Ms\.?)?[ ]*)(\p{Lu}[\p{L}'.-]*(?:[ ]+(?:van|de|der|den|het|ter|ten|\p{Lu}[\p{L}'.-]*))*)/gu;

/** Compares addresses and numbers without case, spaces, dots, dashes and brackets; +31/0031 as 0. */
function comparable(value: string): string {
  const plain = value
    .toLowerCase()
    .replace(/%40/g, "@")
    .replace(/[\s().-]/g, "");
  return plain.replace(/^(?:\+|00)31(?:0)?/, "0");
}

/** The reporter's data in a message text replaced by placeholders; the sender's own address or number kept. */
export function scrubReportText(text: string, options: { sender: string; language: Language }): string {
  const language = options.language;
  const sender = comparable(options.sender);
  const keepSender = (placeholder: string) => (found: string) =>
    sender !== "" && comparable(found) === sender ? found : placeholder;
  const email = keepSender(PLACEHOLDERS.email[language]);

  // Links are set aside first so their digits are not taken for numbers; only addresses inside them go.
  const links: string[] = [];
  let scrubbed = text.replace(/[\u{E000}\u{E001}]/gu, "").replace(URL, (link) => {
    links.push(link.replace(EMAIL, email));
    return `\u{E000}${links.length - 1}\u{E001}`;
  });
  scrubbed = scrubbed
    .replace(EMAIL, email)
    .replace(IBAN, PLACEHOLDERS.iban[language])
    .replace(PHONE, keepSender(PLACEHOLDERS.phone[language]))
    .replace(BSN, PLACEHOLDERS.number[language])
    .replace(POSTCODE, PLACEHOLDERS.postcode[language])
    .replace(STREET, PLACEHOLDERS.street[language])
    .replace(
      GREETING,
      (_all, greeting: string, title: string) => `${greeting}${title}${PLACEHOLDERS.name[language]}`,
    );
  return scrubbed.replace(/\u{E000}(\d+)\u{E001}/gu, (_all, index: string) => links[Number(index)] ?? "");
}

/** The sender field as stored: trimmed, inner runs of white space made one, at most `max` characters. */
export function cleanSender(sender: string, max: number): string {
  return sender.replace(/\s+/g, " ").trim().slice(0, max);
}
