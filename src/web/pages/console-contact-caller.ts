/**
 * The caller view: who the caller is (masked, to check) and what leaked of theirs, their situation, what was
 * sent when and whether it arrived, the call script (Dutch beside English, a table that stacks on a phone; it
 * holds the plan's main steps, so they are not listed twice), and the three actions — each a form that carries
 * the look-up's handle as a hidden field.
 */
import { formatDate } from "../../core/index.ts";
import type { CallerView } from "../../operations/index.ts";
import { html, type SafeHtml } from "../html.ts";
import { type BilingualText, type Language, localPath, t } from "../i18n.ts";
import { KIND_NAMES } from "./console-campaigns-view.ts";
import {
  CHANNEL_NAMES,
  DELIVERY_STATUS_NAMES,
  METHOD_NAMES,
  OUTCOME_NAMES,
  REQUEST_NAMES,
  CONTACT_TEXT as T,
} from "./console-contact-text.ts";
import { alert, CONSOLE, type FieldError } from "./console-view.ts";

export const CALLER_PATH = `${CONSOLE}/contact/beller`;
export const PHISHING_FORM_CHANNELS = ["email", "sms", "phone", "letter", "social", "other"] as const;

const named = (names: Readonly<Record<string, BilingualText>>, key: string | null, language: Language) =>
  key && names[key] ? t(names[key] as BilingualText, language) : (key ?? "—");
const para = (text: string) => html`<p class="utrecht-paragraph">${text}</p>`;
const hidden = (name: string, value: string) => html`<input type="hidden" name="${name}" value="${value}">`;
const when = (at: Date | null, language: Language) =>
  at ? `${formatDate(at.toISOString().slice(0, 10), language)} ${at.toISOString().slice(11, 16)} UTC` : "—";
const cell = (label: string, value: SafeHtml | string, lang?: string) =>
  html`<td class="utrecht-table__cell" data-label="${label}"${lang ? html` lang="${lang}"` : ""}>${value}</td>`;
const head = (label: string) => html`<th class="utrecht-table__header-cell" scope="col">${label}</th>`;

export interface CallerShown {
  formToken: string;
  handle: string;
  view: CallerView;
  notice: string | null;
  errors: FieldError[];
  /** What was typed into the phishing form, kept on a failed submit. */
  typed: { channel: string; sender: string; receivedOn: string; receivedTime: string; text: string };
}

function errorList(errors: readonly FieldError[], language: Language): SafeHtml | "" {
  if (errors.length === 0) return "";
  return html`<section class="utrecht-alert utrecht-alert--error" aria-labelledby="fout-titel" tabindex="-1" autofocus>
<div class="utrecht-alert__content"><div class="utrecht-alert__message">
<h2 class="utrecht-heading-3" id="fout-titel">${t(T.errorTitle, language)}</h2>
<ul class="utrecht-unordered-list">${errors.map((e) => html`<li><a class="utrecht-link" href="#${e.field}">${e.message}</a></li>`)}</ul>
</div></div></section>`;
}

function whoBlock(language: Language, view: CallerView): SafeHtml {
  const m = view.masked;
  const row = (label: BilingualText, value: string | null) =>
    value ? html`<dt>${t(label, language)}</dt><dd>${value}</dd>` : "";
  return html`<h2 class="utrecht-heading-2">${t(T.whoTitle, language)}</h2>
<dl class="lw-outbox-fields">
<dt>${t(T.foundBy, language)}</dt><dd>${named(METHOD_NAMES, view.method, language)}</dd>
<dt>${t(T.breach, language)}</dt><dd>${view.breachTitle}</dd>
${row(T.name, m.name)}${row(T.email, m.email)}${row(T.phone, m.phone)}${row(T.postcode, m.postcode)}${row(T.representative, m.contactRole)}
<dt>${t(T.leakedTitle, language)}</dt><dd>${view.categories.map((c) => t(c.label, language)).join(", ")}</dd>
</dl>
${
  view.flags.length > 0
    ? html`<h2 class="utrecht-heading-2">${t(T.situationTitle, language)}</h2>
<ul class="utrecht-unordered-list">${view.flags.map((f) => html`<li><strong>${t(f.label, language)}</strong>: ${t(f.note, language)}</li>`)}</ul>`
    : ""
}`;
}

