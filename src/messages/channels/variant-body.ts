/**
 * The body of a message as a channel shows it, rendered once per campaign variant. People who share a
 * profile (kind, language, categories, flags, plan: compose/compose.ts) share the frozen section objects of
 * that profile, so the first frozen section names the variant. Its shown sections (neighbours joined, see
 * shown-sections.ts) are rendered once into fixed strings with holes for the person's own sections — the
 * plan online with their code — which are the only ones rendered per person. A message whose sections do not
 * match its variant's frame (built by hand, or changed after composition) takes the slow path, section by
 * section, with the same output.
 */
import type { Section } from "../blocks.ts";
import type { ComposedMessage } from "../message.ts";
import { shownSections } from "../shown-sections.ts";

/** A section's output on the channel ("" when it shows nothing there); `shared` when the section is frozen. */
export type SectionRenderer = (section: Section, shared: boolean) => string;

interface Variant {
  /** The composed sections: the shared (frozen) object, or the id of a person's own section. */
  frame: readonly (Section | string)[];
  /** The shown body: fixed output, or the index of a person's own section in `message.sections`. */
  parts: readonly (string | number)[];
}

/** One cache per channel renderer: keyed by the variant's first shared section, null where none can be made. */
export type VariantCache = WeakMap<Section, Variant | null>;

export function variantCache(): VariantCache {
  return new WeakMap();
}

function slowBody(message: ComposedMessage, render: SectionRenderer): string {
  let out = "";
  for (const section of shownSections(message)) out += render(section, Object.isFrozen(section));
  return out;
}

function buildVariant(message: ComposedMessage, render: SectionRenderer): Variant | null {
  const parts: (string | number)[] = [];
  for (const section of shownSections(message)) {
    if (Object.isFrozen(section)) {
      const out = render(section, true);
      const last = parts.length - 1;
      if (typeof parts[last] === "string") parts[last] += out;
      else parts.push(out);
      continue;
    }
    // A join that holds a person's own section is made per person: no fixed frame for this variant.
    const index = message.sections.indexOf(section);
    if (index === -1) return null;
    parts.push(index);
  }
  return { frame: message.sections.map((s) => (Object.isFrozen(s) ? s : s.id)), parts };
}

function fits(variant: Variant, sections: readonly Section[]): boolean {
  if (variant.frame.length !== sections.length) return false;
  for (let i = 0; i < sections.length; i++) {
    const expected = variant.frame[i];
    const section = sections[i] as Section;
    if (
      typeof expected === "string"
        ? Object.isFrozen(section) || section.id !== expected
        : section !== expected
    )
      return false;
  }
  return true;
}

/** The shown sections' output, joined: from the variant's frame when the message fits it. */
export function variantBody(message: ComposedMessage, cache: VariantCache, render: SectionRenderer): string {
  const key = message.sections.find((s) => Object.isFrozen(s));
  if (!key) return slowBody(message, render);
  let variant = cache.get(key);
  if (variant === undefined) {
    variant = buildVariant(message, render);
    cache.set(key, variant);
  }
  if (!variant || !fits(variant, message.sections)) return slowBody(message, render);
  let out = "";
  for (const part of variant.parts)
    out += typeof part === "string" ? part : render(message.sections[part] as Section, false);
  return out;
}
