// Consistency check of the whole framework: schema validity, complete and existing ids, reachability,
// bilingual texts, placeholders, help-organisation provenance and B1 plain language of every Dutch text.
import { type BilingualText, LANGUAGES } from "../core/index.ts";
import { CATEGORIES } from "./categories.ts";
import { ELEMENTS, SUBJECT_LINES } from "./elements.ts";
import { FLAGS } from "./flags.ts";
import { HELP_ORGANISATIONS } from "./help-organisations.ts";
import { CATEGORY_IDS, ELEMENT_IDS, FLAG_IDS, HELP_ORGANISATION_IDS, RISK_IDS, STEP_IDS } from "./ids.ts";
import { JARGON } from "./jargon.ts";
import { checkPlainLanguage } from "./plain-language.ts";
import { RISKS } from "./risks.ts";
import {
  type Category,
  type ChangelogEntry,
  categorySchema,
  changelogEntrySchema,
  type Element,
  elementSchema,
  type Flag,
  flagSchema,
  type HelpOrganisation,
  helpOrganisationSchema,
  type JargonEntry,
  jargonEntrySchema,
  type Risk,
  riskSchema,
  type Step,
  type SubjectLine,
  stepSchema,
  subjectLineSchema,
} from "./schema.ts";
import { STEPS } from "./steps.ts";
import { CHANGELOG, FRAMEWORK_VERSION } from "./version.ts";

/** The framework data the check reads; tests pass altered copies to prove each check can fail. */
export interface FrameworkContent {
  version: string;
  changelog: readonly ChangelogEntry[];
  categories: readonly Category[];
  risks: readonly Risk[];
  steps: readonly Step[];
  helpOrganisations: readonly HelpOrganisation[];
  flags: readonly Flag[];
  elements: readonly Element[];
  subjectLines: readonly SubjectLine[];
  jargon: readonly JargonEntry[];
}

export const FRAMEWORK_CONTENT: FrameworkContent = {
  version: FRAMEWORK_VERSION,
  changelog: CHANGELOG,
  categories: CATEGORIES,
  risks: RISKS,
  steps: STEPS,
  helpOrganisations: HELP_ORGANISATIONS,
  flags: FLAGS,
  elements: ELEMENTS,
  subjectLines: SUBJECT_LINES,
  jargon: JARGON,
};

export interface ContentProblem {
  /** Where in the framework, e.g. "steps.change-passwords.how[1].nl". */
  where: string;
  message: string;
}

interface Collection {
  name: string;
  ids: readonly string[];
  items: readonly { id: string }[];
  schema: { safeParse(value: unknown): { success: boolean; error?: { issues: { message: string }[] } } };
}

const ids = (items: readonly { id: string }[]) => new Set(items.map((item) => item.id));

function checkCollection(collection: Collection, problems: ContentProblem[]): void {
  const seen = new Set<string>();
  for (const item of collection.items) {
    const where = `${collection.name}.${item.id}`;
    const result = collection.schema.safeParse(item);
    for (const issue of result.error?.issues ?? []) problems.push({ where, message: issue.message });
    if (seen.has(item.id)) problems.push({ where, message: "duplicate id" });
    seen.add(item.id);
  }
  for (const id of collection.ids) {
    if (!seen.has(id)) problems.push({ where: `${collection.name}.${id}`, message: "id has no entry" });
  }
}

/** Finds every { nl, en } text in a value, with its path. */
function collectTexts(
  value: unknown,
  path: string,
  found: { path: string; nl: unknown; en: unknown }[],
): void {
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      // Items with an id are named by it ("steps.block-card"), others by position ("how[0]").
      const id = (item as { id?: unknown } | null)?.id;
      collectTexts(item, typeof id === "string" ? `${path}.${id}` : `${path}[${index}]`, found);
    });
    return;
  }
  if (value === null || typeof value !== "object") return;
  const record = value as Record<string, unknown>;
  if ("nl" in record || "en" in record) {
    found.push({ path, nl: record.nl, en: record.en });
    return;
  }
  for (const [key, child] of Object.entries(record)) collectTexts(child, `${path}.${key}`, found);
}

