/**
 * The console's breach overview and victims pages: the facts in short, the assessment (risk, ENISA severity,
 * the art. 33/34 obligations, the reasons, what would change the outcome), the 72-hour countdown to the
 * regulator's deadline (computed on the server, in a <time> element), links onward, the campaigns; and the
 * victims page with the upload form, the imports with progress and error reports, and the counts.
 */
import { formatDate } from "../../core/index.ts";
import { CATEGORIES, FLAGS } from "../../framework/index.ts";
import type { Action } from "../../operations/index.ts";
import type { ImportJob, VictimCounts } from "../../store/index.ts";
import { html, type SafeHtml } from "../html.ts";
import { type BilingualText, type Language, localPath, t } from "../i18n.ts";
import {
  CAUSE_NAMES,
  EXEMPTION_NAMES,
  GROUP_NAMES,
  IMPORT_STATUS_NAMES,
  NATURE_NAMES,
  RECIPIENT_NAMES,
  RECOVERY_NAMES,
  RISK_NAMES,
  SEVERITY_NAMES,
  BREACH_TEXT as T,
} from "./console-breach-text.ts";
import { CAMPAIGN_TEXT, type CampaignRow, campaignTable } from "./console-campaigns-view.ts";
import { EVIDENCE_TEXT, evidencePath } from "./console-evidence.ts";
import { MESSAGES_TEXT } from "./console-messages-text.ts";
import { MESSAGES_PATH } from "./console-messages-view.ts";
import { NOTICE_TEXT } from "./console-notice-text.ts";
import { noticePath } from "./console-notice-view.ts";
import { PHISHING_TEXT, UPDATES_TEXT } from "./console-updates-text.ts";
import { PHISHING_PATH, UPDATES_PATH } from "./console-updates-view.ts";
import { CONSOLE } from "./console-view.ts";

export const BREACH_PATHS = {
  breach: `${CONSOLE}/datalek`,
  create: `${CONSOLE}/datalek/nieuw`,
  facts: (id: string) => `${CONSOLE}/datalek/${id}/feiten`,
  victims: (id: string) => `${CONSOLE}/datalek/${id}/slachtoffers`,
  report: (id: string, importId: string) => `${CONSOLE}/datalek/${id}/slachtoffers/${importId}/rapport`,
} as const;

/** A link on the breach overview: where it goes (from the breach's id), what it says, who is shown it. */
export interface BreachLink {
  path: (breachId: string) => string;
  label: BilingualText;
  /** Shown only to people who may take this action (the page it leads to needs it); every reader otherwise. */
  action?: Action;
}

/**
 * The links of the breach overview's "continue with this breach" list, in order. Pages of other parts of the
 * breach workflow (regulator notice, contact centre, messages, updates) append their own entry here.
 */
export const BREACH_OVERVIEW_LINKS: BreachLink[] = [
  { path: (id) => noticePath(id), label: NOTICE_TEXT.title },
  { path: (id) => BREACH_PATHS.victims(id), label: T.victimsLink },
  { path: MESSAGES_PATH, label: MESSAGES_TEXT.title, action: "campaign.check" },
  { path: UPDATES_PATH, label: UPDATES_TEXT.title },
  { path: PHISHING_PATH, label: PHISHING_TEXT.title },
  { path: (id) => evidencePath(id, "pdf"), label: EVIDENCE_TEXT.pdf },
  { path: (id) => evidencePath(id, "json"), label: EVIDENCE_TEXT.json },
];

const HOUR = 3_600_000;
const MINUTE = 60_000;
/** GDPR art. 33(1): the authority is notified within 72 hours of awareness. */
const DEADLINE_HOURS = 72;

/** "5 december 2026 14:00" in Dutch local time (the regulator's), whatever the server's zone. */
function localMoment(at: Date, language: Language): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", {
      timeZone: "Europe/Amsterdam",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return `${formatDate(`${parts.year}-${parts.month}-${parts.day}`, language)} ${parts.hour}:${parts.minute}`;
}

