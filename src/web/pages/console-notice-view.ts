/**
 * The console's regulator-notice page: the notices so far with downloads, the notice form section by section
 * (what the breach's facts say filled in), reasons for delay, a withdrawal, the NIS2 clock and a processor's
 * notices to its controllers. Every form posts to the server and works without JavaScript; a failed submit
 * shows an error summary linking to each field, the message at the field, and everything typed.
 */
import { CATEGORIES } from "../../framework/index.ts";
import {
  CHOICE_NAMES,
  FIELD_LABELS,
  NIS2_NAMES,
  NOTICE_NATURES,
  type NoticeWorkspace,
  PHASE_NAMES,
  SECTION_TITLES,
  SUBJECTS_INFORMED,
} from "../../operations/index.ts";
import { html, type SafeHtml } from "../html.ts";
import { type BilingualText, type Language, localPath, t } from "../i18n.ts";
import { NOTICE_TEXT as T } from "./console-notice-text.ts";
import { alert, CONSOLE, type FieldError } from "./console-view.ts";

export const noticePath = (breachId: string) => `${CONSOLE}/datalek/${breachId}/melding`;
/** Where a controller notice's downloads are (`/pdf`, `/json` after it). */
export const controllerNoticePath = (breachId: string, id: string) =>
  `${noticePath(breachId)}/verantwoordelijke/${id}`;

/** The form's values as typed: a string per field, a list per group of checkboxes. */
export type Raw = Record<string, string | string[]>;

type Kind = "text" | "email" | "tel" | "textarea" | "bool" | "count" | "choices" | "choice";
interface FieldSpec {
  path: string;
  kind: Kind;
  options?: readonly string[];
  optional?: boolean;
}

const CATEGORY_IDS = CATEGORIES.map((c) => c.id);

/** Every field of the notice, in the form's order. */
export const FIELDS: readonly FieldSpec[] = [
  { path: "about.organisationName", kind: "text" },
  { path: "about.chamberOfCommerce", kind: "text", optional: true },
  { path: "about.complete", kind: "bool" },
  { path: "contacts.name", kind: "text" },
  { path: "contacts.role", kind: "text", optional: true },
  { path: "contacts.email", kind: "email" },
  { path: "contacts.phone", kind: "tel" },
  { path: "timeline.awareAt", kind: "text" },
  { path: "timeline.occurredFrom", kind: "text", optional: true },
  { path: "timeline.occurredTo", kind: "text", optional: true },
  { path: "timeline.ongoing", kind: "bool" },
  { path: "timeline.discovery", kind: "textarea" },
  { path: "breach.summary", kind: "textarea" },
  { path: "breach.nature", kind: "choices", options: NOTICE_NATURES },
  { path: "breach.cause", kind: "textarea" },
  { path: "personalData.categories", kind: "choices", options: CATEGORY_IDS },
  { path: "personalData.special", kind: "bool" },
  { path: "personalData.description", kind: "textarea", optional: true },
  { path: "dataSubjects.countMin", kind: "count" },
  { path: "dataSubjects.countMax", kind: "count" },
  { path: "dataSubjects.groups", kind: "text" },
  { path: "protection.encrypted", kind: "bool" },
  { path: "protection.pseudonymised", kind: "bool" },
  { path: "protection.measures", kind: "textarea", optional: true },
  { path: "consequences.risk", kind: "choice", options: ["unlikely", "risk", "high"] },
  { path: "consequences.description", kind: "textarea" },
  { path: "followUp.measures", kind: "textarea" },
  { path: "followUp.subjectsInformed", kind: "choice", options: SUBJECTS_INFORMED },
  { path: "followUp.subjectsReason", kind: "textarea", optional: true },
  { path: "followUp.crossBorder", kind: "bool" },
];

export const fieldId = (path: string) => path.replace(/\./g, "-");

/** Stored or prefilled sections as the form's values. */
export function rawFromSections(sections: Record<string, Record<string, unknown> | undefined>): Raw {
  const raw: Raw = {};
  for (const spec of FIELDS) {
    const [section = "", name = ""] = spec.path.split(".");
    const value = sections[section]?.[name];
    if (spec.kind === "choices") raw[spec.path] = Array.isArray(value) ? value.map(String) : [];
    else if (spec.kind === "bool") raw[spec.path] = value === true ? "ja" : "";
    else raw[spec.path] = value === undefined || value === null ? "" : String(value);
  }
  return raw;
}

