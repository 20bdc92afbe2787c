/**
 * Two letters My plan asks for, composed as ordinary messages so the letter renderer and the print batches
 * treat them as every other letter (window address, reference, verification code, page numbers, tags):
 *
 * - the **plan letter**: what of this person leaked, what can happen, their steps in order, who can help, and
 *   the portal's addresses to type — the framework's plan for their data, nothing the organisation wrote, so
 *   it needs no approval;
 * - the **address-confirmation letter**: to a new address someone typed on My plan, with a short one-time
 *   code; only when that code is typed on My plan does the address become the person's address for letters;
 * - the **address-change notice**: to the address letters went to before, once a new one is confirmed, so a
 *   person whose code someone else used learns that their letters were moved, and whom to call.
 *
 * Dutch at B1 and English, in the person's language. Pure: the worker in operations/portal-letters.ts
 * decides when and to whom.
 */
import type { ActionPlan } from "../assess/index.ts";
import { formatDate, type SenderProfile } from "../core/index.ts";
import { type CategoryId, getCategory, getHelpOrganisation, HELP_ORGANISATIONS } from "../framework/index.ts";
import type { ListItem, Section } from "./blocks.ts";
import { addresseeFor } from "./compose/addressing.ts";
import { labels } from "./labels.ts";
import { renderLetterPdf } from "./letter/letter.ts";
import type { ComposedMessage, Language, Recipient } from "./message.ts";
import type { PortalAddresses } from "./portal-addresses.ts";

/** What both letters share: who sends, to whom, and the identifiers every letter carries. */
export interface PortalLetterBase {
  /** Stable id of the letter (the request's id). */
  id: string;
  breachId: string;
  organisation: SenderProfile;
  /** The person, with the address the letter goes to. */
  recipient: Recipient;
  reference: string;
  verificationCode: string;
  /** yyyy-mm-dd */
  date: string;
  portal: PortalAddresses;
}

export interface PlanLetterInput extends PortalLetterBase {
  /** The breach's title as the organisation entered it (Dutch): only Dutch letters print it. */
  breachTitle: string;
  categories: readonly CategoryId[];
  plan: ActionPlan;
}

export interface ConfirmationLetterInput extends PortalLetterBase {
  /** The one-time code to type on My plan. */
  code: string;
  /** yyyy-mm-dd: the last day the code works. */
  expiresOn: string;
  /** Wrong tries allowed. */
  tries: number;
}

export interface AddressChangeNoticeInput extends PortalLetterBase {
  /** The new address's postcode, masked (`3512 **`): enough to recognise, nothing to read off. */
  newPostcode: string;
  /** yyyy-mm-dd: the day the new address was confirmed. */
  changedOn: string;
}

type Text = Record<Language, string>;
const pick = (text: Text, language: Language) => text[language];

const PLAN_TEXT = {
  subject: {
    nl: "Uw persoonlijke plan na het datalek",
    en: "Your personal plan after the data breach",
  },
  summary: {
    nl: "U vroeg om uw plan op papier. Hier leest u welke gegevens van u gelekt zijn, wat er kan gebeuren en wat u het beste kunt doen. Doe de stappen in deze volgorde.",
    en: "You asked for your plan on paper. Here you read which of your details leaked, what can happen and what you can best do. Do the steps in this order.",
  },
  leaked: { nl: "Welke gegevens van u zijn gelekt", en: "Which of your details leaked" },
  risks: { nl: "Wat kan er gebeuren", en: "What can happen" },
  steps: { nl: "Wat kunt u doen", en: "What you can do" },
  stepsLead: {
    nl: "Doe deze stappen in deze volgorde. De eerste stappen zijn het meest dringend. Op Mijn plan leest u bij elke stap hoe u het doet.",
    en: "Do these steps in this order. The first steps are the most urgent. On My plan you read how to do each step.",
  },
  help: { nl: "Wie kan u helpen", en: "Who can help you" },
  online: { nl: "Uw plan op internet", en: "Your plan on the internet" },
  planAt: {
    nl: "Uw plan staat ook op internet. Typ dit adres zelf in:",
    en: "Your plan is also on the internet. Type this address yourself:",
  },
  code: {
    nl: "Vul daar uw persoonlijke code in. Die staat in onze eerste brief of e-mail.",
    en: "Enter your personal code there. It is in our first letter or e-mail.",
  },
  breachAt: {
    nl: "Nieuws over het datalek leest u op:",
    en: "News about the data breach is at:",
  },
  noLinks: {
    nl: "Klik nooit op links in berichten over dit datalek. Typ het adres altijd zelf in.",
    en: "Never click links in messages about this data breach. Always type the address yourself.",
  },
} as const;