const plural = (n: number, one: BilingualText, many: BilingualText, language: Language) =>
  `${n} ${t(n === 1 ? one : many, language)}`;
const HOURS = { one: { nl: "uur", en: "hour" }, many: { nl: "uur", en: "hours" } };
const MINUTES = { one: { nl: "minuut", en: "minute" }, many: { nl: "minuten", en: "minutes" } };

/** The time left to the 72-hour deadline, or how long it is past, in words; with the deadline itself. */
export function countdown(awareAt: Date, now: Date, language: Language): { deadline: Date; text: string } {
  const deadline = new Date(awareAt.getTime() + DEADLINE_HOURS * HOUR);
  const left = deadline.getTime() - now.getTime();
  const span = Math.abs(left);
  const hours = Math.floor(span / HOUR);
  const minutes = Math.floor((span % HOUR) / MINUTE);
  const duration = [
    ...(hours > 0 ? [plural(hours, HOURS.one, HOURS.many, language)] : []),
    ...(minutes > 0 || hours === 0 ? [plural(minutes, MINUTES.one, MINUTES.many, language)] : []),
  ].join(language === "nl" ? " en " : " and ");
  const moment = localMoment(deadline, language);
  const text =
    left >= 0
      ? language === "nl"
        ? `Nog ${duration}, tot ${moment}`
        : `${duration} left, until ${moment}`
      : language === "nl"
        ? `De termijn is ${duration} voorbij (tot ${moment})`
        : `The deadline passed ${duration} ago (${moment})`;
  return { deadline, text };
}

const para = (s: string | SafeHtml) => html`<p class="utrecht-paragraph">${s}</p>`;
const nameOf = (names: Readonly<Record<string, BilingualText>>, key: unknown, language: Language) =>
  typeof key === "string" ? (names[key] ? t(names[key] as BilingualText, language) : key) : "";
const categoryLabel = (id: string, language: Language) =>
  CATEGORIES.find((c) => c.id === id)?.label[language] ?? id;

export function alertBox(kind: "ok" | "info" | "warning" | "error", body: SafeHtml | string): SafeHtml {
  return html`<div class="utrecht-alert utrecht-alert--${kind}" role="status"><div class="utrecht-alert__content"><div class="utrecht-alert__message">${body}</div></div></div>`;
}

interface AssessmentShape {
  severity?: { level?: string; score?: number };
  risk?: string;
  obligations?: {
    notifyAuthority?: boolean;
    notifySubjects?: boolean;
    subjectsExemption?: string | null;
    publicCommunication?: boolean;
  };
  largeBreach?: boolean;
  safety?: { reason?: string; subjects?: number | null; exposed?: boolean } | null;
  reasons?: { text?: string; effect?: string }[];
  sensitivity?: { text?: string; judgement?: boolean }[];
  borderline?: boolean;
}

export interface OverviewView {
  id: string;
  title: string;
  awareAt: Date;
  now: Date;
  authorityNotifiedAt: Date | null;
  facts: Record<string, unknown>;
  /** The stored assessment, with the reasons and sensitivity in the page's language. */
  assessment: AssessmentShape | null;
  campaigns: CampaignRow[];
  mayEdit: boolean;
  /** Whether the person may take an action (links to pages that need one are shown only then). */
  may: (action: Action) => boolean;
  /** The retention check's findings (K17), when the person may read them. */
  retention?: SafeHtml;
  /** After a save: what changed. */
  change?: { created?: boolean; riskBefore?: string | null; unchanged?: boolean; voided?: number };
}

function changeNotice(language: Language, view: OverviewView): SafeHtml | "" {
  const change = view.change;
  if (!change) return "";
  if (change.created) return alertBox("ok", para(t(T.created, language)));
  if (change.unchanged) return alertBox("info", para(t(T.unchanged, language)));
  const before = nameOf(RISK_NAMES, change.riskBefore ?? "", language) || "–";
  const after = nameOf(RISK_NAMES, view.assessment?.risk, language);
  const changed = (change.riskBefore ?? "") !== (view.assessment?.risk ?? "");
  return alertBox(
    "ok",
    html`${para(t(T.saved, language))}
${para(html`<strong>${t(changed ? T.riskChanged : T.riskSame, language)}:</strong> ${before} → ${after}`)}
${change.voided ? para(html`${t(T.voided, language)} <a class="utrecht-link" href="#campagnes">${String(change.voided)}</a>`) : ""}`,
  );
}

