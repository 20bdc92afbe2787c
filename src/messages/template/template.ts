/**
 * The template language staff write messages in (syntax: README.md in this folder).
 *
 * A template is compiled once into a small tree of paragraphs, lists and conditions; rendering walks that tree.
 * It can only read declared placeholders (own properties of the values object, or a Map) and test declared
 * categories, flags and channels — there is no expression language, so no code runs and no prototype is reachable.
 * Output is plain text blocks; each channel escapes them itself (see blocks.ts).
 */
import type { Block, ListItem } from "../blocks.ts";
import { CHANNELS, type Channel } from "../channels/channel.ts";
import { cleanText } from "../text.ts";

export { CHANNELS, type Channel };

/** What a condition may test when the template is rendered. */
export interface RenderContext {
  readonly categories: ReadonlySet<string>;
  readonly flags: ReadonlySet<string>;
  /**
   * The channel being rendered for. Omitted when composing a channel-free message: text under a
   * `channel:` condition then becomes blocks marked with the channels they are for (`Block.channels`).
   */
  readonly channel?: Channel;
}

/**
 * A value that is a list, e.g. the person's steps. At the end of a paragraph it becomes a list block after the
 * paragraph; inside a sentence its `inline` form is used ("naam, adres en e-mailadres").
 */
export interface ListValue {
  readonly kind: "list";
  readonly ordered: boolean;
  readonly items: readonly ListItem[];
  readonly inline: string;
}

/** A code to type (the verification code): its own line at the end of a paragraph, inline elsewhere. */
export interface CodeValue {
  readonly kind: "code";
  readonly text: string;
}

type BlockValue = ListValue | CodeValue;
export type TemplateValue = string | number | BlockValue | undefined;
export type TemplateValues = Readonly<Record<string, TemplateValue>> | ReadonlyMap<string, TemplateValue>;

export interface CompileOptions {
  /** Placeholder names the template may use (case-insensitive); anything else is a compile error. */
  readonly placeholders: Iterable<string>;
  /** Category ids `((if category:…))` may test; omitted → any kebab-case id. */
  readonly categories?: Iterable<string>;
  /** Flag ids `((if flag:…))` may test; omitted → any kebab-case id. */
  readonly flags?: Iterable<string>;
  /** A name for error messages, e.g. "what-happened (nl)". */
  readonly name?: string;
  /** Whether `channel:` conditions are allowed (not in texts that are the same on every channel, e.g. subjects). */
  readonly channelConditions?: boolean;
}

/**
 * Bounds that keep one template from costing the server more than a message is worth. A real notice section is
 * a few hundred words; these are ten to a hundred times that. A template is rendered once per person, so a
 * template that expands a long list a thousand times would otherwise cost gigabytes in a campaign.
 */
export const TEMPLATE_LIMITS = {
  /** Characters in one template's source. */
  sourceChars: 20_000,
  /** Placeholders and conditions (`((…))` tags) in one template. */
  tags: 400,
  /** Conditions inside conditions. */
  nesting: 8,
  /** Characters one rendering of one template may produce. */
  outputChars: 60_000,
  /** Times one rendering may expand a list placeholder (the person's data, steps, risks, help). */
  listExpansions: 12,
} as const;

export class TemplateError extends Error {
  readonly line: number;
  readonly placeholder: string | undefined;
  constructor(message: string, line: number, placeholder?: string) {
    super(message);
    this.name = "TemplateError";
    this.line = line;
    this.placeholder = placeholder;
  }
}

export class MissingValueError extends Error {
  readonly placeholder: string;
  constructor(template: string, placeholder: string) {
    super(`${template}: no value for ((${placeholder})); a message must not go out with a placeholder in it`);
    this.name = "MissingValueError";
    this.placeholder = placeholder;
  }
}

type Condition =
  | { readonly kind: "category" | "flag" | "channel"; readonly id: string }
  | { readonly kind: "value"; readonly name: string };

/** Any of `anyOf` holds (or, with `negate`, none holds). */
interface Test {
  readonly anyOf: readonly Condition[];
  readonly negate: boolean;
  /** Whether a condition tests the channel, so the outcome can differ per channel. */
  readonly byChannel: boolean;
}

type Inline =
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "value"; readonly name: string; readonly line: number }
  | {
      readonly kind: "if";
      readonly test: Test;
      readonly whenTrue: readonly Inline[];
      readonly whenFalse: readonly Inline[];
    };

type Node =
  | { readonly kind: "paragraph"; readonly content: readonly Inline[]; byChannel: boolean }
  | { readonly kind: "item"; readonly content: readonly Inline[]; readonly byChannel: boolean }
  | {
      readonly kind: "if";
      readonly test: Test;
      readonly whenTrue: readonly Node[];
      readonly whenFalse: readonly Node[];
    };

export interface CompiledTemplate {
  readonly name: string;
  /** Placeholders the template can read (canonical spelling), for completeness reports. */
  readonly placeholders: ReadonlySet<string>;
  /** Categories and flags its conditions test. */
  readonly tests: { readonly categories: ReadonlySet<string>; readonly flags: ReadonlySet<string> };
  render(values: TemplateValues, context: RenderContext): Block[];
  /** Rendered as one line of plain text (paragraphs joined by a space), for subjects and SMS. */
  renderLine(values: TemplateValues, context: RenderContext): string;
}

