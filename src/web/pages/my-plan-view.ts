/**
 * The markup of "Mijn plan": the code form, the plan (steps with check boxes in one form, so ticking works
 * without JavaScript), the printable version, and the victim's details, requests and rights. Pure functions of
 * the operation's view; the routes are in my-plan.ts.
 */

import { formatDate } from "../../core/index.ts";
import {
  FLAGS,
  getCategory,
  getHelpOrganisation,
  HELP_ORGANISATIONS,
  type HelpOrganisationId,
} from "../../framework/index.ts";
import type { MyPlan } from "../../operations/index.ts";
import { phoneLink, withPhoneLinks } from "../format.ts";
import { html, type SafeHtml } from "../html.ts";
import { type Language, localPath, t } from "../i18n.ts";
import { contactList } from "./help.ts";
import {
  type AddressCodeError,
  addressState,
  codeErrorItem,
  letterAsked,
  letterState,
  requestList,
} from "./my-plan-requests.ts";
import { PRIORITY_TITLES, TEXT } from "./my-plan-text.ts";

export const PATH = "/mijn-plan";

/** What the page says after a redirect (a query word, never personal data). */
export type Notice = "saved" | "letter" | "moved" | "letters" | "stopped" | "expired" | "confirmed";

export type CodeError = "empty" | "typo" | "unknown";

export interface AddressErrors {
  values: Record<AddressField, string>;
  missing: AddressField[];
  postcodeWrong: boolean;
}

export const ADDRESS_FIELDS = ["straat", "huisnummer", "postcode", "plaats"] as const;
export type AddressField = (typeof ADDRESS_FIELDS)[number];

const para = (text: string) => html`<p class="utrecht-paragraph">${text}</p>`;

function alert(kind: "ok" | "info" | "warning", text: string): SafeHtml {
  return html`<div class="utrecht-alert utrecht-alert--${kind}" role="status"><div class="utrecht-alert__content"><div class="utrecht-alert__message">
<p class="utrecht-paragraph">${text}</p></div></div></div>`;
}

function errorSummary(items: { href: string; text: string }[], language: Language): SafeHtml {
  return html`<section class="utrecht-alert utrecht-alert--error" aria-labelledby="fout-titel" tabindex="-1" autofocus>
<div class="utrecht-alert__content"><div class="utrecht-alert__message">
<h2 class="utrecht-heading-3" id="fout-titel">${t(TEXT.errorTitle, language)}</h2>
<ul class="utrecht-unordered-list">${items.map((item) => html`<li><a class="utrecht-link" href="${item.href}">${item.text}</a></li>`)}</ul>
</div></div></section>`;
}

const CODE_ERRORS = { empty: TEXT.empty, typo: TEXT.typo, unknown: TEXT.unknown } as const;

/** The code form; with an error, the summary on top and the message at the field. */
export function codeBody(language: Language, error: CodeError | null, notice: Notice | null): SafeHtml {
  const message = error ? t(CODE_ERRORS[error], language) : "";
  const describedBy = error ? "code-fout code-hint" : "code-hint";
  const invalid = error ? " utrecht-form-field--invalid" : "";
  return html`<div class="lw-prose">
<h1 class="utrecht-heading-1">${t(TEXT.title, language)}</h1>
${error ? errorSummary([{ href: "#code", text: message }], language) : ""}
${notice === "stopped" ? alert("ok", t(TEXT.stopped, language)) : ""}
${notice === "expired" ? alert("info", t(TEXT.expired, language)) : ""}
<p class="utrecht-paragraph utrecht-paragraph--lead">${t(TEXT.lead, language)}</p>
<form class="utrecht-form" method="post" action="${localPath(PATH, language)}" novalidate>
<div class="utrecht-form-field utrecht-form-field--text${invalid}">
<div class="utrecht-form-field__label"><label class="utrecht-form-label" for="code">${t(TEXT.label, language)}</label></div>
<div class="utrecht-form-field__description" id="code-hint"><p class="utrecht-paragraph">${t(TEXT.hint, language)}</p></div>
${error ? html`<div class="utrecht-form-field-error-message" id="code-fout"><p class="utrecht-paragraph"><span class="lw-visually-hidden">${t(TEXT.errorPrefix, language)}: </span>${message}</p></div>` : ""}
<div class="utrecht-form-field__input"><input class="utrecht-textbox utrecht-textbox--html-input${error ? " utrecht-textbox--invalid" : ""}" id="code" name="code" type="text" autocomplete="off" autocapitalize="characters" spellcheck="false" maxlength="40" aria-describedby="${describedBy}"${error ? html` aria-invalid="true"` : ""}></div>
</div>
<p class="utrecht-paragraph"><button class="utrecht-button utrecht-button--primary-action" type="submit">${t(TEXT.submit, language)}</button></p>
</form>
<p class="utrecht-paragraph">${t(TEXT.privacy, language)}</p>
</div>`;
}