function deadlineSection(language: Language, view: OverviewView): SafeHtml {
  const a = view.assessment;
  const required = a?.obligations?.notifyAuthority !== false;
  let body: SafeHtml;
  if (view.authorityNotifiedAt) {
    body = para(
      html`${t(T.notifiedAt, language)} <time datetime="${view.authorityNotifiedAt.toISOString()}">${localMoment(view.authorityNotifiedAt, language)}</time>.`,
    );
  } else if (!required) {
    body = para(t(T.notRequired, language));
  } else {
    const { deadline, text } = countdown(view.awareAt, view.now, language);
    body = html`${para(t(T.deadlineLead, language))}
<p class="utrecht-paragraph lw-countdown"><strong><time datetime="${deadline.toISOString()}">${text}</time></strong></p>`;
  }
  return html`<h2 class="utrecht-heading-2">${t(T.deadlineTitle, language)}</h2>${body}`;
}

function obligation(language: Language, value: boolean | undefined, exemption?: string | null): string {
  if (value === true) return t(T.needed, language);
  if (exemption) return `${t(T.exemption, language)}: ${nameOf(EXEMPTION_NAMES, exemption, language)}`;
  return t(T.notNeeded, language);
}

function assessmentSection(language: Language, a: AssessmentShape | null): SafeHtml {
  if (!a)
    return html`<h2 class="utrecht-heading-2">${t(T.assessmentTitle, language)}</h2>${para(t(T.noAssessment, language))}`;
  const o = a.obligations ?? {};
  const sensitivity = a.sensitivity ?? [];
  return html`<h2 class="utrecht-heading-2">${t(T.assessmentTitle, language)}</h2>
<dl class="lw-outbox-fields">
<dt>${t(T.risk, language)}</dt><dd><strong>${nameOf(RISK_NAMES, a.risk, language)}</strong></dd>
<dt>${t(T.severity, language)}</dt><dd>${nameOf(SEVERITY_NAMES, a.severity?.level, language)} (${t(T.score, language)} ${String(a.severity?.score ?? "")})</dd>
<dt>${t(T.notifyAuthority, language)}</dt><dd>${obligation(language, o.notifyAuthority)}</dd>
<dt>${t(T.notifySubjects, language)}</dt><dd>${obligation(language, o.notifySubjects, o.subjectsExemption)}</dd>
<dt>${t(T.publicNotice, language)}</dt><dd>${obligation(language, o.publicCommunication)}</dd>
<dt>${t(T.largeBreach, language)}</dt><dd>${a.largeBreach ? t(T.yes, language) : t(T.no, language)}</dd>
</dl>
${a.borderline ? alertBox("warning", para(t(T.borderline, language))) : ""}
<h3 class="utrecht-heading-3">${t(T.reasonsTitle, language)}</h3>
<ul class="utrecht-unordered-list">${(a.reasons ?? []).map((r) => html`<li>${r.text ?? ""}</li>`)}</ul>
${
  a.safety
    ? html`<h3 class="utrecht-heading-3">${t(T.safetyTitle, language)}</h3>${para(a.safety.reason ?? "")}`
    : ""
}
<h3 class="utrecht-heading-3">${t(T.sensitivityTitle, language)}</h3>
${
  sensitivity.length === 0
    ? para(t(T.noSensitivity, language))
    : html`<ul class="utrecht-unordered-list">${sensitivity.map((s) => html`<li>${s.text ?? ""}${s.judgement ? html` (${t(T.judgement, language)})` : ""}</li>`)}</ul>`
}`;
}

