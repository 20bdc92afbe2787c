/**
 * The public page of one breach, at `/datalek/<slug>` (English at `/en/datalek/<slug>`): the short address an
 * organisation prints in its letters and says on the phone. It tells, in B1, what happened, which data leaked,
 * what can happen, what people can do, what the organisation did and will improve, compensation, how to reach
 * the organisation, questions people ask, who helps, and the organisation's updates with their dates.
 *
 * The page is rendered by `renderBreachPage` when it is published and whenever what it shows changes
 * (operations/breach-pages.ts), and served here as stored bytes with a strong ETag and public cache headers, so
 * a CDN can carry the surge after a breach. An unpublished or draft breach answers exactly like an unknown
 * address: the server's own 404. The organisation's colours and logo (checked for contrast: breach-theme.ts)
 * come in a stylesheet at `/datalek/<slug>/thema.css`, which the breach's other pages link too.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { adviceFor } from "../../assess/index.ts";
import { formatDate } from "../../core/index.ts";
import { CATEGORIES, type CategoryId, HELP_ORGANISATIONS, isCategoryId } from "../../framework/index.ts";
import {
  type BreachPageRenderer,
  type BreachPageView,
  openBreachPage,
  type PageVariant,
  type RenderedBreachPage,
} from "../../operations/index.ts";
import type { Executor, Keyring } from "../../store/index.ts";
import { phoneLink, withPhoneLinks } from "../format.ts";
import { html, type SafeHtml } from "../html.ts";
import { type BilingualText, LANGUAGES, type Language, localPath, t } from "../i18n.ts";
import { absoluteUrl, page } from "../layout.ts";
import { createMicroCache, type MicroCache } from "../micro-cache.ts";
import { checkTheme, themeStylesheet } from "./breach-theme.ts";
import { contactList } from "./help.ts";
import { transparencyPath } from "./transparency-text.ts";

/** The Dutch path of a breach's page; its sub-pages (`/getroffen`, `/verdacht-bericht`) live under it. */
export function breachPagePath(slug: string): string {
  return `/datalek/${slug}`;
}

/** The organisation's look for every page of this breach: link it as `themeStylesheet` in `page()`. */
export function breachThemePath(slug: string): string {
  return `${breachPagePath(slug)}/thema.css`;
}

/** Shared caches may keep a copy a minute and serve it a while longer while they fetch a fresh one. */
export const BREACH_PAGE_CACHE = "public, max-age=60, stale-while-revalidate=600";

