/**
 * Validation of what staff (or an API client) hand in for a campaign: the message setup (organisation, own
 * texts, element overrides, layout, subjects, date, the platform's public address) and a recipient. Everything is checked by a zod schema with
 * size limits on every text, unknown fields and ids are errors (an override for an element that does not exist
 * would otherwise be silently ignored), and every override and subject must compile. Problems come back as
 * `{ path, message }`, one per mistake, so a form or API client can point at the field.
 */

import { z } from "zod";
import { type BreachFacts, parseBreachFacts } from "../../assess/index.ts";
import { LANGUAGES } from "../../core/index.ts";
import { CATEGORY_IDS, ELEMENT_IDS, FLAG_IDS, SUBJECT_LINES } from "../../framework/index.ts";
import { MESSAGE_KINDS, type Recipient } from "../message.ts";
import { BREACH_SLUG } from "../portal-addresses.ts";
import { compileTemplate, TEMPLATE_LIMITS, TemplateError } from "../template/template.ts";
import { allowedPlaceholders, type MessageSetup } from "./campaign.ts";

/** Size limits on the texts of a setup and a recipient (characters). */
export const SETUP_LIMITS = {
  /** An organisation's own text, e.g. what happened (inserted into templates as a value). */
  text: 5_000,
  /** One template (an element override), as the template language allows. */
  template: TEMPLATE_LIMITS.sourceChars,
  subject: 200,
  /** Names, address lines, phone numbers, ids. */
  short: 200,
  /** A PEM key for DKIM. */
  key: 10_000,
} as const;

export interface SetupProblem {
  path: string;
  message: string;
}

export type SetupParseResult<T> = { ok: true; value: T } | { ok: false; problems: SetupProblem[] };

const short = (what: string) =>
  z
    .string({ error: `${what} must be text` })
    .trim()
    .min(1, `${what} must not be empty`)
    .max(SETUP_LIMITS.short, `${what} is longer than ${SETUP_LIMITS.short} characters`);
const noLineBreaks = (schema: z.ZodString, what: string) =>
  schema.refine((s) => !/[\r\n]/.test(s), `${what} must be one line`);
const email = (what: string) =>
  z.email({ error: `${what} must be an e-mail address` }).max(254, `${what} is too long`);
const domain = z
  .string()
  .max(253)
  .regex(
    /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i,
    "must be a domain name, e.g. voorbeeld.nl",
  );
const bilingual = (max: number, what: string) =>
  z.strictObject({
    nl: z
      .string({ error: "Dutch text (nl) is required" })
      .max(max, `${what} is longer than ${max} characters`),
    en: z
      .string({ error: "English text (en) is required" })
      .max(max, `${what} is longer than ${max} characters`),
  });
const text = bilingual(SETUP_LIMITS.text, "the text");

const organisationSchema = z.strictObject({
  name: noLineBreaks(short("the name"), "the name"),
  senderEmail: email("the sender"),
  replyTo: email("the reply address").optional(),
  domains: z.array(domain).min(1, "name at least one domain").max(20, "at most 20 domains"),
  website: noLineBreaks(short("the web address"), "the web address"),
  postalAddress: z
    .array(noLineBreaks(short("an address line"), "an address line"))
    .min(1)
    .max(8),
  phone: short("the phone number").optional(),
  dpo: z.strictObject({
    name: short("the name").optional(),
    email: email("the e-mail address").optional(),
    phone: short("the phone number").optional(),
  }),
  signatory: z.strictObject({ name: short("the name"), role: short("the role") }).optional(),
  dkim: z
    .strictObject({
      domainName: domain,
      keySelector: z.string().regex(/^[a-z0-9_-]{1,63}$/i, "must be a DNS label"),
      privateKey: z.string().min(1).max(SETUP_LIMITS.key),
    })
    .optional(),
});

const textsSchema = z.strictObject({
  whatHappened: text,
  measuresTaken: text,
  improvements: text,
  compensation: text,
  contactHours: text,
  updateFrequency: text,
  notLeaked: text.optional(),
  updateNews: text.optional(),
});

const elementIds = ELEMENT_IDS as readonly string[];
const elementIdsList = ELEMENT_IDS.join(", ");
const kindsList = MESSAGE_KINDS.join(", ");

