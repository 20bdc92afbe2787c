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
import { SEVERITY_BANDS, type Severity } from "./severity.ts";
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

/** Ways to reach endangered people without adding to the danger; "direct" when the organisation's own channels are safe. */
export const SAFE_ROUTES = ["direct", "contact-person", "police", "other-address"] as const;
export type SafeRoute = (typeof SAFE_ROUTES)[number];

/** What the assessment says about people whose physical safety the breach endangers (facts.physicalSafety). */
export interface SafetyOutcome {
  /** The organisation's stated reason. */
  reason: string;
  /** How many people are endangered; null means everyone affected. */
  subjects: number | null;
  /** Others could read the data, so the danger is real: high risk, inform the people at once. */
  exposed: boolean;
  /** How to reach them: ["direct"], or the safe routes when the organisation did not say its channels are safe. */
  routes: SafeRoute[];
}

export interface RiskOutcome {
  level: RiskLevel;
  /** The physical-safety rule applied: readable data reached people beyond trusted recipients. */
  safetyExposed: boolean;
}

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

/** The running risk level and the reasons that moved or confirmed it. */
interface RiskLadder {
  level: RiskLevel;
  reasons: ReasonRef[];
}

/** Raises the level to `target` when it is lower; the reason says whether it raised or only confirmed. */
function atLeast(ladder: RiskLadder, target: RiskLevel, ref: Omit<ReasonRef, "effect">): void {
  const before = ladder.level;
  if (rank(ladder.level) < rank(target)) ladder.level = target;
  ladder.reasons.push({ ...ref, effect: ladder.level === before ? "confirmed" : "raised" });
}

/** Lowers the level to `target` when it is higher; the reason says whether it lowered or only confirmed. */
function cap(ladder: RiskLadder, target: RiskLevel, ref: Omit<ReasonRef, "effect">): void {
  const before = ladder.level;
  if (rank(ladder.level) > rank(target)) ladder.level = target;
  ladder.reasons.push({ ...ref, effect: ladder.level === before ? "confirmed" : "lowered" });
}

type Adjustment = NonNullable<ResolvedFacts["facts"]["adjustments"]>[number];

/** The presumptions that fired, and the organisation's `down` statements not yet spent on one. */
interface Presumptions {
  ladder: RiskLadder;
  statements: Adjustment[];
  inForce: Set<ReasonCode>;
}

/**
 * A presumption raises the level, unless it is one an organisation may defuse and a `down` statement is left:
 * then that statement cancels it, visibly, with a warning that a regulator may disagree.
 */
function presume(presumptions: Presumptions, target: RiskLevel, ref: Omit<ReasonRef, "effect">): void {
  const { ladder } = presumptions;
  const statement = DEFUSABLE.has(ref.code) ? presumptions.statements.shift() : undefined;
  if (statement === undefined) {
    presumptions.inForce.add(ref.code);
    atLeast(ladder, target, ref);
    return;
  }
  ladder.reasons.push({
    code: "presumption-defused",
    effect: rank(ladder.level) < rank(target) ? "lowered" : "confirmed",
    params: { ...ref.params, rule: ref.code, text: statement.reason },
  });
}

/** How far the data went: what the raising rules and the caps both read. */
interface Exposure {
  /** At most CONTAINED_DISCLOSURE_SUBJECTS people. */
  few: boolean;
  beyondTrusted: boolean;
  wideReach: boolean;
  /** Others could read the data (confidentiality or integrity). */
  disclosed: boolean;
  safetyExposed: boolean;
}

function exposureOf(resolved: ResolvedFacts): Exposure {
  const { natures, intelligible, recipients, facts } = resolved;
  const malicious = facts.malicious;
  const few = resolved.subjectCount !== null && resolved.subjectCount <= CONTAINED_DISCLOSURE_SUBJECTS;
  const beyondTrusted = recipients === "known" || recipients === "unknown" || recipients === "public";
  const wideReach =
    recipients === "unknown" || recipients === "public" || malicious || (recipients === "known" && !few);
  const disclosed = natures.has("confidentiality") || natures.has("integrity");
  // Physical danger needs readable data in hands beyond trusted recipients (or an attacker who took them); a
  // list read only by a trusted colleague who deleted it endangers nobody (EDPB 01/2021 case 9).
  const safetyExposed =
    resolved.endangered &&
    disclosed &&
    intelligible.length > 0 &&
    (beyondTrusted || (malicious && recipients !== "none"));
  return { few, beyondTrusted, wideReach, disclosed, safetyExposed };
}