const TEXT = {
  title: { nl: "Datalek bij {org}", en: "Data breach at {org}" },
  description: {
    nl: "Wat er gebeurde bij het datalek van {org}, welke gegevens gelekt zijn en wat u nu kunt doen.",
    en: "What happened in the data breach at {org}, which data leaked and what you can do now.",
  },
  updated: { nl: "Laatst bijgewerkt", en: "Last updated" },
  logo: { nl: "Logo van {org}", en: "Logo of {org}" },
  quick: { nl: "Snel naar", en: "Go straight to" },
  affected: { nl: "Ben ik getroffen?", en: "Am I affected?" },
  plan: { nl: "Mijn stappenplan (met de code uit uw brief)", en: "My plan (with the code from your letter)" },
  genuine: { nl: "Is een bericht echt?", en: "Is a message genuine?" },
  suspicious: { nl: "Meld een verdacht bericht", en: "Report a suspicious message" },
  happened: { nl: "Wat is er gebeurd?", en: "What happened?" },
  when: {
    nl: "Het datalek begon op {from}. {org} ontdekte het op {aware}.",
    en: "The breach started on {from}. {org} found out on {aware}.",
  },
  people: { nl: "Het gaat om ongeveer {count} mensen.", en: "It concerns about {count} people." },
  data: { nl: "Welke gegevens zijn gelekt?", en: "Which data leaked?" },
  dataLead: {
    nl: "Bij dit datalek lekten deze soorten gegevens. Niet van iedereen lekte alles. In uw brief of e-mail staat wat van u gelekt is.",
    en: "These kinds of data leaked in this breach. Not everything leaked for everyone. Your letter or e-mail says what leaked about you.",
  },
  risks: { nl: "Wat kan er gebeuren?", en: "What can happen?" },
  steps: { nl: "Wat kunt u doen?", en: "What can you do?" },
  stepsLead: {
    nl: "Dit zijn de stappen voor de gegevens van dit datalek. De belangrijkste staan bovenaan. Met de code uit uw brief ziet u alleen uw eigen stappen.",
    en: "These are the steps for the data in this breach, the most important first. With the code from your letter you see only your own steps.",
  },
  how: { nl: "Hoe doet u dat?", en: "How do you do that?" },
  later: { nl: "Let hier de komende maanden op", en: "Watch for this in the coming months" },
  organisation: { nl: "Wat doet {org}?", en: "What is {org} doing?" },
  did: { nl: "Dit heeft {org} gedaan: {text}.", en: "What {org} did: {text}." },
  improves: { nl: "Dit gaat {org} beter doen: {text}.", en: "What {org} will improve: {text}." },
  notYet: {
    nl: "{org} vertelt hier later meer over. Kijk bij het nieuws onderaan deze pagina.",
    en: "{org} will tell more about this later. See the news at the bottom of this page.",
  },
  compensation: { nl: "Schadevergoeding", en: "Compensation" },
  contact: { nl: "Contact met {org}", en: "Contact {org}" },
  call: { nl: "Bel", en: "Call" },
  hours: { nl: "Bereikbaar", en: "Open" },
  site: { nl: "Website", en: "Website" },
  mail: { nl: "E-mail", en: "E-mail" },
  register: {
    nl: "Welke persoonsgegevens gebruikt {org}, en hoe lang bewaart {org} ze?",
    en: "Which personal data does {org} use, and how long does {org} keep it?",
  },
  contactSafe: {
    nl: "Bel alleen dit nummer of een nummer dat u al kent. Gebruik geen nummer uit een bericht dat u niet vertrouwt.",
    en: "Only call this number or a number you already know. Do not use a number from a message you do not trust.",
  },
  news: { nl: "Nieuws over dit datalek", en: "News about this breach" },
  noNews: { nl: "Er is nog geen nieuws.", en: "There is no news yet." },
  published: { nl: "Deze pagina staat online sinds {date}.", en: "This page has been online since {date}." },
  faq: { nl: "Vragen en antwoorden", en: "Questions and answers" },
  help: { nl: "Wie helpt u?", en: "Who can help you?" },
} satisfies Record<string, BilingualText>;

const HAPPENED: Record<string, BilingualText> = {
  intrusion: {
    nl: "Iemand is zonder toestemming in de computers van {org} gekomen en kon gegevens zien of kopiëren.",
    en: "Someone got into the computers of {org} without permission and could see or copy data.",
  },
  insider: {
    nl: "Iemand binnen {org} heeft gegevens bekeken of meegenomen. Dat mocht niet.",
    en: "Someone inside {org} looked at or took data without being allowed to.",
  },
  device: {
    nl: "Een apparaat of papier met gegevens van {org} is kwijtgeraakt of gestolen.",
    en: "A device or papers with data of {org} got lost or were stolen.",
  },
  misdelivery: {
    nl: "{org} heeft gegevens naar de verkeerde persoon gestuurd.",
    en: "{org} sent data to the wrong person.",
  },
  published: {
    nl: "Gegevens van {org} stonden per ongeluk openbaar.",
    en: "Data of {org} was public by mistake.",
  },
  processor: {
    nl: "Het datalek gebeurde bij een bedrijf dat voor {org} werkt.",
    en: "The breach happened at a company that works for {org}.",
  },
  other: { nl: "Er is een datalek geweest bij {org}.", en: "There was a data breach at {org}." },
};

const CAUSE_KIND: Record<string, keyof typeof HAPPENED> = {
  hacking: "intrusion",
  ransomware: "intrusion",
  phishing: "intrusion",
  malware: "intrusion",
  "credential-stuffing": "intrusion",
  insider: "insider",
  "lost-device": "device",
  "stolen-device": "device",
  misdelivery: "misdelivery",
  "accidental-publication": "published",
  processor: "processor",
};

