// Victim flags: special-risk and vulnerable groups (framework elements K10, K11) with the risks, steps and
// routes they imply. extraSteps must match the flag triggers in steps.ts (the content check enforces it).
import type { Flag } from "./schema.ts";

export const FLAGS: readonly Flag[] = [
  {
    id: "minor",
    label: { nl: "Kind (jonger dan 18)", en: "Child (under 18)" },
    explanation: {
      nl: "De persoon is jonger dan 18. Ouders of voogden krijgen het bericht.",
      en: "The person is under 18. Parents or guardians receive the message.",
    },
    extraRisks: ["phishing", "identity-fraud"],
    extraSteps: ["advice-parents"],
    channel: {
      preferred: ["parents-or-guardians"],
      replacesRecipient: 3,
      excludesDigital: false,
      note: {
        nl: "Schrijf aan de ouders of voogden, in woorden die zij met het kind kunnen delen.",
        en: "Write to the parents or guardians, in words they can share with the child.",
      },
    },
  },
  {
    id: "senior",
    label: { nl: "Oudere", en: "Older person" },
    explanation: {
      nl: "Nepbellers bellen ouderen vaker.",
      en: "Older people are called by fake callers more often.",
    },
    extraRisks: ["phishing", "spoofing"],
    extraSteps: ["advice-seniors"],
    channel: {
      preferred: ["letter", "email"],
      replacesRecipient: null,
      excludesDigital: false,
      note: {
        nl: "Stuur ook een brief. Bied uitleg aan in een bijeenkomst, bijvoorbeeld een seniorencafé.",
        en: "Also send a letter. Offer an explanation in a meeting, for example a senior café.",
      },
    },
  },
  {
    id: "shielded-address",
    label: { nl: "Afgeschermd adres", en: "Shielded address" },
    explanation: {
      nl: "De gemeente schermt het adres van de persoon af, bijvoorbeeld na huiselijk geweld.",
      en: "The person's address is shielded in the population register, for example after domestic violence.",
    },
    extraRisks: ["physical-danger"],
    extraSteps: ["personal-safety", "get-victim-support", "report-crime-police"],
    channel: {
      preferred: ["letter"],
      replacesRecipient: null,
      excludesDigital: false,
      note: {
        nl: "Stuur alleen een brief naar het gecontroleerde adres. Zet het adres nooit op een openbare plek.",
        en: "Send a letter only to the verified address. Never show the address anywhere public.",
      },
    },
  },
  {
    id: "at-risk-profession",
    label: { nl: "Beroep met extra risico", en: "Profession at risk" },
    explanation: {
      nl: "Bijvoorbeeld bij de politie, de rechtspraak, een gevangenis, als journalist of als handhaver. Als anderen hun adres of gegevens kennen, kan dat gevaarlijk zijn.",
      en: "For example police officers, judges, prison staff, journalists or enforcement officers. It can be dangerous if others know their address or data.",
    },
    extraRisks: ["physical-danger", "extortion"],
    extraSteps: ["personal-safety", "get-victim-support", "report-crime-police"],
    channel: {
      preferred: ["letter", "email"],
      replacesRecipient: null,
      excludesDigital: false,
      note: {
        nl: "Werk waar mogelijk samen met de werkgever, zodat die extra hulp kan geven.",
        en: "Where possible work with the employer, so it can offer extra help.",
      },
    },
  },
  {
    id: "public-figure",
    label: { nl: "Bekend persoon", en: "Public figure" },
    explanation: {
      nl: "Iemand die veel mensen kennen, zoals een politicus of artiest.",
      en: "Someone many people know, such as a politician or performer.",
    },
    extraRisks: ["physical-danger", "extortion", "exposure"],
    extraSteps: ["personal-safety", "report-crime-police"],
    channel: {
      preferred: ["email", "letter"],
      replacesRecipient: null,
      excludesDigital: false,
      note: {
        nl: "Houd het bericht persoonlijk. Noem de persoon nergens openbaar.",
        en: "Keep the message personal. Never name the person in public.",
      },
    },
  },
  {
    id: "low-literacy",
    label: { nl: "Moeite met lezen", en: "Difficulty reading" },
    explanation: {
      nl: "De persoon leest niet makkelijk. Korte zinnen en uitleg aan de telefoon helpen.",
      en: "The person does not read easily. Short sentences and explanation by phone help.",
    },
    extraRisks: ["phishing"],
    extraSteps: ["ask-trusted-helper"],
    channel: {
      preferred: ["letter", "sms"],
      replacesRecipient: null,
      excludesDigital: false,
      note: {
        nl: "Gebruik heel eenvoudige taal. Bied aan om het uit te leggen aan de telefoon.",
        en: "Use very plain language. Offer to explain it by phone.",
      },
    },
  },
  {
    id: "no-digital-access",
    label: { nl: "Geen internet", en: "No internet access" },
    explanation: {
      nl: "De persoon gebruikt geen e-mail of internet.",
      en: "The person does not use email or the internet.",
    },
    extraRisks: [],
    extraSteps: ["ask-trusted-helper"],
    channel: {
      preferred: ["letter"],
      replacesRecipient: null,
      excludesDigital: true,
      note: {
        nl: "Stuur een brief. Geef een telefoonnummer, geen website als enige weg.",
        en: "Send a letter. Give a phone number, never a website as the only route.",
      },
    },
  },
  {
    id: "represented",
    label: { nl: "Heeft een vertegenwoordiger", en: "Has a representative" },
    explanation: {
      nl: "De persoon heeft een curator, bewindvoerder of mentor. Die regelt zaken voor hem of haar.",
      en: "The person has a guardian, financial administrator or mentor who handles matters for them.",
    },
    extraRisks: ["financial-fraud"],
    extraSteps: ["advice-representatives"],
    channel: {
      preferred: ["representative"],
      replacesRecipient: 2,
      excludesDigital: false,
      note: {
        nl: "Schrijf aan de vertegenwoordiger. Die bespreekt het met de persoon zelf.",
        en: "Write to the representative, who discusses it with the person.",
      },
    },
  },
  {
    id: "deceased",
    label: { nl: "Overleden", en: "Deceased" },
    explanation: {
      nl: "De persoon is overleden. Nabestaanden of de erven krijgen het bericht.",
      en: "The person has died. Next of kin or the estate receive the message.",
    },
    extraRisks: ["identity-fraud"],
    extraSteps: ["advice-next-of-kin"],
    channel: {
      preferred: ["estate"],
      replacesRecipient: 1,
      excludesDigital: false,
      note: {
        nl: "Schrijf met respect aan de nabestaanden. Richt de brief niet aan de overledene.",
        en: "Write respectfully to the next of kin. Do not address the letter to the deceased.",
      },
    },
  },
  // Issue 19: the breach-level fact physicalSafety gives every person it covers this flag (assess/plan.ts).
  {
    id: "endangered",
    label: { nl: "In gevaar door het lek", en: "In danger because of the breach" },
    explanation: {
      nl: "Als anderen weten wie de persoon is of waar die woont, kan die in gevaar komen. Bijvoorbeeld een getuige, een tolk voor defensie, iemand die vluchtte voor geweld of vervolging, of iemand die met gevaarlijke mensen werkt.",
      en: "The person can be in danger if others know who they are or where they live. For example a witness, an interpreter for the armed forces, someone who fled violence or persecution, or someone whose work puts them near dangerous people.",
    },
    extraRisks: ["physical-danger"],
    extraSteps: ["safety-first", "personal-safety", "get-victim-support", "report-crime-police"],
    channel: {
      preferred: ["letter"],
      replacesRecipient: null,
      excludesDigital: false,
      note: {
        nl: "Vertel het meteen. Gebruik alleen een adres of nummer waarvan u zeker weet dat het veilig is. Lukt dat niet? Ga via een contactpersoon, zoals de werkgever of begeleider, via de politie, of schrijf naar een ander adres dat de persoon zelf koos.",
        en: "Tell them at once. Use only an address or number you are sure is safe. If you cannot, go through a contact person such as the employer or case worker, through the police, or write to another address the person chose.",
      },
    },
  },
];
