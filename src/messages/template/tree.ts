/**
 * The shapes of the template language: the values a rendering reads, what conditions may test, and the small
 * tree a template compiles to (paragraphs, list items and conditions, with inline content inside them).
 */

import type { Block, ListItem } from "../blocks.ts";
import type { Channel } from "../channels/channel.ts";

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

export type BlockValue = ListValue | CodeValue;
export type TemplateValue = string | number | BlockValue | undefined;
export type TemplateValues = Readonly<Record<string, TemplateValue>> | ReadonlyMap<string, TemplateValue>;

export type Condition =
  | { readonly kind: "category" | "flag" | "channel"; readonly id: string }
  | { readonly kind: "value"; readonly name: string };

/** Any of `anyOf` holds (or, with `negate`, none holds). */
export interface Test {
  readonly anyOf: readonly Condition[];
  readonly negate: boolean;
  /** Whether a condition tests the channel, so the outcome can differ per channel. */
  readonly byChannel: boolean;
}

export type Inline =
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "value"; readonly name: string; readonly line: number }
  | {
      readonly kind: "if";
      readonly test: Test;
      readonly whenTrue: readonly Inline[];
      readonly whenFalse: readonly Inline[];
    };

export type Node =
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