/** Questions people ask after a breach, answered in B1; each points to the page that does the work. */
const FAQ: readonly { q: BilingualText; a: BilingualText }[] = [
  {
    q: { nl: "Hoe weet ik of mijn gegevens gelekt zijn?", en: "How do I know if my data leaked?" },
    a: {
      nl: "{org} stuurt iedereen van wie gegevens gelekt zijn een brief, e-mail of sms. Kreeg u niets? Kijk dan bij 'Ben ik getroffen?'.",
      en: "{org} sends everyone whose data leaked a letter, e-mail or text message. Did you get nothing? Then see 'Am I affected?'.",
    },
  },
  {
    q: { nl: "Hoe weet ik of een bericht echt is?", en: "How do I know if a message is genuine?" },
    a: {
      nl: "In elk echt bericht staat een controlecode. Vul die in bij 'Is een bericht echt?'. Klik niet op links in een bericht dat u niet vertrouwt.",
      en: "Every genuine message has a verification code. Enter it at 'Is a message genuine?'. Do not click links in a message you do not trust.",
    },
  },
  {
    q: { nl: "Moet ik iets betalen?", en: "Do I have to pay anything?" },
    a: {
      nl: "Nee. {org} vraagt u nooit om geld, een wachtwoord of een code. Vraagt iemand dat toch? Dan is het oplichting.",
      en: "No. {org} never asks you for money, a password or a code. Does someone ask for it anyway? Then it is a scam.",
    },
  },
  {
    q: {
      nl: "Wat doe ik als iemand mijn gegevens misbruikt?",
      en: "What do I do if someone misuses my data?",
    },
    a: {
      nl: "Bel de Fraudehelpdesk. Doe ook aangifte bij de politie. Vertel dat uw gegevens in dit datalek zaten.",
      en: "Call the Fraudehelpdesk (the Dutch fraud help desk). Also report it to the police. Say that your data was in this breach.",
    },
  },
];

const fill = (text: string, values: Record<string, string>) =>
  text.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);

/** 6200000 → "6.200.000" (nl) or "6,200,000" (en), without depending on the Node build's locale data. */
function groupDigits(count: number, language: Language): string {
  return String(Math.round(count)).replace(/\B(?=(\d{3})+(?!\d))/g, language === "nl" ? "." : ",");
}

function day(date: Date | string, language: Language): string {
  return formatDate(typeof date === "string" ? date : date.toISOString(), language);
}

interface Ctx {
  view: BreachPageView;
  language: Language;
  org: string;
  slug: string;
  plan: ReturnType<typeof adviceFor>;
}

const say = (c: Ctx, text: BilingualText, values: Record<string, string> = {}) =>
  fill(t(text, c.language), { org: c.org, ...values });

function quickLinks(c: Ctx): SafeHtml {
  const links: [string, BilingualText][] = [
    [`${breachPagePath(c.slug)}/getroffen`, TEXT.affected],
    ["/mijn-plan", TEXT.plan],
    ["/echt", TEXT.genuine],
    [`${breachPagePath(c.slug)}/verdacht-bericht`, TEXT.suspicious],
  ];
  return html`<nav class="lw-card lw-quick-links" aria-labelledby="snel-naar">
<h2 class="utrecht-heading-3" id="snel-naar">${t(TEXT.quick, c.language)}</h2>
<ul class="utrecht-unordered-list">${links.map(
    ([path, label]) =>
      html`<li><a class="utrecht-link" href="${localPath(path, c.language)}">${t(label, c.language)}</a></li>`,
  )}</ul>
</nav>`;
}

function happened(c: Ctx): SafeHtml {
  const facts = c.view.breach.facts as {
    cause?: string;
    occurredFrom?: string;
    subjects?: { count?: number };
  };
  const own = c.view.texts.whatHappened;
  const general = HAPPENED[CAUSE_KIND[facts.cause ?? ""] ?? "other"] ?? HAPPENED.other;
  const opening = own ? t(own, c.language) : say(c, general as BilingualText);
  const from = facts.occurredFrom ?? c.view.breach.awareAt.toISOString();
  const count = facts.subjects?.count;
  return html`<h2 class="utrecht-heading-2" id="wat-is-er-gebeurd">${t(TEXT.happened, c.language)}</h2>
<p class="utrecht-paragraph">${opening}</p>
<p class="utrecht-paragraph">${say(c, TEXT.when, { from: day(from, c.language), aware: day(c.view.breach.awareAt, c.language) })}</p>
${count ? html`<p class="utrecht-paragraph">${say(c, TEXT.people, { count: groupDigits(count, c.language) })}</p>` : ""}`;
}

function leakedData(c: Ctx): SafeHtml {
  const labels = CATEGORIES.filter((category) => c.view.categories.includes(category.id)).map((category) =>
    t(category.label, c.language),
  );
  return html`<h2 class="utrecht-heading-2" id="gegevens">${t(TEXT.data, c.language)}</h2>
<p class="utrecht-paragraph">${t(TEXT.dataLead, c.language)}</p>
<ul class="utrecht-unordered-list">${labels.map((label) => html`<li>${label}</li>`)}</ul>
<h2 class="utrecht-heading-2" id="gevolgen">${t(TEXT.risks, c.language)}</h2>
<ul class="utrecht-unordered-list">${c.plan.risks.map((risk) => html`<li><strong>${risk.label}.</strong> ${risk.text}</li>`)}</ul>`;
}

