// framework: the handelingskader for victims of large data breaches as versioned, bilingual (nl, en) data —
// data categories, risks, steps, help organisations, victim flags, required information elements with
// template texts — plus its zod schemas, look-ups, the B1 plain-language checker and a content check.
// Pure: no I/O. Other parts import only this file.
import { LANGUAGES } from "../core/index.ts";
import { FRAMEWORK_CONTENT } from "./content-check.ts";
import { CHANNEL_IDS, ENISA_CLASSES, PRIORITIES } from "./ids.ts";

export { CATEGORIES } from "./categories.ts";
export {
  type ContentProblem,
  checkContent,
  FRAMEWORK_CONTENT,
  type FrameworkContent,
  MAX_CHECK_AGE_DAYS,
  publicSourceProblem,
} from "./content-check.ts";
export { ELEMENTS, SUBJECT_LINES } from "./elements.ts";
export { FLAGS } from "./flags.ts";
export { HELP_ORGANISATIONS } from "./help-organisations.ts";
export {
  CATEGORY_IDS,
  type CategoryId,
  CHANNEL_IDS,
  type ChannelId,
  ELEMENT_IDS,
  type ElementId,
  ENISA_CLASSES,
  type EnisaClass,
  FLAG_IDS,
  type FlagId,
  HELP_ORGANISATION_IDS,
  type HelpOrganisationId,
  IDENTIFICATION_WEIGHTS,
  type IdentificationWeight,
  LANGUAGES,
  type Language,
  PRIORITIES,
  type Priority,
  RISK_IDS,
  type RiskId,
  SECTORS,
  type Sector,
  STEP_IDS,
  type StepId,
} from "./ids.ts";
export { COMMON_LONG_WORDS_NL, COMPOUND_PARTS_NL, JARGON } from "./jargon.ts";
export {
  getCategory,
  getElement,
  getFlag,
  getHelpOrganisation,
  getRisk,
  getStep,
  isCategoryId,
  isElementId,
  isFlagId,
  isHelpOrganisationId,
  isRiskId,
  isStepId,
} from "./lookup.ts";
export {
  BLOCK_SENTENCE_WORDS,
  BLOCK_WORD_LETTERS,
  checkPlainLanguage,
  countSyllables,
  LONG_WORD_LETTERS_NL,
  LONG_WORD_SYLLABLES,
  MAX_AVERAGE_SENTENCE_WORDS,
  MAX_SENTENCE_WORDS,
  PASSIVE_WINDOW_WORDS,
  type PlainLanguageFinding,
  type PlainLanguageOptions,
  type PlainLanguageReport,
  type PlainLanguageRule,
  splitSentences,
} from "./plain-language.ts";
export { RISKS } from "./risks.ts";
export {
  type Category,
  type ChangelogEntry,
  type ContactRoute,
  categoryIdSchema,
  categorySchema,
  changelogEntrySchema,
  channelIdSchema,
  contactRouteSchema,
  type Element,
  elementIdSchema,
  elementSchema,
  enisaClassSchema,
  type Flag,
  flagIdSchema,
  flagSchema,
  type HelpOrganisation,
  helpOrganisationIdSchema,
  helpOrganisationSchema,
  identificationWeightSchema,
  type JargonEntry,
  jargonEntrySchema,
  prioritySchema,
  type Risk,
  riskIdSchema,
  riskSchema,
  type Step,
  type StepTrigger,
  type SubjectLine,
  sectorSchema,
  stepIdSchema,
  stepSchema,
  stepTriggerSchema,
  subjectLineSchema,
  type Text,
  textSchema,
} from "./schema.ts";
export { STEPS } from "./steps.ts";
export { CHANGELOG, FRAMEWORK_VERSION } from "./version.ts";

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

export type FrameworkDocument = ReturnType<typeof frameworkDocument>;
