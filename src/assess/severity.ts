// ENISA severity (2013): SE = DPC × EI + CB. Encryption and the number of people are weighed afterwards,
// outside the formula (see gdpr.ts), as the method prescribes.
import { type CategoryId, ENISA_CLASSES, type EnisaClass, getCategory } from "../framework/index.ts";
import { CLASS_SCORE, type ResolvedFacts, SECTOR_ACCOUNT_CLASS } from "./facts.ts";
import type { ReasonRef } from "./reasons.ts";

export type SeverityLevel = "low" | "medium" | "high" | "very-high";

export interface Severity {
  dpc: number;
  ei: number;
  cb: number;
  score: number;
  level: SeverityLevel;
}

export const DPC_MIN = 1;
export const DPC_MAX = 4;
/** This many kinds of data about one person form a profile of their life (ENISA: volume of data). */
export const BROAD_PROFILE_CATEGORIES = 8;

export const EI = { negligible: 0.25, limited: 0.5, significant: 0.75, maximum: 1 } as const;

export const CB_CONFIDENTIALITY = {
  none: 0,
  "known-trusted": 0,
  known: 0.25,
  unknown: 0.5,
  public: 0.5,
} as const;
export const CB_RECOVERY = { "not-applicable": 0, full: 0, temporary: 0.25, none: 0.5 } as const;
export const CB_MALICIOUS = 0.5;

/** Lower bounds of the bands: SE < 2 low; 2–3 medium; 3–4 high; ≥ 4 very high. */
export const SEVERITY_BANDS = { medium: 2, high: 3, veryHigh: 4 } as const;

const classOf = (score: number): EnisaClass => ENISA_CLASSES[Math.max(0, Math.min(3, score - 1))] ?? "simple";

/** The score of the most harmful leaked data kind, credentials scored by what they unlock. */
function baseDataScore(resolved: ResolvedFacts, reasons: ReasonRef[]): number {
  const { categories, sector } = resolved;
  const plainScores = categories
    .filter((id) => !getCategory(id).credential)
    .map((id) => CLASS_SCORE[getCategory(id).enisaClass]);
  const highestPlain = Math.max(0, ...plainScores);
  // Credentials take the class of what they unlock: the account at this controller holds at least the
  // sector's typical data and the other data of this breach.
  const unlockedScore = Math.max(CLASS_SCORE[SECTOR_ACCOUNT_CLASS[sector]], highestPlain);
  const scoreOf = (id: CategoryId) => {
    const category = getCategory(id);
    return category.credential
      ? Math.max(CLASS_SCORE[category.enisaClass], unlockedScore)
      : CLASS_SCORE[category.enisaClass];
  };
  const base = Math.max(...categories.map(scoreOf));
  const atBase = categories.filter((id) => scoreOf(id) === base);
  reasons.push({ code: "dpc-base", effect: "set", params: { categories: atBase, value: base } });
  const raisedCredentials = atBase.filter(
    (id) => getCategory(id).credential && CLASS_SCORE[getCategory(id).enisaClass] < base,
  );
  if (raisedCredentials.length > 0) {
    reasons.push({
      code: "dpc-credential-unlocks",
      effect: "raised",
      params: { categories: raisedCredentials, value: `${base} (${classOf(base)})` },
    });
  }
  return base;
}

function dataProcessingContext(resolved: ResolvedFacts, reasons: ReasonRef[]): number {
  const { categories, sector, facts } = resolved;
  let dpc = baseDataScore(resolved, reasons);
  if (sector === "health") {
    dpc += 1;
    reasons.push({ code: "dpc-sensitive-sector", effect: "raised", params: {} });
  }
  if (resolved.vulnerableSubjects) {
    dpc += 1;
    reasons.push({ code: "dpc-vulnerable-subjects", effect: "raised", params: {} });
  }
  if (categories.length >= BROAD_PROFILE_CATEGORIES) {
    dpc += 1;
    reasons.push({ code: "dpc-broad-profile", effect: "raised", params: { value: categories.length } });
  }
  for (const adjustment of facts.adjustments ?? []) {
    const up = adjustment.direction === "up";
    const code = up ? "dpc-adjusted-up" : "dpc-adjusted-down";
    if (adjustment.level === undefined) {
      dpc += up ? 1 : -1;
      reasons.push({ code, effect: up ? "raised" : "lowered", params: { text: adjustment.reason } });
      continue;
    }
    // A stated level moves the score as far as the organisation says, never the other way: each step stays a
    // monotone function of the score, so removing a `down` or adding an `up` can never lower the outcome.
    const before = dpc;
    dpc = up ? Math.max(dpc, adjustment.level) : Math.min(dpc, adjustment.level);
    reasons.push({
      code,
      effect: dpc === before ? "confirmed" : up ? "raised" : "lowered",
      params: { text: adjustment.reason, from: before, to: dpc },
    });
  }
  const clamped = Math.min(DPC_MAX, Math.max(DPC_MIN, dpc));
  if (clamped !== dpc) {
    reasons.push({
      code: "dpc-clamped",
      effect: clamped < dpc ? "lowered" : "raised",
      params: { from: dpc, to: clamped },
    });
  }
  // ENISA's own table scores a list of undercover officers 4 ("personal safety"), whatever the data kind. This
  // comes after the organisation's adjustments on purpose: a `down` statement cannot talk danger away.
  if (resolved.endangered) {
    const before = clamped;
    reasons.push({
      code: "dpc-physical-safety",
      effect: before < DPC_MAX ? "raised" : "confirmed",
      params: { from: before, to: DPC_MAX },
    });
    return DPC_MAX;
  }
  return clamped;
}