const PLACEHOLDER = /\(\(([^)]*)\)\)/g;

/**
 * The placeholder names a template uses, including those in conditions of the messages part's template
 * language: `((if name))`, `((unless name))`, `((name??text))`. `((else))`, `((end))` and category, flag or
 * channel conditions name no placeholder.
 */
function placeholdersIn(text: string): Set<string> {
  const names = new Set<string>();
  for (const match of text.matchAll(PLACEHOLDER)) {
    const tag = (match[1] ?? "").trim();
    if (tag === "else" || tag === "end") continue;
    const condition =
      /^(?:if|unless)\s+(.+)$/.exec(tag)?.[1] ?? (tag.includes("??") ? tag.split("??")[0] : undefined);
    const terms = condition === undefined ? [tag] : condition.split(/\s+or\s+/);
    for (const term of terms) if (!/^(category|flag|channel):/.test(term.trim())) names.add(term.trim());
  }
  return names;
}

function checkPlaceholders(
  where: string,
  declared: readonly string[],
  text: BilingualText,
  problems: ContentProblem[],
): void {
  for (const language of LANGUAGES) {
    const used = placeholdersIn(text[language]);
    for (const name of used) {
      if (!declared.includes(name)) {
        problems.push({ where: `${where}.${language}`, message: `placeholder ((${name})) is not declared` });
      }
    }
    for (const name of declared) {
      if (!used.has(name)) {
        problems.push({
          where: `${where}.${language}`,
          message: `declared placeholder ((${name})) is not used`,
        });
      }
    }
  }
}

/** A help organisation's details must have been compared with their source within a year of a release. */
export const MAX_CHECK_AGE_DAYS = 365;

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * Why `source` is not an address anyone can open, or null when it is: an https URL on a public host, so a
 * reviewer or a victim can follow it (a path on our machines or an intranet name cannot be checked by others).
 */
export function publicSourceProblem(source: string): string | null {
  let url: URL;
  try {
    url = new URL(source);
  } catch {
    return `"${source}" is not a web address`;
  }
  if (url.protocol !== "https:") return `"${source}" is not an https address`;
  const host = url.hostname;
  if (
    !host.includes(".") ||
    host === "localhost" ||
    /\.(local|internal|lan|test|example|invalid|localhost)$/.test(host) ||
    /^[\d.]+$/.test(host) ||
    host.startsWith("[")
  ) {
    return `"${source}" is not on a public host`;
  }
  return null;
}

type Problems = ContentProblem[];

/** Every collection, subject line, jargon entry and changelog entry matches its schema; the release has an entry. */
function checkShapes(content: FrameworkContent, problems: Problems): void {
  const collections: Collection[] = [
    { name: "categories", ids: CATEGORY_IDS, items: content.categories, schema: categorySchema },
    { name: "risks", ids: RISK_IDS, items: content.risks, schema: riskSchema },
    { name: "steps", ids: STEP_IDS, items: content.steps, schema: stepSchema },
    {
      name: "helpOrganisations",
      ids: HELP_ORGANISATION_IDS,
      items: content.helpOrganisations,
      schema: helpOrganisationSchema,
    },
    { name: "flags", ids: FLAG_IDS, items: content.flags, schema: flagSchema },
    { name: "elements", ids: ELEMENT_IDS, items: content.elements, schema: elementSchema },
  ];
  for (const collection of collections) checkCollection(collection, problems);
  content.subjectLines.forEach((line, index) => {
    for (const issue of subjectLineSchema.safeParse(line).error?.issues ?? []) {
      problems.push({ where: `subjectLines[${index}]`, message: issue.message });
    }
  });
  if (content.subjectLines.length < 3)
    problems.push({ where: "subjectLines", message: "fewer than 3 subject lines" });
  for (const entry of content.jargon) {
    for (const issue of jargonEntrySchema.safeParse(entry).error?.issues ?? []) {
      problems.push({ where: `jargon.${entry.term}`, message: issue.message });
    }
  }
  for (const entry of content.changelog) {
    for (const issue of changelogEntrySchema.safeParse(entry).error?.issues ?? []) {
      problems.push({ where: `changelog.${entry.version}`, message: issue.message });
    }
  }
  if (!content.changelog.some((entry) => entry.version === content.version)) {
    problems.push({ where: "changelog", message: `no entry for version ${content.version}` });
  }
}

