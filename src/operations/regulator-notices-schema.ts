/**
 * The sections of a notice to the regulator, after the Dutch regulator's breach notification form (about the
 * notice, contacts, timeline, the breach, personal data, data subjects, protection before the breach,
 * consequences, follow-up), as a zod schema. Every problem names its field by path (`contacts.email`), so the
 * console puts the message at the field and the API names it in its problem list. A withdrawal carries only its
 * reason.
 */
import { z } from "zod";
import { CATEGORY_IDS } from "../framework/index.ts";

const required = (max: number) =>
  z.string().trim().min(1, "must not be empty").max(max, `must be at most ${max} characters`);
const optional = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`).optional();
const isoDateTime = z
  .string()
  .trim()
  .refine((value) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value) && !Number.isNaN(Date.parse(value)), {
    message: "expected a date and time, e.g. 2026-02-10T14:00",
  });
const isoDate = z
  .string()
  .trim()
  .refine((value) => value === "" || (/^\d{4}-\d{2}-\d{2}/.test(value) && !Number.isNaN(Date.parse(value))), {
    message: "expected a date, e.g. 2026-02-07",
  })
  .optional();
const count = z.number({ message: "expected a whole number" }).int("expected a whole number").min(0).max(1e9);

export const NOTICE_NATURES = ["confidentiality", "integrity", "availability"] as const;
export const SUBJECTS_INFORMED = ["yes", "planned", "no"] as const;
export const NOTICE_RISKS = ["unlikely", "risk", "high"] as const;

export const noticeSectionsSchema = z
  .strictObject({
    about: z.strictObject({
      organisationName: required(200),
      /** The Chamber of Commerce number (KvK), eight digits, when the organisation has one. */
      chamberOfCommerce: z
        .string()
        .trim()
        .refine((value) => value === "" || /^\d{8}$/.test(value), { message: "expected eight digits" })
        .optional(),
      /** Whether this notice is complete, or a supplement will follow. */
      complete: z.boolean(),
    }),
    contacts: z.strictObject({
      name: required(200),
      role: optional(200),
      email: z
        .string()
        .trim()
        .pipe(z.email({ message: "expected an e-mail address" })),
      phone: z
        .string()
        .trim()
        .refine((value) => /^\+?[0-9][0-9 ()-]{7,19}$/.test(value), { message: "expected a phone number" }),
    }),
    timeline: z.strictObject({
      awareAt: isoDateTime,
      occurredFrom: isoDate,
      occurredTo: isoDate,
      ongoing: z.boolean(),
      discovery: required(2000),
    }),
    breach: z.strictObject({
      summary: required(4000),
      nature: z.array(z.enum(NOTICE_NATURES)).min(1, "choose at least one"),
      cause: required(1000),
    }),
    personalData: z.strictObject({
      categories: z.array(z.enum(CATEGORY_IDS)).min(1, "choose at least one"),
      special: z.boolean(),
      description: optional(2000),
    }),
    dataSubjects: z.strictObject({
      countMin: count,
      countMax: count,
      groups: required(1000),
    }),
    protection: z.strictObject({
      encrypted: z.boolean(),
      pseudonymised: z.boolean(),
      measures: optional(2000),
    }),
    consequences: z.strictObject({
      risk: z.enum(NOTICE_RISKS),
      description: required(4000),
    }),
    followUp: z.strictObject({
      measures: required(4000),
      subjectsInformed: z.enum(SUBJECTS_INFORMED),
      /** Why people are not told (required when they are not). */
      subjectsReason: optional(2000),
      crossBorder: z.boolean(),
    }),
  })
  .superRefine((value, context) => {
    if (value.dataSubjects.countMax < value.dataSubjects.countMin)
      context.addIssue({
        code: "custom",
        path: ["dataSubjects", "countMax"],
        message: "must not be less than the lowest number",
      });
    if (value.followUp.subjectsInformed === "no" && !value.followUp.subjectsReason)
      context.addIssue({
        code: "custom",
        path: ["followUp", "subjectsReason"],
        message: "say why the people are not told",
      });
    const { occurredFrom, occurredTo } = value.timeline;
    if (occurredFrom && occurredTo && occurredTo < occurredFrom)
      context.addIssue({ code: "custom", path: ["timeline", "occurredTo"], message: "is before the start" });
  });

export type NoticeSections = z.infer<typeof noticeSectionsSchema>;

export const withdrawalSchema = z.strictObject({ reason: required(4000) });

/** The schema's problems as `{ path, message }`, one per field, the path dotted (`dataSubjects.countMax`). */
export function noticeProblems(error: z.ZodError): { path: string; message: string }[] {
  const seen = new Set<string>();
  const problems: { path: string; message: string }[] = [];
  for (const issue of error.issues) {
    const path = issue.path.filter((key) => typeof key !== "symbol").join(".");
    // An item of a list is the list's problem: the form shows one message at the checkbox group.
    const field = path.replace(/\.\d+$/, "");
    if (seen.has(field)) continue;
    seen.add(field);
    const message =
      issue.code === "invalid_type" && issue.input === undefined ? "must not be empty" : issue.message;
    problems.push({ path: field, message });
  }
  return problems;
}

/** The section names in the form's order (the PDF and the console follow it). */
export const SECTION_ORDER = [
  "about",
  "contacts",
  "timeline",
  "breach",
  "personalData",
  "dataSubjects",
  "protection",
  "consequences",
  "followUp",
] as const;
