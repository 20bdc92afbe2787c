/**
 * The staff console's page bodies: log-in (password, then code), enrolment of the code, password reset, the
 * signed-in landing page and the staff page. Forms post to the server and work without JavaScript; a failed
 * submit shows an error summary linking to each field and the message at the field, and keeps what was typed
 * (never a password or code). Every form of a session carries its form token.
 */
import { formatDate } from "../../core/index.ts";
import type { StaffJson } from "../../operations/index.ts";
import { html, type SafeHtml } from "../html.ts";
import { type BilingualText, type Language, localPath, t } from "../i18n.ts";
import { BREACH_TEXT } from "./console-breach-text.ts";
import { OVERSIGHT_TEXT } from "./console-oversight-text.ts";
import { BREACH_STATUS_NAMES, ROLE_NAMES, STATE_NAMES, TEXT } from "./console-text.ts";

export const CONSOLE = "/console";
export const PATHS = {
  home: CONSOLE,
  login: `${CONSOLE}/inloggen`,
  code: `${CONSOLE}/code`,
  enrol: `${CONSOLE}/code-instellen`,
  logout: `${CONSOLE}/uitloggen`,
  forgot: `${CONSOLE}/wachtwoord-vergeten`,
  reset: `${CONSOLE}/nieuw-wachtwoord`,
  staff: `${CONSOLE}/medewerkers`,
} as const;

export interface FieldError {
  /** The input's id. */
  field: string;
  message: string;
}

const para = (text: string) => html`<p class="utrecht-paragraph">${text}</p>`;

export function alert(kind: "ok" | "info" | "warning" | "error", text: string): SafeHtml {
  return html`<div class="utrecht-alert utrecht-alert--${kind}" role="status"><div class="utrecht-alert__content"><div class="utrecht-alert__message">
<p class="utrecht-paragraph">${text}</p></div></div></div>`;
}

export function errorSummary(errors: readonly FieldError[], language: Language): SafeHtml | "" {
  if (errors.length === 0) return "";
  // autofocus moves focus to the summary without script, so keyboard and screen-reader users land on it.
  return html`<section class="utrecht-alert utrecht-alert--error" aria-labelledby="fout-titel" tabindex="-1" autofocus>
<div class="utrecht-alert__content"><div class="utrecht-alert__message">
<h2 class="utrecht-heading-3" id="fout-titel">${t(TEXT.errorTitle, language)}</h2>
<ul class="utrecht-unordered-list">${errors.map((e) => html`<li><a class="utrecht-link" href="#${e.field}">${e.message}</a></li>`)}</ul>
</div></div></section>`;
}

export interface FieldSpec {
  id: string;
  name: string;
  label: BilingualText;
  type: "text" | "email" | "password";
  autocomplete: string;
  hint?: BilingualText;
  value?: string;
  inputmode?: "numeric";
  maxlength?: number;
}

export function field(language: Language, spec: FieldSpec, errors: readonly FieldError[]): SafeHtml {
  const error = errors.find((e) => e.field === spec.id)?.message;
  const described = [spec.hint ? `${spec.id}-hint` : "", error ? `${spec.id}-fout` : ""]
    .filter(Boolean)
    .join(" ");
  return html`<div class="utrecht-form-field utrecht-form-field--text${error ? " utrecht-form-field--invalid" : ""}">
<div class="utrecht-form-field__label"><label class="utrecht-form-label" for="${spec.id}">${t(spec.label, language)}</label></div>
${spec.hint ? html`<div class="utrecht-form-field__description" id="${spec.id}-hint"><p class="utrecht-paragraph">${t(spec.hint, language)}</p></div>` : ""}
${error ? html`<div class="utrecht-form-field-error-message" id="${spec.id}-fout"><p class="utrecht-paragraph"><span class="lw-visually-hidden">${t(TEXT.errorPrefix, language)}: </span>${error}</p></div>` : ""}
<div class="utrecht-form-field__input"><input class="utrecht-textbox utrecht-textbox--html-input${error ? " utrecht-textbox--invalid" : ""}" id="${spec.id}" name="${spec.name}" type="${spec.type}" autocomplete="${spec.autocomplete}" spellcheck="false" maxlength="${String(spec.maxlength ?? 320)}"${spec.inputmode ? html` inputmode="${spec.inputmode}"` : ""}${spec.value ? html` value="${spec.value}"` : ""}${described ? html` aria-describedby="${described}"` : ""}${error ? html` aria-invalid="true"` : ""}></div>
</div>`;
}

