/**
 * "Wat kunt u doen na een datalek?": a person ticks which of their data leaked (and, if they like, what applies
 * to them) in a plain HTML form and gets their personal plan — "do this now" first, then the risks, then who
 * can help. Works without JavaScript. The choices are POSTed, so they never end up in the address bar, the
 * browser history or a log, matching the page's promise that nothing is kept.
 *
 * An organisation's letter can link to the plan for its breach's data kinds:
 * GET /wat-kunt-u-doen/datalek?datalek=<breach name>&gegevens=<kind>,<kind>… The link names the breach and
 * the kinds of data in it, never the person; the person can then add or remove kinds in the same form.
 * Letters with that link are out there: once the named organisation has a published breach page, the link
 * redirects (308) to it, the one place that is kept up to date.
 */
import type { FastifyInstance, FastifyReply } from "fastify";
import { type ActionPlan, adviceFor } from "../../assess/index.ts";
import {
  CATEGORIES,
  type Category,
  type CategoryId,
  FLAGS,
  type FlagId,
  getHelpOrganisation,
  HELP_ORGANISATIONS,
  type HelpOrganisationId,
  type Priority,
} from "../../framework/index.ts";
import { BREACH_ADVICE_PATH as BREACH_PATH, isBreachName } from "../../messages/index.ts";
import { breachPageForOrganisationName } from "../../operations/index.ts";
import type { Executor, Keyring } from "../../store/index.ts";
import { phoneLink, withPhoneLinks } from "../format.ts";
import { html, type SafeHtml } from "../html.ts";
import { type BilingualText, LANGUAGES, type Language, localPath, t } from "../i18n.ts";
import { page } from "../layout.ts";
import { contactList } from "./help.ts";

const PATH = "/wat-kunt-u-doen";

const TEXT = {
  title: { nl: "Wat kunt u doen na een datalek?", en: "What can you do after a data breach?" },
  lead: {
    nl: "Kies welke gegevens van u gelekt zijn. U krijgt dan een lijst met stappen. De belangrijkste stappen staan bovenaan.",
    en: "Choose which information about you was leaked. You then get a list of steps, the most important first.",
  },
  privacy: {
    nl: "Wij bewaren uw keuzes niet. Wij vragen niet naar uw naam of e-mailadres.",
    en: "We do not keep your choices. We do not ask for your name or email address.",
  },
  dataLegend: { nl: "Welke gegevens van u zijn gelekt?", en: "Which information about you was leaked?" },
  dataHint: {
    nl: "Dit staat in de brief of e-mail van de organisatie. Weet u het niet zeker? Kies dan ook wat misschien gelekt is.",
    en: "The organisation's letter or email says this. Not sure? Then also choose what may have leaked.",
  },
  moreData: { nl: "Meer soorten gegevens", en: "More kinds of information" },
  flagsSummary: {
    nl: "Extra advies voor uw situatie (niet verplicht)",
    en: "Extra advice for your situation (optional)",
  },
  flagsLegend: { nl: "Geldt een van deze dingen voor u?", en: "Does any of this apply to you?" },
  flagsHint: {
    nl: "U hoeft niets te kiezen. Het helpt ons om u beter advies te geven.",
    en: "You do not have to choose anything. It helps us give you better advice.",
  },
  submit: { nl: "Toon mijn stappen", en: "Show my steps" },
  errorTitle: { nl: "Er is een probleem", en: "There is a problem" },
  errorPrefix: { nl: "Fout", en: "Error" },
  errorNone: {
    nl: "Kies minstens één soort gegevens die gelekt is.",
    en: "Choose at least one kind of information that was leaked.",
  },
  errorUnknownData: {
    nl: "Deze keuze kennen wij niet. Kies een of meer soorten gegevens uit de lijst.",
    en: "We do not know this choice. Choose one or more kinds of information from the list.",
  },
  errorUnknownFlag: {
    nl: "Deze keuze kennen wij niet. Kies uit de lijst wat voor u geldt, of kies niets.",
    en: "We do not know this choice. Choose from the list what applies to you, or choose nothing.",
  },
  errorBreachLink: {
    nl: "Deze link is niet compleet. Kies hieronder zelf welke gegevens van u gelekt zijn.",
    en: "This link is incomplete. Choose below which information about you was leaked.",
  },
  planTitle: { nl: "Uw stappenplan", en: "Your action plan" },
  breachPlanTitle: { nl: "Stappenplan na het datalek bij", en: "Action plan after the data breach at" },
  youChose: { nl: "U koos", en: "You chose" },
  breachLeaked: {
    nl: "Bij dit datalek lekten deze gegevens",
    en: "This information was leaked in this breach",
  },
  breachAdjust: {
    nl: "Lekte bij u iets anders? Pas dan onderaan de pagina uw keuze aan.",
    en: "Was different information about you leaked? Then change your choice at the bottom of the page.",
  },
  situation: { nl: "Uw situatie", en: "Your situation" },
  talkTitle: { nl: "Liever met iemand praten?", en: "Would you rather talk to someone?" },
  talkCall: { nl: "Bel", en: "Call" },
  stepsTitle: { nl: "Wat kunt u doen?", en: "What can you do?" },
  risksTitle: { nl: "Wat kan er gebeuren?", en: "What could happen?" },
  helpTitle: { nl: "Wie kan u helpen?", en: "Who can help you?" },
  why: { nl: "Waarom?", en: "Why?" },
  change: { nl: "Andere gegevens kiezen", en: "Choose other information" },
  adjustTitle: { nl: "Uw keuze aanpassen", en: "Change your choice" },
  channelLetter: {
    nl: "Gebruikt u geen computer of telefoon? Dan moet de organisatie u ook een brief op papier sturen.",
    en: "If you do not use a computer or phone, the organisation must also send you a paper letter.",
  },
} satisfies Record<string, BilingualText>;