/** A short page with a heading, a sentence and a way back (refusals, limits). */
export function messageBody(title: string, text: string, language: Language): SafeHtml {
  return html`<div class="lw-prose"><h1 class="utrecht-heading-1">${title}</h1>${para(text)}
<p class="utrecht-paragraph"><a class="utrecht-link" href="${localPath(PATH, language)}">${t(TEXT.back, language)}</a></p></div>`;
}

function stepGroups(view: MyPlan, language: Language, interactive: boolean): SafeHtml[] {
  let number = 1;
  return (["now", "soon", "watch"] as const)
    .map((priority) => ({ priority, steps: view.plan.steps.filter((step) => step.priority === priority) }))
    .filter((group) => group.steps.length > 0)
    .map((group) => {
      const start = number;
      number += group.steps.length;
      const items = group.steps.map((step) => {
        const done = view.done.has(step.id);
        const details = html`<p class="utrecht-paragraph lw-step-why">${t(TEXT.why, language)} ${withPhoneLinks(step.why)}</p>
<ul class="utrecht-unordered-list">${step.how.map((line) => html`<li>${withPhoneLinks(line)}</li>`)}</ul>`;
        if (!interactive)
          return html`<li><p class="utrecht-paragraph"><strong>${step.title}</strong> (${done ? `✓ ${t(TEXT.done, language)}` : `☐ ${t(TEXT.notDone, language)}`})</p>${details}</li>`;
        const id = `stap-${step.id}`;
        return html`<li><div class="utrecht-form-field utrecht-form-field--checkbox">
<div class="utrecht-form-field__input"><input class="utrecht-checkbox utrecht-checkbox--html-input" type="checkbox" id="${id}" name="stap" value="${step.id}" aria-describedby="${id}-uitleg"${done ? html` checked` : ""}></div>
<div class="utrecht-form-field__label"><label class="utrecht-form-label utrecht-form-label--checkbox" for="${id}"><strong>${step.title}</strong></label></div>
<div class="utrecht-form-field__description utrecht-form-field-description" id="${id}-uitleg">${details}</div>
</div></li>`;
      });
      return html`<h3 class="utrecht-heading-3">${t(PRIORITY_TITLES[group.priority], language)}</h3>
<ol class="utrecht-ordered-list lw-steps" start="${start}">${items}</ol>`;
    });
}

function stepsSection(view: MyPlan, language: Language, notice: Notice | null): SafeHtml {
  return html`<h2 class="utrecht-heading-2" id="stappen" tabindex="-1">${t(TEXT.stepsTitle, language)}</h2>
${notice === "saved" ? alert("ok", t(TEXT.saved, language)) : ""}
${para(t(TEXT.stepsLead, language))}
<form class="utrecht-form" method="post" action="${localPath(`${PATH}/stappen`, language)}">
${stepGroups(view, language, true)}
<p class="utrecht-paragraph"><button class="utrecht-button utrecht-button--primary-action" type="submit">${t(TEXT.save, language)}</button></p>
</form>`;
}

