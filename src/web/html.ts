import { escapeHtml } from "../messages/index.ts";

/**
 * HTML built from tagged templates that escape every interpolated value by default.
 * Only values wrapped by `raw()` or produced by `html` itself pass through unescaped, so a page cannot
 * accidentally emit staff- or visitor-supplied text as markup.
 */
// One escaping rule for every HTML the platform produces: the messages part's, which also drops bidi and
// control characters that could disguise text.
export { escapeHtml } from "../messages/index.ts";

/** Markup that is already safe. Created only by `html` and `raw`. */
export class SafeHtml {
  readonly value: string;
  constructor(value: string) {
    this.value = value;
  }
  toString(): string {
    return this.value;
  }
}

export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return "";
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join("");
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? "";
  for (let i = 0; i < values.length; i++) {
    out += render(values[i]) + (strings[i + 1] ?? "");
  }
  return new SafeHtml(out);
}

/** Trust markup produced elsewhere (e.g. a renderer that escapes on its own). */
export function raw(markup: string): SafeHtml {
  return new SafeHtml(markup);
}