/** Keys of a record must be known ids; each unknown one is a problem naming it. */
function knownKeys(ids: readonly string[], noun: string, list: string) {
  return (value: Record<string, unknown>, ctx: z.RefinementCtx) => {
    for (const key of Object.keys(value)) {
      if (!ids.includes(key)) {
        ctx.addIssue({ code: "custom", path: [key], message: `unknown ${noun} "${key}"; one of ${list}` });
      }
    }
  };
}

const overridesSchema = z
  .record(z.string(), bilingual(SETUP_LIMITS.template, "the template"))
  .superRefine(knownKeys(elementIds, "element", elementIdsList));

const layoutSchema = z
  .record(
    z.string(),
    z
      .array(z.string())
      .max(elementIds.length, `at most ${elementIds.length} elements`)
      .superRefine((ids, ctx) => {
        const seen = new Set<string>();
        ids.forEach((id, i) => {
          if (!elementIds.includes(id)) {
            ctx.addIssue({
              code: "custom",
              path: [i],
              message: `unknown element "${id}"; one of ${elementIdsList}`,
            });
          } else if (seen.has(id)) {
            ctx.addIssue({ code: "custom", path: [i], message: `element "${id}" appears twice` });
          }
          seen.add(id);
        });
      }),
  )
  .superRefine(knownKeys(MESSAGE_KINDS, "message kind", kindsList));

const subjectIds = SUBJECT_LINES.map((s) => s.id);
const subjectsSchema = z
  .record(
    z.string(),
    z.union([
      z.string().refine((id) => subjectIds.includes(id), {
        message: `unknown subject line; one of ${subjectIds.join(", ")} or { nl, en } text`,
      }),
      bilingual(SETUP_LIMITS.subject, "the subject"),
    ]),
  )
  .superRefine(knownKeys(MESSAGE_KINDS, "message kind", kindsList));

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date as yyyy-mm-dd")
  .refine(
    (d) =>
      !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
    {
      message: "is not a real date",
    },
  );

/** The platform's public address: http(s), host and at most a path, nothing a reader could not type. */
const publicUrl = z
  .string({ error: "the public address must be text" })
  .max(SETUP_LIMITS.short, `the public address is longer than ${SETUP_LIMITS.short} characters`)
  .refine((value) => {
    if (!URL.canParse(value)) return false;
    const url = new URL(value);
    return (
      (url.protocol === "https:" || url.protocol === "http:") &&
      url.username === "" &&
      url.password === "" &&
      url.search === "" &&
      url.hash === "" &&
      /^[a-z0-9.:[\]-]+$/i.test(url.host)
    );
  }, "must be the platform's public address, e.g. https://lekwijzer.example.org (no query, fragment or user)");

const setupFields = {
  breachId: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,100}$/, "use 1–100 letters, digits, dots, dashes or underscores"),
  organisation: organisationSchema,
  texts: textsSchema,
  overrides: overridesSchema.optional(),
  layout: layoutSchema.optional(),
  subjects: subjectsSchema.optional(),
  date: isoDate,
  publicUrl: publicUrl.optional(),
  breachSlug: z
    .string()
    .regex(BREACH_SLUG, "use lower-case letters, digits and dashes, as a breach's slug")
    .optional(),
  // The breach facts have their own parser (assess), with its own messages.
  breach: z.unknown().optional(),
};

const fullSchema = z.strictObject(setupFields);
const partialSchema = z.strictObject(setupFields).partial();

function pathText(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => {
    if (typeof key === "number") return `${out}[${key}]`;
    return out === "" ? String(key) : `${out}.${String(key)}`;
  }, "");
}

function issuesToProblems(issues: readonly z.core.$ZodIssue[], prefix: string): SetupProblem[] {
  return issues.flatMap((issue) => {
    const path = pathText([...(prefix ? [prefix] : []), ...issue.path]);
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({
        path: pathText([...(prefix ? [prefix] : []), ...issue.path, key]),
        message: `unknown field "${key}"`,
      }));
    }
    if (issue.code === "invalid_type" && issue.input === undefined) return [{ path, message: "required" }];
    if (issue.code === "invalid_union")
      return [{ path, message: "must be a subject line id or { nl, en } text" }];
    return [{ path, message: issue.message }];
  });
}

