/**
 * Composing one message for one person: the person's shared profile content (rendered once and reused by
 * everyone with the same profile), the personal values over it, the sections in the campaign's layout and the
 * SMS. Campaign setup and compilation live in campaign.ts; this runs per victim.
 */
import { isDeepStrictEqual } from "node:util";
import { type ActionPlan, type BreachFacts, planFor } from "../../assess/index.ts";
import { type CategoryId, type ElementId, isCategoryId, isFlagId } from "../../framework/index.ts";
import type { Block, Section } from "../blocks.ts";
import { toGsmFriendly } from "../channels/sms.ts";
import { labels } from "../labels.ts";
import type { ComposedMessage, Language, MessageKind, Recipient } from "../message.ts";
import { type PortalAddresses, portalAddresses } from "../portal-addresses.ts";
import type {
  CodeValue,
  CompiledTemplate,
  RenderContext,
  TemplateValue,
  TemplateValues,
} from "../template/template.ts";
import { addresseeFor, replacingFlag } from "./addressing.ts";
import { type CompiledMessageSetup, DEFAULT_LAYOUT, ownWording, type SharedContent } from "./campaign.ts";
import { referenceFor } from "./reference.ts";
import { situationStepIds } from "./required.ts";
import { fillable, fillSection, type PersonalValues, slotSection, standIns } from "./slots.ts";
import { sharedValuesFor } from "./values.ts";
import { leakedCategories } from "./wording.ts";

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
  /**
   * The person's personal code (plaintext, from the sealed store): a first notice prints it beside the
   * portal's plan address. Without it the notice says where to ask for one.
   */
  personalCode?: string;
}

// A plan follows from the breach and the person's categories, flags and language alone, so people who share
// those share one plan object: a campaign of millions builds a few hundred plans, and the composer's profile
// key of a plan is made once (`planKey`). Plans are not changed after they are made; frozen to keep it so.
const plans = new WeakMap<BreachFacts, Map<string, ActionPlan>>();
const PLANS_PER_BREACH = 10_000;

/** The person's action plan from assess; unknown category or flag ids in the victim file are left out. */
export function planForRecipient(breach: BreachFacts, recipient: Recipient): ActionPlan {
  let byProfile = plans.get(breach);
  if (!byProfile) {
    byProfile = new Map();
    plans.set(breach, byProfile);
  }
  const key = `${recipient.language}|${recipient.categories.join(",")}|${recipient.flags.join(",")}`;
  let plan = byProfile.get(key);
  if (!plan) {
    if (byProfile.size >= PLANS_PER_BREACH) byProfile.clear();
    plan = deepFreezePlan(buildPlan(breach, recipient));
    byProfile.set(key, plan);
  }
  return plan;
}

function deepFreezePlan<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreezePlan(inner);
    Object.freeze(value);
  }
  return value;
}

function buildPlan(breach: BreachFacts, recipient: Recipient): ActionPlan {
  return planFor({
    breach,
    victim: {
      categories: recipient.categories.filter(isCategoryId),
      flags: recipient.flags.filter(isFlagId),
      language: recipient.language,
    },
  });
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
  // Categories come in the framework's order (leakedCategories); flags as the file gives them.
  return `${kind}|${recipient.language}|${categories.join(",")}|${sortedList(recipient.flags)}|${planKey(input.plan)}`;
}

function sortedList(ids: readonly string[]): string {
  for (let i = 1; i < ids.length; i++) {
    if ((ids[i - 1] as string) > (ids[i] as string)) return [...ids].sort().join(",");
  }
  return ids.join(",");
}

