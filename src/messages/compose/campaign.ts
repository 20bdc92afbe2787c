/**
 * A campaign's setup and its compilation: what an organisation gives (breach, texts, own wording, layout,
 * subjects), the default layout per kind of message, and `compileMessageSetup`, which compiles every template
 * once per campaign so `composeMessage` only renders per person.
 */
import type { BreachFacts } from "../../assess/index.ts";
import type { BilingualText } from "../../core/index.ts";
import {
  CATEGORY_IDS,
  ELEMENTS,
  type Element,
  type ElementId,
  FLAG_IDS,
  type FlagId,
  SUBJECT_LINES,
} from "../../framework/index.ts";
import type { Block, Section } from "../blocks.ts";
import type { Language, MessageKind, Organisation, OwnWording } from "../message.ts";
import type { PortalAddresses } from "../portal-addresses.ts";
import {
  type CompiledTemplate,
  compileTemplate,
  type RenderContext,
  type TemplateValue,
} from "../template/template.ts";
import { SHORT_FIRST_NOTICE } from "./short-notice.ts";
import type { SlottedSection } from "./slots.ts";

/** A bilingual text, as the framework and organisations write them. */
export type { BilingualText };

/** The organisation's own texts that fill the framework's templates. */
export interface OrganisationTexts {
  whatHappened: BilingualText;
  measuresTaken: BilingualText;
  improvements: BilingualText;
  compensation: BilingualText;
  contactHours: BilingualText;
  updateFrequency: BilingualText;
  /** What certainly did not leak; default: the sensitive categories the breach did not include. */
  notLeaked?: BilingualText;
  /** The news of a follow-up update (kind "update"). */
  updateNews?: BilingualText;
}

export interface MessageSetup {
  breachId: string;
  breach: BreachFacts;
  organisation: Organisation;
  texts: OrganisationTexts;
  /** The organisation's own wording for elements, in the template language (README.md). */
  overrides?: Partial<Record<ElementId, BilingualText>>;
  /** Element order per kind; default `DEFAULT_LAYOUT`. Leaving out a required element fails the completeness check. */
  layout?: Partial<Record<MessageKind, readonly ElementId[]>>;
  /** SUBJECT_LINES id or own text per kind. */
  subjects?: Partial<Record<MessageKind, string | BilingualText>>;
  /** ISO date the messages are dated. */
  date: string;
  /**
   * The platform's public address (`https://lekwijzer.example.org`). With it, a first notice tells people
   * the portal's address of their personal plan (and their code); without it, that section is left out.
   */
  publicUrl?: string;
  /** The breach's slug: with `publicUrl`, a first notice names the breach page `…/datalek/<slug>`. */
  breachSlug?: string;
}

export const DEFAULT_LAYOUT: Readonly<Record<MessageKind, readonly ElementId[]>> = {
  // What we did follows what happened: a short first notice tells both under one heading.
  "first-notice": [
    "apology",
    "what-happened",
    "what-we-did",
    "which-data",
    "consequences",
    "what-you-can-do",
    "advice-for-your-situation",
    "help-when-things-go-wrong",
    "compensation",
    "updates",
    "accessible-routes",
    "contact-point",
    "verify-this-message",
  ],
  update: [
    "updates",
    "which-data",
    "what-you-can-do",
    "advice-for-your-situation",
    "what-we-did",
    "help-when-things-go-wrong",
    "compensation",
    "contact-point",
    "verify-this-message",
  ],
  "affected-answer": [
    "what-happened",
    "which-data",
    "consequences",
    "what-you-can-do",
    "advice-for-your-situation",
    "help-when-things-go-wrong",
    "compensation",
    "contact-point",
    "verify-this-message",
  ],
};

const DEFAULT_SUBJECT: Readonly<Record<MessageKind, string>> = {
  "first-notice": "data-leaked",
  update: "update",
  "affected-answer": "data-leaked",
};

/** Placeholders every template may use: the framework's element placeholders plus these. */
export const EXTRA_PLACEHOLDERS = ["name", "update_news", "reference"] as const;

export function allowedPlaceholders(): string[] {
  return [...new Set([...ELEMENTS.flatMap((e) => e.placeholders), ...EXTRA_PLACEHOLDERS])];
}

export interface CompiledElement {
  element: Element;
  templates: Record<Language, CompiledTemplate>;
}

/** Content that is the same for everyone with the same kind, language, categories, flags and plan. */
export interface SharedContent {
  values: Record<string, TemplateValue>;
  /** The profile's categories and flags, as templates test them. */
  context: RenderContext;
  /** The closing lines (frozen: every message of the profile holds this one array). */
  closing: string[];
  own: OwnWording;
  /** The fixed start of the plan-online section, when there is a portal. */
  planLead: readonly Block[] | undefined;
  /** The flag that puts someone else in the person's place (addressing.ts `replacingFlag`). */
  replacing: FlagId | undefined;
  /** The profile's sections in order: shared ones as they are, personal ones by id (set by the first person). */
  frame: readonly (Section | ElementId)[] | undefined;
  /** Whether the plan has steps for this person's situation (flags). */
  hasSituationSteps: boolean;
  /** The portal's addresses for this profile's language, when the setup has a `publicUrl`. */
  portal: PortalAddresses | undefined;
  sections: Map<string, Section>;
  /**
   * Sections with personal values (the code to verify a message): rendered once with stand-ins, then filled
   * per person (compose/slots.ts); null where filling would not give what rendering gives.
   */
  slotted: Map<string, SlottedSection | null>;
  lines: Map<CompiledTemplate, string>;
}

