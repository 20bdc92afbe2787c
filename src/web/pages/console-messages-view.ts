/**
 * The message editor's page body: one form with the campaign's kind and selection, the organisation's own
 * texts, and every framework element's wording (prefilled with the framework's template text, Dutch and
 * English). The check's findings are shown at the field they are about: B1 warnings at each text, the message
 * checks (completeness, plain language, anti-phishing, length) at the element they concern. A preview shows one
 * made-up person's message on one channel: the e-mail and the portal page in sandboxed frames (no script, no
 * links followed), the SMS as text, the letter through a button that opens its PDF. Everything typed stays in
 * the form whatever the answer.
 */
import { ELEMENTS, FLAGS } from "../../framework/index.ts";
import type { Finding } from "../../messages/index.ts";
import { html, type SafeHtml } from "../html.ts";
import { type BilingualText, LANGUAGES, type Language, localPath, t } from "../i18n.ts";
import { CAMPAIGN_PATHS } from "./console-campaigns-view.ts";
import {
  CHANNEL_LABELS,
  KIND_LABELS,
  OWN_TEXTS,
  type OwnTextId,
  MESSAGES_TEXT as T,
} from "./console-messages-text.ts";
import { alert, type FieldError } from "./console-view.ts";

export const PREVIEW_CHANNELS = ["email", "sms", "portal", "letter"] as const;
export type PreviewChannel = (typeof PREVIEW_CHANNELS)[number];
export type Bilingual = { nl: string; en: string };

export interface MessageFormValues {
  kind: "first-notice" | "update";
  segment: string;
  flag: string;
  notReached: boolean;
  subscribers: boolean;
  texts: Record<OwnTextId, Bilingual>;
  /** The wording of every element, by element id: the framework's template unless the editor changed it. */
  elements: Record<string, Bilingual>;
  preview: { language: Language; flags: string[]; channel: PreviewChannel };
  /** The update whose news this campaign carries, when it came from the updates page. */
  updateId: string;
}

/** A B1 finding on one field. */
export interface FieldWarning {
  severity: "block" | "warn";
  message: string;
  excerpt: string;
  suggestion: string;
}

export interface ShownPreview {
  channel: PreviewChannel;
  subject: string;
  emailHtml: string;
  emailText: string;
  sms: string;
  smsSegments: number;
  portalHtml: string;
  letterPages: number | null;
  findings: Finding[];
}

export interface MessagesView {
  breachId: string;
  breachTitle: string;
  formToken: string;
  values: MessageFormValues;
  errors: FieldError[];
  /** A refusal that is about no one field (a template that does not render, no sender profile). */
  problem: string | null;
  checks: { findings: Finding[]; fields: Record<string, FieldWarning[]> } | null;
  preview: ShownPreview | null;
  mayCreate: boolean;
}

export const MESSAGES_PATH = (breachId: string) => `${CAMPAIGN_PATHS.breach}/${breachId}/berichten`;
export const textField = (id: string, language: Language) => `tekst-${id}-${language}`;
export const elementField = (id: string, language: Language) => `element-${id}-${language}`;

const CHECK_NAMES: Readonly<Record<string, BilingualText>> = {
  completeness: T.completeness,
  "plain-language": T.plainLanguage,
  "anti-phishing": T.antiPhishing,
  length: T.length,
};

const para = (text: string) => html`<p class="utrecht-paragraph">${text}</p>`;

function findingItem(language: Language, f: Finding): SafeHtml {
  const where = [f.channel ? t(CHANNEL_LABELS[f.channel] ?? { nl: f.channel, en: f.channel }, language) : ""]
    .filter(Boolean)
    .join(", ");
  return html`<li><strong>${f.severity === "block" ? t(T.blocks, language) : t(T.warns, language)}</strong> — ${t(CHECK_NAMES[f.check] ?? { nl: f.check, en: f.check }, language)}${where ? html` (${where})` : ""}: <span lang="en">${f.message}</span>${f.suggestion ? html` <span lang="en">${f.suggestion}</span>` : ""}</li>`;
}