function sentBlock(language: Language, view: CallerView): SafeHtml {
  const L = (text: BilingualText) => t(text, language);
  const table = html`<div class="utrecht-table-container lw-stacking-table" role="region" aria-labelledby="verstuurd" tabindex="0"><table class="utrecht-table">
<thead class="utrecht-table__header"><tr class="utrecht-table__row">${head(L(T.kind))}${head(L(T.via))}${head(L(T.status))}${head(L(T.sentAt))}${head(L(T.deliveredAt))}${head(L(T.bouncedAt))}</tr></thead>
<tbody class="utrecht-table__body">${view.deliveries.map(
    (d) => html`<tr class="utrecht-table__row">
${cell(L(T.kind), named(KIND_NAMES, d.kind, language))}
${cell(L(T.via), html`${named(CHANNEL_NAMES, d.channel, language)}${d.earlier.length > 0 ? html`<br><span class="utrecht-paragraph--small">${L(T.earlier)}: ${d.earlier.map((e) => `${named(CHANNEL_NAMES, e.channel, language)} (${named(OUTCOME_NAMES, e.outcome, language)})`).join(", ")}</span>` : ""}`)}
${cell(L(T.status), named(DELIVERY_STATUS_NAMES, d.status, language))}
${cell(L(T.sentAt), when(d.sentAt, language))}
${cell(L(T.deliveredAt), when(d.deliveredAt, language))}
${cell(L(T.bouncedAt), when(d.bouncedAt, language))}
</tr>`,
  )}</tbody></table></div>`;
  const requests = view.requests.length
    ? html`<h3 class="utrecht-heading-3">${L(T.requestsTitle)}</h3>
<ul class="utrecht-unordered-list">${view.requests.map((r) => html`<li>${named(REQUEST_NAMES, r.kind, language)}: ${r.status}, ${when(r.createdAt, language)}</li>`)}</ul>`
    : "";
  return html`<div class="lw-prose"><h2 class="utrecht-heading-2" id="verstuurd">${L(T.sentTitle)}</h2>
${view.deliveries.length === 0 ? para(L(T.nothingSent)) : ""}</div>
${view.deliveries.length > 0 ? table : ""}
<div class="lw-prose">${requests}</div>`;
}

function scriptBlock(language: Language, view: CallerView): SafeHtml {
  return html`<div class="lw-prose"><h2 class="utrecht-heading-2" id="belscript">${t(T.scriptTitle, language)}</h2>
${para(t(T.scriptLead, language))}</div>
${view.script.map(
  (
    part,
    index,
  ) => html`<div class="lw-prose"><h3 class="utrecht-heading-3" id="script-${String(index)}">${t(part.title, language)}</h3></div>
<div class="utrecht-table-container lw-stacking-table" role="region" aria-labelledby="script-${String(index)}" tabindex="0"><table class="utrecht-table">
<thead class="utrecht-table__header"><tr class="utrecht-table__row">${head("Nederlands")}${head("English")}</tr></thead>
<tbody class="utrecht-table__body">${part.lines.map((line) => html`<tr class="utrecht-table__row">${cell("Nederlands", line.nl, "nl")}${cell("English", line.en, "en")}</tr>`)}</tbody>
</table></div>`,
)}`;
}

const actionForm = (language: Language, shown: CallerShown, action: string, body: SafeHtml) =>
  html`<form class="utrecht-form" method="post" action="${localPath(CALLER_PATH, language)}" novalidate>
${hidden("formulier", shown.formToken)}${hidden("handle", shown.handle)}${hidden("actie", action)}
${body}
</form>`;

function radios(
  language: Language,
  name: string,
  id: string,
  options: string[],
  value: string,
  errors: readonly FieldError[],
) {
  const error = errors.find((e) => e.field === id)?.message;
  return html`<fieldset class="utrecht-form-fieldset${error ? " utrecht-form-fieldset--invalid" : ""}" id="${id}"${error ? html` aria-invalid="true" aria-describedby="${id}-fout"` : ""}>
<legend class="utrecht-form-fieldset__legend">${t(name === "kanaal" ? T.via : T.phishingChannel, language)}</legend>
${error ? html`<div class="utrecht-form-field-error-message" id="${id}-fout"><p class="utrecht-paragraph">${error}</p></div>` : ""}
${options.map(
  (
    option,
    i,
  ) => html`<div class="utrecht-form-field utrecht-form-field--radio"><input class="utrecht-radio-button utrecht-radio-button--html-input" type="radio" name="${name}" id="${id}-${String(i)}" value="${option}"${option === value || (value === "" && i === 0 && name === "kanaal") ? html` checked` : ""}>
<label class="utrecht-form-label utrecht-form-label--radio" for="${id}-${String(i)}">${named(CHANNEL_NAMES, option, language)}</label></div>`,
)}
</fieldset>`;
}

