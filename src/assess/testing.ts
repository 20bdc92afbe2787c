// Test fixtures for this part's tests: minimal valid breach facts to vary one fact at a time.
import type { CategoryId } from "../framework/index.ts";
import type { BreachFacts } from "./input.ts";

// Other parts' tests walk every cause and recipient kind (src/messages/platform-text.test.ts).
export { CAUSES, RECIPIENTS } from "./input.ts";

/**
 * A confidentiality breach of e-mail addresses of 100 people, seen by known recipients without malice, with
 * nothing else notable: ENISA low, GDPR unlikely. (100 is above the contained-disclosure limit, so varying
 * one fact shows that fact's own effect.)
 */
export function breachFacts(overrides: Partial<BreachFacts> = {}): BreachFacts {
  return {
    controller: { name: "Voorbeeld BV", sector: "retail" },
    awareAt: "2026-02-10T14:00:00+01:00",
    nature: ["confidentiality"],
    malicious: false,
    recipients: "known",
    recovery: "not-applicable",
    subjects: { count: 100, groups: ["customers"] },
    data: [{ category: "email" }],
    ...overrides,
  };
}

export const dataOf = (...categories: CategoryId[]) => categories.map((category) => ({ category }));
