// The edges of a decision: for each obligation, the single changes of the facts that would flip it. Computed by
// re-running the pure engine on varied facts. `judgement` marks facts that are assessments (trust in the
// recipients, unintelligibility, the organisation's adjustments, mitigation, disproportionate effort) rather
// than observations (counts, categories, malice, recovery); one flip by a judgement makes the outcome borderline.
import type { BilingualText } from "../core/index.ts";
import { getCategory, type Language } from "../framework/index.ts";
import { CONTAINED_DISCLOSURE_SUBJECTS, LARGE_BREACH_SUBJECTS, type Obligations } from "./gdpr.ts";
import { type BreachFacts, RECIPIENTS, type Recipients, type Recovery } from "./input.ts";
import { people } from "./reasons.ts";

export type SensitiveObligation = "notifyAuthority" | "notifySubjects";
type Value = string | number | boolean | null;

export interface FactChange {
  /** Written as in input problems, e.g. "data[2].unintelligible". */
  path: string;
  from: Value;
  to: Value;
}

export interface SensitivityEntry {
  obligation: SensitiveObligation;
  becomes: boolean;
  change: FactChange;
  judgement: boolean;
  text: string;
}

interface Variation {
  change: FactChange;
  judgement: boolean;
  facts: BreachFacts;
  /** "If …" — the changed fact, in both languages. */
  condition: BilingualText;
}

const RECIPIENT_PHRASES: Record<Recipients, BilingualText> = {
  none: { nl: "niemand de gegevens had gezien", en: "nobody had seen the data" },
  "known-trusted": {
    nl: "alleen bekende, betrouwbare ontvangers de gegevens hadden gekregen",
    en: "only known, trusted recipients had received the data",
  },
  known: { nl: "de ontvangers bekend waren geweest", en: "the recipients had been known" },
  unknown: { nl: "onbekende mensen de gegevens hadden gehad", en: "unknown people had had the data" },
  public: { nl: "de gegevens openbaar waren geworden", en: "the data had been made public" },
};

const RECOVERY_PHRASES: Record<Exclude<Recovery, "not-applicable">, BilingualText> = {
  full: { nl: "alles volledig was hersteld", en: "everything had been fully restored" },
  temporary: {
    nl: "de gegevens maar een tijd weg waren geweest",
    en: "the data had been gone only for a time",
  },
  none: { nl: "de gegevens niet te herstellen waren geweest", en: "the data could not have been restored" },
};

const label = (category: string, language: Language) =>
  getCategory(category as Parameters<typeof getCategory>[0]).label[language].toLowerCase();

type Add = (change: FactChange, judgement: boolean, varied: BreachFacts, condition: BilingualText) => void;

function varyRecipients(facts: BreachFacts, add: Add): void {
  const currentRecipients = facts.recipients ?? "unknown";
  if (facts.nature.includes("confidentiality")) {
    // The smallest changes: one step narrower or wider in none < known-trusted < known < unknown < public.
    const at = RECIPIENTS.indexOf(currentRecipients);
    for (const to of [RECIPIENTS[at - 1], RECIPIENTS[at + 1]]) {
      if (to === undefined) continue;
      const judgement = [to, currentRecipients].some((value) => value === "known-trusted");
      add(
        { path: "recipients", from: facts.recipients ?? null, to },
        judgement,
        { ...facts, recipients: to },
        RECIPIENT_PHRASES[to],
      );
    }
  }
}

function varyMalice(facts: BreachFacts, add: Add): void {
  add(
    { path: "malicious", from: facts.malicious, to: !facts.malicious },
    false,
    { ...facts, malicious: !facts.malicious },
    facts.malicious
      ? { nl: "niemand met opzet kwaad had gedaan", en: "nobody had acted with bad intent" }
      : { nl: "iemand met opzet kwaad had gedaan", en: "someone had acted with bad intent" },
  );
}

function varyRecovery(facts: BreachFacts, add: Add): void {
  const touchesRecovery = facts.nature.includes("integrity") || facts.nature.includes("availability");
  if (touchesRecovery) {
    for (const to of ["full", "temporary", "none"] as const) {
      if (to === (facts.recovery ?? "none")) continue;
      add(
        { path: "recovery", from: facts.recovery ?? null, to },
        false,
        { ...facts, recovery: to },
        RECOVERY_PHRASES[to],
      );
    }
  }
}

