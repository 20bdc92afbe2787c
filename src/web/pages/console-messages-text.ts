/** The words of the console's message editor (/console/datalek/<id>/berichten), Dutch first with English. */
import type { BilingualText } from "../i18n.ts";

export const MESSAGES_TEXT = {
  title: { nl: "Berichten schrijven", en: "Write messages" },
  errorTitle: { nl: "Fout: Berichten schrijven", en: "Error: Write messages" },
  lead: {
    nl: "Schrijf hier de teksten van een campagne. De voorbeeldteksten van het handelingskader staan al klaar. Pas ze aan waar dat nodig is. Controleer de teksten en bekijk een voorbeeld. Daarna maakt u de campagne. Een tweede persoon keurt hem goed.",
    en: "Write the texts of a campaign here. The framework's template texts are ready. Change them where needed. Check the texts and look at a preview. Then create the campaign. A second person approves it.",
  },
  breach: { nl: "Datalek", en: "Breach" },
  campaignSection: { nl: "Soort bericht en ontvangers", en: "Kind of message and recipients" },
  kind: { nl: "Soort bericht", en: "Kind of message" },
  segment: { nl: "Alleen deze groep (segment, niet verplicht)", en: "Only this group (segment, optional)" },
  segmentHint: {
    nl: "De naam van een segment uit het importbestand. Leeg: iedereen.",
    en: "The name of a segment from the import file. Empty: everyone.",
  },
  flag: {
    nl: "Alleen mensen met dit kenmerk (niet verplicht)",
    en: "Only people with this trait (optional)",
  },
  anyFlag: { nl: "Iedereen", en: "Everyone" },
  notReached: {
    nl: "Alleen mensen die nog geen bericht kregen",
    en: "Only people who did not get a message yet",
  },
  subscribers: {
    nl: "Alleen mensen die zich voor updates hebben aangemeld (alleen bij een update)",
    en: "Only people who subscribed to updates (update only)",
  },
  ownTextsSection: { nl: "Uw eigen teksten", en: "Your own texts" },
  ownTextsLead: {
    nl: "Deze teksten vult u zelf in. Ze komen in de vaste teksten hieronder op de plek van ((…)).",
    en: "You write these texts yourself. They go into the set texts below in place of ((…)).",
  },
  elementsSection: { nl: "Teksten per onderdeel", en: "Texts per element" },
  elementsLead: {
    nl: "Elk bericht heeft deze onderdelen. De tekst komt uit het handelingskader. Woorden tussen (( en )) vult Lekwijzer per persoon in. Laat ze staan.",
    en: "Every message has these elements. The text comes from the framework. Words between (( and )) are filled in per person by Lekwijzer. Keep them.",
  },
  mustSay: { nl: "Dit moet erin staan", en: "This must be in it" },
  dutch: { nl: "Nederlands", en: "Dutch" },
  english: { nl: "Engels", en: "English" },
  required: { nl: "verplicht", en: "required" },
  optional: { nl: "niet verplicht", en: "optional" },
  fill: { nl: "Vul deze tekst in.", en: "Fill in this text." },
  previewSection: { nl: "Voorbeeld", en: "Preview" },
  previewLead: {
    nl: "Kies voor wie en hoe u het bericht wilt zien. Het voorbeeld gebruikt een verzonnen persoon.",
    en: "Choose for whom and how you want to see the message. The preview uses a made-up person.",
  },
  previewLanguage: { nl: "Taal van de persoon", en: "Language of the person" },
  previewFlags: { nl: "Kenmerken van de persoon", en: "Traits of the person" },
  previewChannel: { nl: "Kanaal", en: "Channel" },
  check: { nl: "Controleren", en: "Check" },
  preview: { nl: "Voorbeeld tonen", en: "Show preview" },
  letterPdf: { nl: "Brief openen als PDF", en: "Open letter as PDF" },
  create: { nl: "Campagne maken", en: "Create campaign" },
  createHint: {
    nl: "Campagne maken slaat de teksten op en controleert ze. Daarna keurt een andere goedkeurder de campagne goed op de pagina van de campagne.",
    en: "Create campaign stores the texts and checks them. Then another approver approves the campaign on the campaign's page.",
  },
  checksTitle: { nl: "Uitkomst van de controle", en: "Check results" },
  checksNone: { nl: "De controle vond geen problemen.", en: "The check found no problems." },
  checksBlocking: {
    nl: "Er zijn problemen die verzenden tegenhouden. Ze staan bij de teksten hieronder.",
    en: "There are problems that stop sending. They are shown with the texts below.",
  },
  checksWarnings: {
    nl: "Er zijn alleen waarschuwingen. Ze staan bij de teksten hieronder.",
    en: "There are warnings only. They are shown with the texts below.",
  },
  checksGeneral: { nl: "Over het hele bericht", en: "About the whole message" },
  blocks: { nl: "Houdt verzenden tegen", en: "Stops sending" },
  warns: { nl: "Waarschuwing", en: "Warning" },
  plainLanguage: { nl: "Taalniveau B1", en: "Plain language (B1)" },
  completeness: { nl: "Volledigheid", en: "Completeness" },
  antiPhishing: { nl: "Echtheid (tegen phishing)", en: "Genuineness (anti-phishing)" },
  length: { nl: "Lengte", en: "Length" },
  frameworkFindings: {
    nl: "In tekst van Lekwijzer zelf (u kunt die niet aanpassen)",
    en: "In text Lekwijzer writes itself (you cannot change it)",
  },
  subject: { nl: "Onderwerp", en: "Subject" },
  smsSegments: { nl: "Aantal sms-delen", en: "Number of SMS parts" },
  letterPages: { nl: "Aantal pagina's van de brief", en: "Number of pages of the letter" },
  emailFrame: { nl: "Voorbeeld van de e-mail", en: "Preview of the e-mail" },
  portalFrame: { nl: "Voorbeeld van de pagina op het portaal", en: "Preview of the page on the portal" },
  emailText: { nl: "De e-mail als platte tekst", en: "The e-mail as plain text" },
  noLetter: {
    nl: "De brief is te lang om te maken. Maak de teksten korter.",
    en: "The letter is too long to make. Make the texts shorter.",
  },
  previewFindings: { nl: "Controle voor deze persoon", en: "Check for this person" },
  notPossible: { nl: "Dit lukte niet", en: "This did not work" },
  backToBreach: { nl: "Terug naar het datalek", en: "Back to the breach" },
  fromUpdate: {
    nl: "Het nieuws komt uit de update die u koos. U kunt het hier nog aanpassen.",
    en: "The news comes from the update you chose. You can still change it here.",
  },
} satisfies Record<string, BilingualText>;