/** The element a finding is about: its element, or the section named after one. */
export const findingElement = (f: Finding): string | undefined =>
  f.element ?? (ELEMENTS.some((e) => e.id === f.section) ? f.section : undefined);

/**
 * Findings as a list, those in the organisation's own texts first; findings in text Lekwijzer writes itself
 * (staff cannot change it) folded away beneath them, so what the editor can fix stands out.
 */
function findingList(language: Language, findings: readonly Finding[], id: string): SafeHtml | "" {
  if (findings.length === 0) return "";
  const own = findings.filter((f) => f.source !== "framework");
  const platform = findings.filter((f) => f.source === "framework");
  return html`<div class="utrecht-alert utrecht-alert--${findings.some((f) => f.severity === "block") ? "error" : "warning"}" id="${id}"><div class="utrecht-alert__content"><div class="utrecht-alert__message">
${own.length > 0 ? html`<ul class="utrecht-unordered-list">${own.map((f) => findingItem(language, f))}</ul>` : ""}
${platform.length > 0 ? html`<details class="utrecht-details"><summary class="utrecht-details__summary">${t(T.frameworkFindings, language)} (${String(platform.length)})</summary><ul class="utrecht-unordered-list">${platform.map((f) => findingItem(language, f))}</ul></details>` : ""}
</div></div></div>`;
}

function errorSummary(language: Language, view: MessagesView): SafeHtml | "" {
  if (view.errors.length === 0 && !view.problem) return "";
  return html`<section class="utrecht-alert utrecht-alert--error" aria-labelledby="fout-titel" tabindex="-1" autofocus>
<div class="utrecht-alert__content"><div class="utrecht-alert__message">
<h2 class="utrecht-heading-3" id="fout-titel">${t(T.notPossible, language)}</h2>
${view.problem ? para(view.problem) : ""}
${view.errors.length > 0 ? html`<ul class="utrecht-unordered-list">${view.errors.map((e) => html`<li><a class="utrecht-link" href="#${e.field}">${e.message}</a></li>`)}</ul>` : ""}
</div></div></section>`;
}

interface AreaSpec {
  id: string;
  label: string;
  hint?: string;
  value: string;
  rows: number;
  lang: Language;
}

/** A textarea with its error and its B1 warnings, both linked from the field by aria-describedby. */
function area(spec: AreaSpec, view: MessagesView, language: Language): SafeHtml {
  const error = view.errors.find((e) => e.field === spec.id)?.message;
  const warnings = view.checks?.fields[spec.id] ?? [];
  const described = [
    spec.hint ? `${spec.id}-hint` : "",
    error ? `${spec.id}-fout` : "",
    warnings.length ? `${spec.id}-b1` : "",
  ]
    .filter(Boolean)
    .join(" ");
  return html`<div class="utrecht-form-field utrecht-form-field--textarea${error ? " utrecht-form-field--invalid" : ""}">
<div class="utrecht-form-field__label"><label class="utrecht-form-label" for="${spec.id}">${spec.label}</label></div>
${spec.hint ? html`<div class="utrecht-form-field__description" id="${spec.id}-hint"><p class="utrecht-paragraph">${spec.hint}</p></div>` : ""}
${error ? html`<div class="utrecht-form-field-error-message" id="${spec.id}-fout"><p class="utrecht-paragraph">${error}</p></div>` : ""}
<div class="utrecht-form-field__input"><textarea class="utrecht-textarea${error ? " utrecht-textarea--invalid" : ""}" id="${spec.id}" name="${spec.id}" rows="${String(spec.rows)}" lang="${spec.lang}"${described ? html` aria-describedby="${described}"` : ""}${error ? html` aria-invalid="true"` : ""}>${spec.value}</textarea></div>
${
  warnings.length > 0
    ? html`<div class="utrecht-form-field__description" id="${spec.id}-b1"><p class="utrecht-paragraph"><strong>${t(T.plainLanguage, language)}:</strong></p><ul class="utrecht-unordered-list">${warnings.map((w) => html`<li>${w.severity === "block" ? t(T.blocks, language) : t(T.warns, language)}: <span lang="en">${w.message}</span>${w.suggestion ? html` <span lang="en">${w.suggestion}</span>` : ""}</li>`)}</ul></div>`
    : ""
}
</div>`;
}