const CONFIRM_TEXT = {
  subject: { nl: "Bevestig uw nieuwe adres", en: "Confirm your new address" },
  summary: {
    nl: "Iemand gaf dit adres op als nieuw adres voor brieven over het datalek. Was u dat? Typ dan de code uit deze brief in op Mijn plan. Pas daarna sturen wij brieven naar dit adres.",
    en: "Someone gave this address as the new address for letters about the data breach. Was that you? Then type the code from this letter on My plan. Only after that do we send letters to this address.",
  },
  codeTitle: { nl: "Uw code om het adres te bevestigen", en: "Your code to confirm the address" },
  howTitle: { nl: "Zo bevestigt u uw adres", en: "How to confirm your address" },
  step1: { nl: "Typ dit adres zelf in:", en: "Type this address yourself:" },
  step2: {
    nl: "Vul uw persoonlijke code in. Die staat in onze eerste brief of e-mail.",
    en: "Enter your personal code. It is in our first letter or e-mail.",
  },
  step3: {
    nl: "Ga naar 'Uw gegevens'. Typ bij 'Bent u verhuisd?' de code uit deze brief.",
    en: "Go to 'Your details'. Under 'Have you moved?', type the code from this letter.",
  },
  notYouTitle: { nl: "Heeft u dit niet gevraagd?", en: "Did you not ask for this?" },
  notYou: {
    nl: "Dan hoeft u niets te doen. Zonder de code gebruiken wij dit adres niet.",
    en: "Then you need not do anything. Without the code we do not use this address.",
  },
  noLinks: PLAN_TEXT.noLinks,
} as const;

const CHANGED_TEXT = {
  subject: { nl: "Uw adres voor brieven is veranderd", en: "Your address for letters has changed" },
  whatTitle: { nl: "Wat er veranderde", en: "What changed" },
  notYouTitle: { nl: "Was u dit niet?", en: "Was this not you?" },
  summary: {
    nl: "Brieven over het datalek gaan vanaf nu naar een ander adres. Heeft u dat niet zelf gedaan? Bel ons dan.",
    en: "From now on, letters about the data breach go to another address. Did you not do this yourself? Then call us.",
  },
  notYouSteps: {
    nl: "Dan heeft misschien iemand anders uw persoonlijke code gebruikt. Bel ons zo snel mogelijk. Wij helpen u verder.",
    en: "Then someone else may have used your personal code. Call us as soon as possible. We will help you.",
  },
  noPhone: {
    nl: "Neem contact met ons op via het adres of telefoonnummer dat u al van ons kent.",
    en: "Contact us through the address or phone number you already know from us.",
  },
  noLinks: PLAN_TEXT.noLinks,
} as const;

function changedText(input: AddressChangeNoticeInput, language: Language): string {
  const on = formatDate(input.changedOn, language);
  return language === "nl"
    ? `Op ${on} is op Mijn plan een nieuw adres voor uw brieven over het datalek bevestigd. Nieuwe brieven gaan nu naar het adres met postcode ${input.newPostcode}. Was u dat zelf? Dan hoeft u niets te doen.`
    : `On ${on}, a new address for your letters about the data breach was confirmed on My plan. New letters now go to the address with postcode ${input.newPostcode}. Was that you? Then you need not do anything.`;
}

function callText(input: AddressChangeNoticeInput, language: Language): string {
  const phone = input.organisation.phone;
  if (!phone) return pick(CHANGED_TEXT.noPhone, language);
  return language === "nl" ? `Ons telefoonnummer is ${phone}.` : `Our phone number is ${phone}.`;
}