function steps(c: Ctx): SafeHtml {
  const urgent = c.plan.steps.filter((step) => step.priority !== "watch");
  const watch = c.plan.steps.filter((step) => step.priority === "watch");
  return html`<h2 class="utrecht-heading-2" id="wat-kunt-u-doen">${t(TEXT.steps, c.language)}</h2>
<p class="utrecht-paragraph">${t(TEXT.stepsLead, c.language)}</p>
<ol class="utrecht-ordered-list lw-steps">${urgent.map(
    (step) => html`<li>
<p class="utrecht-paragraph"><strong>${step.title}</strong></p>
<p class="utrecht-paragraph lw-step-why">${withPhoneLinks(step.why)}</p>
<details class="lw-details"><summary>${t(TEXT.how, c.language)}</summary>
<ul class="utrecht-unordered-list">${step.how.map((line) => html`<li>${withPhoneLinks(line)}</li>`)}</ul>
</details>
</li>`,
  )}</ol>
${
  watch.length > 0
    ? html`<h3 class="utrecht-heading-3">${t(TEXT.later, c.language)}</h3>
<ul class="utrecht-unordered-list">${watch.map((step) => html`<li>${step.title}</li>`)}</ul>`
    : ""
}`;
}

/** Texts of the organisation are clauses ("we blocked the access"): the sentence around them is ours. */
function organisationPart(c: Ctx): SafeHtml {
  const { measuresTaken, improvements, compensation } = c.view.texts;
  const did = measuresTaken ? say(c, TEXT.did, { text: t(measuresTaken, c.language) }) : "";
  const improves = improvements ? say(c, TEXT.improves, { text: t(improvements, c.language) }) : "";
  return html`<h2 class="utrecht-heading-2" id="organisatie">${say(c, TEXT.organisation)}</h2>
${did ? html`<p class="utrecht-paragraph">${did}</p>` : ""}
${improves ? html`<p class="utrecht-paragraph">${improves}</p>` : ""}
${!did && !improves ? html`<p class="utrecht-paragraph">${say(c, TEXT.notYet)}</p>` : ""}
${
  compensation
    ? html`<h2 class="utrecht-heading-2" id="schadevergoeding">${t(TEXT.compensation, c.language)}</h2>
<p class="utrecht-paragraph">${t(compensation, c.language)}</p>`
    : ""
}`;
}

function contact(c: Ctx): SafeHtml {
  const { phone, hours, website, email } = c.view.contact;
  const site = website ? `https://${website.replace(/^https?:\/\//, "")}` : "";
  return html`<h2 class="utrecht-heading-2" id="contact">${say(c, TEXT.contact)}</h2>
<ul class="utrecht-unordered-list">
${phone ? html`<li>${t(TEXT.call, c.language)}: ${phoneLink(phone)}</li>` : ""}
${hours ? html`<li>${t(TEXT.hours, c.language)}: ${t(hours, c.language)}</li>` : ""}
${site ? html`<li>${t(TEXT.site, c.language)}: <a class="utrecht-link" href="${site}" rel="noopener">${website}</a></li>` : ""}
${email ? html`<li>${t(TEXT.mail, c.language)}: <a class="utrecht-link" href="mailto:${email}">${email}</a></li>` : ""}
</ul>
<p class="utrecht-paragraph">${t(TEXT.contactSafe, c.language)}</p>
${
  c.view.transparencySlug
    ? html`<p class="utrecht-paragraph"><a class="utrecht-link" href="${localPath(transparencyPath(c.view.transparencySlug), c.language)}">${say(c, TEXT.register)}</a></p>`
    : ""
}`;
}

/** An update's text in the page's language; Dutch, marked as such, when the organisation wrote no English. */
function updateText(value: BilingualText, language: Language): { text: string; lang: string | undefined } {
  if (language === "en" && value.en) return { text: value.en, lang: undefined };
  return { text: value.nl, lang: language === "nl" ? undefined : "nl" };
}

