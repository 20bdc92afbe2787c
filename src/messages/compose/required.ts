/**
 * Which of the framework's required elements a message must deliver, by kind and by the person's situation.
 * Used by composition (to skip empty situation advice) and by the completeness check.
 */
import { ELEMENTS, type ElementId, getFlag, isFlagId } from "../../framework/index.ts";
import type { ComposedMessage, MessageKind } from "../message.ts";

/** An element a message must deliver, as the framework lists it. */
export interface RequiredElement {
  id: string;
  title: string;
  mustSay: string;
}

/** Elements a kind of message must contain; `advice-for-your-situation` joins when the person has flag steps. */
const REQUIRED_BY_KIND: Readonly<Record<MessageKind, readonly ElementId[] | "always">> = {
  "first-notice": "always",
  update: ["updates", "what-you-can-do", "help-when-things-go-wrong", "contact-point", "verify-this-message"],
  "affected-answer": [
    "which-data",
    "consequences",
    "what-you-can-do",
    "help-when-things-go-wrong",
    "contact-point",
    "verify-this-message",
  ],
};

/** Steps that exist because of who this person is (their flags), shown as advice for their situation. */
export function situationStepIds(flags: readonly string[]): Set<string> {
  return new Set(flags.filter(isFlagId).flatMap((f) => getFlag(f).extraSteps));
}

/** The elements a message of this kind must contain for this person (for the completeness check). */
export function requiredElements(
  message: Pick<ComposedMessage, "kind" | "language" | "recipient">,
): RequiredElement[] {
  const rule = REQUIRED_BY_KIND[message.kind];
  const needsSituation = situationStepIds(message.recipient.flags).size > 0;
  return ELEMENTS.filter((e) =>
    e.id === "advice-for-your-situation"
      ? needsSituation
      : rule === "always"
        ? e.required === "always"
        : rule.includes(e.id),
  ).map((e) => ({ id: e.id, title: e.title[message.language], mustSay: e.mustSay[message.language] }));
}
