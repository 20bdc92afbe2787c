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
import { checkPlainLanguage, type PlainLanguageFinding, splitSentences } from "../../framework/index.ts";
import { type Section, sectionFor, sectionText } from "../blocks.ts";
import { CHANNELS, type Channel } from "../channels/channel.ts";
import { domainOf } from "../channels/mime.ts";
import { SMS_MAX_SEGMENTS, smsLength } from "../channels/sms.ts";
import { type RequiredElement, requiredElements } from "../compose/required.ts";
import type { ComposedMessage } from "../message.ts";
import { cleanText } from "../text.ts";

export type CheckName = "completeness" | "plain-language" | "anti-phishing" | "length" | "reach";

/**
 * Whose text a finding is about: the organisation's own texts and profile (its staff fix them in the setup),
 * an override it wrote for an element (its staff fix the override), or text the platform generated from the
 * framework (templates, labels, lists of data and steps; staff cannot fix it, the platform must).
 */
export type FindingSource = "organisation" | "override" | "framework";

export const FINDING_SOURCES: readonly FindingSource[] = ["organisation", "override", "framework"];

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
  /**
   * Whose text the finding is about (see `FindingSource`). Absent when it is about the whole message (its size
   * or page count), the person's contact data, or was stored before findings had a source.
   */
  source?: FindingSource;
}

/** How staff read a source: whether they can fix the text themselves. */
export const FINDING_SOURCE_LABELS: Readonly<Record<FindingSource, string>> = {
  organisation: "in your own text",
  override: "in your own wording of an element (override)",
  framework: "in text Lekwijzer generates (you cannot change it; please report it)",
};

/**
 * One finding as a line for staff: severity, check, where, whose text, message —
 * `block plain-language (which-data), in your own text: Sentence of 26 words …`.
 */
export function findingLine(finding: Finding): string {
  const where = [finding.channel, finding.element ?? finding.section].filter(Boolean).join(" ");
  const source = finding.source ? `, ${FINDING_SOURCE_LABELS[finding.source]}` : "";
  return `${finding.severity} ${finding.check}${where ? ` (${where})` : ""}${source}: ${finding.message}`;
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

function normalised(text: string): string {
  return cleanText(text).replace(/\s+/g, " ").trim();
}

const ownPiecesOf = new WeakMap<object, readonly string[]>();

/**
 * The organisation's texts as pieces a rendered sentence can hold: each whole text and each of its sentences
 * (without the final mark, which a template may drop), longest first so a whole text is replaced before its parts.
 */
function ownPieces(message: ComposedMessage): readonly string[] {
  const own = message.own;
  if (!own) return [];
  let pieces = ownPiecesOf.get(own);
  if (!pieces) {
    const all = new Set<string>();
    for (const text of own.texts) {
      const whole = normalised(text);
      for (const piece of [whole, ...splitSentences(whole)]) {
        const bare = piece.replace(/[.!?]+$/u, "").trim();
        if (bare.length > 1) all.add(bare);
      }
    }
    pieces = [...all].sort((a, b) => b.length - a.length);
    ownPiecesOf.set(own, pieces);
  }
  return pieces;
}

/** The text with every piece of the organisation's own text replaced by one short word. */
function withoutOwn(text: string, pieces: readonly string[]): string {
  let out = normalised(text);
  for (const piece of pieces) if (out.includes(piece)) out = out.split(piece).join("X");
  return out;
}

/** Whether `needle` (a word, phrase or address) occurs in `text` as a whole word. */
function containsWord(text: string, needle: string): boolean {
  const escaped = needle.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, "iu").test(text);
}

/**
 * Whose text a plain-language finding is about. A sentence that quotes the organisation's text is the
 * organisation's when it would pass with that text cut to one word, and the framework's when it would not;
 * a word is the framework's when it occurs outside the organisation's text.
 */
function plainLanguageSource(
  message: ComposedMessage,
  sectionSource: Section["source"],
  text: string,
  finding: PlainLanguageFinding,
): FindingSource {
  if (sectionSource === "override") return "override";
  const pieces = ownPieces(message);
  if (pieces.length === 0) return "framework";
  if (finding.rule === "long-word" || finding.rule === "jargon") {
    return containsWord(withoutOwn(text, pieces), finding.excerpt) ? "framework" : "organisation";
  }
  const scope = finding.rule === "average-sentence-length" ? text : finding.excerpt;
  const rest = withoutOwn(scope, pieces);
  if (rest === normalised(scope)) return "framework";
  const again = checkPlainLanguage(rest, { language: message.language }).findings;
  return again.some((f) => f.rule === finding.rule && f.severity === finding.severity)
    ? "framework"
    : "organisation";
}

/** Whose text an address or phrase found in a section is: the framework's when it occurs outside the organisation's. */
function phraseSource(
  message: ComposedMessage,
  textSource: Section["source"] | "organisation",
  text: string,
  phrase: string,
): FindingSource {
  if (textSource === "override" || textSource === "organisation") return textSource;
  const pieces = ownPieces(message);
  return withoutOwn(text, pieces).toLowerCase().includes(phrase.toLowerCase()) ? "framework" : "organisation";
}

/** Whose choice it is that an element is missing: an override's, the organisation's layout's, or the framework's. */
function elementSource(message: ComposedMessage, elementId: string): FindingSource {
  const section = message.sections.find((s) => s.elements.includes(elementId));
  if (section?.source === "override") return "override";
  if (!section && message.own?.layout) return "organisation";
  return "framework";
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
          source: elementSource(message, element.id),
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
        source: steps.source === "override" ? "override" : "framework",
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
          source: "framework",
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
  const parts: { section: string; text: string; source?: Section["source"] }[] = [
    { section: "summary", text: message.summary },
    ...message.sections.map((s) => ({
      section: s.id,
      text: sectionText(s),
      ...(s.source ? { source: s.source } : {}),
    })),
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
        source: plainLanguageSource(message, part.source, part.text, f),
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

  const texts: { section: string; text: string; source?: Section["source"] | "organisation" }[] = [
    // An own subject is the organisation's text as a whole.
    {
      section: "subject",
      text: message.subject,
      ...(message.own?.subject ? { source: "organisation" } : {}),
    },
    { section: "summary", text: message.summary },
    ...message.sections.map((s) => ({
      section: s.id,
      text: sectionText(s),
      ...(s.source ? { source: s.source } : {}),
    })),
    { section: "sms", text: message.sms },
  ];
  for (const { section, text, source } of texts) {
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
        source: phraseSource(message, source, text, match[0]),
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
        source: phraseSource(message, source, text, click[0]),
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
      source: "organisation",
    });
  }
  const websiteHost = (org.website.split("/")[0] ?? "").toLowerCase();
  if (/^[a-z]+:/i.test(org.website) || !inDomains(websiteHost)) {
    findings.push({
      check: "anti-phishing",
      severity: "block",
      message: `The address people are told to type (${org.website}) is not on the organisation's domains or has a scheme.`,
      suggestion: "Use an address on your own domain, without https://, e.g. voorbeeld.nl/datalek.",
      source: "organisation",
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
      source: elementSource(message, "verify-this-message"),
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
        source: "framework",
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
      source: "framework",
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
      source: "framework",
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
      source: message.own?.subject ? "organisation" : "framework",
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
      // The SMS is the platform's text around the organisation's name and web address.
      source:
        smsLength(withoutOwn(message.sms, [message.organisation.name, message.organisation.website]))
          .segments > L.smsSegments
          ? "framework"
          : "organisation",
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
