/**
 * What lets search engines find the portal and send people to the right page: `/sitemap.xml` (every public
 * page, every published breach page and every published transparency register, in both languages, with their
 * alternates and — for breach pages and registers — when they last changed) and `/robots.txt`, which points at it and keeps crawlers out of the API, the outbox and
 * the metrics. Only published breach pages are listed: a draft is never named anywhere.
 */
import type { FastifyInstance } from "fastify";
import { listBreachPages, listTransparencyPages } from "../../operations/index.ts";
import type { Executor, Keyring } from "../../store/index.ts";
import { escapeHtml } from "../html.ts";
import { LANGUAGES, localPath } from "../i18n.ts";
import { absoluteUrl } from "../layout.ts";
import { breachPagePath } from "./breach-page.ts";
import { transparencyPath } from "./transparency-text.ts";

/** The public pages anyone may read, by their Dutch path (each also at /en/…). */
export const PUBLIC_PAGES: readonly string[] = [
  "/",
  "/wat-kunt-u-doen",
  "/hulp",
  "/echt",
  "/handelingskader",
  "/datalekken",
  "/toegankelijkheid",
];

export interface FindableOptions {
  /** Without a database there are no breach pages to list. */
  store?: { db: Executor; keys: Keyring };
}

function entry(path: string, lastChanged?: Date): string {
  const alternates = [
    ...LANGUAGES.map((language) => ({ hreflang: language, href: absoluteUrl(localPath(path, language)) })),
    { hreflang: "x-default", href: absoluteUrl(path) },
  ]
    .map((a) => `<xhtml:link rel="alternate" hreflang="${a.hreflang}" href="${escapeHtml(a.href)}"/>`)
    .join("");
  const lastmod = lastChanged ? `<lastmod>${lastChanged.toISOString()}</lastmod>` : "";
  return LANGUAGES.map(
    (language) =>
      `<url><loc>${escapeHtml(absoluteUrl(localPath(path, language)))}</loc>${lastmod}${alternates}</url>`,
  ).join("\n");
}

export async function findableRoutes(app: FastifyInstance, options: FindableOptions): Promise<void> {
  app.get("/sitemap.xml", { schema: { hide: true } }, async (_request, reply) => {
    const breaches = options.store ? await listBreachPages(options.store) : [];
    const registers = options.store ? await listTransparencyPages(options.store) : [];
    const urls = [
      ...PUBLIC_PAGES.map((path) => entry(path)),
      ...breaches.map((p) => entry(breachPagePath(p.slug), p.lastChanged)),
      ...registers.map((r) => entry(transparencyPath(r.slug), r.publishedAt)),
    ];
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">
${urls.join("\n")}
</urlset>
`;
    return reply
      .header("cache-control", "public, max-age=300")
      .type("application/xml; charset=utf-8")
      .send(xml);
  });

  app.get("/robots.txt", { schema: { hide: true } }, async (_request, reply) => {
    const lines = [
      "User-agent: *",
      "Disallow: /api/",
      "Disallow: /outbox",
      "Disallow: /en/outbox",
      "Disallow: /metrics",
      `Sitemap: ${absoluteUrl("/sitemap.xml")}`,
      "",
    ];
    return reply
      .header("cache-control", "public, max-age=3600")
      .type("text/plain; charset=utf-8")
      .send(lines.join("\n"));
  });
}
