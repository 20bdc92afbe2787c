/** PDF/UA tagging: structure elements around drawn content, page furniture as artifacts, language tags. */
import type { Doc, Struct } from "./document.ts";

/** Adds a structure element to `parent` and draws its content inside it (marked content, tagged). */
export function tag(
  doc: Doc,
  parent: Struct,
  type: string,
  draw: () => void,
  options: { lang?: string } = {},
): void {
  parent.add(doc.struct(type, options, () => draw()));
}

/** Draws page furniture (rules, page numbers) that assistive technology should skip. */
export function artifact(doc: Doc, type: "Pagination" | "Layout", draw: () => void): void {
  doc.markContent("Artifact", { type });
  draw();
  doc.endMarkedContent();
}

export const LANGUAGE_TAGS: Record<string, string> = { nl: "nl-NL", en: "en-GB" };
