// Input of an assessment (contracts.md section 2) and of a personal plan (section 4): zod schemas plus a
// parser that reports EVERY problem as { path, message }, with a nearest-match suggestion for typos.

import { z } from "zod";
import type { InputProblem } from "../core/index.ts";
import {
  CATEGORY_IDS,
  categoryIdSchema,
  FLAG_IDS,
  flagIdSchema,
  LANGUAGES,
  SECTORS,
  sectorSchema,
} from "../framework/index.ts";
import { nearestMatch } from "./edit-distance.ts";
import { isIsoDate, parseDateOrTimestamp, parseOffsetTimestamp } from "./time.ts";

/** Bounds of the ENISA data-processing-context level an adjustment may state. */
export const DPC_LEVEL_MIN = 1;
export const DPC_LEVEL_MAX = 4;

export const NATURES = ["confidentiality", "integrity", "availability"] as const;
export type Nature = (typeof NATURES)[number];
export const CAUSES = [
  "hacking",
  "ransomware",
  "phishing",
  "malware",
  "credential-stuffing",
  "insider",
  "lost-device",
  "stolen-device",
  "misdelivery",
  "accidental-publication",
  "processor",
  "other",
] as const;
export type Cause = (typeof CAUSES)[number];
export const RECIPIENTS = ["none", "known-trusted", "known", "unknown", "public"] as const;
export type Recipients = (typeof RECIPIENTS)[number];
export const RECOVERIES = ["not-applicable", "full", "temporary", "none"] as const;
export type Recovery = (typeof RECOVERIES)[number];
export const SUBJECT_GROUPS = [
  "customers",
  "former-customers",
  "employees",
  "patients",
  "students",
  "citizens",
  "minors",
  "vulnerable",
  "other",
] as const;
export type SubjectGroup = (typeof SUBJECT_GROUPS)[number];

const timestampWithOffset = z.string().refine((value) => parseOffsetTimestamp(value) !== null, {
  message: 'expected an ISO 8601 date-time with UTC offset, e.g. "2026-02-10T14:00:00+01:00"',
});
const dateOrTimestamp = z
  .string()
  .refine((value) => isIsoDate(value) || parseOffsetTimestamp(value) !== null, {
    message: 'expected a date "2026-02-07" or a date-time with UTC offset',
  });

export const dataItemSchema = z.strictObject({
  category: categoryIdSchema,
  /** How many people this item concerns, when fewer than all. */
  subjects: z.number().int().nonnegative().optional(),
  /** This item was strongly encrypted (key safe) or strongly hashed. */
  unintelligible: z.boolean().optional(),
});
export type DataItem = z.infer<typeof dataItemSchema>;

export const breachFactsSchema = z.strictObject({
  title: z.string().min(1).optional(),
  controller: z.strictObject({ name: z.string().min(1), sector: sectorSchema.optional() }).optional(),
  awareAt: timestampWithOffset,
  occurredFrom: dateOrTimestamp.optional(),
  occurredTo: dateOrTimestamp.optional(),
  nature: z.array(z.enum(NATURES)).min(1),
  cause: z.enum(CAUSES).optional(),
  malicious: z.boolean(),
  /** Missing means: not known, assessed as "unknown". */
  recipients: z.enum(RECIPIENTS).optional(),
  /** Missing means: "none" when integrity or availability is affected, otherwise "not-applicable". */
  recovery: z.enum(RECOVERIES).optional(),
  subjects: z
    .strictObject({
      count: z.number().int().nonnegative(),
      groups: z.array(z.enum(SUBJECT_GROUPS)).optional(),
    })
    .optional(),
  data: z.array(dataItemSchema).min(1),
  protection: z
    .strictObject({
      encrypted: z.boolean().optional(),
      keyCompromised: z.boolean().optional(),
      pseudonymised: z.boolean().optional(),
    })
    .optional(),
  adjustments: z
    .array(
      z.strictObject({
        direction: z.enum(["up", "down"]),
        reason: z.string().min(1),
        /**
         * The ENISA data-processing-context level (1–4) the organisation says applies. Without it an adjustment
         * moves one step; with it, "up" raises to at least this level and "down" lowers to at most it (ENISA's
         * own table moves a list of undercover officers from 1 to 4).
         */
        level: z.number().int().min(DPC_LEVEL_MIN).max(DPC_LEVEL_MAX).optional(),
      }),
    )
    .optional(),
  /**
   * Knowing who these people are, where they live or what they do can put them in physical danger (threats,
   * violence): police and prison staff, interpreters, witnesses, people in hiding from a violent partner,
   * journalists' sources, refugees. The organisation states why; the assessment treats it as high risk.
   */
  physicalSafety: z
    .strictObject({
      reason: z.string().min(1),
      /** How many of the people are endangered, when fewer than all. */
      subjects: z.number().int().nonnegative().optional(),
      /** The organisation can reach them through its own channels without adding danger. Missing: not stated. */
      safeToContactDirectly: z.boolean().optional(),
    })
    .optional(),
  mitigatedHighRisk: z.boolean().optional(),
  disproportionateEffort: z.boolean().optional(),
});
export type BreachFacts = z.infer<typeof breachFactsSchema>;

