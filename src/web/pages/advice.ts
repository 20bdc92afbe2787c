/**
 * "Wat kunt u doen na een datalek?": a person ticks which of their data leaked (and what applies to them) in a
 * plain HTML form, and gets their personal plan — risks first, then steps by urgency, then who can help.
 * Works without JavaScript; the choice travels in the query string, which the logs never record.
 */
import type { FastifyInstance } from "fastify";
import { type ActionPlan, adviceFor } from "../../assess/index.ts";
import {
  CATEGORIES,
  type Category,
  type CategoryId,
  FLAGS,
  type FlagId,
  HELP_ORGANISATIONS,
  type Priority,
} from "../../framework/index.ts";
import { html, type SafeHtml } from "../html.ts";
import { LANGUAGES, type Language, type Localised, localPath, t } from "../i18n.ts";
import { page } from "../layout.ts";
import { contactList } from "./help.ts";

const PATH = "/wat-kunt-u-doen";

const TEXT = {
  title: { nl: "Wat kunt u doen na een datalek?", en: "What can you do after a data breach?" },
  lead: {
    nl: "Kies hieronder welke gegevens van u zijn gelekt. U ziet dan welke risico's u loopt en wat u kunt doen. De belangrijkste stappen staan bovenaan.",
    en: "Choose below which of your data leaked. You then see which risks you run and what you can do. The most important steps come first.",
  },
  privacy: {
    nl: "Wij bewaren uw keuzes niet. Wij vragen niet naar uw naam of e-mailadres.",
    en: "We do not keep your choices. We do not ask for your name or email address.",
  },
  dataLegend: { nl: "Welke gegevens van u zijn gelekt?", en: "Which of your data leaked?" },
  dataHint: {
    nl: "Dit staat in het bericht van de organisatie. Weet u het niet zeker? Kies dan wat misschien gelekt is.",
    en: "The organisation's message says this. Not sure? Then choose what may have leaked.",
  },
  flagsLegend: { nl: "Geldt een van deze dingen voor u?", en: "Does any of this apply to you?" },
  flagsHint: {
    nl: "Dit is niet verplicht. Het helpt ons om u beter advies te geven.",
    en: "This is optional. It helps us give you better advice.",
  },
  submit: { nl: "Toon mijn stappen", en: "Show my steps" },
  errorTitle: { nl: "Er is een probleem", en: "There is a problem" },
  errorNone: {
    nl: "Kies minstens één soort gegevens die gelekt is.",
    en: "Choose at least one kind of data that leaked.",
  },
  errorUnknown: { nl: "Deze keuze kennen wij niet", en: "We do not know this choice" },
  planTitle: { nl: "Uw stappenplan", en: "Your action plan" },
  risksTitle: { nl: "Wat kan er gebeuren?", en: "What could happen?" },
  stepsTitle: { nl: "Wat kunt u doen?", en: "What can you do?" },
  helpTitle: { nl: "Wie kan u helpen?", en: "Who can help you?" },
  why: { nl: "Waarom", en: "Why" },
  change: { nl: "Andere gegevens kiezen", en: "Choose other data" },
  channelLetter: {
    nl: "Organisaties moeten u ook een brief op papier sturen als u geen computer of telefoon gebruikt.",
    en: "Organisations must also send you a paper letter if you do not use a computer or phone.",
  },
} satisfies Record<string, Localised>;

const PRIORITY_TITLES: Record<Priority, Localised> = {
  now: { nl: "Doe dit nu", en: "Do this now" },
  soon: { nl: "Doe dit binnen een paar dagen", en: "Do this within a few days" },
  watch: { nl: "Let hier de komende tijd op", en: "Watch for this in the coming months" },
};

const GROUPS: readonly { id: string; title: Localised; includes: (category: Category) => boolean }[] = [
  {
    id: "identiteit",
    title: { nl: "Wie u bent en hoe u te bereiken bent", en: "Who you are and how to reach you" },
    includes: (c) => c.enisaClass === "simple" && !c.credential && !c.special && !c.criminal,
  },
  { id: "inloggen", title: { nl: "Inloggegevens", en: "Login details" }, includes: (c) => c.credential },
  {
    id: "geld",
    title: { nl: "Geld en betalen", en: "Money and payments" },
    includes: (c) => c.enisaClass === "financial" && !c.credential,
  },
  {
    id: "gedrag",
    title: { nl: "Wat u doet en waar u bent", en: "What you do and where you are" },
    includes: (c) => c.enisaClass === "behavioural" && !c.credential,
  },
  {
    id: "gevoelig",
    title: { nl: "Gevoelige gegevens", en: "Sensitive data" },
    includes: (c) => (c.enisaClass === "sensitive" || c.special || c.criminal) && !c.credential,
  },
];

