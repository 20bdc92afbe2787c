/**
 * The regulator's pages in the console: the overview of every organisation's notices with the alerts on top
 * and a filter that is a plain GET form (so a filtered view is a link), and one breach with its assessment,
 * the hours from awareness to each notice, the timeline, reach per channel, the unreachable, whether a public
 * page exists, the NIS2 clock and the notices' content.
 */

import { CATEGORIES } from "../../framework/index.ts";
import type { OversightBreach, OversightNotice } from "../../operations/index.ts";
import { CHOICE_NAMES, FIELD_LABELS, NIS2_NAMES, PHASE_NAMES } from "../../operations/index.ts";
import { html, type SafeHtml } from "../html.ts";
import { type BilingualText, type Language, localPath, t } from "../i18n.ts";
import { OVERSIGHT_TEXT as T } from "./console-oversight-text.ts";
import { BREACH_STATUS_NAMES } from "./console-text.ts";
import { CONSOLE } from "./console-view.ts";

export const OVERSIGHT_PATHS = {
  home: `${CONSOLE}/toezicht`,
  breach: `${CONSOLE}/toezicht/datalek`,
} as const;

const para = (text: string | SafeHtml) => html`<p class="utrecht-paragraph">${text}</p>`;
const fill = (text: string, values: Record<string, string | number>) =>
  text.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ""));
const named = (names: Readonly<Record<string, BilingualText>>, key: string | null, language: Language) =>
  key === null ? t(T.unknown, language) : names[key] ? t(names[key] as BilingualText, language) : key;
const when = (iso: string, language: Language) =>
  new Intl.DateTimeFormat(language === "nl" ? "nl-NL" : "en-GB", {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: "Europe/Amsterdam",
  }).format(new Date(iso));
const head = (text: string) => html`<th class="utrecht-table__header-cell" scope="col">${text}</th>`;
const cell = (name: string, value: SafeHtml | string) =>
  html`<td class="utrecht-table__cell" data-label="${name}">${value}</td>`;
const breachLink = (id: string, title: string, language: Language) =>
  html`<a class="utrecht-link" href="${localPath(`${OVERSIGHT_PATHS.breach}/${id}`, language)}">${title}</a>`;

export interface OversightFilterView {
  organisationId: string;
  phase: string;
  risk: string;
  late: boolean;
}

export interface OversightHomeView {
  alerts: {
    kind: string;
    breachId: string;
    breachTitle: string;
    organisationName: string;
    awareAt: string;
  }[];
  alertHours: number;
  notices: OversightNotice[];
  organisations: { id: string; name: string }[];
  filter: OversightFilterView;
}

function select(
  language: Language,
  spec: { id: string; label: BilingualText; value: string; options: { value: string; label: string }[] },
): SafeHtml {
  return html`<div class="utrecht-form-field utrecht-form-field--select">
<div class="utrecht-form-field__label"><label class="utrecht-form-label" for="${spec.id}">${t(spec.label, language)}</label></div>
<div class="utrecht-form-field__input"><select class="utrecht-select utrecht-select--html-select" id="${spec.id}" name="${spec.id}">
<option value="">${t(T.all, language)}</option>
${spec.options.map((o) => html`<option value="${o.value}"${o.value === spec.value ? html` selected` : ""}>${o.label}</option>`)}
</select></div></div>`;
}