export const victimSchema = z.strictObject({
  categories: z.array(categoryIdSchema).optional(),
  flags: z.array(flagIdSchema).optional(),
  language: z.enum(LANGUAGES).optional(),
});
export type Victim = z.infer<typeof victimSchema>;

export const planInputSchema = z.strictObject({ breach: breachFactsSchema, victim: victimSchema });
export type PlanInput = z.infer<typeof planInputSchema>;

export type ParseResult<T> = { ok: true; value: T } | { ok: false; problems: InputProblem[] };

type PathKey = string | number;

export function formatPath(path: readonly PathKey[]): string {
  return path.reduce<string>((text, key) => {
    if (typeof key === "number") return `${text}[${key}]`;
    return text === "" ? key : `${text}.${key}`;
  }, "");
}

function valueAt(input: unknown, path: readonly PathKey[]): unknown {
  let current: unknown = input;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PathKey, unknown>)[key];
  }
  return current;
}

/** Names of the allowed values, by the field they belong to, for readable "unknown …" messages. */
const VALUE_NOUNS: Record<string, string> = {
  category: "category",
  categories: "category",
  flags: "flag",
  sector: "sector",
  nature: "nature",
  cause: "cause",
  recipients: "recipients value",
  recovery: "recovery value",
  groups: "subject group",
  direction: "direction",
  language: "language",
};

function lastNamedKey(path: readonly PathKey[]): string {
  for (let i = path.length - 1; i >= 0; i--) {
    const key = path[i];
    if (typeof key === "string") return key;
  }
  return "";
}

/** Walks the schema along a path to find the keys an object there may have. */
function knownKeysAt(schema: z.ZodType, path: readonly PathKey[]): string[] {
  let current: z.ZodType | undefined = schema;
  for (const key of path) {
    while (current instanceof z.ZodOptional || current instanceof z.ZodDefault)
      current = current.unwrap() as z.ZodType;
    if (current instanceof z.ZodObject && typeof key === "string")
      current = current.shape[key] as z.ZodType | undefined;
    else if (current instanceof z.ZodArray && typeof key === "number") current = current.element as z.ZodType;
    else return [];
  }
  while (current instanceof z.ZodOptional || current instanceof z.ZodDefault)
    current = current.unwrap() as z.ZodType;
  return current instanceof z.ZodObject ? Object.keys(current.shape) : [];
}

/** Longest piece of a caller's own text repeated in a problem; longer values are cut with "…". */
export const MAX_ECHOED_LENGTH = 80;
/** Unknown values in one input that get a "did you mean"; the rest are reported without a suggestion. */
export const MAX_SUGGESTIONS = 20;

const clip = (text: string) =>
  text.length > MAX_ECHOED_LENGTH ? `${text.slice(0, MAX_ECHOED_LENGTH)}… (${text.length} characters)` : text;
const quoted = (value: unknown) => {
  if (typeof value === "string") return `"${clip(value)}"`;
  const json = JSON.stringify(value);
  return json === undefined ? String(value) : clip(json);
};

/** Counts the suggestions looked for in one parse, so a flood of unknown values stays cheap. */
interface SuggestionBudget {
  left: number;
}

function suggest(value: string, candidates: readonly string[], budget: SuggestionBudget): string | null {
  if (budget.left <= 0) return null;
  budget.left--;
  return nearestMatch(value, candidates);
}

