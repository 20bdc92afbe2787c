/** The page shell every server-rendered page shares: skip link, header, language switch, footer. */
import { html, type SafeHtml } from "./html.ts";
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
}

const SITE: BilingualText = { nl: "Lekwijzer", en: "Lekwijzer" };
const SKIP: BilingualText = { nl: "Ga direct naar de inhoud", en: "Skip to main content" };
const TAGLINE: BilingualText = { nl: "Hulp na een datalek", en: "Help after a data breach" };
const SWITCH: BilingualText = { nl: "English", en: "Nederlands" };
const NAV_LABEL: BilingualText = { nl: "Hoofdmenu", en: "Main menu" };

const NAV: readonly { path: string; label: BilingualText }[] = [
  { path: "/wat-kunt-u-doen", label: { nl: "Wat kunt u doen?", en: "What can you do?" } },
  { path: "/hulp", label: { nl: "Hulp en contact", en: "Help and contact" } },
  { path: "/handelingskader", label: { nl: "Voor organisaties", en: "For organisations" } },
];

const FOOTER_LINKS: readonly { href: string; label: BilingualText; local?: true }[] = [
  { href: "/echt", label: { nl: "Is dit bericht echt?", en: "Is this message genuine?" }, local: true },
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
  return `<!doctype html>${html`<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} — ${t(SITE, language)}</title>
<link rel="stylesheet" href="/assets/utrecht.css">
<link rel="stylesheet" href="/assets/lekwijzer-theme.css">
${options.themeStylesheet ? html`<link rel="stylesheet" href="${options.themeStylesheet}">` : ""}
${alternate ? html`<link rel="alternate" hreflang="${other}" href="${localPath(options.path, other)}">` : ""}
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