const PRIORITY_TITLES: Record<Priority, BilingualText> = {
  now: { nl: "Doe dit nu", en: "Do this now" },
  soon: { nl: "Doe dit binnen een paar dagen", en: "Do this within a few days" },
  watch: { nl: "Let hier de komende maanden op", en: "Watch for this in the coming months" },
};

/** The kinds most large breaches leak, shown first; the rest sit behind "more kinds". */
const COMMON: readonly CategoryId[] = [
  "name",
  "address",
  "email",
  "phone",
  "date-of-birth",
  "bsn",
  "id-document-copy",
  "id-document-number",
  "iban",
  "password",
  "health",
];

const GROUPS: readonly { id: string; title: BilingualText; includes: (category: Category) => boolean }[] = [
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
    title: { nl: "Gevoelige gegevens", en: "Sensitive information" },
    includes: (c) => (c.enisaClass === "sensitive" || c.special || c.criminal) && !c.credential,
  },
];

/**
 * The victim flags as a person answers "does this apply to you?": in the first person, about themselves or
 * about whom they act for. The framework's own flag texts describe the group for organisations.
 */
const FLAG_CHOICES: Record<FlagId, { label: BilingualText; hint: BilingualText }> = {
  minor: {
    label: {
      nl: "Het gaat om de gegevens van mijn kind (jonger dan 18)",
      en: "It is about my child's information (under 18)",
    },
    hint: {
      nl: "U bent ouder of voogd. U krijgt tips om uw kind te helpen.",
      en: "You are a parent or guardian. You get tips to help your child.",
    },
  },
  senior: {
    label: { nl: "Ik ben een oudere", en: "I am an older person" },
    hint: {
      nl: "U krijgt extra tips over nepbellers.",
      en: "You get extra tips about fake callers.",
    },
  },
  "shielded-address": {
    label: { nl: "Mijn adres is afgeschermd", en: "My address is shielded" },
    hint: {
      nl: "Bijvoorbeeld omdat u zich verbergt voor iemand, na huiselijk geweld.",
      en: "For example because you are hiding from someone, after domestic violence.",
    },
  },
  "at-risk-profession": {
    label: { nl: "Door mijn werk loop ik extra risico", en: "My job puts me at extra risk" },
    hint: {
      nl: "Bijvoorbeeld bij de politie, de rechtspraak of een gevangenis, of als journalist.",
      en: "For example in the police, the courts or a prison, or as a journalist.",
    },
  },
  "public-figure": {
    label: { nl: "Veel mensen kennen mij", en: "Many people know who I am" },
    hint: {
      nl: "Bijvoorbeeld omdat u politicus of artiest bent.",
      en: "For example because you are a politician or performer.",
    },
  },
  "low-literacy": {
    label: { nl: "Lezen is moeilijk voor mij", en: "Reading is hard for me" },
    hint: {
      nl: "U krijgt tips om hulp te vragen.",
      en: "You get tips on asking for help.",
    },
  },
  "no-digital-access": {
    label: { nl: "Ik gebruik geen internet of e-mail", en: "I do not use the internet or email" },
    hint: {
      nl: "Iemand anders kijkt misschien voor u op deze website.",
      en: "Perhaps someone else is looking at this website for you.",
    },
  },
  represented: {
    label: { nl: "Ik regel dit voor iemand anders", en: "I am doing this for someone else" },
    hint: {
      nl: "U bent curator, bewindvoerder of mentor van die persoon.",
      en: "You are that person's guardian, financial administrator or mentor.",
    },
  },
  deceased: {
    label: { nl: "Het gaat om iemand die overleden is", en: "It is about someone who has died" },
    hint: {
      nl: "U bent familie of u regelt de zaken na het overlijden.",
      en: "You are family, or you are handling the person's affairs after the death.",
    },
  },
  endangered: {
    label: {
      nl: "Ik kan in gevaar komen als anderen weten wie ik ben of waar ik woon",
      en: "I could be in danger if others know who I am or where I live",
    },
    hint: {
      nl: "Bijvoorbeeld als getuige, na geweld of vervolging, of door uw werk.",
      en: "For example as a witness, after violence or persecution, or because of your work.",
    },
  },
};

