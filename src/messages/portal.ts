/**
 * The message as an HTML fragment for the victim portal (server-rendered), with Utrecht / NL Design System
 * class names so each organisation's design tokens apply. Everything is escaped; the fragment holds no links.
 */
import { type Block, type Section, sectionFor } from "./blocks.ts";
import { labels } from "./labels.ts";
import type { ComposedMessage } from "./message.ts";
import { escapeHtml } from "./text.ts";

function block(b: Block): string {
  if (b.kind === "paragraph") return `<p class="utrecht-paragraph">${escapeHtml(b.text)}</p>\n`;
  if (b.kind === "code") {
    return `<p class="utrecht-paragraph"><code class="utrecht-code lekwijzer-code">${escapeHtml(b.text)}</code></p>\n`;
  }
  const list = b.ordered ? "utrecht-ordered-list" : "utrecht-unordered-list";
  const tag = b.ordered ? "ol" : "ul";
  let out = `<${tag} class="${list}">\n`;
  for (const item of b.items) {
    out += `<li class="${list}__item">`;
    if (item.title) out += `<strong>${escapeHtml(item.title)}</strong><br>`;
    out += escapeHtml(item.text);
    if (item.sub && item.sub.length > 0) {
      out += '<ul class="utrecht-unordered-list utrecht-unordered-list--nested">';
      for (const s of item.sub) out += `<li class="utrecht-unordered-list__item">${escapeHtml(s)}</li>`;
      out += "</ul>";
    }
    out += "</li>\n";
  }
  return `${out}</${tag}>\n`;
}

/** One section: `<section>` with an `utrecht-heading-2` (or the level given) and its blocks. */
export function renderPortalSection(section: Section, headingLevel: 2 | 3 = 2): string {
  const id = `bericht-${section.id}`;
  let out = `<section class="lekwijzer-message-section" aria-labelledby="${id}">\n`;
  out += `<h${headingLevel} class="utrecht-heading-${headingLevel}" id="${id}">${escapeHtml(section.heading)}</h${headingLevel}>\n`;
  for (const b of section.blocks) out += block(b);
  return `${out}</section>\n`;
}

/** The whole message for the portal: summary as an alert, then every section, then code and reference. */
export function renderPortalHtml(message: ComposedMessage): string {
  const l = labels(message.language);
  let out = `<article class="lekwijzer-message" lang="${message.language}">\n`;
  out += `<h1 class="utrecht-heading-1">${escapeHtml(message.subject)}</h1>\n`;
  if (message.addressee.note)
    out += `<p class="utrecht-paragraph">${escapeHtml(message.addressee.note)}</p>\n`;
  out +=
    '<div class="utrecht-alert utrecht-alert--warning" role="note">\n<div class="utrecht-alert__content">\n' +
    `<p class="utrecht-alert__message utrecht-paragraph"><strong>${escapeHtml(l.important)}:</strong> ${escapeHtml(message.summary)}</p>\n` +
    "</div>\n</div>\n";
  for (const section of message.sections) {
    const own = sectionFor(section, "portal");
    if (own.blocks.length > 0) out += renderPortalSection(own);
  }
  out +=
    `<p class="utrecht-paragraph">${escapeHtml(l.code)}: <code class="utrecht-code">${escapeHtml(message.verificationCode)}</code><br>` +
    `${escapeHtml(l.reference)}: ${escapeHtml(message.reference)}</p>\n</article>\n`;
  return out;
}
