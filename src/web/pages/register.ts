/**
 * The public register of large breaches: `/datalekken` (English `/en/datalekken`), the same entries as open
 * data in `/datalekken.json` and as an Atom feed in `/datalekken.atom` (`/en/datalekken.atom`). Only breaches
 * their organisation listed, each with a published page (operations/breach-register.ts); nothing about any
 * person. Everyone reads the same entries, so they are read from the database at most once a second per process.
 */
import type { FastifyInstance } from "fastify";
import { formatDate } from "../../core/index.ts";
import { publicRegister, type RegisterEntry } from "../../operations/index.ts";
import type { Executor } from "../../store/index.ts";
import { escapeHtml, html, type SafeHtml } from "../html.ts";
import { LANGUAGES, type Language, localPath, t } from "../i18n.ts";
import { absoluteUrl, page } from "../layout.ts";
import { createMicroCache } from "../micro-cache.ts";

export const REGISTER_PATH = "/datalekken";
// As for breach pages: a listing changed anywhere shows within a second, and a surge costs one read a second.
const CACHE_MS = 1_000;

const TEXT = {
  title: { nl: "Register van grote datalekken", en: "Register of large data breaches" },
  lead: {
    nl: "Hier staan grote datalekken van organisaties die Lekwijzer gebruiken. De organisatie kiest zelf of een datalek hier staat. Bij elk datalek ziet u welke soorten gegevens zijn gelekt. Op de pagina van het datalek leest u wat u kunt doen.",
    en: "This page lists large data breaches at organisations that use Lekwijzer. Each organisation chooses whether its breach is listed here. For each breach you see which kinds of data leaked. The breach's own page tells you what you can do.",
  },
  empty: { nl: "Er staan nog geen datalekken in het register.", en: "No data breaches are listed yet." },
  aware: { nl: "Ontdekt op", en: "Discovered on" },
  listed: { nl: "In het register sinds", en: "Listed since" },
  leaked: { nl: "Gelekte gegevens", en: "Data that leaked" },
  people: { nl: "Aantal mensen", en: "Number of people" },
  unknown: { nl: "nog niet bekend", en: "not known yet" },
  open: { nl: "Open data", en: "Open data" },
  openText: {
    nl: "Dit register is ook open data. Gebruik het JSON-bestand of volg nieuwe datalekken met een feedlezer (Atom).",
    en: "This register is also open data. Use the JSON file, or follow new breaches in a feed reader (Atom).",
  },
  json: { nl: "Register als JSON", en: "Register as JSON" },
  atom: { nl: "Atom-feed van het register", en: "Atom feed of the register" },
} as const;

const DAY = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Amsterdam" });

/** The calendar day in the Netherlands, as people there would name it. */
export function day(date: Date, language: Language): string {
  return formatDate(DAY.format(date), language);
}

function count(n: number, language: Language): string {
  return new Intl.NumberFormat(language === "nl" ? "nl-NL" : "en-GB").format(n);
}

function entryHtml(entry: RegisterEntry, index: number, language: Language): SafeHtml {
  const id = `datalek-${index + 1}`;
  const leaked = entry.categories.map((c) => t(c.label, language).toLowerCase()).join(", ");
  return html`<section class="lw-card" aria-labelledby="${id}">
<h2 class="utrecht-heading-3" id="${id}"><a class="utrecht-link" href="${entry.paths[language]}">${t(entry.title, language)}</a></h2>
<dl class="lw-facts">
<dt>${t(TEXT.aware, language)}</dt><dd>${day(entry.awareAt, language)}</dd>
<dt>${t(TEXT.leaked, language)}</dt><dd>${leaked || t(TEXT.unknown, language)}</dd>
<dt>${t(TEXT.people, language)}</dt><dd>${entry.affected ? count(entry.affected, language) : t(TEXT.unknown, language)}</dd>
<dt>${t(TEXT.listed, language)}</dt><dd>${day(entry.listedAt, language)}</dd>
</dl>
</section>`;
}

function registerBody(entries: RegisterEntry[], language: Language): SafeHtml {
  return html`<div class="lw-prose">
<h1 class="utrecht-heading-1">${t(TEXT.title, language)}</h1>
<p class="utrecht-paragraph utrecht-paragraph--lead">${t(TEXT.lead, language)}</p>
</div>
${
  entries.length === 0
    ? html`<p class="utrecht-paragraph">${t(TEXT.empty, language)}</p>`
    : html`<div class="lw-cards">${entries.map((e, i) => entryHtml(e, i, language))}</div>`
}
<div class="lw-prose">
<h2 class="utrecht-heading-2">${t(TEXT.open, language)}</h2>
<p class="utrecht-paragraph">${t(TEXT.openText, language)}</p>
<ul class="utrecht-unordered-list">
<li><a class="utrecht-link" href="${REGISTER_PATH}.json" type="application/json">${t(TEXT.json, language)}</a></li>
<li><a class="utrecht-link" href="${localPath(REGISTER_PATH, language)}.atom" type="application/atom+xml">${t(TEXT.atom, language)}</a></li>
</ul>
</div>`;
}