const languageName = (lang: Language, language: Language) => t(lang === "nl" ? T.dutch : T.english, language);

function selectionFields(language: Language, view: MessagesView): SafeHtml {
  const v = view.values;
  const segmentError = view.errors.find((e) => e.field === "segment")?.message;
  return html`<fieldset class="utrecht-form-fieldset"><legend class="utrecht-form-fieldset__legend">${t(T.campaignSection, language)}</legend>
<div class="utrecht-form-field"><fieldset class="utrecht-form-fieldset"><legend class="utrecht-form-label">${t(T.kind, language)}</legend>
${(["first-notice", "update"] as const).map((kind) => html`<div class="utrecht-form-field utrecht-form-field--radio"><input class="utrecht-radio-button utrecht-radio-button--html-input" type="radio" id="soort-${kind}" name="soort" value="${kind}"${v.kind === kind ? html` checked` : ""}> <label class="utrecht-form-label utrecht-form-label--radio" for="soort-${kind}">${t(KIND_LABELS[kind], language)}</label></div>`)}
</fieldset></div>
<div class="utrecht-form-field${segmentError ? " utrecht-form-field--invalid" : ""}">
<div class="utrecht-form-field__label"><label class="utrecht-form-label" for="segment">${t(T.segment, language)}</label></div>
<div class="utrecht-form-field__description" id="segment-hint"><p class="utrecht-paragraph">${t(T.segmentHint, language)}</p></div>
${segmentError ? html`<div class="utrecht-form-field-error-message" id="segment-fout"><p class="utrecht-paragraph">${segmentError}</p></div>` : ""}
<div class="utrecht-form-field__input"><input class="utrecht-textbox utrecht-textbox--html-input" id="segment" name="segment" type="text" maxlength="100" value="${v.segment}" aria-describedby="segment-hint${segmentError ? " segment-fout" : ""}"${segmentError ? html` aria-invalid="true"` : ""}></div></div>
<div class="utrecht-form-field">
<div class="utrecht-form-field__label"><label class="utrecht-form-label" for="vlag">${t(T.flag, language)}</label></div>
<div class="utrecht-form-field__input"><select class="utrecht-select utrecht-select--html-select" id="vlag" name="vlag"><option value="">${t(T.anyFlag, language)}</option>${FLAGS.map((f) => html`<option value="${f.id}"${v.flag === f.id ? html` selected` : ""}>${t(f.label, language)}</option>`)}</select></div></div>
<div class="utrecht-form-field utrecht-form-field--checkbox"><input class="utrecht-checkbox utrecht-checkbox--html-input" type="checkbox" id="niet-bereikt" name="nietBereikt" value="ja"${v.notReached ? html` checked` : ""}> <label class="utrecht-form-label utrecht-form-label--checkbox" for="niet-bereikt">${t(T.notReached, language)}</label></div>
<div class="utrecht-form-field utrecht-form-field--checkbox"><input class="utrecht-checkbox utrecht-checkbox--html-input" type="checkbox" id="abonnees" name="abonnees" value="ja"${v.subscribers ? html` checked` : ""}> <label class="utrecht-form-label utrecht-form-label--checkbox" for="abonnees">${t(T.subscribers, language)}</label></div>
</fieldset>`;
}

function ownTextFields(language: Language, view: MessagesView): SafeHtml {
  return html`<fieldset class="utrecht-form-fieldset"><legend class="utrecht-form-fieldset__legend">${t(T.ownTextsSection, language)}</legend>
${para(t(T.ownTextsLead, language))}
${view.values.updateId ? alert("info", t(T.fromUpdate, language)) : ""}
${OWN_TEXTS.map((own) =>
  LANGUAGES.map((lang) =>
    area(
      {
        id: textField(own.id, lang),
        label: `${t(own.label, language)} — ${languageName(lang, language)} (${t(own.required === "always" ? T.required : T.optional, language)})`,
        hint: t(own.hint, language),
        value: view.values.texts[own.id][lang],
        rows: own.id === "whatHappened" || own.id === "updateNews" ? 4 : 2,
        lang,
      },
      view,
      language,
    ),
  ),
)}
</fieldset>`;
}

