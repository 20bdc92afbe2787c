/**
 * The phishing page's body (/console/datalek/<id>/phishing): the trend of reported suspicious messages as a
 * server-rendered SVG bar chart with a data table beside it (the same numbers, for screen readers and for
 * reading exact values), the counts per channel, common senders and phrases, the newest reports (their text as
 * stored: the reporter's own data was scrubbed when the report came in), and the warnings with a form to publish
 * one and a button to withdraw each active one.
 */
import type { PhishingTrend, WarningJson } from "../../operations/index.ts";
import { html, type SafeHtml } from "../html.ts";
import { type Language, localPath, t } from "../i18n.ts";
import { PHISHING_CHANNEL_NAMES, PHISHING_TEXT as T, UPDATES_TEXT } from "./console-updates-text.ts";
import {
  type Bilingual,
  errorSummary,
  type FieldWarning,
  PHISHING_PATH,
  textField,
  UPDATES_PATH,
} from "./console-updates-view.ts";
import { alert, type FieldError } from "./console-view.ts";

export interface ReportRow {
  channel: string;
  sender: string;
  receivedOn: string;
  text: string;
}

export interface PhishingView {
  breachId: string;
  breachTitle: string;
  formToken: string;
  mayWrite: boolean;
  trend: PhishingTrend;
  /** Every day of the window, oldest first, with its count (days without reports are 0). */
  days: { date: string; count: number }[];
  reports: { total: number; items: ReportRow[] };
  warnings: WarningJson[];
  typed: { title: Bilingual; body: Bilingual };
  errors: FieldError[];
  problem: string | null;
  warningsFound: Record<string, FieldWarning[]>;
  notice: string | null;
}

const para = (text: string) => html`<p class="utrecht-paragraph">${text}</p>`;
const head = (label: string) => html`<th class="utrecht-table__header-cell" scope="col">${label}</th>`;
const cell = (label: string, value: string) =>
  html`<td class="utrecht-table__cell" data-label="${label}">${value}</td>`;
const channelName = (channel: string, language: Language) =>
  PHISHING_CHANNEL_NAMES[channel]
    ? t(PHISHING_CHANNEL_NAMES[channel] as { nl: string; en: string }, language)
    : channel;
const hiddenToken = (token: string) => html`<input type="hidden" name="formulier" value="${token}">`;

/** Bars of the reports per day, scaled to the busiest day; `currentColor`, so it follows the page's contrast. */
export function trendChart(days: readonly { date: string; count: number }[], label: string): SafeHtml {
  const width = 12;
  const height = 120;
  const max = Math.max(1, ...days.map((d) => d.count));
  const total = days.length * width;
  return html`<svg class="lw-trend-chart" role="img" aria-labelledby="trend-label" viewBox="0 0 ${String(total)} ${String(height + 16)}" focusable="false">
<title id="trend-label">${label}</title>
<line x1="0" y1="${String(height)}" x2="${String(total)}" y2="${String(height)}" stroke="currentColor" stroke-width="1"></line>
${days.map((d, i) => {
  const h = Math.round((d.count / max) * (height - 4));
  return html`<rect x="${String(i * width + 1)}" y="${String(height - h)}" width="${String(width - 2)}" height="${String(h)}" fill="currentColor"><title>${d.date}: ${String(d.count)}</title></rect>`;
})}
<text x="0" y="${String(height + 14)}" font-size="10" fill="currentColor">${days[0]?.date.slice(5) ?? ""}</text>
<text x="${String(total)}" y="${String(height + 14)}" font-size="10" fill="currentColor" text-anchor="end">${days.at(-1)?.date.slice(5) ?? ""}</text>
</svg>`;
}

function trendSection(language: Language, view: PhishingView): SafeHtml {
  const shown = view.days.filter((d) => d.count > 0);
  return html`<h2 class="utrecht-heading-2" id="trend">${t(T.trendSection, language)}</h2>
<p class="utrecht-paragraph">${t(T.total, language)}: <strong>${String(view.trend.total)}</strong></p>
<div class="lw-chart-and-table">
<figure class="lw-chart">${trendChart(view.days, t(T.chartLabel, language))}</figure>
<div class="utrecht-table-container" role="region" aria-labelledby="trend" tabindex="0"><table class="utrecht-table">
<thead class="utrecht-table__header"><tr class="utrecht-table__row">${head(t(T.date, language))}${head(t(T.count, language))}</tr></thead>
<tbody class="utrecht-table__body">${shown.map((d) => html`<tr class="utrecht-table__row">${cell(t(T.date, language), d.date)}${cell(t(T.count, language), String(d.count))}</tr>`)}</tbody></table></div>
</div>
<h3 class="utrecht-heading-3">${t(T.perChannel, language)}</h3>
<ul class="utrecht-unordered-list">${view.trend.perChannel.map((c) => html`<li>${channelName(c.channel, language)}: ${String(c.count)}</li>`)}</ul>
${view.trend.senders.length ? html`<h3 class="utrecht-heading-3">${t(T.senders, language)}</h3><ul class="utrecht-unordered-list">${view.trend.senders.map((s) => html`<li><code class="utrecht-code">${s.sender}</code>: ${String(s.count)}</li>`)}</ul>` : ""}
${view.trend.phrases.length ? html`<h3 class="utrecht-heading-3">${t(T.phrases, language)}</h3><ul class="utrecht-unordered-list">${view.trend.phrases.map((p) => html`<li>“${p.phrase}”: ${String(p.reports)}</li>`)}</ul>` : ""}`;
}

