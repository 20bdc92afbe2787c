/**
 * The template language staff write messages in (syntax: README.md in this folder).
 *
 * A template is compiled once into a small tree of paragraphs, lists and conditions; rendering walks that tree.
 * It can only read declared placeholders (own properties of the values object, or a Map) and test declared
 * categories, flags and channels — there is no expression language, so no code runs and no prototype is reachable.
 * Output is plain text blocks; each channel escapes them itself (see blocks.ts).
 */
import type { Block, ListItem } from "./blocks.ts";
import { cleanText } from "./text.ts";

export type Channel = "email" | "sms" | "letter" | "portal";
export const CHANNELS: readonly Channel[] = ["email", "sms", "letter", "portal"];

/** What a condition may test when the template is rendered. */
export interface RenderContext {
  readonly categories: ReadonlySet<string>;
  readonly flags: ReadonlySet<string>;
  readonly channel: Channel;
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
}

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
}

type Inline =
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "value"; readonly name: string }
  | {
      readonly kind: "if";
      readonly test: Test;
      readonly whenTrue: readonly Inline[];
      readonly whenFalse: readonly Inline[];
    };

type Node =
  | { readonly kind: "paragraph"; readonly content: readonly Inline[] }
  | { readonly kind: "item"; readonly content: readonly Inline[] }
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
    return { anyOf: parts.map((p) => parseCondition(p, line)), negate };
  };

  /** Parses the inline content of one line (which may hold inline conditions). */
  const parseInline = (text: string, line: number): Inline[] => {
    const root: Inline[] = [];
    const stack: { test: Test; whenTrue: Inline[]; whenFalse: Inline[]; inElse: boolean; into: Inline[] }[] =
      [];
    let out = root;
    let last = 0;
    for (const match of text.matchAll(TAG)) {
      if (match.index > last) out.push({ kind: "text", text: text.slice(last, match.index) });
      last = match.index + match[0].length;
      const tag = (match[1] ?? "").trim();
      const directive = parseDirective(tag);
      if (directive?.kind === "if") {
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
        out.push({ kind: "value", name: resolveName(tag, line) });
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
  let paragraph: Inline[] | undefined;
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
      if (directive.kind === "if") {
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
      out.push({ kind: "item", content: parseInline(bullet[1] ?? "", line) });
      return;
    }
    const content = parseInline(trimmed, line);
    if (paragraph) {
      paragraph.push({ kind: "text", text: " " }, ...content);
    } else {
      paragraph = content;
      out.push({ kind: "paragraph", content: paragraph });
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
      renderNodes(nodes, values, context, name, blocks, true);
      return blocks;
    },
    renderLine(values, context) {
      const blocks: Block[] = [];
      renderNodes(nodes, values, context, name, blocks, false);
      return blocks.map((b) => (b.kind === "list" ? b.items.map((i) => i.text).join(" ") : b.text)).join(" ");
    },
  };
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

type Segment = { readonly inline: readonly Inline[] } | { readonly value: BlockValue };

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
    if (value) {
      const previous = current.at(-1);
      const afterColon = previous?.kind === "text" && /:\s*$/.test(previous.text);
      const rest = content.slice(i + 1);
      const atEnd = rest.every((r) => r.kind === "text" && /^[\s.:;]*$/.test(r.text));
      if (afterColon || atEnd) {
        segments ??= [];
        segments.push({ inline: current }, { value });
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
  template: string,
): string {
  let out = "";
  for (const part of content) {
    if (part.kind === "text") out += part.text;
    else if (part.kind === "value") {
      const value = lookup(values, part.name);
      const clean = value === undefined ? "" : cleanText(value);
      if (clean.trim() === "") throw new MissingValueError(template, part.name);
      out += clean;
    } else {
      out += renderInline(
        holds(part.test, values, context) ? part.whenTrue : part.whenFalse,
        values,
        context,
        template,
      );
    }
  }
  return out;
}

function renderNodes(
  nodes: readonly Node[],
  values: TemplateValues,
  context: RenderContext,
  template: string,
  blocks: Block[],
  splitBlockValues: boolean,
): void {
  for (const node of nodes) {
    if (node.kind === "if") {
      const branch = holds(node.test, values, context) ? node.whenTrue : node.whenFalse;
      renderNodes(branch, values, context, template, blocks, splitBlockValues);
      continue;
    }
    const segments =
      splitBlockValues && node.kind === "paragraph" ? splitAtBlockValues(node.content, values) : undefined;
    if (segments) {
      for (const segment of segments) {
        if ("inline" in segment) {
          const text = collapseSpaces(renderInline(segment.inline, values, context, template));
          if (text !== "") blocks.push({ kind: "paragraph", text });
        } else if (segment.value.kind === "code") {
          blocks.push({ kind: "code", text: cleanText(segment.value.text) });
        } else {
          const { ordered, items } = segment.value;
          blocks.push({ kind: "list", ordered, items: items.map((item) => ({ ...item })) });
        }
      }
      continue;
    }
    const text = collapseSpaces(renderInline(node.content, values, context, template));
    if (text === "") continue;
    if (node.kind === "paragraph") {
      blocks.push({ kind: "paragraph", text });
    } else {
      const previous = blocks.at(-1);
      if (previous?.kind === "list" && !previous.ordered) previous.items.push({ text });
      else blocks.push({ kind: "list", ordered: false, items: [{ text }] });
    }
  }
}

function collapseSpaces(text: string): string {
  return text.includes("  ") || text.startsWith(" ") || text.endsWith(" ")
    ? text.replace(/ {2,}/g, " ").trim()
    : text;
}