function describeIssue(
  issue: z.core.$ZodIssue,
  input: unknown,
  schema: z.ZodType,
  budget: SuggestionBudget,
): InputProblem[] {
  const path = issue.path.filter((key): key is PathKey => typeof key !== "symbol");
  const value = valueAt(input, path);
  switch (issue.code) {
    case "unrecognized_keys": {
      const known = knownKeysAt(schema, path);
      return issue.keys.map((key) => {
        const suggestion = suggest(key, known, budget);
        return {
          path: formatPath([...path, clip(key)]),
          message: `unknown field "${clip(key)}"${suggestion ? `; did you mean "${suggestion}"?` : ""}`,
        };
      });
    }
    case "invalid_value": {
      const allowed = issue.values.map(String);
      const noun = VALUE_NOUNS[lastNamedKey(path)] ?? "value";
      const suggestion = typeof value === "string" ? suggest(value, allowed, budget) : null;
      const hint = suggestion
        ? `; did you mean "${suggestion}"?`
        : allowed.length <= 12
          ? `; expected one of ${allowed.join(", ")}`
          : "";
      return [{ path: formatPath(path), message: `unknown ${noun} ${quoted(value)}${hint}` }];
    }
    case "invalid_type":
      return [
        {
          path: formatPath(path),
          message: value === undefined ? "required" : `expected ${issue.expected}, got ${quoted(value)}`,
        },
      ];
    case "too_small":
      if (issue.origin === "array")
        return [{ path: formatPath(path), message: `needs at least ${issue.minimum} item(s)` }];
      if (issue.origin === "string") return [{ path: formatPath(path), message: "must not be empty" }];
      return [{ path: formatPath(path), message: `must be at least ${issue.minimum}` }];
    case "too_big":
      if (issue.origin === "number")
        return [{ path: formatPath(path), message: `must be at most ${issue.maximum}` }];
      return [{ path: formatPath(path), message: issue.message }];
    default:
      return [{ path: formatPath(path), message: issue.message }];
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

/** Checks that span several fields; runs on the raw input so they are reported beside schema problems. */
function crossFieldProblems(input: unknown, prefix: readonly PathKey[]): InputProblem[] {
  if (!isRecord(input)) return [];
  const problems: InputProblem[] = [];
  const at = (...keys: PathKey[]) => formatPath([...prefix, ...keys]);

  if (Array.isArray(input.data)) {
    const firstIndex = new Map<string, number>();
    const total =
      isRecord(input.subjects) && typeof input.subjects.count === "number" ? input.subjects.count : null;
    input.data.forEach((item, index) => {
      if (!isRecord(item)) return;
      if (typeof item.category === "string") {
        const earlier = firstIndex.get(item.category);
        if (earlier !== undefined) {
          problems.push({
            path: at("data", index, "category"),
            message: `duplicate category "${clip(item.category)}" (also at data[${earlier}])`,
          });
        } else {
          firstIndex.set(item.category, index);
        }
      }
      if (total !== null && typeof item.subjects === "number" && item.subjects > total) {
        problems.push({
          path: at("data", index, "subjects"),
          message: `${item.subjects} is more than subjects.count (${total})`,
        });
      }
    });
  }
  if (
    isRecord(input.physicalSafety) &&
    typeof input.physicalSafety.subjects === "number" &&
    isRecord(input.subjects) &&
    typeof input.subjects.count === "number" &&
    input.physicalSafety.subjects > input.subjects.count
  ) {
    problems.push({
      path: at("physicalSafety", "subjects"),
      message: `${input.physicalSafety.subjects} is more than subjects.count (${input.subjects.count})`,
    });
  }
  if (Array.isArray(input.nature)) {
    const seen = new Set<unknown>();
    input.nature.forEach((nature, index) => {
      if (seen.has(nature))
        problems.push({ path: at("nature", index), message: `duplicate nature ${quoted(nature)}` });
      seen.add(nature);
    });
    const touchesRecovery = input.nature.includes("integrity") || input.nature.includes("availability");
    if (touchesRecovery && input.recovery === "not-applicable") {
      problems.push({
        path: at("recovery"),
        message: 'integrity or availability is affected: say "full", "temporary" or "none"',
      });
    }
  }
  if (typeof input.occurredFrom === "string" && typeof input.occurredTo === "string") {
    const from = parseDateOrTimestamp(input.occurredFrom);
    const to = parseDateOrTimestamp(input.occurredTo);
    if (from !== null && to !== null && to < from) {
      problems.push({ path: at("occurredTo"), message: "is before occurredFrom" });
    }
  }
  return problems;
}

function parseWith<T>(
  schema: z.ZodType<T>,
  input: unknown,
  crossField: (input: unknown) => InputProblem[],
): ParseResult<T> {
  const result = schema.safeParse(input);
  const budget: SuggestionBudget = { left: MAX_SUGGESTIONS };
  const problems = [
    ...(result.success
      ? []
      : result.error.issues.flatMap((issue) => describeIssue(issue, input, schema, budget))),
    ...crossField(input),
  ];
  if (problems.length > 0 || !result.success) return { ok: false, problems };
  return { ok: true, value: result.data };
}

export function parseBreachFacts(input: unknown): ParseResult<BreachFacts> {
  return parseWith(breachFactsSchema, input, (raw) => crossFieldProblems(raw, []));
}

export function parsePlanInput(input: unknown): ParseResult<PlanInput> {
  return parseWith(planInputSchema, input, (raw) =>
    isRecord(raw) ? crossFieldProblems(raw.breach, ["breach"]) : [],
  );
}

export { type InputProblem, InvalidInputError } from "../core/index.ts";

export const ALLOWED_VALUES = {
  categories: CATEGORY_IDS,
  flags: FLAG_IDS,
  sectors: SECTORS,
  natures: NATURES,
  causes: CAUSES,
  recipients: RECIPIENTS,
  recoveries: RECOVERIES,
  subjectGroups: SUBJECT_GROUPS,
} as const;