function filterForm(language: Language, view: OversightHomeView): SafeHtml {
  const { filter } = view;
  const choices = (keys: readonly string[], names: Readonly<Record<string, BilingualText>>) =>
    keys.map((k) => ({ value: k, label: named(names, k, language) }));
  return html`<form class="utrecht-form lw-filter" method="get" action="${localPath(OVERSIGHT_PATHS.home, language)}">
<fieldset class="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset">
<legend class="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">${t(T.filterTitle, language)}</legend>
${select(language, { id: "organisatie", label: T.organisation, value: filter.organisationId, options: view.organisations.map((o) => ({ value: o.id, label: o.name })) })}
${select(language, { id: "fase", label: T.phase, value: filter.phase, options: choices(["initial", "supplement", "withdrawal"], PHASE_NAMES) })}
${select(language, { id: "risico", label: T.risk, value: filter.risk, options: choices(["unlikely", "risk", "high"], CHOICE_NAMES) })}
<div class="utrecht-form-field utrecht-form-field--checkbox">
<div class="utrecht-form-field__input"><input class="utrecht-checkbox utrecht-checkbox--html-input" type="checkbox" id="te-laat" name="te-laat" value="ja"${filter.late ? html` checked` : ""}></div>
<div class="utrecht-form-field__label"><label class="utrecht-form-label utrecht-form-label--checkbox" for="te-laat">${t(T.lateOnly, language)}</label></div>
</div>
<p class="utrecht-paragraph"><button class="utrecht-button utrecht-button--secondary-action" type="submit">${t(T.apply, language)}</button></p>
</fieldset>
</form>`;
}

function alertList(language: Language, view: OversightHomeView): SafeHtml {
  if (view.alerts.length === 0) return para(t(T.noAlerts, language));
  return html`<div class="utrecht-alert utrecht-alert--warning" role="region" aria-labelledby="signalen"><div class="utrecht-alert__content"><div class="utrecht-alert__message">
<ul class="utrecht-unordered-list">${view.alerts.map(
    (a) =>
      html`<li>${fill(t(T[a.kind as "victims-not-told"] ?? T.unknown, language), { hours: view.alertHours })}: ${breachLink(a.breachId, a.breachTitle, language)} (${a.organisationName}, ${t(T.aware, language).toLowerCase()} ${when(a.awareAt, language)})</li>`,
  )}</ul></div></div></div>`;
}

function noticeTable(language: Language, notices: readonly OversightNotice[]): SafeHtml {
  if (notices.length === 0) return html`<div class="lw-prose">${para(t(T.noNotices, language))}</div>`;
  const L = (text: BilingualText) => t(text, language);
  return html`<div class="utrecht-table-container lw-stacking-table" role="region" aria-labelledby="meldingen" tabindex="0"><table class="utrecht-table">
<thead class="utrecht-table__header"><tr class="utrecht-table__row">${head(L(T.breach))}${head(L(T.organisation))}${head(L(T.phase))}${head(L(T.risk))}${head(L(T.submitted))}${head(L(T.late))}</tr></thead>
<tbody class="utrecht-table__body">${notices.map(
    (n) => html`<tr class="utrecht-table__row">
${cell(L(T.breach), breachLink(n.breachId, n.breachTitle, language))}
${cell(L(T.organisation), n.organisationName)}
${cell(L(T.phase), `${named(PHASE_NAMES, n.phase, language)} (${n.number})`)}
${cell(L(T.risk), named(CHOICE_NAMES, n.risk, language))}
${cell(L(T.submitted), when(n.submittedAt, language))}
${cell(L(T.late), n.phase !== "initial" ? "" : n.late ? `${L(T.yes)}, ${L(n.hasReasons ? T.withReasons : T.withoutReasons)}` : L(T.onTime))}
</tr>`,
  )}</tbody></table></div>`;
}

export function oversightHomeBody(language: Language, view: OversightHomeView): SafeHtml {
  return html`<div class="lw-prose">
<h1 class="utrecht-heading-1">${t(T.title, language)}</h1>
${para(t(T.lead, language))}
<h2 class="utrecht-heading-2" id="signalen">${t(T.alertsTitle, language)}</h2>
${alertList(language, view)}
${filterForm(language, view)}
<h2 class="utrecht-heading-2" id="meldingen">${t(T.noticesTitle, language)}</h2>
</div>
${noticeTable(language, view.notices)}`;
}