/** The presumptions about readable data others could see: special, criminal, identity, financial, credentials. */
function presumeFromDisclosedData(
  resolved: ResolvedFacts,
  exposure: Exposure,
  presumptions: Presumptions,
): void {
  const { intelligible, facts } = resolved;
  const { beyondTrusted, wideReach } = exposure;
  const special = intelligible.filter(isSpecial);
  if (special.length > 0)
    presume(presumptions, "high", { code: "special-category-data", params: { categories: special } });
  if (intelligible.some(isCriminal)) presume(presumptions, "high", { code: "criminal-data", params: {} });
  const copies = intelligible.filter((id) => identityDocumentKind(id) === "copy");
  if (copies.length > 0)
    presume(presumptions, "high", { code: "identity-document", params: { categories: copies } });
  const numbers = intelligible.filter((id) => identityDocumentKind(id) === "number");
  if (numbers.length > 0)
    presume(presumptions, "risk", { code: "identity-document-number", params: { categories: numbers } });
  const profile = identityProfile(intelligible);
  if (profile.length > 0 && (wideReach || beyondTrusted)) {
    const target: RiskLevel = wideReach ? "high" : "risk";
    presume(presumptions, target, {
      code: "identity-fraud-profile",
      params: { categories: profile, to: target },
    });
  }
  const nationalNumbers = intelligible.filter((id) => id === "bsn");
  if (nationalNumbers.length > 0 && profile.length === 0 && (beyondTrusted || facts.malicious))
    presume(presumptions, "risk", { code: "national-number", params: { categories: nationalNumbers } });
  const identity = intelligible.filter(isIdentity);
  const financial = intelligible.filter(isFinancial);
  if (identity.length > 0 && financial.length > 0) {
    presume(presumptions, "high", {
      code: "identity-financial-combination",
      params: { categories: [...identity, ...financial] },
    });
  }
  const credentials = intelligible.filter(isCredential);
  if (credentials.length > 0)
    presume(presumptions, "high", { code: "usable-credentials", params: { categories: credentials } });
}

/** Floors that hold whatever the data kinds: vulnerable people, malice or publication, many people, lost data. */
function raiseFloors(resolved: ResolvedFacts, exposure: Exposure, ladder: RiskLadder): void {
  const { natures, intelligible, recipients, facts } = resolved;
  // ENISA already raised DPC for these people; here they only set a floor, so they are not counted twice.
  if (resolved.vulnerableSubjects) atLeast(ladder, "risk", { code: "vulnerable-subjects", params: {} });
  // Unknown recipients without malice (a lost list, a parcel gone astray) are already weighed in ENISA's CB
  // (+0.5); counting them again here made every lost document notifiable (issue 19). Malice and publication
  // remain aggravating: someone means harm, or anyone can take the data and they cannot be called back.
  if (
    natures.has("confidentiality") &&
    (recipients === "public" || facts.malicious) &&
    intelligible.length > 0
  ) {
    atLeast(ladder, "risk", { code: "malicious-actor", params: {} });
  }
  const readablePeople = resolved.readableSubjectCount;
  if (exposure.disclosed && readablePeople !== null && readablePeople > LARGE_BREACH_SUBJECTS) {
    atLeast(ladder, "risk", { code: "many-subjects", params: { value: readablePeople } });
  }
  if (natures.has("availability") && resolved.recovery === "none") {
    const sensitive =
      resolved.sector === "health" || resolved.categories.some((id) => getCategory(id).special);
    const target: RiskLevel = sensitive || resolved.vulnerableSubjects ? "high" : "risk";
    atLeast(ladder, target, { code: "availability-lost", params: { to: target } });
  }
}

/**
 * Caps: each needs the absence of something (readable data, malice, recipients, lasting loss, people), so
 * more facts lift them.
 */
