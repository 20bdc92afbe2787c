/**
 * Checks a message must pass before anything is sent. Every finding names what is wrong, where, and how to fix
 * it; a `block` finding stops sending, a `warn` finding is shown to staff.
 *
 * - completeness: every required element of the framework is in every variant (and the SMS has its essentials);
 * - plain-language: B1 per section, with the framework's checker;
 * - anti-phishing: no links to log in, no attachments, the verification code present, sender and web address
 *   within the organisation's own domains;
 * - length: per channel (subject, e-mail size, SMS segments, letter pages and address lines);
 * - reach: per channel, whether the person can be reached by it at all (a missing postal address blocks the
 *   letter, not the e-mail).
 *
 * Findings about one channel carry it, so delivery asks `canSendBy(findings, channel)` per channel and falls
 * back to the next channel instead of stopping.
 */
import { checkPlainLanguage } from "../framework/index.ts";
import { sectionFor, sectionText } from "./blocks.ts";
import { CHANNELS, type Channel } from "./channel.ts";
import type { ComposedMessage } from "./message.ts";
import { domainOf } from "./mime.ts";
import { type RequiredElement, requiredElements } from "./required.ts";
import { SMS_MAX_SEGMENTS, smsLength } from "./sms.ts";

export type CheckName = "completeness" | "plain-language" | "anti-phishing" | "length" | "reach";

export interface Finding {
  check: CheckName;
  severity: "block" | "warn";
  /** Required element id (framework), when the finding is about one. */
  element?: string;
  /** Section id, when the finding is about one. */
  section?: string;
  /** The channel the finding is about; absent when it holds for every channel. */
  channel?: Channel;
  /** Which variant (message id) the finding was found in. */
  variant?: string;
  message: string;
  suggestion?: string;
}

export function blockingFindings(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => f.severity === "block");
}

export function canSend(findings: readonly Finding[]): boolean {
  return findings.every((f) => f.severity !== "block");
}

/** Whether the message may go out by this channel: nothing blocks it there or on every channel. */
export function canSendBy(findings: readonly Finding[], channel: Channel): boolean {
  return findings.every((f) => f.severity !== "block" || (f.channel !== undefined && f.channel !== channel));
}

/** The channels (of those asked) the message may go out by, in the order asked. */
export function sendableChannels(
  findings: readonly Finding[],
  channels: readonly Channel[] = CHANNELS,
): Channel[] {
  return channels.filter((channel) => canSendBy(findings, channel));
}

/** Whether the person (or whoever acts for them) can be reached by each channel at all. */
export function checkReach(message: ComposedMessage, channels: readonly Channel[] = CHANNELS): Finding[] {
  const { recipient, addressee } = message;
  const viaRepresentative = addressee.role === "representative" ? recipient.representative : undefined;
  const findings: Finding[] = [];
  const missing = (channel: Channel, text: string, suggestion: string) =>
    findings.push({
      check: "reach",
      severity: "block",
      channel,
      variant: message.id,
      message: text,
      suggestion,
    });
  for (const channel of channels) {
    if (channel === "email" && !(viaRepresentative?.email ?? recipient.email)?.trim()) {
      missing(
        "email",
        "There is no e-mail address, so the e-mail cannot be sent.",
        "Send it by another channel.",
      );
    }
    if (channel === "sms" && !recipient.phone?.trim()) {
      missing("sms", "There is no mobile number, so the SMS cannot be sent.", "Send it by another channel.");
    }
    if (channel === "letter" && !(viaRepresentative?.address ?? recipient.address)) {
      missing(
        "letter",
        "There is no postal address, so the letter cannot be sent.",
        "Send it by another channel, or add the address to the victim file.",
      );
    }
  }
  return findings;
}

/**
 * Every required element must be delivered by a non-empty section of every variant (segments, languages,
 * flag combinations — whatever the caller composed).
 */