/** The posted form's values (unknown names ignored, lengths bounded). */
export function rawFromBody(body: Record<string, unknown>): Raw {
  const raw: Raw = {};
  for (const spec of FIELDS) {
    const value = body[spec.path];
    if (spec.kind === "choices")
      raw[spec.path] = (Array.isArray(value) ? value : [value])
        .filter((v): v is string => typeof v === "string")
        .slice(0, 100);
    else raw[spec.path] = typeof value === "string" ? value.slice(0, 4000) : "";
  }
  return raw;
}

/** The form's values as the operation's sections: yes/no, numbers, lists; empty optional fields left out. */
export function sectionsFromRaw(raw: Raw): Record<string, Record<string, unknown>> {
  const sections: Record<string, Record<string, unknown>> = {};
  for (const spec of FIELDS) {
    const [section = "", name = ""] = spec.path.split(".");
    const target = sections[section] ?? {};
    sections[section] = target;
    const value = raw[spec.path];
    if (spec.kind === "choices") target[name] = Array.isArray(value) ? value : [];
    else if (spec.kind === "bool") target[name] = value === "ja";
    else if (typeof value !== "string" || value.trim() === "") {
      if (!spec.optional && spec.kind !== "choice") target[name] = spec.kind === "count" ? undefined : "";
    } else if (spec.kind === "count")
      target[name] = /^\s*\d[\d. ]*\s*$/.test(value) ? Number(value.replace(/[. ]/g, "")) : Number.NaN;
    else target[name] = value;
  }
  return sections;
}

const label = (path: string, language: Language) =>
  FIELD_LABELS[path] ? t(FIELD_LABELS[path] as BilingualText, language) : path;
const choiceName = (path: string, option: string, language: Language) =>
  path === "personalData.categories"
    ? (CATEGORIES.find((c) => c.id === option)?.label[language] ?? option)
    : CHOICE_NAMES[option]
      ? t(CHOICE_NAMES[option] as BilingualText, language)
      : option;
const para = (text: string) => html`<p class="utrecht-paragraph">${text}</p>`;
const hiddenToken = (token: string) => html`<input type="hidden" name="formulier" value="${token}">`;
const when = (iso: string | null, language: Language) =>
  iso
    ? new Intl.DateTimeFormat(language === "nl" ? "nl-NL" : "en-GB", {
        dateStyle: "medium",
        timeStyle: "short",
        timeZone: "Europe/Amsterdam",
      }).format(new Date(iso))
    : "";

export function errorSummary(errors: readonly FieldError[], language: Language): SafeHtml | "" {
  if (errors.length === 0) return "";
  return html`<section class="utrecht-alert utrecht-alert--error" aria-labelledby="fout-titel" tabindex="-1" autofocus>
<div class="utrecht-alert__content"><div class="utrecht-alert__message">
<h2 class="utrecht-heading-3" id="fout-titel">${t(T.errorTitle, language)}</h2>
<ul class="utrecht-unordered-list">${errors.map((e) => html`<li><a class="utrecht-link" href="#${e.field}">${e.message}</a></li>`)}</ul>
</div></div></section>`;
}

const errorAt = (id: string, message: string | undefined, language: Language) =>
  message
    ? html`<div class="utrecht-form-field-error-message" id="${id}-fout"><p class="utrecht-paragraph"><span class="lw-visually-hidden">${t(T.errorPrefix, language)}: </span>${message}</p></div>`
    : "";

/** One labelled text field or text area, with its hint and error. */
export function textField(
  language: Language,
  spec: {
    id: string;
    name: string;
    label: string;
    value: string;
    kind?: Kind;
    hint?: string;
    error?: string;
  },
): SafeHtml {
  const { id, error } = spec;
  const described = [spec.hint ? `${id}-hint` : "", error ? `${id}-fout` : ""].filter(Boolean).join(" ");
  const aria = html`${described ? html` aria-describedby="${described}"` : ""}${error ? html` aria-invalid="true"` : ""}`;
  const type = spec.kind === "email" ? "email" : spec.kind === "tel" ? "tel" : "text";
  const input =
    spec.kind === "textarea"
      ? html`<textarea class="utrecht-textarea utrecht-textarea--html-textarea${error ? " utrecht-textarea--invalid" : ""}" id="${id}" name="${spec.name}" rows="4" maxlength="4000"${aria}>${spec.value}</textarea>`
      : html`<input class="utrecht-textbox utrecht-textbox--html-input${error ? " utrecht-textbox--invalid" : ""}" id="${id}" name="${spec.name}" type="${type}"${spec.kind === "count" ? html` inputmode="numeric"` : ""} maxlength="400" value="${spec.value}"${aria}>`;
  return html`<div class="utrecht-form-field utrecht-form-field--text${error ? " utrecht-form-field--invalid" : ""}">
<div class="utrecht-form-field__label"><label class="utrecht-form-label" for="${id}">${spec.label}</label></div>
${spec.hint ? html`<div class="utrecht-form-field__description" id="${id}-hint"><p class="utrecht-paragraph">${spec.hint}</p></div>` : ""}
${errorAt(id, error, language)}
<div class="utrecht-form-field__input">${input}</div>
</div>`;
}

