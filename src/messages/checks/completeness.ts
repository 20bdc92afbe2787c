/**
 * The completeness check: every required element of the framework is delivered by every variant, on every
 * channel a channel condition could leave without it, and the SMS has its essentials.
 */
import { sectionFor } from "../blocks.ts";
import type { Channel } from "../channels/channel.ts";
import type { RequiredElement } from "../compose/required.ts";
import type { ComposedMessage } from "../message.ts";
import type { Finding } from "./findings.ts";
import { elementSource } from "./source.ts";

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