export const submit = (language: Language, label: BilingualText) =>
  html`<p class="utrecht-paragraph"><button class="utrecht-button utrecht-button--primary-action" type="submit">${t(label, language)}</button></p>`;

export const formToken = (token: string) => html`<input type="hidden" name="formulier" value="${token}">`;

export function loginBody(
  language: Language,
  shown: { email?: string; errors?: FieldError[]; notice?: string | null },
): SafeHtml {
  const errors = shown.errors ?? [];
  return html`<div class="lw-prose">
<h1 class="utrecht-heading-1">${t(TEXT.loginTitle, language)}</h1>
${errorSummary(errors, language)}
${shown.notice ? alert("info", shown.notice) : ""}
${para(t(TEXT.loginLead, language))}
<form class="utrecht-form" method="post" action="${localPath(PATHS.login, language)}" novalidate>
${field(language, { id: "email", name: "email", label: TEXT.email, type: "email", autocomplete: "email", value: shown.email ?? "" }, errors)}
${field(language, { id: "wachtwoord", name: "password", label: TEXT.password, type: "password", autocomplete: "current-password", maxlength: 200 }, errors)}
${submit(language, TEXT.loginSubmit)}
</form>
<p class="utrecht-paragraph"><a class="utrecht-link" href="${localPath(PATHS.forgot, language)}">${t(TEXT.forgot, language)}</a></p>
</div>`;
}

const codeField = (language: Language, errors: readonly FieldError[]) =>
  field(
    language,
    {
      id: "code",
      name: "code",
      label: TEXT.code,
      type: "text",
      autocomplete: "one-time-code",
      hint: TEXT.codeHint,
      inputmode: "numeric",
      maxlength: 10,
    },
    errors,
  );

export function codeBody(language: Language, token: string, errors: FieldError[] = []): SafeHtml {
  return html`<div class="lw-prose">
<h1 class="utrecht-heading-1">${t(TEXT.codeTitle, language)}</h1>
${errorSummary(errors, language)}
${para(t(TEXT.codeLead, language))}
<form class="utrecht-form" method="post" action="${localPath(PATHS.code, language)}" novalidate>
${formToken(token)}
${codeField(language, errors)}
${submit(language, TEXT.codeSubmit)}
</form>
</div>`;
}

/** Groups of four for reading and typing: `JBSW Y3DP …`. */
const grouped = (secret: string) => secret.replace(/(.{4})/g, "$1 ").trim();

export function enrolBody(
  language: Language,
  token: string,
  enrolment: { secret: string; uri: string },
  errors: FieldError[] = [],
): SafeHtml {
  return html`<div class="lw-prose">
<h1 class="utrecht-heading-1">${t(TEXT.enrolTitle, language)}</h1>
${errorSummary(errors, language)}
${para(t(TEXT.enrolLead, language))}
<ol class="utrecht-ordered-list">
<li>${t(TEXT.enrolStep1, language)}</li>
<li>${t(TEXT.enrolStep2, language)}
<dl class="lw-outbox-fields">
<dt>${t(TEXT.secret, language)}</dt><dd><code class="utrecht-code" lang="en">${grouped(enrolment.secret)}</code></dd>
<dt>${t(TEXT.secretUri, language)}</dt><dd><p class="lw-source" lang="en">${enrolment.uri}</p></dd>
</dl></li>
<li>${t(TEXT.enrolStep3, language)}</li>
</ol>
<form class="utrecht-form" method="post" action="${localPath(PATHS.enrol, language)}" novalidate>
${formToken(token)}
${codeField(language, errors)}
${submit(language, TEXT.enrolSubmit)}
</form>
</div>`;
}