function factsSection(language: Language, view: OverviewView): SafeHtml {
  const f = view.facts as {
    controller?: { name?: string };
    occurredFrom?: string;
    occurredTo?: string;
    nature?: string[];
    cause?: string;
    malicious?: boolean;
    recipients?: string;
    recovery?: string;
    subjects?: { count?: number; groups?: string[] };
    data?: { category?: string; subjects?: number; unintelligible?: boolean }[];
  };
  const count = (n: number) => n.toLocaleString(language === "nl" ? "nl-NL" : "en-GB");
  const row = (label: BilingualText, value: string | SafeHtml) =>
    value === "" ? "" : html`<dt>${t(label, language)}</dt><dd>${value}</dd>`;
  return html`<h2 class="utrecht-heading-2">${t(T.factsTitle, language)}</h2>
<dl class="lw-outbox-fields">
${row(T.controllerName, f.controller?.name ?? "")}
${row(T.awareAt, html`<time datetime="${view.awareAt.toISOString()}">${localMoment(view.awareAt, language)}</time>`)}
${row(T.occurredFrom, f.occurredFrom ? formatDate(f.occurredFrom, language) : "")}
${row(T.occurredTo, f.occurredTo ? formatDate(f.occurredTo, language) : "")}
${row(T.natureShort, (f.nature ?? []).map((n) => nameOf(NATURE_NAMES, n, language)).join("; "))}
${row(T.cause, nameOf(CAUSE_NAMES, f.cause, language))}
${row(T.maliciousShort, f.malicious === undefined ? "" : t(f.malicious ? T.yes : T.no, language))}
${row(T.recipients, nameOf(RECIPIENT_NAMES, f.recipients, language))}
${row(T.recovery, nameOf(RECOVERY_NAMES, f.recovery, language))}
${row(T.subjectsCount, f.subjects?.count !== undefined ? count(f.subjects.count) : "")}
${row(T.groups, (f.subjects?.groups ?? []).map((g) => nameOf(GROUP_NAMES, g, language)).join(", "))}
${row(
  T.dataShort,
  html`<ul class="utrecht-unordered-list">${(f.data ?? []).map(
    (d) =>
      html`<li>${categoryLabel(d.category ?? "", language)}${d.subjects !== undefined ? html` (${count(d.subjects)})` : ""}${d.unintelligible ? html` – ${t(T.unintelligible, language)}` : ""}</li>`,
  )}</ul>`,
)}
</dl>`;
}

export function overviewBody(language: Language, view: OverviewView): SafeHtml {
  const links: { href: string; label: string }[] = [
    ...(view.mayEdit
      ? [{ href: localPath(BREACH_PATHS.facts(view.id), language), label: t(T.editFacts, language) }]
      : []),
    ...BREACH_OVERVIEW_LINKS.filter((l) => !l.action || view.may(l.action)).map((l) => ({
      href: localPath(l.path(view.id), language),
      label: t(l.label, language),
    })),
    { href: "#campagnes", label: t(T.campaignsTitle, language) },
  ];
  return html`<div class="lw-prose">
<h1 class="utrecht-heading-1">${t(T.overviewTitle, language)}: ${view.title}</h1>
${changeNotice(language, view)}
${deadlineSection(language, view)}
<nav aria-labelledby="verder"><h2 class="utrecht-heading-2" id="verder">${t(T.linksTitle, language)}</h2>
<ul class="utrecht-unordered-list">${links.map((l) => html`<li><a class="utrecht-link" href="${l.href}">${l.label}</a></li>`)}</ul></nav>
${assessmentSection(language, view.assessment)}
${factsSection(language, view)}
${view.retention ?? ""}
<h2 class="utrecht-heading-2" id="campagnes">${t(T.campaignsTitle, language)}</h2>
${view.campaigns.length === 0 ? para(t(CAMPAIGN_TEXT.noCampaigns, language)) : ""}
</div>
${view.campaigns.length > 0 ? campaignTable(language, view.campaigns, "campagnes") : ""}
<div class="lw-prose">${para(html`<a class="utrecht-link" href="${localPath(CONSOLE, language)}">${t(T.back, language)}</a>`)}</div>`;
}

