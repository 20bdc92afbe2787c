/**
 * The updates page's body (/console/datalek/<id>/updates): the public breach page's state with a form to
 * publish or refresh it, a form to write an update (Dutch required, English optional) with its B1 warnings at
 * each field and a preview as people will read it, and the breach's updates with a publish button for drafts
 * and, for published ones, the way to send them to affected people as an update campaign. Forms keep what was
 * typed when they fail.
 */
import type { UpdateJson } from "../../operations/index.ts";
import { html, type SafeHtml } from "../html.ts";
import { type BilingualText, LANGUAGES, type Language, localPath, t } from "../i18n.ts";
import { CAMPAIGN_PATHS } from "./console-campaigns-view.ts";
import { UPDATES_TEXT as T } from "./console-updates-text.ts";
import { alert, type FieldError } from "./console-view.ts";

export type Bilingual = { nl: string; en: string };

export interface FieldWarning {
  severity: "block" | "warn";
  message: string;
  suggestion: string;
}

export const UPDATES_PATH = (breachId: string) => `${CAMPAIGN_PATHS.breach}/${breachId}/updates`;
export const PHISHING_PATH = (breachId: string) => `${CAMPAIGN_PATHS.breach}/${breachId}/phishing`;

/** The form's field id of an operation's problem path (`title.nl` → `titel-nl`). */
export const fieldOf = (path: string): string | undefined => {
  const found = /^(title|body)\.(nl|en)$/.exec(path);
  if (!found) return undefined;
  return `${found[1] === "title" ? "titel" : "tekst"}-${found[2]}`;
};

const para = (text: string) => html`<p class="utrecht-paragraph">${text}</p>`;

export function errorSummary(
  language: Language,
  errors: readonly FieldError[],
  problem: string | null,
): SafeHtml | "" {
  if (errors.length === 0 && !problem) return "";
  return html`<section class="utrecht-alert utrecht-alert--error" aria-labelledby="fout-titel" tabindex="-1" autofocus>
<div class="utrecht-alert__content"><div class="utrecht-alert__message">
<h2 class="utrecht-heading-3" id="fout-titel">${t(T.notPossible, language)}</h2>
${problem ? para(problem) : ""}
${errors.length > 0 ? html`<ul class="utrecht-unordered-list">${errors.map((e) => html`<li><a class="utrecht-link" href="#${e.field}">${e.message}</a></li>`)}</ul>` : ""}
</div></div></section>`;
}

export interface TextFieldSpec {
  id: string;
  label: string;
  value: string;
  lang: Language;
  rows?: number;
  maxlength: number;
  hint?: string;
}

/** A text field (one line, or a textarea with `rows`) with its error and its B1 warnings. */
export function textField(
  language: Language,
  spec: TextFieldSpec,
  errors: readonly FieldError[],
  warnings: readonly FieldWarning[] = [],
): SafeHtml {
  const error = errors.find((e) => e.field === spec.id)?.message;
  const described = [
    spec.hint ? `${spec.id}-hint` : "",
    error ? `${spec.id}-fout` : "",
    warnings.length ? `${spec.id}-b1` : "",
  ]
    .filter(Boolean)
    .join(" ");
  const attributes = html` id="${spec.id}" name="${spec.id}" lang="${spec.lang}" maxlength="${String(spec.maxlength)}"${described ? html` aria-describedby="${described}"` : ""}${error ? html` aria-invalid="true"` : ""}`;
  return html`<div class="utrecht-form-field${error ? " utrecht-form-field--invalid" : ""}">
<div class="utrecht-form-field__label"><label class="utrecht-form-label" for="${spec.id}">${spec.label}</label></div>
${spec.hint ? html`<div class="utrecht-form-field__description" id="${spec.id}-hint"><p class="utrecht-paragraph">${spec.hint}</p></div>` : ""}
${error ? html`<div class="utrecht-form-field-error-message" id="${spec.id}-fout"><p class="utrecht-paragraph">${error}</p></div>` : ""}
<div class="utrecht-form-field__input">${
    spec.rows
      ? html`<textarea class="utrecht-textarea${error ? " utrecht-textarea--invalid" : ""}" rows="${String(spec.rows)}"${attributes}>${spec.value}</textarea>`
      : html`<input class="utrecht-textbox utrecht-textbox--html-input${error ? " utrecht-textbox--invalid" : ""}" type="text" value="${spec.value}"${attributes}>`
  }</div>
${
  warnings.length > 0
    ? html`<div class="utrecht-form-field__description" id="${spec.id}-b1"><p class="utrecht-paragraph"><strong>${t(T.plainLanguage, language)}:</strong></p><ul class="utrecht-unordered-list">${warnings.map((w) => html`<li>${w.severity === "block" ? t(T.blocks, language) : t(T.warns, language)}: <span lang="en">${w.message}</span>${w.suggestion ? html` <span lang="en">${w.suggestion}</span>` : ""}</li>`)}</ul></div>`
    : ""
}
</div>`;
}

