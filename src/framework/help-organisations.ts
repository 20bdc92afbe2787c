// The one place where help organisations and their contact details live. `source` names where the details
// come from and `checkedAt` when this entry was last compared with it; re-check the organisations' own sites
// before each release. Opening hours are null where the source gives none: never guess them.
import type { HelpOrganisation } from "./schema.ts";

const SOURCE = "shared/reference/help-and-peers.md (details as published by the organisations, 2025-2026)";
const CHECKED_AT = "2026-11-28";

export const HELP_ORGANISATIONS: readonly HelpOrganisation[] = [
  {
    id: "cmi",
    name: {
      nl: "Centraal Meldpunt Identiteitsfraude en -fouten (CMI)",
      en: "Central Reporting Point for Identity Fraud and Errors (CMI)",
    },
    helpsWith: {
      nl: "Hulp bij identiteitsfraude en fouten in overheidsgegevens. Advies na een datalek, bijvoorbeeld over een gelekt BSN of identiteitsbewijs.",
      en: "Help with identity fraud and errors in government records. Advice after a data breach, for example about a leaked BSN or identity document.",
    },
    contact: [
      { kind: "phone", value: "088-900 10 00" },
      {
        kind: "form",
        value: "https://www.rvig.nl",
        note: { nl: "Online meldformulier", en: "Online report form" },
      },
    ],
    openingHours: { nl: "Maandag tot en met vrijdag 08.30–17.00 uur", en: "Monday to Friday 08:30–17:00" },
    source: SOURCE,
    checkedAt: CHECKED_AT,
  },
  {
    id: "fraudehelpdesk",
    name: { nl: "Fraudehelpdesk", en: "Fraud Helpdesk (Fraudehelpdesk)" },
    helpsWith: {
      nl: "Vragen en meldingen over fraude, zoals een nepbericht of geld dat u kwijt bent. Verwijst door naar politie en Slachtofferhulp.",
      en: "Questions and reports about fraud, such as a fake message or money you lost. Refers you to the police and Victim Support.",
    },
    contact: [
      { kind: "phone", value: "088-786 73 72" },
      {
        kind: "form",
        value: "https://www.fraudehelpdesk.nl",
        note: { nl: "Online meldformulier", en: "Online report form" },
      },
    ],
    openingHours: { nl: "Werkdagen 09.00–17.00 uur", en: "Weekdays 09:00–17:00" },
    source: SOURCE,
    checkedAt: CHECKED_AT,
  },
  {
    id: "slachtofferhulp",
    name: { nl: "Slachtofferhulp Nederland", en: "Victim Support Netherlands (Slachtofferhulp Nederland)" },
    helpsWith: {
      nl: "Gratis steun voor slachtoffers van misdrijven, ook van fraude en cybercrime. Hulp bij gevoelens, praktische vragen en juridische vragen.",
      en: "Free support for victims of crime, including fraud and cybercrime. Help with feelings, practical questions and legal questions.",
    },
    contact: [
      { kind: "phone", value: "0900-0101" },
      { kind: "web", value: "https://www.slachtofferhulp.nl" },
    ],
    openingHours: null,
    source: SOURCE,
    checkedAt: CHECKED_AT,
  },
  {
    id: "juridisch-loket",
    name: { nl: "Het Juridisch Loket", en: "Legal Services Counter (Het Juridisch Loket)" },
    helpsWith: {
      nl: "Gratis eerste juridisch advies, bijvoorbeeld over schadevergoeding.",
      en: "Free first-line legal advice, for example about compensation.",
    },
    contact: [
      {
        kind: "phone",
        value: "0900-8020",
        note: {
          nl: "Betaald nummer met een maximum per gesprek",
          en: "Paid line, with a maximum charge per call",
        },
      },
      {
        kind: "counter",
        value: "Juridisch Loket",
        note: { nl: "Langsgaan is gratis", en: "Visiting in person is free" },
      },
      { kind: "web", value: "https://www.juridischloket.nl" },
    ],
    openingHours: null,
    source: SOURCE,
    checkedAt: CHECKED_AT,
  },
  {
    id: "politie",
    name: { nl: "Politie", en: "Police (Politie)" },
    helpsWith: {
      nl: "Aangifte doen van een misdrijf. Met 'Check je hack' kunt u zien of uw e-mailadres in gestolen gegevens staat.",
      en: "Reporting a crime. With 'Check je hack' you can see whether your email address is in stolen data.",
    },
    contact: [
      { kind: "phone", value: "0900-8844" },
      { kind: "web", value: "https://www.politie.nl" },
      {
        kind: "phone",
        value: "112",
        note: { nl: "Alleen bij direct gevaar", en: "Only in immediate danger" },
      },
    ],
    openingHours: null,
    source: SOURCE,
    checkedAt: CHECKED_AT,
  },
  {
    id: "autoriteit-persoonsgegevens",
    name: {
      nl: "Autoriteit Persoonsgegevens",
      en: "Dutch Data Protection Authority (Autoriteit Persoonsgegevens)",
    },
    helpsWith: {
      nl: "Tips en klachten over hoe een organisatie met een datalek omgaat.",
      en: "Tips and complaints about how an organisation handles a data breach.",
    },
    contact: [{ kind: "web", value: "https://www.autoriteitpersoonsgegevens.nl" }],
    openingHours: null,
    source: SOURCE,
    checkedAt: CHECKED_AT,
  },
  {
    id: "gemeente",
    name: { nl: "Uw gemeente", en: "Your municipality (gemeente)" },
    helpsWith: {
      nl: "Een gelekt identiteitsbewijs melden en een nieuw paspoort of een nieuwe ID-kaart aanvragen.",
      en: "Reporting a leaked identity document and applying for a new passport or ID card.",
    },
    contact: [
      {
        kind: "counter",
        value: "Gemeente",
        note: {
          nl: "Maak een afspraak bij uw eigen gemeente",
          en: "Make an appointment with your own municipality",
        },
      },
    ],
    openingHours: null,
    source: SOURCE,
    checkedAt: CHECKED_AT,
  },
  {
    id: "bank",
    name: { nl: "Uw eigen bank", en: "Your own bank" },
    helpsWith: {
      nl: "Uw pas of rekening blokkeren en incasso's terugdraaien die u niet zelf afsprak. Dat kan tot 8 weken na de afschrijving.",
      en: "Blocking your card or account and reversing direct debits you did not agree to. You can do this up to 8 weeks after the payment.",
    },
    contact: [
      {
        kind: "phone",
        value: "Nummer van uw bank",
        note: {
          nl: "Staat op uw bankpas en op de website van uw bank",
          en: "It is on your bank card and on your bank's website",
        },
      },
    ],
    openingHours: null,
    source: SOURCE,
    checkedAt: CHECKED_AT,
  },
];
