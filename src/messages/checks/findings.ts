/**
 * What a check finds and what follows from it: the finding's shape (check, severity, where, whose text),
 * how the command line prints one, and whether a message may go out at all or by one channel.
 */
import { CHANNELS, type Channel } from "../channels/channel.ts";

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
