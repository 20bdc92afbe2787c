/**
 * The template language staff write messages in (syntax: README.md of this part).
 *
 * A template is compiled once into a small tree of paragraphs, lists and conditions (parse.ts); rendering walks
 * that tree (render.ts). It can only read declared placeholders (own properties of the values object, or a Map)
 * and test declared categories, flags and channels — there is no expression language, so no code runs and no
 * prototype is reachable. Output is plain text blocks; each channel escapes them itself (see blocks.ts).
 */
import type { Block } from "../blocks.ts";
import { CHANNELS, type Channel } from "../channels/channel.ts";
import { type CompileOptions, parseTemplate } from "./parse.ts";
import { newBudget, renderNodes } from "./render.ts";
import type { CompiledTemplate } from "./tree.ts";

export { MissingValueError, TEMPLATE_LIMITS, TemplateError } from "./limits.ts";
export type { CompileOptions } from "./parse.ts";
export type {
  CodeValue,
  CompiledTemplate,
  ListValue,
  RenderContext,
  TemplateValue,
  TemplateValues,
} from "./tree.ts";
export { CHANNELS, type Channel };

export function compileTemplate(source: string, options: CompileOptions): CompiledTemplate {
  const { nodes, placeholders, tests } = parseTemplate(source, options);
  const name = options.name ?? "template";
  return {
    name,
    placeholders,
    tests,
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