const yesNo = (value: unknown, language: Language) =>
  typeof value === "boolean" ? t(value ? T.yes : T.no, language) : t(T.unknown, language);
const hoursText = (n: number | null, language: Language) =>
  n === null ? t(T.notYet, language) : fill(t(T.hours, language), { n: n.toLocaleString(language) });

function assessmentPart(language: Language, view: OversightBreach): SafeHtml {
  const a = (view.breach.assessment ?? {}) as {
    risk?: string;
    largeBreach?: unknown;
    obligations?: { notifyAuthority?: unknown; notifySubjects?: unknown };
    reasons?: { text?: unknown }[];
  };
  const reasons = (a.reasons ?? []).map((r) => r.text).filter((r): r is string => typeof r === "string");
  return html`<h2 class="utrecht-heading-2">${t(T.assessmentTitle, language)}</h2>
<dl class="lw-outbox-fields">
<dt>${t(T.risk, language)}</dt><dd>${named(CHOICE_NAMES, a.risk ?? null, language)}</dd>
<dt>${t(T.notifyAuthority, language)}</dt><dd>${yesNo(a.obligations?.notifyAuthority, language)}</dd>
<dt>${t(T.notifySubjects, language)}</dt><dd>${yesNo(a.obligations?.notifySubjects, language)}</dd>
<dt>${t(T.largeBreach, language)}</dt><dd>${yesNo(a.largeBreach, language)}</dd>
</dl>
${reasons.length > 0 ? html`<h3 class="utrecht-heading-3">${t(T.reasons, language)}</h3><ul class="utrecht-unordered-list">${reasons.map((r) => html`<li lang="nl">${r}</li>`)}</ul>` : ""}`;
}

function reachPart(language: Language, view: OversightBreach): SafeHtml {
  const p = view.people;
  const L = (text: BilingualText) => t(text, language);
  return html`<h2 class="utrecht-heading-2">${L(T.peopleTitle)}</h2>
<dl class="lw-outbox-fields">
<dt>${L(T.victims)}</dt><dd>${p.victims.toLocaleString(language)}</dd>
<dt>${L(T.addressed)}</dt><dd>${p.addressed.toLocaleString(language)}</dd>
<dt>${L(T.reached)}</dt><dd>${p.reached.toLocaleString(language)}</dd>
<dt>${L(T.unreachable)}</dt><dd>${p.unreachable.toLocaleString(language)}</dd>
<dt>${L(T.publicPage)}</dt><dd>${L(view.breach.publicPage ? T.yes : T.no)}</dd>
<dt>${L(T.updates)}</dt><dd>${String(view.updatesPublished)}</dd>
</dl>
${
  p.byChannel.length > 0
    ? html`<table class="utrecht-table"><caption class="utrecht-table__caption">${L(T.reached)}</caption>
<thead class="utrecht-table__header"><tr class="utrecht-table__row">${head(L(T.channel))}${head(L(T.reached))}${head(L(T.share))}</tr></thead>
<tbody class="utrecht-table__body">${p.byChannel.map((c) => html`<tr class="utrecht-table__row"><td class="utrecht-table__cell">${c.channel}</td><td class="utrecht-table__cell">${c.reached.toLocaleString(language)}</td><td class="utrecht-table__cell">${`${(c.share * 100).toLocaleString(language, { maximumFractionDigits: 1 })}%`}</td></tr>`)}</tbody></table>`
    : ""
}`;
}