/** A checkbox, or a group of checkboxes or radio buttons in a fieldset. */
function choiceField(language: Language, spec: FieldSpec, raw: Raw, error: string | undefined): SafeHtml {
  const id = fieldId(spec.path);
  const value = raw[spec.path];
  if (spec.kind === "bool")
    return html`<div class="utrecht-form-field utrecht-form-field--checkbox">
<div class="utrecht-form-field__input"><input class="utrecht-checkbox utrecht-checkbox--html-input" type="checkbox" id="${id}" name="${spec.path}" value="ja"${value === "ja" ? html` checked` : ""}></div>
<div class="utrecht-form-field__label"><label class="utrecht-form-label utrecht-form-label--checkbox" for="${id}">${label(spec.path, language)}</label></div>
</div>`;
  const type = spec.kind === "choices" ? "checkbox" : "radio";
  const chosen = Array.isArray(value) ? value : [value];
  return html`<fieldset class="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset${error ? " utrecht-form-fieldset--invalid" : ""}" id="${id}"${error ? html` aria-describedby="${id}-fout"` : ""}>
<legend class="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">${label(spec.path, language)}</legend>
${errorAt(id, error, language)}
${(spec.options ?? []).map(
  (option) => html`<div class="utrecht-form-field utrecht-form-field--${type}">
<div class="utrecht-form-field__input"><input class="utrecht-${type === "checkbox" ? "checkbox utrecht-checkbox" : "radio-button utrecht-radio-button"}--html-input" type="${type}" id="${id}-${option}" name="${spec.path}" value="${option}"${chosen.includes(option) ? html` checked` : ""}></div>
<div class="utrecht-form-field__label"><label class="utrecht-form-label utrecht-form-label--${type === "checkbox" ? "checkbox" : "radio"}" for="${id}-${option}">${choiceName(spec.path, option, language)}</label></div>
</div>`,
)}
</fieldset>`;
}

function sectionFields(
  language: Language,
  section: string,
  raw: Raw,
  errors: readonly FieldError[],
): SafeHtml {
  return html`<fieldset class="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset lw-notice-section">
<legend class="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend"><span class="utrecht-heading-2">${SECTION_TITLES[section] ? t(SECTION_TITLES[section] as BilingualText, language) : section}</span></legend>
${FIELDS.filter((f) => f.path.startsWith(`${section}.`)).map((spec) => {
  const error = errors.find((e) => e.field === fieldId(spec.path))?.message;
  if (spec.kind === "bool" || spec.kind === "choices" || spec.kind === "choice")
    return choiceField(language, spec, raw, error);
  const hint = spec.path === "timeline.awareAt" ? t(T.timeHint, language) : undefined;
  return textField(language, {
    id: fieldId(spec.path),
    name: spec.path,
    label: label(spec.path, language),
    value: String(raw[spec.path] ?? ""),
    kind: spec.kind,
    ...(hint ? { hint } : {}),
    ...(error ? { error } : {}),
  });
})}
</fieldset>`;
}

export interface NoticePageView {
  space: NoticeWorkspace;
  raw: Raw;
  delayReasons: string;
  withdrawReason: string;
  controller: { controllerName: string; controllerContact: string; decide: string };
  nis2: { applies: boolean; sent: Record<string, string> };
  errors: FieldError[];
  notice: string | null;
  formToken: string;
}

const SECTIONS = [
  "about",
  "contacts",
  "timeline",
  "breach",
  "personalData",
  "dataSubjects",
  "protection",
  "consequences",
  "followUp",
];

