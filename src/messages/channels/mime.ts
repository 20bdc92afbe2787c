/**
 * A complete RFC 5322 / MIME message: multipart/alternative with quoted-printable UTF-8 text and HTML parts,
 * RFC 2047 encoded-words for non-ASCII headers, a Message-ID derived from breach, victim and message ids (so a
 * resend carries the same id and is recognisable), and optionally a DKIM-Signature (RFC 6376, rsa-sha256,
 * relaxed/relaxed) made with node:crypto.
 *
 * Written here instead of taking a MIME library because the output must be deterministic (same message → same
 * bytes, for idempotent resends and tests) and the few rules involved are small and fixed.
 */
import { createHash, createPrivateKey, type KeyObject, sign } from "node:crypto";
import type { DkimSettings } from "../message.ts";
import { cleanText } from "../text.ts";

export interface MailAddress {
  name?: string;
  address: string;
}

export interface MimeInput {
  from: MailAddress;
  to: MailAddress;
  replyTo?: MailAddress;
  subject: string;
  date: Date;
  messageId: string;
  /** Message-IDs this message follows (e.g. an update follows the first notice). */
  references?: string[];
  language: string;
  text: string;
  html: string;
  /** Extra headers, e.g. an internal reference. Names must be plain ASCII tokens. */
  headers?: Record<string, string>;
  dkim?: DkimSettings;
}

const CRLF = "\r\n";
const MAX_LINE = 76;

/** `<hash@domain>`: the same inputs always give the same id; it reveals nothing of them. */
export function deterministicMessageId(domain: string, ...ids: string[]): string {
  const hash = createHash("sha256").update(ids.join("\u0000")).digest("hex").slice(0, 40);
  return `<${hash}@${domain}>`;
}

export function domainOf(address: string): string {
  return address.slice(address.lastIndexOf("@") + 1).toLowerCase();
}

function assertAddress(address: string): string {
  if (!/^[^\s<>()",;:@]+@[^\s<>()",;:@]+\.[^\s<>()",;:@]+$/.test(address)) {
    throw new Error(`not a usable e-mail address: ${JSON.stringify(address)}`);
  }
  return address;
}

/** RFC 2047 B-encoded words, each at most 75 characters, split only between characters. */
export function encodeWords(value: string): string {
  const clean = cleanText(value);
  if (/^[\x20-\x7e]*$/.test(clean) && !clean.includes("=?")) return clean;
  const words: string[] = [];
  let chunk = "";
  for (const ch of clean) {
    if (Buffer.byteLength(chunk + ch) > 39) {
      words.push(chunk);
      chunk = "";
    }
    chunk += ch;
  }
  if (chunk !== "") words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w).toString("base64")}?=`).join(`${CRLF} `);
}

function formatAddress(mail: MailAddress): string {
  const address = assertAddress(mail.address);
  const name = mail.name ? cleanText(mail.name).trim() : "";
  if (name === "") return address;
  const display = /^[\x20-\x7e]*$/.test(name) ? `"${name.replace(/(["\\])/g, "\\$1")}"` : encodeWords(name);
  return `${display} <${address}>`;
}

/** Folds an ASCII header at spaces so no line exceeds 78 characters. */
function foldHeader(name: string, value: string): string {
  const line = `${name}: ${value}`;
  if (line.length <= 78 || value.includes(CRLF)) return line;
  const words = line.split(" ");
  let out = "";
  let current = "";
  for (const word of words) {
    if (current !== "" && current.length + 1 + word.length > 78) {
      out += `${current}${CRLF}`;
      current = ` ${word}`;
    } else current = current === "" ? word : `${current} ${word}`;
  }
  return out + current;
}

// Every byte's =XX form, computed once.
const QP_PIECE: readonly string[] = Array.from(
  { length: 256 },
  (_, b) => `=${b.toString(16).toUpperCase().padStart(2, "0")}`,
);

/**
 * What needs its =XX form: a character outside printable ASCII (a surrogate pair as one), "=", and a space or
 * tab that ends a line (transport may strip it).
 */
const QP_ENCODED = /[\uD800-\uDBFF][\uDC00-\uDFFF]|[^\x21-\x3C\x3E-\x7E \t\n]|[ \t](?=\n|$)/g;

/** A match's UTF-8 bytes as =XX; a lone surrogate becomes U+FFFD, as Buffer's UTF-8 makes it. */
function qpPiece(match: string): string {
  const code = match.charCodeAt(0);
  if (code < 0x80) return QP_PIECE[code] as string;
  let out = "";
  for (const byte of Buffer.from(match, "utf8")) out += QP_PIECE[byte];
  return out;
}
const EQUALS = 0x3d;
const DOT = 0x2e;
const QP_DOT = "=2E";

