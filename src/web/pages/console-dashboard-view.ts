/**
 * The campaign dashboard's part of the campaign page: the figures as counted (with when), the rate and the time
 * left, and three charts drawn on the server as SVG — sent, delivered and bounced over time, and the state of
 * each channel and each segment. Charts need no script; lines differ by dash pattern and marker as well as by
 * colour, and each chart has the same figures as a table beside it for screen readers and for copying.
 */
import type {
  CampaignDashboard,
  DashboardPoint,
  GroupCounts,
  ProgressGroup,
} from "../../operations/index.ts";
import { html, type SafeHtml } from "../html.ts";
import { type BilingualText, type Language, t } from "../i18n.ts";

export const DASHBOARD_TEXT = {
  title: { nl: "Voortgang", en: "Progress" },
  countedAt: { nl: "Geteld op", en: "Counted at" },
  notCounted: {
    nl: "Nog niet geteld. De eerste telling volgt binnen een minuut nadat het versturen begint.",
    en: "Not counted yet. The first count follows within a minute after sending starts.",
  },
  total: { nl: "Totaal", en: "Total" },
  perMinute: { nl: "Tempo", en: "Rate" },
  perMinuteValue: { nl: "{n} berichten per minuut", en: "{n} messages a minute" },
  eta: { nl: "Klaar over", en: "Done in" },
  etaUnknown: { nl: "onbekend (er wordt nu niet verstuurd)", en: "unknown (nothing is being sent now)" },
  etaDone: { nl: "iedereen is aan de beurt geweest", en: "everyone has had their turn" },
  overTime: { nl: "Verstuurd, afgeleverd en teruggekomen", en: "Sent, delivered and bounced" },
  overTimeDesc: {
    nl: "Lijngrafiek van het totaal aantal berichten per moment, van {from} tot {to}.",
    en: "Line chart of the running total of messages at each moment, from {from} to {to}.",
  },
  byChannel: { nl: "Per kanaal", en: "By channel" },
  bySegment: { nl: "Per groep", en: "By segment" },
  barsDesc: {
    nl: "Staafgrafiek: per regel de verdeling over de stand van versturen.",
    en: "Bar chart: per row, how the messages divide over the states of sending.",
  },
  tableOfChart: { nl: "De cijfers van de grafiek", en: "The figures of the chart" },
  moment: { nl: "Moment", en: "Moment" },
  noSegment: { nl: "(geen groep)", en: "(no segment)" },
  noRows: { nl: "Nog geen cijfers.", en: "No figures yet." },
} satisfies Record<string, BilingualText>;

const GROUP_NAMES: Readonly<Record<ProgressGroup, BilingualText>> = {
  open: { nl: "nog te versturen", en: "still to send" },
  handedOver: { nl: "verstuurd", en: "sent" },
  delivered: { nl: "afgeleverd", en: "delivered" },
  bounced: { nl: "teruggekomen", en: "bounced" },
  failed: { nl: "niet gelukt", en: "failed" },
  cancelled: { nl: "geannuleerd", en: "cancelled" },
};

const CHANNEL_NAMES: Readonly<Record<string, BilingualText>> = {
  email: { nl: "e-mail", en: "e-mail" },
  sms: { nl: "sms", en: "text message" },
  letter: { nl: "brief", en: "letter" },
  portal: { nl: "portaal", en: "portal" },
  none: { nl: "nog geen kanaal", en: "no channel yet" },
};

/** Bar segments in reading order, each with a colour of at least 3:1 against white (WCAG 1.4.11). */
const BAR_ORDER: readonly { group: ProgressGroup; colour: string }[] = [
  { group: "delivered", colour: "#1e6b34" },
  { group: "handedOver", colour: "#0b5563" },
  { group: "bounced", colour: "#b00020" },
  { group: "failed", colour: "#7a4a00" },
  { group: "cancelled", colour: "#5c6b70" },
  { group: "open", colour: "#8a8f98" },
];

