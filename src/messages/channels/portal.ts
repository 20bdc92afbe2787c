/**
 * The message as an HTML fragment for the victim portal (server-rendered), with Utrecht / NL Design System
 * class names so each organisation's design tokens apply. Everything is escaped; the fragment holds no links.
 * It reflows at 320 px without any style sheet of its own: long words get `<wbr>` break points.
 */
import { type Block, type Section, sectionFor } from "../blocks.ts";
import { labels } from "../labels.ts";
import type { ComposedMessage, Language } from "../message.ts";
import { shownSections } from "../shown-sections.ts";
import { escapeHtml, escapeHtmlBreakable } from "../text.ts";

function block(b: Block, language: Language): string {
  if (b.kind === "paragraph")
    return `<p class="utrecht-paragraph">${escapeHtmlBreakable(b.text, language)}</p>\n`;
  if (b.kind === "code") {
    return `<p class="utrecht-paragraph"><code class="utrecht-code lekwijzer-code">${escapeHtml(b.text)}</code></p>\n`;
  }
  const list = b.ordered ? "utrecht-ordered-list" : "utrecht-unordered-list";
  const tag = b.ordered ? "ol" : "ul";
  let out = `<${tag} class="${list}">\n`;
  for (const item of b.items) {
    out += `<li class="${list}__item">`;
    if (item.title) out += `<strong>${escapeHtmlBreakable(item.title, language)}</strong><br>`;
    out += escapeHtmlBreakable(item.text, language);
    if (item.sub && item.sub.length > 0) {
      out += '<ul class="utrecht-unordered-list utrecht-unordered-list--nested">';
      for (const s of item.sub)
        out += `<li class="utrecht-unordered-list__item">${escapeHtmlBreakable(s, language)}</li>`;
      out += "</ul>";
    }
    out += "</li>\n";
  }
  return `${out}</${tag}>\n`;
}

/** One section: `<section>` with an `utrecht-heading-2` (or the level given) and its blocks; `language` picks the hyphenation. */
export function renderPortalSection(
  section: Section,
  headingLevel: 2 | 3 = 2,
  language: Language = "nl",
): string {
  const id = `bericht-${section.id}`;
  let out = `<section class="lekwijzer-message-section" aria-labelledby="${id}">\n`;
  out += `<h${headingLevel} class="utrecht-heading-${headingLevel}" id="${id}">${escapeHtmlBreakable(section.heading, language)}</h${headingLevel}>\n`;
  for (const b of section.blocks) out += block(b, language);
  return `${out}</section>\n`;
}

/** The whole message for the portal: summary as an alert, then every section, then code and reference. */
export function renderPortalHtml(message: ComposedMessage): string {
  const l = labels(message.language);
  const language = message.language;
  let out = `<article class="lekwijzer-message" lang="${message.language}">\n`;
  out += `<h1 class="utrecht-heading-1">${escapeHtmlBreakable(message.subject, language)}</h1>\n`;
  if (message.addressee.note)
    out += `<p class="utrecht-paragraph">${escapeHtmlBreakable(message.addressee.note, language)}</p>\n`;
  out +=
    '<div class="utrecht-alert utrecht-alert--warning" role="note">\n<div class="utrecht-alert__content">\n' +
    `<p class="utrecht-alert__message utrecht-paragraph"><strong>${escapeHtml(l.important)}:</strong> ${escapeHtmlBreakable(message.summary, language)}</p>\n` +
    "</div>\n</div>\n";
  for (const section of shownSections(message)) {
    const own = sectionFor(section, "portal");
    if (own.blocks.length > 0) out += renderPortalSection(own, 2, language);
  }
  out +=
    `<p class="utrecht-paragraph">${escapeHtml(l.code)}: <code class="utrecht-code">${escapeHtml(message.verificationCode)}</code><br>` +
    `${escapeHtml(l.reference)}: ${escapeHtml(message.reference)}</p>\n</article>\n`;
  return out;
}