function timelinePart(language: Language, view: OversightBreach): SafeHtml {
  const L = (text: BilingualText) => t(text, language);
  return html`<h2 class="utrecht-heading-2">${L(T.clockTitle)}</h2>
<dl class="lw-outbox-fields">
<dt>${L(T.toNotice)}</dt><dd>${hoursText(view.hours.regulatorNotice, language)}</dd>
<dt>${L(T.toFirst)}</dt><dd>${hoursText(view.hours.firstVictimNotice, language)}</dd>
<dt>${L(T.toLast)}</dt><dd>${hoursText(view.hours.lastVictimNotice, language)}</dd>
</dl>
<h2 class="utrecht-heading-2">${L(T.timelineTitle)}</h2>
<ol class="utrecht-ordered-list">${view.timeline.map(
    (s) =>
      html`<li>${when(s.at, language)}: ${s.event === "aware" ? L(T.aware_event) : L(T[s.event])}${s.notice ? ` (${named(PHASE_NAMES, s.notice.phase, language)} ${s.notice.number})` : ""}</li>`,
  )}</ol>
${
  view.nis2
    ? html`<h2 class="utrecht-heading-2">${L(T.nis2Title)}</h2><ul class="utrecht-unordered-list">${view.nis2.reports.map((r) => html`<li>${named(NIS2_NAMES, r.report, language)}: ${L(T.due)} ${when(r.dueAt, language)}; ${r.sentAt ? `${L(T.sentOn)} ${when(r.sentAt, language)}` : r.overdue ? L(T.overdue) : L(T.notYet)}</li>`)}</ul>`
    : ""
}`;
}

/** A notice's sections as a disclosure per notice: label and value, in the form's order. */
function noticesPart(language: Language, view: OversightBreach): SafeHtml {
  const value = (v: unknown): string =>
    v === undefined || v === null || v === ""
      ? "–"
      : typeof v === "boolean"
        ? t(v ? T.yes : T.no, language)
        : Array.isArray(v)
          ? v
              .map(
                (x) =>
                  CATEGORIES.find((c) => c.id === x)?.label[language] ??
                  named(CHOICE_NAMES, String(x), language),
              )
              .join(", ")
          : typeof v === "string" && CHOICE_NAMES[v] && v.length < 12
            ? named(CHOICE_NAMES, v, language)
            : String(v);
  return html`<h2 class="utrecht-heading-2">${t(T.noticesTitle, language)}</h2>
${view.notices.map((n) => {
  const rows = Object.entries(FIELD_LABELS).flatMap(([path, label]) => {
    const [section = "", field = ""] = path.split(".");
    const source =
      n.phase === "withdrawal" ? (section === "withdrawal" ? n.sections : undefined) : n.sections[section];
    if (!source || typeof source !== "object") return [];
    return [
      html`<dt>${t(label, language)}</dt><dd>${value((source as Record<string, unknown>)[field])}</dd>`,
    ];
  });
  return html`<details class="lw-details"><summary>${named(PHASE_NAMES, n.phase, language)} ${String(n.number)}, ${when(n.submittedAt, language)} (${n.submittedBy})</summary>
${n.delayReasons ? html`<p class="utrecht-paragraph"><strong>${t(T.delayReasons, language)}:</strong> ${n.delayReasons}</p>` : ""}
<dl class="lw-outbox-fields">${rows}</dl></details>`;
})}`;
}

export function oversightBreachBody(language: Language, view: OversightBreach): SafeHtml {
  return html`<div class="lw-prose">
<h1 class="utrecht-heading-1">${t(T.breachTitle, language)}: ${view.breach.title}</h1>
<dl class="lw-outbox-fields">
<dt>${t(T.organisation, language)}</dt><dd>${view.breach.organisationName}</dd>
<dt>${t(T.status, language)}</dt><dd>${named(BREACH_STATUS_NAMES, view.breach.status, language)}</dd>
<dt>${t(T.aware, language)}</dt><dd>${when(view.breach.awareAt, language)}</dd>
</dl>
${assessmentPart(language, view)}
${timelinePart(language, view)}
${reachPart(language, view)}
${noticesPart(language, view)}
<p class="utrecht-paragraph"><a class="utrecht-link" href="${localPath(OVERSIGHT_PATHS.home, language)}">${t(T.back, language)}</a></p>
</div>`;
}