/** A title and text as people read them on the breach page, each language in its own language. */
export function bilingualPreview(title: Bilingual, body: Bilingual): SafeHtml {
  return html`${LANGUAGES.filter((lang) => body[lang].trim() !== "" || title[lang].trim() !== "").map(
    (lang) => html`<article class="lw-update-preview" lang="${lang}">
${title[lang].trim() !== "" ? html`<h3 class="utrecht-heading-3">${title[lang]}</h3>` : ""}
${body[lang]
  .split(/\n\s*\n/)
  .filter((p) => p.trim() !== "")
  .map((p) => para(p))}
</article>`,
  )}`;
}

export interface UpdatesView {
  breachId: string;
  breachTitle: string;
  formToken: string;
  mayWrite: boolean;
  pageSlug: string | null;
  slugTyped: string;
  updates: UpdateJson[];
  typed: { title: Bilingual; body: Bilingual };
  errors: FieldError[];
  problem: string | null;
  warnings: Record<string, FieldWarning[]>;
  /** The texts shown as people will read them: the typed ones, or the draft just saved. */
  preview: { title: Bilingual; body: Bilingual } | null;
  notice: string | null;
}

const hiddenToken = (token: string) => html`<input type="hidden" name="formulier" value="${token}">`;
const submit = (label: BilingualText, language: Language, value: string, kind = "primary") =>
  html`<button class="utrecht-button utrecht-button--${kind}-action" type="submit" name="actie" value="${value}">${t(label, language)}</button>`;

function pageSection(language: Language, view: UpdatesView): SafeHtml {
  const action = localPath(UPDATES_PATH(view.breachId), language);
  return html`<h2 class="utrecht-heading-2">${t(T.pageSection, language)}</h2>
${view.pageSlug ? html`<p class="utrecht-paragraph">${t(T.pageAt, language)} <a class="utrecht-link" href="${localPath(`/datalek/${view.pageSlug}`, language)}">${localPath(`/datalek/${view.pageSlug}`, language)}</a></p>` : para(t(T.pageNone, language))}
${
  view.mayWrite
    ? html`<form class="utrecht-form" method="post" action="${action}" novalidate>${hiddenToken(view.formToken)}
${textField(language, { id: "slug", label: t(T.pageSlug, language), hint: t(T.pageSlugHint, language), value: view.slugTyped, lang: "nl", maxlength: 80 }, view.errors)}
<p class="utrecht-paragraph">${submit(T.pagePublish, language, "pagina", "secondary")}</p></form>`
    : ""
}`;
}

function writeSection(language: Language, view: UpdatesView): SafeHtml {
  const action = localPath(UPDATES_PATH(view.breachId), language);
  const w = view.warnings;
  const field = (part: "title" | "body", lang: Language) => {
    const id = `${part === "title" ? "titel" : "tekst"}-${lang}`;
    const label = `${t(part === "title" ? T.updateTitle : T.updateBody, language)} — ${t(lang === "nl" ? T.dutch : T.english, language)}`;
    return textField(
      language,
      {
        id,
        label,
        value: view.typed[part][lang],
        lang,
        maxlength: part === "title" ? 160 : 5_000,
        ...(part === "body" ? { rows: 6 } : {}),
      },
      view.errors,
      w[id] ?? [],
    );
  };
  return html`<h2 class="utrecht-heading-2">${t(T.newSection, language)}</h2>
<form class="utrecht-form" method="post" action="${action}" novalidate>${hiddenToken(view.formToken)}
${field("title", "nl")}${field("body", "nl")}${field("title", "en")}${field("body", "en")}
<p class="utrecht-paragraph lw-button-row">${submit(T.preview, language, "voorbeeld", "secondary")} ${submit(T.save, language, "opslaan")}</p>
</form>`;
}