function validity(input: ConfirmationLetterInput, language: Language): string {
  const until = formatDate(input.expiresOn, language);
  return language === "nl"
    ? `De code werkt tot en met ${until}. U kunt hem ${input.tries} keer proberen.`
    : `The code works until ${until}. You can try it ${input.tries} times.`;
}

/** A help organisation as one line: its name and its phone number, else its website, when it has either. */
function helpItems(plan: ActionPlan, language: Language): ListItem[] {
  const ids = new Set<string>(["fraudehelpdesk", ...plan.steps.flatMap((step) => step.help)]);
  return HELP_ORGANISATIONS.filter((o) => ids.has(o.id)).map((o) => {
    const organisation = getHelpOrganisation(o.id);
    const route =
      // A phone route with a number (the bank's is "the number of your bank", in Dutch only), else a website.
      organisation.contact.find((c) => c.kind === "phone" && /\d/.test(c.value)) ??
      organisation.contact.find((c) => /^https?:\/\//.test(c.value));
    const name = pick(organisation.name, language);
    return {
      text: route ? `${name}: ${route.value.replace(/^https?:\/\//, "").replace(/\/$/, "")}` : name,
    };
  });
}

/** Urgent steps shown with their reason; the rest by title. */
const URGENT_WITH_WHY = 3;
/** The plan letter's page limit: a person who asked for it on paper reads two pages, not a booklet. */
export const PLAN_LETTER_PAGES = 2;

/** Labels as one sentence: "Naam, adres, bankrekeningnummer (IBAN)" (acronyms such as BSN keep capitals). */
function sentence(parts: readonly string[]): string {
  return parts
    .map((part, i) =>
      i === 0 || /^\p{Lu}{2}/u.test(part) ? part : part.charAt(0).toLowerCase() + part.slice(1),
    )
    .join(", ");
}

/**
 * Which breach the letter is about. The breach's title is the organisation's own words, entered in Dutch only,
 * so a Dutch letter names it and an English one says "the data breach at {organisation}" instead of printing
 * Dutch text in an English letter.
 */
function aboutTheBreach(input: PlanLetterInput, language: Language): string {
  return language === "nl"
    ? `Het datalek: ${input.breachTitle}.`
    : `This is about the data breach at ${input.organisation.name}.`;
}

function section(id: string, heading: string, blocks: Section["blocks"]): Section {
  return { id, heading, elements: [], blocks };
}

function onlineSection(input: PortalLetterBase, language: Language): Section {
  return section("online", pick(PLAN_TEXT.online, language), [
    { kind: "paragraph", text: pick(PLAN_TEXT.planAt, language) },
    { kind: "code", text: input.portal.plan },
    { kind: "paragraph", text: pick(PLAN_TEXT.code, language) },
    ...(input.portal.breach
      ? ([
          { kind: "paragraph", text: pick(PLAN_TEXT.breachAt, language) },
          { kind: "code", text: input.portal.breach },
        ] as const)
      : []),
    { kind: "paragraph", text: pick(PLAN_TEXT.noLinks, language) },
  ]);
}

function base(input: PortalLetterBase, subject: Text, summary: string, sections: Section[]): ComposedMessage {
  const language = input.recipient.language;
  const org = input.organisation;
  return {
    id: input.id,
    breachId: input.breachId,
    victimId: input.recipient.id,
    // The letter renderer treats every kind but a first notice alike; these letters are no campaign kind.
    kind: "update",
    language,
    subject: pick(subject, language),
    summary,
    addressee: addresseeFor(input.recipient),
    sections,
    closing: [
      labels(language).regards,
      ...(org.signatory ? [org.signatory.name, org.signatory.role] : []),
      org.name,
    ],
    verificationCode: input.verificationCode,
    reference: input.reference,
    date: input.date,
    organisation: org,
    recipient: input.recipient,
    sms: "",
    planAddress: input.portal.plan,
    ...(input.portal.breach ? { breachAddress: input.portal.breach } : {}),
  };
}

/**
 * The person's plan as a letter: leaked data, risks, steps in order, help, and where to read more. The
 * urgent steps carry their reason when the letter still fits `PLAN_LETTER_PAGES` with it (most plans);
 * the longest plans (many kinds of data and several flags) list every step by title only. Measured by
 * rendering, so it holds whatever the letter layout does.
 */
export function planLetter(input: PlanLetterInput): ComposedMessage {
  const detailed = planLetterWith(input, URGENT_WITH_WHY);
  return renderLetterPdf(detailed).pages <= PLAN_LETTER_PAGES ? detailed : planLetterWith(input, 0);
}

function planLetterWith(input: PlanLetterInput, withWhy: number): ComposedMessage {
  const language = input.recipient.language;
  const { plan } = input;
  const sections: Section[] = [
    // Two pages hold a long plan only in short form: kinds of data and risks as one line each, the urgent
    // steps with why, the others by title; My plan has every step's how (the letter says so).
    section("which-data", pick(PLAN_TEXT.leaked, language), [
      { kind: "paragraph", text: aboutTheBreach(input, language) },
      {
        kind: "paragraph",
        text: `${sentence(input.categories.map((id) => pick(getCategory(id).label, language)))}.`,
      },
    ]),
    section("consequences", pick(PLAN_TEXT.risks, language), [
      { kind: "paragraph", text: `${sentence(plan.risks.map((risk) => risk.label))}.` },
    ]),
    section("what-you-can-do", pick(PLAN_TEXT.steps, language), [
      { kind: "paragraph", text: pick(PLAN_TEXT.stepsLead, language) },
      {
        kind: "list",
        ordered: true,
        items: plan.steps.map((step, i) =>
          step.priority === "now" && i < withWhy
            ? { title: step.title, text: step.why }
            : { text: step.title },
        ),
      },
    ]),
    section("help", pick(PLAN_TEXT.help, language), [
      { kind: "list", ordered: false, items: helpItems(plan, language) },
    ]),
    onlineSection(input, language),
  ];
  return base(input, PLAN_TEXT.subject, pick(PLAN_TEXT.summary, language), sections);
}

/** The letter to a new address with its one-time code; it names no personal data beyond the address itself. */
export function addressConfirmationLetter(input: ConfirmationLetterInput): ComposedMessage {
  const language = input.recipient.language;
  const sections: Section[] = [
    section("code", pick(CONFIRM_TEXT.codeTitle, language), [
      { kind: "code", text: input.code },
      { kind: "paragraph", text: validity(input, language) },
    ]),
    section("how", pick(CONFIRM_TEXT.howTitle, language), [
      {
        kind: "list",
        ordered: true,
        items: [
          { text: pick(CONFIRM_TEXT.step1, language), sub: [input.portal.plan] },
          { text: pick(CONFIRM_TEXT.step2, language) },
          { text: pick(CONFIRM_TEXT.step3, language) },
        ],
      },
    ]),
    section("not-you", pick(CONFIRM_TEXT.notYouTitle, language), [
      { kind: "paragraph", text: pick(CONFIRM_TEXT.notYou, language) },
      { kind: "paragraph", text: pick(CONFIRM_TEXT.noLinks, language) },
    ]),
  ];
  return base(input, CONFIRM_TEXT.subject, pick(CONFIRM_TEXT.summary, language), sections);
}

/** To the former address, after a new one was confirmed: what changed, and whom to call when it was not them. */
export function addressChangeNotice(input: AddressChangeNoticeInput): ComposedMessage {
  const language = input.recipient.language;
  const sections: Section[] = [
    section("what", pick(CHANGED_TEXT.whatTitle, language), [
      { kind: "paragraph", text: changedText(input, language) },
    ]),
    section("not-you", pick(CHANGED_TEXT.notYouTitle, language), [
      { kind: "paragraph", text: pick(CHANGED_TEXT.notYouSteps, language) },
      { kind: "paragraph", text: callText(input, language) },
      { kind: "paragraph", text: pick(CHANGED_TEXT.noLinks, language) },
    ]),
  ];
  return base(input, CHANGED_TEXT.subject, pick(CHANGED_TEXT.summary, language), sections);
}