function noticesTable(language: Language, view: NoticePageView): SafeHtml {
  const { space } = view;
  if (space.notices.length === 0) return para(t(T.noNotices, language));
  const base = localPath(noticePath(space.breach.id), language);
  const head = (text: string) => html`<th class="utrecht-table__header-cell" scope="col">${text}</th>`;
  const cell = (name: string, value: SafeHtml | string) =>
    html`<td class="utrecht-table__cell" data-label="${name}">${value}</td>`;
  return html`<div class="utrecht-table-container lw-stacking-table" role="region" aria-labelledby="meldingen" tabindex="0"><table class="utrecht-table">
<thead class="utrecht-table__header"><tr class="utrecht-table__row">${head(t(T.number, language))}${head(t(T.phase, language))}${head(t(T.submitted, language))}${head(t(T.by, language))}${head(t(T.download, language))}</tr></thead>
<tbody class="utrecht-table__body">${space.notices.map(
    (n) => html`<tr class="utrecht-table__row">
${cell(t(T.number, language), String(n.number))}
${cell(t(T.phase, language), html`${t(PHASE_NAMES[n.phase] as BilingualText, language)}${n.late ? html` (${t(T.late, language)})` : ""}`)}
${cell(t(T.submitted, language), when(n.submittedAt, language))}
${cell(t(T.by, language), n.submittedBy)}
${cell(t(T.download, language), html`<a class="utrecht-link" href="${base}/${String(n.number)}/pdf">PDF<span class="lw-visually-hidden"> ${String(n.number)}</span></a> · <a class="utrecht-link" href="${base}/${String(n.number)}/json">JSON<span class="lw-visually-hidden"> ${String(n.number)}</span></a>`)}
</tr>`,
  )}</tbody></table></div>`;
}

function noticeForm(language: Language, view: NoticePageView): SafeHtml {
  const { space, errors } = view;
  const phase = space.next.phase;
  if (phase === null) return para(t(T.withdrawnLead, language));
  const delayError = errors.find((e) => e.field === "delayReasons")?.message;
  return html`<h2 class="utrecht-heading-2" id="formulier-melding">${t(phase === "initial" ? T.formInitial : T.formSupplement, language)}</h2>
${phase === "supplement" ? para(t(T.supplementLead, language)) : ""}
<form class="utrecht-form" method="post" action="${localPath(noticePath(space.breach.id), language)}" novalidate>
${hiddenToken(view.formToken)}<input type="hidden" name="onderdeel" value="melding"><input type="hidden" name="fase" value="${phase}">
${SECTIONS.map((section) => sectionFields(language, section, view.raw, errors))}
${
  phase === "initial"
    ? textField(language, {
        id: "delayReasons",
        name: "delayReasons",
        label: t(T.delayTitle, language),
        value: view.delayReasons,
        kind: "textarea",
        hint: t(space.next.reasonsRequired ? T.delayHint : T.delayOptional, language),
        ...(delayError ? { error: delayError } : {}),
      })
    : ""
}
<p class="utrecht-paragraph"><button class="utrecht-button utrecht-button--primary-action" type="submit">${t(T.submit, language)}</button></p>
</form>`;
}

function withdrawForm(language: Language, view: NoticePageView): SafeHtml | "" {
  if (view.space.next.phase !== "supplement") return "";
  const error = view.errors.find((e) => e.field === "withdrawal-reason")?.message;
  return html`<h2 class="utrecht-heading-2">${t(T.withdrawTitle, language)}</h2>
${para(t(T.withdrawLead, language))}
<form class="utrecht-form" method="post" action="${localPath(noticePath(view.space.breach.id), language)}" novalidate>
${hiddenToken(view.formToken)}<input type="hidden" name="onderdeel" value="intrekking">
${textField(language, { id: "withdrawal-reason", name: "withdrawal.reason", label: label("withdrawal.reason", language), value: view.withdrawReason, kind: "textarea", ...(error ? { error } : {}) })}
<p class="utrecht-paragraph"><button class="utrecht-button utrecht-button--secondary-action" type="submit">${t(T.withdraw, language)}</button></p>
</form>`;
}