/** Across each threshold the count sits near: the contained-disclosure limit and the large-breach limit. */
function varySubjectCount(facts: BreachFacts, add: Add): void {
  const count = facts.subjects?.count;
  if (facts.subjects && count !== undefined) {
    const targets = new Set<number>();
    for (const threshold of [CONTAINED_DISCLOSURE_SUBJECTS, LARGE_BREACH_SUBJECTS]) {
      targets.add(count > threshold ? threshold : threshold + 1);
    }
    // Nearest first, so the smallest change that flips an obligation is the one kept (see sensitivityOf).
    for (const to of [...targets].sort((a, b) => Math.abs(a - count) - Math.abs(b - count))) {
      if (to === count) continue;
      const subjects = { ...facts.subjects, count: to };
      // Per-item counts may not exceed the total; cap them with it.
      const data = facts.data.map((item) =>
        item.subjects !== undefined && item.subjects > to ? { ...item, subjects: to } : item,
      );
      add(
        { path: "subjects.count", from: count, to },
        false,
        { ...facts, subjects, data },
        {
          nl: `het om ${people(to, "nl")} mensen was gegaan`,
          en: `${people(to, "en")} people had been affected`,
        },
      );
    }
  }
}

/** Each leaked category left out (when others remain), and each stated unintelligibility turned around. */
function varyData(facts: BreachFacts, add: Add): void {
  facts.data.forEach((item, index) => {
    const others = facts.data.filter((_, i) => i !== index);
    if (others.length > 0) {
      add(
        { path: `data[${index}]`, from: item.category, to: null },
        false,
        { ...facts, data: others },
        {
          nl: `er geen ${label(item.category, "nl")} was gelekt`,
          en: `the ${label(item.category, "en")} had not leaked`,
        },
      );
    }
    // Only a stated assessment is varied: "were these hashes really strong?" is the organisation's judgement.
    if (item.unintelligible === undefined) return;
    const unintelligible = item.unintelligible;
    const data = facts.data.map((other, i) =>
      i === index ? { ...other, unintelligible: !unintelligible } : other,
    );
    add(
      { path: `data[${index}].unintelligible`, from: unintelligible, to: !unintelligible },
      true,
      { ...facts, data },
      unintelligible
        ? {
            nl: `de gegevens '${label(item.category, "nl")}' toch leesbaar waren geweest (bijvoorbeeld gehasht met een snel algoritme)`,
            en: `the ${label(item.category, "en")} had been readable after all (e.g. hashed with a fast algorithm)`,
          }
        : {
            nl: `de gegevens '${label(item.category, "nl")}' onleesbaar waren geweest (sterk versleuteld of gehasht)`,
            en: `the ${label(item.category, "en")} had been unintelligible (strongly encrypted or hashed)`,
          },
    );
  });
}

// Protection and exemptions are varied only where the organisation claimed them: taking a claim away shows
// how much the outcome rests on it; inventing one would describe another breach.
function varyClaimedProtection(facts: BreachFacts, add: Add): void {
  const protection = facts.protection ?? {};
  if (protection.encrypted === true) {
    add(
      { path: "protection.encrypted", from: true, to: false },
      true,
      { ...facts, protection: { ...protection, encrypted: false } },
      { nl: "de gegevens niet versleuteld waren geweest", en: "the data had not been encrypted" },
    );
    const compromised = protection.keyCompromised === true;
    add(
      { path: "protection.keyCompromised", from: protection.keyCompromised ?? null, to: !compromised },
      true,
      { ...facts, protection: { ...protection, keyCompromised: !compromised } },
      compromised
        ? { nl: "de sleutel veilig was gebleven", en: "the key had stayed safe" }
        : { nl: "ook de sleutel was gelekt", en: "the key had leaked as well" },
    );
  }
  if (protection.pseudonymised === true) {
    add(
      { path: "protection.pseudonymised", from: true, to: false },
      true,
      { ...facts, protection: { ...protection, pseudonymised: false } },
      { nl: "de gegevens niet gepseudonimiseerd waren geweest", en: "the data had not been pseudonymised" },
    );
  }
}

function varyAdjustments(facts: BreachFacts, add: Add): void {
  (facts.adjustments ?? []).forEach((adjustment, index) => {
    add(
      { path: `adjustments[${index}]`, from: adjustment.direction, to: null },
      true,
      { ...facts, adjustments: (facts.adjustments ?? []).filter((_, i) => i !== index) },
      {
        nl: `de organisatie de aanpassing '${adjustment.reason}' niet had gemaakt`,
        en: `the organisation had not made the adjustment '${adjustment.reason}'`,
      },
    );
  });
}

