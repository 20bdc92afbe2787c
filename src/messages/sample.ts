/**
 * A sample campaign (modelled on the telecom example in shared/examples) for previews and benchmarks: an
 * organisation, its own texts, the breach facts and a few victims covering the addressing cases.
 */
import type { BreachFacts } from "../assess/index.ts";
import type { MessageSetup, OrganisationTexts } from "./compose/campaign.ts";
import type { Organisation, Recipient } from "./message.ts";

export const SAMPLE_BREACH: BreachFacts = {
  title: "Klantgegevens gestolen uit klantsysteem",
  controller: { name: "Voorbeeld Telecom BV", sector: "telecom" },
  awareAt: "2026-02-10T14:00:00+01:00",
  occurredFrom: "2026-02-07",
  occurredTo: "2026-02-09",
  nature: ["confidentiality"],
  cause: "hacking",
  malicious: true,
  recipients: "unknown",
  recovery: "not-applicable",
  subjects: { count: 6_200_000, groups: ["customers", "former-customers"] },
  data: [
    { category: "name" },
    { category: "address" },
    { category: "date-of-birth" },
    { category: "email" },
    { category: "phone" },
    { category: "customer-number" },
    { category: "iban", subjects: 275_000 },
    { category: "id-document-number", subjects: 1_100_000 },
    { category: "bsn", subjects: 40_000 },
    { category: "internal-notes" },
  ],
};

export const SAMPLE_ORGANISATION: Organisation = {
  name: "Voorbeeld Telecom BV",
  senderEmail: "datalek@voorbeeldtelecom.nl",
  domains: ["voorbeeldtelecom.nl"],
  website: "voorbeeldtelecom.nl/datalek",
  postalAddress: ["Voorbeeld Telecom BV", "Postbus 1234", "1000 AB Amsterdam"],
  phone: "020-123 45 67",
  dpo: { name: "Privacy-adviseur", email: "fg@voorbeeldtelecom.nl" },
  signatory: { name: "Anna de Vries", role: "directeur" },
};

export const SAMPLE_TEXTS: OrganisationTexts = {
  whatHappened: {
    nl: "Iemand is zonder toestemming in ons klantsysteem gekomen. Die persoon heeft gegevens van klanten en oud-klanten gekopieerd.",
    en: "Someone got into our customer system without permission. That person copied data of customers and former customers.",
  },
  measuresTaken: {
    nl: "wij hebben de toegang geblokkeerd en alle wachtwoorden van medewerkers veranderd",
    en: "we blocked the access and changed all staff passwords",
  },
  improvements: {
    nl: "wij bewaren gegevens van oud-klanten niet langer dan twee jaar en medewerkers loggen in met twee stappen",
    en: "we keep data of former customers no longer than two years and staff log in with two steps",
  },
  compensation: {
    nl: "Dit gaat niet vanzelf. Bel ons of schrijf ons een brief.",
    en: "This is not automatic. Call us or write us a letter.",
  },
  contactHours: { nl: "elke dag van 8.00 tot 20.00 uur", en: "every day from 8:00 to 20:00" },
  updateFrequency: { nl: "elke twee weken", en: "every two weeks" },
  updateNews: {
    nl: "Wij weten nu meer. De gegevens staan op internet. Wees extra alert op nepberichten.",
    en: "We know more now. The data is on the internet. Be extra alert to fake messages.",
  },
};

export function sampleSetup(date = "2026-02-12"): MessageSetup {
  return {
    breachId: "sample-telecom-2026",
    breach: SAMPLE_BREACH,
    organisation: SAMPLE_ORGANISATION,
    texts: SAMPLE_TEXTS,
    date,
    publicUrl: "https://lekwijzer.example.org",
    breachSlug: "voorbeeld-telecom-2026-02",
  };
}

export const SAMPLE_RECIPIENTS: readonly Recipient[] = [
  {
    id: "klant-000001",
    name: "Eva Jansen",
    email: "eva.jansen@example.nl",
    phone: "+31612345678",
    address: { street: "Dorpsstraat", houseNumber: "12", postcode: "1234 AB", city: "Utrecht" },
    language: "nl",
    categories: ["name", "address", "email", "phone", "iban"],
    flags: [],
  },
  {
    id: "klant-000002",
    name: "Gerrit Bakker",
    address: { street: "Kerkplein", houseNumber: "3", postcode: "7411 AA", city: "Deventer" },
    language: "nl",
    categories: ["name", "address", "date-of-birth", "id-document-number"],
    flags: ["senior", "no-digital-access"],
  },
  {
    id: "klant-000003",
    name: "Noor de Boer",
    address: { street: "Lindenlaan", houseNumber: "8", postcode: "9712 CD", city: "Groningen" },
    language: "nl",
    categories: ["name", "address", "email"],
    flags: ["minor"],
  },
  {
    id: "klant-000004",
    name: "Henk Visser",
    address: { street: "Molenweg", houseNumber: "21", postcode: "5611 EF", city: "Eindhoven" },
    language: "nl",
    categories: ["name", "address", "bsn"],
    flags: ["represented"],
    representative: {
      name: "Mr. J. Smit, bewindvoerder",
      address: { street: "Stationsplein", houseNumber: "1", postcode: "3511 ED", city: "Utrecht" },
    },
  },
  {
    id: "klant-000005",
    name: "Maria Peters",
    address: { street: "Beukenlaan", houseNumber: "44", postcode: "2012 GH", city: "Haarlem" },
    language: "nl",
    categories: ["name", "address", "iban"],
    flags: ["deceased"],
  },
  {
    id: "customer-000006",
    name: "John Smith",
    email: "john.smith@example.com",
    address: { street: "Keizersgracht", houseNumber: "100", postcode: "1015 AA", city: "Amsterdam" },
    language: "en",
    categories: ["name", "email", "password-hash"],
    flags: [],
  },
];