const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const NAME = /^[a-z][a-z0-9_.-]*$/i;
const TAG = /\(\(([^()]*?)\)\)/g;
const BIDI_CONTROL = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

export function compileTemplate(source: string, options: CompileOptions): CompiledTemplate {
  const name = options.name ?? "template";
  if (source.length > TEMPLATE_LIMITS.sourceChars) {
    throw new TemplateError(
      `${name}: the text has ${source.length.toLocaleString("en")} characters; at most ${TEMPLATE_LIMITS.sourceChars.toLocaleString("en")}`,
      1,
    );
  }
  let tags = 0;
  const allowed = new Map<string, string>();
  for (const p of options.placeholders) allowed.set(p.toLowerCase(), p);
  const known = {
    category: options.categories ? new Set(options.categories) : undefined,
    flag: options.flags ? new Set(options.flags) : undefined,
  };
  const used = new Set<string>();
  const tested = { categories: new Set<string>(), flags: new Set<string>() };

  const fail = (line: number, message: string, placeholder?: string): never => {
    throw new TemplateError(`${name}, line ${line}: ${message}`, line, placeholder);
  };

  const parseCondition = (raw: string, line: number): Condition => {
    const text = raw.trim();
    const colon = text.indexOf(":");
    if (colon >= 0) {
      const kind = text.slice(0, colon).trim().toLowerCase();
      const id = text
        .slice(colon + 1)
        .trim()
        .toLowerCase();
      if (kind !== "category" && kind !== "flag" && kind !== "channel") {
        return fail(
          line,
          `unknown condition "${text}" (use category:, flag:, channel: or a placeholder name)`,
        );
      }
      if (!ID.test(id)) return fail(line, `"${id}" is not a valid ${kind} id`);
      if (kind === "channel") {
        if (options.channelConditions === false) {
          return fail(line, `channel conditions cannot be used here: ${name} is the same on every channel`);
        }
        if (!(CHANNELS as readonly string[]).includes(id)) {
          return fail(line, `unknown channel "${id}" (one of ${CHANNELS.join(", ")})`);
        }
      } else {
        const set = known[kind];
        if (set && !set.has(id)) return fail(line, `unknown ${kind} "${id}"`);
        (kind === "category" ? tested.categories : tested.flags).add(id);
      }
      return { kind, id };
    }
    return { kind: "value", name: resolveName(text, line) };
  };

  const resolveName = (raw: string, line: number): string => {
    const canonical = NAME.test(raw) ? allowed.get(raw.toLowerCase()) : undefined;
    if (canonical === undefined) {
      return fail(line, `unknown placeholder ((${raw})); allowed: ${[...allowed.values()].join(", ")}`, raw);
    }
    used.add(canonical);
    return canonical;
  };

  const parseTest = (expression: string, negate: boolean, line: number): Test => {
    const parts = expression.split(/\s+or\s+/i);
    if (parts.some((p) => p.trim() === "")) fail(line, `incomplete condition "${expression}"`);
    const anyOf = parts.map((p) => parseCondition(p, line));
    return { anyOf, negate, byChannel: anyOf.some((c) => c.kind === "channel") };
  };

  /** Parses the inline content of one line (which may hold inline conditions). */
  const parseInline = (text: string, line: number): Inline[] => {
    const root: Inline[] = [];
    const stack: { test: Test; whenTrue: Inline[]; whenFalse: Inline[]; inElse: boolean; into: Inline[] }[] =
      [];
    let out = root;
    let last = 0;
    for (const match of text.matchAll(TAG)) {
      if (++tags > TEMPLATE_LIMITS.tags) {
        fail(line, `more than ${TEMPLATE_LIMITS.tags} placeholders and conditions; split the text`, match[1]);
      }
      if (match.index > last) out.push({ kind: "text", text: text.slice(last, match.index) });
      last = match.index + match[0].length;
      const tag = (match[1] ?? "").trim();
      const directive = parseDirective(tag);
      if (directive?.kind === "if") {
        if (blockDepth() + stack.length >= TEMPLATE_LIMITS.nesting) {
          fail(line, `conditions are nested more than ${TEMPLATE_LIMITS.nesting} deep`);
        }
        const frame = {
          test: parseTest(directive.expression, directive.negate, line),
          whenTrue: [],
          whenFalse: [],
          inElse: false,
          into: out,
        };
        stack.push(frame);
        out = frame.whenTrue;
      } else if (directive?.kind === "else") {
        const frame = stack.at(-1) ?? fail(line, "((else)) without ((if …))");
        if (frame.inElse) fail(line, "two ((else)) in one ((if …))");
        frame.inElse = true;
        out = frame.whenFalse;
      } else if (directive?.kind === "end") {
        const frame = stack.pop() ?? fail(line, "((end)) without ((if …))");
        out = frame.into;
        out.push({ kind: "if", test: frame.test, whenTrue: frame.whenTrue, whenFalse: frame.whenFalse });
      } else if (tag.includes("??")) {
        const split = tag.indexOf("??");
        const test = parseTest(tag.slice(0, split), false, line);
        const optional = tag.slice(split + 2);
        out.push({ kind: "if", test, whenTrue: [{ kind: "text", text: optional }], whenFalse: [] });
      } else {
        out.push({ kind: "value", name: resolveName(tag, line), line });
      }
    }
    if (last < text.length) out.push({ kind: "text", text: text.slice(last) });
    if (stack.length > 0) fail(line, "((if …)) inside a line must be closed with ((end)) on the same line");
    return root;
  };

  // Block level: lines → paragraphs, list items and block conditions.
  const lines = source.replace(/\r\n?/g, "\n").split("\n");
  const root: Node[] = [];
  const stack: {
    test: Test;
    whenTrue: Node[];
    whenFalse: Node[];
    inElse: boolean;
    into: Node[];
    line: number;
  }[] = [];
  let out = root;
  const blockDepth = () => stack.length;
  let paragraph: { kind: "paragraph"; content: Inline[]; byChannel: boolean } | undefined;
  const endParagraph = () => {
    paragraph = undefined;
  };

  lines.forEach((rawLine, index) => {
    const line = index + 1;
    if (BIDI_CONTROL.test(rawLine)) fail(line, "contains an invisible text-direction character; remove it");
    // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
    if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(rawLine))
      fail(line, "contains a control character; remove it");
    const trimmed = rawLine.trim();
    const whole = /^\(\(([^()]*)\)\)$/.exec(trimmed);
    const directive = whole ? parseDirective((whole[1] ?? "").trim()) : undefined;
    if (directive) {
      endParagraph();
      if (++tags > TEMPLATE_LIMITS.tags) {
        fail(line, `more than ${TEMPLATE_LIMITS.tags} placeholders and conditions; split the text`);
      }
      if (directive.kind === "if") {
        if (stack.length >= TEMPLATE_LIMITS.nesting) {
          fail(line, `conditions are nested more than ${TEMPLATE_LIMITS.nesting} deep`);
        }
        const frame = {
          test: parseTest(directive.expression, directive.negate, line),
          whenTrue: [],
          whenFalse: [],
          inElse: false,
          into: out,
          line,
        };
        stack.push(frame);
        out = frame.whenTrue;
      } else if (directive.kind === "else") {
        const frame = stack.at(-1) ?? fail(line, "((else)) without ((if …))");
        if (frame.inElse) fail(line, "two ((else)) in one ((if …))");
        frame.inElse = true;
        out = frame.whenFalse;
      } else {
        const frame = stack.pop() ?? fail(line, "((end)) without ((if …))");
        out = frame.into;
        out.push({ kind: "if", test: frame.test, whenTrue: frame.whenTrue, whenFalse: frame.whenFalse });
      }
      return;
    }
    if (trimmed === "") {
      endParagraph();
      return;
    }
    const bullet = /^[*-]\s+(.*)$/.exec(trimmed);
    if (bullet) {
      endParagraph();
      const content = parseInline(bullet[1] ?? "", line);
      out.push({ kind: "item", content, byChannel: inlineByChannel(content) });
      return;
    }
    const content = parseInline(trimmed, line);
    if (paragraph) {
      paragraph.content.push({ kind: "text", text: " " }, ...content);
      paragraph.byChannel ||= inlineByChannel(content);
    } else {
      paragraph = { kind: "paragraph", content, byChannel: inlineByChannel(content) };
      out.push(paragraph);
    }
  });
  const open = stack.at(-1);
  if (open) fail(open.line, "((if …)) is not closed with ((end))");

  const nodes = root;
  return {
    name,
    placeholders: used,
    tests: tested,
    render(values, context) {
      const blocks: Block[] = [];
      renderNodes(nodes, values, context, newBudget(name), blocks, true);
      return blocks;
    },
    renderLine(values, context) {
      const blocks: Block[] = [];
      renderNodes(nodes, values, context, newBudget(name), blocks, false);
      return blocks.map((b) => (b.kind === "list" ? b.items.map((i) => i.text).join(" ") : b.text)).join(" ");
    },
  };
}

function inlineByChannel(content: readonly Inline[]): boolean {
  return content.some(
    (part) =>
      part.kind === "if" &&
      (part.test.byChannel || inlineByChannel(part.whenTrue) || inlineByChannel(part.whenFalse)),
  );
}

type Directive = { kind: "if"; expression: string; negate: boolean } | { kind: "else" } | { kind: "end" };

function parseDirective(tag: string): Directive | undefined {
  const lower = tag.toLowerCase();
  if (lower === "end") return { kind: "end" };
  if (lower === "else") return { kind: "else" };
  const m = /^(if|unless)\s+(.+)$/i.exec(tag);
  if (m) return { kind: "if", expression: m[2] ?? "", negate: (m[1] ?? "").toLowerCase() === "unless" };
  return undefined;
}

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
interface Budget {
  readonly template: string;
  chars: number;
  lists: number;
}

function newBudget(template: string): Budget {
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
function renderNodes(
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