/** Every template in the setup must compile; a TemplateError becomes a problem at the template's path. */
function templateProblems(setup: Pick<MessageSetup, "overrides" | "subjects">): SetupProblem[] {
  const problems: SetupProblem[] = [];
  const placeholders = allowedPlaceholders();
  const options = { placeholders, categories: CATEGORY_IDS, flags: FLAG_IDS };
  const check = (source: string, path: string, channelConditions: boolean) => {
    try {
      compileTemplate(source, { ...options, name: path, channelConditions });
    } catch (error) {
      if (!(error instanceof TemplateError)) throw error;
      problems.push({
        path,
        message: error.message.startsWith(`${path}`)
          ? error.message.slice(path.length).replace(/^[,:]\s*/, "")
          : error.message,
      });
    }
  };
  for (const [id, text] of Object.entries(setup.overrides ?? {})) {
    if (!text) continue;
    check(text.nl, `overrides.${id}.nl`, true);
    check(text.en, `overrides.${id}.en`, true);
  }
  for (const [kind, subject] of Object.entries(setup.subjects ?? {})) {
    if (typeof subject !== "object") continue;
    check(subject.nl, `subjects.${kind}.nl`, false);
    check(subject.en, `subjects.${kind}.en`, false);
  }
  return problems;
}

/**
 * Validates a complete message setup, or — with `defaults` — a partial one whose missing top-level fields are
 * taken from the defaults (a given field replaces the default's whole field, e.g. the whole organisation).
 */
export function parseMessageSetup(input: unknown, defaults?: MessageSetup): SetupParseResult<MessageSetup> {
  if (input === null || typeof input !== "object" || Array.isArray(input)) {
    return { ok: false, problems: [{ path: "", message: "the setup must be an object" }] };
  }
  const parsed = (defaults ? partialSchema : fullSchema).safeParse(input);
  const problems = parsed.success ? [] : issuesToProblems(parsed.error.issues, "");
  let breach: BreachFacts | undefined = defaults?.breach;
  if ("breach" in input && (input as { breach?: unknown }).breach !== undefined) {
    const facts = parseBreachFacts((input as { breach: unknown }).breach);
    if (facts.ok) breach = facts.value;
    else
      problems.push(
        ...facts.problems.map((p) => ({
          path: pathText(["breach", ...(p.path ? [p.path] : [])]),
          message: p.message,
        })),
      );
  } else if (!breach) {
    problems.push({ path: "breach", message: "required" });
  }
  if (!parsed.success || problems.length > 0 || !breach) return { ok: false, problems };
  const value = { ...defaults, ...(parsed.data as Partial<MessageSetup>), breach } as MessageSetup;
  const compileProblems = templateProblems(value);
  if (compileProblems.length > 0) return { ok: false, problems: compileProblems };
  return { ok: true, value };
}

const postalAddressSchema = z.strictObject({
  street: short("the street"),
  houseNumber: short("the house number").max(20),
  postcode: short("the postcode").max(20),
  city: short("the city"),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/i, "must be a two-letter country code (ISO 3166-1)")
    .optional(),
});

const recipientSchema = z.strictObject({
  id: z.string().min(1, "must not be empty").max(SETUP_LIMITS.short),
  name: z.string().max(SETUP_LIMITS.short).optional(),
  email: email("the e-mail address").optional(),
  phone: z.string().max(40).optional(),
  address: postalAddressSchema.optional(),
  language: z.enum(LANGUAGES, { error: 'must be "nl" or "en"' }),
  categories: z.array(z.string().max(64)).max(CATEGORY_IDS.length),
  flags: z.array(z.string().max(64)).max(FLAG_IDS.length),
  representative: z
    .strictObject({
      name: short("the name"),
      address: postalAddressSchema.optional(),
      email: email("the e-mail address").optional(),
    })
    .optional(),
  segment: z.string().max(SETUP_LIMITS.short).optional(),
});

/** Validates one recipient (a victim as messages sees them); unknown categories and flags are problems. */
export function parseRecipient(input: unknown): SetupParseResult<Recipient> {
  const parsed = recipientSchema.safeParse(input);
  const problems = parsed.success ? [] : issuesToProblems(parsed.error.issues, "");
  if (parsed.success) {
    const known = { categories: CATEGORY_IDS as readonly string[], flags: FLAG_IDS as readonly string[] };
    for (const field of ["categories", "flags"] as const) {
      parsed.data[field].forEach((id, i) => {
        if (!known[field].includes(id))
          problems.push({
            path: `${field}[${i}]`,
            message: `unknown ${field === "flags" ? "flag" : "category"} "${id}"`,
          });
      });
    }
  }
  if (!parsed.success || problems.length > 0) return { ok: false, problems };
  return { ok: true, value: parsed.data as Recipient };
}