function updateItem(language: Language, view: UpdatesView, u: UpdateJson): SafeHtml {
  const action = localPath(UPDATES_PATH(view.breachId), language);
  const counts = t(T.mailCounts, language)
    .replace("{n}", String(u.email.recipients))
    .replace("{sent}", String(u.email.sent))
    .replace("{failed}", String(u.email.failed));
  return html`<li class="lw-update-item">
<p class="utrecht-paragraph"><strong>${u.title.nl}</strong> — ${u.status === "published" ? t(T.published, language) : t(T.draft, language)}${u.publishedAt ? html` (${u.publishedAt.slice(0, 16).replace("T", " ")})` : ""}</p>
${bilingualPreview({ nl: "", en: "" }, { nl: u.body.nl, en: u.body.en ?? "" })}
${u.status === "published" ? html`<p class="utrecht-paragraph">${t(T.mailed, language)}: ${counts}</p>` : ""}
${
  view.mayWrite && u.status === "draft"
    ? html`<form class="utrecht-form" method="post" action="${action}">${hiddenToken(view.formToken)}<input type="hidden" name="update" value="${u.id}"><p class="utrecht-paragraph"><button class="utrecht-button utrecht-button--primary-action" type="submit" name="actie" value="publiceren">${t(T.publish, language)}<span class="lw-visually-hidden">: ${u.title.nl}</span></button></p></form>`
    : ""
}
${
  view.mayWrite && u.status === "published"
    ? html`<p class="utrecht-paragraph"><a class="utrecht-link" href="${localPath(`${CAMPAIGN_PATHS.breach}/${view.breachId}/berichten`, language)}?soort=update&amp;update=${u.id}">${t(T.toVictims, language)}<span class="lw-visually-hidden">: ${u.title.nl}</span></a><br>${t(T.toVictimsHint, language)}</p>`
    : ""
}
</li>`;
}

export function updatesBody(language: Language, view: UpdatesView): SafeHtml {
  return html`<div class="lw-prose">
<h1 class="utrecht-heading-1">${t(T.title, language)}</h1>
<p class="utrecht-paragraph">${t(T.breach, language)}: ${view.breachTitle}</p>
${errorSummary(language, view.errors, view.problem)}
${view.notice ? alert("ok", view.notice) : ""}
${para(t(T.lead, language))}
${
  view.preview
    ? html`<section aria-labelledby="voorbeeld-titel" id="voorbeeld"><h2 class="utrecht-heading-2" id="voorbeeld-titel">${t(T.previewTitle, language)}</h2>
${bilingualPreview(view.preview.title, view.preview.body)}
${Object.keys(view.warnings).length === 0 ? alert("ok", t(T.noWarnings, language)) : ""}</section>`
    : ""
}
${view.mayWrite ? writeSection(language, view) : ""}
<h2 class="utrecht-heading-2">${t(T.listSection, language)}</h2>
${view.updates.length === 0 ? para(t(T.none, language)) : html`<ul class="utrecht-unordered-list lw-update-list">${view.updates.map((u) => updateItem(language, view, u))}</ul>`}
${pageSection(language, view)}
<p class="utrecht-paragraph"><a class="utrecht-link" href="${localPath(PHISHING_PATH(view.breachId), language)}">${t(T.phishingLink, language)}</a></p>
${view.mayWrite ? html`<p class="utrecht-paragraph"><a class="utrecht-link" href="${localPath(`${CAMPAIGN_PATHS.breach}/${view.breachId}/berichten`, language)}">${t(T.messagesLink, language)}</a></p>` : ""}
<p class="utrecht-paragraph"><a class="utrecht-link" href="${localPath(`${CAMPAIGN_PATHS.breach}/${view.breachId}`, language)}">${t(T.backToBreach, language)}</a></p>
</div>`;
}
