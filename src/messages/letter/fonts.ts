/**
 * Fonts for letters: the bundled DejaVu Sans (or a layout's own TrueType/OpenType files), read once per
 * process, and the cleaner that prints "?" for characters the font has no glyph for.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Doc } from "./document.ts";
import type { LetterLayout } from "./layout.ts";

interface FontFiles {
  regular: Buffer;
  bold: Buffer;
  mono: Buffer;
}

const fontCache = new Map<string, Buffer>();
function fontFile(path: string): Buffer {
  let data = fontCache.get(path);
  if (!data) {
    data = readFileSync(path);
    fontCache.set(path, data);
  }
  return data;
}

const require = createRequire(import.meta.url);
/** The bundled fonts (npm package dejavu-fonts-ttf, free licence): read once per process. */
function defaultFontFiles(): FontFiles {
  const file = (name: string) => fontFile(require.resolve(`dejavu-fonts-ttf/ttf/${name}`));
  return {
    regular: file("DejaVuSans.ttf"),
    bold: file("DejaVuSans-Bold.ttf"),
    mono: file("DejaVuSansMono-Bold.ttf"),
  };
}

export function fontFiles(layout: LetterLayout): FontFiles {
  if (!layout.fonts) return defaultFontFiles();
  const { regular, bold, mono } = layout.fonts;
  return { regular: fontFile(regular), bold: fontFile(bold), mono: fontFile(mono ?? regular) };
}

export interface Fonts {
  regular: string;
  bold: string;
  mono: string;
  clean: (text: string) => string;
}

/** Characters the font has no glyph for (emoji, scripts it lacks) would print as empty boxes: "?" instead. */
export function cleanerFor(doc: Doc): (text: string) => string {
  doc.font("regular");
  const font = (doc as unknown as { _font: { font?: { hasGlyphForCodePoint(c: number): boolean } } })._font
    .font;
  const known = new Map<number, boolean>();
  const has = (c: number) => {
    let ok = known.get(c);
    if (ok === undefined) {
      ok = font ? font.hasGlyphForCodePoint(c) : true;
      known.set(c, ok);
    }
    return ok;
  };
  return (text) => {
    let plain = true;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c < 0x20 || c > 0x7e) {
        plain = false;
        break;
      }
    }
    if (plain) return text;
    let out = "";
    for (const ch of text) {
      const c = ch.codePointAt(0) ?? 0;
      // Word joiners keep addresses unlinked in e-mail; on paper they are not needed.
      if (c === 0x2060) continue;
      out += has(c) ? ch : "?";
    }
    return out;
  };
}
