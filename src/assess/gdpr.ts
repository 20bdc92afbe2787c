// GDPR art. 33/34 outcome: the ENISA level gives a starting point; EDPB risk factors (guidelines 9/2022,
// 01/2021) then raise or cap it as explicit rules, in a fixed order: raising rules first, caps last. Every
// rule only looks at facts whose growth (more data, malice, wider recipients) can only raise the outcome.
import { type CategoryId, getCategory } from "../framework/index.ts";
import {
  identityDocumentKind,
  identityProfileRole,
  isCredential,
  isCriminal,
  isFinancial,
  isIdentity,
  isSpecial,
  type ResolvedFacts,
} from "./facts.ts";
import type { ReasonCode, ReasonRef } from "./reasons.ts";
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

/**
 * At most this many people in a disclosure to known recipients without malice is a contained disclosure
 * (EDPB 01/2021 cases 9, 13 and 15; ICO breach example 2): a few documents to the wrong known person.
 */
export const CONTAINED_DISCLOSURE_SUBJECTS = 50;

function baselineFromSeverity(severity: Severity): RiskLevel {
  if (severity.level === "low") return "unlikely";
  if (severity.level === "medium") return "risk";
  return "high";
}

/** The profile identity theft needs: name + postal address + date of birth, or a national number with a name or contact data. */
function identityProfile(intelligible: readonly CategoryId[]): CategoryId[] {
  const withRole = (...roles: string[]) =>
    intelligible.filter((id) => roles.includes(identityProfileRole(id) ?? ""));
  const names = withRole("name");
  const postal = withRole("postal-address");
  const births = withRole("date-of-birth");
  const numbers = withRole("national-number");
  const contact = withRole("name", "postal-address", "contact");
  if (numbers.length > 0 && contact.length > 0) return [...numbers, ...contact];
  if (names.length > 0 && postal.length > 0 && births.length > 0) return [...names, ...postal, ...births];
  return [];
}

/** Rules an organisation's `down` adjustment may defuse, one each, in this order (issue 8, point 4). */
const DEFUSABLE = new Set<ReasonCode>([
  "special-category-data",
  "identity-document",
  "identity-document-number",
  "identity-financial-combination",
]);

