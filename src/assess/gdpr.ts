// GDPR art. 33/34 outcome: the ENISA level gives a starting point; EDPB risk factors (guidelines 9/2022,
// 01/2021) then raise or cap it as explicit rules, in a fixed order: raising rules first, caps last. Every
// rule only looks at facts whose growth (more data, malice, wider recipients) can only raise the outcome.
import { type CategoryId, getCategory } from "../framework/index.ts";
import { isCredential, isCriminal, isFinancial, isSpecial, type ResolvedFacts } from "./facts.ts";
import type { ReasonRef } from "./reasons.ts";
import type { Severity } from "./severity.ts";
import { addHoursKeepingOffset } from "./time.ts";

export type RiskLevel = "unlikely" | "risk" | "high";
const LEVELS: readonly RiskLevel[] = ["unlikely", "risk", "high"];
const rank = (level: RiskLevel) => LEVELS.indexOf(level);
const atRank = (value: number): RiskLevel => LEVELS[Math.max(0, Math.min(2, value))] ?? "high";

/** More people than this makes a high-risk breach a large breach (handelingskader). */
export const LARGE_BREACH_SUBJECTS = 5000;
/** Notify the authority within this many hours of becoming aware (GDPR art. 33(1)). */
export const AUTHORITY_DEADLINE_HOURS = 72;

export type SubjectsExemption = "encrypted" | "mitigated" | "disproportionate-effort";

export interface Obligations {
  documentInternally: true;
  notifyAuthority: boolean;
  authorityDeadline: string | null;
  notifySubjects: boolean;
  subjectsExemption: SubjectsExemption | null;
  publicCommunication: boolean;
}

const IDENTITY_DOCUMENTS: readonly CategoryId[] = ["id-document-number", "id-document-copy"];
/** Data that say who someone is, for the identity + financial combination. */
const IDENTITY: readonly CategoryId[] = [
  "name",
  "bsn",
  "id-document-number",
  "id-document-copy",
  "date-of-birth",
];

function baselineFromSeverity(severity: Severity): RiskLevel {
  if (severity.level === "low") return "unlikely";
  if (severity.level === "medium") return "risk";
  return "high";
}

