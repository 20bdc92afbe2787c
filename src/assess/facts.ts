// Derived views of breach facts that several rules share, with the documented defaults for missing fields.
import { type CategoryId, type EnisaClass, getCategory, type Sector } from "../framework/index.ts";
import type { BreachFacts, Nature, Recipients, Recovery } from "./input.ts";

export interface ResolvedFacts {
  facts: BreachFacts;
  sector: Sector;
  recipients: Recipients;
  recipientsAssumed: boolean;
  recovery: Recovery;
  recoveryAssumed: boolean;
  natures: ReadonlySet<Nature>;
  /** Every category in the breach. */
  categories: readonly CategoryId[];
  /** Categories that were readable by others (not encrypted with a safe key, not strongly hashed). */
  intelligible: readonly CategoryId[];
  allUnintelligible: boolean;
  /** Every readable item is a pseudonymous identifier (user name, customer number), or nothing is readable. */
  onlyPseudonymousReadable: boolean;
  subjectCount: number | null;
  /**
   * How many people had readable data in the breach: the largest own count of a readable item (an item
   * without its own count concerns everyone). Null when that is everyone and the total is unknown.
   */
  readableSubjectCount: number | null;
  /** No lasting harm besides disclosure: integrity and availability, where affected, were fully restored. */
  restoredApartFromDisclosure: boolean;
  vulnerableSubjects: boolean;
  /** The organisation stated that exposure can endanger people's physical safety (facts.physicalSafety). */
  endangered: boolean;
}

export function resolveFacts(facts: BreachFacts): ResolvedFacts {
  const natures = new Set(facts.nature);
  const touchesRecovery = natures.has("integrity") || natures.has("availability");
  const protectedByEncryption =
    facts.protection?.encrypted === true && facts.protection.keyCompromised !== true;
  const categories = [...new Set(facts.data.map((item) => item.category))];
  const readableItems = facts.data.filter((item) => !(item.unintelligible === true || protectedByEncryption));
  const intelligible = [...new Set(readableItems.map((item) => item.category))];
  const groups = facts.subjects?.groups ?? [];
  const subjectCount = facts.subjects?.count ?? null;
  const itemCounts = readableItems.map((item) => item.subjects ?? subjectCount);
  const readableSubjectCount = itemCounts.includes(null) ? null : Math.max(0, ...(itemCounts as number[]));
  const recovery = facts.recovery ?? (touchesRecovery ? "none" : "not-applicable");
  return {
    facts,
    sector: facts.controller?.sector ?? "other",
    recipients: facts.recipients ?? "unknown",
    recipientsAssumed: facts.recipients === undefined,
    recovery,
    recoveryAssumed: facts.recovery === undefined && touchesRecovery,
    natures,
    categories,
    intelligible,
    allUnintelligible: intelligible.length === 0,
    onlyPseudonymousReadable: intelligible.every(isPseudonymousIdentifier),
    subjectCount,
    readableSubjectCount,
    restoredApartFromDisclosure: !touchesRecovery || recovery === "full",
    vulnerableSubjects: groups.includes("minors") || groups.includes("vulnerable"),
    endangered: facts.physicalSafety !== undefined,
  };
}

export const CLASS_SCORE: Record<EnisaClass, number> = {
  simple: 1,
  behavioural: 2,
  financial: 3,
  sensitive: 4,
};

/** What a leaked login opens, by controller sector: the account holds data of at least this class. */
export const SECTOR_ACCOUNT_CLASS: Record<Sector, EnisaClass> = {
  health: "sensitive",
  finance: "financial",
  telecom: "behavioural",
  government: "behavioural",
  education: "behavioural",
  retail: "behavioural",
  employer: "behavioural",
  other: "behavioural",
};

export const isSpecial = (category: CategoryId) => getCategory(category).special;
export const isCriminal = (category: CategoryId) => getCategory(category).criminal;
export const isCredential = (category: CategoryId) => getCategory(category).credential;
export const isFinancial = (category: CategoryId) => getCategory(category).enisaClass === "financial";
export const isIdentity = (category: CategoryId) => getCategory(category).identity === true;
export const isPseudonymousIdentifier = (category: CategoryId) =>
  getCategory(category).pseudonymousIdentifier === true;
export const identityDocumentKind = (category: CategoryId) => getCategory(category).identityDocument;
export const identityProfileRole = (category: CategoryId) => getCategory(category).identityProfile;
