/**
 * Rendering a compiled template: walks the tree with a person's values and context into plain-text blocks,
 * splitting paragraphs at list and code values, and holds each rendering to its output budget.
 */
import type { Block } from "../blocks.ts";
import { CHANNELS, type Channel } from "../channels/channel.ts";
import { cleanText } from "../text.ts";
import { MissingValueError, TEMPLATE_LIMITS, TemplateError } from "./limits.ts";
import type { BlockValue, Inline, ListValue, Node, RenderContext, TemplateValues, Test } from "./tree.ts";

function lookupValue(values: TemplateValues, name: string): string | BlockValue | undefined {
  let value: unknown;
  if (values instanceof Map) value = values.get(name);
  else if (Object.hasOwn(values, name)) value = (values as Record<string, unknown>)[name];
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return value;
  if (isBlockValue(value)) return value;
  return undefined;
}

function isBlockValue(value: unknown): value is BlockValue {
  if (typeof value !== "object" || value === null || !Object.hasOwn(value, "kind")) return false;
  const kind = (value as BlockValue).kind;
  return kind === "list" || kind === "code";
}

/** The value as inline text; an empty list counts as missing. */
function lookup(values: TemplateValues, name: string): string | undefined {
  const value = lookupValue(values, name);
  if (typeof value !== "object") return value;
  if (value.kind === "code") return value.text;
  return value.items.length > 0 ? value.inline : undefined;
}

/** What one rendering of one template has used so far, against `TEMPLATE_LIMITS`. */
export interface Budget {
  readonly template: string;
  chars: number;
  lists: number;
}

export function newBudget(template: string): Budget {
  return { template, chars: 0, lists: 0 };
}

function spend(budget: Budget, chars: number, at: { name: string; line: number } | undefined): void {
  budget.chars += chars;
  if (budget.chars > TEMPLATE_LIMITS.outputChars) {
    const where = at ? `, line ${at.line}` : "";
    const what = at ? `((${at.name})) makes the text` : "the text becomes";
    throw new TemplateError(
      `${budget.template}${where}: ${what} longer than ${TEMPLATE_LIMITS.outputChars.toLocaleString("en")} characters; use fewer placeholders`,
      at?.line ?? 0,
      at?.name,
    );
  }
}

function spendList(budget: Budget, at: { name: string; line: number }): void {
  if (++budget.lists > TEMPLATE_LIMITS.listExpansions) {
    throw new TemplateError(
      `${budget.template}, line ${at.line}: ((${at.name})) and other lists are expanded more than ${TEMPLATE_LIMITS.listExpansions} times; use each list once`,
      at.line,
      at.name,
    );
  }
}

const listSizes = new WeakMap<ListValue, number>();
function listSize(list: ListValue): number {
  let size = listSizes.get(list);
  if (size === undefined) {
    size = 0;
    for (const item of list.items) {
      size += (item.title?.length ?? 0) + item.text.length;
      for (const sub of item.sub ?? []) size += sub.length;
    }
    listSizes.set(list, size);
  }
  return size;
}

type Segment =
  | { readonly inline: readonly Inline[] }
  | { readonly value: BlockValue; readonly name: string; readonly line: number };

/**
 * Splits a paragraph at list and code values that stand on their own: after a colon, or at the end of the
 * paragraph (only punctuation after them). Text after such a value continues as a new paragraph.
 */
function splitAtBlockValues(content: readonly Inline[], values: TemplateValues): Segment[] | undefined {
  let segments: Segment[] | undefined;
  let current: Inline[] = [];
  for (let i = 0; i < content.length; i++) {
    const part = content[i] as Inline;
    const value = part.kind === "value" ? blockValueOf(values, part.name) : undefined;
    if (value && part.kind === "value") {
      const previous = current.at(-1);
      const afterColon = previous?.kind === "text" && /:\s*$/.test(previous.text);
      const rest = content.slice(i + 1);
      const atEnd = rest.every((r) => r.kind === "text" && /^[\s.:;]*$/.test(r.text));
      if (afterColon || atEnd) {
        segments ??= [];
        segments.push({ inline: current }, { value, name: part.name, line: part.line });
        current = [];
        const next = content[i + 1];
        if (next?.kind === "text") {
          current.push({ kind: "text", text: next.text.replace(/^[\s.;:]+/, "") });
          i++;
        }
        continue;
      }
    }
    current.push(part);
  }
  if (!segments) return undefined;
  segments.push({ inline: current });
  return segments;
}

function blockValueOf(values: TemplateValues, name: string): BlockValue | undefined {
  const value = lookupValue(values, name);
  if (typeof value !== "object") return undefined;
  if (value.kind === "list" && value.items.length === 0) return undefined;
  if (value.kind === "code" && cleanText(value.text).trim() === "") return undefined;
  return value;
}

function holds(test: Test, values: TemplateValues, context: RenderContext): boolean {
  let any = false;
  for (const c of test.anyOf) {
    if (c.kind === "value") any = (lookup(values, c.name) ?? "").trim() !== "";
    else if (c.kind === "category") any = context.categories.has(c.id);
    else if (c.kind === "flag") any = context.flags.has(c.id);
    else any = context.channel === c.id;
    if (any) break;
  }
  return any !== test.negate;
}