function reportsSection(language: Language, view: PhishingView): SafeHtml {
  const rows = view.reports.items;
  const showing = t(T.showing, language)
    .replace("{n}", String(rows.length))
    .replace("{total}", String(view.reports.total));
  return html`<h2 class="utrecht-heading-2" id="meldingen">${t(T.reportsSection, language)}</h2>
${para(t(T.reportsLead, language))}
${
  rows.length === 0
    ? para(t(T.noReports, language))
    : html`${para(showing)}<div class="utrecht-table-container lw-stacking-table" role="region" aria-labelledby="meldingen" tabindex="0"><table class="utrecht-table">
<thead class="utrecht-table__header"><tr class="utrecht-table__row">${head(t(T.received, language))}${head(t(T.channel, language))}${head(t(T.sender, language))}${head(t(T.text, language))}</tr></thead>
<tbody class="utrecht-table__body">${rows.map((r) => html`<tr class="utrecht-table__row">${cell(t(T.received, language), r.receivedOn)}${cell(t(T.channel, language), channelName(r.channel, language))}${cell(t(T.sender, language), r.sender)}${cell(t(T.text, language), r.text)}</tr>`)}</tbody></table></div>`
}`;
}

function warningsSection(language: Language, view: PhishingView): SafeHtml {
  const action = localPath(PHISHING_PATH(view.breachId), language);
  const field = (part: "title" | "body", lang: Language) => {
    const id = `${part === "title" ? "titel" : "tekst"}-${lang}`;
    const label = t(
      part === "title" ? (lang === "nl" ? T.titleNl : T.titleEn) : lang === "nl" ? T.bodyNl : T.bodyEn,
      language,
    );
    return textField(
      language,
      {
        id,
        label,
        value: view.typed[part][lang],
        lang,
        maxlength: part === "title" ? 160 : 2_000,
        ...(part === "body" ? { rows: 5 } : {}),
      },
      view.errors,
      view.warningsFound[id] ?? [],
    );
  };
  return html`<h2 class="utrecht-heading-2">${t(T.warningsSection, language)}</h2>
${
  view.warnings.length === 0
    ? para(t(T.noWarnings, language))
    : html`<ul class="utrecht-unordered-list">${view.warnings.map(
        (
          w,
        ) => html`<li><strong>${w.title.nl}</strong> — ${w.status === "active" ? t(T.active, language) : t(T.withdrawn, language)} (${w.publishedAt.slice(0, 10)})
<p class="utrecht-paragraph">${w.body.nl}</p>
${view.mayWrite && w.status === "active" ? html`<form class="utrecht-form" method="post" action="${action}">${hiddenToken(view.formToken)}<input type="hidden" name="waarschuwing" value="${w.id}"><p class="utrecht-paragraph"><button class="utrecht-button utrecht-button--secondary-action" type="submit" name="actie" value="intrekken">${t(T.withdraw, language)}<span class="lw-visually-hidden">: ${w.title.nl}</span></button></p></form>` : ""}</li>`,
      )}</ul>`
}
${
  view.mayWrite
    ? html`<h3 class="utrecht-heading-3">${t(T.newWarning, language)}</h3>${para(t(T.newWarningLead, language))}
<form class="utrecht-form" method="post" action="${action}" novalidate>${hiddenToken(view.formToken)}
${field("title", "nl")}${field("body", "nl")}${field("title", "en")}${field("body", "en")}
<p class="utrecht-paragraph"><button class="utrecht-button utrecht-button--primary-action" type="submit" name="actie" value="waarschuwen">${t(T.publish, language)}</button></p></form>`
    : ""
}`;
}

export function phishingBody(language: Language, view: PhishingView): SafeHtml {
  return html`<div class="lw-prose">
<h1 class="utrecht-heading-1">${t(T.title, language)}</h1>
<p class="utrecht-paragraph">${t(UPDATES_TEXT.breach, language)}: ${view.breachTitle}</p>
${errorSummary(language, view.errors, view.problem)}
${view.notice ? alert("ok", view.notice) : ""}
${para(t(T.lead, language))}
</div>
${trendSection(language, view)}
<div class="lw-prose">
${reportsSection(language, view)}
${warningsSection(language, view)}
<p class="utrecht-paragraph"><a class="utrecht-link" href="${localPath(UPDATES_PATH(view.breachId), language)}">${t(UPDATES_TEXT.title, language)}</a></p>
<p class="utrecht-paragraph"><a class="utrecht-link" href="${localPath(`/console/datalek/${view.breachId}`, language)}">${t(UPDATES_TEXT.backToBreach, language)}</a></p>
</div>`;
}