function easeOfIdentification(resolved: ResolvedFacts, reasons: ReasonRef[]): number {
  const { categories } = resolved;
  const withWeight = (weight: string) => categories.filter((id) => getCategory(id).identification === weight);
  const unique = withWeight("unique");
  if (unique.length > 0) {
    reasons.push({ code: "ei-maximum", effect: "set", params: { categories: unique } });
    return EI.maximum;
  }
  const nameCombination = categories.includes("name")
    ? categories.filter((id) => id === "address" || id === "date-of-birth")
    : [];
  if (nameCombination.length > 0) {
    reasons.push({ code: "ei-maximum", effect: "set", params: { categories: ["name", ...nameCombination] } });
    return EI.maximum;
  }
  const direct = withWeight("direct");
  if (direct.length > 0) {
    reasons.push({ code: "ei-significant", effect: "set", params: { categories: direct } });
    return EI.significant;
  }
  const indirect = withWeight("indirect");
  if (indirect.length > 0 && resolved.facts.protection?.pseudonymised === true) {
    reasons.push({ code: "ei-pseudonymised", effect: "set", params: { categories: indirect } });
    return EI.negligible;
  }
  if (indirect.length > 0) {
    reasons.push({ code: "ei-limited", effect: "set", params: { categories: indirect } });
    return EI.limited;
  }
  reasons.push({ code: "ei-negligible", effect: "set", params: {} });
  return EI.negligible;
}

function circumstances(resolved: ResolvedFacts, reasons: ReasonRef[]): number {
  const { natures, recipients, recovery, facts } = resolved;
  let cb = 0;
  if (natures.has("confidentiality")) {
    const added = CB_CONFIDENTIALITY[recipients];
    cb += added;
    if (added === CB_CONFIDENTIALITY.known)
      reasons.push({ code: "cb-confidentiality-known", effect: "raised", params: {} });
    if (added === CB_CONFIDENTIALITY.unknown)
      reasons.push({ code: "cb-confidentiality-unknown", effect: "raised", params: {} });
  }
  for (const nature of ["integrity", "availability"] as const) {
    if (!natures.has(nature)) continue;
    const added = CB_RECOVERY[recovery];
    cb += added;
    if (recovery === "temporary")
      reasons.push({ code: `cb-${nature}-temporary`, effect: "raised", params: {} });
    if (recovery === "none") reasons.push({ code: `cb-${nature}-permanent`, effect: "raised", params: {} });
  }
  if (facts.malicious) {
    cb += CB_MALICIOUS;
    reasons.push({ code: "cb-malicious", effect: "raised", params: {} });
  }
  return cb;
}

export function severityLevel(score: number): SeverityLevel {
  if (score >= SEVERITY_BANDS.veryHigh) return "very-high";
  if (score >= SEVERITY_BANDS.high) return "high";
  if (score >= SEVERITY_BANDS.medium) return "medium";
  return "low";
}

/** Rounds away floating-point noise (0.75 × 3 + 0.25 etc. are exact in quarters anyway). */
const round = (value: number) => Math.round(value * 10_000) / 10_000;

export function assessSeverity(resolved: ResolvedFacts, reasons: ReasonRef[]): Severity {
  const dpc = dataProcessingContext(resolved, reasons);
  const ei = easeOfIdentification(resolved, reasons);
  const cb = circumstances(resolved, reasons);
  const score = round(dpc * ei + cb);
  return { dpc, ei, cb, score, level: severityLevel(score) };
}