// Callers that share plan objects between people (planForRecipient does) skip rebuilding this part, and a
// plan's steps and risks go into the key as a short number, so the key stays short to hash.
const planKeys = new WeakMap<ActionPlan, string>();
// Numbers are never reused (a counter, not the map's size), so clearing the map can cost a cache miss but never
// give two different plans one number.
const planNumbers = new Map<string, string>();
let nextPlanNumber = 0;
function planKey(plan: ActionPlan): string {
  let key = planKeys.get(plan);
  if (key === undefined) {
    const full = `${plan.steps.map((s) => s.id).join(",")}|${plan.risks.map((r) => r.id).join(",")}`;
    key = planNumbers.get(full);
    if (key === undefined) {
      if (planNumbers.size >= SHARED_LIMIT) planNumbers.clear();
      key = `p${nextPlanNumber++}`;
      planNumbers.set(full, key);
    }
    planKeys.set(plan, key);
  }
  return key;
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
  const { recipient, kind } = input;
  const language = recipient.language;
  const categories = leakedCategories(recipient, setup.breach);
  const shared = sharedContentFor(compiled, input, categories);
  const reference = input.reference ?? referenceFor(setup.breachId, recipient.id);
  // Most people's messages are shared sections plus filled slots: the layered values a full rendering needs
  // are made only when something is rendered for this person.
  let layered: LayeredValues | undefined;
  const values = (): LayeredValues => {
    layered ??= new LayeredValues(
      {
        name: recipient.name,
        reference,
        verification_code: { kind: "code", text: input.verificationCode } satisfies CodeValue,
      },
      shared.values,
    );
    return layered;
  };
  const context = shared.context;
  const line = (template: CompiledTemplate): string => {
    if (isPersonal(template)) return template.renderLine(values(), context);
    let text = shared.lines.get(template);
    if (text === undefined) {
      text = template.renderLine(values(), context);
      shared.lines.set(template, text);
    }
    return text;
  };
  const portal = kind === "first-notice" ? shared.portal : undefined;
  const personal: PersonalValues = { name: recipient.name, reference, code: input.verificationCode };
  const rendering: SectionRendering = { compiled, kind, language, shared, values, personal, context };
  const sections = sectionsFor(rendering, setup.layout?.[kind] ?? DEFAULT_LAYOUT[kind]);
  const personalCode = portal ? input.personalCode?.trim() || undefined : undefined;
  if (portal)
    withPlanOnline(sections, planOnline(shared, portal, language, personalCode, setup.organisation.phone));
  const message: ComposedMessage = {
    id: `${setup.breachId}.${recipient.id}.${kind}.${input.messageKey ?? input.sequence ?? 1}`,
    breachId: setup.breachId,
    victimId: recipient.id,
    kind,
    language,
    subject: line(compiled.subjects[kind][language]),
    summary: line((kind === "first-notice" ? compiled.shortSummary : compiled.summary)[language]),
    addressee: addresseeFor(recipient, shared.replacing),
    sections,
    closing: shared.closing,
    verificationCode: input.verificationCode,
    reference,
    date: setup.date,
    organisation: setup.organisation,
    recipient,
    sms: smsFor(compiled, language, input.verificationCode),
    own: shared.own,
  };
  if (portal) {
    message.planAddress = portal.plan;
    if (portal.breach) message.breachAddress = portal.breach;
    if (portal.affected) message.affectedAddress = portal.affected;
  }
  if (personalCode) message.personalCode = personalCode;
  return message;
}

/**
 * The sections in the layout's order. The first person of a profile sets its frame: the shared sections as
 * they are and the ids of the personal ones, which are all that is composed for the people after them.
 */
function sectionsFor(r: SectionRendering, layout: readonly ElementId[]): Section[] {
  const frame = r.shared.frame;
  if (frame)
    return frame.map((part) => (typeof part === "string" ? (composeSection(r, part) as Section) : part));
  const sections: Section[] = [];
  const parts: (Section | ElementId)[] = [];
  for (const id of layout) {
    const section = composeSection(r, id);
    if (!section) continue;
    sections.push(section);
    parts.push(Object.isFrozen(section) ? section : id);
  }
  r.shared.frame = parts;
  return sections;
}