function timeline(c: Ctx): SafeHtml {
  const items = c.view.updates.map((update) => {
    const title = updateText(update.title, c.language);
    const body = updateText(update.body, c.language);
    return html`<li class="lw-timeline-item">
<h3 class="utrecht-heading-3"><time datetime="${update.publishedAt.toISOString()}">${day(update.publishedAt, c.language)}</time>: <span${title.lang ? html` lang="${title.lang}"` : ""}>${title.text}</span></h3>
<div${body.lang ? html` lang="${body.lang}"` : ""}>${body.text
      .split(/\n{2,}/)
      .map((paragraph) => html`<p class="utrecht-paragraph">${paragraph}</p>`)}</div>
</li>`;
  });
  return html`<h2 class="utrecht-heading-2" id="nieuws">${t(TEXT.news, c.language)}</h2>
${items.length > 0 ? html`<ol class="lw-timeline">${items}</ol>` : html`<p class="utrecht-paragraph">${t(TEXT.noNews, c.language)}</p>`}
<p class="utrecht-paragraph">${say(c, TEXT.published, { date: day(c.view.breach.publishedAt, c.language) })}</p>`;
}

function faqAndHelp(c: Ctx): SafeHtml {
  const helpIds = new Set(c.plan.steps.flatMap((step) => step.help));
  const helpers = HELP_ORGANISATIONS.filter((o) => helpIds.has(o.id) || o.id === "fraudehelpdesk");
  return html`<h2 class="utrecht-heading-2" id="vragen">${t(TEXT.faq, c.language)}</h2>
${FAQ.map((item) => html`<h3 class="utrecht-heading-3">${say(c, item.q)}</h3><p class="utrecht-paragraph">${say(c, item.a)}</p>`)}
<h2 class="utrecht-heading-2" id="hulp">${t(TEXT.help, c.language)}</h2>
${helpers.map(
  (o) => html`<h3 class="utrecht-heading-3">${t(o.name, c.language)}</h3>
<p class="utrecht-paragraph">${t(o.helpsWith, c.language)}</p>${contactList(o, c.language)}`,
)}`;
}

/** schema.org: a web page about a special announcement (the breach), with its questions and answers. */
function structuredData(c: Ctx, title: string, description: string): Record<string, unknown> {
  const url = absoluteUrl(localPath(breachPagePath(c.slug), c.language));
  return {
    "@context": "https://schema.org",
    "@type": ["WebPage", "FAQPage"],
    url,
    name: title,
    description,
    inLanguage: c.language,
    datePublished: c.view.breach.publishedAt.toISOString(),
    dateModified: c.view.lastChanged.toISOString(),
    publisher: { "@type": "Organization", name: c.org },
    mainEntity: FAQ.map((item) => ({
      "@type": "Question",
      name: say(c, item.q),
      acceptedAnswer: { "@type": "Answer", text: say(c, item.a) },
    })),
  };
}

const WARNINGS_TITLE: BilingualText = {
  nl: "Let op: deze nepberichten gaan rond",
  en: "Watch out: these fake messages are going round",
};

/** Warnings the organisation published about phishing that copies this breach: first, before anything else. */
function warningsPart(c: Ctx): SafeHtml | "" {
  if (c.view.warnings.length === 0) return "";
  const text = (value: BilingualText) => {
    const own = value[c.language];
    // A warning written in Dutch only is shown in Dutch on the English page, marked as Dutch.
    return own ? html`${own}` : html`<span lang="nl">${value.nl}</span>`;
  };
  return html`<section class="utrecht-alert utrecht-alert--warning" aria-labelledby="waarschuwingen"><div class="utrecht-alert__content"><div class="utrecht-alert__message">
<h2 class="utrecht-heading-2" id="waarschuwingen">${t(WARNINGS_TITLE, c.language)}</h2>
${c.view.warnings.map(
  (warning) =>
    html`<p class="utrecht-paragraph"><strong>${text(warning.title)}</strong> ${text(warning.body)} <time datetime="${warning.publishedAt.toISOString()}">(${day(warning.publishedAt, c.language)})</time></p>`,
)}
<p class="utrecht-paragraph"><a class="utrecht-link" href="${localPath(`${breachPagePath(c.slug)}/verdacht-bericht`, c.language)}">${t(REPORT_LINK, c.language)}</a></p>
</div></div></section>`;
}

const REPORT_LINK: BilingualText = {
  nl: "Kreeg u ook zo'n bericht? Meld het hier.",
  en: "Did you get such a message too? Report it here.",
};

