/**
 * Composing one message for one person: the person's shared profile content (rendered once and reused by
 * everyone with the same profile), the personal values over it, the sections in the campaign's layout and the
 * SMS. Campaign setup and compilation live in campaign.ts; this runs per victim.
 */
import { type ActionPlan, type BreachFacts, planFor } from "../../assess/index.ts";
import { type CategoryId, type ElementId, isCategoryId, isFlagId } from "../../framework/index.ts";
import type { Block, Section } from "../blocks.ts";
import { toGsmFriendly } from "../channels/sms.ts";
import { labels } from "../labels.ts";
import type { ComposedMessage, Language, MessageKind, Recipient } from "../message.ts";
import { type PortalAddresses, portalAddresses } from "../portal-addresses.ts";
import type { CodeValue, CompiledTemplate, RenderContext, TemplateValue } from "../template/template.ts";
import { addresseeFor } from "./addressing.ts";
import { type CompiledMessageSetup, DEFAULT_LAYOUT, ownWording, type SharedContent } from "./campaign.ts";
import { referenceFor } from "./reference.ts";
import { situationStepIds } from "./required.ts";
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
  const portal = kind === "first-notice" ? shared.portal : undefined;
  const rendering: SectionRendering = { compiled, kind, language, shared, values, context };
  const layout = setup.layout?.[kind] ?? DEFAULT_LAYOUT[kind];
  const sections = layout.flatMap((id) => composeSection(rendering, id) ?? []);
  const personalCode = portal ? input.personalCode?.trim() || undefined : undefined;
  if (portal)
    withPlanOnline(sections, planOnline(shared, portal, language, personalCode, setup.organisation.phone));
  const org = setup.organisation;
  return {
    id: `${setup.breachId}.${recipient.id}.${kind}.${input.messageKey ?? input.sequence ?? 1}`,
    breachId: setup.breachId,
    victimId: recipient.id,
    kind,
    language,
    subject: line(compiled.subjects[kind][language]),
    summary: line((kind === "first-notice" ? compiled.shortSummary : compiled.summary)[language]),
    addressee: addresseeFor(recipient),
    sections,
    closing: [
      labels(language).regards,
      ...(org.signatory ? [org.signatory.name, org.signatory.role] : []),
      org.name,
    ],
    verificationCode: input.verificationCode,
    reference,
    date: setup.date,
    organisation: org,
    recipient,
    sms: smsFor(compiled, language, input.verificationCode),
    ...(portal ? { planAddress: portal.plan } : {}),
    ...(portal?.breach ? { breachAddress: portal.breach } : {}),
    ...(portal?.affected ? { affectedAddress: portal.affected } : {}),
    ...(personalCode ? { personalCode } : {}),
    own: ownWording(compiled, kind, language),
  };
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
    shared = {
      values: sharedValuesFor(compiled, input, recipient.language, portal?.breach),
      portal,
      hasSituationSteps: plan.steps.some((s) => situation.has(s.id)),
      sections: new Map(),
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
  values: LayeredValues;
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
  const blocks: Block[] = template.render(values, context);
  const lead = id === "updates" && kind === "update" ? compiled.updateLead[language] : undefined;
  if (lead) blocks.unshift(...lead.render(values, context));
  const section: Section = {
    id,
    heading: entry.element.title[language],
    elements: [id],
    blocks,
    source: setup.overrides?.[id] ? "override" : "framework",
  };
  if (isPersonal(template) || (lead && isPersonal(lead))) return section;
  shared.sections.set(id, deepFreeze(section));
  return section;
}

/** The plan-online section; without a code it is the same for the whole profile, so it is shared (frozen). */
function planOnline(
  shared: SharedContent,
  portal: PortalAddresses,
  language: Language,
  code: string | undefined,
  phone: string | undefined,
): Section {
  if (code) return planOnlineSection(portal, language, code, phone);
  let section = shared.sections.get("plan-online");
  if (!section) {
    section = deepFreeze(planOnlineSection(portal, language, undefined, phone));
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
): Section {
  const l = labels(language);
  // The lead and address are the same for everyone: frozen once, so renderers reuse their output.
  const blocks: Block[] = [...leadBlocks(portal, language)];
  if (code) {
    // The code on its own line, as people read it out or type it: "Uw persoonlijke code: XXXX-XXXX-XXXX-XXXX".
    blocks.push({ kind: "paragraph", text: `${l.personalCode(code)}. ${l.keepCode}` });
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