function leakedAndRisks(view: MyPlan, language: Language): SafeHtml {
  return html`<h2 class="utrecht-heading-2">${t(TEXT.leakedTitle, language)}</h2>
<ul class="utrecht-unordered-list">${view.categories.map((id) => html`<li>${t(getCategory(id).label, language)}</li>`)}</ul>
<h2 class="utrecht-heading-2">${t(TEXT.risksTitle, language)}</h2>
<ul class="utrecht-unordered-list">${view.plan.risks.map((risk) => html`<li><strong>${risk.label}.</strong> ${risk.text}</li>`)}</ul>`;
}

/** Who can help: the organisations the steps name, plus people to talk to (and Veilig Thuis when in danger). */
function helpSection(view: MyPlan, language: Language): SafeHtml {
  const talk: HelpOrganisationId[] = ["fraudehelpdesk", "slachtofferhulp"];
  if (view.flags.includes("shielded-address") || view.plan.risks.some((r) => r.id === "physical-danger"))
    talk.unshift("veilig-thuis");
  const ids = new Set<string>([...talk, ...view.plan.steps.flatMap((step) => step.help)]);
  const helpers = HELP_ORGANISATIONS.filter((o) => ids.has(o.id) && getHelpOrganisation(o.id));
  const situation = FLAGS.filter((flag) => view.flags.includes(flag.id));
  return html`<h2 class="utrecht-heading-2" id="hulp" tabindex="-1">${t(TEXT.situationTitle, language)}</h2>
${situation.length > 0 ? html`<p class="utrecht-paragraph">${t(TEXT.situation, language)}:</p><ul class="utrecht-unordered-list">${situation.map((flag) => html`<li><strong>${t(flag.label, language)}.</strong> ${t(flag.explanation, language)}</li>`)}</ul>` : ""}
<h3 class="utrecht-heading-3">${t(TEXT.helpTitle, language)}</h3>
${helpers.map(
  (organisation) => html`<h4 class="utrecht-heading-4">${t(organisation.name, language)}</h4>
<p class="utrecht-paragraph">${t(organisation.helpsWith, language)}</p>${contactList(organisation, language)}`,
)}`;
}

type Bilingual = { nl: string; en: string };

/** An update's text in the page's language; Dutch, marked as such, when the organisation wrote no English. */
function inLanguage(value: Bilingual, language: Language): { text: string; lang: SafeHtml | "" } {
  if (value[language] !== "") return { text: value[language], lang: "" };
  return { text: value.nl, lang: language === "nl" ? "" : html` lang="nl"` };
}

function updatesSection(view: MyPlan, language: Language): SafeHtml {
  const card = (update: MyPlan["updates"][number]) => {
    const title = inLanguage(update.title, language);
    const body = inLanguage(update.body, language);
    return html`<article class="lw-card"><h3 class="utrecht-heading-3"${title.lang}>${title.text}</h3>
<p class="utrecht-paragraph utrecht-paragraph--small">${formatDate(update.publishedAt.toISOString(), language)}</p>
<div${body.lang}>${body.text.split(/\n{2,}/).map((part) => para(part))}</div></article>`;
  };
  return html`<h2 class="utrecht-heading-2" id="nieuws" tabindex="-1">${t(TEXT.updatesTitle, language)}</h2>
${view.updates.length === 0 ? para(t(TEXT.noUpdates, language)) : view.updates.map(card)}`;
}

export interface PlanPageState {
  notice: Notice | null;
  address?: AddressErrors;
  /** A confirmation code for a new address that was not accepted. */
  codeError?: AddressCodeError;
  /** The update e-mail section (my-plan-subscribe.ts), rendered by its own routes. */
  subscribe?: SafeHtml;
}