export interface CompiledMessageSetup {
  setup: MessageSetup;
  /** Shared content per profile (see `profileKey`); bounded, cleared when full. */
  shared: Map<string, SharedContent>;
  /** The fixed start of the SMS per language. */
  smsLead: Map<Language, string>;
  elements: ReadonlyMap<ElementId, CompiledElement>;
  /** A first notice's short wording of elements the organisation did not word itself (short-notice.ts). */
  firstNotice: ReadonlyMap<ElementId, CompiledElement>;
  subjects: Record<MessageKind, Record<Language, CompiledTemplate>>;
  summary: Record<Language, CompiledTemplate>;
  /** A first notice's summary: the data is named in the section right below it. */
  shortSummary: Record<Language, CompiledTemplate>;
  updateLead: Record<Language, CompiledTemplate>;
  whichDataWithoutNotLeaked: Record<Language, CompiledTemplate>;
  /** What the organisation wrote itself, per language and kind (`ownWording`). */
  own: Map<string, OwnWording>;
}

const SUMMARY: BilingualText = {
  nl: "Bij ((organisation)) zijn gegevens van u gelekt: ((summary_data)). Doe nu eerst dit: ((first_steps)).",
  en: "Your data leaked at ((organisation)): ((summary_data)). Do this first: ((first_steps)).",
};
const SHORT_SUMMARY: BilingualText = {
  nl: "Bij ((organisation)) zijn gegevens van u gelekt. Doe nu eerst dit: ((first_steps)).",
  en: "Your data leaked at ((organisation)). Do this first: ((first_steps)).",
};
const UPDATE_LEAD: BilingualText = { nl: "((update_news))", en: "((update_news))" };
const WHICH_DATA_ONLY: BilingualText = {
  nl: "Deze gegevens van u zijn gelekt: ((your_data)).",
  en: "These data about you leaked: ((your_data)).",
};

function compileBoth(
  text: BilingualText,
  name: string,
  placeholders: readonly string[],
  channelConditions = true,
): Record<Language, CompiledTemplate> {
  const options = { placeholders, categories: CATEGORY_IDS, flags: FLAG_IDS, channelConditions };
  return {
    nl: compileTemplate(text.nl, { ...options, name: `${name} (nl)` }),
    en: compileTemplate(text.en, { ...options, name: `${name} (en)` }),
  };
}

/**
 * Compiles every template a campaign uses. Throws `TemplateError` naming the element, language, line and
 * placeholder when a template is wrong, so staff see it before any victim is processed.
 */
export function compileMessageSetup(setup: MessageSetup): CompiledMessageSetup {
  const placeholders = allowedPlaceholders();
  const elements = new Map<ElementId, CompiledElement>();
  for (const element of ELEMENTS) {
    const text = setup.overrides?.[element.id] ?? element.template;
    elements.set(element.id, { element, templates: compileBoth(text, element.id, placeholders) });
  }
  const firstNotice = new Map<ElementId, CompiledElement>();
  for (const element of ELEMENTS) {
    const text = SHORT_FIRST_NOTICE[element.id];
    if (!text || setup.overrides?.[element.id]) continue;
    firstNotice.set(element.id, { element, templates: compileBoth(text, element.id, placeholders) });
  }
  const subjectText = (kind: MessageKind): BilingualText => {
    const choice = setup.subjects?.[kind] ?? DEFAULT_SUBJECT[kind];
    if (typeof choice !== "string") return choice;
    const line = SUBJECT_LINES.find((s) => s.id === choice);
    if (!line)
      throw new Error(
        `unknown subject line "${choice}" (one of ${SUBJECT_LINES.map((s) => s.id).join(", ")})`,
      );
    return line.text;
  };
  const subjects = Object.fromEntries(
    (["first-notice", "update", "affected-answer"] as const).map((kind) => [
      kind,
      compileBoth(subjectText(kind), `subject ${kind}`, placeholders, false),
    ]),
  ) as Record<MessageKind, Record<Language, CompiledTemplate>>;
  return {
    setup,
    shared: new Map(),
    smsLead: new Map(),
    elements,
    firstNotice,
    subjects,
    summary: compileBoth(SUMMARY, "summary", [...placeholders, "first_steps", "summary_data"], false),
    shortSummary: compileBoth(SHORT_SUMMARY, "summary", [...placeholders, "first_steps"], false),
    updateLead: compileBoth(UPDATE_LEAD, "update news", placeholders),
    whichDataWithoutNotLeaked: compileBoth(WHICH_DATA_ONLY, "which-data", placeholders),
    own: new Map(),
  };
}

/** The organisation's own wording in a message of this kind and language, for the checks' `source`. */
export function ownWording(
  compiled: CompiledMessageSetup,
  kind: MessageKind,
  language: Language,
): OwnWording {
  const key = `${kind}|${language}`;
  let own = compiled.own.get(key);
  if (!own) {
    const { texts, organisation } = compiled.setup;
    const quoted = [
      ...Object.values(texts).map((text: BilingualText | undefined) => text?.[language]),
      organisation.name,
      organisation.dpo.name,
    ];
    own = Object.freeze({
      texts: Object.freeze(quoted.filter((t): t is string => typeof t === "string" && t.trim() !== "")),
      subject: typeof compiled.setup.subjects?.[kind] === "object",
      layout: compiled.setup.layout?.[kind] !== undefined,
    });
    compiled.own.set(key, own);
  }
  return own;
}