export function forgotBody(
  language: Language,
  shown: { email?: string; errors?: FieldError[]; sent?: boolean },
): SafeHtml {
  const errors = shown.errors ?? [];
  return html`<div class="lw-prose">
<h1 class="utrecht-heading-1">${t(TEXT.forgotTitle, language)}</h1>
${errorSummary(errors, language)}
${shown.sent ? alert("ok", t(TEXT.forgotSent, language)) : para(t(TEXT.forgotLead, language))}
${
  shown.sent
    ? ""
    : html`<form class="utrecht-form" method="post" action="${localPath(PATHS.forgot, language)}" novalidate>
${field(language, { id: "email", name: "email", label: TEXT.email, type: "email", autocomplete: "email", value: shown.email ?? "" }, errors)}
${submit(language, TEXT.forgotSubmit)}
</form>`
}
<p class="utrecht-paragraph"><a class="utrecht-link" href="${localPath(PATHS.login, language)}">${t(TEXT.backToLogin, language)}</a></p>
</div>`;
}

export function resetBody(language: Language, token: string, errors: FieldError[] = []): SafeHtml {
  return html`<div class="lw-prose">
<h1 class="utrecht-heading-1">${t(TEXT.newPasswordTitle, language)}</h1>
${errorSummary(errors, language)}
${para(t(TEXT.newPasswordLead, language))}
<form class="utrecht-form" method="post" action="${localPath(PATHS.reset, language)}" novalidate>
<input type="hidden" name="token" value="${token}">
${field(language, { id: "nieuw-wachtwoord", name: "password", label: TEXT.newPassword, type: "password", autocomplete: "new-password", maxlength: 200 }, errors)}
${field(language, { id: "herhaal-wachtwoord", name: "repeat", label: TEXT.repeatPassword, type: "password", autocomplete: "new-password", maxlength: 200 }, errors)}
${submit(language, TEXT.newPasswordSubmit)}
</form>
</div>`;
}

/** A short page with a heading, a sentence and a way on. */
export function messageBody(
  language: Language,
  title: BilingualText,
  text: BilingualText,
  link: { path: string; label: BilingualText },
): SafeHtml {
  return html`<div class="lw-prose"><h1 class="utrecht-heading-1">${t(title, language)}</h1>${para(t(text, language))}
<p class="utrecht-paragraph"><a class="utrecht-link" href="${localPath(link.path, language)}">${t(link.label, language)}</a></p></div>`;
}

const roleList = (roles: readonly string[], language: Language) =>
  roles.map((role) => (ROLE_NAMES[role] ? t(ROLE_NAMES[role], language) : role)).join(", ");

function logoutForm(language: Language, token: string): SafeHtml {
  return html`<form class="utrecht-form" method="post" action="${localPath(PATHS.logout, language)}">
${formToken(token)}
<p class="utrecht-paragraph"><button class="utrecht-button utrecht-button--secondary-action" type="submit">${t(TEXT.logout, language)}</button></p>
</form>`;
}

export interface BreachRow {
  id: string;
  title: string;
  status: string;
  awareAt: Date;
  pageSlug: string | null;
}

export interface HomeView {
  displayName: string;
  organisationName: string | null;
  roles: string[];
  /** Undefined: the person's roles do not read breaches (platform roles). */
  breaches: BreachRow[] | undefined;
  mayManageStaff: boolean;
  /** The person may register a breach: the home page links to the form. */
  mayCreateBreach?: boolean;
  /** Organisation administrators and the platform's administrators read the audit log. */
  mayReadAudit: boolean;
  /** Contact-centre agents (and organisation administrators) take calls. */
  mayTakeCalls?: boolean;
  /** Everyone of an organisation reads its transparency register (K16); its administrator edits it. */
  mayReadRegister?: boolean;
  formToken: string;
}

