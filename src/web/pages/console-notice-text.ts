/** Words of the console's regulator-notice page, Dutch first with English beside them. */
import type { BilingualText } from "../i18n.ts";

export const NOTICE_TEXT = {
  title: { nl: "Melding aan de toezichthouder", en: "Notice to the regulator" },
  lead: {
    nl: "Vul de melding per onderdeel in. Wat al over het datalek bekend is, staat er al. Controleer het en vul de rest aan. Lekwijzer bewaart de melding en laat hem zien aan de toezichthouder. U dient de melding zelf in bij de Autoriteit Persoonsgegevens; gebruik daarvoor de PDF of de JSON.",
    en: "Fill in the notice section by section. What is already known about the breach is filled in. Check it and complete the rest. Lekwijzer keeps the notice and shows it to the regulator. You file the notice with the Dutch Data Protection Authority yourself; use the PDF or the JSON for that.",
  },
  aware: { nl: "Ontdekt op", en: "Aware since" },
  due: { nl: "Melden uiterlijk (72 uur)", en: "Notify by (72 hours)" },
  risk: { nl: "Risico", en: "Risk" },
  noticesTitle: { nl: "Meldingen tot nu toe", en: "Notices so far" },
  noNotices: { nl: "Er is nog geen melding gedaan.", en: "No notice has been submitted yet." },
  number: { nl: "Nummer", en: "Number" },
  phase: { nl: "Soort", en: "Kind" },
  submitted: { nl: "Ingediend", en: "Submitted" },
  by: { nl: "Door", en: "By" },
  download: { nl: "Downloaden", en: "Download" },
  late: { nl: "na 72 uur", en: "after 72 hours" },
  formInitial: { nl: "Eerste melding", en: "Initial notice" },
  formSupplement: { nl: "Aanvulling op de melding", en: "Supplement to the notice" },
  supplementLead: {
    nl: "Een aanvulling vervangt niets: zij voegt toe wat nu bekend is. De velden tonen de laatste melding.",
    en: "A supplement replaces nothing: it adds what is known now. The fields show the last notice.",
  },
  withdrawnLead: {
    nl: "De melding is ingetrokken. Er kan niets meer bij.",
    en: "The notice was withdrawn. Nothing more can be added.",
  },
  delayTitle: { nl: "Redenen voor de vertraging", en: "Reasons for the delay" },
  delayHint: {
    nl: "Verplicht: de melding komt later dan 72 uur nadat u het datalek ontdekte (AVG artikel 33).",
    en: "Required: the notice comes more than 72 hours after you became aware of the breach (GDPR article 33).",
  },
  delayOptional: {
    nl: "Alleen nodig als de melding later dan 72 uur na het ontdekken komt.",
    en: "Only needed when the notice comes more than 72 hours after awareness.",
  },
  submit: { nl: "Melding opslaan", en: "Save the notice" },
  withdrawTitle: { nl: "Melding intrekken", en: "Withdraw the notice" },
  withdrawLead: {
    nl: "Trek de melding in als het geen datalek blijkt te zijn. Daarna kan er niets meer bij.",
    en: "Withdraw the notice if it turns out not to be a breach. After that nothing more can be added.",
  },
  withdraw: { nl: "Melding intrekken", en: "Withdraw the notice" },
  saved: { nl: "De melding is opgeslagen.", en: "The notice was saved." },
  recorded: { nl: "Vastgelegd.", en: "Recorded." },
  errorTitle: { nl: "Er ging iets mis", en: "There is a problem" },
  errorPrefix: { nl: "Fout", en: "Error" },
  conflict: {
    nl: "Dit kan nu niet meer: de meldingen zijn intussen veranderd. Bekijk hieronder de stand van nu.",
    en: "This is no longer possible: the notices changed meanwhile. See the current state below.",
  },
  choose: { nl: "Kies", en: "Choose" },
  nis2Title: { nl: "Cyberbeveiligingswet (NIS2)", en: "Cyberbeveiligingswet (NIS2)" },
  nis2Lead: {
    nl: "Valt uw organisatie onder de Cyberbeveiligingswet? Dan loopt er een tweede klok: meldingen aan het CSIRT en de bevoegde autoriteit. Lekwijzer verstuurt ze niet; u legt hier vast wanneer u ze verstuurde.",
    en: "Does your organisation fall under the Cyberbeveiligingswet? Then a second clock runs: reports to the CSIRT and the competent authority. Lekwijzer does not send them; you record here when you sent them.",
  },
  nis2Applies: {
    nl: "Dit datalek valt onder de Cyberbeveiligingswet",
    en: "This breach falls under the Cyberbeveiligingswet",
  },
  nis2Due: { nl: "uiterlijk", en: "due" },
  nis2Sent: {
    nl: "Verstuurd op (datum en tijd, leeg = nog niet)",
    en: "Sent on (date and time, empty = not yet)",
  },
  nis2Overdue: { nl: "te laat", en: "overdue" },
  nis2Done: { nl: "verstuurd", en: "sent" },
  nis2Open: { nl: "open", en: "open" },
  nis2Save: { nl: "Vastleggen", en: "Record" },
  timeHint: { nl: "Bijvoorbeeld 2026-02-10T14:00+01:00", en: "For example 2026-02-10T14:00+01:00" },
  timeInvalid: {
    nl: "Vul een datum en tijd in die voorbij is.",
    en: "Enter a date and time that has passed.",
  },
  processorTitle: { nl: "Melding aan verwerkingsverantwoordelijken", en: "Notice to controllers" },
  processorLead: {
    nl: "Werkt uw organisatie als verwerker voor anderen? Leg dan per verwerkingsverantwoordelijke vast wie u inlicht en wat die moet beslissen. De feiten, soorten gegevens, aantallen en de beoordeling gaan mee in de export.",
    en: "Does your organisation act as a processor for others? Then record for each controller whom you inform and what they must decide. The facts, kinds of data, counts and the assessment go with the export.",
  },
  controllerName: { nl: "Naam verwerkingsverantwoordelijke", en: "Controller's name" },
  controllerContact: { nl: "Contact (e-mail of telefoon)", en: "Contact (e-mail or phone)" },
  decide: {
    nl: "Wat moet de verwerkingsverantwoordelijke beslissen?",
    en: "What must the controller decide?",
  },
  addController: { nl: "Melding toevoegen", en: "Add notice" },
  noControllers: {
    nl: "Nog geen meldingen aan verwerkingsverantwoordelijken.",
    en: "No notices to controllers yet.",
  },
  back: { nl: "Terug naar het datalek", en: "Back to the breach" },
  required: { nl: "Vul dit in.", en: "Fill this in." },
  yes: { nl: "ja", en: "yes" },
  no: { nl: "nee", en: "no" },
} satisfies Record<string, BilingualText>;