/** The organisation's judgements of danger, mitigation and effort, each taken away where it was claimed. */
function varyJudgements(facts: BreachFacts, add: Add): void {
  // The danger to people is the organisation's judgement: taking it away shows how much the outcome rests on it.
  if (facts.physicalSafety !== undefined) {
    const { physicalSafety: _, ...others } = facts;
    add({ path: "physicalSafety", from: facts.physicalSafety.reason, to: null }, true, others, {
      nl: "niemand door deze gegevens in gevaar was gekomen",
      en: "knowing these data had put nobody in physical danger",
    });
  }
  if (facts.mitigatedHighRisk === true) {
    add(
      { path: "mitigatedHighRisk", from: true, to: false },
      true,
      { ...facts, mitigatedHighRisk: false },
      {
        nl: "de maatregelen het hoge risico niet hadden weggenomen",
        en: "the measures had not removed the high risk",
      },
    );
  }
  if (facts.disproportionateEffort === true) {
    add(
      { path: "disproportionateEffort", from: true, to: false },
      true,
      { ...facts, disproportionateEffort: false },
      {
        nl: "iedereen apart informeren wel te doen was geweest",
        en: "informing everyone individually had been feasible",
      },
    );
  }
}

/** Every single change of the facts worth trying, in the order the sensitivity section lists them. */
function variations(facts: BreachFacts): Variation[] {
  const out: Variation[] = [];
  const add: Add = (change, judgement, varied, condition) =>
    out.push({ change, judgement, facts: varied, condition });
  for (const vary of [
    varyRecipients,
    varyMalice,
    varyRecovery,
    varySubjectCount,
    varyData,
    varyClaimedProtection,
    varyAdjustments,
    varyJudgements,
  ]) {
    vary(facts, add);
  }
  return out;
}

const CONSEQUENCES: Record<SensitiveObligation, Record<"true" | "false", BilingualText>> = {
  notifyAuthority: {
    true: {
      nl: "dan moest u het lek melden bij de Autoriteit Persoonsgegevens",
      en: "notifying the Dutch Data Protection Authority would be required",
    },
    false: {
      nl: "dan hoefde u het lek niet te melden bij de Autoriteit Persoonsgegevens",
      en: "notifying the Dutch Data Protection Authority would not be required",
    },
  },
  notifySubjects: {
    true: {
      nl: "dan moest u de getroffen mensen zelf informeren",
      en: "informing the people affected would be required",
    },
    false: {
      nl: "dan hoefde u de getroffen mensen niet zelf te informeren",
      en: "informing the people affected would not be required",
    },
  },
};

const OBLIGATIONS: readonly SensitiveObligation[] = ["notifyAuthority", "notifySubjects"];

/**
 * Single-fact changes that flip an obligation, ordered by obligation and then by the order the facts are
 * listed in. `outcome` is the pure engine without validation or reason texts; each variation is valid by
 * construction (values from the allowed sets, per-item counts capped by the total).
 */
export function sensitivityOf(
  facts: BreachFacts,
  current: Obligations,
  outcome: (facts: BreachFacts) => Obligations,
  language: Language,
): { sensitivity: SensitivityEntry[]; borderline: boolean } {
  const results = variations(facts).map((variation) => ({
    variation,
    obligations: outcome(variation.facts),
  }));
  const sensitivity: SensitivityEntry[] = [];
  for (const obligation of OBLIGATIONS) {
    const countFlipped = new Set<boolean>();
    for (const { variation, obligations } of results) {
      const becomes = obligations[obligation];
      if (becomes === current[obligation]) continue;
      // Only the nearest head count that flips it: "if 51 people …" makes "if 5,001 people …" redundant.
      if (variation.change.path === "subjects.count") {
        if (countFlipped.has(becomes)) continue;
        countFlipped.add(becomes);
      }
      const consequence = CONSEQUENCES[obligation][becomes ? "true" : "false"];
      const text =
        language === "nl"
          ? `Als ${variation.condition.nl}, ${consequence.nl}.`
          : `If ${variation.condition.en}, ${consequence.en}.`;
      sensitivity.push({
        obligation,
        becomes,
        change: variation.change,
        judgement: variation.judgement,
        text,
      });
    }
  }
  return { sensitivity, borderline: sensitivity.some((entry) => entry.judgement) };
}
