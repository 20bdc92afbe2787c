// framework: the handelingskader for victims of large data breaches as versioned, bilingual (nl, en) data —
// data categories, risks, steps, help organisations, victim flags, required information elements with
// template texts — plus its zod schemas, look-ups, the B1 plain-language checker and a content check.
// Pure: no I/O. Other parts import only this file, and it exports only what they use.
export { CATEGORIES } from "./categories.ts";
export { frameworkDocument } from "./document.ts";
export { ELEMENTS, SUBJECT_LINES } from "./elements.ts";
export { FLAGS } from "./flags.ts";
export { HELP_ORGANISATIONS } from "./help-organisations.ts";
export {
  CATEGORY_IDS,
  type CategoryId,
  type ChannelId,
  ELEMENT_IDS,
  type ElementId,
  ENISA_CLASSES,
  type EnisaClass,
  FLAG_IDS,
  type FlagId,
  type HelpOrganisationId,
  LANGUAGES,
  type Language,
  PRIORITIES,
  type Priority,
  type RiskId,
  SECTORS,
  type Sector,
  type StepId,
} from "./ids.ts";
export {
  getCategory,
  getFlag,
  getHelpOrganisation,
  isCategoryId,
  isFlagId,
  isHelpOrganisationId,
} from "./lookup.ts";
export { checkPlainLanguage, type PlainLanguageFinding, splitSentences } from "./plain-language.ts";
export { RISKS } from "./risks.ts";
export {
  type Category,
  categoryIdSchema,
  type Element,
  type Flag,
  flagIdSchema,
  type HelpOrganisation,
  type Step,
  type StepTrigger,
  sectorSchema,
} from "./schema.ts";
export { STEPS } from "./steps.ts";
export { CHANGELOG, FRAMEWORK_VERSION } from "./version.ts";