/**
 * Quoted-printable (RFC 2045 §6.7) of UTF-8 text with CRLF line breaks. It runs for both parts of every
 * message of a campaign, so the whole text goes through each native step once rather than line by line: one
 * regular expression for the characters that need =XX (a non-ASCII one becomes its UTF-8 bytes there, so
 * the text is never converted as a whole for the few it has), then one scan that writes CRLF line ends and
 * the soft breaks of lines over 76 characters.
 */
export function quotedPrintable(text: string): string {
  const normal = text.includes("\r") ? text.replace(/\r\n?/g, "\n") : text;
  return withLineBreaks(normal.replace(QP_ENCODED, qpPiece));
}

/**
 * `\n` → CRLF, and soft breaks ("=" CRLF) so no line passes 76 characters: at most 75 before the "=", and
 * never through the middle of an =XX. A dot that starts a line, after a hard or a soft break, goes as =2E:
 * SMTP would double it on the way (RFC 5321 §4.5.2), and a message without one passes the relay connection
 * as it is, where otherwise every byte is looked at (delivery/smtp-data.ts).
 */
function withLineBreaks(encoded: string): string {
  let out = "";
  let start = 0;
  for (;;) {
    let lineEnd = encoded.indexOf("\n", start);
    if (lineEnd === -1) lineEnd = encoded.length;
    for (;;) {
      const dot = start < lineEnd && encoded.charCodeAt(start) === DOT;
      const lead = dot ? QP_DOT : "";
      if (dot) start += 1;
      const room = MAX_LINE - lead.length;
      if (lineEnd - start <= room) {
        out += lead + encoded.slice(start, lineEnd);
        break;
      }
      let end = start + room - 1;
      if (encoded.charCodeAt(end - 1) === EQUALS) end -= 1;
      else if (encoded.charCodeAt(end - 2) === EQUALS) end -= 2;
      out += `${lead}${encoded.slice(start, end)}=${CRLF}`;
      start = end;
    }
    if (lineEnd === encoded.length) return out;
    out += CRLF;
    start = lineEnd + 1;
  }
}

function sanitiseHeaderValue(value: string): string {
  return cleanText(value).trim();
}

function mimeParts(input: MimeInput): { headerLines: string[]; body: string } {
  const boundary = `=_lw_${createHash("sha256").update(input.messageId).digest("hex").slice(0, 24)}`;
  const headers: [string, string][] = [
    ["From", formatAddress(input.from)],
    ["To", formatAddress(input.to)],
  ];
  if (input.replyTo) headers.push(["Reply-To", formatAddress(input.replyTo)]);
  headers.push(
    ["Subject", encodeWords(input.subject)],
    ["Date", input.date.toUTCString().replace("GMT", "+0000")],
    ["Message-ID", sanitiseHeaderValue(input.messageId)],
  );
  if (input.references && input.references.length > 0) {
    const refs = input.references.map(sanitiseHeaderValue);
    headers.push(["In-Reply-To", refs.at(-1) ?? ""], ["References", refs.join(" ")]);
  }
  headers.push(
    ["MIME-Version", "1.0"],
    ["Content-Language", sanitiseHeaderValue(input.language)],
    ["Auto-Submitted", "auto-generated"],
  );
  for (const [name, value] of Object.entries(input.headers ?? {})) {
    if (!/^[A-Za-z][A-Za-z0-9-]*$/.test(name)) throw new Error(`invalid header name ${JSON.stringify(name)}`);
    headers.push([name, encodeWords(value)]);
  }
  headers.push(["Content-Type", `multipart/alternative; boundary="${boundary}"`]);

  const body =
    `This is a multipart message in MIME format.${CRLF}${CRLF}` +
    `--${boundary}${CRLF}Content-Type: text/plain; charset=utf-8${CRLF}Content-Transfer-Encoding: quoted-printable${CRLF}${CRLF}` +
    `${quotedPrintable(input.text)}${CRLF}` +
    `--${boundary}${CRLF}Content-Type: text/html; charset=utf-8${CRLF}Content-Transfer-Encoding: quoted-printable${CRLF}${CRLF}` +
    `${quotedPrintable(input.html)}${CRLF}` +
    `--${boundary}--${CRLF}`;

  return { headerLines: headers.map(([name, value]) => foldHeader(name, value)), body };
}

function assemble(headerLines: readonly string[], body: string): string {
  return `${headerLines.join(CRLF)}${CRLF}${CRLF}${body}`;
}