function renderLanguage(view: BreachPageView, language: Language, logo: string | undefined): string {
  const categories = view.categories.filter(isCategoryId) as CategoryId[];
  const c: Ctx = {
    view,
    language,
    org: view.contact.name,
    slug: view.breach.pageSlug,
    plan: adviceFor({ categories, language }),
  };
  const title = say(c, TEXT.title);
  const description = say(c, TEXT.description);
  const updated = view.lastChanged;
  const body = html`<div class="lw-prose">
${logo ? html`<img class="lw-org-logo" src="${logo}" alt="${say(c, TEXT.logo)}">` : ""}
<h1 class="utrecht-heading-1">${title}</h1>
<p class="utrecht-paragraph lw-updated">${t(TEXT.updated, language)}: <time datetime="${updated.toISOString()}">${day(updated, language)}</time></p>
${warningsPart(c)}
${quickLinks(c)}
${happened(c)}
${leakedData(c)}
${steps(c)}
${organisationPart(c)}
${contact(c)}
${timeline(c)}
${faqAndHelp(c)}
</div>`;
  return page({
    language,
    path: breachPagePath(c.slug),
    title,
    description,
    body,
    themeStylesheet: breachThemePath(c.slug),
    structuredData: structuredData(c, title, description),
  });
}

/** The page in both languages and the organisation's stylesheet: the bytes operations store and we serve. */
export function renderBreachPage(view: BreachPageView): RenderedBreachPage {
  const theme = checkTheme(view.theme);
  return {
    nl: renderLanguage(view, "nl", theme.logo),
    en: renderLanguage(view, "en", theme.logo),
    "theme.css": themeStylesheet(theme),
  };
}

/** Stored bytes as they are served: encoded once, not per request. */
interface ServedPage {
  body: Buffer;
  etag: string;
  lastModified: string;
}

/**
 * How this process serves breach pages: a micro-cache in front of the stored bytes (each page read from the
 * database at most once per `ttlMs`, default 1 s), and the renderer operations call, which empties that cache
 * when this process renders a page, so a change made here shows at once (another process's within `ttlMs`).
 */
export interface BreachPageServing {
  render: BreachPageRenderer;
  cache: MicroCache<ServedPage | undefined>;
}

export function breachPageServing(ttlMs = 1_000): BreachPageServing {
  const cache = createMicroCache<ServedPage | undefined>(ttlMs);
  return {
    cache,
    render(view) {
      cache.clear();
      return renderBreachPage(view);
    },
  };
}

export interface BreachPageOptions {
  store: { db: Executor; keys: Keyring };
  serving?: BreachPageServing;
}

function matches(request: FastifyRequest, etag: string): boolean {
  const header = request.headers["if-none-match"];
  if (typeof header !== "string") return false;
  return header.trim() === "*" || header.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag);
}

export async function breachPageRoutes(app: FastifyInstance, options: BreachPageOptions): Promise<void> {
  const serving = options.serving ?? breachPageServing();
  const ctx = { ...options.store, breachPages: serving.render };
  const load = async (slug: string, variant: PageVariant): Promise<ServedPage | undefined> => {
    const stored = await openBreachPage(ctx, { slug, variant });
    if (!stored) return undefined;
    return {
      body: Buffer.from(stored.body),
      etag: stored.etag,
      lastModified: stored.renderedAt.toUTCString(),
    };
  };
  const serve = async (
    request: FastifyRequest<{ Params: { slug: string } }>,
    reply: FastifyReply,
    variant: PageVariant,
  ) => {
    const slug = request.params.slug;
    const stored = await serving.cache.get(`${variant}\u0000${slug}`, () => load(slug, variant));
    if (!stored) return reply.callNotFound();
    reply
      .header("etag", stored.etag)
      .header("cache-control", BREACH_PAGE_CACHE)
      .header("last-modified", stored.lastModified);
    if (matches(request, stored.etag)) return reply.code(304).send();
    return reply
      .type(variant === "theme.css" ? "text/css; charset=utf-8" : "text/html; charset=utf-8")
      .send(stored.body);
  };
  for (const language of LANGUAGES) {
    app.get<{ Params: { slug: string } }>(
      localPath("/datalek/:slug", language),
      { schema: { hide: true } },
      async (request, reply) => {
        // Typed from paper or heard on the phone: capitals do not matter (the same for every address).
        const lower = request.params.slug.toLowerCase();
        if (lower !== request.params.slug)
          return reply.redirect(localPath(breachPagePath(encodeURIComponent(lower)), language), 301);
        return serve(request, reply, language);
      },
    );
  }
  app.get<{ Params: { slug: string } }>(
    "/datalek/:slug/thema.css",
    { schema: { hide: true } },
    async (request, reply) => serve(request, reply, "theme.css"),
  );
}