interface Choice {
  categories: CategoryId[];
  flags: FlagId[];
  errors: { field: string; message: string }[];
  submitted: boolean;
}

function asList(value: unknown): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === "string");
}

export function readChoice(query: Record<string, unknown>, language: Language): Choice {
  const errors: Choice["errors"] = [];
  const submitted = query.gegevens !== undefined || query.situatie !== undefined || query.toon !== undefined;
  const categories: CategoryId[] = [];
  for (const value of asList(query.gegevens)) {
    const category = CATEGORIES.find((c) => c.id === value);
    if (category) categories.push(category.id);
    else
      errors.push({
        field: "gegevens",
        message: `${t(TEXT.errorUnknown, language)}: "${value.slice(0, 40)}"`,
      });
  }
  const flags: FlagId[] = [];
  for (const value of asList(query.situatie)) {
    const flag = FLAGS.find((f) => f.id === value);
    if (flag) flags.push(flag.id);
    else
      errors.push({
        field: "situatie",
        message: `${t(TEXT.errorUnknown, language)}: "${value.slice(0, 40)}"`,
      });
  }
  if (submitted && categories.length === 0)
    errors.unshift({ field: "gegevens", message: t(TEXT.errorNone, language) });
  return { categories: [...new Set(categories)], flags: [...new Set(flags)], errors, submitted };
}

function checkbox(name: string, value: string, label: string, hint: string, checked: boolean): SafeHtml {
  const id = `${name}-${value}`;
  return html`<div class="utrecht-form-field utrecht-form-field--checkbox">
<div class="utrecht-form-field__input"><input class="utrecht-checkbox utrecht-checkbox--html-input" type="checkbox" id="${id}" name="${name}" value="${value}" aria-describedby="${id}-hint"${checked ? html` checked` : ""}></div>
<div class="utrecht-form-field__label"><label class="utrecht-form-label utrecht-form-label--checkbox" for="${id}">${label}</label></div>
<div class="utrecht-form-field__description utrecht-form-field-description" id="${id}-hint">${hint}</div>
</div>`;
}

function form(choice: Choice, language: Language): SafeHtml {
  const invalidData = choice.errors.some((e) => e.field === "gegevens");
  return html`<form class="utrecht-form" method="get" action="${localPath(PATH, language)}#stappenplan" novalidate>
<input type="hidden" name="toon" value="1">
<fieldset class="utrecht-form-fieldset" id="gegevens" aria-describedby="gegevens-hint"${invalidData ? html` aria-invalid="true"` : ""}>
<legend class="utrecht-form-fieldset__legend">${t(TEXT.dataLegend, language)}</legend>
<p class="utrecht-paragraph" id="gegevens-hint">${t(TEXT.dataHint, language)}</p>
${GROUPS.map((group) => {
  const members = CATEGORIES.filter((category) => group.includes(category));
  return html`<h3 class="utrecht-heading-4" id="groep-${group.id}">${t(group.title, language)}</h3>
<div role="group" aria-labelledby="groep-${group.id}">
${members.map((c) => checkbox("gegevens", c.id, t(c.label, language), t(c.explanation, language), choice.categories.includes(c.id)))}
</div>`;
})}
</fieldset>
<fieldset class="utrecht-form-fieldset" id="situatie" aria-describedby="situatie-hint">
<legend class="utrecht-form-fieldset__legend">${t(TEXT.flagsLegend, language)}</legend>
<p class="utrecht-paragraph" id="situatie-hint">${t(TEXT.flagsHint, language)}</p>
${FLAGS.map((f) => checkbox("situatie", f.id, t(f.label, language), t(f.explanation, language), choice.flags.includes(f.id)))}
</fieldset>
<p class="utrecht-paragraph"><button class="utrecht-button utrecht-button--primary-action" type="submit">${t(TEXT.submit, language)}</button></p>
</form>`;
}

