/** The length check: per channel, what fits — subject, HTML size, SMS parts, letter pages, address lines. */
import { SMS_MAX_SEGMENTS, smsLength } from "../channels/sms.ts";
import type { ComposedMessage } from "../message.ts";
import type { Finding } from "./findings.ts";
import { withoutOwn } from "./source.ts";

export const LENGTH_LIMITS = {
  subjectWarn: 78,
  subjectBlock: 150,
  /** Gmail cuts messages above about 102 KB of HTML. */
  htmlBytesWarn: 80_000,
  htmlBytesBlock: 100_000,
  smsSegments: SMS_MAX_SEGMENTS,
  letterPages: 10,
  addressLinesMin: 3,
  addressLinesMax: 7,
  /** About what fits the default 90 mm window at 11 pt. */
  addressLineChars: 42,
} as const;

/** Channel limits. `letterPages` is the rendered page count, when a letter was rendered. */
export function checkLengths(
  message: ComposedMessage,
  rendered: { html?: string; letterPages?: number; maxLetterPages?: number } = {},
): Finding[] {
  return [
    ...subjectFindings(message),
    ...smsFindings(message),
    ...renderedFindings(message, rendered),
    ...addressFindings(message),
  ];
}

function subjectFindings(message: ComposedMessage): Finding[] {
  const findings: Finding[] = [];
  const L = LENGTH_LIMITS;
  const subjectLength = [...message.subject].length;
  if (subjectLength > L.subjectWarn) {
    findings.push({
      check: "length",
      severity: subjectLength > L.subjectBlock ? "block" : "warn",
      channel: "email",
      section: "subject",
      variant: message.id,
      message: `Subject of ${subjectLength} characters; phones show about ${L.subjectWarn / 2}–${L.subjectWarn}.`,
      suggestion: "Put the essentials first: who, that your data leaked, and that you should act.",
      source: message.own?.subject ? "organisation" : "framework",
    });
  }
  return findings;
}

function smsFindings(message: ComposedMessage): Finding[] {
  const findings: Finding[] = [];
  const L = LENGTH_LIMITS;
  const sms = smsLength(message.sms);
  if (sms.segments > L.smsSegments) {
    findings.push({
      check: "length",
      severity: "block",
      channel: "sms",
      variant: message.id,
      message: `The SMS needs ${sms.segments} parts (${sms.encoding}, ${sms.units} units); at most ${L.smsSegments}.`,
      suggestion:
        sms.encoding === "ucs-2"
          ? `Avoid ${sms.nonGsm.join(" ")} to halve the cost, or shorten the text.`
          : "Shorten the text; the SMS only needs to point to the full message.",
      // The SMS is the platform's text around the organisation's name and web address.
      source:
        smsLength(withoutOwn(message.sms, [message.organisation.name, message.organisation.website]))
          .segments > L.smsSegments
          ? "framework"
          : "organisation",
    });
  }
  return findings;
}

/** The HTML's size and the letter's pages, when they were rendered. */
function renderedFindings(
  message: ComposedMessage,
  rendered: { html?: string; letterPages?: number; maxLetterPages?: number },
): Finding[] {
  const findings: Finding[] = [];
  const L = LENGTH_LIMITS;
  if (rendered.html !== undefined) {
    const bytes = Buffer.byteLength(rendered.html);
    if (bytes > L.htmlBytesWarn) {
      findings.push({
        check: "length",
        severity: bytes > L.htmlBytesBlock ? "block" : "warn",
        channel: "email",
        variant: message.id,
        message: `The HTML e-mail is ${Math.round(bytes / 1000)} kB; mail programs cut messages above about 100 kB.`,
      });
    }
  }
  const maxPages = rendered.maxLetterPages ?? L.letterPages;
  if (rendered.letterPages !== undefined && rendered.letterPages > maxPages) {
    findings.push({
      check: "length",
      severity: "block",
      channel: "letter",
      variant: message.id,
      message: `The letter has ${rendered.letterPages} pages; the print provider takes at most ${maxPages}.`,
    });
  }
  return findings;
}

/** Address lines that fit the envelope window, and a number of them post accepts. */
function addressFindings(message: ComposedMessage): Finding[] {
  const findings: Finding[] = [];
  const L = LENGTH_LIMITS;
  for (const line of message.addressee.addressLines) {
    if ([...line].length > L.addressLineChars) {
      findings.push({
        check: "length",
        severity: "block",
        channel: "letter",
        variant: message.id,
        message: `Address line "${line}" is longer than ${L.addressLineChars} characters and may not fit the envelope window.`,
        suggestion: "Shorten it (e.g. initials instead of first names) or split it over two lines.",
      });
    }
  }
  const lines = message.addressee.addressLines.length;
  if (lines > 0 && (lines < L.addressLinesMin || lines > L.addressLinesMax)) {
    findings.push({
      check: "length",
      severity: "block",
      channel: "letter",
      variant: message.id,
      message: `The address has ${lines} lines; post needs ${L.addressLinesMin}–${L.addressLinesMax}.`,
    });
  }
  return findings;
}