/** Links to the parts of a long page, so a phone user need not scroll past everything to reach one. */
function contents(language: Language): SafeHtml {
  const parts: [string, { nl: string; en: string }][] = [
    ["#stappen", TEXT.stepsTitle],
    ["#hulp", TEXT.situationTitle],
    ["#nieuws", TEXT.updatesTitle],
    ["#nieuwsmail", { nl: "Nieuws per e-mail", en: "News by e-mail" }],
    ["#gegevens", TEXT.detailsTitle],
    ["#brief", TEXT.letterTitle],
    ["#rechten", TEXT.rightsTitle],
    [`${localPath(PATH, language)}?print`, TEXT.printView],
    ["#stoppen", TEXT.stop],
  ];
  return html`<nav class="lw-no-print" aria-labelledby="op-deze-pagina"><h2 class="utrecht-heading-3" id="op-deze-pagina">${t(TEXT.contents, language)}</h2>
<ul class="utrecht-unordered-list">${parts.map(([href, label]) => html`<li><a class="utrecht-link" href="${href}">${t(label, language)}</a></li>`)}</ul></nav>`;
}

/**
 * "Your plan after the data breach at {organisation}." The breach's title is the organisation's Dutch text:
 * the Dutch page adds it ("Over: …"); the English page does not show Dutch as English.
 */
function planLead(view: MyPlan, language: Language): SafeHtml {
  const about = language === "nl" ? html` ${t(TEXT.about, language)}: ${view.breachTitle}.` : "";
  return html`<p class="utrecht-paragraph utrecht-paragraph--lead">${t(TEXT.planLead, language)} ${view.organisationName}.${about}</p>`;
}

/** The plan page: leaked data and risks, steps with boxes, help, news, details, letter, rights, stop. */
export function planBody(view: MyPlan, language: Language, state: PlanPageState): SafeHtml {
  return html`<div class="lw-prose">
<h1 class="utrecht-heading-1">${t(TEXT.title, language)}</h1>
${state.address ? addressSummary(state.address, language) : ""}
${codeSummary(state, language)}
${planLead(view, language)}
${contents(language)}
${leakedAndRisks(view, language)}
${stepsSection(view, language, state.notice)}
${helpSection(view, language)}
${updatesSection(view, language)}
${state.subscribe ?? ""}
${detailsSection(view, language, state)}
${letterSection(view, language, state.notice)}
${rightsSection(view, language)}
${stopForm(language)}
</div>`;
}

/** The printable version: the same plan without forms, with each step marked done or to do. */
export function printBody(view: MyPlan, language: Language): SafeHtml {
  return html`<div class="lw-prose">
<h1 class="utrecht-heading-1">${t(TEXT.title, language)}</h1>
${planLead(view, language)}
<p class="utrecht-paragraph lw-no-print">${t(TEXT.printHint, language)} <a class="utrecht-link" href="${localPath(PATH, language)}">${t(TEXT.back, language)}</a></p>
${leakedAndRisks(view, language)}
<h2 class="utrecht-heading-2">${t(TEXT.stepsTitle, language)}</h2>
${stepGroups(view, language, false)}
${helpSection(view, language)}
${rightsSection(view, language)}
</div>`;
}

function stopForm(language: Language): SafeHtml {
  return html`<h2 class="utrecht-heading-2 lw-no-print" id="stoppen" tabindex="-1">${t(TEXT.stop, language)}</h2>
<form class="utrecht-form lw-no-print" method="post" action="${localPath(`${PATH}/stop`, language)}">
${para(t(TEXT.stopHint, language))}
<p class="utrecht-paragraph"><button class="utrecht-button utrecht-button--secondary-action" type="submit">${t(TEXT.stop, language)}</button></p>
</form>`;
}

function codeSummary(state: PlanPageState, language: Language): SafeHtml | "" {
  const item = codeErrorItem(state.codeError, language);
  return item ? errorSummary([item], language) : "";
}

