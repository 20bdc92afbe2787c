/**
 * The console's campaign pages: a breach's campaigns, and one campaign with its status, check findings,
 * creator, the approval digest (what an approval covers, part by part) and progress, with a form for each step
 * the signed-in person's roles allow. The approve form carries the digest shown on the page, so the server
 * approves exactly what the person saw or nothing. Words are Dutch first with English beside them.
 */

import type { CampaignDashboard } from "../../operations/index.ts";
import { html, type SafeHtml } from "../html.ts";
import { type BilingualText, type Language, localPath, t } from "../i18n.ts";
import { progressSection } from "./console-dashboard-view.ts";
import { MESSAGES_TEXT } from "./console-messages-text.ts";
import { CONSOLE } from "./console-view.ts";

export const CAMPAIGN_PATHS = {
  breach: `${CONSOLE}/datalek`,
  campaign: `${CONSOLE}/campagne`,
} as const;

export const CAMPAIGN_TEXT = {
  breachTitle: { nl: "Campagnes van dit datalek", en: "Campaigns of this breach" },
  noCampaigns: {
    nl: "Er zijn nog geen campagnes voor dit datalek.",
    en: "There are no campaigns for this breach yet.",
  },
  campaignTitle: { nl: "Campagne", en: "Campaign" },
  kind: { nl: "Soort", en: "Kind" },
  status: { nl: "Status", en: "Status" },
  total: { nl: "Aantal mensen", en: "Number of people" },
  created: { nl: "Aangemaakt", en: "Created" },
  createdBy: { nl: "Gemaakt door", en: "Created by" },
  approvedBy: { nl: "Goedgekeurd door", en: "Approved by" },
  open: { nl: "Bekijk", en: "View" },
  findingsTitle: { nl: "Uitkomst van de controle", en: "Check findings" },
  noFindings: { nl: "De controle vond geen problemen.", en: "The check found no problems." },
  blocks: { nl: "blokkeert", en: "blocks" },
  warns: { nl: "waarschuwing", en: "warning" },
  digestTitle: { nl: "Wat een goedkeuring dekt", en: "What an approval covers" },
  digestLead: {
    nl: "Een goedkeuring geldt voor precies deze inhoud. Verandert er iets, dan vervalt de goedkeuring.",
    en: "An approval holds for exactly this content. If anything changes, the approval ends.",
  },
  digestNow: { nl: "Vingerafdruk nu", en: "Fingerprint now" },
  digestApproved: { nl: "Goedgekeurde vingerafdruk", en: "Approved fingerprint" },
  noDigest: {
    nl: "Er is nog geen afzenderprofiel, dus er valt nog niets goed te keuren.",
    en: "There is no sender profile yet, so there is nothing to approve yet.",
  },
  progressTitle: { nl: "Voortgang", en: "Progress" },
  stepsTitle: { nl: "Acties", en: "Actions" },
  noSteps: {
    nl: "Uw rol geeft geen acties voor deze campagne.",
    en: "Your role gives no actions for this campaign.",
  },
  done: { nl: "Gelukt.", en: "Done." },
  refusedTitle: { nl: "Niet gelukt", en: "Not done" },
  stale: {
    nl: "De campagne is veranderd sinds u deze pagina opende. Er is niets goedgekeurd. Bekijk de nieuwe inhoud hieronder en keur opnieuw goed als die klopt.",
    en: "The campaign changed since you opened this page. Nothing was approved. Look at the new content below and approve again if it is right.",
  },
  ownCampaign: {
    nl: "U heeft deze campagne zelf gemaakt. Een andere goedkeurder moet hem goedkeuren (vier ogen).",
    en: "You created this campaign yourself. Another approver must approve it (four eyes).",
  },
  back: { nl: "Terug naar de console", en: "Back to the console" },
  messagesLink: { nl: "Berichten schrijven", en: "Write messages" },
  updatesLink: { nl: "Updates en nepberichten", en: "Updates and fake messages" },
  notFoundTitle: { nl: "Niet gevonden", en: "Not found" },
  notFound: {
    nl: "Deze pagina bestaat niet, of hoort niet bij uw organisatie.",
    en: "This page does not exist, or does not belong to your organisation.",
  },
} satisfies Record<string, BilingualText>;

export const STEP_NAMES: Readonly<Record<string, BilingualText>> = {
  approve: { nl: "Goedkeuren", en: "Approve" },
  start: { nl: "Versturen starten", en: "Start sending" },
  pause: { nl: "Pauzeren", en: "Pause" },
  resume: { nl: "Hervatten", en: "Resume" },
  cancel: { nl: "Annuleren", en: "Cancel" },
};