function breachTable(rows: readonly BreachRow[], language: Language): SafeHtml {
  if (rows.length === 0) return para(t(TEXT.noBreaches, language));
  return html`<div class="utrecht-table-container lw-stacking-table" role="region" aria-labelledby="datalekken" tabindex="0"><table class="utrecht-table">
<thead class="utrecht-table__header"><tr class="utrecht-table__row">
<th class="utrecht-table__header-cell" scope="col">${t(TEXT.breachTitle, language)}</th>
<th class="utrecht-table__header-cell" scope="col">${t(TEXT.breachStatus, language)}</th>
<th class="utrecht-table__header-cell" scope="col">${t(TEXT.breachAware, language)}</th>
<th class="utrecht-table__header-cell" scope="col">${t(TEXT.breachPage, language)}</th>
</tr></thead>
<tbody class="utrecht-table__body">${rows.map(
    (b) => html`<tr class="utrecht-table__row">
<td class="utrecht-table__cell" data-label="${t(TEXT.breachTitle, language)}"><a class="utrecht-link" href="${localPath(`${CONSOLE}/datalek/${b.id}`, language)}">${b.title}</a></td>
<td class="utrecht-table__cell" data-label="${t(TEXT.breachStatus, language)}">${BREACH_STATUS_NAMES[b.status] ? t(BREACH_STATUS_NAMES[b.status] as BilingualText, language) : b.status}</td>
<td class="utrecht-table__cell" data-label="${t(TEXT.breachAware, language)}">${formatDate(b.awareAt.toISOString(), language)}</td>
<td class="utrecht-table__cell" data-label="${t(TEXT.breachPage, language)}">${b.pageSlug ? html`<a class="utrecht-link" href="${localPath(`/datalek/${b.pageSlug}`, language)}">/datalek/${b.pageSlug}</a>` : t(TEXT.notPublished, language)}</td>
</tr>`,
  )}</tbody></table></div>`;
}

export function homeBody(language: Language, view: HomeView, notice: string | null = null): SafeHtml {
  return html`<div class="lw-prose">
<h1 class="utrecht-heading-1">${t(TEXT.homeTitle, language)}${view.organisationName ? html`: ${view.organisationName}` : ""}</h1>
${notice ? alert("ok", notice) : ""}
<dl class="lw-outbox-fields">
<dt>${t(TEXT.signedInAs, language)}</dt><dd>${view.displayName}</dd>
${view.organisationName ? html`<dt>${t(TEXT.organisation, language)}</dt><dd>${view.organisationName}</dd>` : ""}
<dt>${t(TEXT.yourRoles, language)}</dt><dd>${roleList(view.roles, language)}</dd>
</dl>
${
  view.mayManageStaff
    ? html`<p class="utrecht-paragraph"><a class="utrecht-link" href="${localPath(PATHS.staff, language)}">${t(TEXT.staffLink, language)}</a></p>
<p class="utrecht-paragraph"><a class="utrecht-link" href="${localPath(`${CONSOLE}/api-sleutels`, language)}">${t(TEXT.keysLink, language)}</a></p>`
    : ""
}
${view.mayReadRegister ? html`<p class="utrecht-paragraph"><a class="utrecht-link" href="${localPath(`${CONSOLE}/persoonsgegevens`, language)}">${t(TEXT.registerLink, language)}</a></p>` : ""}
${view.mayTakeCalls ? html`<p class="utrecht-paragraph"><a class="utrecht-link" href="${localPath(`${CONSOLE}/contact`, language)}">${t(TEXT.contactLink, language)}</a></p>` : ""}
${view.mayReadAudit ? html`<p class="utrecht-paragraph"><a class="utrecht-link" href="${localPath(`${CONSOLE}/logboek`, language)}">${t(TEXT.auditLink, language)}</a></p>` : ""}
${view.roles.includes("regulator") ? html`<p class="utrecht-paragraph"><a class="utrecht-link" href="${localPath(`${CONSOLE}/toezicht`, language)}">${t(OVERSIGHT_TEXT.title, language)}</a></p>` : ""}
${logoutForm(language, view.formToken)}
</div>
${
  view.breaches
    ? html`<h2 class="utrecht-heading-2" id="datalekken">${t(TEXT.breachesTitle, language)}</h2>${view.mayCreateBreach ? html`<p class="utrecht-paragraph"><a class="utrecht-link" href="${localPath(`${CONSOLE}/datalek/nieuw`, language)}">${t(BREACH_TEXT.newBreachLink, language)}</a></p>` : ""}${breachTable(view.breaches, language)}`
    : para(t(TEXT.platformNote, language))
}`;
}

export interface StaffPageView {
  staff: StaffJson[];
  selfId: string;
  roles: readonly string[];
  formToken: string;
  notice: string | null;
  typed: { email: string; displayName: string; roles: string[] };
  errors: FieldError[];
}

