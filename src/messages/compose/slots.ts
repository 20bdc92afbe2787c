/**
 * Personal sections without rendering them per person. A section whose template holds a personal value (the
 * person's name, reference or verification code) is rendered once per profile with stand-ins for those values;
 * each person then gets the frozen blocks that hold no stand-in as they are, and fresh blocks only where a
 * stand-in stood, filled with their own values. Renderers keep their output of the frozen blocks, so per person
 * they escape only the code and the few words around a name.
 *
 * Filling must give exactly what rendering gives. Rendering cleans a value, collapses double spaces and throws
 * on an empty one, so only values that come through all of that unchanged are filled (`fillable`); any other
 * person takes the full rendering. When a slotted section is first made, it is also checked against a full
 * rendering for that person, and a template for which the two differ is never filled.
 */
import type { Block, ListItem, Section } from "../blocks.ts";
import { cleanText } from "../text.ts";

/** The values that differ between people of one profile. */
export interface PersonalValues {
  name: string | undefined;
  reference: string;
  code: string;
}

type Slot = keyof PersonalValues;

/** Private-use characters: no template text, shared value or cleaned personal value holds them. */
const STAND_INS: Readonly<Record<Slot, string>> = {
  name: "\uE000name\uE001",
  reference: "\uE000reference\uE001",
  code: "\uE000code\uE001",
};
const STAND_IN = /\uE000(name|reference|code)\uE001/;
const STAND_IN_SPLIT = /\uE000(name|reference|code)\uE001/g;

export function standIns(): { name: string; reference: string; code: string } {
  return { ...STAND_INS };
}

/** Text with holes: fixed pieces at even indexes, the slot filled in between at odd ones. */
type Holes = readonly string[];

type SlottedBlock =
  | { readonly frozen: Block }
  | { readonly kind: "paragraph" | "code"; readonly text: Holes; readonly channels: Block["channels"] }
  | {
      readonly kind: "list";
      readonly ordered: boolean;
      readonly items: readonly { title?: Holes; text: Holes; sub?: readonly Holes[] }[];
      readonly channels: Block["channels"];
    };

export interface SlottedSection {
  readonly id: string;
  readonly heading: string;
  readonly elements: readonly string[];
  readonly source: Section["source"];
  readonly blocks: readonly SlottedBlock[];
}

/** Whether a value comes out of rendering as it went in: non-empty, clean, no double or outer spaces. */
function plain(value: string | undefined): value is string {
  return (
    value !== undefined &&
    value !== "" &&
    cleanText(value) === value &&
    value.trim() === value &&
    !value.includes("  ") &&
    !STAND_IN.test(value)
  );
}

export function fillable(values: PersonalValues): boolean {
  return plain(values.name) && plain(values.reference) && plain(values.code);
}

function holes(text: string): Holes {
  return text.split(STAND_IN_SPLIT);
}

function hasStandIn(block: Block): boolean {
  if (block.kind !== "list") return STAND_IN.test(block.text);
  return block.items.some(
    (i) =>
      STAND_IN.test(i.text) ||
      (i.title !== undefined && STAND_IN.test(i.title)) ||
      (i.sub ?? []).some((s) => STAND_IN.test(s)),
  );
}

function slotBlock(block: Block): SlottedBlock {
  if (!hasStandIn(block)) return { frozen: freezeBlock(block) };
  if (block.kind !== "list") return { kind: block.kind, text: holes(block.text), channels: block.channels };
  return {
    kind: "list",
    ordered: block.ordered,
    channels: block.channels,
    items: block.items.map((i) => ({
      text: holes(i.text),
      ...(i.title !== undefined ? { title: holes(i.title) } : {}),
      ...(i.sub ? { sub: i.sub.map(holes) } : {}),
    })),
  };
}

function freezeBlock(block: Block): Block {
  if (block.kind === "list") {
    for (const item of block.items) {
      if (item.sub) Object.freeze(item.sub);
      Object.freeze(item);
    }
    Object.freeze(block.items);
  }
  return Object.freeze(block);
}

/** A section rendered with `standIns()` as its personal values, ready to be filled per person. */
export function slotSection(section: Section): SlottedSection {
  return {
    id: section.id,
    heading: section.heading,
    elements: Object.freeze([...section.elements]),
    source: section.source,
    blocks: section.blocks.map(slotBlock),
  };
}

function fill(text: Holes, values: PersonalValues): string {
  if (text.length === 1) return text[0] as string;
  let out = text[0] as string;
  for (let i = 1; i < text.length; i += 2) out += (values[text[i] as Slot] ?? "") + (text[i + 1] as string);
  return out;
}

function withChannels(block: Block, channels: Block["channels"]): Block {
  return channels ? { ...block, channels } : block;
}

function fillBlock(block: SlottedBlock, values: PersonalValues): Block {
  if ("frozen" in block) return block.frozen;
  if (block.kind !== "list")
    return withChannels({ kind: block.kind, text: fill(block.text, values) }, block.channels);
  const items: ListItem[] = block.items.map((i) => ({
    ...(i.title !== undefined ? { title: fill(i.title, values) } : {}),
    text: fill(i.text, values),
    ...(i.sub ? { sub: i.sub.map((s) => fill(s, values)) } : {}),
  }));
  return withChannels({ kind: "list", ordered: block.ordered, items }, block.channels);
}

/** The person's section: the slotted section's shared blocks with their own values in the holes. */
export function fillSection(slotted: SlottedSection, values: PersonalValues): Section {
  return {
    id: slotted.id,
    heading: slotted.heading,
    elements: slotted.elements as string[],
    blocks: slotted.blocks.map((b) => fillBlock(b, values)),
    ...(slotted.source ? { source: slotted.source } : {}),
  };
}