/** The content this person's profile shares with others, built the first time the profile is seen. */
function sharedContentFor(
  compiled: CompiledMessageSetup,
  input: ComposeInput,
  categories: readonly CategoryId[],
): SharedContent {
  const { setup } = compiled;
  const { recipient, plan } = input;
  const key = profileKey(input, categories);
  let shared = compiled.shared.get(key);
  if (!shared) {
    if (compiled.shared.size >= SHARED_LIMIT) compiled.shared.clear();
    const situation = situationStepIds(recipient.flags);
    // The same for everyone of a language: the person is known only by the code they type there.
    const portal = setup.publicUrl
      ? portalAddresses(setup.publicUrl, setup.breachSlug, recipient.language)
      : undefined;
    const language = recipient.language;
    const org = setup.organisation;
    shared = {
      values: sharedValuesFor(compiled, input, language, portal?.breach),
      // Categories and flags are part of the profile's key, so one context serves all its people.
      context: { categories: new Set(categories), flags: new Set(recipient.flags) },
      closing: Object.freeze([
        labels(language).regards,
        ...(org.signatory ? [org.signatory.name, org.signatory.role] : []),
        org.name,
      ]) as string[],
      own: ownWording(compiled, input.kind, language),
      portal,
      planLead: portal ? leadBlocks(portal, language) : undefined,
      replacing: replacingFlag(recipient.flags),
      frame: undefined,
      hasSituationSteps: plan.steps.some((s) => situation.has(s.id)),
      sections: new Map(),
      slotted: new Map(),
      lines: new Map(),
    };
    compiled.shared.set(key, shared);
  }
  return shared;
}

/** What rendering one person's sections needs. */
interface SectionRendering {
  compiled: CompiledMessageSetup;
  kind: MessageKind;
  language: Language;
  shared: SharedContent;
  /** The person's values over the profile's, made on first use. */
  values: () => LayeredValues;
  /** The same personal values, for filling slotted sections. */
  personal: PersonalValues;
  context: RenderContext;
}

/** One element's section: the profile's frozen copy when it has no personal values, else rendered now. */
function composeSection(r: SectionRendering, id: ElementId): Section | undefined {
  const { compiled, kind, language, shared, values, context } = r;
  const { setup } = compiled;
  const cached = shared.sections.get(id);
  if (cached) return cached;
  const entry =
    (kind === "first-notice" ? compiled.firstNotice.get(id) : undefined) ?? compiled.elements.get(id);
  if (!entry) return undefined;
  if (id === "advice-for-your-situation" && !shared.hasSituationSteps) return undefined;
  let template = entry.templates[language];
  if (
    id === "which-data" &&
    !setup.overrides?.[id] &&
    typeof shared.values.not_leaked === "string" &&
    shared.values.not_leaked.trim() === ""
  ) {
    template = compiled.whichDataWithoutNotLeaked[language];
  }
  const lead = id === "updates" && kind === "update" ? compiled.updateLead[language] : undefined;
  const render = (with_: TemplateValues): Section => {
    const blocks: Block[] = template.render(with_, context);
    if (lead) blocks.unshift(...lead.render(with_, context));
    return {
      id,
      heading: entry.element.title[language],
      elements: [id],
      blocks,
      source: setup.overrides?.[id] ? "override" : "framework",
    };
  };
  if (isPersonal(template) || (lead && isPersonal(lead))) return personalSection(r, id, render);
  const section = render(values());
  shared.sections.set(id, deepFreeze(section));
  return section;
}

/**
 * A section with the person's own values: filled into the profile's slotted copy (slots.ts) when their
 * values allow it, else rendered in full.
 */
function personalSection(
  r: SectionRendering,
  id: string,
  render: (values: TemplateValues) => Section,
): Section {
  const { shared, personal } = r;
  if (!fillable(personal)) return render(r.values());
  let slotted = shared.slotted.get(id);
  if (slotted === undefined) {
    const stand = standIns();
    const made = slotSection(
      render(
        new LayeredValues(
          {
            name: stand.name,
            reference: stand.reference,
            verification_code: { kind: "code", text: stand.code } satisfies CodeValue,
          },
          shared.values,
        ),
      ),
    );
    // Checked once against a full rendering: a template whose output depends on more than where the values
    // stand (a condition on the name, say) is always rendered in full.
    const full = render(r.values());
    slotted = isDeepStrictEqual(fillSection(made, personal), full) ? made : null;
    shared.slotted.set(id, slotted);
    return full;
  }
  return slotted ? fillSection(slotted, personal) : render(r.values());
}

