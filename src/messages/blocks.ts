/**
 * The channel-neutral content of a message: sections of plain-text blocks. Templates and the assembly produce
 * these; the renderers turn them into e-mail, SMS, letter and portal output and escape them on the way.
 */
import type { Channel } from "./channels/channel.ts";

export interface ListItem {
  /** Short bold lead, e.g. a step's title. */
  title?: string;
  text: string;
  /** Sub-points, e.g. how to do a step. */
  sub?: string[];
}

/** Set only on text a template shows on some channels (`((if channel:letter))`); absent means every channel. */
interface ChannelScope {
  channels?: readonly Channel[];
}

export type Block = ChannelScope &
  (
    | {
        kind: "paragraph";
        text: string;
        /**
         * Set when the paragraph is shared words around one person's code (`text` is `before code after`): a
         * renderer may keep its output of the shared words and treat only the code per person.
         */
        code?: CodeInText;
      }
    | { kind: "list"; ordered: boolean; items: ListItem[] }
    /** A code people type (the verification code): shown on its own line, in a fixed-width font, never wrapped. */
    | { kind: "code"; text: string }
  );

/** A paragraph's parts around the code it holds; `before` and `after` are the same strings for everyone. */
export interface CodeInText {
  before: string;
  code: string;
  after: string;
}

export interface Section {
  /** The framework element id the section delivers, or an organisation's own section id. */
  id: string;
  heading: string;
  /** Required-element ids this section delivers (framework ids, e.g. "K6"). */
  elements: string[];
  blocks: Block[];
  /** Whose template the section is: the framework's, or the organisation's own wording (an override). */
  source?: "framework" | "override";
}

/** The blocks of a section that a channel shows. */
export function blocksFor(section: Section, channel: Channel): readonly Block[] {
  const blocks = section.blocks;
  for (const block of blocks) {
    if (block.channels) return blocks.filter((b) => !b.channels || b.channels.includes(channel));
  }
  return blocks;
}

/** The section as a channel shows it: only its blocks for that channel (the same object when nothing differs). */
export function sectionFor(section: Section, channel: Channel): Section {
  const blocks = blocksFor(section, channel);
  return blocks === section.blocks ? section : { ...section, blocks: [...blocks] };
}

/** Plain text with one line per paragraph, list title, item and sub-point (for checks and search). */
export function blockText(block: Block): string {
  if (block.kind === "paragraph" || block.kind === "code") return block.text;
  return block.items.map((i) => [i.title, i.text, ...(i.sub ?? [])].filter(Boolean).join("\n")).join("\n");
}

export function sectionText(section: Section): string {
  return [section.heading, ...section.blocks.map(blockText)].join("\n");
}