function renderInline(
  content: readonly Inline[],
  values: TemplateValues,
  context: RenderContext,
  budget: Budget,
): string {
  let out = "";
  for (const part of content) {
    if (part.kind === "text") {
      spend(budget, part.text.length, undefined);
      out += part.text;
    } else if (part.kind === "value") {
      const raw = lookupValue(values, part.name);
      if (typeof raw === "object" && raw.kind === "list" && raw.items.length > 0) spendList(budget, part);
      const value = lookup(values, part.name);
      // Counted before cleaning, so a huge value costs nothing more than its length.
      spend(budget, value?.length ?? 0, part);
      const clean = value === undefined ? "" : cleanText(value);
      if (clean.trim() === "") throw new MissingValueError(budget.template, part.name);
      out += clean;
    } else {
      out += renderInline(
        holds(part.test, values, context) ? part.whenTrue : part.whenFalse,
        values,
        context,
        budget,
      );
    }
  }
  return out;
}

function sameChannels(a: readonly Channel[] | undefined, b: readonly Channel[] | undefined): boolean {
  return (a ?? CHANNELS).join() === (b ?? CHANNELS).join();
}

/**
 * Renders nodes into blocks. With a channel in the context, `channel:` conditions are simply evaluated. Without
 * one (a channel-free message), `channels` is the set the current text applies to: a condition on the channel
 * splits it, and blocks that apply to fewer than all channels carry them in `Block.channels`.
 */
export function renderNodes(
  nodes: readonly Node[],
  values: TemplateValues,
  context: RenderContext,
  budget: Budget,
  blocks: Block[],
  splitBlockValues: boolean,
  channels: readonly Channel[] = CHANNELS,
): void {
  const only = channels.length < CHANNELS.length ? channels : undefined;
  const emit = (block: Block) => blocks.push(only ? { ...block, channels: only } : block);
  for (const node of nodes) {
    if (node.kind === "if") {
      if (context.channel !== undefined || !node.test.byChannel) {
        const branch = holds(node.test, values, context) ? node.whenTrue : node.whenFalse;
        renderNodes(branch, values, context, budget, blocks, splitBlockValues, channels);
        continue;
      }
      const yes = channels.filter((channel) => holds(node.test, values, { ...context, channel }));
      const no = channels.filter((channel) => !yes.includes(channel));
      if (yes.length > 0) renderNodes(node.whenTrue, values, context, budget, blocks, splitBlockValues, yes);
      if (no.length > 0) renderNodes(node.whenFalse, values, context, budget, blocks, splitBlockValues, no);
      continue;
    }
    if (context.channel === undefined && node.byChannel) {
      // Text that differs per channel inside a line: render it per channel, keep each distinct outcome once.
      const outcomes = new Map<string, { blocks: Block[]; channels: Channel[] }>();
      for (const channel of channels) {
        const own: Block[] = [];
        renderNodes([node], values, { ...context, channel }, budget, own, splitBlockValues);
        const key = JSON.stringify(own);
        const outcome = outcomes.get(key);
        if (outcome) outcome.channels.push(channel);
        else outcomes.set(key, { blocks: own, channels: [channel] });
      }
      for (const outcome of outcomes.values()) {
        const subset = outcome.channels.length < CHANNELS.length ? outcome.channels : undefined;
        for (const block of outcome.blocks) blocks.push(subset ? { ...block, channels: subset } : block);
      }
      continue;
    }
    const segments =
      splitBlockValues && node.kind === "paragraph" ? splitAtBlockValues(node.content, values) : undefined;
    if (segments) {
      for (const segment of segments) {
        if ("inline" in segment) {
          const text = collapseSpaces(renderInline(segment.inline, values, context, budget));
          if (text !== "") emit({ kind: "paragraph", text });
        } else if (segment.value.kind === "code") {
          spend(budget, segment.value.text.length, segment);
          emit({ kind: "code", text: cleanText(segment.value.text) });
        } else {
          spendList(budget, segment);
          spend(budget, listSize(segment.value), segment);
          const { ordered, items } = segment.value;
          emit({ kind: "list", ordered, items: items.map((item) => ({ ...item })) });
        }
      }
      continue;
    }
    const text = collapseSpaces(renderInline(node.content, values, context, budget));
    if (text === "") continue;
    if (node.kind === "paragraph") {
      emit({ kind: "paragraph", text });
    } else {
      const previous = blocks.at(-1);
      if (previous?.kind === "list" && !previous.ordered && sameChannels(previous.channels, only)) {
        previous.items.push({ text });
      } else emit({ kind: "list", ordered: false, items: [{ text }] });
    }
  }
}

function collapseSpaces(text: string): string {
  return text.includes("  ") || text.startsWith(" ") || text.endsWith(" ")
    ? text.replace(/ {2,}/g, " ").trim()
    : text;
}
