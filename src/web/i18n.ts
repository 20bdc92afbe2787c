/** Language handling for pages: Dutch first at `/path`, English at `/en/path`. */
export type Language = "nl" | "en";

export interface Localised {
  nl: string;
  en: string;
}

export const LANGUAGES: readonly Language[] = ["nl", "en"];

export function t(text: Localised, language: Language): string {
  return text[language];
}

/** The URL of `path` in `language` (path is the Dutch, unprefixed form). */
export function localPath(path: string, language: Language): string {
  if (language === "nl") return path;
  return path === "/" ? "/en" : `/en${path}`;
}
