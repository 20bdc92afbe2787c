/**
 * Page bodies of the organisation administrator's pages: API keys (list, issue with the secret shown once,
 * revoke) and the audit log (the newest entries about the organisation, with the chain's verification on
 * request). Dutch first, English beside it.
 */
import type { AuditLogView, KeyJson } from "../../operations/index.ts";
import { html, type SafeHtml } from "../html.ts";
import { type BilingualText, type Language, localPath, t } from "../i18n.ts";
import {
  alert,
  CONSOLE,
  errorSummary,
  type FieldError,
  field,
  formToken,
  PATHS,
  submit,
} from "./console-view.ts";

export const ADMIN_PATHS = { keys: `${CONSOLE}/api-sleutels`, audit: `${CONSOLE}/logboek` } as const;

export const ADMIN_TEXT = {
  keysTitle: { nl: "API-sleutels", en: "API keys" },
  keysLead: {
    nl: "Met een API-sleutel koppelt u een eigen systeem aan Lekwijzer. Geef elke sleutel aan één persoon of systeem, met zo weinig rechten als kan.",
    en: "An API key connects a system of your own to Lekwijzer. Give each key to one person or system, with as few rights as possible.",
  },
  holder: { nl: "Houder", en: "Holder" },
  holderHint: {
    nl: "De persoon of het systeem dat de sleutel gebruikt. Het logboek noemt deze naam.",
    en: "The person or system that uses the key. The audit log names it.",
  },
  label: { nl: "Omschrijving (niet verplicht)", en: "Description (optional)" },
  scope: { nl: "Rechten", en: "Rights" },
  hint: { nl: "Herkenning", en: "Recognise by" },
  created: { nl: "Gemaakt", en: "Created" },
  state: { nl: "Staat", en: "State" },
  live: { nl: "in gebruik", en: "in use" },
  revoked: { nl: "ingetrokken", en: "revoked" },
  revoke: { nl: "Intrekken", en: "Revoke" },
  noKeys: { nl: "Uw organisatie heeft nog geen API-sleutels.", en: "Your organisation has no API keys yet." },
  addTitle: { nl: "Nieuwe sleutel", en: "New key" },
  addSubmit: { nl: "Sleutel maken", en: "Make key" },
  secretTitle: { nl: "Kopieer de sleutel nu", en: "Copy the key now" },
  secretLead: {
    nl: "U ziet deze sleutel maar één keer. Lekwijzer bewaart alleen een vingerafdruk ervan. Kwijt? Trek hem in en maak een nieuwe.",
    en: "You see this key only once. Lekwijzer keeps only a fingerprint of it. Lost it? Revoke it and make a new one.",
  },
  revokedNotice: {
    nl: "De sleutel is ingetrokken. Hij werkt niet meer.",
    en: "The key is revoked. It no longer works.",
  },
  holderMissing: { nl: "Vul in wie de sleutel gebruikt.", en: "Enter who uses the key." },
  scopeMissing: { nl: "Kies de rechten van de sleutel.", en: "Choose the key's rights." },
  labelTooLong: { nl: "De omschrijving is te lang.", en: "The description is too long." },
  auditTitle: { nl: "Logboek", en: "Audit log" },
  auditLead: {
    nl: "Alles wat mensen en systemen met de gegevens van uw organisatie deden, nieuwste eerst. Niemand kan regels veranderen of weghalen: elke regel is gekoppeld aan de vorige.",
    en: "Everything people and systems did with your organisation's data, newest first. Nobody can change or remove lines: each line is linked to the one before.",
  },
  verify: { nl: "Controleer de hele keten", en: "Verify the whole chain" },
  chainOk: {
    nl: "De keten is heel: alle {n} regels kloppen.",
    en: "The chain is intact: all {n} lines check out.",
  },
  chainBroken: {
    nl: "De keten klopt niet bij regel {seq}: {problem}. Meld dit direct aan de beheerder van Lekwijzer.",
    en: "The chain breaks at line {seq}: {problem}. Tell the operator of Lekwijzer at once.",
  },
  when: { nl: "Wanneer (UTC)", en: "When (UTC)" },
  who: { nl: "Wie", en: "Who" },
  what: { nl: "Wat", en: "What" },
  about: { nl: "Waarover", en: "About" },
  noEntries: { nl: "Er staat nog niets in het logboek.", en: "The audit log is empty so far." },
} satisfies Record<string, BilingualText>;

