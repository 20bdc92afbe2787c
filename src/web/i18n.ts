/** Language handling for pages: Dutch first at `/path`, English at `/en/path`. */
import type { BilingualText, Language } from "../core/index.ts";

export { type BilingualText, LANGUAGES, type Language } from "../core/index.ts";

export function t(text: BilingualText, language: Language): string {
  return text[language];
}

/** The URL of `path` in `language` (path is the Dutch, unprefixed form). */
export function localPath(path: string, language: Language): string {
  if (language === "nl") return path;
  return path === "/" ? "/en" : `/en${path}`;
}
