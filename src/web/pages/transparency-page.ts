/**
 * An organisation's transparency register (framework K16) as a public page, `/organisatie/<slug>/persoonsgegevens`
 * (English `/en/organisatie/<slug>/persoonsgegevens`): which personal data it processes, why, on which legal
 * basis, how long it keeps it and who receives it, in B1, with the date and number of the published version.
 * Only a published version is ever shown: an organisation that has not published answers with the server's own
 * 404, exactly like an unknown address. The same register is open data at
 * `/api/v1/organisations/<slug>/transparency` (areas/api-transparency.ts, built by `transparencyJson` here).
 */
import type { FastifyInstance } from "fastify";
import { CATEGORIES } from "../../framework/index.ts";
import { publishedTransparency } from "../../operations/index.ts";
import type { Executor, TransparencyEntryInput } from "../../store/index.ts";
import { html, type SafeHtml } from "../html.ts";
import { type BilingualText, LANGUAGES, type Language, localPath, t } from "../i18n.ts";
import { absoluteUrl, page } from "../layout.ts";
import { day } from "./register.ts";
import {
  categoryList,
  LEGAL_BASIS_NAMES,
  legalBasisArticle,
  ownText,
  period,
  RETENTION_FROM_NAMES,
  transparencyJsonPath,
  transparencyPath,
} from "./transparency-text.ts";

const TEXT = {
  title: { nl: "Welke persoonsgegevens gebruikt {org}?", en: "Which personal data does {org} use?" },
  description: {
    nl: "Welke gegevens {org} over u gebruikt, waarom, en hoe lang {org} ze bewaart.",
    en: "Which data {org} uses about you, why, and how long {org} keeps it.",
  },
  lead: {
    nl: "{org} gebruikt gegevens over u. Op deze pagina leest u welke gegevens dat zijn, waarvoor {org} ze gebruikt en hoe lang {org} ze bewaart. {org} heeft deze lijst zelf gemaakt.",
    en: "{org} uses data about you. This page tells you which data that is, what {org} uses it for and how long {org} keeps it. {org} wrote this list itself.",
  },
  version: {
    nl: "{org} publiceerde deze lijst op {date}. Dit is versie {version}.",
    en: "{org} published this list on {date}. This is version {version}.",
  },
  previewNote: {
    nl: "Voorbeeld: zo ziet de pagina eruit als u nu publiceert. Niemand anders ziet dit.",
    en: "Preview: this is how the page looks if you publish now. Nobody else sees this.",
  },
  entry: { nl: "Gegevens {n}", en: "Data {n}" },
  which: { nl: "Welke gegevens", en: "Which data" },
  why: { nl: "Waarvoor", en: "What for" },
  basis: { nl: "Waarom dat mag", en: "Why this is allowed" },
  howLong: { nl: "Hoe lang", en: "How long" },
  recipients: { nl: "Wie krijgt de gegevens ook", en: "Who else receives the data" },
  rights: { nl: "Wat kunt u doen?", en: "What can you do?" },
  rightsText: {
    nl: "U mag {org} vragen welke gegevens {org} over u heeft. U mag ook vragen om fouten te verbeteren of gegevens te wissen. Klopt er iets niet? Dan kunt u een klacht indienen bij de Autoriteit Persoonsgegevens.",
    en: "You may ask {org} which data it has about you. You may also ask it to correct mistakes or to delete data. Is something wrong? Then you can complain to the Dutch Data Protection Authority (Autoriteit Persoonsgegevens).",
  },
  complaint: {
    nl: "Klacht indienen bij de Autoriteit Persoonsgegevens",
    en: "Complain to the Autoriteit Persoonsgegevens",
  },
  open: { nl: "Open data", en: "Open data" },
  json: { nl: "Deze lijst als JSON", en: "This list as JSON" },
} satisfies Record<string, BilingualText>;

const AP_COMPLAINT = "https://www.autoriteitpersoonsgegevens.nl/een-tip-of-klacht-indienen-bij-de-ap";

/** What the page shows: the organisation, the entries, and the version (absent on a preview of the draft). */
export interface TransparencyView {
  organisation: { name: string; slug: string };
  entries: readonly TransparencyEntryInput[];
  version: { number: number; publishedAt: Date } | null;
}

const fill = (text: string, values: Record<string, string>) =>
  text.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);

function own(value: { nl: string; en: string } | null, language: Language): SafeHtml | "" {
  if (!value) return "";
  const shown = ownText(value, language);
  return shown.lang ? html`<span lang="${shown.lang}">${shown.text}</span>` : html`${shown.text}`;
}

function howLong(entry: TransparencyEntryInput, language: Language): SafeHtml {
  const from =
    entry.retentionFrom === "other" && entry.retentionFromOther
      ? html`${language === "nl" ? "na" : "after"} ${own(entry.retentionFromOther, language)}`
      : html`${t(RETENTION_FROM_NAMES[entry.retentionFrom] ?? { nl: "", en: "" }, language)}`;
  return html`${period(entry.retentionMonths, language)} ${from}`;
}

