/**
 * An organisation's look on the pages of its breach, so victims recognise the sender: its colours become our
 * brand tokens (--lw-*) in a small stylesheet, and its logo shows above the page. A colour is used only when
 * text on it and beside it keeps a contrast of at least 4.5:1 (WCAG 2.1 AA); otherwise that token keeps
 * Lekwijzer's own value. Logos are inline images only (data: URLs): loading one from the organisation's server
 * would tell that server who reads about its breach, and the pages' CSP allows no other image source.
 */

/** WCAG 2.1 AA for normal text. */
export const MINIMUM_CONTRAST = 4.5;

/** Lekwijzer's own tokens (src/web/assets/lekwijzer-theme.css): the fall-back for every refused colour. */
const OWN = {
  primary: "#0b5563",
  text: "#1b1b1f",
  textSubtle: "#4a4a55",
  background: "#ffffff",
  error: "#b00020",
  light: "#ffffff",
} as const;

const LOGO = /^data:image\/(?:png|jpeg|webp|svg\+xml);base64,[A-Za-z0-9+/]+={0,2}$/;
const LOGO_MAX = 60_000;

export interface ThemeInput {
  primary?: string;
  text?: string;
  background?: string;
  logo?: string;
}

export interface CheckedTheme {
  /** The tokens to override; empty when every colour was refused or none was given. */
  tokens: Record<string, string>;
  logo?: string;
  /** The colours that were refused for too little contrast (for the organisation's tools to explain). */
  refused: string[];
}

function channel(value: number): number {
  const c = value / 255;
  return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

function luminance(hex: string): number {
  const n = Number.parseInt(hex.slice(1), 16);
  return 0.2126 * channel((n >> 16) & 255) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255);
}

/** The WCAG contrast ratio of two #rrggbb colours (1 to 21). */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

const enough = (a: string, b: string) => contrastRatio(a, b) >= MINIMUM_CONTRAST;

/** 20 % towards black: the hover shade of a button or header link. */
function darker(hex: string): string {
  const n = Number.parseInt(hex.slice(1), 16);
  const part = (shift: number) => Math.round(((n >> shift) & 255) * 0.8);
  return `#${[16, 8, 0].map((s) => part(s).toString(16).padStart(2, "0")).join("")}`;
}

/**
 * Checks an organisation's colours against each other and ours, and returns the tokens that pass. The
 * background must keep our own subtle and error texts readable; the text colour must read on the background;
 * the primary colour is a link colour on the background and a surface under white or dark text.
 */
export function checkTheme(input: ThemeInput): CheckedTheme {
  const tokens: Record<string, string> = {};
  const refused: string[] = [];
  let background: string = OWN.background;
  if (input.background) {
    const usable = [OWN.text, OWN.textSubtle, OWN.error].every((c) => enough(c, input.background as string));
    if (usable) background = tokens["--lw-color-background"] = input.background;
    else refused.push("background");
  }
  if (input.text) {
    if (enough(input.text, background)) tokens["--lw-color-text"] = input.text;
    else refused.push("text");
  }
  if (input.primary) {
    const onPrimary = [OWN.light, OWN.text].find((c) => enough(c, input.primary as string));
    const hover = darker(input.primary);
    if (onPrimary && enough(input.primary, background) && enough(onPrimary, hover)) {
      tokens["--lw-color-primary"] = input.primary;
      tokens["--lw-color-primary-hover"] = hover;
      tokens["--lw-color-primary-contrast"] = onPrimary;
    } else refused.push("primary");
  }
  const logo = input.logo && input.logo.length <= LOGO_MAX && LOGO.test(input.logo) ? input.logo : undefined;
  return { tokens, ...(logo ? { logo } : {}), refused };
}

/** The breach pages' own few rules (logo, news timeline), in the tokens, so they take the organisation's colours. */
const BREACH_PAGE_RULES = `.lw-org-logo { display: block; max-block-size: 4rem; max-inline-size: 100%; margin-block-end: var(--lw-space-m); }
.lw-timeline { list-style: none; margin: 0 0 var(--lw-space-m); padding: 0; border-inline-start: 4px solid var(--lw-color-primary); }
.lw-timeline-item { padding-inline-start: var(--lw-space-m); margin-block-end: var(--lw-space-l); }
.lw-timeline-item > .utrecht-heading-3 { margin-block-start: 0; }
.lw-details { margin-block-end: var(--lw-space-m); }
`;

/** The stylesheet a breach's pages link after ours: the organisation's tokens and the breach pages' rules. */
export function themeStylesheet(theme: CheckedTheme): string {
  const lines = Object.entries(theme.tokens).map(([name, value]) => `  ${name}: ${value};`);
  const tokens = lines.length > 0 ? `.lekwijzer-theme {\n${lines.join("\n")}\n}\n` : "";
  return `/* The organisation's colours on Lekwijzer's components, each checked for contrast. */\n${tokens}${BREACH_PAGE_RULES}`;
}
