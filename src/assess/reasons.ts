// Reason codes and their texts (nl, en). Every rule that fires adds one reason; the texts say in plain words
// what the rule saw and what it did, so a privacy officer can follow any outcome.
import type { BilingualText } from "../core/index.ts";
import { type CategoryId, getCategory, type Language } from "../framework/index.ts";
import { AUTHORITY_DEADLINE_HOURS, CONTAINED_DISCLOSURE_SUBJECTS, LARGE_BREACH_SUBJECTS } from "./gdpr.ts";

const COUNT_FORMATS = {
  nl: new Intl.NumberFormat("nl-NL"),
  en: new Intl.NumberFormat("en-GB"),
} as const;

/** A head count as people read it: 6.200.000 in Dutch, 6,200,000 in English. */
export function people(value: unknown, language: Language): string {
  const count = Number(value);
  return Number.isFinite(count) ? COUNT_FORMATS[language].format(count) : String(value);
}

export const REASON_CODES = [
  "assumed-unknown-recipients",
  "assumed-no-recovery",
  "dpc-base",
  "dpc-credential-unlocks",
  "dpc-sensitive-sector",
  "dpc-vulnerable-subjects",
  "dpc-broad-profile",
  "dpc-adjusted-up",
  "dpc-adjusted-down",
  "dpc-clamped",
  "dpc-physical-safety",
  "ei-maximum",
  "ei-significant",
  "ei-limited",
  "ei-negligible",
  "ei-pseudonymised",
  "cb-confidentiality-known",
  "cb-confidentiality-unknown",
  "cb-integrity-temporary",
  "cb-integrity-permanent",
  "cb-availability-temporary",
  "cb-availability-permanent",
  "cb-malicious",
  "severity-baseline",
  "special-category-data",
  "criminal-data",
  "identity-document",
  "identity-document-number",
  "identity-fraud-profile",
  "national-number",
  "identity-financial-combination",
  "usable-credentials",
  "vulnerable-subjects",
  "malicious-actor",
  "many-subjects",
  "availability-lost",
  "unintelligible-data",
  "availability-restored",
  "trusted-recipient",
  "contained-disclosure",
  "document-only",
  "physical-safety",
  "physical-safety-not-exposed",
  "presumption-defused",
  "notify-authority",
  "no-notification-needed",
  "notify-subjects",
  "exemption-encrypted",
  "exemption-mitigated",
  "exemption-disproportionate-effort",
  "physical-safety-no-public-notice",
  "safety-contact-direct",
  "safety-contact-route",
  "large-breach",
  "subject-count-unknown",
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

/** How the rule changed the outcome: set a value, raised or lowered it, or confirmed what it already was. */
export type ReasonEffect = "set" | "raised" | "lowered" | "confirmed";

export interface ReasonParams {
  categories?: readonly CategoryId[];
  value?: number | string;
  from?: number | string;
  to?: number | string;
  text?: string;
  /** The rule an organisation's statement defused. */
  rule?: ReasonCode;
}

export interface ReasonRef {
  code: ReasonCode;
  effect: ReasonEffect;
  params: ReasonParams;
}

export interface Reason {
  code: ReasonCode;
  text: string;
  effect: ReasonEffect;
}

function labels(categories: readonly CategoryId[] = []): BilingualText {
  const list = (language: Language) => categories.map((id) => getCategory(id).label[language].toLowerCase());
  const join = (items: string[], and: string) =>
    items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} ${and} ${items.at(-1)}`;
  return { nl: join(list("nl"), "en"), en: join(list("en"), "and") };
}

const RISK_WORDS: Record<string, BilingualText> = {
  unlikely: { nl: "geen risico", en: "unlikely to result in a risk" },
  risk: { nl: "een risico", en: "a risk" },
  high: { nl: "een hoog risico", en: "a high risk" },
};
const riskWord = (value: unknown): BilingualText =>
  RISK_WORDS[String(value)] ?? { nl: String(value), en: String(value) };

/** Names of the rules an organisation's statement can defuse, as the presumption-defused text shows them. */
const RULE_NAMES: Partial<Record<ReasonCode, BilingualText>> = {
  "special-category-data": { nl: "bijzondere gegevens", en: "special-category data" },
  "identity-document": { nl: "kopie van een identiteitsbewijs", en: "copy of an identity document" },
  "identity-document-number": { nl: "nummer van een identiteitsbewijs", en: "identity-document number" },
  "identity-financial-combination": {
    nl: "identiteit samen met financiële gegevens",
    en: "identity together with financial data",
  },
};
const ruleName = (code: ReasonCode | undefined): BilingualText =>
  (code && RULE_NAMES[code]) || { nl: String(code), en: String(code) };

const TEXTS: Record<ReasonCode, (p: ReasonParams) => BilingualText> = {
  "assumed-unknown-recipients": () => ({
    nl: "Niet bekend is wie de gegevens heeft. Wij gaan uit van onbekende ontvangers.",
    en: "It is not known who has the data. We assume unknown recipients.",
  }),
  "assumed-no-recovery": () => ({
    nl: "Niet bekend is of de gegevens hersteld zijn. Wij gaan uit van geen herstel.",
    en: "It is not known whether the data were restored. We assume no recovery.",
  }),
  "dpc-base": (p) => ({
    nl: `Soort gegevens (ENISA): ${labels(p.categories).nl} geeft de hoogste basisscore, ${p.value}.`,
    en: `Type of data (ENISA): ${labels(p.categories).en} gives the highest base score, ${p.value}.`,
  }),
  "dpc-credential-unlocks": (p) => ({
    nl: `Inloggegevens (${labels(p.categories).nl}) tellen als de gegevens die ze openen: score ${p.value}.`,
    en: `Login data (${labels(p.categories).en}) count as the data they unlock: score ${p.value}.`,
  }),
  "dpc-sensitive-sector": () => ({
    nl: "De organisatie is een zorgverlener. Alleen al klant zijn zegt iets over iemands gezondheid: score +1.",
    en: "The organisation is a health provider. Merely being its client says something about a person's health: score +1.",
  }),
  "dpc-vulnerable-subjects": () => ({
    nl: "Onder de getroffen mensen zijn kinderen of kwetsbare mensen: score +1.",
    en: "The people affected include children or vulnerable people: score +1.",
  }),
  "dpc-broad-profile": (p) => ({
    nl: `Er lekten ${p.value} soorten gegevens per persoon. Samen geven die een profiel van iemands leven: score +1.`,
    en: `${p.value} kinds of data per person leaked. Together they give a profile of someone's life: score +1.`,
  }),
  "dpc-adjusted-up": (p) =>
    p.to === undefined
      ? {
          nl: `Aangepast door de organisatie: score +1 (${p.text}).`,
          en: `Adjusted by the organisation: score +1 (${p.text}).`,
        }
      : {
          nl: `Aangepast door de organisatie naar niveau ${p.to}: score ${p.from} wordt ${p.to} (${p.text}).`,
          en: `Adjusted by the organisation to level ${p.to}: score ${p.from} becomes ${p.to} (${p.text}).`,
        },
  "dpc-adjusted-down": (p) =>
    p.to === undefined
      ? {
          nl: `Aangepast door de organisatie: score -1 (${p.text}).`,
          en: `Adjusted by the organisation: score -1 (${p.text}).`,
        }
      : {
          nl: `Aangepast door de organisatie naar niveau ${p.to}: score ${p.from} wordt ${p.to} (${p.text}).`,
          en: `Adjusted by the organisation to level ${p.to}: score ${p.from} becomes ${p.to} (${p.text}).`,
        },
  "dpc-clamped": (p) => ({
    nl: `De score blijft tussen 1 en 4: ${p.from} wordt ${p.to}.`,
    en: `The score stays between 1 and 4: ${p.from} becomes ${p.to}.`,
  }),
  "dpc-physical-safety": (p) => ({
    nl: `Als anderen weten wie deze mensen zijn of waar ze wonen, kunnen ze in gevaar komen. ENISA geeft dan de hoogste score: ${p.from} wordt ${p.to}.`,
    en: `If others know who these people are or where they live, they can be in danger. ENISA then gives the highest score: ${p.from} becomes ${p.to}.`,
  }),
  "ei-maximum": (p) => ({
    nl: `Met ${labels(p.categories).nl} is iemand direct te herkennen (factor 1).`,
    en: `With ${labels(p.categories).en} a person can be identified directly (factor 1).`,
  }),
  "ei-significant": (p) => ({
    nl: `Met ${labels(p.categories).nl} is iemand goed te vinden (factor 0,75).`,
    en: `With ${labels(p.categories).en} a person can readily be found (factor 0.75).`,
  }),
  "ei-limited": (p) => ({
    nl: `Met ${labels(p.categories).nl} is iemand alleen met extra informatie te herkennen (factor 0,5).`,
    en: `With ${labels(p.categories).en} a person can only be identified with extra information (factor 0.5).`,
  }),
  "ei-negligible": () => ({
    nl: "De gegevens wijzen niet naar een persoon (factor 0,25).",
    en: "The data do not point to a person (factor 0.25).",
  }),
  "ei-pseudonymised": () => ({
    nl: "De gegevens zijn gepseudonimiseerd. Zonder de sleutel is iemand bijna niet te herkennen (factor 0,25).",
    en: "The data were pseudonymised. Without the key a person can hardly be identified (factor 0.25).",
  }),
  "cb-confidentiality-known": () => ({
    nl: "Bekende ontvangers hebben de gegevens gezien: +0,25.",
    en: "Known recipients saw the data: +0.25.",
  }),
  "cb-confidentiality-unknown": () => ({
    nl: "Onbekende mensen hebben de gegevens, of ze zijn openbaar: +0,5.",
    en: "Unknown people have the data, or they are public: +0.5.",
  }),
  "cb-integrity-temporary": () => ({
    nl: "Gegevens zijn veranderd, maar zijn te herstellen: +0,25.",
    en: "Data were altered but can be restored: +0.25.",
  }),
  "cb-integrity-permanent": () => ({
    nl: "Gegevens zijn veranderd en niet te herstellen: +0,5.",
    en: "Data were altered and cannot be restored: +0.5.",
  }),
  "cb-availability-temporary": () => ({
    nl: "Gegevens waren een tijd niet beschikbaar: +0,25.",
    en: "Data were unavailable for a time: +0.25.",
  }),
  "cb-availability-permanent": () => ({
    nl: "Gegevens zijn voorgoed weg: +0,5.",
    en: "Data were lost for good: +0.5.",
  }),
  "cb-malicious": () => ({
    nl: "Iemand deed dit met opzet om schade te doen: +0,5.",
    en: "Someone did this on purpose to cause harm: +0.5.",
  }),
  "severity-baseline": (p) => ({
    nl: `Ernst volgens ENISA: ${p.value} (score ${p.from}). Daarom is het beginpunt ${riskWord(p.to).nl}.`,
    en: `Severity by the ENISA method: ${p.value} (score ${p.from}). So the starting point is ${riskWord(p.to).en}.`,
  }),
  "special-category-data": (p) => ({
    nl: `Bijzondere gegevens lekten (${labels(p.categories).nl}). Schade is dan waarschijnlijk: hoog risico.`,
    en: `Special-category data leaked (${labels(p.categories).en}). Harm is then presumed likely: high risk.`,
  }),
  "criminal-data": () => ({
    nl: "Strafrechtelijke gegevens lekten. Schade is dan waarschijnlijk: hoog risico.",
    en: "Criminal-records data leaked. Harm is then presumed likely: high risk.",
  }),
  "identity-document": (p) => ({
    nl: `Een kopie van een identiteitsbewijs lekte (${labels(p.categories).nl}). Daarmee kan iemand zich voordoen als een ander: hoog risico.`,
    en: `A copy of an identity document leaked (${labels(p.categories).en}). With it someone can pose as another person: high risk.`,
  }),
  "identity-document-number": (p) => ({
    nl: `Het nummer van een identiteitsbewijs lekte, zonder kopie (${labels(p.categories).nl}). Er is dan minstens een risico.`,
    en: `The number of an identity document leaked, without a copy (${labels(p.categories).en}). There is then at least a risk.`,
  }),
  "identity-fraud-profile": (p) => ({
    nl: `Deze gegevens samen zijn genoeg voor identiteitsfraude (${labels(p.categories).nl}). ${
      p.to === "high"
        ? "Onbekende of veel mensen hebben ze, of iemand wilde kwaad: hoog risico."
        : "Een bekende ontvanger heeft ze: er is minstens een risico."
    }`,
    en: `Together these data are enough for identity fraud (${labels(p.categories).en}). ${
      p.to === "high"
        ? "Unknown or many people have them, or someone meant harm: high risk."
        : "A known recipient has them: there is at least a risk."
    }`,
  }),
  "national-number": (p) => ({
    nl: `Het burgerservicenummer lekte (${labels(p.categories).nl}). De wet beschermt dit nummer extra (UAVG art. 46). Er is dan minstens een risico.`,
    en: `The citizen service number leaked (${labels(p.categories).en}). Dutch law gives this number extra protection (UAVG art. 46). There is then at least a risk.`,
  }),
  "identity-financial-combination": (p) => ({
    nl: `Wie iemand is en financiële gegevens lekten samen (${labels(p.categories).nl}). Dat maakt fraude makkelijk: hoog risico.`,
    en: `Identity and financial data leaked together (${labels(p.categories).en}). That makes fraud easy: high risk.`,
  }),
  "usable-credentials": (p) => ({
    nl: `Bruikbare inloggegevens lekten (${labels(p.categories).nl}). Accounts kunnen worden overgenomen, ook elders: hoog risico.`,
    en: `Usable login data leaked (${labels(p.categories).en}). Accounts can be taken over, also elsewhere: high risk.`,
  }),
  "vulnerable-subjects": () => ({
    nl: "Kinderen of kwetsbare mensen zijn getroffen. Er is dan minstens een risico.",
    en: "Children or vulnerable people are affected. There is then at least a risk.",
  }),
  "malicious-actor": () => ({
    nl: "Iemand met kwade bedoelingen heeft de gegevens, of ze zijn openbaar. Er is dan minstens een risico.",
    en: "Someone with bad intent has the data, or they are public. There is then at least a risk.",
  }),
  "many-subjects": (p) => ({
    nl: `Het gaat om veel mensen (${people(p.value, "nl")}). Er is dan minstens een risico.`,
    en: `Many people are affected (${people(p.value, "en")}). There is then at least a risk.`,
  }),
  "availability-lost": (p) => ({
    nl: `Gegevens zijn voorgoed weg en er is geen reservekopie. Dat raakt mensen: ${riskWord(p.to).nl}.`,
    en: `Data were lost for good and there is no backup. That affects people: ${riskWord(p.to).en}.`,
  }),
  "unintelligible-data": (p) =>
    (p.categories ?? []).length === 0
      ? {
          nl: "Alle gegevens waren goed versleuteld of gehasht, en de sleutel is veilig. Niemand kan ze lezen: geen risico.",
          en: "All data were strongly encrypted or hashed and the key is safe. Nobody can read them: unlikely to result in a risk.",
        }
      : {
          nl: `Alleen ${labels(p.categories).nl} zijn leesbaar. Dat zegt niets over wie iemand is. De rest was goed versleuteld of gehasht: geen risico.`,
          en: `Only ${labels(p.categories).en} can be read, which says nothing about who someone is. The rest was strongly encrypted or hashed: unlikely to result in a risk.`,
        },
  "availability-restored": () => ({
    nl: "De gegevens waren alleen even onbereikbaar. Niemand zag ze en alles is hersteld: geen risico.",
    en: "The data were only briefly unavailable. Nobody saw them and everything was restored: unlikely to result in a risk.",
  }),
  "trusted-recipient": (p) =>
    p.value !== undefined
      ? {
          nl: `Niemand of alleen een bekende, betrouwbare ontvanger zag de gegevens, van ${people(p.value, "nl")} mensen. Er was geen kwade opzet: geen risico.`,
          en: `Nobody or only a known, trusted recipient saw the data, of ${people(p.value, "en")} people, with no bad intent: unlikely to result in a risk.`,
        }
      : {
          nl: `Niemand of alleen een bekende, betrouwbare ontvanger zag de gegevens. Het risico gaat een stap omlaag: ${riskWord(p.to).nl}.`,
          en: `Nobody or only a known, trusted recipient saw the data. The risk goes down one step: ${riskWord(p.to).en}.`,
        },
  "contained-disclosure": (p) => ({
    nl: `Per ongeluk kreeg een bekende ontvanger gewone gegevens van ${people(p.value, "nl")} mensen (niet meer dan ${CONTAINED_DISCLOSURE_SUBJECTS}). Er was geen kwade opzet: geen risico. Vraag de ontvanger de gegevens terug te sturen of te wissen.`,
    en: `A known recipient received ordinary data of ${people(p.value, "en")} people (no more than ${CONTAINED_DISCLOSURE_SUBJECTS}) by mistake, with no bad intent: unlikely to result in a risk. Ask the recipient to return or delete the data.`,
  }),
  "document-only": (p) => ({
    nl: `Alleen vastleggen, niet melden (AVG art. 33 lid 1 en 5). De ernst volgens ENISA is laag: score ${String(p.value).replace(".", ",")}. Vanaf ${p.to} is de ernst gemiddeld; het verschil is ${String(p.from).replace(".", ",")}. Geen regel die het risico verhoogt is van toepassing. Er lekten geen bijzondere gegevens en niets voor identiteitsfraude of om in te loggen. Er was geen kwade opzet en niets werd openbaar. Er zijn geen kwetsbare of bedreigde mensen bij, niet meer dan ${people(LARGE_BREACH_SUBJECTS, "nl")} mensen, en niets is voorgoed kwijt.`,
    en: `Document internally; no notice. ENISA severity is low: score ${p.value}. From ${p.to} it is medium; the margin is ${p.from}. No rule that raises the risk applies: no special-category data, no identity-fraud or login risk, no malice, not made public, no vulnerable or endangered people, no more than ${people(LARGE_BREACH_SUBJECTS, "en")} people and nothing lost for good (GDPR art. 33(1) and (5)).`,
  }),
  "physical-safety": (p) => ({
    nl: `De organisatie zegt: als anderen deze gegevens kennen, kunnen mensen in gevaar komen (${p.text}). Dat is een hoog risico, welke gegevens het ook zijn. Vertel het de mensen meteen en geef advies over hun veiligheid.`,
    en: `The organisation states that people can be in physical danger if others know these data (${p.text}). That is a high risk, whatever the kind of data. Tell the people at once, with advice on their safety.`,
  }),
  "physical-safety-not-exposed": (p) => ({
    nl: `De organisatie noemt gevaar voor mensen (${p.text}). Maar niemand buiten een betrouwbare ontvanger kon de gegevens lezen. Daarom verhoogt dit het risico niet.`,
    en: `The organisation names a danger to people (${p.text}). But nobody beyond a trusted recipient could read the data, so this does not raise the risk.`,
  }),
  "presumption-defused": (p) => ({
    nl: `De regel '${ruleName(p.rule).nl}' (${p.rule}) telt hier niet mee. De organisatie zegt: ${p.text}. Let op: de toezichthouder kan dit anders zien.`,
    en: `The rule '${ruleName(p.rule).en}' (${p.rule}) is set aside here. The organisation states: ${p.text}. Note: a regulator may see this differently.`,
  }),
  "notify-authority": (p) => ({
    nl: `Meld het lek bij de Autoriteit Persoonsgegevens, uiterlijk ${p.text} (${AUTHORITY_DEADLINE_HOURS} uur na ontdekking, AVG art. 33).`,
    en: `Notify the Dutch Data Protection Authority by ${p.text} (${AUTHORITY_DEADLINE_HOURS} hours after becoming aware, GDPR art. 33).`,
  }),
  "no-notification-needed": () => ({
    nl: "Het lek geeft waarschijnlijk geen risico. Een melding is niet nodig. Leg het lek wel vast (AVG art. 33 lid 5).",
    en: "The breach is unlikely to result in a risk. No notification is needed. Do record it internally (GDPR art. 33(5)).",
  }),
  "notify-subjects": () => ({
    nl: "Het risico is hoog. Informeer de getroffen mensen zelf, zo snel als het kan (AVG art. 34).",
    en: "The risk is high. Inform the people affected directly, without undue delay (GDPR art. 34).",
  }),
  "exemption-encrypted": () => ({
    nl: "Uitzondering (AVG art. 34 lid 3a): de gegevens zijn voor anderen onleesbaar. Gaat het ook om verlies van gegevens? Overweeg mensen toch te informeren.",
    en: "Exemption (GDPR art. 34(3)(a)): the data are unintelligible to others. If data were also lost, consider informing people anyway.",
  }),
  "exemption-mitigated": () => ({
    nl: "Uitzondering (AVG art. 34 lid 3b): de organisatie nam maatregelen. Daardoor is het hoge risico niet meer waarschijnlijk.",
    en: "Exemption (GDPR art. 34(3)(b)): the organisation took measures, so the high risk is no longer likely.",
  }),
  "exemption-disproportionate-effort": () => ({
    nl: "Uitzondering (AVG art. 34 lid 3c): iedereen apart informeren kost te veel moeite. Maak het lek dan openbaar bekend, net zo duidelijk.",
    en: "Exemption (GDPR art. 34(3)(c)): informing everyone individually takes disproportionate effort. Make an equally effective public communication instead.",
  }),
  "physical-safety-no-public-notice": () => ({
    nl: "Iedereen apart informeren kost veel moeite. Toch is een openbare bekendmaking hier niet genoeg: mensen in gevaar moeten het persoonlijk horen. Een openbaar bericht kan het gevaar ook groter maken.",
    en: "Informing everyone individually takes great effort. Still, a public announcement is not enough here: people in danger must hear it personally, and a public notice can add to the danger.",
  }),
  "safety-contact-direct": () => ({
    nl: "De organisatie kan deze mensen veilig zelf bereiken. Doe dat meteen, en noem een contactpersoon voor hun veiligheid.",
    en: "The organisation can reach these people safely itself. Do so at once, and name a contact person for their safety.",
  }),
  "safety-contact-route": () => ({
    nl: "Gebruik geen adres, e-mail of telefoonnummer waarvan u niet zeker weet dat het veilig is. Kies een veilige weg. Dat kan via een contactpersoon, zoals de werkgever of begeleider. Of via de politie. Of stuur een brief naar een ander adres dat de persoon zelf koos.",
    en: "Do not use an address, e-mail or phone number unless you are sure it is safe. Reach the people through a contact person (such as the employer or case worker), through the police, or by letter to another address they chose.",
  }),
  "large-breach": (p) => ({
    nl: `Groot datalek: meer dan ${people(LARGE_BREACH_SUBJECTS, "nl")} mensen (${people(p.value, "nl")}) en een hoog risico. Het handelingskader geldt volledig.`,
    en: `Large breach: more than ${people(LARGE_BREACH_SUBJECTS, "en")} people (${people(p.value, "en")}) and a high risk. The framework applies in full.`,
  }),
  "subject-count-unknown": () => ({
    nl: "Het aantal getroffen mensen is niet opgegeven. Of dit een groot datalek is, is daardoor niet vast te stellen.",
    en: "The number of people affected was not given, so it cannot be said whether this is a large breach.",
  }),
};

export function reasonText(ref: ReasonRef, language: Language): string {
  return TEXTS[ref.code](ref.params)[language];
}

export function renderReasons(refs: readonly ReasonRef[], language: Language): Reason[] {
  return refs.map((ref) => ({ code: ref.code, text: reasonText(ref, language), effect: ref.effect }));
}
