/**
 * The letter's page: A4 geometry and margins, the envelope window and the per-provider settings
 * (`LetterLayout`), and the error a letter past its page limit stops with.
 */

export const MM = 72 / 25.4;

export interface EnvelopeWindow {
  leftMm: number;
  topMm: number;
  widthMm: number;
  heightMm: number;
}

export interface LetterLayout {
  /**
   * Envelope window, measured on the A4 sheet. Default: a left window of 90 × 35 mm, 20 mm from the left edge
   * and 50 mm from the top — inside the window of common Dutch C5/6 and EA5/6 window envelopes (window 20 mm from
   * the left) when the sheet is folded in three.
   */
  window: EnvelopeWindow;
  /** Space kept clear inside the window on every side, so the address stays visible when the sheet shifts. */
  windowPaddingMm: number;
  /** Body font size in points (at least 11). */
  fontSize: number;
  /** Print on both sides: every letter then starts on a new sheet (a blank page is added after odd counts). */
  duplex: boolean;
  /** Most pages a letter may have (print providers' limit). */
  maxPages: number;
  /** Deflate page content: about 4× smaller files, about 25 % slower. */
  compress: boolean;
  /** TrueType/OpenType font files (embedded and subsetted); default the bundled DejaVu Sans. */
  fonts?: { regular: string; bold: string; mono?: string };
}

export const DEFAULT_LETTER_LAYOUT: LetterLayout = {
  window: { leftMm: 20, topMm: 50, widthMm: 90, heightMm: 35 },
  windowPaddingMm: 3,
  fontSize: 11,
  duplex: false,
  maxPages: 10,
  compress: true,
};

export const PAGE = { width: 595.28, height: 841.89 };
export const MARGIN = { top: 20 * MM, bottom: 25 * MM, left: 25 * MM, right: 20 * MM };
export const CONTENT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;

export class LetterTooLongError extends Error {
  /** Pages laid out when the letter was stopped: one more than the limit. */
  readonly pages: number;
  readonly max: number;
  readonly reference: string;
  constructor(reference: string, pages: number, max: number) {
    super(`letter ${reference} has more than ${max} pages; the print provider takes at most ${max}`);
    this.name = "LetterTooLongError";
    this.pages = pages;
    this.max = max;
    this.reference = reference;
  }
}