function applyCaps(
  resolved: ResolvedFacts,
  exposure: Exposure,
  ladder: RiskLadder,
  inForce: ReadonlySet<ReasonCode>,
): void {
  const { natures, intelligible, recipients, facts } = resolved;
  const malicious = facts.malicious;
  const few = exposure.few;
  const onlyDisclosure = natures.has("confidentiality") && resolved.restoredApartFromDisclosure;
  if (onlyDisclosure && resolved.onlyPseudonymousReadable) {
    cap(ladder, "unlikely", { code: "unintelligible-data", params: { categories: intelligible } });
  }
  const onlyAvailability = natures.size === 1 && natures.has("availability");
  // Malice does not block this cap: ransomware whose data are fully back from backup, with nobody having
  // read them, harms nobody (EDPB 01/2021 case 1).
  if (onlyAvailability && resolved.recovery === "full" && recipients === "none") {
    cap(ladder, "unlikely", { code: "availability-restored", params: {} });
  }
  if (onlyDisclosure && (recipients === "none" || recipients === "known-trusted") && !malicious) {
    if (few) {
      cap(ladder, "unlikely", {
        code: "trusted-recipient",
        params: { to: "unlikely", value: resolved.subjectCount ?? 0 },
      });
    } else if (ladder.level !== "unlikely") {
      const target = atRank(rank(ladder.level) - 1);
      cap(ladder, target, { code: "trusted-recipient", params: { to: target } });
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
    cap(ladder, "unlikely", { code: "contained-disclosure", params: { value: resolved.subjectCount ?? 0 } });
  }
}

export function assessRisk(resolved: ResolvedFacts, severity: Severity, reasons: ReasonRef[]): RiskOutcome {
  const ladder: RiskLadder = { level: baselineFromSeverity(severity), reasons };
  reasons.push({
    code: "severity-baseline",
    effect: "set",
    params: { value: severity.level, from: severity.score, to: ladder.level },
  });
  const exposure = exposureOf(resolved);
  const { safetyExposed } = exposure;

  // Each `down` adjustment is the organisation's statement that the data are less harmful than their category
  // suggests; it cancels one presumption that fired.
  const presumptions: Presumptions = {
    ladder,
    statements: (resolved.facts.adjustments ?? []).filter((adjustment) => adjustment.direction === "down"),
    inForce: new Set<ReasonCode>(),
  };
  // Disclosure-related presumptions only apply when others could read the data.
  if (exposure.disclosed) presumeFromDisclosedData(resolved, exposure, presumptions);
  raiseFloors(resolved, exposure, ladder);

  // Document only (art. 33(1) and (5)): ENISA calls the breach low and no rule above found an aggravating
  // factor. The reason shows the score and its distance to the edge of "medium".
  if (severity.level === "low" && ladder.level === "unlikely" && !safetyExposed) {
    reasons.push({
      code: "document-only",
      effect: "confirmed",
      params: {
        value: severity.score,
        to: SEVERITY_BANDS.medium,
        from: Math.round((SEVERITY_BANDS.medium - severity.score) * 10_000) / 10_000,
      },
    });
  }
  applyCaps(resolved, exposure, ladder, presumptions.inForce);

  // Last, so no cap lowers it: exposure that can bring violence is high risk whatever the data kinds (GDPR
  // recital 75 "physical damage"; EDPB 01/2021 and 9/2022 on physical harm; ENISA's undercover-officers example;
  // ICO decisions on the PSNI spreadsheet, the MoD's Afghan e-mail and addresses disclosed to abusers).
  if (resolved.endangered) {
    const text = resolved.facts.physicalSafety?.reason ?? "";
    if (safetyExposed) atLeast(ladder, "high", { code: "physical-safety", params: { text } });
    else reasons.push({ code: "physical-safety-not-exposed", effect: "confirmed", params: { text } });
  }
  return { level: ladder.level, safetyExposed };
}

export interface ObligationOptions {
  safetyExposed: boolean;
  /** The risk would not be high without the physical-safety fact (decides whom the large-breach count covers). */
  highOnlyBySafety: boolean;
}

/** Whether the people must be told, and if not, which art. 34(3) exemption spares it. */
function subjectsExemptionFor(
  resolved: ResolvedFacts,
  risk: RiskLevel,
  reasons: ReasonRef[],
  safetyExposed: boolean,
): SubjectsExemption | null {
  const { facts } = resolved;
  if (risk !== "high") return null;
  if (resolved.allUnintelligible) {
    reasons.push({ code: "exemption-encrypted", effect: "lowered", params: {} });
    return "encrypted";
  }
  if (facts.mitigatedHighRisk === true) {
    reasons.push({ code: "exemption-mitigated", effect: "lowered", params: {} });
    return "mitigated";
  }
  if (facts.disproportionateEffort === true && !safetyExposed) {
    reasons.push({ code: "exemption-disproportionate-effort", effect: "set", params: {} });
    return "disproportionate-effort";
  }
  // A public announcement cannot warn endangered people as effectively as a personal message (art.
  // 34(3)(c) asks for "equally effective"), and it tells everyone, including those they fear, that the data
  // are out. Their safety comes first: reach them by a safe route instead.
  if (facts.disproportionateEffort === true)
    reasons.push({ code: "physical-safety-no-public-notice", effect: "set", params: {} });
  reasons.push({ code: "notify-subjects", effect: "set", params: {} });
  return null;
}

/** Null unless the facts state a danger to people's safety; then who, whether it is real, and how to reach them. */
function safetyOutcomeFor(
  resolved: ResolvedFacts,
  reasons: ReasonRef[],
  safetyExposed: boolean,
): SafetyOutcome | null {
  const { physicalSafety } = resolved.facts;
  if (physicalSafety === undefined) return null;
  const direct = physicalSafety.safeToContactDirectly === true;
  const routes: SafeRoute[] = direct ? ["direct"] : ["contact-person", "police", "other-address"];
  if (safetyExposed)
    reasons.push({
      code: direct ? "safety-contact-direct" : "safety-contact-route",
      effect: "set",
      params: {},
    });
  return {
    reason: physicalSafety.reason,
    subjects: physicalSafety.subjects ?? null,
    exposed: safetyExposed,
    routes,
  };
}

/** A high-risk breach is large when more than LARGE_BREACH_SUBJECTS people are at risk. */
function isLargeBreach(
  resolved: ResolvedFacts,
  risk: RiskLevel,
  reasons: ReasonRef[],
  highOnlyBySafety: boolean,
): boolean {
  // People at risk: everyone when data were lost or altered for good; otherwise those whose data were readable
  // (an item's own count weighs in, so 40,000 readable numbers among 6.2 million hashed ones count 40,000).
  const lastingLoss = !resolved.restoredApartFromDisclosure;
  const everyoneAtRisk = lastingLoss ? resolved.subjectCount : resolved.readableSubjectCount;
  // When only the danger to some makes the breach high risk, only they are at high risk.
  const endangeredCount = resolved.facts.physicalSafety?.subjects;
  const peopleAtRisk =
    highOnlyBySafety && endangeredCount !== undefined
      ? Math.min(endangeredCount, everyoneAtRisk ?? endangeredCount)
      : everyoneAtRisk;
  if (risk !== "high") return false;
  if (peopleAtRisk === null) {
    reasons.push({ code: "subject-count-unknown", effect: "set", params: {} });
    return false;
  }
  if (peopleAtRisk <= LARGE_BREACH_SUBJECTS) return false;
  reasons.push({ code: "large-breach", effect: "set", params: { value: peopleAtRisk } });
  return true;
}

export function obligationsFor(
  resolved: ResolvedFacts,
  risk: RiskLevel,
  reasons: ReasonRef[],
  options: ObligationOptions = { safetyExposed: false, highOnlyBySafety: false },
): { obligations: Obligations; largeBreach: boolean; safety: SafetyOutcome | null } {
  const { safetyExposed } = options;
  const notifyAuthority = risk !== "unlikely";
  const authorityDeadline = notifyAuthority
    ? addHoursKeepingOffset(resolved.facts.awareAt, AUTHORITY_DEADLINE_HOURS)
    : null;
  if (notifyAuthority) {
    reasons.push({ code: "notify-authority", effect: "set", params: { text: authorityDeadline ?? "" } });
  } else {
    reasons.push({ code: "no-notification-needed", effect: "set", params: {} });
  }
  const subjectsExemption = subjectsExemptionFor(resolved, risk, reasons, safetyExposed);
  const safety = safetyOutcomeFor(resolved, reasons, safetyExposed);
  const largeBreach = isLargeBreach(resolved, risk, reasons, options.highOnlyBySafety);
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
    safety,
  };
}