function elementFields(language: Language, view: MessagesView): SafeHtml {
  const findings = view.checks?.findings ?? [];
  return html`<h2 class="utrecht-heading-2">${t(T.elementsSection, language)}</h2>
${para(t(T.elementsLead, language))}
${ELEMENTS.map(
  (
    element,
  ) => html`<fieldset class="utrecht-form-fieldset" id="onderdeel-${element.id}"><legend class="utrecht-form-fieldset__legend">${t(element.title, language)}</legend>
<p class="utrecht-paragraph"><strong>${t(T.mustSay, language)}:</strong> ${t(element.mustSay, language)}</p>
${findingList(
  language,
  findings.filter((f) => findingElement(f) === element.id),
  `controle-${element.id}`,
)}
${LANGUAGES.map((lang) =>
  area(
    {
      id: elementField(element.id, lang),
      label: `${t(element.title, language)} — ${languageName(lang, language)}`,
      value: view.values.elements[element.id]?.[lang] ?? "",
      rows: 5,
      lang,
    },
    view,
    language,
  ),
)}
</fieldset>`,
)}`;
}

function previewFields(language: Language, view: MessagesView): SafeHtml {
  const p = view.values.preview;
  return html`<fieldset class="utrecht-form-fieldset"><legend class="utrecht-form-fieldset__legend">${t(T.previewSection, language)}</legend>
${para(t(T.previewLead, language))}
<div class="utrecht-form-field"><div class="utrecht-form-field__label"><label class="utrecht-form-label" for="voorbeeld-taal">${t(T.previewLanguage, language)}</label></div>
<div class="utrecht-form-field__input"><select class="utrecht-select utrecht-select--html-select" id="voorbeeld-taal" name="voorbeeldTaal">${LANGUAGES.map((lang) => html`<option value="${lang}"${p.language === lang ? html` selected` : ""}>${languageName(lang, language)}</option>`)}</select></div></div>
<div class="utrecht-form-field"><div class="utrecht-form-field__label"><label class="utrecht-form-label" for="voorbeeld-kanaal">${t(T.previewChannel, language)}</label></div>
<div class="utrecht-form-field__input"><select class="utrecht-select utrecht-select--html-select" id="voorbeeld-kanaal" name="voorbeeldKanaal">${PREVIEW_CHANNELS.map((c) => html`<option value="${c}"${p.channel === c ? html` selected` : ""}>${t(CHANNEL_LABELS[c] as BilingualText, language)}</option>`)}</select></div></div>
<div class="utrecht-form-field"><fieldset class="utrecht-form-fieldset"><legend class="utrecht-form-label">${t(T.previewFlags, language)}</legend>
${FLAGS.map((f) => html`<div class="utrecht-form-field utrecht-form-field--checkbox"><input class="utrecht-checkbox utrecht-checkbox--html-input" type="checkbox" id="voorbeeld-${f.id}" name="voorbeeldKenmerk" value="${f.id}"${p.flags.includes(f.id) ? html` checked` : ""}> <label class="utrecht-form-label utrecht-form-label--checkbox" for="voorbeeld-${f.id}">${t(f.label, language)}</label></div>`)}
</fieldset></div>
</fieldset>`;
}

function checksPanel(language: Language, view: MessagesView): SafeHtml | "" {
  if (!view.checks) return "";
  const { findings } = view.checks;
  const fieldWarnings = Object.values(view.checks.fields).flat();
  const general = findings.filter((f) => findingElement(f) === undefined);
  const blocking =
    findings.some((f) => f.severity === "block") || fieldWarnings.some((w) => w.severity === "block");
  const summary =
    findings.length === 0 && fieldWarnings.length === 0
      ? t(T.checksNone, language)
      : blocking
        ? t(T.checksBlocking, language)
        : t(T.checksWarnings, language);
  return html`<section aria-labelledby="controle-titel" id="controle">
<h2 class="utrecht-heading-2" id="controle-titel" tabindex="-1">${t(T.checksTitle, language)}</h2>
${alert(blocking ? "error" : findings.length || fieldWarnings.length ? "warning" : "ok", summary)}
${general.length > 0 ? html`<h3 class="utrecht-heading-3">${t(T.checksGeneral, language)}</h3>${findingList(language, general, "controle-algemeen")}` : ""}
</section>`;
}