/** Human help shown near the top of every plan: phone lines a worried person can call today. */
const TALK_TO: readonly HelpOrganisationId[] = ["fraudehelpdesk", "slachtofferhulp"];

interface FieldError {
  field: "gegevens" | "situatie";
  /** The id of the control the error summary's link moves focus to. */
  target: string;
  message: string;
}

interface Choice {
  categories: CategoryId[];
  flags: FlagId[];
  errors: FieldError[];
}

function asList(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value])
    .filter((v): v is string => typeof v === "string")
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter((v) => v !== "")
    .slice(0, 100);
}

const firstCheckbox = (field: "gegevens" | "situatie") =>
  field === "gegevens" ? `gegevens-${COMMON[0]}` : `situatie-${FLAGS[0]?.id}`;

/** Reads the posted choice; every unknown value and an empty choice become errors that say what to do. */
export function readChoice(body: Record<string, unknown>, language: Language): Choice {
  const errors: FieldError[] = [];
  const categories: CategoryId[] = [];
  for (const value of asList(body.gegevens)) {
    const category = CATEGORIES.find((c) => c.id === value);
    if (category) categories.push(category.id);
    else {
      errors.push({
        field: "gegevens",
        target: firstCheckbox("gegevens"),
        message: `${t(TEXT.errorUnknownData, language)} ("${value.slice(0, 40)}")`,
      });
    }
  }
  const flags: FlagId[] = [];
  for (const value of asList(body.situatie)) {
    const flag = FLAGS.find((f) => f.id === value);
    if (flag) flags.push(flag.id);
    else {
      errors.push({
        field: "situatie",
        target: firstCheckbox("situatie"),
        message: `${t(TEXT.errorUnknownFlag, language)} ("${value.slice(0, 40)}")`,
      });
    }
  }
  if (categories.length === 0 && !errors.some((e) => e.field === "gegevens")) {
    errors.unshift({
      field: "gegevens",
      target: firstCheckbox("gegevens"),
      message: t(TEXT.errorNone, language),
    });
  }
  return { categories: [...new Set(categories)], flags: [...new Set(flags)], errors };
}

function checkbox(name: string, value: string, label: string, hint: string, checked: boolean): SafeHtml {
  const id = `${name}-${value}`;
  return html`<div class="utrecht-form-field utrecht-form-field--checkbox">
<div class="utrecht-form-field__input"><input class="utrecht-checkbox utrecht-checkbox--html-input" type="checkbox" id="${id}" name="${name}" value="${value}" aria-describedby="${id}-hint"${checked ? html` checked` : ""}></div>
<div class="utrecht-form-field__label"><label class="utrecht-form-label utrecht-form-label--checkbox" for="${id}">${label}</label></div>
<div class="utrecht-form-field__description utrecht-form-field-description" id="${id}-hint">${hint}</div>
</div>`;
}

function categoryBox(category: Category, choice: Choice, language: Language): SafeHtml {
  return checkbox(
    "gegevens",
    category.id,
    t(category.label, language),
    t(category.explanation, language),
    choice.categories.includes(category.id),
  );
}