/** Every category brings known risks; every risk has known steps and is brought by a category or flag. */
function checkRiskLinks(content: FrameworkContent, problems: Problems): void {
  const riskIds = ids(content.risks);
  const stepIds = ids(content.steps);
  for (const category of content.categories) {
    if (category.risks.length === 0)
      problems.push({ where: `categories.${category.id}`, message: "no risks" });
    for (const risk of category.risks) {
      if (!riskIds.has(risk))
        problems.push({ where: `categories.${category.id}`, message: `unknown risk "${risk}"` });
    }
  }
  for (const risk of content.risks) {
    if (risk.steps.length === 0) problems.push({ where: `risks.${risk.id}`, message: "no steps" });
    for (const step of risk.steps) {
      if (!stepIds.has(step)) problems.push({ where: `risks.${risk.id}`, message: `unknown step "${step}"` });
    }
    if (
      !content.categories.some((category) => category.risks.includes(risk.id)) &&
      !content.flags.some((flag) => flag.extraRisks.includes(risk.id))
    ) {
      problems.push({ where: `risks.${risk.id}`, message: "no category or flag brings this risk" });
    }
  }
}

/** A step's triggers name known categories and flags, and each flag that triggers it lists it back. */
function checkStepTriggers(content: FrameworkContent, step: Step, problems: Problems): void {
  const where = `steps.${step.id}`;
  const categoryIds = ids(content.categories);
  const flagIds = ids(content.flags);
  for (const trigger of step.triggers) {
    const triggerCategories = [
      ...("categories" in trigger ? trigger.categories : []),
      ...(trigger.withCategories ?? []),
    ];
    for (const category of triggerCategories) {
      if (!categoryIds.has(category)) problems.push({ where, message: `unknown category "${category}"` });
    }
    if ("flags" in trigger) {
      for (const flag of trigger.flags) {
        if (!flagIds.has(flag)) problems.push({ where, message: `unknown flag "${flag}"` });
        if (!content.flags.find((entry) => entry.id === flag)?.extraSteps.includes(step.id)) {
          problems.push({
            where,
            message: `flag "${flag}" triggers this step but does not list it in extraSteps`,
          });
        }
      }
    }
  }
}

/** Every step is reachable, names known help, and is general advice or addresses a risk or a flag. */
function checkSteps(content: FrameworkContent, problems: Problems): void {
  const helpIds = ids(content.helpOrganisations);
  for (const step of content.steps) {
    const where = `steps.${step.id}`;
    if (step.triggers.length === 0)
      problems.push({ where, message: "not reachable from any category or flag" });
    for (const help of step.help) {
      if (!helpIds.has(help)) problems.push({ where, message: `unknown help organisation "${help}"` });
    }
    checkStepTriggers(content, step, problems);
    const general = step.triggers.some(
      (trigger) =>
        "categories" in trigger &&
        trigger.withCategories === undefined &&
        CATEGORY_IDS.every((id) => trigger.categories.includes(id)),
    );
    const addressesSomething =
      general ||
      content.risks.some((risk) => risk.steps.includes(step.id)) ||
      step.triggers.some((trigger) => "flags" in trigger);
    if (!addressesSomething) {
      problems.push({ where, message: "step is not general advice and addresses no risk and no flag" });
    }
  }
}

/** A risk shown in a plan must come with at least one step the same category triggers. */
function checkCategoryRisksHaveSteps(content: FrameworkContent, problems: Problems): void {
  for (const category of content.categories) {
    for (const riskId of category.risks) {
      const risk = content.risks.find((entry) => entry.id === riskId);
      const triggered = risk?.steps.some((stepId) =>
        content.steps
          .find((step) => step.id === stepId)
          // A combination trigger does not count: the category alone must bring a step for its risk.
          ?.triggers.some(
            (trigger) =>
              "categories" in trigger &&
              trigger.withCategories === undefined &&
              trigger.categories.includes(category.id),
          ),
      );
      if (risk && !triggered) {
        problems.push({
          where: `categories.${category.id}`,
          message: `risk "${riskId}" has no step that this category triggers`,
        });
      }
    }
  }
}