export const KIND_LABELS: Readonly<Record<"first-notice" | "update", BilingualText>> = {
  "first-notice": { nl: "Eerste melding aan iedereen", en: "First notice to everyone" },
  update: { nl: "Update met nieuws", en: "Update with news" },
};

export const CHANNEL_LABELS: Readonly<Record<string, BilingualText>> = {
  email: { nl: "E-mail", en: "E-mail" },
  sms: { nl: "Sms", en: "SMS" },
  letter: { nl: "Brief (PDF)", en: "Letter (PDF)" },
  portal: { nl: "Pagina op het portaal", en: "Page on the portal" },
};

/** The organisation's own texts, with the element each one fills. */
export const OWN_TEXTS: readonly {
  id:
    | "whatHappened"
    | "measuresTaken"
    | "improvements"
    | "compensation"
    | "contactHours"
    | "updateFrequency"
    | "notLeaked"
    | "updateNews";
  element: string;
  label: BilingualText;
  hint: BilingualText;
  required: "always" | "update" | "never";
}[] = [
  {
    id: "whatHappened",
    element: "what-happened",
    label: { nl: "Wat is er gebeurd", en: "What happened" },
    hint: {
      nl: "Een paar korte zinnen. Dit komt na de datum van het lek.",
      en: "A few short sentences. This comes after the date of the breach.",
    },
    required: "always",
  },
  {
    id: "measuresTaken",
    element: "what-we-did",
    label: { nl: "Wat u al heeft gedaan", en: "What you have done already" },
    hint: { nl: 'Een deel van een zin: "wij hebben …".', en: 'Part of a sentence: "we have …".' },
    required: "always",
  },
  {
    id: "improvements",
    element: "what-we-did",
    label: { nl: "Wat u gaat verbeteren", en: "What you will improve" },
    hint: { nl: "Een deel van een zin.", en: "Part of a sentence." },
    required: "always",
  },
  {
    id: "compensation",
    element: "compensation",
    label: { nl: "Schadevergoeding", en: "Compensation" },
    hint: { nl: "Hoe mensen schade kunnen melden.", en: "How people can report damage." },
    required: "always",
  },
  {
    id: "contactHours",
    element: "contact-point",
    label: { nl: "Wanneer mensen u kunnen bellen", en: "When people can call you" },
    hint: {
      nl: "Bijvoorbeeld: elke dag van 8.00 tot 20.00 uur.",
      en: "For example: every day from 8:00 to 20:00.",
    },
    required: "always",
  },
  {
    id: "updateFrequency",
    element: "updates",
    label: { nl: "Hoe vaak u nieuws geeft", en: "How often you give news" },
    hint: { nl: "Bijvoorbeeld: elke twee weken.", en: "For example: every two weeks." },
    required: "always",
  },
  {
    id: "notLeaked",
    element: "which-data",
    label: { nl: "Wat zeker niet is gelekt", en: "What certainly did not leak" },
    hint: {
      nl: "Leeg: Lekwijzer noemt de gevoelige gegevens die niet in het lek zitten.",
      en: "Empty: Lekwijzer names the sensitive data that are not in the breach.",
    },
    required: "never",
  },
  {
    id: "updateNews",
    element: "updates",
    label: { nl: "Het nieuws (alleen bij een update)", en: "The news (update only)" },
    hint: { nl: "Wat er nieuw is sinds het vorige bericht.", en: "What is new since the last message." },
    required: "update",
  },
];

export type OwnTextId = (typeof OWN_TEXTS)[number]["id"];