export function assessRisk(resolved: ResolvedFacts, severity: Severity, reasons: ReasonRef[]): RiskLevel {
  const { natures, intelligible, recipients, facts } = resolved;
  let level = baselineFromSeverity(severity);
  reasons.push({
    code: "severity-baseline",
    effect: "set",
    params: { value: severity.level, from: severity.score, to: level },
  });

  const atLeast = (target: RiskLevel, ref: Omit<ReasonRef, "effect">) => {
    const before = level;
    if (rank(level) < rank(target)) level = target;
    reasons.push({ ...ref, effect: level === before ? "confirmed" : "raised" });
  };

  // Disclosure-related presumptions only apply when others could read the data.
  const disclosed = natures.has("confidentiality") || natures.has("integrity");
  if (disclosed) {
    const special = intelligible.filter(isSpecial);
    if (special.length > 0)
      atLeast("high", { code: "special-category-data", params: { categories: special } });
    if (intelligible.some(isCriminal)) atLeast("high", { code: "criminal-data", params: {} });
    const documents = intelligible.filter((id) => IDENTITY_DOCUMENTS.includes(id));
    if (documents.length > 0)
      atLeast("high", { code: "identity-document", params: { categories: documents } });
    const identity = intelligible.filter((id) => IDENTITY.includes(id));
    const financial = intelligible.filter(isFinancial);
    if (identity.length > 0 && financial.length > 0) {
      atLeast("high", {
        code: "identity-financial-combination",
        params: { categories: [...identity, ...financial] },
      });
    }
    const credentials = intelligible.filter(isCredential);
    if (credentials.length > 0)
      atLeast("high", { code: "usable-credentials", params: { categories: credentials } });
  }
  // ENISA already raised DPC for these people; here they only set a floor, so they are not counted twice.
  if (resolved.vulnerableSubjects) atLeast("risk", { code: "vulnerable-subjects", params: {} });
  const untrustedRecipients = recipients === "unknown" || recipients === "public";
  if (natures.has("confidentiality") && (untrustedRecipients || facts.malicious) && intelligible.length > 0) {
    atLeast("risk", { code: "malicious-actor", params: {} });
  }
  if (
    disclosed &&
    resolved.subjectCount !== null &&
    resolved.subjectCount > LARGE_BREACH_SUBJECTS &&
    intelligible.length > 0
  ) {
    atLeast("risk", { code: "many-subjects", params: { value: resolved.subjectCount } });
  }
  if (natures.has("availability") && resolved.recovery === "none") {
    const sensitive =
      resolved.sector === "health" || resolved.categories.some((id) => getCategory(id).special);
    const target: RiskLevel = sensitive || resolved.vulnerableSubjects ? "high" : "risk";
    atLeast(target, { code: "availability-lost", params: { to: target } });
  }

  // Caps: each needs the absence of something (readable data, malice, recipients), so more facts lift them.
  const cap = (target: RiskLevel, ref: Omit<ReasonRef, "effect">) => {
    const before = level;
    if (rank(level) > rank(target)) level = target;
    reasons.push({ ...ref, effect: level === before ? "confirmed" : "lowered" });
  };
  const onlyConfidentiality = natures.size === 1 && natures.has("confidentiality");
  if (onlyConfidentiality && resolved.allUnintelligible)
    cap("unlikely", { code: "unintelligible-data", params: {} });
  const onlyAvailability = natures.size === 1 && natures.has("availability");
  if (onlyAvailability && resolved.recovery === "full" && recipients === "none" && !facts.malicious) {
    cap("unlikely", { code: "availability-restored", params: {} });
  }
  if (recipients === "known-trusted" && !facts.malicious && level !== "unlikely") {
    const target = atRank(rank(level) - 1);
    cap(target, { code: "trusted-recipient", params: { to: target } });
  }
  return level;
}

export function obligationsFor(
  resolved: ResolvedFacts,
  risk: RiskLevel,
  reasons: ReasonRef[],
): { obligations: Obligations; largeBreach: boolean } {
  const { facts } = resolved;
  const notifyAuthority = risk !== "unlikely";
  const authorityDeadline = notifyAuthority
    ? addHoursKeepingOffset(facts.awareAt, AUTHORITY_DEADLINE_HOURS)
    : null;
  if (notifyAuthority) {
    reasons.push({ code: "notify-authority", effect: "set", params: { text: authorityDeadline ?? "" } });
  } else {
    reasons.push({ code: "no-notification-needed", effect: "set", params: {} });
  }

  let subjectsExemption: SubjectsExemption | null = null;
  if (risk === "high") {
    if (resolved.allUnintelligible) {
      subjectsExemption = "encrypted";
      reasons.push({ code: "exemption-encrypted", effect: "lowered", params: {} });
    } else if (facts.mitigatedHighRisk === true) {
      subjectsExemption = "mitigated";
      reasons.push({ code: "exemption-mitigated", effect: "lowered", params: {} });
    } else if (facts.disproportionateEffort === true) {
      subjectsExemption = "disproportionate-effort";
      reasons.push({ code: "exemption-disproportionate-effort", effect: "set", params: {} });
    } else {
      reasons.push({ code: "notify-subjects", effect: "set", params: {} });
    }
  }

  let largeBreach = false;
  if (risk === "high") {
    if (resolved.subjectCount === null) {
      reasons.push({ code: "subject-count-unknown", effect: "set", params: {} });
    } else if (resolved.subjectCount > LARGE_BREACH_SUBJECTS) {
      largeBreach = true;
      reasons.push({ code: "large-breach", effect: "set", params: { value: resolved.subjectCount } });
    }
  }

  return {
    obligations: {
      documentInternally: true,
      notifyAuthority,
      authorityDeadline,
      notifySubjects: risk === "high" && subjectsExemption === null,
      subjectsExemption,
      publicCommunication: subjectsExemption === "disproportionate-effort",
    },
    largeBreach,
  };
}
