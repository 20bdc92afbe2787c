// The one place where help organisations and their contact details live. `source` is the public page of the
// organisation (or, for "your own bank", of the rules banks follow) where the details were read, and
// `checkedAt` the day this entry was last compared with it; the content check refuses entries without both.
// Re-check every source before each release (docs/content.md). Opening hours are null where the source gives
// none: never guess them.
import type { HelpOrganisation } from "./schema.ts";

/** The release check of 2026.2; entries re-checked for 2026.3 carry RECHECKED_AT. */
const CHECKED_AT = "2026-11-29";
const RECHECKED_AT = "2026-12-03";

export const HELP_ORGANISATIONS: readonly HelpOrganisation[] = [
  {
    id: "cmi",
    name: {
      nl: "Centraal Meldpunt Identiteitsfraude (CMI)",
      en: "Central Reporting Point for Identity Fraud (CMI)",
    },
    helpsWith: {
      nl: "Hulp en advies als iemand uw identiteit misbruikt. Het meldpunt zegt ook wat u kunt doen na een datalek. Bijvoorbeeld als uw BSN of een kopie van uw identiteitsbewijs gelekt is.",
      en: "Help and advice when someone misuses your identity. It also tells you what to do after a data breach, for example when your BSN or a copy of your identity document was leaked.",
    },
    contact: [
      {
        kind: "form",
        value: "https://www.rvig.nl/centraal-meldpunt-identiteitsfraude",
        // Pages show a note in brackets after the route: a short phrase, no full stop.
        note: {
          nl: "Meldformulier, antwoord per e-mail binnen 2 werkdagen",
          en: "Report form, answer by email within 2 working days",
        },
      },
      {
        kind: "phone",
        value: "088-900 10 00",
        note: { nl: "Voor vragen, lokaal tarief", en: "For questions, local rate" },
      },
    ],
    openingHours: { nl: "Maandag tot en met vrijdag 08.30–17.00 uur", en: "Monday to Friday 08:30–17:00" },
    source: "https://www.rvig.nl/centraal-meldpunt-identiteitsfraude",
    checkedAt: RECHECKED_AT,
  },
  {
    id: "fraudehelpdesk",
    name: { nl: "Fraudehelpdesk", en: "Fraud Helpdesk (Fraudehelpdesk)" },
    helpsWith: {
      nl: "Vragen en meldingen over fraude, zoals een nepbericht of geld dat u kwijt bent. Verwijst u door naar de politie en Slachtofferhulp.",
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
    source: "https://www.fraudehelpdesk.nl",
    checkedAt: RECHECKED_AT,
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
    source: "https://www.slachtofferhulp.nl",
    checkedAt: CHECKED_AT,
  },
  {
    id: "juridisch-loket",
    name: { nl: "Het Juridisch Loket", en: "Legal Services Counter (Het Juridisch Loket)" },
    helpsWith: {
      nl: "Uitleg over uw rechten op de website, voor iedereen. Heeft u een laag inkomen en weinig spaargeld? Dan krijgt u ook gratis persoonlijk advies, bijvoorbeeld over schadevergoeding.",
      en: "Information about your rights on its website, for everyone. If you have a low income and little savings, you also get free personal advice, for example about compensation.",
    },
    contact: [
      {
        kind: "phone",
        value: "0900-8020",
        // The fee has changed over time and the page no longer names one: say only what stays true.
        note: {
          nl: "Bellen naar dit 0900-nummer is niet gratis",
          en: "Calling this 0900 number is not free",
        },
      },
      {
        kind: "counter",
        value: "Juridisch Loket",
        note: {
          nl: "Langsgaan bij een vestiging is gratis",
          en: "Visiting one of its offices is free",
        },
      },
      { kind: "web", value: "https://www.juridischloket.nl" },
    ],
    openingHours: null,
    source: "https://www.juridischloket.nl/over-het-juridisch-loket/werkwijze/",
    checkedAt: RECHECKED_AT,
  },
  {
    id: "politie",
    name: { nl: "Politie", en: "Police (Politie)" },
    helpsWith: {
      nl: "Aangifte doen van een misdrijf. Online aangifte kan alleen bij sommige misdrijven. Voor identiteitsfraude maakt u meestal een afspraak.",
      en: "Reporting a crime. You can report only some crimes online. For identity fraud you usually make an appointment.",
    },
    contact: [
      {
        kind: "phone",
        value: "0900-8844",
        note: { nl: "Ook voor een afspraak", en: "Also to make an appointment" },
      },
      { kind: "web", value: "https://www.politie.nl" },
      {
        kind: "phone",
        value: "112",
        note: { nl: "Alleen bij direct gevaar", en: "Only in immediate danger" },
      },
    ],
    openingHours: null,
    source: "https://www.politie.nl/themas/aangifte-doen.html",
    checkedAt: CHECKED_AT,
  },
  {
    id: "autoriteit-persoonsgegevens",
    name: {
      nl: "Autoriteit Persoonsgegevens",
      en: "Dutch Data Protection Authority (Autoriteit Persoonsgegevens)",
    },
    helpsWith: {
      nl: "Klachten over hoe een organisatie met uw gegevens omgaat. Klaag eerst bij de organisatie zelf. Komt u er samen niet uit? Dan kunt u klagen bij de Autoriteit Persoonsgegevens. Zij geeft geen schadevergoeding.",
      en: "Complaints about how an organisation handles your data. Complain to the organisation first. If you cannot solve it together, you can complain to the Dutch Data Protection Authority. It does not award compensation.",
    },
    contact: [
      {
        kind: "phone",
        value: "088-1805 250",
        note: { nl: "Gratis nummer", en: "Free number" },
      },
      { kind: "web", value: "https://www.autoriteitpersoonsgegevens.nl" },
      {
        kind: "post",
        value: "Autoriteit Persoonsgegevens, Postbus 93374, 2509 AJ Den Haag",
        note: { nl: "Per post", en: "By post" },
      },
    ],
    openingHours: null,
    source: "https://www.autoriteitpersoonsgegevens.nl/nl/voordat-u-een-klacht-indient",
    checkedAt: RECHECKED_AT,
  },
  {
    id: "gemeente",
    name: { nl: "Uw gemeente", en: "Your municipality (gemeente)" },
    helpsWith: {
      nl: "Een nieuw paspoort of een nieuwe ID-kaart aanvragen, bijvoorbeeld als een kopie gelekt is. Bent u bang voor misbruik van het nummer? Dan kunt u dat ook melden. U betaalt het gewone bedrag voor een nieuw document.",
      en: "Applying for a new passport or ID card, for example when a copy was leaked. Are you afraid the number will be misused? You can report that too. You pay the normal fee for a new document.",
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
    source: "https://www.rvig.nl/centraal-meldpunt-identiteitsfraude",
    checkedAt: RECHECKED_AT,
  },
  {
    id: "bank",
    name: { nl: "Uw eigen bank", en: "Your own bank" },
    helpsWith: {
      nl: "Uw pas of rekening blokkeren en incasso's terugboeken. U kunt elke incasso zelf terugboeken. Dat kan tot 8 weken nadat het geld van uw rekening ging. U hoeft geen reden te geven. Gaf u nooit toestemming? Dan kan uw bank het geld tot 13 maanden daarna terughalen.",
      en: "Blocking your card or account and reversing direct debits. You can reverse any direct debit yourself up to 8 weeks after the payment, without giving a reason. Did you never agree to it? Then your bank can get the money back up to 13 months after the payment.",
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
    source: "https://www.consumentenbond.nl/betaalrekening/incassomaatregelen",
    checkedAt: CHECKED_AT,
  },
  {
    id: "helpwanted",
    name: { nl: "Helpwanted (Offlimits)", en: "Helpwanted (Offlimits)" },
    helpsWith: {
      nl: "Gratis en anoniem hulp bij online misbruik, zoals gelekte of gestolen foto's, afpersing met naaktbeelden (sextortion) en nepprofielen. Helpt ook om beelden van internet te laten halen.",
      en: "Free and anonymous help with online abuse, such as leaked or stolen photos, blackmail with nude images (sextortion) and fake profiles. Also helps to get images removed from the internet.",
    },
    contact: [
      { kind: "phone", value: "020-261 52 75" },
      { kind: "web", value: "https://www.helpwanted.nl" },
    ],
    openingHours: null,
    source: "https://www.helpwanted.nl/en",
    checkedAt: RECHECKED_AT,
  },
  {
    id: "veilig-thuis",
    name: { nl: "Veilig Thuis", en: "Veilig Thuis (domestic violence and abuse helpline)" },
    helpsWith: {
      nl: "Advies en hulp bij huiselijk geweld. Bijvoorbeeld als iemand voor wie u zich verbergt uw adres te weten kan komen. U mag anoniem bellen.",
      en: "Advice and help with domestic violence. For example when someone you are hiding from could find out your address. You may call anonymously.",
    },
    contact: [
      { kind: "phone", value: "0800-2000", note: { nl: "Gratis", en: "Free" } },
      {
        kind: "phone",
        value: "112",
        note: { nl: "Alleen bij direct gevaar", en: "Only in immediate danger" },
      },
    ],
    openingHours: { nl: "Elke dag, dag en nacht", en: "Every day, day and night" },
    source:
      "https://www.rijksoverheid.nl/onderwerpen/huiselijk-geweld/vraag-en-antwoord/wat-moet-ik-doen-bij-huiselijk-geweld",
    checkedAt: CHECKED_AT,
  },
  {
    id: "bkr",
    name: { nl: "Stichting BKR", en: "BKR (Dutch credit registration office)" },
    helpsWith: {
      nl: "Laat zien welke leningen op uw naam staan. U kunt dit overzicht gratis opvragen. Zo ziet u of iemand een lening op uw naam afsloot. BKR ziet alleen leningen van meer dan 250 euro die langer dan een maand lopen.",
      en: "Shows which loans are registered in your name. You can ask for this overview for free. That way you see whether someone took out a loan in your name. BKR only shows loans of more than 250 euros that run for longer than a month.",
    },
    contact: [
      {
        kind: "web",
        value: "https://www.bkr.nl",
        note: { nl: "Gratis uw overzicht opvragen", en: "Ask for your overview for free" },
      },
    ],
    openingHours: null,
    // BKR's own answer on looking at your own overview (free, online) and on which loans it registers.
    source:
      "https://www.bkr.nl/veelgestelde-vragen/frequently-asked-questions-en/what-can-i-do-if-there-is-an-error-on-my-credit-summary/",
    checkedAt: RECHECKED_AT,
  },
];