function staffTable(language: Language, view: StaffPageView): SafeHtml {
  return html`<div class="utrecht-table-container lw-stacking-table" role="region" aria-labelledby="medewerkers" tabindex="0"><table class="utrecht-table">
<thead class="utrecht-table__header"><tr class="utrecht-table__row">
<th class="utrecht-table__header-cell" scope="col">${t(TEXT.staffName, language)}</th>
<th class="utrecht-table__header-cell" scope="col">${t(TEXT.email, language)}</th>
<th class="utrecht-table__header-cell" scope="col">${t(TEXT.staffRoles, language)}</th>
<th class="utrecht-table__header-cell" scope="col">${t(TEXT.staffState, language)}</th>
<th class="utrecht-table__header-cell" scope="col">${t(TEXT.staffAction, language)}</th>
</tr></thead>
<tbody class="utrecht-table__body">${view.staff.map(
    (s) => html`<tr class="utrecht-table__row">
<td class="utrecht-table__cell" data-label="${t(TEXT.staffName, language)}">${s.displayName}${s.id === view.selfId ? html` ${t(TEXT.you, language)}` : ""}</td>
<td class="utrecht-table__cell" data-label="${t(TEXT.email, language)}">${s.email}</td>
<td class="utrecht-table__cell" data-label="${t(TEXT.staffRoles, language)}">${roleList(s.roles, language)}</td>
<td class="utrecht-table__cell" data-label="${t(TEXT.staffState, language)}">${STATE_NAMES[s.state] ? t(STATE_NAMES[s.state] as BilingualText, language) : s.state}</td>
<td class="utrecht-table__cell" data-label="${t(TEXT.staffAction, language)}">${
      s.state !== "disabled" && s.id !== view.selfId
        ? html`<form method="post" action="${localPath(`${PATHS.staff}/${s.id}/uitschakelen`, language)}">${formToken(view.formToken)}<button class="utrecht-button utrecht-button--secondary-action" type="submit">${t(TEXT.disable, language)}<span class="lw-visually-hidden">: ${s.displayName}</span></button></form>`
        : ""
    }</td>
</tr>`,
  )}</tbody></table></div>`;
}

export function staffBody(language: Language, view: StaffPageView): SafeHtml {
  const roleError = view.errors.find((e) => e.field === "rol-organisation-admin")?.message;
  return html`<div class="lw-prose">
<h1 class="utrecht-heading-1" id="medewerkers">${t(TEXT.staffTitle, language)}</h1>
${errorSummary(view.errors, language)}
${view.notice ? alert("ok", view.notice) : ""}
</div>
${staffTable(language, view)}
<div class="lw-prose">
<h2 class="utrecht-heading-2">${t(TEXT.addTitle, language)}</h2>
${para(t(TEXT.addLead, language))}
<form class="utrecht-form" method="post" action="${localPath(PATHS.staff, language)}" novalidate>
${formToken(view.formToken)}
${field(language, { id: "naam", name: "displayName", label: TEXT.displayName, type: "text", autocomplete: "off", value: view.typed.displayName, maxlength: 200 }, view.errors)}
${field(language, { id: "email", name: "email", label: TEXT.email, type: "email", autocomplete: "off", value: view.typed.email }, view.errors)}
<fieldset class="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset${roleError ? " utrecht-form-fieldset--invalid" : ""}" aria-describedby="rollen-hint${roleError ? " rollen-fout" : ""}">
<legend class="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">${t(TEXT.rolesLegend, language)}</legend>
<p class="utrecht-paragraph" id="rollen-hint">${t(TEXT.rolesHint, language)}</p>
${roleError ? html`<div class="utrecht-form-field-error-message" id="rollen-fout"><p class="utrecht-paragraph"><span class="lw-visually-hidden">${t(TEXT.errorPrefix, language)}: </span>${roleError}</p></div>` : ""}
${view.roles.map(
  (role) => html`<div class="utrecht-form-field utrecht-form-field--checkbox">
<div class="utrecht-form-field__input"><input class="utrecht-checkbox utrecht-checkbox--html-input" type="checkbox" id="rol-${role}" name="roles" value="${role}"${view.typed.roles.includes(role) ? html` checked` : ""}></div>
<div class="utrecht-form-field__label"><label class="utrecht-form-label utrecht-form-label--checkbox" for="rol-${role}">${ROLE_NAMES[role] ? t(ROLE_NAMES[role] as BilingualText, language) : role}</label></div>
</div>`,
)}
</fieldset>
${submit(language, TEXT.addSubmit)}
</form>
</div>`;
}
