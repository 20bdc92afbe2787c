/**
 * The outbox pages of embedded mode: what the built-in SMTP server captured, so someone trying Lekwijzer
 * on their own machine can read the messages victims would get. The messages carry personal codes and
 * staff log-in does not exist yet, so the pages answer only clients on this machine (the socket's address,
 * never X-Forwarded-For) and 404 to anyone else, as if they did not exist.
 */
import type { FastifyInstance, FastifyReply } from "fastify";
import { simpleParser } from "mailparser";
import { html, raw, type SafeHtml } from "../html.ts";
import { type BilingualText, LANGUAGES, type Language, localPath, t } from "../i18n.ts";
import { page } from "../layout.ts";
import { isLoopback } from "../loopback.ts";

export interface OutboxEntry {
  id: number | string;
  receivedAt: Date;
  /** Envelope sender; "" for a bounce. */
  mailFrom: string;
  rcptTo: string[];
  messageId: string | null;
  subject: string | null;
  size: number;
}

/** Where the pages read captured messages (the store's `outboxMessages`, bound to a database). */
export interface OutboxReader {
  /** Newest first. */
  list(query: { limit: number; offset: number }): Promise<{ total: number; items: OutboxEntry[] }>;
  get(id: string): Promise<(OutboxEntry & { raw: Buffer }) | undefined>;
}

export interface OutboxAreaOptions {
  outbox: OutboxReader;
}

const PAGE_SIZE = 50;

const TEXT = {
  title: { nl: "Verstuurde berichten (outbox)", en: "Sent messages (outbox)" },
  intro: {
    nl: "Dit zijn de e-mails die Lekwijzer op deze computer heeft verstuurd. Ze gingen niet echt naar buiten: de ingebouwde mailserver heeft ze opgevangen. Alleen u ziet deze pagina, op deze computer.",
    en: "These are the e-mails Lekwijzer sent on this computer. They did not really go out: the built-in mail server caught them. Only you see this page, on this computer.",
  },
  empty: { nl: "Er zijn nog geen berichten verstuurd.", en: "No messages have been sent yet." },
  count: { nl: "berichten", en: "messages" },
  caption: { nl: "Verstuurde berichten, nieuwste eerst", en: "Sent messages, newest first" },
  time: { nl: "Tijd", en: "Time" },
  to: { nl: "Aan", en: "To" },
  subject: { nl: "Onderwerp", en: "Subject" },
  size: { nl: "Grootte", en: "Size" },
  noSubject: { nl: "(geen onderwerp)", en: "(no subject)" },
  pages: { nl: "Pagina's", en: "Pages" },
  previous: { nl: "Nieuwere berichten", en: "Newer messages" },
  next: { nl: "Oudere berichten", en: "Older messages" },
  pageOf: { nl: "Pagina {n} van {total}", en: "Page {n} of {total}" },
  back: { nl: "Terug naar alle berichten", en: "Back to all messages" },
  headers: { nl: "Gegevens van het bericht", en: "Message details" },
  from: { nl: "Van", en: "From" },
  date: { nl: "Datum", en: "Date" },
  envelopeFrom: { nl: "Afzender (envelop)", en: "Sender (envelope)" },
  envelopeTo: { nl: "Ontvangers (envelop)", en: "Recipients (envelope)" },
  received: { nl: "Ontvangen", en: "Received" },
  messageId: { nl: "Message-ID", en: "Message-ID" },
  bounceSender: { nl: "(leeg: een bounce)", en: "(empty: a bounce)" },
  text: { nl: "Tekst van het bericht", en: "Text of the message" },
  noText: { nl: "Dit bericht heeft geen tekstdeel.", en: "This message has no text part." },
  htmlSource: { nl: "HTML-versie (broncode)", en: "HTML version (source code)" },
  attachments: { nl: "Bijlagen", en: "Attachments" },
  download: { nl: "Download het hele bericht (.eml)", en: "Download the whole message (.eml)" },
} satisfies Record<string, BilingualText>;

const TIME_FORMATS: Record<Language, Intl.DateTimeFormat> = {
  nl: new Intl.DateTimeFormat("nl-NL", {
    dateStyle: "medium",
    timeStyle: "medium",
    timeZone: "Europe/Amsterdam",
  }),
  en: new Intl.DateTimeFormat("en-GB", {
    dateStyle: "medium",
    timeStyle: "medium",
    timeZone: "Europe/Amsterdam",
  }),
};

function time(date: Date, language: Language): SafeHtml {
  return html`<time datetime="${date.toISOString()}">${TIME_FORMATS[language].format(date)}</time>`;
}