/** The open-data form: both languages in one file, absolute addresses, ISO times. */
export function registerJson(entries: RegisterEntry[], generatedAt: Date): string {
  return JSON.stringify({
    title: TEXT.title,
    description: TEXT.lead,
    generatedAt: generatedAt.toISOString(),
    entries: entries.map((e) => ({
      organisation: e.organisation,
      title: e.title,
      awareAt: e.awareAt.toISOString(),
      listedAt: e.listedAt.toISOString(),
      updatedAt: e.updatedAt.toISOString(),
      categories: e.categories,
      affected: e.affected,
      page: { nl: absoluteUrl(e.paths.nl), en: absoluteUrl(e.paths.en) },
    })),
  });
}

export function registerAtom(entries: RegisterEntry[], language: Language, now: Date): string {
  const x = escapeHtml;
  const updated = entries.length > 0 ? new Date(Math.max(...entries.map((e) => e.updatedAt.getTime()))) : now;
  const self = absoluteUrl(`${localPath(REGISTER_PATH, language)}.atom`);
  const items = entries.map((e) => {
    const leaked = e.categories.map((c) => t(c.label, language).toLowerCase()).join(", ");
    const summary = [
      `${t(TEXT.aware, language)}: ${day(e.awareAt, language)}.`,
      leaked ? `${t(TEXT.leaked, language)}: ${leaked}.` : "",
      e.affected ? `${t(TEXT.people, language)}: ${count(e.affected, language)}.` : "",
    ]
      .filter(Boolean)
      .join(" ");
    return `<entry>
<title>${x(t(e.title, language))}</title>
<id>${e.feedId}</id>
<link rel="alternate" type="text/html" href="${x(absoluteUrl(e.paths[language]))}"/>
<published>${e.listedAt.toISOString()}</published>
<updated>${e.updatedAt.toISOString()}</updated>
<author><name>${x(e.organisation)}</name></author>
<summary type="text">${x(summary)}</summary>
</entry>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${language}">
<title>${x(t(TEXT.title, language))}</title>
<subtitle>${x(t(TEXT.lead, language))}</subtitle>
<id>${x(absoluteUrl(localPath(REGISTER_PATH, language)))}</id>
<link rel="self" type="application/atom+xml" href="${x(self)}"/>
<link rel="alternate" type="text/html" href="${x(absoluteUrl(localPath(REGISTER_PATH, language)))}"/>
<updated>${updated.toISOString()}</updated>
<author><name>Lekwijzer</name></author>
${items.join("\n")}
</feed>
`;
}

export interface RegisterOptions {
  store: { db: Executor };
}

export async function registerRoutes(app: FastifyInstance, options: RegisterOptions): Promise<void> {
  const cache = createMicroCache<RegisterEntry[]>(CACHE_MS, 1);
  const entries = () => cache.get("register", () => publicRegister(options.store));
  for (const language of LANGUAGES) {
    app.get(localPath(REGISTER_PATH, language), { schema: { hide: true } }, async (_request, reply) =>
      reply
        .header("cache-control", "public, max-age=60")
        .type("text/html; charset=utf-8")
        .send(
          page({
            language,
            path: REGISTER_PATH,
            title: TEXT.title,
            description: TEXT.lead,
            body: registerBody(await entries(), language),
          }),
        ),
    );
    app.get(
      `${localPath(REGISTER_PATH, language)}.atom`,
      { schema: { hide: true } },
      async (_request, reply) =>
        reply
          .header("cache-control", "public, max-age=300")
          .header("access-control-allow-origin", "*")
          .type("application/atom+xml; charset=utf-8")
          .send(registerAtom(await entries(), language, new Date())),
    );
  }
  app.get(`${REGISTER_PATH}.json`, { schema: { hide: true } }, async (_request, reply) =>
    reply
      .header("cache-control", "public, max-age=300")
      .header("access-control-allow-origin", "*")
      .type("application/json; charset=utf-8")
      .send(registerJson(await entries(), new Date())),
  );
}