/** Lines: colour, dash pattern and marker, so no line is told apart by colour alone (WCAG 1.4.1). */
const LINES: readonly {
  key: keyof Omit<DashboardPoint, "at">;
  name: BilingualText;
  colour: string;
  dash: string;
  marker: "circle" | "square" | "triangle";
}[] = [
  { key: "sent", name: GROUP_NAMES.handedOver, colour: "#0b5563", dash: "", marker: "circle" },
  { key: "delivered", name: GROUP_NAMES.delivered, colour: "#1e6b34", dash: "8 4", marker: "square" },
  { key: "bounced", name: GROUP_NAMES.bounced, colour: "#b00020", dash: "2 3", marker: "triangle" },
];

const number = (n: number, language: Language) => n.toLocaleString(language === "nl" ? "nl-NL" : "en-GB");
const clock = (at: Date) => at.toISOString().slice(11, 16);
const stamp = (at: Date) => at.toISOString().slice(0, 16).replace("T", " ");

/** "2 uur en 5 minuten" / "2 hours and 5 minutes", rounded up to a minute. */
export function duration(seconds: number, language: Language): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  const h = language === "nl" ? `${hours} uur` : `${hours} hour${hours === 1 ? "" : "s"}`;
  const m =
    language === "nl"
      ? `${rest} ${rest === 1 ? "minuut" : "minuten"}`
      : `${rest} minute${rest === 1 ? "" : "s"}`;
  if (hours === 0) return m;
  if (rest === 0) return h;
  return `${h} ${language === "nl" ? "en" : "and"} ${m}`;
}

function markerAt(kind: "circle" | "square" | "triangle", x: number, y: number, colour: string): SafeHtml {
  if (kind === "circle")
    return html`<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="3.5" fill="${colour}"/>`;
  if (kind === "square")
    return html`<rect x="${(x - 3.5).toFixed(1)}" y="${(y - 3.5).toFixed(1)}" width="7" height="7" fill="${colour}"/>`;
  return html`<path d="M${x.toFixed(1)} ${(y - 4.5).toFixed(1)}l4.5 8h-9z" fill="${colour}"/>`;
}

/** A legend swatch: the line's pattern and marker, as drawn in the chart. */
function swatch(line: (typeof LINES)[number]): SafeHtml {
  return html`<svg width="36" height="12" viewBox="0 0 36 12" aria-hidden="true" focusable="false"><line x1="0" y1="6" x2="36" y2="6" stroke="${line.colour}" stroke-width="3"${line.dash ? html` stroke-dasharray="${line.dash}"` : ""}/>${markerAt(line.marker, 18, 6, line.colour)}</svg>`;
}

const W = 400;
const H = 220;
const PAD = { left: 52, right: 12, top: 12, bottom: 28 };

/** The running totals over time as a line chart; at most eight markers a line, so they stay apart. */
export function lineChart(series: readonly DashboardPoint[], language: Language, id: string): SafeHtml {
  const first = series[0];
  const last = series.at(-1);
  if (!first || !last) return html``;
  const t0 = first.at.getTime();
  const span = Math.max(1, last.at.getTime() - t0);
  const top = Math.max(1, ...series.map((p) => Math.max(p.sent, p.delivered, p.bounced)));
  const x = (p: DashboardPoint) => PAD.left + ((p.at.getTime() - t0) / span) * (W - PAD.left - PAD.right);
  const y = (v: number) => H - PAD.bottom - (v / top) * (H - PAD.top - PAD.bottom);
  const every = Math.max(1, Math.ceil(series.length / 8));
  const desc = t(DASHBOARD_TEXT.overTimeDesc, language)
    .replace("{from}", stamp(first.at))
    .replace("{to}", stamp(last.at));
  const grid = [0, 0.5, 1].map(
    (f) =>
      html`<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(top * f).toFixed(1)}" y2="${y(top * f).toFixed(1)}" stroke="#c9d1d3" stroke-width="1"/><text x="${PAD.left - 6}" y="${(y(top * f) + 4).toFixed(1)}" text-anchor="end" font-size="12" fill="#1b1b1f">${number(Math.round(top * f), language)}</text>`,
  );
  return html`<svg class="lw-chart" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="${id}-titel ${id}-uitleg" focusable="false">
<title id="${id}-titel">${t(DASHBOARD_TEXT.overTime, language)}</title><desc id="${id}-uitleg">${desc}</desc>
${grid}
<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${H - PAD.bottom}" y2="${H - PAD.bottom}" stroke="#1b1b1f" stroke-width="1"/>
<text x="${PAD.left}" y="${H - 8}" font-size="12" fill="#1b1b1f">${clock(first.at)}</text>
<text x="${W - PAD.right}" y="${H - 8}" font-size="12" text-anchor="end" fill="#1b1b1f">${clock(last.at)}</text>
${LINES.map(
  (line) =>
    html`<polyline fill="none" stroke="${line.colour}" stroke-width="2.5"${line.dash ? html` stroke-dasharray="${line.dash}"` : ""} points="${series.map((p) => `${x(p).toFixed(1)},${y(p[line.key]).toFixed(1)}`).join(" ")}"/>${series
      .filter((_, i) => i % every === 0 || i === series.length - 1)
      .map((p) => markerAt(line.marker, x(p), y(p[line.key]), line.colour))}`,
)}
</svg>`;
}

