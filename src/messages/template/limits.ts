/**
 * What a template may cost and how it fails: the expansion limits every compile and rendering is held to,
 * and the two errors staff see (a template that cannot compile, a value missing when it renders).
 */

/**
 * Bounds that keep one template from costing the server more than a message is worth. A real notice section is
 * a few hundred words; these are ten to a hundred times that. A template is rendered once per person, so a
 * template that expands a long list a thousand times would otherwise cost gigabytes in a campaign.
 */
export const TEMPLATE_LIMITS = {
  /** Characters in one template's source. */
  sourceChars: 20_000,
  /** Placeholders and conditions (`((…))` tags) in one template. */
  tags: 400,
  /** Conditions inside conditions. */
  nesting: 8,
  /** Characters one rendering of one template may produce. */
  outputChars: 60_000,
  /** Times one rendering may expand a list placeholder (the person's data, steps, risks, help). */
  listExpansions: 12,
} as const;

export class TemplateError extends Error {
  readonly line: number;
  readonly placeholder: string | undefined;
  constructor(message: string, line: number, placeholder?: string) {
    super(message);
    this.name = "TemplateError";
    this.line = line;
    this.placeholder = placeholder;
  }
}

export class MissingValueError extends Error {
  readonly placeholder: string;
  constructor(template: string, placeholder: string) {
    super(`${template}: no value for ((${placeholder})); a message must not go out with a placeholder in it`);
    this.name = "MissingValueError";
    this.placeholder = placeholder;
  }
}
