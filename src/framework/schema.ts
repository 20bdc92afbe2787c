// Zod schemas for the framework data. The data modules are typed from these, and the content check
// re-validates them at test time so hand-edited data cannot drift from the schema.

import { z } from "zod";
import { type BilingualText, LANGUAGES } from "../core/index.ts";
import {
  CATEGORY_IDS,
  CHANNEL_IDS,
  ELEMENT_IDS,
  ENISA_CLASSES,
  FLAG_IDS,
  HELP_ORGANISATION_IDS,
  IDENTIFICATION_WEIGHTS,
  PRIORITIES,
  RISK_IDS,
  SECTORS,
  STEP_IDS,
} from "./ids.ts";

export const categoryIdSchema = z.enum(CATEGORY_IDS);
export const flagIdSchema = z.enum(FLAG_IDS);
export const riskIdSchema = z.enum(RISK_IDS);
export const stepIdSchema = z.enum(STEP_IDS);
export const helpOrganisationIdSchema = z.enum(HELP_ORGANISATION_IDS);
export const elementIdSchema = z.enum(ELEMENT_IDS);
export const channelIdSchema = z.enum(CHANNEL_IDS);
export const enisaClassSchema = z.enum(ENISA_CLASSES);
export const identificationWeightSchema = z.enum(IDENTIFICATION_WEIGHTS);
export const prioritySchema = z.enum(PRIORITIES);
export const sectorSchema = z.enum(SECTORS);

/** Every victim-facing or documentary text exists in Dutch (first) and English. */
export const textSchema: z.ZodType<BilingualText> = z.strictObject({
  nl: z.string().min(1),
  en: z.string().min(1),
});
/** The core's bilingual text; the schema above checks it. */
export type Text = BilingualText;

export const categorySchema = z.strictObject({
  id: categoryIdSchema,
  label: textSchema,
  explanation: textSchema,
  enisaClass: enisaClassSchema,
  /** Credentials take the ENISA class of what they unlock; enisaClass is then the least they unlock. */
  credential: z.boolean(),
  /** GDPR art. 9 special category. */
  special: z.boolean(),
  /** GDPR art. 10 criminal convictions and offences. */
  criminal: z.boolean(),
  identification: identificationWeightSchema,
  risks: z.array(riskIdSchema).min(1),
  /** Says who someone is: with financial data it enables fraud (EDPB 9/2022: identity + financial data). */
  identity: z.literal(true).optional(),
  /**
   * The part this category plays in the profile identity theft needs: name with postal address and date of
   * birth, or a national identification number (or document number) with a name or contact data.
   */
  identityProfile: z
    .enum(["name", "postal-address", "contact", "date-of-birth", "national-number"])
    .optional(),
  /** Data from an identity document: a copy (replace the document) or only its number (a weaker fact). */
  identityDocument: z.enum(["copy", "number"]).optional(),
  /** A pseudonymous identifier that on its own says nothing about the person (a user name, a customer number). */
  pseudonymousIdentifier: z.literal(true).optional(),
  /** People worry about this most; messages name it as "not leaked" when the breach did not include it. */
  oftenFeared: z.literal(true).optional(),
});
export type Category = z.infer<typeof categorySchema>;

export const riskSchema = z.strictObject({
  id: riskIdSchema,
  label: textSchema,
  explanation: textSchema,
  steps: z.array(stepIdSchema).min(1),
});
export type Risk = z.infer<typeof riskSchema>;

/**
 * A step is triggered when any of the listed categories leaked, or the person has one of the listed
 * flags; either kind may add `withCategories`: then one of those must have leaked too (a combination such as
 * date of birth with an address is what some misuse needs). The highest matching priority wins.
 */
export const stepTriggerSchema = z.union([
  z.strictObject({
    categories: z.array(categoryIdSchema).min(1),
    withCategories: z.array(categoryIdSchema).min(1).optional(),
    priority: prioritySchema,
  }),
  z.strictObject({
    flags: z.array(flagIdSchema).min(1),
    withCategories: z.array(categoryIdSchema).min(1).optional(),
    priority: prioritySchema,
  }),
]);
export type StepTrigger = z.infer<typeof stepTriggerSchema>;

export const stepSchema = z.strictObject({
  id: stepIdSchema,
  title: textSchema,
  why: textSchema,
  how: z.array(textSchema).min(1),
  help: z.array(helpOrganisationIdSchema),
  triggers: z.array(stepTriggerSchema).min(1),
});
export type Step = z.infer<typeof stepSchema>;

export const contactRouteSchema = z.strictObject({
  kind: z.enum(["phone", "web", "counter", "form", "post"]),
  value: z.string().min(1),
  note: textSchema.optional(),
});
export type ContactRoute = z.infer<typeof contactRouteSchema>;

export const helpOrganisationSchema = z.strictObject({
  id: helpOrganisationIdSchema,
  name: textSchema,
  helpsWith: textSchema,
  contact: z.array(contactRouteSchema).min(1),
  /** null when the source gives no opening hours; never guessed. */
  openingHours: textSchema.nullable(),
  /** The organisation's own public page (https) where these details were read. */
  source: z.url({ protocol: /^https$/ }),
  /** The day `source` was last compared with this entry. */
  checkedAt: z.iso.date(),
});
export type HelpOrganisation = z.infer<typeof helpOrganisationSchema>;

export const flagSchema = z.strictObject({
  id: flagIdSchema,
  label: textSchema,
  explanation: textSchema,
  extraRisks: z.array(riskIdSchema),
  extraSteps: z.array(stepIdSchema),
  channel: z.strictObject({
    /** Routes this person should be reached through, best first. */
    preferred: z.array(channelIdSchema).min(1),
    /** Reach somebody else instead of the person (guardian, parents, estate); lower number wins. */
    replacesRecipient: z.number().int().positive().nullable(),
    /** The person cannot use digital routes: never rely on e-mail or SMS alone. */
    excludesDigital: z.boolean(),
    note: textSchema,
  }),
});
export type Flag = z.infer<typeof flagSchema>;

export const elementSchema = z.strictObject({
  id: elementIdSchema,
  /** Where the duty comes from: framework element ids (K3…) and GDPR articles. */
  sources: z.array(z.string().min(1)).min(1),
  title: textSchema,
  mustSay: textSchema,
  /** always: every notice; when-applicable: include when the facts or the person call for it. */
  required: z.enum(["always", "when-applicable"]),
  placeholders: z.array(z.string().regex(/^[a-z][a-z0-9_]*$/)),
  template: textSchema,
});
export type Element = z.infer<typeof elementSchema>;

export const subjectLineSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/),
  placeholders: z.array(z.string().regex(/^[a-z][a-z0-9_]*$/)),
  text: textSchema,
});
export type SubjectLine = z.infer<typeof subjectLineSchema>;

export const jargonEntrySchema = z.strictObject({
  language: z.enum(LANGUAGES),
  /** Lower-case word or phrase; matched on word boundaries. */
  term: z.string().min(1),
  alternative: z.string().min(1),
  severity: z.enum(["block", "warn"]),
});
export type JargonEntry = z.infer<typeof jargonEntrySchema>;

export const changelogEntrySchema = z.strictObject({
  version: z.string().min(1),
  date: z.iso.date(),
  changes: z.array(z.string().min(1)).min(1),
});
export type ChangelogEntry = z.infer<typeof changelogEntrySchema>;
