/** PostgreSQL COPY text format: kept apart from the engines so sealing workers load no database driver. */

const SPECIAL = /[\\\t\n\r]/;

/** Escapes one value for COPY's text format; null becomes \N. */
export function copyValue(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "\\N";
  const text = String(value);
  // Most values (hex hashes, base64url, ids) need no escaping: test once instead of four replacements.
  if (!SPECIAL.test(text)) return text;
  return text.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r");
}
