/**
 * E-mail bodies: an accessible HTML part (semantic headings, `lang`, strong contrast, dark mode through
 * `color-scheme`, no images) and a plain-text part with the same content. Everything from templates and victim
 * data is escaped here; nothing in a message is trusted markup.
 */
import { type Block, type CodeInText, type Section, sectionFor } from "../blocks.ts";
import { labels } from "../labels.ts";
import type { ComposedMessage, Language } from "../message.ts";
import { cleanText, escapeHtml, escapeHtmlBreakable, LONG_WORD, unlinkable, wrap } from "../text.ts";
import { buildMime, buildMimeAsync, deterministicMessageId, domainOf, type MimeInput } from "./mime.ts";
import { variantBody, variantCache } from "./variant-body.ts";

const TEXT_WIDTH = 72;

const STYLE = [
  ":root{color-scheme:light dark;supported-color-schemes:light dark}",
  // Long words, codes and addresses wrap at 320 px (WCAG 1.4.10): `<wbr>` break points in the text work in
  // every mail program; these properties are the fallback where they are supported (word-wrap for Outlook).
  "body{margin:0;padding:0;background:#ffffff;color:#1b1b1b;font-family:Arial,Helvetica,sans-serif;font-size:17px;line-height:1.5;" +
    "word-wrap:break-word;overflow-wrap:anywhere;word-break:break-word;-webkit-text-size-adjust:100%}",
  ".wrap{max-width:38em;margin:0 auto;padding:24px 16px}",
  "h1{font-size:26px;line-height:1.25;margin:0 0 16px}",
  "h2{font-size:20px;line-height:1.3;margin:28px 0 8px}",
  "p,li{margin:0 0 12px}",
  ".org{font-weight:bold;margin-bottom:24px}",
  ".summary{border-left:6px solid #b3261e;background:#fcefee;padding:12px 16px}",
  ".note{border-left:6px solid #1f4e9c;background:#eef3fb;padding:12px 16px}",
  ".code{font-family:'Courier New',Courier,monospace;font-size:20px;font-weight:bold;letter-spacing:2px}",
  ".address{font-weight:bold}",
  "footer{border-top:1px solid #767676;margin-top:32px;padding-top:12px;font-size:15px}",
  "@media (prefers-color-scheme:dark){body{background:#121212;color:#f2f2f2}" +
    ".summary{background:#3b1a18;border-color:#ff8a80}.note{background:#17253d;border-color:#8ab4f8}" +
    "footer{border-color:#9e9e9e}}",
].join("\n");

/**
 * Text as HTML that reflows on a phone; the addresses people must type themselves are bold and broken up with
 * word joiners so mail programs do not make them links.
 */
interface Inline {
  /** Addresses people type themselves, the longest first. */
  addresses: readonly string[];
  language: Language;
}

function inline(text: string, context: Inline): string {
  for (const address of context.addresses) {
    const at = text.indexOf(address);
    if (at === -1) continue;
    return (
      inline(text.slice(0, at), context) +
      `<strong class="address">${escapeHtmlBreakable(unlinkable(address), context.language)}</strong>` +
      inline(text.slice(at + address.length), context)
    );
  }
  return escapeHtmlBreakable(text, context.language);
}

// Blocks shared by many people are frozen by the assembly: inside a personal section (the plan online with
// the person's code) their markup is still made once.
const htmlBlocks = new WeakMap<Block, string>();

function htmlBlock(block: Block, context: Inline): string {
  if (!Object.isFrozen(block)) return htmlBlockOf(block, context);
  let out = htmlBlocks.get(block);
  if (out === undefined) {
    out = htmlBlockOf(block, context);
    htmlBlocks.set(block, out);
  }
  return out;
}

// A code in the alphabet people type (core/codes.ts), in groups short enough not to need breaking inside.
const TYPED_CODE = /^[0-9A-Z]{1,16}(?:-[0-9A-Z]{1,16})*$/;

/**
 * A person's code inside shared words: the words' markup is kept per text, the code is broken after its
 * hyphens as `escapeHtmlBreakable` would break it (the same output, without working it out per person).
 */
function codeInText(part: CodeInText, context: Inline): string {
  const { code } = part;
  const broken = !TYPED_CODE.test(code)
    ? escapeHtmlBreakable(code, context.language)
    : code.length > LONG_WORD
      ? code.replaceAll("-", "-<wbr>")
      : code;
  return profileText(part.before, context.language) + broken + profileText(part.after, context.language);
}

function htmlBlockOf(block: Block, context: Inline): string {
  const html = (text: string) => inline(text, context);
  if (block.kind === "paragraph")
    return `<p>${block.code ? codeInText(block.code, context) : html(block.text)}</p>\n`;
  if (block.kind === "code") return `<p class="code">${escapeHtml(block.text)}</p>\n`;
  const tag = block.ordered ? "ol" : "ul";
  let out = `<${tag}>\n`;
  for (const item of block.items) {
    out += "<li>";
    if (item.title) out += `<strong>${html(item.title)}</strong><br>`;
    out += html(item.text);
    if (item.sub && item.sub.length > 0) {
      out += "<ul>";
      for (const s of item.sub) out += `<li>${html(s)}</li>`;
      out += "</ul>";
    }
    out += "</li>\n";
  }
  return `${out}</${tag}>\n`;
}