/** The operation's field messages in the person's words, by what the message says. */
export function fieldMessage(message: string): BilingualText {
  if (message.includes("e-mail"))
    return { nl: "Vul een geldig e-mailadres in.", en: "Enter a valid e-mail address." };
  if (message.includes("phone"))
    return { nl: "Vul een geldig telefoonnummer in.", en: "Enter a valid phone number." };
  if (message.includes("eight digits"))
    return { nl: "Een KvK-nummer heeft 8 cijfers.", en: "A Chamber of Commerce number has 8 digits." };
  if (message.includes("date and time"))
    return {
      nl: "Vul een datum en tijd in, zoals 2026-02-10T14:00+01:00.",
      en: "Enter a date and time, like 2026-02-10T14:00+01:00.",
    };
  if (message.includes("expected a date"))
    return { nl: "Vul een datum in, zoals 2026-02-07.", en: "Enter a date, like 2026-02-07." };
  if (message.includes("whole number")) return { nl: "Vul een heel getal in.", en: "Enter a whole number." };
  if (message.includes("less than the lowest"))
    return {
      nl: "Het hoogste aantal is lager dan het laagste.",
      en: "The highest number is lower than the lowest.",
    };
  if (message.includes("choose at least one"))
    return { nl: "Kies er minstens één.", en: "Choose at least one." };
  if (message.includes("not told"))
    return { nl: "Schrijf op waarom de mensen het niet horen.", en: "Say why the people are not told." };
  if (message.includes("is before"))
    return { nl: "Deze datum ligt voor de begindatum.", en: "This date is before the start." };
  if (message.includes("72 hours"))
    return {
      nl: "De melding komt later dan 72 uur na het ontdekken. Schrijf op waarom.",
      en: "The notice comes more than 72 hours after awareness. Say why.",
    };
  if (message.includes("at most")) return { nl: "Dit is te lang.", en: "This is too long." };
  if (message.includes("expected one of") || message.includes("Invalid option"))
    return { nl: "Maak een keuze.", en: "Make a choice." };
  return { nl: "Vul dit in.", en: "Fill this in." };
}