function nis2Form(language: Language, view: NoticePageView): SafeHtml {
  const { space } = view;
  return html`<h2 class="utrecht-heading-2" id="nis2">${t(T.nis2Title, language)}</h2>
${para(t(T.nis2Lead, language))}
<form class="utrecht-form" method="post" action="${localPath(noticePath(space.breach.id), language)}" novalidate>
${hiddenToken(view.formToken)}<input type="hidden" name="onderdeel" value="nis2">
<div class="utrecht-form-field utrecht-form-field--checkbox">
<div class="utrecht-form-field__input"><input class="utrecht-checkbox utrecht-checkbox--html-input" type="checkbox" id="nis2-applies" name="nis2.applies" value="ja"${view.nis2.applies ? html` checked` : ""}></div>
<div class="utrecht-form-field__label"><label class="utrecht-form-label utrecht-form-label--checkbox" for="nis2-applies">${t(T.nis2Applies, language)}</label></div>
</div>
${space.nis2.reports.map((r) => {
  const state = r.sentAt ? T.nis2Done : r.overdue ? T.nis2Overdue : T.nis2Open;
  const error = view.errors.find((e) => e.field === `nis2-${r.report}`)?.message;
  return textField(language, {
    id: `nis2-${r.report}`,
    name: `nis2.${r.report}`,
    label: `${t(NIS2_NAMES[r.report] as BilingualText, language)}: ${t(T.nis2Due, language)} ${when(r.dueAt, language)} (${t(state, language)})`,
    value: view.nis2.sent[r.report] ?? "",
    hint: `${t(T.nis2Sent, language)}. ${t(T.timeHint, language)}`,
    ...(error ? { error } : {}),
  });
})}
<p class="utrecht-paragraph"><button class="utrecht-button utrecht-button--secondary-action" type="submit">${t(T.nis2Save, language)}</button></p>
</form>`;
}

function processorForm(language: Language, view: NoticePageView): SafeHtml {
  const { space, controller } = view;
  const error = (id: string) => view.errors.find((e) => e.field === id)?.message;
  const field = (id: keyof typeof controller, text: BilingualText, kind: Kind = "text") => {
    const message = error(id);
    return textField(language, {
      id,
      name: id,
      label: t(text, language),
      value: controller[id],
      kind,
      ...(message ? { error: message } : {}),
    });
  };
  return html`<h2 class="utrecht-heading-2" id="verwerker">${t(T.processorTitle, language)}</h2>
${para(t(T.processorLead, language))}
${
  space.controllerNotices.length === 0
    ? para(t(T.noControllers, language))
    : html`<ul class="utrecht-unordered-list">${space.controllerNotices.map((c) => {
        const base = localPath(controllerNoticePath(space.breach.id, c.id), language);
        // The hidden name tells the links of one controller from another's when read out of context.
        const whose = html`<span class="lw-visually-hidden"> ${c.controllerName}</span>`;
        return html`<li><strong>${c.controllerName}</strong> (${c.controllerContact}), ${when(c.createdAt, language)}: ${c.decide} <a class="utrecht-link" href="${base}/pdf">PDF${whose}</a> · <a class="utrecht-link" href="${base}/json">JSON${whose}</a></li>`;
      })}</ul>`
}
<form class="utrecht-form" method="post" action="${localPath(noticePath(space.breach.id), language)}" novalidate>
${hiddenToken(view.formToken)}<input type="hidden" name="onderdeel" value="verwerker">
${field("controllerName", T.controllerName)}
${field("controllerContact", T.controllerContact)}
${field("decide", T.decide, "textarea")}
<p class="utrecht-paragraph"><button class="utrecht-button utrecht-button--secondary-action" type="submit">${t(T.addController, language)}</button></p>
</form>`;
}

export function noticeBody(language: Language, view: NoticePageView): SafeHtml {
  const { space } = view;
  const risk = space.breach.risk;
  return html`<div class="lw-prose">
<h1 class="utrecht-heading-1">${t(T.title, language)}: ${space.breach.title}</h1>
${errorSummary(view.errors, language)}
${view.notice ? alert("ok", view.notice) : ""}
${para(t(T.lead, language))}
<dl class="lw-outbox-fields">
<dt>${t(T.aware, language)}</dt><dd>${when(space.breach.awareAt, language)}</dd>
<dt>${t(T.due, language)}</dt><dd>${when(space.breach.dueAt, language)}</dd>
${risk ? html`<dt>${t(T.risk, language)}</dt><dd>${CHOICE_NAMES[risk] ? t(CHOICE_NAMES[risk] as BilingualText, language) : risk}</dd>` : ""}
</dl>
<h2 class="utrecht-heading-2" id="meldingen">${t(T.noticesTitle, language)}</h2>
</div>
${noticesTable(language, view)}
<div class="lw-prose">
${noticeForm(language, view)}
${withdrawForm(language, view)}
${nis2Form(language, view)}
${processorForm(language, view)}
<p class="utrecht-paragraph"><a class="utrecht-link" href="${localPath(`${CONSOLE}/datalek/${space.breach.id}`, language)}">${t(T.back, language)}</a></p>
</div>`;
}
