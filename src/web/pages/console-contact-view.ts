/**
 * The contact centre's page bodies: the search page (personal code, verification code, or an address the caller
 * proves with a code), the proof-code page, and the caller view with its call script and action forms. Every
 * form posts with the session's form token; the caller view's forms carry the look-up's handle as a hidden
 * field, never in the address. A failed submit shows an error summary and the message at its field, and keeps
 * what was typed (never a proof code).
 */
import { html, type SafeHtml } from "../html.ts";
import { type BilingualText, type Language, localPath, t } from "../i18n.ts";
import { CONTACT_TEXT as T } from "./console-contact-text.ts";
import { alert, CONSOLE, type FieldError } from "./console-view.ts";

export const CONTACT_PATHS = {
  search: `${CONSOLE}/contact`,
  proof: `${CONSOLE}/contact/bewijs`,
  proofCode: `${CONSOLE}/contact/bewijs/code`,
  caller: `${CONSOLE}/contact/beller`,
} as const;

const para = (text: string) => html`<p class="utrecht-paragraph">${text}</p>`;
const hidden = (name: string, value: string) => html`<input type="hidden" name="${name}" value="${value}">`;

function errorSummary(errors: readonly FieldError[], language: Language): SafeHtml | "" {
  if (errors.length === 0) return "";
  return html`<section class="utrecht-alert utrecht-alert--error" aria-labelledby="fout-titel" tabindex="-1" autofocus>
<div class="utrecht-alert__content"><div class="utrecht-alert__message">
<h2 class="utrecht-heading-3" id="fout-titel">${t(T.errorTitle, language)}</h2>
<ul class="utrecht-unordered-list">${errors.map((e) => html`<li><a class="utrecht-link" href="#${e.field}">${e.message}</a></li>`)}</ul>
</div></div></section>`;
}

interface Field {
  id: string;
  name: string;
  label: BilingualText;
  type?: "text" | "email" | "date" | "time";
  hint?: BilingualText;
  value?: string;
  autocomplete?: string;
  inputmode?: "numeric";
  maxlength?: number;
}

/** The error message and described-by ids of a field, shared by inputs, selects and text areas. */
function fieldParts(
  language: Language,
  id: string,
  hint: BilingualText | undefined,
  errors: readonly FieldError[],
) {
  const error = errors.find((e) => e.field === id)?.message;
  const described = [hint ? `${id}-hint` : "", error ? `${id}-fout` : ""].filter(Boolean).join(" ");
  const top = html`${hint ? html`<div class="utrecht-form-field__description" id="${id}-hint"><p class="utrecht-paragraph">${t(hint, language)}</p></div>` : ""}
${error ? html`<div class="utrecht-form-field-error-message" id="${id}-fout"><p class="utrecht-paragraph"><span class="lw-visually-hidden">${t(T.errorPrefix, language)}: </span>${error}</p></div>` : ""}`;
  const aria = html`${described ? html` aria-describedby="${described}"` : ""}${error ? html` aria-invalid="true"` : ""}`;
  return { error, top, aria };
}

function input(language: Language, spec: Field, errors: readonly FieldError[]): SafeHtml {
  const { error, top, aria } = fieldParts(language, spec.id, spec.hint, errors);
  return html`<div class="utrecht-form-field utrecht-form-field--text${error ? " utrecht-form-field--invalid" : ""}">
<div class="utrecht-form-field__label"><label class="utrecht-form-label" for="${spec.id}">${t(spec.label, language)}</label></div>
${top}
<div class="utrecht-form-field__input"><input class="utrecht-textbox utrecht-textbox--html-input${error ? " utrecht-textbox--invalid" : ""}" id="${spec.id}" name="${spec.name}" type="${spec.type ?? "text"}" autocomplete="${spec.autocomplete ?? "off"}" spellcheck="false" maxlength="${String(spec.maxlength ?? 320)}"${spec.inputmode ? html` inputmode="${spec.inputmode}"` : ""}${spec.value ? html` value="${spec.value}"` : ""}${aria}></div>
</div>`;
}