/** "812 byte", "12,3 kB", "1,2 MB". */
export function formatSize(bytes: number, language: Language): string {
  const locale = language === "nl" ? "nl-NL" : "en-GB";
  const [value, unit] =
    bytes < 1024
      ? [bytes, "byte"]
      : bytes < 1024 * 1024
        ? [bytes / 1024, "kilobyte"]
        : [bytes / (1024 * 1024), "megabyte"];
  return new Intl.NumberFormat(locale, { style: "unit", unit, maximumFractionDigits: 1 }).format(value);
}

function listPath(pageNumber: number, language: Language): string {
  const base = localPath("/outbox", language);
  return pageNumber > 1 ? `${base}?${language === "nl" ? "pagina" : "page"}=${pageNumber}` : base;
}

function entryRow(entry: OutboxEntry, language: Language): SafeHtml {
  const href = localPath(`/outbox/${entry.id}`, language);
  return html`<tr class="utrecht-table__row">
<td class="utrecht-table__cell">${time(entry.receivedAt, language)}</td>
<td class="utrecht-table__cell">${entry.rcptTo.join(", ")}</td>
<td class="utrecht-table__cell"><a class="utrecht-link" href="${href}">${entry.subject || t(TEXT.noSubject, language)}</a></td>
<td class="utrecht-table__cell utrecht-table__cell--numeric">${formatSize(entry.size, language)}</td>
</tr>`;
}

function listBody(
  result: { total: number; items: OutboxEntry[] },
  pageNumber: number,
  language: Language,
): SafeHtml {
  const pageCount = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
  const table = html`<div class="utrecht-table-container lw-outbox-table" role="region" aria-labelledby="outbox-caption" tabindex="0">
<table class="utrecht-table">
<caption class="utrecht-table__caption" id="outbox-caption">${t(TEXT.caption, language)}</caption>
<thead class="utrecht-table__header"><tr class="utrecht-table__row">
<th class="utrecht-table__header-cell" scope="col">${t(TEXT.time, language)}</th>
<th class="utrecht-table__header-cell" scope="col">${t(TEXT.to, language)}</th>
<th class="utrecht-table__header-cell" scope="col">${t(TEXT.subject, language)}</th>
<th class="utrecht-table__header-cell utrecht-table__header-cell--numeric" scope="col">${t(TEXT.size, language)}</th>
</tr></thead>
<tbody class="utrecht-table__body">
${result.items.map((entry) => entryRow(entry, language))}
</tbody>
</table>
</div>`;
  const pager =
    pageCount > 1
      ? html`<nav aria-label="${t(TEXT.pages, language)}">
<p class="utrecht-paragraph">${t(TEXT.pageOf, language).replace("{n}", String(pageNumber)).replace("{total}", String(pageCount))}</p>
<ul class="lw-nav">
${pageNumber > 1 ? html`<li><a class="utrecht-link" rel="prev" href="${listPath(pageNumber - 1, language)}">${t(TEXT.previous, language)}</a></li>` : ""}
${pageNumber < pageCount ? html`<li><a class="utrecht-link" rel="next" href="${listPath(pageNumber + 1, language)}">${t(TEXT.next, language)}</a></li>` : ""}
</ul>
</nav>`
      : "";
  return html`<h1 class="utrecht-heading-1">${t(TEXT.title, language)}</h1>
<p class="utrecht-paragraph">${t(TEXT.intro, language)}</p>
${
  result.total === 0
    ? html`<p class="utrecht-paragraph">${t(TEXT.empty, language)}</p>`
    : html`<p class="utrecht-paragraph">${result.total.toLocaleString(language === "nl" ? "nl-NL" : "en-GB")} ${t(TEXT.count, language)}</p>
${table}
${pager}`
}`;
}

interface ParsedAddresses {
  value: { name?: string; address?: string; group?: { name?: string; address?: string }[] }[];
}

/** `Name <address>, …` without the quotes mailparser's text form adds. */
function addressList(value: ParsedAddresses | ParsedAddresses[] | undefined): string {
  if (!value) return "";
  const all = (Array.isArray(value) ? value : [value]).flatMap((v) => v.value.flatMap((a) => a.group ?? [a]));
  return all.map((a) => (a.name ? `${a.name} <${a.address ?? ""}>` : (a.address ?? ""))).join(", ");
}

