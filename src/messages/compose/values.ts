/**
 * The values every template of a message reads that are the same for everyone with one profile (kind,
 * language, kinds of data, flags and plan): the organisation's facts and texts, the person's data, risks,
 * steps and help as lists, and the summary's words. A first notice is short by design: each risk in one
 * sentence, the three most urgent steps, and each help organisation on one line; the whole plan is on the
 * portal behind the person's code.
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
  helpLine,
  joinWords,
  leakedCategories,
  list,
  lowerFirst,
  OFTEN_FEARED,
  summaryData,
  summarySteps,
  wordCount,
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
  breachPage?: string,
): Record<string, TemplateValue> {
  const { organisation: org, texts, breach } = compiled.setup;
  const { recipient, plan } = input;
  const leaked = leakedCategories(recipient, breach);
  const leakedLabels = leaked.map((c) => categoryLabel(c, language));
  const ownSituation = situationStepIds(recipient.flags);
  const situation = plan.steps.filter((s) => ownSituation.has(s.id));
  const dpo = [org.dpo.name, org.dpo.email, org.dpo.phone].filter(Boolean).join(", ");
  const short = input.kind === "first-notice";
  return {
    organisation: org.name,
    breach_date: formatDate((breach.occurredFrom ?? breach.awareAt).slice(0, 10), language),
    discovery_date: formatDate(breach.awareAt.slice(0, 10), language),
    what_happened: texts.whatHappened[language],
    your_data: dataWords(leakedLabels, language, short ? INLINE_DATA_WORDS.leaked : 0),
    not_leaked: texts.notLeaked?.[language] ?? notLeaked(breach, language, short),
    authority_notified: authorityNotified(breach) ? "yes" : "",
    consequences: consequences(plan, language, short),
    your_steps: short
      ? stepList(urgentSteps(plan, ownSituation), true, language, false)
      : stepList(plan.steps, true, language),
    first_steps: firstSteps(plan, ownSituation, language),
    summary_data: summaryData(leaked, language),
    situation_advice: stepList(situation, false, language, !short),
    measures_taken: texts.measuresTaken[language],
    improvements: texts.improvements[language],
    contact_phone: org.phone,
    contact_hours: texts.contactHours[language],
    help_organisations: helpOrganisations(plan, language, short),
    compensation_info: texts.compensation[language],
    // A first notice sends people for news to the breach page on the portal, which keeps the dated updates.
    updates_url: short && breachPage ? breachPage : org.website,
    update_frequency: texts.updateFrequency[language],
    dpo_contact: dpo,
    verify_url: org.website,
    update_news: texts.updateNews?.[language],
  };
}

/** What people fear most that this breach did not include; empty when every such kind leaked. */
/**
 * How many words of data a short notice names inside its sentence, so that the sentence stays within B1's
 * 20 words: "Deze gegevens van u zijn gelekt: …" has 6 words besides the data, "Niet gelekt zijn: …" 3. More
 * data is listed instead.
 */
export const INLINE_DATA_WORDS = { leaked: 14, notLeaked: 17 } as const;

/** Kinds of data as a list, or — in a short notice, when few enough — as words inside the sentence. */
function dataWords(labels: readonly string[], language: Language, inlineWords: number): TemplateValue {
  const inline = joinWords(labels, language);
  if (wordCount(inline) <= inlineWords) return inline;
  return list(
    labels.map((text) => ({ text })),
    false,
    inline,
  );
}

function notLeaked(breach: BreachFacts, language: Language, short: boolean): TemplateValue {
  const breachCategories = new Set(breach.data.map((d) => d.category));
  // A list, not a run-on sentence: the fewer kinds leaked, the more of these there are (up to six).
  const labels = OFTEN_FEARED.filter((c) => !breachCategories.has(c)).map((c) => categoryLabel(c, language));
  if (labels.length === 0) return "";
  return dataWords(labels, language, short ? INLINE_DATA_WORDS.notLeaked : 0);
}

/** How many steps a first notice lists; the rest is on the portal. */
export const FIRST_NOTICE_STEPS = 3;
/** How many help organisations a first notice names, those of the most urgent steps first; all are on the portal. */
export const FIRST_NOTICE_HELP = 3;

/**
 * The most urgent steps, in the plan's order (by priority, then the framework's order), leaving out advice
 * for the person's situation (that has a section of its own) unless nothing else is left.
 */
function urgentSteps(plan: ActionPlan, ownSituation: ReadonlySet<string>): ActionPlan["steps"] {
  const actions = plan.steps.filter((s) => !ownSituation.has(s.id));
  return (actions.length > 0 ? actions : plan.steps).slice(0, FIRST_NOTICE_STEPS);
}

/** The first sentence of a text: what a short notice says of a risk. */
function firstSentence(text: string): string {
  const end = /[.!?](?=\s|$)/u.exec(text);
  return end ? text.slice(0, end.index + 1) : text;
}

function consequences(plan: ActionPlan, language: Language, short: boolean): ListValue {
  return list(
    // A short notice names each risk; what it means is on the portal.
    plan.risks.map((r) => (short ? { text: r.label } : { title: r.label, text: r.text })),
    false,
    joinWords(
      plan.risks.map((r) => lowerFirst(r.label)),
      language,
    ),
  );
}

function stepList(steps: ActionPlan["steps"], ordered: boolean, language: Language, how = true): ListValue {
  return list(
    // Without the how (a short notice), the first sentence of why: the rest is on the portal.
    steps.map((s) =>
      how ? { title: s.title, text: s.why, sub: [...s.how] } : { title: s.title, text: firstSentence(s.why) },
    ),
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

function helpOrganisations(plan: ActionPlan, language: Language, short: boolean): ListValue {
  const ids = [...new Set(plan.steps.flatMap((s) => s.help))].filter(isHelpOrganisationId);
  const help = ids.map((id) => getHelpOrganisation(id));
  return list(
    short
      ? help.slice(0, FIRST_NOTICE_HELP).map((h) => helpLine(h, language))
      : help.map((h) => helpItem(h, language)),
    false,
    joinWords(
      help.map((h) => h.name[language]),
      language,
    ),
  );
}