export const CAMPAIGN_STATUS_NAMES: Readonly<Record<string, BilingualText>> = {
  draft: { nl: "concept", en: "draft" },
  checked: { nl: "gecontroleerd", en: "checked" },
  approved: { nl: "goedgekeurd", en: "approved" },
  running: { nl: "wordt verstuurd", en: "sending" },
  paused: { nl: "gepauzeerd", en: "paused" },
  cancelled: { nl: "geannuleerd", en: "cancelled" },
  done: { nl: "klaar", en: "done" },
};

export const KIND_NAMES: Readonly<Record<string, BilingualText>> = {
  "first-notice": { nl: "eerste melding", en: "first notice" },
  update: { nl: "update", en: "update" },
};

const PART_NAMES: Readonly<Record<string, BilingualText>> = {
  message: { nl: "Bericht", en: "Message" },
  sender: { nl: "Afzender", en: "Sender" },
  breach: { nl: "Feiten van het datalek", en: "Breach facts" },
  selection: { nl: "Selectie van mensen", en: "Selection of people" },
  "plan-address": { nl: "Adres van Mijn plan", en: "Plan address" },
};

/** A digest in groups of eight, so people can compare it and it wraps on a narrow screen. */
const grouped = (digest: string) => digest.replace(/(.{8})/g, "$1 ").trim();
const named = (names: Readonly<Record<string, BilingualText>>, key: string, language: Language) =>
  names[key] ? t(names[key] as BilingualText, language) : key;
const para = (text: string) => html`<p class="utrecht-paragraph">${text}</p>`;
const hiddenToken = (token: string) => html`<input type="hidden" name="formulier" value="${token}">`;
const cell = (label: string, value: SafeHtml | string) =>
  html`<td class="utrecht-table__cell" data-label="${label}">${value}</td>`;
const head = (label: string) => html`<th class="utrecht-table__header-cell" scope="col">${label}</th>`;

export interface CampaignRow {
  id: string;
  kind: string;
  status: string;
  total: number;
  createdAt: Date;
}

/** A breach's campaigns as a table, labelled by the element with id `labelledBy`. */
export function campaignTable(
  language: Language,
  rows: readonly CampaignRow[],
  labelledBy: string,
): SafeHtml {
  const T = CAMPAIGN_TEXT;
  return html`<div class="utrecht-table-container lw-stacking-table" role="region" aria-labelledby="${labelledBy}" tabindex="0"><table class="utrecht-table">
<thead class="utrecht-table__header"><tr class="utrecht-table__row">${head(t(T.kind, language))}${head(t(T.status, language))}${head(t(T.total, language))}${head(t(T.created, language))}${head(t(T.open, language))}</tr></thead>
<tbody class="utrecht-table__body">${rows.map(
    (c) => html`<tr class="utrecht-table__row">
${cell(t(T.kind, language), named(KIND_NAMES, c.kind, language))}
${cell(t(T.status, language), named(CAMPAIGN_STATUS_NAMES, c.status, language))}
${cell(t(T.total, language), String(c.total))}
${cell(t(T.created, language), c.createdAt.toISOString().slice(0, 16).replace("T", " "))}
${cell(t(T.open, language), html`<a class="utrecht-link" href="${localPath(`${CAMPAIGN_PATHS.campaign}/${c.id}`, language)}">${t(T.open, language)}<span class="lw-visually-hidden">: ${named(KIND_NAMES, c.kind, language)}, ${c.createdAt.toISOString().slice(0, 16).replace("T", " ")}</span></a>`)}
</tr>`,
  )}</tbody></table></div>`;
}

export interface CampaignView {
  id: string;
  breachId: string;
  kind: string;
  status: string;
  total: number;
  createdBy: string;
  approvedBy: string | null;
  /** `source: "framework"` marks a finding in text Lekwijzer writes itself, which staff cannot change. */
  findings: { severity: string; message: string; channel?: string; source?: string }[];
  /** What approving now would cover; null when nothing can be approved (no sender profile). */
  digest: { digest: string; parts: Record<string, string> } | null;
  approvedDigest: string | null;
  /** Progress from the latest snapshot (console-dashboard-view.ts), never counted per request. */
  progress: CampaignDashboard;
  /** The person created the campaign: approving is someone else's, so the page says so instead. */
  ownCampaign: boolean;
  /** The steps the person's roles allow on the campaign's current status. */
  steps: string[];
  formToken: string;
  notice: string | null;
  error: string | null;
}

function stepForm(language: Language, view: CampaignView, step: string): SafeHtml {
  const digest = step === "approve" && view.digest ? view.digest : null;
  return html`<form class="utrecht-form" method="post" action="${localPath(`${CAMPAIGN_PATHS.campaign}/${view.id}`, language)}">
${hiddenToken(view.formToken)}<input type="hidden" name="stap" value="${step}">
${digest ? html`<input type="hidden" name="digest" value="${digest.digest}">${Object.entries(digest.parts).map(([part, value]) => html`<input type="hidden" name="deel-${part}" value="${value}">`)}` : ""}
<p class="utrecht-paragraph"><button class="utrecht-button utrecht-button--${step === "cancel" ? "secondary" : "primary"}-action" type="submit">${named(STEP_NAMES, step, language)}</button></p>
</form>`;
}