function textField(
  language: Language,
  spec: { id: string; name: string; label: BilingualText; value: string; type?: string; multiline?: boolean },
  errors: readonly FieldError[],
) {
  const error = errors.find((e) => e.field === spec.id)?.message;
  const aria = error ? html` aria-invalid="true" aria-describedby="${spec.id}-fout"` : "";
  const control = spec.multiline
    ? html`<textarea class="utrecht-textarea utrecht-textarea--html-textarea" id="${spec.id}" name="${spec.name}" rows="5" maxlength="5000"${aria}>${spec.value}</textarea>`
    : html`<input class="utrecht-textbox utrecht-textbox--html-input" id="${spec.id}" name="${spec.name}" type="${spec.type ?? "text"}" autocomplete="off" maxlength="200" value="${spec.value}"${aria}>`;
  return html`<div class="utrecht-form-field${error ? " utrecht-form-field--invalid" : ""}">
<div class="utrecht-form-field__label"><label class="utrecht-form-label" for="${spec.id}">${t(spec.label, language)}</label></div>
${error ? html`<div class="utrecht-form-field-error-message" id="${spec.id}-fout"><p class="utrecht-paragraph"><span class="lw-visually-hidden">${t(T.errorPrefix, language)}: </span>${error}</p></div>` : ""}
<div class="utrecht-form-field__input">${control}</div></div>`;
}

function actionsBlock(language: Language, shown: CallerShown): SafeHtml {
  const { view, errors, typed } = shown;
  const L = (text: BilingualText) => t(text, language);
  const submit = (label: BilingualText) =>
    html`<p class="utrecht-paragraph"><button class="utrecht-button utrecht-button--primary-action" type="submit">${L(label)}</button></p>`;
  return html`<div class="lw-prose"><h2 class="utrecht-heading-2">${L(T.actionsTitle)}</h2>
<h3 class="utrecht-heading-3">${L(T.resendTitle)}</h3>
${para(L(T.resendLead))}
${view.channels.length === 0 ? para(L(T.noChannels)) : actionForm(language, shown, "resend", html`${radios(language, "kanaal", "kanaal", view.channels, "", errors)}${submit(T.resend)}`)}
<h3 class="utrecht-heading-3">${L(T.letterTitle)}</h3>
${para(L(T.letterLead))}
${view.channels.includes("letter") ? actionForm(language, shown, "letter", submit(T.orderLetter)) : para(L(T.noLetter))}
<h3 class="utrecht-heading-3">${L(T.phishingTitle)}</h3>
${para(L(T.phishingLead))}
${actionForm(
  language,
  shown,
  "phishing",
  html`${radios(language, "soort", "soort", [...PHISHING_FORM_CHANNELS], typed.channel, errors)}
${textField(language, { id: "afzender", name: "afzender", label: T.sender, value: typed.sender }, errors)}
${textField(language, { id: "ontvangen", name: "ontvangen", label: T.receivedOn, value: typed.receivedOn, type: "date" }, errors)}
${textField(language, { id: "tijd", name: "tijd", label: T.receivedTime, value: typed.receivedTime, type: "time" }, errors)}
${textField(language, { id: "tekst", name: "tekst", label: T.text, value: typed.text, multiline: true }, errors)}
${submit(T.record)}`,
)}
<p class="utrecht-paragraph"><a class="utrecht-link" href="${localPath(`${CONSOLE}/contact`, language)}">${L(T.startAgain)}</a></p>
</div>`;
}

export function callerBody(language: Language, shown: CallerShown): SafeHtml {
  return html`<div class="lw-prose">
<h1 class="utrecht-heading-1">${t(T.callerTitle, language)}: ${shown.view.organisationName}</h1>
${errorList(shown.errors, language)}
${shown.notice ? alert("ok", shown.notice) : ""}
${whoBlock(language, shown.view)}
</div>
${sentBlock(language, shown.view)}
${scriptBlock(language, shown.view)}
${actionsBlock(language, shown)}`;
}