function errorSummary(choice: Choice, language: Language): SafeHtml | "" {
  if (choice.errors.length === 0) return "";
  return html`<div class="utrecht-alert utrecht-alert--error" role="alert" aria-labelledby="fout-titel">
<div class="utrecht-alert__content"><div class="utrecht-alert__message">
<h2 class="utrecht-heading-3" id="fout-titel">${t(TEXT.errorTitle, language)}</h2>
<ul class="utrecht-unordered-list">${choice.errors.map((e) => html`<li><a class="utrecht-link" href="#${e.field}">${e.message}</a></li>`)}</ul>
</div></div></div>`;
}

function planSection(plan: ActionPlan, choice: Choice, language: Language): SafeHtml {
  const helpIds = [...new Set(plan.steps.flatMap((step) => step.help))];
  const helpers = HELP_ORGANISATIONS.filter((organisation) => helpIds.includes(organisation.id));
  const byPriority = (["now", "soon", "watch"] as const)
    .map((priority) => ({ priority, steps: plan.steps.filter((step) => step.priority === priority) }))
    .filter((group) => group.steps.length > 0);
  const chosen = CATEGORIES.filter((c) => choice.categories.includes(c.id));
  return html`<section id="stappenplan" aria-labelledby="stappenplan-titel" class="lw-prose">
<h2 class="utrecht-heading-2" id="stappenplan-titel" tabindex="-1">${t(TEXT.planTitle, language)}</h2>
<p class="utrecht-paragraph">${chosen.map((c, i) => html`${i > 0 ? ", " : ""}${t(c.label, language)}`)}</p>
${choice.flags.includes("no-digital-access") ? html`<p class="utrecht-paragraph">${t(TEXT.channelLetter, language)}</p>` : ""}
<h3 class="utrecht-heading-3">${t(TEXT.risksTitle, language)}</h3>
<ul class="utrecht-unordered-list">${plan.risks.map((risk) => html`<li><strong>${risk.label}.</strong> ${risk.text}</li>`)}</ul>
<h3 class="utrecht-heading-3">${t(TEXT.stepsTitle, language)}</h3>
${byPriority.map(
  (group) => html`<h4 class="utrecht-heading-4">${t(PRIORITY_TITLES[group.priority], language)}</h4>
<ol class="utrecht-ordered-list">${group.steps.map(
    (step) => html`<li><strong>${step.title}</strong>
<p class="utrecht-paragraph">${t(TEXT.why, language)}: ${step.why}</p>
<ol class="utrecht-ordered-list">${step.how.map((line) => html`<li>${line}</li>`)}</ol></li>`,
  )}</ol>`,
)}
${
  helpers.length > 0
    ? html`<h3 class="utrecht-heading-3">${t(TEXT.helpTitle, language)}</h3>
${helpers.map(
  (organisation) => html`<h4 class="utrecht-heading-4">${t(organisation.name, language)}</h4>
<p class="utrecht-paragraph">${t(organisation.helpsWith, language)}</p>${contactList(organisation, language)}`,
)}`
    : ""
}
<p class="utrecht-paragraph"><a class="utrecht-link" href="#gegevens">${t(TEXT.change, language)}</a></p>
</section>`;
}

export async function adviceRoutes(app: FastifyInstance): Promise<void> {
  for (const language of LANGUAGES) {
    app.get<{ Querystring: Record<string, unknown> }>(
      localPath(PATH, language),
      { schema: { hide: true }, config: { rateLimit: {} } },
      async (request, reply) => {
        const choice = readChoice(request.query, language);
        const plan =
          choice.categories.length > 0
            ? adviceFor({ categories: choice.categories, flags: choice.flags, language })
            : null;
        const title: Localised = choice.errors.length
          ? { nl: `Fout: ${TEXT.title.nl}`, en: `Error: ${TEXT.title.en}` }
          : TEXT.title;
        const body = html`<div class="lw-prose">
<h1 class="utrecht-heading-1">${t(TEXT.title, language)}</h1>
<p class="utrecht-paragraph utrecht-paragraph--lead">${t(TEXT.lead, language)}</p>
<p class="utrecht-paragraph">${t(TEXT.privacy, language)}</p>
${errorSummary(choice, language)}
</div>
${plan ? planSection(plan, choice, language) : ""}
${form(choice, language)}`;
        return reply
          .code(choice.errors.length > 0 ? 400 : 200)
          .header("cache-control", "no-store")
          .type("text/html; charset=utf-8")
          .send(page({ language, path: PATH, title, body }));
      },
    );
  }
}