// Sections shared by many people are frozen by the assembly: their markup is rendered once per section, and
// the body around a person's own sections once per variant (variant-body.ts).
const htmlCache = new WeakMap<Section, string>();
const textCache = new WeakMap<Section, string>();
const htmlVariants = variantCache();
const textVariants = variantCache();

function cached(cache: WeakMap<Section, string>, section: Section, render: (s: Section) => string): string {
  if (!Object.isFrozen(section)) return render(section);
  let out = cache.get(section);
  if (out === undefined) {
    out = render(section);
    cache.set(section, out);
  }
  return out;
}

function htmlSection(section: Section, context: Inline): string {
  let out = `<section aria-labelledby="s-${section.id}">\n<h2 id="s-${section.id}">${profileText(section.heading, context.language)}</h2>\n`;
  for (const block of section.blocks) out += htmlBlock(block, context);
  return `${out}</section>\n`;
}

// The subject, summary, headings, the organisation's name and the closing are the same for everyone with the
// same profile: their markup is made once per text. A subject with the person's name in it only passes
// through (bounded, cleared when full).
// Keyed by the text itself, one map per language: the profile's strings are the same objects for everyone who
// shares the profile, so a look-up reuses their hash instead of hashing a new joined key per person.
const profileHtml = { nl: new Map<string, string>(), en: new Map<string, string>() } satisfies Record<
  Language,
  Map<string, string>
>;
const PROFILE_HTML_LIMIT = 1_000;

function profileText(text: string, language: Language): string {
  const cache = profileHtml[language];
  let out = cache.get(text);
  if (out === undefined) {
    if (cache.size >= PROFILE_HTML_LIMIT) cache.clear();
    out = escapeHtmlBreakable(text, language);
    cache.set(text, out);
  }
  return out;
}

/** The longest first, so the organisation's address inside a longer one is not taken on its own. */
function typedAddresses(message: ComposedMessage): string[] {
  const addresses = [
    message.organisation.website,
    ...[message.planAddress, message.breachAddress, message.affectedAddress].filter((a) => a !== undefined),
  ];
  return addresses.sort((a, b) => b.length - a.length);
}

export function renderEmailHtml(message: ComposedMessage): string {
  const l = labels(message.language);
  const org = message.organisation;
  const language = message.language;
  const context: Inline = { addresses: typedAddresses(message), language };
  const body = variantBody(message, htmlVariants, (section, shared) => {
    const own = sectionFor(section, "email");
    if (own.blocks.length === 0) return "";
    return shared && own === section
      ? cached(htmlCache, section, (s) => htmlSection(s, context))
      : htmlSection(own, context);
  });
  const note = message.addressee.note
    ? `<p class="note">${escapeHtmlBreakable(message.addressee.note, language)}</p>\n`
    : "";
  return (
    `<!DOCTYPE html>\n<html lang="${message.language}">\n<head>\n<meta charset="utf-8">\n` +
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n' +
    '<meta name="color-scheme" content="light dark">\n<meta name="supported-color-schemes" content="light dark">\n' +
    `<title>${escapeHtml(message.subject)}</title>\n<style>\n${STYLE}\n</style>\n</head>\n<body>\n<div class="wrap">\n` +
    `<p class="org">${profileText(org.name, language)}</p>\n<main>\n<h1>${profileText(message.subject, language)}</h1>\n` +
    `<p>${escapeHtmlBreakable(message.addressee.salutation, language)}</p>\n${note}` +
    `<p class="summary"><strong>${escapeHtml(l.important)}:</strong> ${profileText(message.summary, language)}</p>\n` +
    body +
    `<p>${message.closing.map((line) => profileText(line, language)).join("<br>")}</p>\n</main>\n` +
    `<footer>\n<p>${escapeHtml(l.code)}: <span class="code">${escapeHtml(message.verificationCode)}</span><br>\n` +
    `${escapeHtml(l.reference)}: ${escapeHtml(message.reference)}</p>\n` +
    `<p>${escapeHtml(l.neverAsk)} ${escapeHtml(l.noLinks)}</p>\n</footer>\n</div>\n</body>\n</html>\n`
  );
}

// As for HTML: a block shared by many people (frozen) is wrapped once.
const textBlocks = new WeakMap<Block, string>();

function textBlock(block: Block): string {
  if (!Object.isFrozen(block)) return textBlockOf(block);
  let out = textBlocks.get(block);
  if (out === undefined) {
    out = textBlockOf(block);
    textBlocks.set(block, out);
  }
  return out;
}