function fieldError(choice: Choice, field: FieldError["field"], language: Language): SafeHtml | "" {
  const errors = choice.errors.filter((e) => e.field === field);
  if (errors.length === 0) return "";
  return html`${errors.map(
    (e, i) =>
      html`<p class="utrecht-form-field-error-message" id="${field}-fout${i > 0 ? `-${i}` : ""}"><span class="lw-visually-hidden">${t(TEXT.errorPrefix, language)}: </span>${e.message}</p>`,
  )}`;
}

function describedBy(choice: Choice, field: FieldError["field"]): string {
  const count = choice.errors.filter((e) => e.field === field).length;
  const ids = [`${field}-hint`];
  for (let i = 0; i < count; i++) ids.push(`${field}-fout${i > 0 ? `-${i}` : ""}`);
  return ids.join(" ");
}

function submitButton(language: Language): SafeHtml {
  return html`<p class="utrecht-paragraph"><button class="utrecht-button utrecht-button--primary-action" type="submit">${t(TEXT.submit, language)}</button></p>`;
}

function form(choice: Choice, language: Language, showErrors: boolean): SafeHtml {
  const shown: Choice = showErrors ? choice : { ...choice, errors: [] };
  const invalidData = shown.errors.some((e) => e.field === "gegevens");
  const invalidFlags = shown.errors.some((e) => e.field === "situatie");
  const rest = CATEGORIES.filter((c) => !COMMON.includes(c.id));
  const openMore = rest.some((c) => choice.categories.includes(c.id));
  const openFlags = invalidFlags || choice.flags.length > 0;
  const common = COMMON.map((id) => CATEGORIES.find((c) => c.id === id)).filter((c) => c !== undefined);
  return html`<form class="utrecht-form" method="post" action="${localPath(PATH, language)}" novalidate>
<fieldset class="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset${invalidData ? " utrecht-form-fieldset--invalid" : ""}" id="gegevens" aria-describedby="${describedBy(shown, "gegevens")}">
<legend class="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">${t(TEXT.dataLegend, language)}</legend>
<p class="utrecht-paragraph" id="gegevens-hint">${t(TEXT.dataHint, language)}</p>
${fieldError(shown, "gegevens", language)}
${common.map((c) => categoryBox(c, choice, language))}
${submitButton(language)}
<details class="lw-more"${openMore ? html` open` : ""}>
<summary>${t(TEXT.moreData, language)} (${rest.length})</summary>
${GROUPS.map((group) => {
  const members = rest.filter((category) => group.includes(category));
  if (members.length === 0) return "";
  return html`<fieldset class="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset lw-subgroup">
<legend class="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">${t(group.title, language)}</legend>
${members.map((c) => categoryBox(c, choice, language))}
</fieldset>`;
})}
</details>
</fieldset>
<details class="lw-more"${openFlags ? html` open` : ""}>
<summary>${t(TEXT.flagsSummary, language)}</summary>
<fieldset class="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset${invalidFlags ? " utrecht-form-fieldset--invalid" : ""}" id="situatie" aria-describedby="${describedBy(shown, "situatie")}">
<legend class="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">${t(TEXT.flagsLegend, language)}</legend>
<p class="utrecht-paragraph" id="situatie-hint">${t(TEXT.flagsHint, language)}</p>
${fieldError(shown, "situatie", language)}
${FLAGS.map((f) => checkbox("situatie", f.id, t(FLAG_CHOICES[f.id].label, language), t(FLAG_CHOICES[f.id].hint, language), choice.flags.includes(f.id)))}
</fieldset>
</details>
${submitButton(language)}
</form>`;
}

function errorSummary(errors: readonly FieldError[], language: Language): SafeHtml | "" {
  if (errors.length === 0) return "";
  // autofocus moves focus to the summary without script, so keyboard and screen-reader users land on it.
  return html`<section class="utrecht-alert utrecht-alert--error" aria-labelledby="fout-titel" tabindex="-1" autofocus>
<div class="utrecht-alert__content"><div class="utrecht-alert__message">
<h2 class="utrecht-heading-3" id="fout-titel">${t(TEXT.errorTitle, language)}</h2>
<ul class="utrecht-unordered-list">${errors.map((e) => html`<li><a class="utrecht-link" href="#${e.target}">${e.message}</a></li>`)}</ul>
</div></div></section>`;
}