function previewPanel(language: Language, view: MessagesView): SafeHtml | "" {
  const p = view.preview;
  if (!p) return "";
  const body =
    p.channel === "email"
      ? html`<iframe class="lw-message-frame" sandbox="" referrerpolicy="no-referrer" title="${t(T.emailFrame, language)}" srcdoc="${p.emailHtml}"></iframe>
<details class="utrecht-details"><summary class="utrecht-details__summary">${t(T.emailText, language)}</summary><pre class="utrecht-pre-heading lw-message-text">${p.emailText}</pre></details>`
      : p.channel === "sms"
        ? html`<pre class="lw-message-text" id="voorbeeld-sms">${p.sms}</pre><p class="utrecht-paragraph">${t(T.smsSegments, language)}: ${String(p.smsSegments)}</p>`
        : p.channel === "portal"
          ? html`<iframe class="lw-message-frame" sandbox="" referrerpolicy="no-referrer" title="${t(T.portalFrame, language)}" srcdoc="${p.portalHtml}"></iframe>`
          : p.letterPages === null
            ? para(t(T.noLetter, language))
            : html`<p class="utrecht-paragraph">${t(T.letterPages, language)}: ${String(p.letterPages)}</p>
<p class="utrecht-paragraph"><button class="utrecht-button utrecht-button--secondary-action" type="submit" form="berichten" name="actie" value="brief" formtarget="_blank">${t(T.letterPdf, language)}</button></p>`;
  return html`<section aria-labelledby="voorbeeld-titel" id="voorbeeld">
<h2 class="utrecht-heading-2" id="voorbeeld-titel" tabindex="-1">${t(T.previewSection, language)}: ${t(CHANNEL_LABELS[p.channel] as BilingualText, language)}</h2>
<p class="utrecht-paragraph"><strong>${t(T.subject, language)}:</strong> ${p.subject}</p>
${body}
${p.findings.length > 0 ? html`<h3 class="utrecht-heading-3">${t(T.previewFindings, language)}</h3>${findingList(language, p.findings, "voorbeeld-controle")}` : ""}
</section>`;
}

export function messagesBody(language: Language, view: MessagesView): SafeHtml {
  const action = localPath(MESSAGES_PATH(view.breachId), language);
  const button = (value: string, label: BilingualText, kind: "primary" | "secondary") =>
    html`<button class="utrecht-button utrecht-button--${kind}-action" type="submit" name="actie" value="${value}">${t(label, language)}</button>`;
  return html`<div class="lw-prose">
<h1 class="utrecht-heading-1">${t(T.title, language)}</h1>
<p class="utrecht-paragraph">${t(T.breach, language)}: ${view.breachTitle}</p>
${errorSummary(language, view)}
${para(t(T.lead, language))}
${checksPanel(language, view)}
${previewPanel(language, view)}
<form class="utrecht-form" id="berichten" method="post" action="${action}" novalidate>
<input type="hidden" name="formulier" value="${view.formToken}">
${view.values.updateId ? html`<input type="hidden" name="update" value="${view.values.updateId}">` : ""}
${selectionFields(language, view)}
${ownTextFields(language, view)}
${elementFields(language, view)}
${previewFields(language, view)}
<p class="utrecht-paragraph lw-button-row">${button("controleren", T.check, "secondary")} ${button("voorbeeld", T.preview, "secondary")}</p>
${view.mayCreate ? html`${para(t(T.createHint, language))}<p class="utrecht-paragraph">${button("maken", T.create, "primary")}</p>` : ""}
</form>
<p class="utrecht-paragraph"><a class="utrecht-link" href="${localPath(`${CAMPAIGN_PATHS.breach}/${view.breachId}`, language)}">${t(T.backToBreach, language)}</a></p>
</div>`;
}