function select(
  language: Language,
  spec: {
    id: string;
    name: string;
    label: BilingualText;
    options: { value: string; label: string }[];
    value: string;
  },
  errors: readonly FieldError[],
): SafeHtml {
  const { error, top, aria } = fieldParts(language, spec.id, undefined, errors);
  return html`<div class="utrecht-form-field utrecht-form-field--select${error ? " utrecht-form-field--invalid" : ""}">
<div class="utrecht-form-field__label"><label class="utrecht-form-label" for="${spec.id}">${t(spec.label, language)}</label></div>
${top}
<div class="utrecht-form-field__input"><select class="utrecht-select utrecht-select--html-select${error ? " utrecht-select--invalid" : ""}" id="${spec.id}" name="${spec.name}"${aria}>
${spec.options.map((o) => html`<option value="${o.value}"${o.value === spec.value ? html` selected` : ""}>${o.label}</option>`)}
</select></div>
</div>`;
}

const button = (language: Language, label: BilingualText, kind: "primary" | "secondary" = "primary") =>
  html`<p class="utrecht-paragraph"><button class="utrecht-button utrecht-button--${kind}-action" type="submit">${t(label, language)}</button></p>`;

const form = (language: Language, path: string, token: string, body: SafeHtml) =>
  html`<form class="utrecht-form" method="post" action="${localPath(path, language)}" novalidate>
${hidden("formulier", token)}
${body}
</form>`;

export interface SearchShown {
  formToken: string;
  breaches: { id: string; title: string }[];
  typed: {
    personalCode: string;
    verificationCode: string;
    breachId: string;
    channel: string;
    address: string;
  };
  errors: FieldError[];
  notice: string | null;
}

export function searchBody(language: Language, shown: SearchShown): SafeHtml {
  const { typed, errors } = shown;
  const channelOptions = (["email", "sms"] as const).map((value) => ({
    value,
    label: t(value === "email" ? T.email : T.phone, language),
  }));
  const breachOptions = [
    { value: "", label: t(T.chooseBreach, language) },
    ...shown.breaches.map((b) => ({ value: b.id, label: b.title })),
  ];
  return html`<div class="lw-prose">
<h1 class="utrecht-heading-1">${t(T.title, language)}</h1>
${errorSummary(errors, language)}
${shown.notice ? alert("info", shown.notice) : ""}
${para(t(T.lead, language))}
<h2 class="utrecht-heading-2">${t(T.byPersonalCode, language)}</h2>
${form(
  language,
  CONTACT_PATHS.search,
  shown.formToken,
  html`${hidden("methode", "personal-code")}
${input(language, { id: "persoonlijke-code", name: "code", label: T.personalCode, hint: T.personalCodeHint, value: typed.personalCode, maxlength: 40 }, errors)}
${button(language, T.find)}`,
)}
<h2 class="utrecht-heading-2">${t(T.byVerificationCode, language)}</h2>
${form(
  language,
  CONTACT_PATHS.search,
  shown.formToken,
  html`${hidden("methode", "verification-code")}
${input(language, { id: "controlecode", name: "code", label: T.verificationCode, hint: T.verificationCodeHint, value: typed.verificationCode, maxlength: 40 }, errors)}
${button(language, T.find)}`,
)}
<h2 class="utrecht-heading-2">${t(T.byAddress, language)}</h2>
${para(t(T.byAddressLead, language))}
${form(
  language,
  CONTACT_PATHS.proof,
  shown.formToken,
  html`${select(language, { id: "datalek", name: "datalek", label: T.breach, options: breachOptions, value: typed.breachId }, errors)}
${select(language, { id: "kanaal", name: "kanaal", label: T.channel, options: channelOptions, value: typed.channel }, errors)}
${input(language, { id: "adres", name: "adres", label: T.address, value: typed.address }, errors)}
${button(language, T.sendCode)}`,
)}
<p class="utrecht-paragraph"><a class="utrecht-link" href="${localPath(CONSOLE, language)}">${t(T.back, language)}</a></p>
</div>`;
}

export function proofBody(
  language: Language,
  shown: { formToken: string; proofId: string; errors: FieldError[] },
): SafeHtml {
  return html`<div class="lw-prose">
<h1 class="utrecht-heading-1">${t(T.codeSentTitle, language)}</h1>
${errorSummary(shown.errors, language)}
${para(t(T.codeSentLead, language))}
${form(
  language,
  CONTACT_PATHS.proofCode,
  shown.formToken,
  html`${hidden("bewijs", shown.proofId)}
${input(language, { id: "bewijscode", name: "code", label: T.proofCode, inputmode: "numeric", autocomplete: "off", maxlength: 10 }, shown.errors)}
${button(language, T.check)}`,
)}
<p class="utrecht-paragraph"><a class="utrecht-link" href="${localPath(CONTACT_PATHS.search, language)}">${t(T.startAgain, language)}</a></p>
</div>`;
}