/** A flag's extra risks are known, and each extra step exists and has a trigger for the flag. */
function checkFlags(content: FrameworkContent, problems: Problems): void {
  const riskIds = ids(content.risks);
  for (const flag of content.flags) {
    const where = `flags.${flag.id}`;
    for (const risk of flag.extraRisks) {
      if (!riskIds.has(risk)) problems.push({ where, message: `unknown risk "${risk}"` });
    }
    for (const stepId of flag.extraSteps) {
      const step = content.steps.find((entry) => entry.id === stepId);
      if (!step) {
        problems.push({ where, message: `unknown step "${stepId}"` });
      } else if (!step.triggers.some((trigger) => "flags" in trigger && trigger.flags.includes(flag.id))) {
        problems.push({ where, message: `extra step "${stepId}" has no trigger for this flag` });
      }
    }
  }
}

/** Each help organisation has a public source, checked no later than the release and not too long before. */
function checkHelpSources(content: FrameworkContent, problems: Problems): void {
  const release = content.changelog.find((entry) => entry.version === content.version)?.date;
  for (const organisation of content.helpOrganisations) {
    const where = `helpOrganisations.${organisation.id}`;
    if (!organisation.source.trim() || !organisation.checkedAt) {
      problems.push({ where, message: "missing source or checkedAt" });
      continue;
    }
    const sourceProblem = publicSourceProblem(organisation.source);
    if (sourceProblem) problems.push({ where, message: `source ${sourceProblem}` });
    if (release) {
      const age = daysBetween(organisation.checkedAt, release);
      if (age < 0) problems.push({ where, message: `checkedAt is after the release date ${release}` });
      else if (age > MAX_CHECK_AGE_DAYS) {
        problems.push({
          where,
          message: `checkedAt ${organisation.checkedAt} is more than ${MAX_CHECK_AGE_DAYS} days before the release date ${release}: check the source again`,
        });
      }
    }
  }
}

/** Every text exists in both languages, and no Dutch text has a B1 finding that blocks. */
function checkTexts(content: FrameworkContent, problems: Problems): void {
  const checkDutch = (text: string) => checkPlainLanguage(text, { language: "nl", jargon: content.jargon });
  const texts: { path: string; nl: unknown; en: unknown }[] = [];
  collectTexts(
    {
      categories: content.categories,
      risks: content.risks,
      steps: content.steps,
      helpOrganisations: content.helpOrganisations,
      flags: content.flags,
      elements: content.elements,
      subjectLines: content.subjectLines,
    },
    "",
    texts,
  );
  for (const text of texts) {
    const where = text.path.slice(1);
    for (const language of LANGUAGES) {
      const value = text[language];
      if (typeof value !== "string" || value.trim() === "") {
        problems.push({ where: `${where}.${language}`, message: "missing or empty text" });
      }
    }
    if (typeof text.nl === "string") {
      for (const finding of checkDutch(text.nl).findings) {
        if (finding.severity === "block") {
          problems.push({ where: `${where}.nl`, message: `B1: ${finding.message} ${finding.suggestion}` });
        }
      }
    }
  }
}

/** Checks the framework data; an empty list means the content is consistent and plain. */
export function checkContent(content: FrameworkContent = FRAMEWORK_CONTENT): ContentProblem[] {
  const problems: Problems = [];
  checkShapes(content, problems);
  checkRiskLinks(content, problems);
  checkSteps(content, problems);
  checkCategoryRisksHaveSteps(content, problems);
  checkFlags(content, problems);
  checkHelpSources(content, problems);
  for (const element of content.elements)
    checkPlaceholders(`elements.${element.id}.template`, element.placeholders, element.template, problems);
  for (const line of content.subjectLines)
    checkPlaceholders(`subjectLines.${line.id}.text`, line.placeholders, line.text, problems);
  checkTexts(content, problems);
  return problems;
}