async function detailBody(entry: OutboxEntry & { raw: Buffer }, language: Language): Promise<SafeHtml> {
  const mail = await simpleParser(entry.raw, {
    skipTextToHtml: true,
    skipHtmlToText: true,
    skipImageLinks: true,
  });
  const row = (label: BilingualText, value: SafeHtml | string) =>
    html`<dt>${t(label, language)}</dt><dd>${value}</dd>`;
  const subject = mail.subject || t(TEXT.noSubject, language);
  return html`<p class="utrecht-paragraph"><a class="utrecht-link" href="${localPath("/outbox", language)}">${t(TEXT.back, language)}</a></p>
<h1 class="utrecht-heading-1">${subject}</h1>
<h2 class="utrecht-heading-2">${t(TEXT.headers, language)}</h2>
<dl class="lw-outbox-fields">
${row(TEXT.from, addressList(mail.from))}
${row(TEXT.to, addressList(mail.to))}
${mail.date ? row(TEXT.date, time(mail.date, language)) : ""}
${row(TEXT.received, time(entry.receivedAt, language))}
${row(TEXT.envelopeFrom, entry.mailFrom || t(TEXT.bounceSender, language))}
${row(TEXT.envelopeTo, entry.rcptTo.join(", "))}
${row(TEXT.size, formatSize(entry.size, language))}
${entry.messageId ? row(TEXT.messageId, html`<code>${entry.messageId}</code>`) : ""}
</dl>
<p class="utrecht-paragraph"><a class="utrecht-link" href="/outbox/${entry.id}.eml" download>${t(TEXT.download, language)}</a></p>
<h2 class="utrecht-heading-2">${t(TEXT.text, language)}</h2>
${mail.text ? source(mail.text) : html`<p class="utrecht-paragraph">${t(TEXT.noText, language)}</p>`}
${
  typeof mail.html === "string"
    ? html`<details class="lw-more"><summary>${t(TEXT.htmlSource, language)}</summary>
${source(mail.html)}
</details>`
    : ""
}
${
  mail.attachments.length > 0
    ? html`<h2 class="utrecht-heading-2">${t(TEXT.attachments, language)}</h2>
<ul class="utrecht-unordered-list">
${mail.attachments.map((a) => html`<li class="utrecht-unordered-list__item">${a.filename ?? a.contentType} (${a.contentType}, ${formatSize(a.size, language)})</li>`)}
</ul>`
    : ""
}`;
}

/** Preformatted source: each line escaped on its own, since escaping drops control characters such as newlines. */
function source(text: string): SafeHtml {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  return html`<pre class="lw-source">${lines.map((line, i) => html`${i > 0 ? raw("\n") : ""}${line}`)}</pre>`;
}

function sendPage(reply: FastifyReply, language: Language, path: string, title: string, body: SafeHtml) {
  return reply
    .header("cache-control", "no-store")
    .header("x-robots-tag", "noindex")
    .type("text/html; charset=utf-8")
    .send(page({ language, path, title, body }));
}

/** `?pagina=2` (or `?page=2`) → 2; undefined when the value is not a page number. */
function pageNumberOf(query: Record<string, string | undefined>): number | undefined {
  const raw = query.pagina ?? query.page;
  if (raw === undefined) return 1;
  return /^[1-9]\d{0,6}$/.test(raw) ? Number(raw) : undefined;
}

export async function outboxArea(app: FastifyInstance, options: OutboxAreaOptions): Promise<void> {
  const { outbox } = options;
  app.addHook("onRequest", async (request, reply) => {
    if (!isLoopback(request)) return reply.callNotFound();
  });

  for (const language of LANGUAGES) {
    app.get<{ Querystring: Record<string, string | undefined> }>(
      localPath("/outbox", language),
      { schema: { hide: true } },
      async (request, reply) => {
        const pageNumber = pageNumberOf(request.query);
        if (pageNumber === undefined) return reply.callNotFound();
        const result = await outbox.list({ limit: PAGE_SIZE, offset: (pageNumber - 1) * PAGE_SIZE });
        if (pageNumber > 1 && result.items.length === 0) return reply.callNotFound();
        return sendPage(
          reply,
          language,
          "/outbox",
          t(TEXT.title, language),
          listBody(result, pageNumber, language),
        );
      },
    );

    app.get<{ Params: { id: string } }>(
      localPath("/outbox/:id", language),
      { schema: { hide: true } },
      async (request, reply) => {
        const { id } = request.params;
        const download = id.endsWith(".eml");
        const key = download ? id.slice(0, -4) : id;
        if (!/^\d{1,15}$/.test(key)) return reply.callNotFound();
        const entry = await outbox.get(key);
        if (!entry) return reply.callNotFound();
        if (download) {
          return reply
            .header("cache-control", "no-store")
            .header("content-disposition", `attachment; filename="outbox-${key}.eml"`)
            .type("message/rfc822")
            .send(entry.raw);
        }
        const body = await detailBody(entry, language);
        return sendPage(
          reply,
          language,
          `/outbox/${key}`,
          entry.subject || t(TEXT.noSubject, language),
          body,
        );
      },
    );
  }
}
