/**
 * Message assembly: for one breach, one victim and one kind of message, the sections of the notice are built
 * from the framework's required elements and template texts (or the organisation's own wording for an element),
 * the organisation's facts, and the victim's personal action plan.
 *
 * Templates are compiled once per campaign (`compileMessageSetup`), then `composeMessage` runs per victim.
 */

import { type ActionPlan, assess, type BreachFacts, planFor } from "../../assess/index.ts";
import type { BilingualText } from "../../core/index.ts";
import { formatDate } from "../../core/index.ts";
import {
  CATEGORIES,
  CATEGORY_IDS,
  type CategoryId,
  ELEMENTS,
  type Element,
  type ElementId,
  FLAG_IDS,
  getCategory,
  getFlag,
  getHelpOrganisation,
  type HelpOrganisation,
  isCategoryId,
  isFlagId,
  isHelpOrganisationId,
  SUBJECT_LINES,
} from "../../framework/index.ts";
import { breachAdviceUrl, isBreachName } from "../advice-link.ts";
import type { Block, ListItem, Section } from "../blocks.ts";
import { toGsmFriendly } from "../channels/sms.ts";
import { labels } from "../labels.ts";
import type {
  Addressee,
  ComposedMessage,
  Language,
  MessageKind,
  Organisation,
  OwnWording,
  PostalAddress,
  Recipient,
} from "../message.ts";
import {
  type CodeValue,
  type CompiledTemplate,
  compileTemplate,
  type ListValue,
  type RenderContext,
  type TemplateValue,
} from "../template/template.ts";
import { situationStepIds } from "./required.ts";

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
   * the address of the public plan for this breach and their kinds of data; without it, that line is left out.
   */
  publicUrl?: string;
}