function talkToSomeone(flags: readonly FlagId[], language: Language): SafeHtml {
  const ids: HelpOrganisationId[] = flags.includes("shielded-address")
    ? ["veilig-thuis", ...TALK_TO]
    : [...TALK_TO];
  const lines = ids.map((id) => {
    const organisation = getHelpOrganisation(id);
    const phone = organisation?.contact.find((route) => route.kind === "phone");
    if (!organisation || !phone) return "";
    const hours = organisation.openingHours
      ? html` (${t(organisation.openingHours, language).toLowerCase()})`
      : "";
    return html`<li>${t(organisation.name, language)}: ${t(TEXT.talkCall, language).toLowerCase()} ${phoneLink(phone.value)}${hours}</li>`;
  });
  return html`<section class="lw-help-now" aria-labelledby="praten-titel">
<h2 class="utrecht-heading-3" id="praten-titel">${t(TEXT.talkTitle, language)}</h2>
<ul class="utrecht-unordered-list">${lines}</ul>
</section>`;
}

function stepsSection(plan: ActionPlan, language: Language): SafeHtml {
  let number = 1;
  const groups = (["now", "soon", "watch"] as const)
    .map((priority) => ({ priority, steps: plan.steps.filter((step) => step.priority === priority) }))
    .filter((group) => group.steps.length > 0)
    .map((group) => {
      const start = number;
      number += group.steps.length;
      return html`<h3 class="utrecht-heading-3">${t(PRIORITY_TITLES[group.priority], language)}</h3>
<ol class="utrecht-ordered-list lw-steps" start="${start}">${group.steps.map(
        (step) => html`<li>
<p class="utrecht-paragraph"><strong>${step.title}</strong></p>
<p class="utrecht-paragraph lw-step-why">${t(TEXT.why, language)} ${withPhoneLinks(step.why)}</p>
<ul class="utrecht-unordered-list">${step.how.map((line) => html`<li>${withPhoneLinks(line)}</li>`)}</ul>
</li>`,
      )}</ol>`;
    });
  return html`<h2 class="utrecht-heading-2" id="stappen">${t(TEXT.stepsTitle, language)}</h2>
${groups}`;
}

function planBody(plan: ActionPlan, choice: Choice, language: Language, breachName: string | null): SafeHtml {
  const helpIds = [...new Set(plan.steps.flatMap((step) => step.help))];
  const helpers = HELP_ORGANISATIONS.filter((organisation) => helpIds.includes(organisation.id));
  const chosen = CATEGORIES.filter((c) => choice.categories.includes(c.id))
    .map((c) => t(c.label, language))
    .join(", ");
  // Dutch sentences read on after the colon in lower case; English keeps "I".
  const situation = choice.flags
    .map((id) => t(FLAG_CHOICES[id].label, language))
    .map((label) => (language === "nl" ? label.charAt(0).toLowerCase() + label.slice(1) : label))
    .join(", ");
  const title = breachName
    ? `${t(TEXT.breachPlanTitle, language)} ${breachName}`
    : t(TEXT.planTitle, language);
  return html`<div class="lw-prose">
<h1 class="utrecht-heading-1" id="stappenplan">${title}</h1>
<p class="utrecht-paragraph">${breachName ? t(TEXT.breachLeaked, language) : t(TEXT.youChose, language)}: ${chosen}.</p>
${situation ? html`<p class="utrecht-paragraph">${t(TEXT.situation, language)}: ${situation}.</p>` : ""}
${breachName ? html`<p class="utrecht-paragraph">${t(TEXT.breachAdjust, language)}</p>` : ""}
${choice.flags.includes("no-digital-access") ? html`<p class="utrecht-paragraph">${t(TEXT.channelLetter, language)}</p>` : ""}
${talkToSomeone(choice.flags, language)}
${stepsSection(plan, language)}
<h2 class="utrecht-heading-2">${t(TEXT.risksTitle, language)}</h2>
<ul class="utrecht-unordered-list">${plan.risks.map((risk) => html`<li><strong>${risk.label}.</strong> ${risk.text}</li>`)}</ul>
${
  helpers.length > 0
    ? html`<h2 class="utrecht-heading-2">${t(TEXT.helpTitle, language)}</h2>
${helpers.map(
  (organisation) => html`<h3 class="utrecht-heading-3">${t(organisation.name, language)}</h3>
<p class="utrecht-paragraph">${t(organisation.helpsWith, language)}</p>${contactList(organisation, language)}`,
)}`
    : ""
}
${
  breachName
    ? html`<h2 class="utrecht-heading-2">${t(TEXT.adjustTitle, language)}</h2>
${form(choice, language, false)}`
    : html`<p class="utrecht-paragraph"><a class="utrecht-link" href="${localPath(PATH, language)}">${t(TEXT.change, language)}</a></p>`
}
</div>`;
}

