/**
 * Compiling a template's source into its tree: lines into paragraphs, list items and block conditions, each
 * line's inline placeholders and conditions, with every name, condition and limit checked at compile time so
 * an error names the template, the line and the placeholder.
 */
import { CHANNELS } from "../channels/channel.ts";
import { TEMPLATE_LIMITS, TemplateError } from "./limits.ts";
import type { Condition, Inline, Node, Test } from "./tree.ts";

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

/** A template's tree and what it reads and tests, for completeness reports. */
export interface ParsedTemplate {
  readonly nodes: readonly Node[];
  readonly placeholders: ReadonlySet<string>;
  readonly tests: { readonly categories: ReadonlySet<string>; readonly flags: ReadonlySet<string> };
}

const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const NAME = /^[a-z][a-z0-9_.-]*$/i;
const TAG = /\(\(([^()]*?)\)\)/g;
const BIDI_CONTROL = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

type Directive = { kind: "if"; expression: string; negate: boolean } | { kind: "else" } | { kind: "end" };

/** An open `((if …))`: where its branches collect, and where the finished condition goes. */
interface Frame<T> {
  test: Test;
  whenTrue: T[];
  whenFalse: T[];
  inElse: boolean;
  into: T[];
  line: number;
}

export function parseTemplate(source: string, options: CompileOptions): ParsedTemplate {
  const name = options.name ?? "template";
  if (source.length > TEMPLATE_LIMITS.sourceChars) {
    throw new TemplateError(
      `${name}: the text has ${source.length.toLocaleString("en")} characters; at most ${TEMPLATE_LIMITS.sourceChars.toLocaleString("en")}`,
      1,
    );
  }
  const parser = new Parser(name, options);
  source
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .forEach((rawLine, index) => {
      parser.line(rawLine, index + 1);
    });
  return parser.finish();
}

/** One compile: the state a template's lines are parsed into, and the checks on every name and condition. */
class Parser {
  private readonly name: string;
  private readonly options: CompileOptions;
  private readonly allowed = new Map<string, string>();
  private readonly known: { category: Set<string> | undefined; flag: Set<string> | undefined };
  private readonly used = new Set<string>();
  private readonly tested = { categories: new Set<string>(), flags: new Set<string>() };
  private readonly root: Node[] = [];
  private readonly stack: Frame<Node>[] = [];
  private out: Node[] = this.root;
  private tags = 0;
  private paragraph: { kind: "paragraph"; content: Inline[]; byChannel: boolean } | undefined;

  constructor(name: string, options: CompileOptions) {
    this.name = name;
    this.options = options;
    for (const p of options.placeholders) this.allowed.set(p.toLowerCase(), p);
    this.known = {
      category: options.categories ? new Set(options.categories) : undefined,
      flag: options.flags ? new Set(options.flags) : undefined,
    };
  }

  finish(): ParsedTemplate {
    const open = this.stack.at(-1);
    if (open) this.fail(open.line, "((if …)) is not closed with ((end))");
    return { nodes: this.root, placeholders: this.used, tests: this.tested };
  }

