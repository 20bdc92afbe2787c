/**
 * The anti-phishing check: nothing a criminal's copy would have — links to log in, "click here", attachments,
 * links, forms or images in HTML — and everything a genuine notice has: the verification code on every
 * channel, a sender and an address to type on the organisation's own domains.
 */
import { type Section, sectionText } from "../blocks.ts";
import { domainOf } from "../channels/mime.ts";
import type { ComposedMessage } from "../message.ts";
import type { Finding } from "./findings.ts";
import { elementSource, phraseSource } from "./source.ts";

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
  return [
    ...wordingFindings(message),
    ...domainFindings(message),
    ...codeFindings(message, email),
    ...emailContentFindings(message, email),
  ];
}

/** Links written as links or to log in, and "click here", in every text of the message. */
function wordingFindings(message: ComposedMessage): Finding[] {
  const findings: Finding[] = [];
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
  // The portal's addresses, composed from the setup's publicUrl and the breach's slug: typed, never links, and
  // "mijn-plan" is the plan people open with the code they type there, not a log-in page of a look-alike.
  const portal = new Set(
    [message.planAddress, message.breachAddress, message.affectedAddress].filter((a) => a !== undefined),
  );
  for (const { section, text, source } of texts) {
    for (const match of text.matchAll(ADDRESS_LIKE)) {
      if (portal.has(match[0])) continue;
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
  return findings;
}

/** The sender and the address people are told to type must be on the organisation's own domains. */
function domainFindings(message: ComposedMessage): Finding[] {
  const findings: Finding[] = [];
  const org = message.organisation;
  const domains = new Set(org.domains.map((d) => d.toLowerCase()));
  const inDomains = (host: string) => [...domains].some((d) => host === d || host.endsWith(`.${d}`));
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
  return findings;
}

/** The verification code in a section and in every rendered channel text. */
function codeFindings(message: ComposedMessage, email: EmailArtefacts): Finding[] {
  const findings: Finding[] = [];
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
  return findings;
}

/** No links, forms, scripts or images in the HTML, and no attachments. */
function emailContentFindings(message: ComposedMessage, email: EmailArtefacts): Finding[] {
  const findings: Finding[] = [];
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