export const SCOPE_NAMES: Readonly<Record<string, BilingualText>> = {
  read: { nl: "lezen", en: "read" },
  write: { nl: "lezen en voorbereiden", en: "read and prepare" },
  send: { nl: "lezen, voorbereiden en versturen", en: "read, prepare and send" },
  admin: { nl: "alles, ook afzender en domeinen", en: "everything, also sender and domains" },
};

const para = (text: string) => html`<p class="utrecht-paragraph">${text}</p>`;
const head = (label: string) => html`<th class="utrecht-table__header-cell" scope="col">${label}</th>`;
const cell = (label: string, value: SafeHtml | string) =>
  html`<td class="utrecht-table__cell" data-label="${label}">${value}</td>`;
const stamp = (at: string | Date) => new Date(at).toISOString().slice(0, 16).replace("T", " ");

export interface KeysPageView {
  keys: KeyJson[];
  formToken: string;
  notice: string | null;
  /** The secret of the key just made: shown on this one answer only. */
  secret: { holder: string; secret: string } | null;
  typed: { holder: string; label: string; scope: string };
  errors: FieldError[];
}

function keysTable(language: Language, view: KeysPageView): SafeHtml {
  const T = ADMIN_TEXT;
  return html`<div class="utrecht-table-container lw-stacking-table" role="region" aria-labelledby="sleutels" tabindex="0"><table class="utrecht-table">
<thead class="utrecht-table__header"><tr class="utrecht-table__row">${[T.holder, T.scope, T.hint, T.created, T.state].map((h) => head(t(h, language)))}<td class="utrecht-table__header-cell"></td></tr></thead>
<tbody class="utrecht-table__body">${view.keys.map(
    (k) => html`<tr class="utrecht-table__row">
${cell(t(T.holder, language), k.label ? `${k.holder} (${k.label})` : k.holder)}
${cell(t(T.scope, language), SCOPE_NAMES[k.scope] ? t(SCOPE_NAMES[k.scope] as BilingualText, language) : k.scope)}
${cell(t(T.hint, language), html`<code class="utrecht-code">${k.hint}…</code>`)}
${cell(t(T.created, language), stamp(k.createdAt))}
${cell(t(T.state, language), k.revokedAt ? `${t(T.revoked, language)} ${stamp(k.revokedAt)}` : t(T.live, language))}
${cell(
  "",
  k.revokedAt
    ? ""
    : html`<form method="post" action="${localPath(`${ADMIN_PATHS.keys}/${k.id}/intrekken`, language)}">${formToken(view.formToken)}<button class="utrecht-button utrecht-button--secondary-action" type="submit">${t(T.revoke, language)}<span class="lw-visually-hidden">: ${k.holder}</span></button></form>`,
)}
</tr>`,
  )}</tbody></table></div>`;
}