/** Horizontal stacked bars, one per row, each as wide as the chart: the shares, not the sizes, compare. */
export function barChart(
  rows: readonly { label: string; groups: GroupCounts }[],
  language: Language,
  id: string,
  title: string,
): SafeHtml {
  const rowHeight = 34;
  const labelWidth = 120;
  const height = rows.length * rowHeight + 8;
  return html`<svg class="lw-chart" viewBox="0 0 ${W} ${height}" role="img" aria-labelledby="${id}-titel ${id}-uitleg" focusable="false">
<title id="${id}-titel">${title}</title><desc id="${id}-uitleg">${t(DASHBOARD_TEXT.barsDesc, language)}</desc>
${rows.map((row, i) => {
  const total = BAR_ORDER.reduce((sum, b) => sum + row.groups[b.group], 0);
  let at = labelWidth;
  const y = 4 + i * rowHeight;
  return html`<text x="0" y="${y + 20}" font-size="13" fill="#1b1b1f">${row.label.slice(0, 16)}</text>${BAR_ORDER.map(
    (b) => {
      const width = total === 0 ? 0 : (row.groups[b.group] / total) * (W - labelWidth - 4);
      const bar = html`<rect x="${at.toFixed(1)}" y="${y + 4}" width="${width.toFixed(1)}" height="24" fill="${b.colour}"><title>${t(GROUP_NAMES[b.group], language)}: ${number(row.groups[b.group], language)}</title></rect>`;
      at += width;
      return width > 0 ? bar : "";
    },
  )}`;
})}
</svg>`;
}

/** The bars' figures: a row per state, a column per channel or segment (there are few of those). */
function groupsTable(
  rows: readonly { label: string; groups: GroupCounts }[],
  language: Language,
  caption: string,
): SafeHtml {
  return html`<div class="utrecht-table-container" role="region" aria-label="${caption}" tabindex="0"><table class="utrecht-table">
<caption class="utrecht-table__caption">${caption}</caption>
<thead class="utrecht-table__header"><tr class="utrecht-table__row"><td class="utrecht-table__header-cell"></td>${rows.map((row) => html`<th class="utrecht-table__header-cell utrecht-table__header-cell--numeric" scope="col">${row.label}</th>`)}</tr></thead>
<tbody class="utrecht-table__body">${BAR_ORDER.map(({ group }) => html`<tr class="utrecht-table__row"><th class="utrecht-table__header-cell" scope="row">${t(GROUP_NAMES[group], language)}</th>${rows.map((row) => html`<td class="utrecht-table__cell utrecht-table__cell--numeric">${number(row.groups[group], language)}</td>`)}</tr>`)}</tbody>
</table></div>`;
}