function entryCard(entry: TransparencyEntryInput, index: number, language: Language): SafeHtml {
  const id = `gegevens-${index + 1}`;
  const names = categoryList(entry.categories, language);
  const basis = LEGAL_BASIS_NAMES[entry.legalBasis];
  return html`<section class="lw-card" aria-labelledby="${id}">
<h2 class="utrecht-heading-3" id="${id}">${names}</h2>
<dl class="lw-facts">
<dt>${t(TEXT.why, language)}</dt><dd>${own(entry.purpose, language)}</dd>
<dt>${t(TEXT.basis, language)}</dt><dd>${basis ? t(basis, language) : ""} (${legalBasisArticle(entry.legalBasis, language)})</dd>
<dt>${t(TEXT.howLong, language)}</dt><dd>${howLong(entry, language)}</dd>
${entry.recipients ? html`<dt>${t(TEXT.recipients, language)}</dt><dd>${own(entry.recipients, language)}</dd>` : ""}
</dl>
</section>`;
}

/** The page's body: also the console's preview of a draft (without a version, with a note saying so). */
export function transparencyBody(
  view: TransparencyView,
  language: Language,
  headingLevel: 1 | 2 = 1,
): SafeHtml {
  const values = { org: view.organisation.name };
  const say = (text: BilingualText, more: Record<string, string> = {}) =>
    fill(t(text, language), { ...values, ...more });
  const title = say(TEXT.title);
  return html`<div class="lw-prose">
${headingLevel === 1 ? html`<h1 class="utrecht-heading-1">${title}</h1>` : html`<h2 class="utrecht-heading-2">${title}</h2>`}
<p class="utrecht-paragraph utrecht-paragraph--lead">${say(TEXT.lead)}</p>
${
  view.version
    ? html`<p class="utrecht-paragraph lw-updated">${say(TEXT.version, {
        date: day(view.version.publishedAt, language),
        version: String(view.version.number),
      })}</p>`
    : html`<p class="utrecht-paragraph"><strong>${t(TEXT.previewNote, language)}</strong></p>`
}
</div>
<div class="lw-cards">${view.entries.map((entry, index) => entryCard(entry, index, language))}</div>
<div class="lw-prose">
<h2 class="utrecht-heading-2">${t(TEXT.rights, language)}</h2>
<p class="utrecht-paragraph">${say(TEXT.rightsText)}</p>
<p class="utrecht-paragraph"><a class="utrecht-link" href="${AP_COMPLAINT}" rel="noopener">${t(TEXT.complaint, language)}</a></p>
${
  view.version
    ? html`<h2 class="utrecht-heading-2">${t(TEXT.open, language)}</h2>
<p class="utrecht-paragraph"><a class="utrecht-link" href="${transparencyJsonPath(view.organisation.slug)}" type="application/json">${t(TEXT.json, language)}</a></p>`
    : ""
}
</div>`;
}

const bilingualJson = (text: { nl: string; en: string } | null) =>
  text ? { nl: text.nl, en: text.en === "" ? null : text.en } : null;

/** The open-data form: both languages in one file, the framework's names beside every code, ISO times. */
export function transparencyJson(
  view: TransparencyView & { version: { number: number; publishedAt: Date } },
) {
  const path = transparencyPath(view.organisation.slug);
  return {
    organisation: view.organisation,
    version: view.version.number,
    publishedAt: view.version.publishedAt.toISOString(),
    page: { nl: absoluteUrl(path), en: absoluteUrl(localPath(path, "en")) },
    entries: view.entries.map((entry) => ({
      categories: CATEGORIES.filter((c) => entry.categories.includes(c.id)).map((c) => ({
        id: c.id,
        label: c.label,
      })),
      purpose: bilingualJson(entry.purpose),
      legalBasis: {
        code: entry.legalBasis,
        article: `GDPR art. 6(1)(${entry.legalBasis})`,
        label: LEGAL_BASIS_NAMES[entry.legalBasis] ?? null,
      },
      retention: {
        months: entry.retentionMonths,
        from: entry.retentionFrom,
        fromOther: bilingualJson(entry.retentionFromOther),
      },
      recipients: bilingualJson(entry.recipients),
    })),
  };
}

/** The published register of the organisation with this slug, as the page and the open data show it. */
export async function publishedView(
  store: { db: Executor },
  slug: string,
): Promise<(TransparencyView & { version: { number: number; publishedAt: Date } }) | undefined> {
  const found = await publishedTransparency(store, { slug });
  if (!found) return undefined;
  return {
    organisation: found.organisation,
    entries: found.entries,
    version: { number: found.version, publishedAt: found.publishedAt },
  };
}

export interface TransparencyPageOptions {
  store: { db: Executor };
}

export async function transparencyPageRoutes(
  app: FastifyInstance,
  options: TransparencyPageOptions,
): Promise<void> {
  // No process cache: a publication must show at once on every process, and a read is one primary-key look-up
  // of a small table; shared caches carry a surge for a minute (cache-control).
  for (const language of LANGUAGES) {
    app.get<{ Params: { slug: string } }>(
      localPath(transparencyPath(":slug"), language),
      { schema: { hide: true } },
      async (request, reply) => {
        const slug = request.params.slug.toLowerCase();
        const view = await publishedView(options.store, slug);
        if (!view) return reply.callNotFound();
        const title = fill(t(TEXT.title, language), { org: view.organisation.name });
        return reply
          .header("cache-control", "public, max-age=60")
          .type("text/html; charset=utf-8")
          .send(
            page({
              language,
              path: transparencyPath(view.organisation.slug),
              title,
              description: fill(t(TEXT.description, language), { org: view.organisation.name }),
              body: transparencyBody(view, language),
            }),
          );
      },
    );
  }
}
