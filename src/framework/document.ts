// The whole framework as one open-data document: what the API serves at /framework and the pages describe.
import { LANGUAGES } from "../core/index.ts";
import { FRAMEWORK_CONTENT } from "./content-check.ts";
import { CHANNEL_IDS, ENISA_CLASSES, PRIORITIES } from "./ids.ts";

/** The whole framework as plain JSON-serialisable open data. */
export function frameworkDocument() {
  const { version, changelog, ...content } = FRAMEWORK_CONTENT;
  return structuredClone({
    version,
    changelog,
    languages: [...LANGUAGES],
    enisaClasses: ENISA_CLASSES,
    priorities: PRIORITIES,
    channels: CHANNEL_IDS,
    ...content,
  });
}