/** The plan-online section; without a code it is the same for the whole profile, so it is shared (frozen). */
function planOnline(
  shared: SharedContent,
  portal: PortalAddresses,
  language: Language,
  code: string | undefined,
  phone: string | undefined,
): Section {
  if (code) return planOnlineSection(portal, language, code, phone, shared.planLead);
  let section = shared.sections.get("plan-online");
  if (!section) {
    section = deepFreeze(planOnlineSection(portal, language, undefined, phone, shared.planLead));
    shared.sections.set("plan-online", section);
  }
  return section;
}

/**
 * The first notice's pointer to the whole plan: the portal's address to type with the person's code beside it
 * (or where to ask for a code), and the breach page. Personal, so rendered per person; it is a few lines.
 */
function planOnlineSection(
  portal: PortalAddresses,
  language: Language,
  code: string | undefined,
  phone: string | undefined,
  lead: readonly Block[] | undefined,
): Section {
  const l = labels(language);
  // The lead and address are the same for everyone: frozen once, so renderers reuse their output.
  const blocks: Block[] = [...(lead ?? leadBlocks(portal, language))];
  if (code) {
    // One line, so the first notice's letter keeps to one sheet: "Uw persoonlijke code: XXXX-…. Geef die aan
    // niemand." Only the code is the person's own; renderers keep their output of the words around it.
    const before = l.personalCode;
    const after = `. ${l.keepCode}`;
    blocks.push({
      kind: "paragraph",
      text: `${before} ${code}${after}`,
      code: { before: `${before} `, code, after },
    });
  } else if (portal.affected) {
    blocks.push({ kind: "paragraph", text: l.askCode }, { kind: "paragraph", text: portal.affected });
  } else if (phone) {
    blocks.push({ kind: "paragraph", text: l.callForCode(phone) });
  }
  return { id: "plan-online", heading: l.planHeading, elements: [], blocks, source: "framework" };
}

const leads = new Map<string, readonly Block[]>();

function leadBlocks(portal: PortalAddresses, language: Language): readonly Block[] {
  const key = `${language}\u0000${portal.plan}`;
  let blocks = leads.get(key);
  if (!blocks) {
    if (leads.size > 100) leads.clear();
    blocks = Object.freeze([
      Object.freeze({ kind: "paragraph", text: labels(language).planLead } as const),
      Object.freeze({ kind: "paragraph", text: portal.plan } as const),
    ]);
    leads.set(key, blocks);
  }
  return blocks;
}

/** Right after the steps (and the advice for the person's situation that follows them), else at the end. */
function withPlanOnline(sections: Section[], section: Section): void {
  let at = sections.findIndex((s) => s.id === "what-you-can-do");
  if (at === -1) {
    sections.push(section);
    return;
  }
  if (sections[at + 1]?.id === "advice-for-your-situation") at++;
  sections.splice(at + 1, 0, section);
}

/** The SMS: a fixed start per language (made GSM-friendly once) and the person's code. */
function smsFor(compiled: CompiledMessageSetup, language: Language, code: string): string {
  const l = labels(language);
  let smsLead = compiled.smsLead.get(language);
  if (smsLead === undefined) {
    const org = compiled.setup.organisation;
    smsLead = toGsmFriendly(`${l.smsIntro(org.name)} ${l.smsRead(org.website)}`);
    compiled.smsLead.set(language, smsLead);
  }
  // The code's alphabet and the label are plain ASCII, which GSM-7 covers.
  return `${smsLead} ${l.smsCode(code)}`;
}
