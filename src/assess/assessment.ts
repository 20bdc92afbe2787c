// The assessment of breach facts and a victim's action plan: the two entry points of this part. Runs the rules
// once on valid facts, and again per single variation of the facts for the sensitivity section.
import { FRAMEWORK_VERSION, type Language } from "../framework/index.ts";
import { resolveFacts } from "./facts.ts";
import { assessRisk, type Obligations, obligationsFor, type RiskLevel, type SafetyOutcome } from "./gdpr.ts";
import {
  type BreachFacts,
  InvalidInputError,
  type PlanInput,
  parseBreachFacts,
  parsePlanInput,
} from "./input.ts";
import { type ActionPlan, planForInput } from "./plan.ts";
import { type Reason, type ReasonRef, renderReasons } from "./reasons.ts";
import { type SensitivityEntry, sensitivityOf } from "./sensitivity.ts";
import { assessSeverity, type Severity } from "./severity.ts";

export interface Assessment {
  frameworkVersion: string;
  severity: Severity;
  risk: RiskLevel;
  obligations: Obligations;
  largeBreach: boolean;
  /** Null unless the facts say exposure can endanger people's physical safety; then how to reach them safely. */
  safety: SafetyOutcome | null;
  reasons: Reason[];
  /** The single changes of the facts that would flip an obligation (see sensitivity.ts). */
  sensitivity: SensitivityEntry[];
  /** Some change that is a judgement, not an observation, flips an obligation. */
  borderline: boolean;
}

export interface AssessOptions {
  /** Language of the reason and sensitivity texts; default "nl". */
  language?: Language;
}

function ensureValid<T>(
  parsed: { ok: true; value: T } | { ok: false; problems: { path: string; message: string }[] },
): T {
  if (!parsed.ok) throw new InvalidInputError(parsed.problems);
  return parsed.value;
}

interface Outcome {
  severity: Severity;
  risk: RiskLevel;
  obligations: Obligations;
  largeBreach: boolean;
  safety: SafetyOutcome | null;
  refs: ReasonRef[];
}

/** The rules on valid facts, without reason texts: what assess runs once, and again per variation. */
function evaluate(valid: BreachFacts): Outcome {
  const resolved = resolveFacts(valid);
  const refs: ReasonRef[] = [];
  if (resolved.recipientsAssumed && resolved.natures.has("confidentiality")) {
    refs.push({ code: "assumed-unknown-recipients", effect: "set", params: {} });
  }
  if (resolved.recoveryAssumed) refs.push({ code: "assumed-no-recovery", effect: "set", params: {} });
  const severity = assessSeverity(resolved, refs);
  const { level: risk, safetyExposed } = assessRisk(resolved, severity, refs);
  // When only some people are endangered, the large-breach count covers them alone, unless the breach is high
  // risk for everyone anyway: the same rules on the facts without the safety statement decide that.
  let highOnlyBySafety = false;
  if (safetyExposed && risk === "high" && valid.physicalSafety?.subjects !== undefined) {
    const { physicalSafety: _, ...others } = valid;
    const otherwise = resolveFacts(others);
    const scratch: ReasonRef[] = [];
    highOnlyBySafety = assessRisk(otherwise, assessSeverity(otherwise, scratch), scratch).level !== "high";
  }
  const { obligations, largeBreach, safety } = obligationsFor(resolved, risk, refs, {
    safetyExposed,
    highOnlyBySafety,
  });
  return { severity, risk, obligations, largeBreach, safety, refs };
}

/**
 * Assesses breach facts (contracts.md sections 2 → 3). Validates its input again and throws
 * InvalidInputError with every problem, so callers should run parseBreachFacts first to report them nicely.
 */
export function assess(facts: BreachFacts, options: AssessOptions = {}): Assessment {
  const valid = ensureValid(parseBreachFacts(facts));
  const language = options.language ?? "nl";
  const { severity, risk, obligations, largeBreach, safety, refs } = evaluate(valid);
  const { sensitivity, borderline } = sensitivityOf(
    valid,
    obligations,
    (varied) => evaluate(varied).obligations,
    language,
  );
  return {
    frameworkVersion: FRAMEWORK_VERSION,
    severity,
    risk,
    obligations,
    largeBreach,
    safety,
    reasons: renderReasons(refs, language),
    sensitivity,
    borderline,
  };
}

/** The personal action plan for one victim (contracts.md section 4); text in the victim's language. */
export function planFor(input: PlanInput): ActionPlan {
  return planForInput(ensureValid(parsePlanInput(input)));
}