export function keysBody(language: Language, view: KeysPageView): SafeHtml {
  const T = ADMIN_TEXT;
  const scopeError = view.errors.find((e) => e.field === "rechten-read")?.message;
  return html`<div class="lw-prose">
<h1 class="utrecht-heading-1" id="sleutels">${t(T.keysTitle, language)}</h1>
${errorSummary(view.errors, language)}
${view.notice ? alert("ok", view.notice) : ""}
${
  view.secret
    ? html`<section class="utrecht-alert utrecht-alert--warning" aria-labelledby="sleutel-titel"><div class="utrecht-alert__content"><div class="utrecht-alert__message">
<h2 class="utrecht-heading-3" id="sleutel-titel">${t(T.secretTitle, language)}: ${view.secret.holder}</h2>
${para(t(T.secretLead, language))}
<p class="utrecht-paragraph"><code class="utrecht-code lw-secret" id="nieuwe-sleutel">${view.secret.secret}</code></p></div></div></section>`
    : ""
}
${para(t(T.keysLead, language))}
${view.keys.length === 0 ? para(t(T.noKeys, language)) : ""}
</div>
${view.keys.length > 0 ? keysTable(language, view) : ""}
<div class="lw-prose">
<h2 class="utrecht-heading-2">${t(T.addTitle, language)}</h2>
<form class="utrecht-form" method="post" action="${localPath(ADMIN_PATHS.keys, language)}" novalidate>
${formToken(view.formToken)}
${field(language, { id: "houder", name: "holder", label: T.holder, hint: T.holderHint, type: "text", autocomplete: "off", value: view.typed.holder, maxlength: 200 }, view.errors)}
${field(language, { id: "omschrijving", name: "label", label: T.label, type: "text", autocomplete: "off", value: view.typed.label, maxlength: 200 }, view.errors)}
<fieldset class="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset${scopeError ? " utrecht-form-fieldset--invalid" : ""}"${scopeError ? html` aria-describedby="rechten-fout"` : ""}>
<legend class="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">${t(T.scope, language)}</legend>
${scopeError ? html`<div class="utrecht-form-field-error-message" id="rechten-fout"><p class="utrecht-paragraph">${scopeError}</p></div>` : ""}
${Object.entries(SCOPE_NAMES).map(
  ([scope, name]) => html`<div class="utrecht-form-field utrecht-form-field--radio">
<div class="utrecht-form-field__input"><input class="utrecht-radio-button utrecht-radio-button--html-input" type="radio" id="rechten-${scope}" name="scope" value="${scope}"${view.typed.scope === scope ? html` checked` : ""}></div>
<div class="utrecht-form-field__label"><label class="utrecht-form-label utrecht-form-label--radio" for="rechten-${scope}">${t(name, language)}</label></div>
</div>`,
)}
</fieldset>
${submit(language, T.addSubmit)}
</form>
<p class="utrecht-paragraph"><a class="utrecht-link" href="${localPath(PATHS.home, language)}">${t({ nl: "Terug naar de console", en: "Back to the console" }, language)}</a></p>
</div>`;
}

function verificationAlert(language: Language, view: AuditLogView): SafeHtml | "" {
  const v = view.verification;
  if (!v) return "";
  if (v.ok) return alert("ok", t(ADMIN_TEXT.chainOk, language).replace("{n}", String(v.count)));
  return alert(
    "error",
    t(ADMIN_TEXT.chainBroken, language).replace("{seq}", String(v.seq)).replace("{problem}", v.problem),
  );
}

/** Details as short "key: value" pairs: audit details hold ids and counts, never personal data. */
const detailText = (details: Record<string, unknown>) =>
  Object.entries(details)
    .slice(0, 6)
    .map(([k, v]) => `${k}: ${typeof v === "string" ? v : JSON.stringify(v)}`.slice(0, 120))
    .join("; ");

export function auditBody(language: Language, view: AuditLogView): SafeHtml {
  const T = ADMIN_TEXT;
  const table = html`<div class="utrecht-table-container lw-stacking-table" role="region" aria-labelledby="logboek" tabindex="0"><table class="utrecht-table">
<thead class="utrecht-table__header"><tr class="utrecht-table__row">${head("#")}${[T.when, T.who, T.what, T.about].map((h) => head(t(h, language)))}</tr></thead>
<tbody class="utrecht-table__body">${view.entries.map(
    (e) => html`<tr class="utrecht-table__row">
${cell("#", String(e.seq))}
${cell(t(T.when, language), stamp(e.at))}
${cell(t(T.who, language), e.actor)}
${cell(t(T.what, language), html`<code class="utrecht-code">${e.action}</code>`)}
${cell(t(T.about, language), html`<span class="lw-break">${[e.subject ?? "", detailText(e.details)].filter(Boolean).join(" — ")}</span>`)}
</tr>`,
  )}</tbody></table></div>`;
  return html`<div class="lw-prose">
<h1 class="utrecht-heading-1" id="logboek">${t(T.auditTitle, language)}</h1>
${verificationAlert(language, view)}
${para(t(T.auditLead, language))}
<form method="get" action="${localPath(ADMIN_PATHS.audit, language)}"><input type="hidden" name="controleer" value="1">${submit(language, T.verify)}</form>
${view.entries.length === 0 ? para(t(T.noEntries, language)) : ""}
</div>
${view.entries.length > 0 ? table : ""}`;
}