export function checkCompleteness(
  variants: readonly ComposedMessage[],
  required: (message: ComposedMessage) => readonly RequiredElement[],
): Finding[] {
  const findings: Finding[] = [];
  // The SMS only points to the full message; the other channels each show every section.
  const full: Channel[] = ["email", "letter", "portal"];
  for (const message of variants) {
    const delivered = new Map(
      full.map((channel) => [
        channel,
        new Set(
          message.sections.filter((s) => sectionFor(s, channel).blocks.length > 0).flatMap((s) => s.elements),
        ),
      ]),
    );
    for (const element of required(message)) {
      const lacking = full.filter((channel) => !delivered.get(channel)?.has(element.id));
      if (lacking.length === 0) continue;
      // Text shown on some channels only (a channel: condition) can leave one channel without the element.
      for (const channel of lacking.length === full.length ? [undefined] : lacking) {
        findings.push({
          check: "completeness",
          severity: "block",
          element: element.id,
          ...(channel ? { channel } : {}),
          variant: message.id,
          message: `The ${channel ? `${channel} ` : ""}message lacks "${element.title}" (${element.id})${describeVariant(message)}.`,
          suggestion: `Add a section that says: ${element.mustSay}`,
        });
      }
    }
    const steps = message.sections.find((s) => s.elements.includes("what-you-can-do"));
    if (steps && !steps.blocks.some((b) => b.kind === "list" && b.items.length > 0)) {
      findings.push({
        check: "completeness",
        severity: "block",
        element: "what-you-can-do",
        section: steps.id,
        variant: message.id,
        message: `"${steps.heading}" does not list the person's own steps${describeVariant(message)}.`,
        suggestion: "Keep ((your_steps)) at the end of a paragraph in this section's text.",
      });
    }
    for (const [what, needle] of [
      ["verification code", message.verificationCode],
      ["web address to check the message", message.organisation.website],
      ["organisation name", message.organisation.name],
    ] as const) {
      if (!message.sms.includes(needle)) {
        findings.push({
          check: "completeness",
          severity: "block",
          channel: "sms",
          variant: message.id,
          message: `The SMS lacks the ${what}${describeVariant(message)}.`,
        });
      }
    }
  }
  return findings;
}

function describeVariant(message: ComposedMessage): string {
  const parts: string[] = [message.language, message.kind];
  if (message.recipient.segment) parts.push(`segment ${message.recipient.segment}`);
  if (message.recipient.flags.length > 0) parts.push(`flags ${message.recipient.flags.join("+")}`);
  return ` (variant: ${parts.join(", ")})`;
}

