/**
 * The campaign operations' own rules, as pure functions: which selections are valid, who may approve (the
 * four-eyes rule), which pre-send findings count, and the words a refusal uses to say what to do next.
 */
import { FLAG_IDS } from "../framework/index.ts";
import type { Finding, SetupProblem } from "../messages/index.ts";
import { type CampaignSelection, normaliseHolder, verificationRecord } from "../store/index.ts";

const SEGMENT = /^[\p{L}\p{N} ._-]{1,100}$/u;

export function selectionProblems(selection: CampaignSelection, kind?: string): SetupProblem[] {
  const problems: SetupProblem[] = [];
  if (selection.subscribers !== undefined && typeof selection.subscribers !== "boolean")
    problems.push({ path: "selection.subscribers", message: "must be true or false" });
  // A first notice goes to everyone affected; only a follow-up may narrow itself to the subscribers.
  if (selection.subscribers === true && kind !== undefined && kind !== "update")
    problems.push({ path: "selection.subscribers", message: "only for a follow-up campaign (kind update)" });
  if (selection.flag !== undefined && !(FLAG_IDS as readonly string[]).includes(selection.flag)) {
    problems.push({ path: "selection.flag", message: `unknown flag "${selection.flag.slice(0, 40)}"` });
  }
  if (selection.segment !== undefined && !SEGMENT.test(selection.segment)) {
    problems.push({ path: "selection.segment", message: "must be 1–100 letters, digits, spaces, . _ or -" });
  }
  return problems;
}

/**
 * The four-eyes rule: one person under two spellings is still one person, so holders compare trimmed and
 * case-insensitively (the actor's name: `holder:<name>` for a key, `os:<user>` at the command line).
 */
export function samePerson(a: string, b: string): boolean {
  return normaliseHolder(a).toLowerCase() === normaliseHolder(b).toLowerCase();
}

export function approverIsCreator(createdBy: string): string {
  return `approver-is-creator: a campaign must be approved by someone other than its creator (${createdBy} created it).`;
}

/**
 * The findings of every sample person's preview, once each. "reach" findings are about the sample person's
 * contact data, not about the message, so they do not count.
 */
export function campaignFindings(previews: readonly (readonly Finding[])[]): Finding[] {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const finding of previews.flat()) {
    if (finding.check === "reach") continue;
    const key = `${finding.check}|${finding.severity}|${finding.channel ?? ""}|${finding.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    findings.push(finding);
  }
  return findings;
}

/** Findings that block every channel keep a campaign a draft; one channel's block only skips that channel. */
export function blockingCount(findings: readonly Finding[]): number {
  return findings.filter((f) => f.severity === "block" && f.channel === undefined).length;
}

/** How the audit log names each campaign change. */
export const PAST_TENSE = {
  check: "checked",
  approve: "approved",
  start: "started",
  pause: "paused",
  resume: "resumed",
  cancel: "cancelled",
} as const;

const PART_NAMES: Record<string, string> = {
  message: "the campaign's message",
  sender: "the sender profile",
  breach: "the breach facts",
  selection: "the selection",
  "plan-address": "the plan address (PUBLIC_URL)",
};

export function approvalVoided(changed: readonly string[]): string {
  return `approval-void: ${changed.map((part) => PART_NAMES[part] ?? part).join(", ")} changed after the approval, so the approval no longer covers what would be sent. The campaign is a draft again: check it and have it approved again.`;
}

export function approvalStale(changed: readonly string[]): string {
  const what =
    changed.length > 0 ? changed.map((part) => PART_NAMES[part] ?? part).join(", ") : "the content";
  return `approval-stale: ${what} changed since the approval was shown, so it was not approved. Look at the campaign again and approve what is shown now.`;
}

export function fromDomain(senderEmail: string): string {
  return (senderEmail.split("@").pop() ?? "").toLowerCase();
}

/** The refusal for an unverified From domain names the next step: publish the record, or add the domain first. */
export function domainUnverified(domain: string, pendingToken: string | undefined): string {
  const how =
    pendingToken === undefined
      ? `add it first with lekwijzer org domain add --org <slug> ${domain} (or POST /api/v1/organisation/domains) and publish the TXT record it names`
      : (() => {
          const record = verificationRecord(domain, pendingToken);
          return `publish the DNS TXT record ${record.name} with the value "${record.value}", then run lekwijzer org domain verify --org <slug> ${domain} (or POST /api/v1/organisation/domains/${domain}/verify)`;
        })();
  return `domain-unverified: the From domain ${domain} is not verified, so nothing is sent from it yet: ${how}.`;
}