// The victims page.

export interface VictimsView {
  id: string;
  title: string;
  imports: ImportJob[];
  counts: VictimCounts;
  mayUpload: boolean;
  formToken: string;
  notice: string | null;
  error: string | null;
}

const head = (label: string) => html`<th class="utrecht-table__header-cell" scope="col">${label}</th>`;
const cell = (label: string, value: SafeHtml | string) =>
  html`<td class="utrecht-table__cell" data-label="${label}">${value}</td>`;

function importsTable(language: Language, view: VictimsView): SafeHtml {
  if (view.imports.length === 0) return html`<div class="lw-prose">${para(t(T.noImports, language))}</div>`;
  const L = language;
  const n = (v: unknown) => (typeof v === "number" ? String(v) : "0");
  return html`<div class="utrecht-table-container lw-stacking-table" role="region" aria-labelledby="imports" tabindex="0"><table class="utrecht-table">
<thead class="utrecht-table__header"><tr class="utrecht-table__row">${head(t(T.started, L))}${head(t(T.importStatus, L))}${head(t(T.progress, L))}${head(t(T.result, L))}${head(t(T.report, L))}</tr></thead>
<tbody class="utrecht-table__body">${view.imports.map((job) => {
    const p = job.progress as Record<string, unknown>;
    const s = job.summary as Record<string, unknown> | null;
    const result = s
      ? `${n(s.imported)} ${t(T.imported, L)}, ${n(s.updated)} ${t(T.updated, L)}, ${n(s.unchanged)} ${t(T.unchangedRows, L)}, ${n(s.rejected)} ${t(T.rejected, L)}, ${n(s.unreachable)} ${t(T.unreachableRows, L)}`
      : (job.error ?? "–");
    return html`<tr class="utrecht-table__row">
${cell(t(T.started, L), localMoment(job.createdAt, L))}
${cell(t(T.importStatus, L), nameOf(IMPORT_STATUS_NAMES, job.status, L))}
${cell(t(T.progress, L), `${n(p.rows)} ${t(T.rowsRead, L)}, ${n(p.rejected)} ${t(T.rejected, L)}`)}
${cell(t(T.result, L), html`<span${job.error && !s ? html` lang="en"` : ""}>${result}</span>`)}
${cell(t(T.report, L), job.status === "done" || job.status === "failed" ? html`<a class="utrecht-link" href="${localPath(BREACH_PATHS.report(view.id, job.id), L)}" download>${t(T.download, L)}<span class="lw-visually-hidden">: ${localMoment(job.createdAt, L)}</span></a>` : "–")}
</tr>`;
  })}</tbody></table></div>`;
}

function countTable(
  language: Language,
  id: string,
  caption: BilingualText,
  what: BilingualText,
  rows: [string, number][],
): SafeHtml {
  return html`<h3 class="utrecht-heading-3" id="${id}">${t(caption, language)}</h3>
<div class="utrecht-table-container" role="region" aria-labelledby="${id}" tabindex="0"><table class="utrecht-table">
<thead class="utrecht-table__header"><tr class="utrecht-table__row">${head(t(what, language))}${head(t(T.count, language))}</tr></thead>
<tbody class="utrecht-table__body">${rows.map(([label, count]) => html`<tr class="utrecht-table__row"><th class="utrecht-table__header-cell" scope="row">${label}</th><td class="utrecht-table__cell utrecht-table__cell--numeric">${String(count)}</td></tr>`)}</tbody></table></div>`;
}