export const DEFAULT_LAYOUT: Readonly<Record<MessageKind, readonly ElementId[]>> = {
  "first-notice": [
    "apology",
    "what-happened",
    "which-data",
    "consequences",
    "what-you-can-do",
    "advice-for-your-situation",
    "what-we-did",
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

const authorityDuty = new WeakMap<BreachFacts, boolean>();

/** Whether the regulator must have been told (GDPR art. 33); assessed once per breach, not per person. */
function authorityNotified(breach: BreachFacts): boolean {
  let known = authorityDuty.get(breach);
  if (known === undefined) {
    known = assess(breach).obligations.notifyAuthority;
    authorityDuty.set(breach, known);
  }
  return known;
}

/**
 * The order in which messages name what did not leak: what people can act on first (password, bank, card),
 * then identity and health. Which categories are named is the framework's `oftenFeared` attribute; one that
 * gains the attribute without a place here is named after these, in the framework's order.
 */
const NOT_LEAKED_ORDER: readonly CategoryId[] = [
  "password",
  "iban",
  "payment-card",
  "bsn",
  "id-document-copy",
  "health",
];

/** Categories people worry about most, in message order; named as "not leaked" when the breach did not include them. */
export const OFTEN_FEARED: readonly CategoryId[] = CATEGORIES.filter((c) => c.oftenFeared === true)
  .map((c) => c.id)
  .sort((a, b) => rank(a) - rank(b));

function rank(id: CategoryId): number {
  const at = NOT_LEAKED_ORDER.indexOf(id);
  return at === -1 ? NOT_LEAKED_ORDER.length : at;
}

export function allowedPlaceholders(): string[] {
  return [...new Set([...ELEMENTS.flatMap((e) => e.placeholders), ...EXTRA_PLACEHOLDERS])];
}

interface CompiledElement {
  element: Element;
  templates: Record<Language, CompiledTemplate>;
}

/** Content that is the same for everyone with the same kind, language, categories, flags and plan. */
interface SharedContent {
  values: Record<string, TemplateValue>;
  /** Whether the plan has steps for this person's situation (flags). */
  hasSituationSteps: boolean;
  /** The public plan's address for this profile's kinds of data, when the setup has a `publicUrl`. */
  planAddress: string | undefined;
  sections: Map<string, Section>;
  lines: Map<CompiledTemplate, string>;
}

export interface CompiledMessageSetup {
  setup: MessageSetup;
  /** Shared content per profile (see `profileKey`); bounded, cleared when full. */
  shared: Map<string, SharedContent>;
  /** The fixed start of the SMS per language. */
  smsLead: Map<Language, string>;
  elements: ReadonlyMap<ElementId, CompiledElement>;
  subjects: Record<MessageKind, Record<Language, CompiledTemplate>>;
  summary: Record<Language, CompiledTemplate>;
  updateLead: Record<Language, CompiledTemplate>;
  whichDataWithoutNotLeaked: Record<Language, CompiledTemplate>;
  /** What the organisation wrote itself, per language and kind (`ownWording`). */
  own: Map<string, OwnWording>;
}

const SUMMARY: BilingualText = {
  nl: "Bij ((organisation)) zijn gegevens van u gelekt: ((summary_data)). Doe nu eerst dit: ((first_steps)).",
  en: "Your data leaked at ((organisation)): ((summary_data)). Do this first: ((first_steps)).",
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
  if (setup.publicUrl !== undefined && !isBreachName(setup.organisation.name))
    throw new Error(
      `organisation name "${setup.organisation.name}" cannot name the breach in the plan address (publicUrl): ` +
        "use letters, digits and plain punctuation, and no run of four digits",
    );
  const placeholders = allowedPlaceholders();
  const elements = new Map<ElementId, CompiledElement>();
  for (const element of ELEMENTS) {
    const text = setup.overrides?.[element.id] ?? element.template;
    elements.set(element.id, { element, templates: compileBoth(text, element.id, placeholders) });
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
    subjects,
    summary: compileBoth(SUMMARY, "summary", [...placeholders, "first_steps", "summary_data"], false),
    updateLead: compileBoth(UPDATE_LEAD, "update news", placeholders),
    whichDataWithoutNotLeaked: compileBoth(WHICH_DATA_ONLY, "which-data", placeholders),
    own: new Map(),
  };
}

/** The organisation's own wording in a message of this kind and language, for the checks' `source`. */
function ownWording(compiled: CompiledMessageSetup, kind: MessageKind, language: Language): OwnWording {
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

export interface ComposeInput {
  recipient: Recipient;
  plan: ActionPlan;
  kind: MessageKind;
  verificationCode: string;
  /** 1 for the first message of this kind to this person, 2 for the next… (part of the message id). */
  sequence?: number;
  /**
   * A keyed key of this one delivery (campaign and person): makes the message id — and so the Message-ID —
   * unique per campaign and unguessable, yet the same when the same delivery is sent again. Wins over `sequence`.
   */
  messageKey?: string;
  /** The reference printed on a letter and matched by returned mail; default one per breach and person. */
  reference?: string;
}

function list(items: ListItem[], ordered: boolean, inline: string): ListValue {
  return { kind: "list", ordered, items, inline };
}

/** Words as a reader counts them; a label such as "bankrekeningnummer (IBAN)" is two. */
function wordCount(text: string): number {
  return text.split(/\s+/).filter((w) => /\p{L}/u.test(w)).length;
}

/**
 * How many words the summary spends on naming the person's data. The summary's first sentence is
 * "Bij … zijn gegevens van u gelekt: …" (6 words and the organisation's name); with this many more it stays
 * within B1's 20 words for an ordinary name, however many kinds of data leaked.
 */
export const SUMMARY_DATA_WORDS = 10;
/** Words the summary spends on the first things to do ("Doe nu eerst dit: …" is 4 more). */
export const SUMMARY_STEPS_WORDS = 15;

/**
 * The person's data as the summary names it: everything when it fits in `SUMMARY_DATA_WORDS`, otherwise the
 * kinds people fear most first, as many as fit, and how many more ("naam, wachtwoord en nog 12 andere"). The
 * full list is in the "which data" section right below.
 */
function summaryData(leaked: readonly CategoryId[], language: Language): string {
  const all = leaked.map((c) => categoryLabel(c, language));
  if (all.reduce((n, l) => n + wordCount(l), 0) + Math.max(0, all.length - 1) <= SUMMARY_DATA_WORDS)
    return joinWords(all, language);
  const feared = leaked.filter((c) => OFTEN_FEARED.includes(c)).sort((a, b) => rank(a) - rank(b));
  const ordered = [...feared, ...leaked.filter((c) => !feared.includes(c))];
  // "en nog 12 andere" / "and 12 more": three words of the budget.
  const budget = SUMMARY_DATA_WORDS - 3;
  const named: string[] = [];
  let words = 0;
  for (const id of ordered) {
    const label = categoryLabel(id, language);
    const cost = wordCount(label);
    if (named.length > 0 && words + cost > budget) continue;
    named.push(label);
    words += cost;
  }
  const rest = leaked.length - named.length;
  return `${named.join(", ")} ${language === "nl" ? `en nog ${rest} andere` : `and ${rest} more`}`;
}

/** The first one or two things to do, within `SUMMARY_STEPS_WORDS` (the whole plan follows in the message). */
function summarySteps(titles: readonly string[], language: Language): string {
  const first = titles.slice(0, 2);
  if (first.length === 2 && wordCount(first.join(" ")) + 1 > SUMMARY_STEPS_WORDS) first.pop();
  return joinWords(first, language);
}

function joinWords(words: readonly string[], language: Language): string {
  if (words.length <= 1) return words.join("");
  const and = language === "nl" ? "en" : "and";
  return `${words.slice(0, -1).join(", ")} ${and} ${words.at(-1)}`;
}

/** "E-mailadres" → "e-mailadres" inside a sentence; abbreviations such as "IBAN" or "ID-kaart" stay. */
function lowerFirst(text: string): string {
  return /^[A-Z](?=[a-z]|-[a-z])/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}

/** "https://www.rvig.nl" → "www.rvig.nl": addresses are written to be typed, never as links. */
function typedAddress(value: string): string {
  return value.replace(/^https?:\/\//i, "").replace(/\/$/, "");
}

function helpItem(org: HelpOrganisation, language: Language): ListItem {
  const words = language === "nl" ? { call: "Bel", site: "Website" } : { call: "Call", site: "Website" };
  const sub = org.contact.map((route) => {
    const note = route.note ? lowerFirst(route.note[language]) : undefined;
    if (route.kind === "phone") {
      if (!/\d/.test(route.value)) return note ? `${route.value}: ${note}` : route.value;
      const hours =
        org.openingHours && route === org.contact.find((c) => c.kind === "phone")
          ? lowerFirst(org.openingHours[language])
          : undefined;
      const extra = [note, hours].filter(Boolean).join(", ");
      return `${words.call} ${route.value}${extra ? ` (${extra})` : ""}`;
    }
    if (route.kind === "counter") return note ? upperFirst(note) : route.value;
    return `${route.note ? route.note[language] : words.site}: ${typedAddress(route.value)}`;
  });
  return { title: org.name[language], text: org.helpsWith[language], sub };
}

function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The person's leaked categories (or the breach's), in the framework's order so equal sets read the same. */
function leakedCategories(recipient: Recipient, breach: BreachFacts): CategoryId[] {
  const own = new Set<string>(recipient.categories.filter(isCategoryId));
  const leaked = own.size > 0 ? own : new Set<string>(breach.data.map((d) => d.category));
  return CATEGORY_IDS.filter((id) => leaked.has(id));
}

function categoryLabel(id: string, language: Language): string {
  return isCategoryId(id) ? lowerFirst(getCategory(id).label[language]) : id;
}

/** The person's action plan from assess; unknown category or flag ids in the victim file are left out. */
export function planForRecipient(breach: BreachFacts, recipient: Recipient): ActionPlan {
  return planFor({
    breach,
    victim: {
      categories: recipient.categories.filter(isCategoryId),
      flags: recipient.flags.filter(isFlagId),
      language: recipient.language,
    },
  });
}

/** Who the message is addressed to: a representative, the parents, the next of kin, or the person. */
export function addresseeFor(recipient: Recipient): Addressee {
  const l = labels(recipient.language);
  const name = recipient.name?.trim() || undefined;
  const flags = recipient.flags.filter(isFlagId);
  const replacing = flags
    .map((f) => ({ flag: f, rank: getFlag(f).channel.replacesRecipient }))
    .filter((x): x is { flag: (typeof flags)[number]; rank: number } => x.rank !== null)
    .sort((a, b) => a.rank - b.rank)[0]?.flag;
  const who = name ?? (recipient.language === "nl" ? "deze persoon" : "this person");
  const lines = (first: string[], address: PostalAddress | undefined) => [
    ...first,
    ...postalLines(address, recipient.language),
  ];

  if (replacing === "deceased") {
    return {
      role: "next-of-kin",
      addressLines: lines(l.nextOfKinOf(who), recipient.address),
      salutation: l.salutationNextOfKin,
      note: l.noteNextOfKin(who),
    };
  }
  if (replacing === "represented") {
    const rep = recipient.representative;
    return {
      role: "representative",
      addressLines: rep?.address
        ? lines([rep.name, l.representativeOf(who)], rep.address)
        : lines(l.toRepresentativeOf(who), recipient.address),
      salutation: l.salutation(rep?.name),
      note: l.noteRepresentative(who),
    };
  }
  if (replacing === "minor") {
    return {
      role: "parents",
      addressLines: lines(l.parentsOf(who), recipient.address),
      salutation: l.salutationParents,
      note: l.noteParents(who),
    };
  }
  return {
    role: "self",
    addressLines: lines(name ? [name] : [], recipient.address),
    salutation: l.salutation(name),
  };
}

/** Dutch postal style: "Dorpsstraat 12", "1234 AB  UTRECHT", and a country line abroad. */
export function postalLines(address: PostalAddress | undefined, language: Language): string[] {
  if (!address) return [];
  const country = (address.country ?? "NL").toUpperCase();
  const out = [
    `${address.street} ${address.houseNumber}`.trim(),
    `${address.postcode}  ${address.city.toUpperCase()}`.trim(),
  ];
  if (country !== "NL") out.push(labels(language).countries[country] ?? country);
  return out;
}

/**
 * The reference printed on letters: short, deterministic per breach and person, easy to read out. Not a
 * secret (the verification code is); two FNV-1a hashes with different seeds keep it cheap for big batches.
 */
export function referenceFor(breachId: string, victimId: string): string {
  const alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
  const text = `${breachId}\u0000${victimId}`;
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193) ^ (a >>> 15);
  }
  let out = "";
  for (let i = 0; i < 4; i++) {
    out += alphabet[(a >>> (i * 8)) % alphabet.length];
  }
  for (let i = 0; i < 4; i++) {
    out += alphabet[(b >>> (i * 8)) % alphabet.length];
  }
  return `LW-${out.slice(0, 4)}-${out.slice(4)}`;
}

/** Placeholders whose value differs per person even within one profile. */
const PERSONAL = new Set(["name", "reference", "verification_code"]);
const SHARED_LIMIT = 10_000;

function isPersonal(template: CompiledTemplate): boolean {
  for (const p of template.placeholders) if (PERSONAL.has(p)) return true;
  return false;
}

/**
 * Everything except name, reference and code follows from these; people who share them share most of their
 * message, which is rendered once and reused (sections are frozen for that reason).
 */
function profileKey(input: ComposeInput, categories: readonly string[]): string {
  const { recipient, kind } = input;
  return `${kind}|${recipient.language}|${sortedList(categories)}|${sortedList(recipient.flags)}|${planKey(input.plan)}`;
}

function sortedList(ids: readonly string[]): string {
  return ids.length < 2 ? ids.join(",") : [...ids].sort().join(",");
}

// Callers that share plan objects between people (one plan per profile) skip rebuilding this part.
const planKeys = new WeakMap<ActionPlan, string>();
function planKey(plan: ActionPlan): string {
  let key = planKeys.get(plan);
  if (key === undefined) {
    key = `${plan.steps.map((s) => s.id).join(",")}|${plan.risks.map((r) => r.id).join(",")}`;
    planKeys.set(plan, key);
  }
  return key;
}

function sharedValuesFor(
  compiled: CompiledMessageSetup,
  input: ComposeInput,
  language: Language,
): Record<string, TemplateValue> {
  const { setup } = compiled;
  const { organisation: org, texts, breach } = setup;
  const { recipient, plan } = input;
  const leaked = leakedCategories(recipient, breach);
  const leakedLabels = leaked.map((c) => categoryLabel(c, language));
  const breachCategories = new Set(breach.data.map((d) => d.category));
  // A list, not a run-on sentence: the fewer kinds leaked, the more of these there are (up to six).
  const notLeakedLabels = OFTEN_FEARED.filter((c) => !breachCategories.has(c)).map((c) =>
    categoryLabel(c, language),
  );
  const notLeaked: TemplateValue =
    texts.notLeaked?.[language] ??
    (notLeakedLabels.length > 0
      ? list(
          notLeakedLabels.map((text) => ({ text })),
          false,
          joinWords(notLeakedLabels, language),
        )
      : "");
  const steps = plan.steps.map((s) => ({ title: s.title, text: s.why, sub: [...s.how] }));
  const ownSituation = situationStepIds(recipient.flags);
  const situation = plan.steps.filter((s) => ownSituation.has(s.id));
  const helpIds = [...new Set(plan.steps.flatMap((s) => s.help))].filter(isHelpOrganisationId);
  const help = helpIds.map((id) => getHelpOrganisation(id));
  const dpo = [org.dpo.name, org.dpo.email, org.dpo.phone].filter(Boolean).join(", ");
  // The summary names things to do; advice addressed to a group ("for parents") is not an action.
  const actions = plan.steps.filter((s) => !ownSituation.has(s.id));
  const firstSteps = actions.filter((s) => s.priority === "now").slice(0, 2);
  const values: Record<string, TemplateValue> = {
    organisation: org.name,
    breach_date: formatDate((breach.occurredFrom ?? breach.awareAt).slice(0, 10), language),
    discovery_date: formatDate(breach.awareAt.slice(0, 10), language),
    what_happened: texts.whatHappened[language],
    your_data: list(
      leakedLabels.map((text) => ({ text })),
      false,
      joinWords(leakedLabels, language),
    ),
    not_leaked: notLeaked,
    authority_notified: authorityNotified(breach) ? "yes" : "",
    consequences: list(
      plan.risks.map((r) => ({ title: r.label, text: r.text })),
      false,
      joinWords(
        plan.risks.map((r) => lowerFirst(r.label)),
        language,
      ),
    ),
    your_steps: list(
      steps,
      true,
      joinWords(
        plan.steps.map((s) => lowerFirst(s.title)),
        language,
      ),
    ),
    first_steps: summarySteps(
      (firstSteps.length > 0 ? firstSteps : (actions.length > 0 ? actions : plan.steps).slice(0, 1)).map(
        (s) => lowerFirst(s.title),
      ),
      language,
    ),
    summary_data: summaryData(leaked, language),
    situation_advice: list(
      situation.map((s) => ({ title: s.title, text: s.why, sub: [...s.how] })),
      false,
      joinWords(
        situation.map((s) => lowerFirst(s.title)),
        language,
      ),
    ),
    measures_taken: texts.measuresTaken[language],
    improvements: texts.improvements[language],
    contact_phone: org.phone,
    contact_hours: texts.contactHours[language],
    help_organisations: list(
      help.map((h) => helpItem(h, language)),
      false,
      joinWords(
        help.map((h) => h.name[language]),
        language,
      ),
    ),
    compensation_info: texts.compensation[language],
    updates_url: org.website,
    update_frequency: texts.updateFrequency[language],
    dpo_contact: dpo,
    verify_url: org.website,
    update_news: texts.updateNews?.[language],
  };
  return values;
}

/** Personal values over the profile's shared ones, without copying the shared ones for every person. */
class LayeredValues extends Map<string, TemplateValue> {
  readonly personal: Readonly<Record<string, TemplateValue>>;
  readonly shared: Readonly<Record<string, TemplateValue>>;
  constructor(personal: Record<string, TemplateValue>, shared: Record<string, TemplateValue>) {
    super();
    this.personal = personal;
    this.shared = shared;
  }
  override get(name: string): TemplateValue {
    if (Object.hasOwn(this.personal, name)) return this.personal[name];
    return Object.hasOwn(this.shared, name) ? this.shared[name] : undefined;
  }
  override has(name: string): boolean {
    return Object.hasOwn(this.personal, name) || Object.hasOwn(this.shared, name);
  }
}

function deepFreeze(section: Section): Section {
  for (const block of section.blocks) {
    if (block.kind === "list") {
      for (const item of block.items) {
        if (item.sub) Object.freeze(item.sub);
        Object.freeze(item);
      }
      Object.freeze(block.items);
    }
    Object.freeze(block);
  }
  Object.freeze(section.blocks);
  Object.freeze(section.elements);
  return Object.freeze(section);
}

/** Builds one message for one person. Throws `MissingValueError` when a template needs a value nobody gave. */
export function composeMessage(compiled: CompiledMessageSetup, input: ComposeInput): ComposedMessage {
  const { setup } = compiled;
  const { recipient, plan, kind } = input;
  const language = recipient.language;
  const l = labels(language);
  const categories = leakedCategories(recipient, setup.breach);
  const key = profileKey(input, categories);
  let shared = compiled.shared.get(key);
  if (!shared) {
    if (compiled.shared.size >= SHARED_LIMIT) compiled.shared.clear();
    const situation = situationStepIds(recipient.flags);
    shared = {
      values: sharedValuesFor(compiled, input, language),
      // Names the breach (the organisation) and the person's kinds of data; never the person.
      planAddress: setup.publicUrl
        ? typedAddress(
            breachAdviceUrl(setup.publicUrl, { name: setup.organisation.name, categories }, language),
          )
        : undefined,
      hasSituationSteps: plan.steps.some((s) => situation.has(s.id)),
      sections: new Map(),
      lines: new Map(),
    };
    compiled.shared.set(key, shared);
  }
  const reference = input.reference ?? referenceFor(setup.breachId, recipient.id);
  const values = new LayeredValues(
    {
      name: recipient.name,
      reference,
      verification_code: { kind: "code", text: input.verificationCode } satisfies CodeValue,
    },
    shared.values,
  );
  // No channel: the message is channel-free; text under `channel:` conditions is marked per channel.
  const context: RenderContext = { categories: new Set(categories), flags: new Set(recipient.flags) };
  const line = (template: CompiledTemplate): string => {
    if (isPersonal(template)) return template.renderLine(values, context);
    let text = shared.lines.get(template);
    if (text === undefined) {
      text = template.renderLine(values, context);
      shared.lines.set(template, text);
    }
    return text;
  };
  const planAddress = kind === "first-notice" ? shared.planAddress : undefined;
  const layout = setup.layout?.[kind] ?? DEFAULT_LAYOUT[kind];
  const sections: Section[] = [];
  for (const id of layout) {
    const cached = shared.sections.get(id);
    if (cached) {
      sections.push(cached);
      continue;
    }
    const entry = compiled.elements.get(id);
    if (!entry) continue;
    if (id === "advice-for-your-situation" && !shared.hasSituationSteps) continue;
    let template = entry.templates[language];
    if (
      id === "which-data" &&
      !setup.overrides?.[id] &&
      typeof shared.values.not_leaked === "string" &&
      shared.values.not_leaked.trim() === ""
    ) {
      template = compiled.whichDataWithoutNotLeaked[language];
    }
    const blocks: Block[] = template.render(values, context);
    const lead = id === "updates" && kind === "update" ? compiled.updateLead[language] : undefined;
    if (lead) blocks.unshift(...lead.render(values, context));
    if (id === "what-you-can-do" && planAddress) {
      blocks.push({ kind: "paragraph", text: l.planOnline }, { kind: "paragraph", text: planAddress });
    }
    const section: Section = {
      id,
      heading: entry.element.title[language],
      elements: [id],
      blocks,
      source: setup.overrides?.[id] ? "override" : "framework",
    };
    if (isPersonal(template) || (lead && isPersonal(lead))) sections.push(section);
    else {
      shared.sections.set(id, deepFreeze(section));
      sections.push(section);
    }
  }
  const addressee = addresseeFor(recipient);
  const org = setup.organisation;
  const code = input.verificationCode;
  let smsLead = compiled.smsLead.get(language);
  if (smsLead === undefined) {
    smsLead = toGsmFriendly(`${l.smsIntro(org.name)} ${l.smsRead(org.website)}`);
    compiled.smsLead.set(language, smsLead);
  }
  // The code's alphabet and the label are plain ASCII, which GSM-7 covers.
  const sms = `${smsLead} ${l.smsCode(code)}`;
  return {
    id: `${setup.breachId}.${recipient.id}.${kind}.${input.messageKey ?? input.sequence ?? 1}`,
    breachId: setup.breachId,
    victimId: recipient.id,
    kind,
    language,
    subject: line(compiled.subjects[kind][language]),
    summary: line(compiled.summary[language]),
    addressee,
    sections,
    closing: [l.regards, ...(org.signatory ? [org.signatory.name, org.signatory.role] : []), org.name],
    verificationCode: code,
    reference,
    date: setup.date,
    organisation: org,
    recipient,
    sms,
    ...(planAddress ? { planAddress } : {}),
    own: ownWording(compiled, kind, language),
  };
}
