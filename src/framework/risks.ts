// Possible consequences of a breach for the person (framework element K5), each with the steps that address it.
import type { Risk } from "./schema.ts";

export const RISKS: readonly Risk[] = [
  {
    id: "phishing",
    label: { nl: "Nepberichten (phishing)", en: "Fake messages (phishing)" },
    explanation: {
      nl: "Criminelen sturen u een nepbericht per e-mail, sms of WhatsApp. Of ze bellen u. Ze doen zich voor als een bekende organisatie. Ze willen uw geld, uw inloggegevens of meer gegevens. Met uw gelekte gegevens lijkt hun bericht echt. Weten ze iets gevoeligs, zoals iets over uw gezondheid? Dan lijkt het nog echter.",
      en: "Criminals send you a fake email, text or WhatsApp message. Or they call you. They pretend to be an organisation you know. They want your money, your login details or more of your data. Your leaked data makes their message look genuine. If they know something sensitive, such as something about your health, it seems even more genuine.",
    },
    steps: ["recognise-phishing", "verify-through-own-channel", "recognise-genuine-message"],
  },
  {
    id: "spoofing",
    label: { nl: "Iemand doet zich voor als een ander", en: "Someone pretends to be someone else" },
    explanation: {
      nl: "Een crimineel doet zich voor als uw bank, de organisatie van het lek of zelfs als uw kind. Het nummer of de afzender lijkt echt. Dat kan nagemaakt zijn.",
      en: "A criminal pretends to be your bank, the organisation that leaked your data or even your child. The number or sender looks real. It can be faked.",
    },
    steps: ["verify-through-own-channel", "recognise-phishing", "bank-helpdesk-fraud", "sim-swap"],
  },
  {
    id: "account-takeover",
    label: { nl: "Iemand neemt uw account over", en: "Someone takes over your account" },
    explanation: {
      nl: "Met uw wachtwoord kan iemand inloggen op uw account. Gebruikt u hetzelfde wachtwoord ook ergens anders? Dan lopen die accounts ook gevaar.",
      en: "With your password, someone can log in to your account. Do you use the same password elsewhere? Then those accounts are at risk too.",
    },
    steps: ["change-passwords", "enable-two-factor", "use-password-manager", "sim-swap"],
  },
  {
    id: "identity-fraud",
    label: { nl: "Identiteitsfraude", en: "Identity fraud" },
    explanation: {
      nl: "Iemand gebruikt uw gegevens en doet alsof hij of zij u is. Bijvoorbeeld om een abonnement of lening af te sluiten op uw naam.",
      en: "Someone uses your data and pretends to be you. For example to take out a contract or a loan in your name.",
    },
    steps: [
      "report-id-document",
      "id-number-no-new-document",
      "bsn-no-new-number",
      "protect-id-copies",
      "check-credit-registration",
      "unjustified-debt-collection",
      "report-identity-fraud",
      "report-crime-police",
    ],
  },
  {
    id: "financial-fraud",
    label: { nl: "Fraude met uw geld", en: "Financial fraud" },
    explanation: {
      nl: "Iemand probeert geld van u af te halen. Bijvoorbeeld met een valse incasso, met uw betaalpas of met een lening op uw naam.",
      en: "Someone tries to take money from you. For example with a false direct debit, with your card or with a loan in your name.",
    },
    steps: [
      "check-bank-statements",
      "block-card",
      "bank-helpdesk-fraud",
      "unjustified-debt-collection",
      "ask-fraudehelpdesk",
      "report-crime-police",
    ],
  },
  {
    id: "extortion",
    label: { nl: "Afpersing", en: "Extortion" },
    explanation: {
      nl: "Iemand dreigt uw gegevens openbaar te maken als u niet betaalt.",
      en: "Someone threatens to make your data public unless you pay.",
    },
    steps: ["refuse-blackmail", "leaked-images-help", "report-crime-police", "get-victim-support"],
  },
  {
    id: "exposure",
    label: { nl: "Anderen weten iets persoonlijks over u", en: "Others learn something personal about you" },
    explanation: {
      nl: "Informatie die u privé wilde houden, komt bij anderen terecht. Dat kan vervelend of pijnlijk zijn.",
      en: "Information you wanted to keep private reaches others. That can be unpleasant or painful.",
    },
    steps: ["leaked-images-help", "get-victim-support", "legal-advice-compensation"],
  },
  {
    id: "discrimination",
    label: { nl: "Ongelijke behandeling", en: "Discrimination" },
    explanation: {
      nl: "Iemand behandelt u anders door wat die persoon over u weet. Bijvoorbeeld bij werk, een huis of een verzekering.",
      en: "Someone treats you differently because of what they know about you. For example for a job, a home or insurance.",
    },
    steps: ["legal-advice-compensation", "get-victim-support"],
  },
  {
    id: "physical-danger",
    label: { nl: "Gevaar voor uw veiligheid", en: "Danger to your safety" },
    explanation: {
      nl: "Iemand weet waar u woont of bent. Daardoor kan iemand u lastigvallen, volgen of bedreigen.",
      en: "Someone knows where you live or are. They could use that to bother, follow or threaten you.",
    },
    steps: ["safety-first", "personal-safety", "report-crime-police"],
  },
  {
    id: "spam-harassment",
    label: { nl: "Spam en lastige telefoontjes", en: "Spam and nuisance calls" },
    explanation: {
      nl: "U krijgt meer reclame, spam of vervelende telefoontjes.",
      en: "You get more advertising, spam or unwanted calls.",
    },
    steps: ["recognise-phishing", "ask-fraudehelpdesk"],
  },
];