export function assessRisk(resolved: ResolvedFacts, severity: Severity, reasons: ReasonRef[]): RiskLevel {
  const { natures, intelligible, recipients, facts } = resolved;
  const malicious = facts.malicious;
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

  // Each `down` adjustment is the organisation's statement that the data are less harmful than their category
  // suggests; it cancels one presumption that fired, visibly, with a warning that a regulator may disagree.
  const statements = (facts.adjustments ?? []).filter((adjustment) => adjustment.direction === "down");
  const inForce = new Set<ReasonCode>();
  const presume = (target: RiskLevel, ref: Omit<ReasonRef, "effect">) => {
    const statement = DEFUSABLE.has(ref.code) ? statements.shift() : undefined;
    if (statement === undefined) {
      inForce.add(ref.code);
      atLeast(target, ref);
      return;
    }
    reasons.push({
      code: "presumption-defused",
      effect: rank(level) < rank(target) ? "lowered" : "confirmed",
      params: { ...ref.params, rule: ref.code, text: statement.reason },
    });
  };

  const few = resolved.subjectCount !== null && resolved.subjectCount <= CONTAINED_DISCLOSURE_SUBJECTS;
  const beyondTrusted = recipients === "known" || recipients === "unknown" || recipients === "public";
  const wideReach =
    recipients === "unknown" || recipients === "public" || malicious || (recipients === "known" && !few);

  // Disclosure-related presumptions only apply when others could read the data.
  const disclosed = natures.has("confidentiality") || natures.has("integrity");
  if (disclosed) {
    const special = intelligible.filter(isSpecial);
    if (special.length > 0)
      presume("high", { code: "special-category-data", params: { categories: special } });
    if (intelligible.some(isCriminal)) presume("high", { code: "criminal-data", params: {} });
    const copies = intelligible.filter((id) => identityDocumentKind(id) === "copy");
    if (copies.length > 0) presume("high", { code: "identity-document", params: { categories: copies } });
    const numbers = intelligible.filter((id) => identityDocumentKind(id) === "number");
    if (numbers.length > 0)
      presume("risk", { code: "identity-document-number", params: { categories: numbers } });
    const profile = identityProfile(intelligible);
    if (profile.length > 0 && (wideReach || beyondTrusted)) {
      const target: RiskLevel = wideReach ? "high" : "risk";
      presume(target, { code: "identity-fraud-profile", params: { categories: profile, to: target } });
    }
    const nationalNumbers = intelligible.filter((id) => id === "bsn");
    if (nationalNumbers.length > 0 && profile.length === 0 && (beyondTrusted || malicious))
      presume("risk", { code: "national-number", params: { categories: nationalNumbers } });
    const identity = intelligible.filter(isIdentity);
    const financial = intelligible.filter(isFinancial);
    if (identity.length > 0 && financial.length > 0) {
      presume("high", {
        code: "identity-financial-combination",
        params: { categories: [...identity, ...financial] },
      });
    }
    const credentials = intelligible.filter(isCredential);
    if (credentials.length > 0)
      presume("high", { code: "usable-credentials", params: { categories: credentials } });
  }
  // ENISA already raised DPC for these people; here they only set a floor, so they are not counted twice.
  if (resolved.vulnerableSubjects) atLeast("risk", { code: "vulnerable-subjects", params: {} });
  const untrustedRecipients = recipients === "unknown" || recipients === "public";
  if (natures.has("confidentiality") && (untrustedRecipients || malicious) && intelligible.length > 0) {
    atLeast("risk", { code: "malicious-actor", params: {} });
  }
  const readablePeople = resolved.readableSubjectCount;
  if (disclosed && readablePeople !== null && readablePeople > LARGE_BREACH_SUBJECTS) {
    atLeast("risk", { code: "many-subjects", params: { value: readablePeople } });
  }
  if (natures.has("availability") && resolved.recovery === "none") {
    const sensitive =
      resolved.sector === "health" || resolved.categories.some((id) => getCategory(id).special);
    const target: RiskLevel = sensitive || resolved.vulnerableSubjects ? "high" : "risk";
    atLeast(target, { code: "availability-lost", params: { to: target } });
  }

  // Caps: each needs the absence of something (readable data, malice, recipients, lasting loss, people), so
  // more facts lift them.
  const cap = (target: RiskLevel, ref: Omit<ReasonRef, "effect">) => {
    const before = level;
    if (rank(level) > rank(target)) level = target;
    reasons.push({ ...ref, effect: level === before ? "confirmed" : "lowered" });
  };
  const onlyDisclosure = natures.has("confidentiality") && resolved.restoredApartFromDisclosure;
  if (onlyDisclosure && resolved.onlyPseudonymousReadable) {
    cap("unlikely", { code: "unintelligible-data", params: { categories: intelligible } });
  }
  const onlyAvailability = natures.size === 1 && natures.has("availability");
  // Malice does not block this cap: ransomware whose data are fully back from backup, with nobody having
  // read them, harms nobody (EDPB 01/2021 case 1).
  if (onlyAvailability && resolved.recovery === "full" && recipients === "none") {
    cap("unlikely", { code: "availability-restored", params: {} });
  }
  if (onlyDisclosure && (recipients === "none" || recipients === "known-trusted") && !malicious) {
    if (few) {
      cap("unlikely", {
        code: "trusted-recipient",
        params: { to: "unlikely", value: resolved.subjectCount ?? 0 },
      });
    } else if (level !== "unlikely") {
      const target = atRank(rank(level) - 1);
      cap(target, { code: "trusted-recipient", params: { to: target } });
    }
  }
  // Readable financial data always keep the notice here, even when a statement defused the identity +
  // financial presumption: a defusal may lower "high", never lift a cap that absent data would lift.
  const financialInForce = intelligible.some(isFinancial);
  if (
    onlyDisclosure &&
    recipients === "known" &&
    !malicious &&
    few &&
    !resolved.vulnerableSubjects &&
    inForce.size === 0 &&
    !financialInForce
  ) {
    cap("unlikely", { code: "contained-disclosure", params: { value: resolved.subjectCount ?? 0 } });
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

  // People at risk: everyone when data were lost or altered for good; otherwise those whose data were readable
  // (an item's own count weighs in, so 40,000 readable numbers among 6.2 million hashed ones count 40,000).
  const lastingLoss = !resolved.restoredApartFromDisclosure;
  const peopleAtRisk = lastingLoss ? resolved.subjectCount : resolved.readableSubjectCount;
  let largeBreach = false;
  if (risk === "high") {
    if (peopleAtRisk === null) {
      reasons.push({ code: "subject-count-unknown", effect: "set", params: {} });
    } else if (peopleAtRisk > LARGE_BREACH_SUBJECTS) {
      largeBreach = true;
      reasons.push({ code: "large-breach", effect: "set", params: { value: peopleAtRisk } });
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