function countsSection(language: Language, counts: VictimCounts): SafeHtml {
  const L = language;
  if (counts.total === 0) return html`<div class="lw-prose">${para(t(T.noVictims, L))}</div>`;
  const flagLabel = (id: string) => FLAGS.find((f) => f.id === id)?.label[L] ?? id;
  return html`<div class="lw-prose">${para(html`<strong>${t(T.total, L)}: ${String(counts.total)}</strong>. ${t(T.countsLead, L)}`)}
${countTable(L, "per-kanaal", T.byChannel, T.channel, [
  [t(T.emailKnown, L), counts.channels.email],
  [t(T.phoneKnown, L), counts.channels.phone],
  [t(T.postalKnown, L), counts.channels.postal],
  [t(T.reachable, L), counts.channels.reachable],
  [t(T.unreachable, L), counts.channels.unreachable],
])}
${counts.channels.postalUnknown > 0 ? para(t(T.postalUnknown, L).replace("{n}", String(counts.channels.postalUnknown))) : ""}
${countTable(
  L,
  "per-gegeven",
  T.byCategory,
  T.category,
  counts.byCategory.map((c) => [categoryLabel(c.category, L), c.count]),
)}
${
  counts.byFlag.length > 0
    ? countTable(
        L,
        "per-kenmerk",
        T.byFlag,
        T.flag,
        counts.byFlag.map((f) => [flagLabel(f.flag), f.count]),
      )
    : html`<h3 class="utrecht-heading-3">${t(T.byFlag, L)}</h3>${para(t(T.noFlags, L))}`
}
${countTable(
  L,
  "per-segment",
  T.bySegment,
  T.segment,
  counts.bySegment.map((s) => [s.segment ?? t(T.noSegment, L), s.count]),
)}
</div>`;
}

export function victimsBody(language: Language, view: VictimsView): SafeHtml {
  const L = language;
  const path = localPath(BREACH_PATHS.victims(view.id), L);
  return html`<div class="lw-prose">
<h1 class="utrecht-heading-1">${t(T.victimsTitle, L)}: ${view.title}</h1>
${view.error ? html`<section class="utrecht-alert utrecht-alert--error" aria-labelledby="fout-titel" tabindex="-1" autofocus><div class="utrecht-alert__content"><div class="utrecht-alert__message"><h2 class="utrecht-heading-3" id="fout-titel">${t(T.uploadRefused, L)}</h2><ul class="utrecht-unordered-list"><li><a class="utrecht-link" href="#bestand">${view.error}</a></li></ul></div></div></section>` : ""}
${view.notice ? alertBox("ok", para(view.notice)) : ""}
${
  view.mayUpload
    ? html`<h2 class="utrecht-heading-2">${t(T.uploadTitle, L)}</h2>
${para(t(T.uploadLead, L))}
<form class="utrecht-form" method="post" action="${path}" enctype="multipart/form-data" novalidate>
<input type="hidden" name="formulier" value="${view.formToken}">
<div class="utrecht-form-field utrecht-form-field--text${view.error ? " utrecht-form-field--invalid" : ""}">
<div class="utrecht-form-field__label"><label class="utrecht-form-label" for="bestand">${t(T.file, L)}</label></div>
${view.error ? html`<div class="utrecht-form-field-error-message" id="bestand-fout"><p class="utrecht-paragraph"><span class="lw-visually-hidden">${t(T.errorPrefix, L)}: </span>${view.error}</p></div>` : ""}
<div class="utrecht-form-field__input"><input class="utrecht-textbox utrecht-textbox--html-input" id="bestand" name="bestand" type="file" accept=".csv,.jsonl,text/csv,application/x-ndjson"${view.error ? html` aria-invalid="true" aria-describedby="bestand-fout"` : ""}></div>
</div>
<p class="utrecht-paragraph"><button class="utrecht-button utrecht-button--primary-action" type="submit">${t(T.upload, L)}</button></p>
</form>`
    : ""
}
<h2 class="utrecht-heading-2" id="imports">${t(T.importsTitle, L)}</h2>
${para(html`<a class="utrecht-link" href="${path}">${t(T.refresh, L)}</a>`)}
</div>
${importsTable(L, view)}
<div class="lw-prose"><h2 class="utrecht-heading-2">${t(T.countsTitle, L)}</h2></div>
${countsSection(L, view.counts)}
<div class="lw-prose">${para(html`<a class="utrecht-link" href="${localPath(`${BREACH_PATHS.breach}/${view.id}`, L)}">${t(T.backToBreach, L)}</a>`)}</div>`;
}