function letterSection(view: MyPlan, language: Language, notice: Notice | null): SafeHtml {
  const asked = letterAsked(view);
  return html`<section class="lw-no-print" aria-labelledby="brief"><h2 class="utrecht-heading-2" id="brief" tabindex="-1">${t(TEXT.letterTitle, language)}</h2>
${!asked && notice === "letter" ? alert("ok", t(TEXT.letterAsked, language)) : letterState(view, language)}
${
  asked
    ? ""
    : html`${para(t(TEXT.letterLead, language))}
<form class="utrecht-form" method="post" action="${localPath(`${PATH}/brief`, language)}">
<p class="utrecht-paragraph"><button class="utrecht-button utrecht-button--secondary-action" type="submit">${t(TEXT.letterButton, language)}</button></p>
</form>`
}</section>`;
}

const ADDRESS_LABELS = {
  straat: TEXT.street,
  huisnummer: TEXT.houseNumber,
  postcode: TEXT.postcodeField,
  plaats: TEXT.city,
} as const;

const AUTOCOMPLETE: Record<AddressField, string> = {
  straat: "address-line1",
  huisnummer: "address-line2",
  postcode: "postal-code",
  plaats: "address-level2",
};

function addressMessage(errors: AddressErrors, field: AddressField, language: Language): string | null {
  if (errors.missing.includes(field)) return t(TEXT.fieldMissing, language);
  if (field === "postcode" && errors.postcodeWrong) return t(TEXT.postcodeWrong, language);
  return null;
}

function addressSummary(errors: AddressErrors, language: Language): SafeHtml {
  const items = ADDRESS_FIELDS.flatMap((field) => {
    const message = addressMessage(errors, field, language);
    return message
      ? [{ href: `#adres-${field}`, text: `${t(ADDRESS_LABELS[field], language)}: ${message}` }]
      : [];
  });
  return errorSummary(items, language);
}

function addressField(field: AddressField, language: Language, errors: AddressErrors | undefined): SafeHtml {
  const id = `adres-${field}`;
  const message = errors ? addressMessage(errors, field, language) : null;
  const hint = field === "postcode" ? t(TEXT.postcodeHint, language) : "";
  const described = [hint ? `${id}-hint` : "", message ? `${id}-fout` : ""].filter(Boolean).join(" ");
  return html`<div class="utrecht-form-field utrecht-form-field--text${message ? " utrecht-form-field--invalid" : ""}">
<div class="utrecht-form-field__label"><label class="utrecht-form-label" for="${id}">${t(ADDRESS_LABELS[field], language)}</label></div>
${hint ? html`<div class="utrecht-form-field__description" id="${id}-hint"><p class="utrecht-paragraph">${hint}</p></div>` : ""}
${message ? html`<div class="utrecht-form-field-error-message" id="${id}-fout"><p class="utrecht-paragraph"><span class="lw-visually-hidden">${t(TEXT.errorPrefix, language)}: </span>${message}</p></div>` : ""}
<div class="utrecht-form-field__input"><input class="utrecht-textbox utrecht-textbox--html-input${message ? " utrecht-textbox--invalid" : ""}" id="${id}" name="${field}" type="text" autocomplete="${AUTOCOMPLETE[field]}" maxlength="100" value="${errors?.values[field] ?? ""}"${described ? html` aria-describedby="${described}"` : ""}${message ? html` aria-invalid="true"` : ""}></div>
</div>`;
}

function maskedList(view: MyPlan, language: Language): SafeHtml {
  const row = (label: { nl: string; en: string }, value: string | null) =>
    html`<li><strong>${t(label, language)}:</strong> ${value ?? t(TEXT.notKnown, language)}</li>`;
  const d = view.details;
  return html`<ul class="utrecht-unordered-list">
${row(TEXT.name, d.name)}${row(TEXT.email, d.email)}${row(TEXT.phone, d.phone)}${row(TEXT.postcode, d.postcode)}
</ul>${d.contactRole ? para(t(TEXT.contactRole, language)) : ""}`;
}

