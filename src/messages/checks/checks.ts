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
 * Findings about one channel carry it, so delivery asks `canSendBy(findings, channel)` (findings.ts) per channel
 * and falls back to the next channel instead of stopping. This file runs them all; each check has its own module.
 */
import type { Channel } from "../channels/channel.ts";
import { requiredElements } from "../compose/required.ts";
import type { ComposedMessage } from "../message.ts";
import { checkAntiPhishing, type EmailArtefacts } from "./anti-phishing.ts";
import { checkCompleteness } from "./completeness.ts";
import type { Finding } from "./findings.ts";
import { checkLengths } from "./length.ts";
import { checkPlainLanguageOfMessage } from "./plain-language.ts";
import { checkReach } from "./reach.ts";

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
