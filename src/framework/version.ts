// Version of the framework content. Bump on every content change and add a changelog entry, so assessments
// and notices can say which version of the framework they used.
import type { ChangelogEntry } from "./schema.ts";

export const FRAMEWORK_VERSION = "2026.1";

export const CHANGELOG: readonly ChangelogEntry[] = [
  {
    version: "2026.1",
    date: "2026-11-28",
    changes: [
      "First version: data categories, risks, steps, help organisations, victim flags, required information elements with template texts and subject lines, B1 jargon list.",
      "Based on the 2026 letter to the House of Representatives on the framework for victims of large data breaches, GDPR art. 33/34, EDPB guidelines 9/2022 and the ENISA severity method (2013).",
    ],
  },
];