function detailsSection(view: MyPlan, language: Language, state: PlanPageState): SafeHtml {
  const prefersAsked = view.requests.some((r) => r.kind === "prefers-letters");
  return html`<section class="lw-no-print" aria-labelledby="gegevens"><h2 class="utrecht-heading-2" id="gegevens" tabindex="-1">${t(TEXT.detailsTitle, language)}</h2>
${para(t(TEXT.detailsLead, language))}
${maskedList(view, language)}
${requestList(view, language)}
<h3 class="utrecht-heading-3" id="verhuisd" tabindex="-1">${t(TEXT.movedTitle, language)}</h3>
${state.notice === "moved" ? alert("ok", t(TEXT.movedAsked, language)) : ""}
${addressState(view, language, { confirmed: state.notice === "confirmed", ...(state.codeError ? { codeError: state.codeError } : {}) })}
${para(t(TEXT.movedLead, language))}
<form class="utrecht-form" method="post" action="${localPath(`${PATH}/gegevens`, language)}" novalidate>
<input type="hidden" name="soort" value="verhuisd">
${ADDRESS_FIELDS.map((field) => addressField(field, language, state.address))}
<p class="utrecht-paragraph"><button class="utrecht-button utrecht-button--secondary-action" type="submit">${t(TEXT.movedButton, language)}</button></p>
</form>
<h3 class="utrecht-heading-3">${t(TEXT.lettersTitle, language)}</h3>
${state.notice === "letters" || prefersAsked ? alert("ok", t(TEXT.lettersAsked, language)) : ""}
${
  prefersAsked
    ? ""
    : html`${para(t(TEXT.lettersLead, language))}
<form class="utrecht-form" method="post" action="${localPath(`${PATH}/gegevens`, language)}">
<input type="hidden" name="soort" value="brieven">
<p class="utrecht-paragraph"><button class="utrecht-button utrecht-button--secondary-action" type="submit">${t(TEXT.lettersButton, language)}</button></p>
</form>`
}</section>`;
}

function rightsSection(view: MyPlan, language: Language): SafeHtml {
  const c = view.contact;
  const lines: SafeHtml[] = [];
  if (c) {
    const dpo = [c.dpo.name, c.dpo.email].filter(Boolean).join(", ");
    if (dpo)
      lines.push(
        html`<li>${t(TEXT.dpo, language)}: ${dpo}${c.dpo.phone ? html`, ${phoneLink(c.dpo.phone)}` : ""}</li>`,
      );
    if (c.phone)
      lines.push(
        html`<li>${t(TEXT.call, language)}: ${phoneLink(c.phone)}${c.contactHours ? ` (${t(c.contactHours, language)})` : ""}</li>`,
      );
    if (c.postalAddress.length > 0)
      lines.push(html`<li>${t(TEXT.post, language)}: ${c.postalAddress.join(", ")}</li>`);
    if (c.website) lines.push(html`<li>${t(TEXT.website, language)}: ${c.website}</li>`);
  }
  return html`<h2 class="utrecht-heading-2" id="rechten" tabindex="-1">${t(TEXT.rightsTitle, language)}</h2>
${para(t(TEXT.rightsLead, language))}
<ul class="utrecht-unordered-list">${TEXT.rights.map((right) => html`<li>${t(right, language)}</li>`)}</ul>
<h3 class="utrecht-heading-3">${t(TEXT.rightsContact, language)}: ${view.organisationName}</h3>
${lines.length > 0 ? html`<ul class="utrecht-unordered-list">${lines}</ul>` : para(t(TEXT.noContact, language))}`;
}

/** Print rules: the site's header, footer, forms and links back leave the paper; links show no colours. */
export const PRINT_CSS = `@media print {
  .utrecht-page-header, .utrecht-page-footer, .utrecht-skip-link, .lw-no-print, form { display: none !important; }
  .lw-container { max-inline-size: none; }
  .lekwijzer-theme { --lw-font-size: 11pt; }
  .lw-card { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
`;
