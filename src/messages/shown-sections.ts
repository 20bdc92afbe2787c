/**
 * How a message's sections are shown. Composition keeps one section per element, so the checks name the
 * element a finding is about and see on which channel each element is delivered; a first notice is then
 * shown with neighbouring elements under one heading (each heading costs a letter two lines, and these read
 * as one). Every renderer shows a message through `shownSections`.
 */
import type { Section } from "./blocks.ts";
import { labels } from "./labels.ts";
import type { ComposedMessage } from "./message.ts";

/**
 * Elements a first notice shows under one heading when they stand next to each other (in any order): their
 * text in the order given here, under the heading of the element named, or of its own.
 */
const FIRST_NOTICE_JOINS: readonly { members: readonly string[]; heading: string }[] = [
  { members: ["apology", "what-happened", "what-we-did"], heading: "what-happened" },
  { members: ["which-data", "consequences"], heading: "which-data" },
  { members: ["what-you-can-do", "advice-for-your-situation"], heading: "what-you-can-do" },
  { members: ["help-when-things-go-wrong", "compensation"], heading: "help-when-things-go-wrong" },
  { members: ["contact-point", "accessible-routes", "updates"], heading: "questions" },
];

// Sections shared by many people are frozen by the assembly: their join is made once and shared too, so the
// renderers' caches of frozen sections keep working. Keyed by the join's first part.
const joins = new WeakMap<Section, Section>();

/** The sections as shown: a first notice's neighbours joined (`FIRST_NOTICE_JOINS`), others as composed. */
export function shownSections(message: ComposedMessage): readonly Section[] {
  if (message.kind !== "first-notice") return message.sections;
  const sections = [...message.sections];
  for (const { members, heading } of FIRST_NOTICE_JOINS) {
    const at = members.map((id) => sections.findIndex((s) => s.id === id));
    const start = Math.min(...at);
    if (start === -1 || Math.max(...at) - start !== members.length - 1) continue;
    const parts = at.map((i) => sections[i] as Section);
    const frozen = parts.every((p) => Object.isFrozen(p));
    const first = parts[0] as Section;
    let joined = frozen ? joins.get(first) : undefined;
    if (!joined || joined.elements.length !== members.length || !sameParts(joined, parts)) {
      const lead = parts.find((p) => p.id === heading);
      joined = {
        id: lead?.id ?? heading,
        heading: lead?.heading ?? labels(message.language).questionsHeading,
        elements: parts.flatMap((p) => p.elements),
        blocks: parts.flatMap((p) => p.blocks),
        ...(parts.some((p) => p.source === "override") ? { source: "override" as const } : {}),
      };
      if (frozen) {
        Object.freeze(joined.blocks);
        Object.freeze(joined.elements);
        joins.set(first, Object.freeze(joined));
      }
    }
    sections.splice(start, members.length, joined);
  }
  return sections;
}

/** Whether a cached join was made of exactly these parts' blocks. */
function sameParts(joined: Section, parts: readonly Section[]): boolean {
  let i = 0;
  for (const part of parts) for (const block of part.blocks) if (joined.blocks[i++] !== block) return false;
  return i === joined.blocks.length;
}
