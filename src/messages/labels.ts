/** Fixed wording around the content (letter chrome, addressing, the "is this genuine?" block), nl and en. */
import type { Language } from "./message.ts";

export interface Labels {
  page: (n: number, of: number) => string;
  reference: string;
  date: string;
  code: string;
  contactLine: string;
  /** Address lines naming who the letter is for, the name on a line of its own (window width). */
  parentsOf: (name: string) => string[];
  nextOfKinOf: (name: string) => string[];
  representativeOf: (name: string) => string;
  toRepresentativeOf: (name: string) => string[];
  salutation: (name: string | undefined) => string;
  salutationParents: string;
  salutationNextOfKin: string;
  noteParents: (name: string) => string;
  noteNextOfKin: (name: string) => string;
  noteRepresentative: (name: string) => string;
  important: string;
  genuineHeading: string;
  genuineText: (website: string) => string;
  neverAsk: string;
  noLinks: string;
  /** The first notice's section on the personal plan online: heading, lead, address and code lines. */
  planHeading: string;
  /** A first notice's one section for questions, other ways to get the message, and news. */
  questionsHeading: string;
  planLead: string;
  /** Said before the personal code. */
  personalCode: string;
  keepCode: string;
  /** Without a code we can print: where to ask for one (the "am I affected?" page), or whom to call. */
  askCode: string;
  callForCode: (phone: string) => string;
  smsIntro: (organisation: string) => string;
  smsRead: (website: string) => string;
  smsCode: (code: string) => string;
  regards: string;
  countries: Readonly<Record<string, string>>;
}

const NL: Labels = {
  page: (n, of) => `Pagina ${n} van ${of}`,
  reference: "Ons kenmerk",
  date: "Datum",
  code: "Controlecode",
  contactLine: "Vragen? Bel",
  parentsOf: (name) => ["Aan de ouders of verzorgers van", name],
  nextOfKinOf: (name) => ["Aan de nabestaanden van", name],
  representativeOf: (name) => `Voor ${name}`,
  toRepresentativeOf: (name) => ["Aan de vertegenwoordiger van", name],
  salutation: (name) => (name ? `Beste ${name},` : "Beste lezer,"),
  salutationParents: "Beste ouder of verzorger,",
  salutationNextOfKin: "Beste nabestaande,",
  noteParents: (name) =>
    `U krijgt deze brief omdat u de ouder of verzorger bent van ${name}. Waar 'uw gegevens' staat, bedoelen wij de gegevens van ${name}.`,
  noteNextOfKin: (name) =>
    `Wij schrijven u omdat ${name} is overleden. Gecondoleerd met uw verlies. Ook de gegevens van iemand die is overleden kunnen worden misbruikt. Daarom informeren wij u.`,
  noteRepresentative: (name) =>
    `U krijgt dit bericht omdat u de vertegenwoordiger bent van ${name}. Waar 'uw gegevens' staat, bedoelen wij de gegevens van ${name}.`,
  important: "Belangrijk",
  genuineHeading: "Is dit bericht echt?",
  genuineText: (website) =>
    `Twijfelt u? Typ zelf ${website} in uw browser. Vul daar de controlecode van dit bericht in. Dan ziet u of wij dit bericht hebben gestuurd.`,
  neverAsk: "Wij vragen u nooit om uw wachtwoord, pincode of een betaling.",
  planHeading: "Uw persoonlijke plan op internet",
  questionsHeading: "Vragen en nieuws",
  planLead: "Uw hele plan staat op internet. Typ zelf dit adres in en vul daar uw code in:",
  personalCode: "Uw persoonlijke code:",
  keepCode: "Geef die aan niemand.",
  askCode: "Uw persoonlijke code staat niet in dit bericht. Vraag die hier aan:",
  callForCode: (phone) =>
    `Daarvoor heeft u een persoonlijke code nodig. Die staat niet in dit bericht. Bel ons voor uw code: ${phone}.`,
  noLinks:
    "In dit bericht staan geen links om in te loggen. Klik niet op links in berichten over dit datalek.",
  smsIntro: (organisation) => `${organisation}: uw gegevens zijn gelekt bij een datalek.`,
  smsRead: (website) => `Lees wat u kunt doen: typ zelf ${website} in uw browser. Klik niet op links.`,
  smsCode: (code) => `Wij vragen nooit om wachtwoorden of betalingen. Controlecode: ${code}`,
  regards: "Met vriendelijke groet,",
  countries: {
    BE: "BELGIË",
    DE: "DUITSLAND",
    FR: "FRANKRIJK",
    GB: "VERENIGD KONINKRIJK",
    US: "VERENIGDE STATEN",
  },
};

const EN: Labels = {
  page: (n, of) => `Page ${n} of ${of}`,
  reference: "Our reference",
  date: "Date",
  code: "Verification code",
  contactLine: "Questions? Call",
  parentsOf: (name) => ["To the parents or guardians of", name],
  nextOfKinOf: (name) => ["To the next of kin of", name],
  representativeOf: (name) => `For ${name}`,
  toRepresentativeOf: (name) => ["To the representative of", name],
  salutation: (name) => (name ? `Dear ${name},` : "Dear reader,"),
  salutationParents: "Dear parent or guardian,",
  salutationNextOfKin: "Dear next of kin,",
  noteParents: (name) =>
    `You receive this letter because you are the parent or guardian of ${name}. Where it says 'your data', we mean the data of ${name}.`,
  noteNextOfKin: (name) =>
    `We are writing to you because ${name} has died. We are sorry for your loss. The data of someone who has died can also be misused. That is why we inform you.`,
  noteRepresentative: (name) =>
    `You receive this message because you represent ${name}. Where it says 'your data', we mean the data of ${name}.`,
  important: "Important",
  genuineHeading: "Is this message genuine?",
  genuineText: (website) =>
    `In doubt? Type ${website} into your browser yourself. Enter this message's verification code there. You will see whether we sent this message.`,
  neverAsk: "We will never ask you for your password, PIN or a payment.",
  planHeading: "Your personal plan online",
  questionsHeading: "Questions and news",
  planLead: "Your whole plan is online. Type this address yourself and enter your code there:",
  personalCode: "Your personal code:",
  keepCode: "Never share it.",
  askCode: "Your personal code is not in this message. Ask for it here:",
  callForCode: (phone) =>
    `You need a personal code for it. It is not in this message. Call us for your code: ${phone}.`,
  noLinks: "This message has no links to log in. Do not click links in messages about this breach.",
  smsIntro: (organisation) => `${organisation}: your data leaked in a data breach.`,
  smsRead: (website) => `Read what you can do: type ${website} into your browser. Do not click links.`,
  smsCode: (code) => `We never ask for passwords or payments. Verification code: ${code}`,
  regards: "Kind regards,",
  countries: { BE: "BELGIUM", DE: "GERMANY", FR: "FRANCE", GB: "UNITED KINGDOM", US: "UNITED STATES" },
};

export function labels(language: Language): Labels {
  return language === "en" ? EN : NL;
}