  /** Block level: one line becomes a directive, the end of a paragraph, a list item or paragraph text. */
  line(rawLine: string, line: number): void {
    if (BIDI_CONTROL.test(rawLine))
      this.fail(line, "contains an invisible text-direction character; remove it");
    // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
    if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(rawLine))
      this.fail(line, "contains a control character; remove it");
    const trimmed = rawLine.trim();
    const whole = /^\(\(([^()]*)\)\)$/.exec(trimmed);
    const directive = whole ? parseDirective((whole[1] ?? "").trim()) : undefined;
    if (directive) {
      this.paragraph = undefined;
      this.countTag(line);
      this.blockDirective(directive, line);
      return;
    }
    if (trimmed === "") {
      this.paragraph = undefined;
      return;
    }
    const bullet = /^[*-]\s+(.*)$/.exec(trimmed);
    if (bullet) {
      this.paragraph = undefined;
      const content = this.inline(bullet[1] ?? "", line);
      this.out.push({ kind: "item", content, byChannel: inlineByChannel(content) });
      return;
    }
    const content = this.inline(trimmed, line);
    if (this.paragraph) {
      this.paragraph.content.push({ kind: "text", text: " " }, ...content);
      this.paragraph.byChannel ||= inlineByChannel(content);
    } else {
      this.paragraph = { kind: "paragraph", content, byChannel: inlineByChannel(content) };
      this.out.push(this.paragraph);
    }
  }

  private blockDirective(directive: Directive, line: number): void {
    if (directive.kind === "if") {
      if (this.stack.length >= TEMPLATE_LIMITS.nesting) {
        this.fail(line, `conditions are nested more than ${TEMPLATE_LIMITS.nesting} deep`);
      }
      const frame = this.open(directive, line, this.out);
      this.stack.push(frame);
      this.out = frame.whenTrue;
    } else if (directive.kind === "else") {
      this.out = this.enterElse(this.stack, line);
    } else {
      const frame = this.stack.pop() ?? this.fail(line, "((end)) without ((if …))");
      this.out = frame.into;
      this.out.push({ kind: "if", test: frame.test, whenTrue: frame.whenTrue, whenFalse: frame.whenFalse });
    }
  }

  private open<T>(directive: { expression: string; negate: boolean }, line: number, into: T[]): Frame<T> {
    const test = this.test(directive.expression, directive.negate, line);
    return { test, whenTrue: [], whenFalse: [], inElse: false, into, line };
  }

  private enterElse<T>(stack: Frame<T>[], line: number): T[] {
    const frame = stack.at(-1) ?? this.fail(line, "((else)) without ((if …))");
    if (frame.inElse) this.fail(line, "two ((else)) in one ((if …))");
    frame.inElse = true;
    return frame.whenFalse;
  }

  /** The inline content of one line, which may hold inline conditions closed on the same line. */
  private inline(text: string, line: number): Inline[] {
    const root: Inline[] = [];
    const stack: Frame<Inline>[] = [];
    let out = root;
    let last = 0;
    for (const match of text.matchAll(TAG)) {
      this.countTag(line, match[1]);
      if (match.index > last) out.push({ kind: "text", text: text.slice(last, match.index) });
      last = match.index + match[0].length;
      const tag = (match[1] ?? "").trim();
      const directive = parseDirective(tag);
      if (directive?.kind === "if") {
        if (this.stack.length + stack.length >= TEMPLATE_LIMITS.nesting) {
          this.fail(line, `conditions are nested more than ${TEMPLATE_LIMITS.nesting} deep`);
        }
        const frame = this.open(directive, line, out);
        stack.push(frame);
        out = frame.whenTrue;
      } else if (directive?.kind === "else") {
        out = this.enterElse(stack, line);
      } else if (directive?.kind === "end") {
        const frame = stack.pop() ?? this.fail(line, "((end)) without ((if …))");
        out = frame.into;
        out.push({ kind: "if", test: frame.test, whenTrue: frame.whenTrue, whenFalse: frame.whenFalse });
      } else {
        out.push(this.inlineTag(tag, line));
      }
    }
    if (last < text.length) out.push({ kind: "text", text: text.slice(last) });
    if (stack.length > 0)
      this.fail(line, "((if …)) inside a line must be closed with ((end)) on the same line");
    return root;
  }

  /** A placeholder, or GOV.UK Notify's optional text `((condition??text))`. */
  private inlineTag(tag: string, line: number): Inline {
    if (!tag.includes("??")) return { kind: "value", name: this.resolveName(tag, line), line };
    const split = tag.indexOf("??");
    const test = this.test(tag.slice(0, split), false, line);
    return { kind: "if", test, whenTrue: [{ kind: "text", text: tag.slice(split + 2) }], whenFalse: [] };
  }

  private countTag(line: number, placeholder?: string): void {
    if (++this.tags > TEMPLATE_LIMITS.tags) {
      this.fail(
        line,
        `more than ${TEMPLATE_LIMITS.tags} placeholders and conditions; split the text`,
        placeholder,
      );
    }
  }

  private test(expression: string, negate: boolean, line: number): Test {
    const parts = expression.split(/\s+or\s+/i);
    if (parts.some((p) => p.trim() === "")) this.fail(line, `incomplete condition "${expression}"`);
    const anyOf = parts.map((p) => this.condition(p, line));
    return { anyOf, negate, byChannel: anyOf.some((c) => c.kind === "channel") };
  }

  private condition(raw: string, line: number): Condition {
    const text = raw.trim();
    const colon = text.indexOf(":");
    if (colon < 0) return { kind: "value", name: this.resolveName(text, line) };
    const kind = text.slice(0, colon).trim().toLowerCase();
    const id = text
      .slice(colon + 1)
      .trim()
      .toLowerCase();
    if (kind !== "category" && kind !== "flag" && kind !== "channel") {
      return this.fail(
        line,
        `unknown condition "${text}" (use category:, flag:, channel: or a placeholder name)`,
      );
    }
    if (!ID.test(id)) return this.fail(line, `"${id}" is not a valid ${kind} id`);
    if (kind === "channel") {
      if (this.options.channelConditions === false) {
        return this.fail(
          line,
          `channel conditions cannot be used here: ${this.name} is the same on every channel`,
        );
      }
      if (!(CHANNELS as readonly string[]).includes(id)) {
        return this.fail(line, `unknown channel "${id}" (one of ${CHANNELS.join(", ")})`);
      }
    } else {
      const set = this.known[kind];
      if (set && !set.has(id)) return this.fail(line, `unknown ${kind} "${id}"`);
      (kind === "category" ? this.tested.categories : this.tested.flags).add(id);
    }
    return { kind, id };
  }

  private resolveName(raw: string, line: number): string {
    const canonical = NAME.test(raw) ? this.allowed.get(raw.toLowerCase()) : undefined;
    if (canonical === undefined) {
      return this.fail(
        line,
        `unknown placeholder ((${raw})); allowed: ${[...this.allowed.values()].join(", ")}`,
        raw,
      );
    }
    this.used.add(canonical);
    return canonical;
  }

  private fail(line: number, message: string, placeholder?: string): never {
    throw new TemplateError(`${this.name}, line ${line}: ${message}`, line, placeholder);
  }
}

function inlineByChannel(content: readonly Inline[]): boolean {
  return content.some(
    (part) =>
      part.kind === "if" &&
      (part.test.byChannel || inlineByChannel(part.whenTrue) || inlineByChannel(part.whenFalse)),
  );
}

function parseDirective(tag: string): Directive | undefined {
  const lower = tag.toLowerCase();
  if (lower === "end") return { kind: "end" };
  if (lower === "else") return { kind: "else" };
  const m = /^(if|unless)\s+(.+)$/i.exec(tag);
  if (m) return { kind: "if", expression: m[2] ?? "", negate: (m[1] ?? "").toLowerCase() === "unless" };
  return undefined;
}
