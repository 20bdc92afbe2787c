/**
 * The words of a regulator notice, Dutch and English: section titles and field labels after the Dutch
 * regulator's form, and the names of phases and choices. The PDF and the console both print them, so the
 * notice reads the same on paper and on screen.
 */
type Words = { nl: string; en: string };

export const SECTION_TITLES: Readonly<Record<string, Words>> = {
  about: { nl: "Over de melding", en: "About the notice" },
  contacts: { nl: "Contactgegevens", en: "Contacts" },
  timeline: { nl: "Tijdlijn", en: "Timeline" },
  breach: { nl: "Het datalek", en: "The breach" },
  personalData: { nl: "Persoonsgegevens", en: "Personal data" },
  dataSubjects: { nl: "Betrokkenen", en: "Data subjects" },
  protection: { nl: "Beveiliging vóór het datalek", en: "Protection before the breach" },
  consequences: { nl: "Gevolgen", en: "Consequences" },
  followUp: { nl: "Vervolg", en: "Follow-up" },
  withdrawal: { nl: "Intrekking", en: "Withdrawal" },
};

/** Field labels by `section.field`. */
export const FIELD_LABELS: Readonly<Record<string, Words>> = {
  "about.organisationName": { nl: "Naam van de organisatie", en: "Name of the organisation" },
  "about.chamberOfCommerce": { nl: "KvK-nummer (8 cijfers)", en: "Chamber of Commerce number (8 digits)" },
  "about.complete": { nl: "Deze melding is volledig", en: "This notice is complete" },
  "contacts.name": { nl: "Naam contactpersoon", en: "Contact person's name" },
  "contacts.role": { nl: "Functie", en: "Role" },
  "contacts.email": { nl: "E-mailadres", en: "E-mail address" },
  "contacts.phone": { nl: "Telefoonnummer", en: "Phone number" },
  "timeline.awareAt": { nl: "Ontdekt op (datum en tijd)", en: "Aware since (date and time)" },
  "timeline.occurredFrom": { nl: "Begonnen op", en: "Started on" },
  "timeline.occurredTo": { nl: "Geëindigd op", en: "Ended on" },
  "timeline.ongoing": { nl: "Het datalek duurt nog voort", en: "The breach is still going on" },
  "timeline.discovery": { nl: "Hoe is het datalek ontdekt?", en: "How was the breach discovered?" },
  "breach.summary": { nl: "Wat is er gebeurd?", en: "What happened?" },
  "breach.nature": { nl: "Soort datalek", en: "Kind of breach" },
  "breach.cause": { nl: "Oorzaak", en: "Cause" },
  "personalData.categories": { nl: "Soorten persoonsgegevens", en: "Kinds of personal data" },
  "personalData.special": {
    nl: "Bijzondere of strafrechtelijke persoonsgegevens",
    en: "Special-category or criminal-offence data",
  },
  "personalData.description": { nl: "Toelichting", en: "Explanation" },
  "dataSubjects.countMin": { nl: "Aantal betrokkenen (minimaal)", en: "Number of people (at least)" },
  "dataSubjects.countMax": { nl: "Aantal betrokkenen (maximaal)", en: "Number of people (at most)" },
  "dataSubjects.groups": { nl: "Groepen betrokkenen", en: "Groups of people" },
  "protection.encrypted": { nl: "De gegevens waren versleuteld", en: "The data was encrypted" },
  "protection.pseudonymised": { nl: "De gegevens waren gepseudonimiseerd", en: "The data was pseudonymised" },
  "protection.measures": { nl: "Andere maatregelen vooraf", en: "Other measures beforehand" },
  "consequences.risk": { nl: "Risico voor betrokkenen", en: "Risk to the people" },
  "consequences.description": { nl: "Mogelijke gevolgen", en: "Possible consequences" },
  "followUp.measures": { nl: "Genomen en geplande maatregelen", en: "Measures taken and planned" },
  "followUp.subjectsInformed": { nl: "Zijn de betrokkenen geïnformeerd?", en: "Have the people been told?" },
  "followUp.subjectsReason": { nl: "Waarom niet?", en: "Why not?" },
  "followUp.crossBorder": {
    nl: "Er zijn betrokkenen in andere EU-landen",
    en: "People in other EU countries are affected",
  },
  "withdrawal.reason": { nl: "Reden van intrekking", en: "Reason for the withdrawal" },
};

export const PHASE_NAMES: Readonly<Record<string, Words>> = {
  initial: { nl: "Eerste melding", en: "Initial notice" },
  supplement: { nl: "Aanvulling", en: "Supplement" },
  withdrawal: { nl: "Intrekking", en: "Withdrawal" },
};

export const CHOICE_NAMES: Readonly<Record<string, Words>> = {
  confidentiality: {
    nl: "vertrouwelijkheid (gegevens bij anderen)",
    en: "confidentiality (data seen by others)",
  },
  integrity: { nl: "integriteit (gegevens veranderd)", en: "integrity (data changed)" },
  availability: { nl: "beschikbaarheid (gegevens kwijt)", en: "availability (data lost)" },
  unlikely: { nl: "waarschijnlijk geen risico", en: "unlikely to be a risk" },
  risk: { nl: "risico", en: "risk" },
  high: { nl: "hoog risico", en: "high risk" },
  yes: { nl: "ja", en: "yes" },
  planned: { nl: "nog niet, dat gebeurt", en: "not yet, it is planned" },
  no: { nl: "nee", en: "no" },
};

export const NIS2_NAMES: Readonly<Record<string, Words>> = {
  "early-warning": { nl: "Vroege waarschuwing (24 uur)", en: "Early warning (24 hours)" },
  "incident-notice": { nl: "Incidentmelding (72 uur)", en: "Incident notice (72 hours)" },
  "final-report": { nl: "Eindrapport (1 maand)", en: "Final report (1 month)" },
};