// The summary line of the plain-text part, wrapped once per text and language.
const textSummaries = { nl: new Map<string, string>(), en: new Map<string, string>() } satisfies Record<
  Language,
  Map<string, string>
>;

function textSummary(summary: string, language: Language): string {
  const cache = textSummaries[language];
  let out = cache.get(summary);
  if (out === undefined) {
    if (cache.size >= PROFILE_HTML_LIMIT) cache.clear();
    out = wrap(cleanText(`${labels(language).important}: ${summary}`), TEXT_WIDTH);
    cache.set(summary, out);
  }
  return out;
}

function textBlockOf(block: Block): string {
  if (block.kind === "paragraph") return `${wrap(cleanText(block.text), TEXT_WIDTH)}\n\n`;
  if (block.kind === "code") return `    ${cleanText(block.text)}\n\n`;
  let out = "";
  block.items.forEach((item, i) => {
    const marker = block.ordered ? `${i + 1}. ` : "- ";
    const indent = " ".repeat(marker.length);
    if (item.title) out += `${marker}${wrap(cleanText(item.title), TEXT_WIDTH, indent)}\n${indent}`;
    else out += marker;
    out += `${wrap(cleanText(item.text), TEXT_WIDTH, indent)}\n`;
    for (const s of item.sub ?? []) out += `${indent}* ${wrap(cleanText(s), TEXT_WIDTH, `${indent}  `)}\n`;
  });
  return `${out}\n`;
}

function textSection(section: Section): string {
  const heading = cleanText(section.heading);
  let out = `${heading}\n${"-".repeat(Math.min(heading.length, TEXT_WIDTH))}\n`;
  for (const block of section.blocks) out += textBlock(block);
  return out;
}

export function renderEmailText(message: ComposedMessage): string {
  const l = labels(message.language);
  const c = cleanText;
  let out = `${c(message.organisation.name)}\n\n${c(message.subject).toUpperCase()}\n\n${c(message.addressee.salutation)}\n\n`;
  if (message.addressee.note) out += `${wrap(c(message.addressee.note), TEXT_WIDTH)}\n\n`;
  out += `${textSummary(message.summary, message.language)}\n\n`;
  out += variantBody(message, textVariants, (section, shared) => {
    const own = sectionFor(section, "email");
    if (own.blocks.length === 0) return "";
    return shared && own === section ? cached(textCache, section, textSection) : textSection(own);
  });
  out += `${message.closing.map(c).join("\n")}\n\n`;
  out += `${l.code}: ${message.verificationCode}\n${l.reference}: ${message.reference}\n`;
  return out;
}

export interface RenderedEmail {
  messageId: string;
  to: string;
  text: string;
  html: string;
  /** The complete RFC 5322 message (CRLF line ends). */
  eml: string;
}

export interface EmailOptions {
  /** Send time for the Date header; default now. */
  date?: Date;
  /** Message-IDs of earlier messages to the same person (an update threads under the first notice). */
  references?: string[];
}

/** The Message-ID of a message: from breach, victim and message id, so a resend is recognisable. */
export function messageIdOf(message: ComposedMessage): string {
  return deterministicMessageId(
    domainOf(message.organisation.senderEmail),
    message.breachId,
    message.victimId,
    message.id,
  );
}

function emailInput(message: ComposedMessage, options: EmailOptions) {
  const recipient = message.recipient;
  const to =
    message.addressee.role === "representative" && recipient.representative?.email
      ? { name: recipient.representative.name, address: recipient.representative.email }
      : { name: recipient.name, address: recipient.email ?? "" };
  if (to.address === "") throw new Error(`recipient ${recipient.id} has no e-mail address`);
  const text = renderEmailText(message);
  const html = renderEmailHtml(message);
  const org = message.organisation;
  const messageId = messageIdOf(message);
  const mime: MimeInput = {
    from: { name: org.name, address: org.senderEmail },
    to,
    ...(org.replyTo ? { replyTo: { address: org.replyTo } } : {}),
    subject: message.subject,
    date: options.date ?? new Date(),
    messageId,
    ...(options.references ? { references: options.references } : {}),
    language: message.language,
    text,
    html,
    headers: { "X-Lekwijzer-Reference": message.reference },
    ...(org.dkim ? { dkim: org.dkim } : {}),
  };
  return { messageId, to: to.address, text, html, mime };
}

/** The complete e-mail: text and HTML parts, headers, and a DKIM signature when the organisation has a key. */
export function renderEmail(message: ComposedMessage, options: EmailOptions = {}): RenderedEmail {
  const { mime, ...rendered } = emailInput(message, options);
  return { ...rendered, eml: buildMime(mime) };
}

/** As `renderEmail`, with the DKIM signature made off the event loop (mime.ts `buildMimeAsync`). */
export async function renderEmailAsync(
  message: ComposedMessage,
  options: EmailOptions = {},
): Promise<RenderedEmail> {
  const { mime, ...rendered } = emailInput(message, options);
  return { ...rendered, eml: await buildMimeAsync(mime) };
}
