// assess: pure, deterministic, explainable rules — ENISA severity, GDPR art. 33/34 outcome and obligations,
// large-breach classification, and a victim's personal action plan, each with its reasons. Imports only the
// framework. Other parts import only this file, and it exports only what they use.
export { assess, planFor } from "./assessment.ts";
export { SAFE_ROUTES } from "./gdpr.ts";

export {
  ALLOWED_VALUES,
  type BreachFacts,
  DPC_LEVEL_MAX,
  DPC_LEVEL_MIN,
  parseBreachFacts,
  parsePlanInput,
} from "./input.ts";
export { type ActionPlan, adviceFor } from "./plan.ts";

export { REASON_CODES } from "./reasons.ts";