/** The series as a table: at most 25 rows spread over the campaign, the latest always last. */
function seriesTable(series: readonly DashboardPoint[], language: Language): SafeHtml {
  const every = Math.max(1, Math.ceil(series.length / 24));
  const shown = series.filter((_, i) => i % every === 0 || i === series.length - 1);
  const caption = t(DASHBOARD_TEXT.tableOfChart, language);
  return html`<details class="lw-details"><summary>${caption}</summary><div class="utrecht-table-container" role="region" aria-label="${caption}" tabindex="0"><table class="utrecht-table">
<thead class="utrecht-table__header"><tr class="utrecht-table__row"><th class="utrecht-table__header-cell" scope="col">${t(DASHBOARD_TEXT.moment, language)}</th>${LINES.map((l) => html`<th class="utrecht-table__header-cell utrecht-table__header-cell--numeric" scope="col">${t(l.name, language)}</th>`)}</tr></thead>
<tbody class="utrecht-table__body">${shown.map((p) => html`<tr class="utrecht-table__row"><td class="utrecht-table__cell">${stamp(p.at)}</td>${LINES.map((l) => html`<td class="utrecht-table__cell utrecht-table__cell--numeric">${number(p[l.key], language)}</td>`)}</tr>`)}</tbody>
</table></div></details>`;
}

/** The whole progress section of a campaign page. */
export function progressSection(language: Language, view: CampaignDashboard): SafeHtml {
  const T = DASHBOARD_TEXT;
  const g = view.groups;
  const rate = view.perMinute === null ? null : Math.round(view.perMinute);
  const eta =
    view.etaSeconds === 0
      ? t(T.etaDone, language)
      : view.etaSeconds === null
        ? t(T.etaUnknown, language)
        : duration(view.etaSeconds, language);
  const channels = view.byChannel.map((c) => ({
    label: CHANNEL_NAMES[c.channel] ? t(CHANNEL_NAMES[c.channel] as BilingualText, language) : c.channel,
    groups: c.groups,
  }));
  const segments = view.bySegment.map((s) => ({
    label: s.segment === "" ? t(T.noSegment, language) : s.segment,
    groups: s.groups,
  }));
  const legend = html`<ul class="lw-chart-legend">${LINES.map((line) => html`<li>${swatch(line)} ${t(line.name, language)}</li>`)}</ul>`;
  const barLegend = html`<ul class="lw-chart-legend">${BAR_ORDER.map((b) => html`<li><svg width="14" height="14" viewBox="0 0 14 14" aria-hidden="true" focusable="false"><rect width="14" height="14" fill="${b.colour}"/></svg> ${t(GROUP_NAMES[b.group], language)}</li>`)}</ul>`;
  return html`<h2 class="utrecht-heading-2" id="voortgang">${t(T.title, language)}</h2>
${view.countedAt ? html`<p class="utrecht-paragraph">${t(T.countedAt, language)}: <time datetime="${view.countedAt.toISOString()}">${stamp(view.countedAt)} UTC</time></p>` : html`<p class="utrecht-paragraph">${t(T.notCounted, language)}</p>`}
<dl class="lw-outbox-fields">
<dt>${t(T.total, language)}</dt><dd>${number(view.total, language)}</dd>
${BAR_ORDER.map((b) => html`<dt>${t(GROUP_NAMES[b.group], language)}</dt><dd>${number(g[b.group], language)}</dd>`)}
<dt>${t(T.perMinute, language)}</dt><dd>${rate === null ? "—" : t(T.perMinuteValue, language).replace("{n}", number(rate, language))}</dd>
<dt>${t(T.eta, language)}</dt><dd>${eta}</dd>
</dl>
${
  view.series.length > 1
    ? html`<h3 class="utrecht-heading-3">${t(T.overTime, language)}</h3>${legend}${lineChart(view.series, language, "grafiek-tijd")}${seriesTable(view.series, language)}`
    : ""
}
${
  channels.length > 0
    ? html`<h3 class="utrecht-heading-3">${t(T.byChannel, language)}</h3>${barLegend}${barChart(channels, language, "grafiek-kanaal", t(T.byChannel, language))}${groupsTable(channels, language, t(T.byChannel, language))}`
    : ""
}
${
  segments.length > 1 || (segments.length === 1 && segments[0]?.label !== t(T.noSegment, language))
    ? html`<h3 class="utrecht-heading-3">${t(T.bySegment, language)}</h3>${barChart(segments, language, "grafiek-groep", t(T.bySegment, language))}${groupsTable(segments, language, t(T.bySegment, language))}`
    : ""
}`;
}
