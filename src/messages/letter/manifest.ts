/** The print batch's CSV manifest: one row per letter for the provider's inserting machines. */

export interface BatchManifestRow {
  /** The print batch the letter is in: the manifest names its batch, so a reprint can be recognised. */
  batch: string;
  sequence: number;
  messageId: string;
  reference: string;
  victimId: string;
  firstPage: number;
  pages: number;
  sheets: number;
  postcode: string;
  country: string;
}

export const MANIFEST_COLUMNS = [
  "batch",
  "sequence",
  "message_id",
  "reference",
  "victim_id",
  "first_page",
  "pages",
  "sheets",
  "postcode",
  "country",
] as const;

function csvField(value: string | number): string {
  const text = String(value);
  // A leading =, +, - or @ would be read as a formula by spreadsheet programs.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n;]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** The manifest's header line (CRLF-terminated). */
export function manifestHeader(): string {
  return `${MANIFEST_COLUMNS.join(",")}\r\n`;
}

/** One manifest row as a CSV line (CRLF-terminated), with spreadsheet formulas neutralised. */
export function manifestLine(row: BatchManifestRow): string {
  return `${[row.batch, row.sequence, row.messageId, row.reference, row.victimId, row.firstPage, row.pages, row.sheets, row.postcode, row.country].map(csvField).join(",")}\r\n`;
}