export function buildMime(input: MimeInput): string {
  const { headerLines, body } = mimeParts(input);
  if (!input.dkim) return assemble(headerLines, body);
  const signing = dkimSigning(input.dkim, headerLines, body, input.date);
  const signature = sign("sha256", Buffer.from(signing.data), privateKeyOf(input.dkim.privateKey));
  return assemble([signatureHeader(signing.unsigned, signature), ...headerLines], body);
}

/**
 * The same bytes as `buildMime`, with the RSA signature made in libuv's thread pool (node:crypto's `sign`
 * with a callback): a worker's event loop goes on claiming, rendering and sending while its signatures are
 * made on every core. An RSA-2048 signature costs far more than rendering the message it signs.
 */
export async function buildMimeAsync(input: MimeInput): Promise<string> {
  const { headerLines, body } = mimeParts(input);
  if (!input.dkim) return assemble(headerLines, body);
  const signing = dkimSigning(input.dkim, headerLines, body, input.date);
  const key = privateKeyOf(input.dkim.privateKey);
  const signature = await new Promise<Buffer>((resolve, reject) =>
    sign("sha256", Buffer.from(signing.data), key, (error, out) => (error ? reject(error) : resolve(out))),
  );
  return assemble([signatureHeader(signing.unsigned, signature), ...headerLines], body);
}

// --- DKIM (RFC 6376) ---

const SIGNED_HEADERS = [
  "from",
  "to",
  "reply-to",
  "subject",
  "date",
  "message-id",
  "mime-version",
  "content-type",
  // RFC 8058 §3.1: one-click unsubscribe counts only when the signature covers both headers.
  "list-unsubscribe",
  "list-unsubscribe-post",
];

/**
 * DKIM "relaxed" body canonicalisation (RFC 6376 §3.4.4) in whole-body passes rather than per line: runs of
 * spaces and tabs become one space, then the space left at a line's end goes. It runs on every signed message
 * (11 KB for a first notice, thousands of single spaces), so each pass only matches what it changes — a run
 * of two or more, or a tab; a space before a line break — where matching every space cost 0.1 ms a message.
 */
export function relaxedBody(body: string): string {
  let canonical = body.replace(/(?:\t| [ \t])[ \t]*/g, " ");
  if (canonical.includes(" \r\n")) canonical = canonical.replace(/ (?=\r\n)/g, "");
  if (canonical.endsWith(" ")) canonical = canonical.slice(0, -1);
  let end = canonical.length;
  while (end >= 2 && canonical.charCodeAt(end - 1) === 10 && canonical.charCodeAt(end - 2) === 13) end -= 2;
  return end === 0 ? "" : `${canonical.slice(0, end)}${CRLF}`;
}

export function relaxedHeader(line: string): string {
  const colon = line.indexOf(":");
  const name = line.slice(0, colon).trim().toLowerCase();
  const value = line
    .slice(colon + 1)
    .replace(/\r\n(?=[ \t])/g, "")
    .replace(/[ \t]+/g, " ")
    .trim();
  return `${name}:${value}`;
}

// Parsing a PEM key costs about as much as a signature: each organisation's key is parsed once. Bounded:
// a worker serves a handful of organisations, and a key that changed is a new entry.
const privateKeys = new Map<string, KeyObject>();

function privateKeyOf(pem: string): KeyObject {
  let key = privateKeys.get(pem);
  if (!key) {
    if (privateKeys.size >= 64) privateKeys.clear();
    key = createPrivateKey(pem);
    privateKeys.set(pem, key);
  }
  return key;
}

/** The DKIM-Signature header without its signature, and the canonical data to sign (header hash input). */
function dkimSigning(
  dkim: DkimSettings,
  headerLines: readonly string[],
  body: string,
  date: Date,
): { unsigned: string; data: string } {
  const bodyHash = createHash("sha256").update(relaxedBody(body)).digest("base64");
  const byName = new Map(headerLines.map((l) => [l.slice(0, l.indexOf(":")).toLowerCase(), l]));
  const signed = SIGNED_HEADERS.filter((h) => byName.has(h));
  const unsigned =
    `DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=${dkim.domainName}; s=${dkim.keySelector};` +
    `${CRLF} t=${Math.floor(date.getTime() / 1000)}; h=${signed.join(":")};${CRLF} bh=${bodyHash};${CRLF} b=`;
  const data = [
    ...signed.map((h) => `${relaxedHeader(byName.get(h) ?? "")}${CRLF}`),
    relaxedHeader(unsigned),
  ].join("");
  return { unsigned, data };
}

function signatureHeader(unsigned: string, signature: Buffer): string {
  return unsigned + (signature.toString("base64").match(/.{1,72}/g) ?? []).join(`${CRLF} `);
}