/** B1 per section: `block` when the framework's checker blocks, its warnings passed on. */
export function checkPlainLanguageOfMessage(message: ComposedMessage): Finding[] {
  const findings: Finding[] = [];
  const parts = [
    { section: "summary", text: message.summary },
    ...message.sections.map((s) => ({ section: s.id, text: sectionText(s) })),
    { section: "sms", text: message.sms },
  ];
  for (const part of parts) {
    const report = checkPlainLanguage(part.text, { language: message.language });
    for (const f of report.findings) {
      findings.push({
        check: "plain-language",
        severity: f.severity,
        section: part.section,
        variant: message.id,
        message: `${f.message} — "${truncate(f.excerpt, 120)}"`,
        suggestion: f.suggestion,
      });
    }
  }
  return findings;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

const ADDRESS_LIKE = /\b(?:https?:\/\/)?(?:[a-z0-9-]+\.)+[a-z]{2,}(?:\/[^\s"'<>]*)?/gi;
const LOGIN_WORDS =
  /(log-?in|inlog|aanmeld|sign-?in|signin|account|wachtwoord|password|mijn[-.]?|my[-.]?account|verify|verifieer|betaal|pay)/i;
const CLICK_PHRASES =
  /(klik (hier|op de link|op deze link)|click (here|the link|this link)|tap (here|the link))/i;

export interface EmailArtefacts {
  eml?: string;
  html?: string;
  text?: string;
}

/** Phishing look-alikes: links, login prompts, attachments, a missing code, foreign sender domains. */
export function checkAntiPhishing(message: ComposedMessage, email: EmailArtefacts = {}): Finding[] {
  const findings: Finding[] = [];
  const org = message.organisation;
  const domains = new Set(org.domains.map((d) => d.toLowerCase()));
  const inDomains = (host: string) => [...domains].some((d) => host === d || host.endsWith(`.${d}`));

  const texts = [
    { section: "subject", text: message.subject },
    { section: "summary", text: message.summary },
    ...message.sections.map((s) => ({ section: s.id, text: sectionText(s) })),
    { section: "sms", text: message.sms },
  ];
  for (const { section, text } of texts) {
    for (const match of text.matchAll(ADDRESS_LIKE)) {
      // The platform's public plan, composed from the setup's publicUrl: typed, and its query names kinds of
      // data such as "password", which are no login prompt.
      if (match[0] === message.planAddress) continue;
      const login = LOGIN_WORDS.test(match[0]);
      const scheme = /^https?:/i.test(match[0]);
      if (!login && !scheme) continue;
      findings.push({
        check: "anti-phishing",
        severity: login ? "block" : "warn",
        section,
        variant: message.id,
        message: login
          ? `"${match[0]}" looks like a link to log in; criminals copy such messages with their own links.`
          : `"${match[0]}" is written as a link.`,
        suggestion: "Write the address without https:// or www., and tell people to type it themselves.",
      });
    }
    const click = CLICK_PHRASES.exec(text);
    if (click) {
      findings.push({
        check: "anti-phishing",
        severity: "block",
        section,
        variant: message.id,
        message: `"${click[0]}" asks people to click a link.`,
        suggestion: "Ask people to type the address of the organisation themselves.",
      });
    }
  }

  if (!inDomains(domainOf(org.senderEmail))) {
    findings.push({
      check: "anti-phishing",
      severity: "block",
      channel: "email",
      message: `Sender ${org.senderEmail} is not in the organisation's domains (${[...domains].join(", ")}).`,
      suggestion: "Send from an address on one of the organisation's own domains.",
    });
  }
  const websiteHost = (org.website.split("/")[0] ?? "").toLowerCase();
  if (/^[a-z]+:/i.test(org.website) || !inDomains(websiteHost)) {
    findings.push({
      check: "anti-phishing",
      severity: "block",
      message: `The address people are told to type (${org.website}) is not on the organisation's domains or has a scheme.`,
      suggestion: "Use an address on your own domain, without https://, e.g. voorbeeld.nl/datalek.",
    });
  }

  const code = message.verificationCode;
  const present: [string, string | undefined][] = [
    ["sms", message.sms],
    ["email", email.text],
    ["email", email.html],
  ];
  if (!message.sections.some((s) => sectionText(s).includes(code))) {
    findings.push({
      check: "anti-phishing",
      severity: "block",
      section: "genuine",
      variant: message.id,
      message: "No section tells the verification code.",
      suggestion: "Keep the section that explains how to check this message is genuine.",
    });
  }
  for (const [channel, text] of present) {
    if (text !== undefined && !text.includes(code)) {
      findings.push({
        check: "anti-phishing",
        severity: "block",
        channel: channel as "sms" | "email",
        variant: message.id,
        message: `The ${channel} text does not contain the verification code.`,
      });
    }
  }
  if (email.html && /<a\s|<form|<script|<iframe|<img/i.test(email.html)) {
    findings.push({
      check: "anti-phishing",
      severity: "block",
      channel: "email",
      variant: message.id,
      message: "The HTML e-mail contains links, forms, scripts or images.",
    });
  }
  if (email.eml && /^Content-Disposition:\s*attachment/im.test(email.eml)) {
    findings.push({
      check: "anti-phishing",
      severity: "block",
      channel: "email",
      variant: message.id,
      message: "The e-mail has an attachment; notices must not carry attachments.",
      suggestion: "Put the information in the message itself or on the organisation's web page.",
    });
  }
  return findings;
}

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
    });
  }
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
    });
  }
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

export interface RenderedArtefacts {
  email?: EmailArtefacts;
  letterPages?: number;
  maxLetterPages?: number;
}

/**
 * All checks over a set of variants (e.g. one composed message per segment, language and flag combination).
 * `rendered` adds the checks that need rendered output, for the first variant's artefacts; `reach` adds, for
 * those channels, whether each person can be reached by them (for real recipients, not for template variants).
 */
export function runChecks(
  variants: readonly ComposedMessage[],
  rendered: RenderedArtefacts = {},
  options: { reach?: readonly Channel[] } = {},
): Finding[] {
  const findings = checkCompleteness(variants, requiredElements);
  variants.forEach((message, i) => {
    if (options.reach) findings.push(...checkReach(message, options.reach));
    findings.push(...checkPlainLanguageOfMessage(message));
    const artefacts = i === 0 ? rendered : {};
    findings.push(...checkAntiPhishing(message, artefacts.email));
    findings.push(
      ...checkLengths(message, {
        ...(artefacts.email?.html !== undefined ? { html: artefacts.email.html } : {}),
        ...(artefacts.letterPages !== undefined ? { letterPages: artefacts.letterPages } : {}),
        ...(artefacts.maxLetterPages !== undefined ? { maxLetterPages: artefacts.maxLetterPages } : {}),
      }),
    );
  });
  return dedupe(findings);
}

/** The same sentence in many variants is one finding for staff. */
function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.check}|${f.severity}|${f.element ?? ""}|${f.section ?? ""}|${f.channel ?? ""}|${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