/**
 * The check's findings: those the organisation can act on first, those in Lekwijzer's own text folded away
 * beneath them (an approver reads the first; the second are there for completeness).
 */
function findingsPart(language: Language, findings: CampaignView["findings"]): SafeHtml {
  if (findings.length === 0) return para(t(CAMPAIGN_TEXT.noFindings, language));
  const item = (f: CampaignView["findings"][number]) =>
    html`<li>${f.severity === "block" ? t(CAMPAIGN_TEXT.blocks, language) : t(CAMPAIGN_TEXT.warns, language)}${f.channel ? html` (${f.channel})` : ""}: <span lang="en">${f.message}</span></li>`;
  const own = findings.filter((f) => f.source !== "framework");
  const platform = findings.filter((f) => f.source === "framework");
  return html`${own.length > 0 ? html`<ul class="utrecht-unordered-list">${own.map(item)}</ul>` : ""}
${platform.length > 0 ? html`<details class="lw-details"><summary>${t(MESSAGES_TEXT.frameworkFindings, language)} (${String(platform.length)})</summary><ul class="utrecht-unordered-list">${platform.map(item)}</ul></details>` : ""}`;
}

export function campaignBody(language: Language, view: CampaignView): SafeHtml {
  const T = CAMPAIGN_TEXT;
  const alertBox = (kind: string, text: string) =>
    html`<div class="utrecht-alert utrecht-alert--${kind}" role="status"${kind === "error" ? html` tabindex="-1" autofocus` : ""}><div class="utrecht-alert__content"><div class="utrecht-alert__message">
${kind === "error" ? html`<h2 class="utrecht-heading-3">${t(T.refusedTitle, language)}</h2>` : ""}<p class="utrecht-paragraph">${text}</p></div></div></div>`;
  return html`<div class="lw-prose">
<h1 class="utrecht-heading-1">${t(T.campaignTitle, language)}: ${named(KIND_NAMES, view.kind, language)}</h1>
${view.error ? alertBox("error", view.error) : ""}
${view.notice ? alertBox("ok", view.notice) : ""}
<dl class="lw-outbox-fields">
<dt>${t(T.status, language)}</dt><dd>${named(CAMPAIGN_STATUS_NAMES, view.status, language)}</dd>
<dt>${t(T.total, language)}</dt><dd>${String(view.total)}</dd>
<dt>${t(T.createdBy, language)}</dt><dd>${view.createdBy}</dd>
${view.approvedBy ? html`<dt>${t(T.approvedBy, language)}</dt><dd>${view.approvedBy}</dd>` : ""}
</dl>
<h2 class="utrecht-heading-2">${t(T.findingsTitle, language)}</h2>
${findingsPart(language, view.findings)}
<h2 class="utrecht-heading-2">${t(T.digestTitle, language)}</h2>
${para(t(T.digestLead, language))}
${
  view.digest
    ? html`<dl class="lw-outbox-fields">
<dt>${t(T.digestNow, language)}</dt><dd><code class="utrecht-code" id="vingerafdruk">${grouped(view.digest.digest)}</code></dd>
${view.approvedDigest ? html`<dt>${t(T.digestApproved, language)}</dt><dd><code class="utrecht-code">${grouped(view.approvedDigest)}</code></dd>` : ""}
${Object.entries(view.digest.parts).map(([part, value]) => html`<dt>${named(PART_NAMES, part, language)}</dt><dd><code class="utrecht-code">${grouped(value.slice(0, 16))}…</code></dd>`)}
</dl>`
    : para(t(T.noDigest, language))
}
${progressSection(language, view.progress)}
<h2 class="utrecht-heading-2">${t(T.stepsTitle, language)}</h2>
${view.ownCampaign && view.status === "checked" ? para(t(T.ownCampaign, language)) : ""}
${view.steps.length === 0 ? para(t(T.noSteps, language)) : view.steps.map((step) => stepForm(language, view, step))}
<p class="utrecht-paragraph"><a class="utrecht-link" href="${localPath(`${CAMPAIGN_PATHS.breach}/${view.breachId}`, language)}">${t(T.breachTitle, language)}</a></p>
<p class="utrecht-paragraph"><a class="utrecht-link" href="${localPath(`${CAMPAIGN_PATHS.breach}/${view.breachId}/berichten`, language)}">${t(T.messagesLink, language)}</a> · <a class="utrecht-link" href="${localPath(`${CAMPAIGN_PATHS.breach}/${view.breachId}/updates`, language)}">${t(T.updatesLink, language)}</a></p>
</div>`;
}
