// Personal action plan (contracts.md section 4): the person's leaked categories and flags → their risks,
// the steps those justify (by priority, stable within a priority) and the route to reach them.
import {
  type CategoryId,
  type ChannelId,
  FLAGS,
  type FlagId,
  getCategory,
  getFlag,
  type HelpOrganisationId,
  type Language,
  PRIORITIES,
  type Priority,
  RISKS,
  type RiskId,
  STEPS,
  type Step,
  type StepId,
  type StepTrigger,
} from "../framework/index.ts";
import type { PlanInput } from "./input.ts";

export interface PlanRisk {
  id: RiskId;
  label: string;
  text: string;
}

export interface PlanStep {
  id: StepId;
  priority: Priority;
  title: string;
  why: string;
  how: string[];
  help: HelpOrganisationId[];
}

export interface ActionPlan {
  risks: PlanRisk[];
  steps: PlanStep[];
  channels: ChannelId[];
}

export interface AdviceRequest {
  categories: readonly CategoryId[];
  flags?: readonly FlagId[];
  language?: Language;
}

/** Used when no flag asks for another route. */
export const DEFAULT_CHANNELS: readonly ChannelId[] = ["email", "letter"];
const DIGITAL: readonly ChannelId[] = ["email", "sms"];

/** The risk whose steps lead a plan, in the risk's own order, for a person who faces it (issue 19). */
const LEADING_RISK: RiskId = "physical-danger";
/** The flag the breach-level fact physicalSafety gives the people it covers. */
export const ENDANGERED_FLAG: FlagId = "endangered";

function triggerMatches(
  trigger: StepTrigger,
  categories: ReadonlySet<CategoryId>,
  flags: ReadonlySet<FlagId>,
): boolean {
  const primary =
    "categories" in trigger
      ? trigger.categories.some((id) => categories.has(id))
      : trigger.flags.some((id) => flags.has(id));
  if (!primary) return false;
  return trigger.withCategories === undefined || trigger.withCategories.some((id) => categories.has(id));
}

/** The most urgent priority among the step's matching triggers, or null when nothing justifies the step. */
export function stepPriority(
  step: Step,
  categories: ReadonlySet<CategoryId>,
  flags: ReadonlySet<FlagId>,
): Priority | null {
  const matched = step.triggers.filter((trigger) => triggerMatches(trigger, categories, flags));
  if (matched.length === 0) return null;
  return PRIORITIES.find((priority) => matched.some((trigger) => trigger.priority === priority)) ?? null;
}

export function channelsFor(flags: ReadonlySet<FlagId>): ChannelId[] {
  const present = FLAGS.filter((flag) => flags.has(flag.id));
  const replacing = present
    .filter((flag) => flag.channel.replacesRecipient !== null)
    .sort((a, b) => (a.channel.replacesRecipient ?? 0) - (b.channel.replacesRecipient ?? 0));
  // Somebody else is written to (estate, representative, parents): their route is the only one.
  const first = replacing[0];
  if (first) return [...first.channel.preferred];
  const routes: ChannelId[] = [];
  for (const flag of present) {
    for (const channel of flag.channel.preferred) if (!routes.includes(channel)) routes.push(channel);
  }
  if (routes.length === 0) routes.push(...DEFAULT_CHANNELS);
  if (!present.some((flag) => flag.channel.excludesDigital)) return routes;
  const offline = routes.filter((channel) => !DIGITAL.includes(channel));
  return offline.length > 0 ? offline : ["letter"];
}

/** A plan from the person's own categories and flags, without breach facts (e.g. the public advice page). */
export function adviceFor(request: AdviceRequest): ActionPlan {
  const language = request.language ?? "nl";
  const categories = new Set(request.categories);
  const flags = new Set(request.flags ?? []);

  const riskIds = new Set<RiskId>();
  for (const id of categories) for (const risk of getCategory(id).risks) riskIds.add(risk);
  for (const id of flags) for (const risk of getFlag(id).extraRisks) riskIds.add(risk);
  const risks = RISKS.filter((risk) => riskIds.has(risk.id)).map((risk) => ({
    id: risk.id,
    label: risk.label[language],
    text: risk.explanation[language],
  }));

  // Someone in physical danger reads the safety steps first within each priority: what to do when threatened
  // matters more than a password. Everyone else keeps the framework order.
  const leading = riskIds.has(LEADING_RISK)
    ? (RISKS.find((risk) => risk.id === LEADING_RISK)?.steps ?? [])
    : [];
  const lead = (id: StepId) => {
    const index = leading.indexOf(id);
    return index === -1 ? leading.length : index;
  };
  const steps = STEPS.flatMap((step) => {
    const priority = stepPriority(step, categories, flags);
    return priority === null ? [] : [{ step, priority }];
  })
    // Array.prototype.sort is stable, so framework order holds within a priority.
    .sort(
      (a, b) =>
        PRIORITIES.indexOf(a.priority) - PRIORITIES.indexOf(b.priority) || lead(a.step.id) - lead(b.step.id),
    )
    .map(({ step, priority }) => ({
      id: step.id,
      priority,
      title: step.title[language],
      why: step.why[language],
      how: step.how.map((line) => line[language]),
      help: [...step.help],
    }));

  return { risks, steps, channels: channelsFor(flags) };
}

/**
 * The flags a breach gives every person in it: physicalSafety covering everyone (no count, or a count of all)
 * makes each person endangered. When it covers only some, the victim file marks them with the flag instead.
 */
export function breachFlags(breach: PlanInput["breach"]): FlagId[] {
  const safety = breach.physicalSafety;
  if (safety === undefined) return [];
  const all = safety.subjects === undefined || safety.subjects === breach.subjects?.count;
  return all ? [ENDANGERED_FLAG] : [];
}

/** The plan for one victim of a breach; no categories of their own means all of the breach's categories. */
export function planForInput(input: PlanInput): ActionPlan {
  const own = input.victim.categories ?? [];
  const categories = own.length > 0 ? own : input.breach.data.map((item) => item.category);
  const flags = [...new Set([...(input.victim.flags ?? []), ...breachFlags(input.breach)])];
  return adviceFor({ categories, flags, language: input.victim.language ?? "nl" });
}