function formBody(choice: Choice, language: Language, errors: readonly FieldError[]): SafeHtml {
  return html`<div class="lw-prose">
<h1 class="utrecht-heading-1">${t(TEXT.title, language)}</h1>
${errorSummary(errors, language)}
<p class="utrecht-paragraph utrecht-paragraph--lead">${t(TEXT.lead, language)}</p>
<p class="utrecht-paragraph">${t(TEXT.privacy, language)}</p>
${form({ ...choice, errors: [...errors] }, language, true)}
</div>`;
}

const EMPTY: Choice = { categories: [], flags: [], errors: [] };

export interface AdviceOptions {
  /** The database of breach pages an old breach link redirects to; without it the link shows the plan. */
  store?: { db: Executor; keys: Keyring };
}

export async function adviceRoutes(app: FastifyInstance, options: AdviceOptions): Promise<void> {
  for (const language of LANGUAGES) {
    const send = (
      reply: FastifyReply,
      status: number,
      title: BilingualText | string,
      body: SafeHtml,
      path = PATH,
    ) =>
      reply
        .code(status)
        .header("cache-control", "no-store")
        .type("text/html; charset=utf-8")
        .send(page({ language, path, title, body }));
    const errorTitle: BilingualText = {
      nl: `${TEXT.errorPrefix.nl}: ${TEXT.title.nl}`,
      en: `${TEXT.errorPrefix.en}: ${TEXT.title.en}`,
    };

    // The empty form. Choices in a query string are ignored on purpose: they belong in a POST body.
    app.get(localPath(PATH, language), { schema: { hide: true } }, async (_request, reply) =>
      send(reply, 200, TEXT.title, formBody(EMPTY, language, [])),
    );

    app.post<{ Body: Record<string, unknown> | undefined }>(
      localPath(PATH, language),
      { schema: { hide: true }, config: { rateLimit: {} } },
      async (request, reply) => {
        const body = request.body && typeof request.body === "object" ? request.body : {};
        const choice = readChoice(body, language);
        if (choice.errors.length > 0) {
          return send(reply, 400, errorTitle, formBody(choice, language, choice.errors));
        }
        const plan = adviceFor({ categories: choice.categories, flags: choice.flags, language });
        return send(reply, 200, TEXT.planTitle, planBody(plan, choice, language, null));
      },
    );

    app.get<{ Querystring: Record<string, unknown> }>(
      localPath(BREACH_PATH, language),
      { schema: { hide: true }, config: { rateLimit: {} } },
      async (request, reply) => {
        const name = request.query.datalek;
        const moved =
          options.store && isBreachName(name)
            ? await breachPageForOrganisationName(options.store, name)
            : undefined;
        // A page may move to a new address later: caches keep the redirect only briefly.
        if (moved)
          return reply
            .header("cache-control", "public, max-age=300")
            .redirect(localPath(`/datalek/${moved}`, language), 308);
        const kinds = asList(request.query.gegevens).filter((id) => CATEGORIES.some((c) => c.id === id));
        if (!isBreachName(name) || kinds.length === 0) {
          const errors: FieldError[] = [
            {
              field: "gegevens",
              target: firstCheckbox("gegevens"),
              message: t(TEXT.errorBreachLink, language),
            },
          ];
          return send(reply, 400, errorTitle, formBody(EMPTY, language, errors));
        }
        const choice: Choice = { categories: [...new Set(kinds)] as CategoryId[], flags: [], errors: [] };
        const plan = adviceFor({ categories: choice.categories, language });
        const path = `${BREACH_PATH}?${new URLSearchParams({ datalek: name, gegevens: choice.categories.join(",") })}`;
        const title = `${t(TEXT.breachPlanTitle, language)} ${name}`;
        return send(reply, 200, title, planBody(plan, choice, language, name), path);
      },
    );
  }
}
