/**
 * The page shell every server-rendered page shares: skip link, header, language switch, footer — and what
 * makes a page findable: its title and description, the canonical address, `hreflang` alternates between
 * Dutch and English (Dutch as x-default), and structured data (JSON-LD) where a page has it.
 */
import { html, raw, type SafeHtml } from "./html.ts";
import { type BilingualText, type Language, localPath, t } from "./i18n.ts";

export interface PageOptions {
  language: Language;
  /** The Dutch (unprefixed) path of this page, for the language switch. */
  path: string;
  title: BilingualText | string;
  body: SafeHtml;
  /** Extra stylesheet for an organisation's theme. */
  themeStylesheet?: string;
  /** Set false for pages that are not the same in the other language. */
  alternate?: boolean;
  /** The search-result snippet; pages without one get their path's entry in DESCRIPTIONS, else the site's. */
  description?: BilingualText | string;
  /** schema.org data about the page (JSON-LD); it must hold only what the page itself shows. */
  structuredData?: Record<string, unknown>;
}

/**
 * The public address pages name themselves by (canonical, alternates): absolute, as search engines want. The
 * server sets it once at start (`setSiteOrigin`); without it the addresses are root-relative.
 */
let siteOrigin = "";

export function setSiteOrigin(publicUrl: string): void {
  siteOrigin = publicUrl.replace(/\/+$/, "");
}

/** The absolute address of a path, for sitemaps and structured data. */
export function absoluteUrl(path: string): string {
  return `${siteOrigin}${path}`;
}

const DESCRIPTION: BilingualText = {
  nl: "Lekwijzer helpt mensen na een groot datalek. Lees wat een datalek voor u betekent en wat u zelf kunt doen.",
  en: "Lekwijzer helps people after a large data breach. Read what a breach means for you and what you can do.",
};

/** Descriptions of the fixed pages, by their Dutch path, so each has its own snippet. */
const DESCRIPTIONS: Readonly<Record<string, BilingualText>> = {
  "/wat-kunt-u-doen": {
    nl: "Kies welke gegevens van u gelekt zijn en krijg een lijst met stappen. De belangrijkste stappen staan bovenaan.",
    en: "Choose which information about you was leaked and get a list of steps, the most important first.",
  },
  "/hulp": {
    nl: "Organisaties die u helpen na een datalek, met hun telefoonnummers en websites.",
    en: "Organisations that help you after a data breach, with their phone numbers and websites.",
  },
  "/echt": {
    nl: "Kreeg u een bericht over een datalek? Controleer met de code uit het bericht of het echt is.",
    en: "Did you get a message about a data breach? Check with the code in the message whether it is genuine.",
  },
  "/handelingskader": {
    nl: "Wat een organisatie met een groot datalek slachtoffers moet vertellen, met voorbeeldteksten.",
    en: "What an organisation with a large data breach must tell victims, with example texts.",
  },
};

/** JSON for a script element: `<` escaped, so no text in it can close the element. */
function jsonLd(data: Record<string, unknown>): SafeHtml {
  const json = JSON.stringify(data).replace(/</g, "\\u003c");
  return raw(`<script type="application/ld+json">${json}</script>`);
}

const SITE: BilingualText = { nl: "Lekwijzer", en: "Lekwijzer" };
const SKIP: BilingualText = { nl: "Ga direct naar de inhoud", en: "Skip to main content" };
const TAGLINE: BilingualText = { nl: "Hulp na een datalek", en: "Help after a data breach" };
const SWITCH: BilingualText = { nl: "English", en: "Nederlands" };
const NAV_LABEL: BilingualText = { nl: "Hoofdmenu", en: "Main menu" };

const NAV: readonly { path: string; label: BilingualText }[] = [
  // First: people with a letter or e-mail look for where to type their personal code.
  { path: "/mijn-plan", label: { nl: "Mijn plan", en: "My plan" } },
  { path: "/wat-kunt-u-doen", label: { nl: "Wat kunt u doen?", en: "What can you do?" } },
  { path: "/hulp", label: { nl: "Hulp en contact", en: "Help and contact" } },
  { path: "/handelingskader", label: { nl: "Voor organisaties", en: "For organisations" } },
];

const FOOTER_LINKS: readonly { href: string; label: BilingualText; local?: true }[] = [
  { href: "/echt", label: { nl: "Is dit bericht echt?", en: "Is this message genuine?" }, local: true },
  { href: "/toegankelijkheid", label: { nl: "Toegankelijkheid", en: "Accessibility" }, local: true },
  { href: "/api/v1/framework", label: { nl: "Open data (JSON)", en: "Open data (JSON)" } },
  {
    href: "/api/v1/openapi.json",
    label: { nl: "API-beschrijving (OpenAPI)", en: "API description (OpenAPI)" },
  },
];

export function page(options: PageOptions): string {
  const { language } = options;
  const other: Language = language === "nl" ? "en" : "nl";
  const title = typeof options.title === "string" ? options.title : t(options.title, language);
  const alternate = options.alternate !== false;
  const description =
    typeof options.description === "string"
      ? options.description
      : t(options.description ?? DESCRIPTIONS[options.path] ?? DESCRIPTION, language);
  const self = absoluteUrl(localPath(options.path, language));
  return `<!doctype html>${html`<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} — ${t(SITE, language)}</title>
<meta name="description" content="${description}">
<link rel="canonical" href="${self}">
${
  alternate
    ? html`<link rel="alternate" hreflang="${language}" href="${self}">
<link rel="alternate" hreflang="${other}" href="${absoluteUrl(localPath(options.path, other))}">
<link rel="alternate" hreflang="x-default" href="${absoluteUrl(options.path)}">`
    : ""
}
<link rel="stylesheet" href="/assets/utrecht.css">
<link rel="stylesheet" href="/assets/lekwijzer-theme.css">
${options.themeStylesheet ? html`<link rel="stylesheet" href="${options.themeStylesheet}">` : ""}
${options.structuredData ? jsonLd(options.structuredData) : ""}
</head>
<body class="utrecht-document utrecht-page-body lekwijzer-theme">
<a class="utrecht-skip-link utrecht-skip-link--visible-on-focus" href="#inhoud">${t(SKIP, language)}</a>
<header class="utrecht-page-header">
  <div class="lw-container lw-header-bar">
    <a class="lw-site-name" href="${localPath("/", language)}">${t(SITE, language)}<span class="lw-visually-hidden">: </span></a>
    <span>${t(TAGLINE, language)}</span>
    ${alternate ? html`<a class="lw-header-link" href="${localPath(options.path, other)}" hreflang="${other}" lang="${other}">${t(SWITCH, language)}</a>` : ""}
  </div>
  <nav class="lw-container" aria-label="${t(NAV_LABEL, language)}">
    <ul class="lw-nav">
      ${NAV.map((item) => html`<li><a class="lw-header-link" href="${localPath(item.path, language)}">${t(item.label, language)}</a></li>`)}
    </ul>
  </nav>
</header>
<main id="inhoud" class="utrecht-page-content lw-container" tabindex="-1">
${options.body}
</main>
<footer class="utrecht-page-footer">
  <div class="lw-container">
    <ul class="lw-nav">
      ${FOOTER_LINKS.map((item) => html`<li><a class="utrecht-link" href="${item.local ? localPath(item.href, language) : item.href}">${t(item.label, language)}</a></li>`)}
    </ul>
  </div>
</footer>
</body>
</html>`}`;
}
