/**
 * The values every template of a message reads that are the same for everyone with one profile (kind,
 * language, kinds of data, flags and plan): the organisation's facts and texts, the person's data, risks,
 * steps and help as lists, and the summary's words.
 */
import { type ActionPlan, assess, type BreachFacts } from "../../assess/index.ts";
import { formatDate } from "../../core/index.ts";
import { getHelpOrganisation, isHelpOrganisationId } from "../../framework/index.ts";
import type { Language } from "../message.ts";
import type { ListValue, TemplateValue } from "../template/template.ts";
import type { CompiledMessageSetup } from "./campaign.ts";
import type { ComposeInput } from "./compose.ts";
import { situationStepIds } from "./required.ts";
import {
  categoryLabel,
  helpItem,
  joinWords,
  leakedCategories,
  list,
  lowerFirst,
  OFTEN_FEARED,
  summaryData,
  summarySteps,
} from "./wording.ts";

const authorityDuty = new WeakMap<BreachFacts, boolean>();

/** Whether the regulator must have been told (GDPR art. 33); assessed once per breach, not per person. */
function authorityNotified(breach: BreachFacts): boolean {
  let known = authorityDuty.get(breach);
  if (known === undefined) {
    known = assess(breach).obligations.notifyAuthority;
    authorityDuty.set(breach, known);
  }
  return known;
}

/** The values of one profile, in the order the framework's placeholders list them. */
export function sharedValuesFor(
  compiled: CompiledMessageSetup,
  input: ComposeInput,
  language: Language,
): Record<string, TemplateValue> {
  const { organisation: org, texts, breach } = compiled.setup;
  const { recipient, plan } = input;
  const leaked = leakedCategories(recipient, breach);
  const leakedLabels = leaked.map((c) => categoryLabel(c, language));
  const ownSituation = situationStepIds(recipient.flags);
  const situation = plan.steps.filter((s) => ownSituation.has(s.id));
  const dpo = [org.dpo.name, org.dpo.email, org.dpo.phone].filter(Boolean).join(", ");
  return {
    organisation: org.name,
    breach_date: formatDate((breach.occurredFrom ?? breach.awareAt).slice(0, 10), language),
    discovery_date: formatDate(breach.awareAt.slice(0, 10), language),
    what_happened: texts.whatHappened[language],
    your_data: list(
      leakedLabels.map((text) => ({ text })),
      false,
      joinWords(leakedLabels, language),
    ),
    not_leaked: texts.notLeaked?.[language] ?? notLeaked(breach, language),
    authority_notified: authorityNotified(breach) ? "yes" : "",
    consequences: consequences(plan, language),
    your_steps: stepList(plan.steps, true, language),
    first_steps: firstSteps(plan, ownSituation, language),
    summary_data: summaryData(leaked, language),
    situation_advice: stepList(situation, false, language),
    measures_taken: texts.measuresTaken[language],
    improvements: texts.improvements[language],
    contact_phone: org.phone,
    contact_hours: texts.contactHours[language],
    help_organisations: helpOrganisations(plan, language),
    compensation_info: texts.compensation[language],
    updates_url: org.website,
    update_frequency: texts.updateFrequency[language],
    dpo_contact: dpo,
    verify_url: org.website,
    update_news: texts.updateNews?.[language],
  };
}

/** What people fear most that this breach did not include; empty when every such kind leaked. */
function notLeaked(breach: BreachFacts, language: Language): TemplateValue {
  const breachCategories = new Set(breach.data.map((d) => d.category));
  // A list, not a run-on sentence: the fewer kinds leaked, the more of these there are (up to six).
  const labels = OFTEN_FEARED.filter((c) => !breachCategories.has(c)).map((c) => categoryLabel(c, language));
  if (labels.length === 0) return "";
  return list(
    labels.map((text) => ({ text })),
    false,
    joinWords(labels, language),
  );
}

function consequences(plan: ActionPlan, language: Language): ListValue {
  return list(
    plan.risks.map((r) => ({ title: r.label, text: r.text })),
    false,
    joinWords(
      plan.risks.map((r) => lowerFirst(r.label)),
      language,
    ),
  );
}

function stepList(steps: ActionPlan["steps"], ordered: boolean, language: Language): ListValue {
  return list(
    steps.map((s) => ({ title: s.title, text: s.why, sub: [...s.how] })),
    ordered,
    joinWords(
      steps.map((s) => lowerFirst(s.title)),
      language,
    ),
  );
}

/** The summary's first things to do; advice addressed to a group ("for parents") is not an action. */
function firstSteps(plan: ActionPlan, ownSituation: ReadonlySet<string>, language: Language): string {
  const actions = plan.steps.filter((s) => !ownSituation.has(s.id));
  const now = actions.filter((s) => s.priority === "now").slice(0, 2);
  return summarySteps(
    (now.length > 0 ? now : (actions.length > 0 ? actions : plan.steps).slice(0, 1)).map((s) =>
      lowerFirst(s.title),
    ),
    language,
  );
}

function helpOrganisations(plan: ActionPlan, language: Language): ListValue {
  const ids = [...new Set(plan.steps.flatMap((s) => s.help))].filter(isHelpOrganisationId);
  const help = ids.map((id) => getHelpOrganisation(id));
  return list(
    help.map((h) => helpItem(h, language)),
    false,
    joinWords(
      help.map((h) => h.name[language]),
      language,
    ),
  );
}
