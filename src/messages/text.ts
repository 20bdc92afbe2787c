/**
 * Text hygiene shared by every channel: values from victim files and staff are cleaned before they are placed
 * in a message, and escaped for the markup of the channel that shows them.
 */

// Control characters and invisible text-direction marks (e.g. U+202E, which can make "exe.pdf" read as "fdp.exe").
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const UNSAFE_ALL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]+/g;

/** One line of plain text: line breaks and tabs become a space, control and direction characters go. */
export function cleanText(value: string): string {
  if (!UNSAFE.test(value)) return value;
  return value.replace(UNSAFE_ALL, (run) => (/[\t\n\r]/.test(run) ? " " : ""));
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are cleaned on the way
const HTML_SPECIAL = /[&<>"'\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const HTML_SPECIAL_ALL = /[&<>"']/g;
const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes for HTML text and attribute values; also cleans the text as `cleanText` does. */
export function escapeHtml(value: string): string {
  if (!HTML_SPECIAL.test(value)) return value;
  return cleanText(value).replace(HTML_SPECIAL_ALL, (ch) => HTML_ESCAPES[ch] ?? ch);
}

/**
 * Breaks up things mail programs turn into links (`www.`, `x.nl/…`, e-mail addresses) in text that must not
 * carry links: a word joiner after each dot stops most auto-linkers while the text still reads the same.
 * Used for addresses we tell people to type themselves.
 */
export function unlinkable(address: string): string {
  return address.replace(/^https?:\/\//i, "").replace(/\.(?=\S)/g, ".\u2060");
}

/** Wraps plain text at `width` characters (continuation lines start with `indent`), for e-mail text parts. */
export function wrap(text: string, width: number, indent = ""): string {
  const room = width - indent.length;
  if (text.length <= room) return text;
  let out = "";
  let start = 0;
  while (text.length - start > room) {
    let cut = text.lastIndexOf(" ", start + room);
    if (cut <= start) {
      // A word longer than the line: keep it whole.
      cut = text.indexOf(" ", start + room);
      if (cut < 0) break;
    }
    out += `${text.slice(start, cut)}\n${indent}`;
    start = cut + 1;
  }
  return out + text.slice(start);
}
