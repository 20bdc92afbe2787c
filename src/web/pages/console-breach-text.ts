/** The words of the console's breach pages (register, overview, facts, victims), Dutch first with English beside it. */
import type { BilingualText } from "../i18n.ts";

type Text = BilingualText;

export const BREACH_TEXT = {
  newTitle: { nl: "Nieuw datalek registreren", en: "Register a new data breach" },
  newLead: {
    nl: "Vul in wat u nu weet. Velden met (verplicht) moeten ingevuld zijn. U kunt de feiten later aanpassen; Lekwijzer beoordeelt het datalek dan opnieuw.",
    en: "Fill in what you know now. Fields marked (required) must be filled in. You can change the facts later; Lekwijzer then assesses the breach again.",
  },
  newSubmit: { nl: "Datalek registreren", en: "Register the breach" },
  editTitle: { nl: "Feiten van het datalek aanpassen", en: "Change the breach facts" },
  editLead: {
    nl: "Na opslaan beoordeelt Lekwijzer het datalek opnieuw. Goedgekeurde campagnes van dit datalek moeten daarna opnieuw worden gecontroleerd en goedgekeurd.",
    en: "After saving, Lekwijzer assesses the breach again. Approved campaigns of this breach then need checking and approval again.",
  },
  editSubmit: { nl: "Feiten opslaan", en: "Save the facts" },
  keptAdjustments: {
    nl: "Dit datalek heeft aanpassingen van de beoordeling die via de API zijn gegeven. Die blijven staan.",
    en: "This breach has adjustments to the assessment given through the API. They are kept.",
  },
  required: { nl: "(verplicht)", en: "(required)" },
  errorTitle: { nl: "Er ging iets mis", en: "Something went wrong" },
  errorPrefix: { nl: "Fout", en: "Error" },
  // Form sections and fields.
  general: { nl: "Over het datalek", en: "About the breach" },
  title: { nl: "Korte titel", en: "Short title" },
  titleHint: {
    nl: "Bijvoorbeeld: Klantgegevens gestolen uit klantsysteem.",
    en: "For example: Customer data stolen from the customer system.",
  },
  controllerName: { nl: "Naam van de organisatie", en: "Name of the organisation" },
  sector: { nl: "Sector", en: "Sector" },
  notStated: { nl: "Niet opgegeven", en: "Not stated" },
  when: { nl: "Wanneer", en: "When" },
  awareAt: { nl: "Wanneer wist u van het datalek?", en: "When did you become aware of the breach?" },
  awareHint: {
    nl: "De 72 uur om te melden bij de Autoriteit Persoonsgegevens beginnen op dit moment.",
    en: "The 72 hours to notify the Dutch Data Protection Authority start at this moment.",
  },
  awareDate: { nl: "Datum", en: "Date" },
  awareTime: { nl: "Tijd", en: "Time" },
  awareZone: { nl: "Tijdzone", en: "Time zone" },
  zoneWinter: { nl: "Wintertijd (+01:00)", en: "Winter time (+01:00)" },
  zoneSummer: { nl: "Zomertijd (+02:00)", en: "Summer time (+02:00)" },
  zoneUtc: { nl: "UTC (+00:00)", en: "UTC (+00:00)" },
  occurredFrom: { nl: "Begin van het datalek", en: "Start of the breach" },
  occurredTo: { nl: "Einde van het datalek", en: "End of the breach" },
  dateHint: {
    nl: "Als datum: jjjj-mm-dd, bijvoorbeeld 2026-02-07. Leeg laten als u het niet weet.",
    en: "As a date: yyyy-mm-dd, for example 2026-02-07. Leave empty if you do not know.",
  },
  what: { nl: "Wat is er gebeurd", en: "What happened" },
  nature: { nl: "Soort inbreuk (verplicht)", en: "Kind of breach (required)" },
  natureHint: { nl: "Kies alles wat klopt.", en: "Choose everything that applies." },
  cause: { nl: "Oorzaak", en: "Cause" },
  malicious: { nl: "Was er kwade opzet? (verplicht)", en: "Was it done on purpose? (required)" },
  yes: { nl: "Ja", en: "Yes" },
  no: { nl: "Nee", en: "No" },
  recipients: { nl: "Wie heeft de gegevens (mogelijk) gekregen?", en: "Who got (or may have got) the data?" },
  recovery: { nl: "Zijn de gegevens hersteld?", en: "Was the data restored?" },
  people: { nl: "Om wie gaat het", en: "Who is affected" },
  subjectsCount: { nl: "Aantal mensen", en: "Number of people" },
  subjectsHint: {
    nl: "Een heel getal, zonder punten. Leeg laten als u het niet weet.",
    en: "A whole number, without separators. Leave empty if you do not know.",
  },
  groups: { nl: "Groepen mensen", en: "Groups of people" },
  data: { nl: "Welke gegevens zijn gelekt (verplicht)", en: "Which data leaked (required)" },
  dataHint: {
    nl: "Eén soort gegeven per rij. Vul het aantal mensen alleen in als het minder is dan iedereen. Lege rijen tellen niet mee.",
    en: "One kind of data per row. Fill in the number of people only when it is fewer than everyone. Empty rows do not count.",
  },
  dataRow: { nl: "Gegeven", en: "Data item" },
  category: { nl: "Soort gegeven", en: "Kind of data" },
  chooseCategory: { nl: "Kies een soort gegeven", en: "Choose a kind of data" },
  itemSubjects: { nl: "Aantal mensen (als dat minder is)", en: "Number of people (if fewer)" },
  unintelligible: {
    nl: "Onleesbaar: sterk versleuteld of sterk gehasht",
    en: "Unreadable: strongly encrypted or strongly hashed",
  },
  moreRows: { nl: "Meer rijen toevoegen", en: "Add more rows" },
  protection: { nl: "Bescherming en maatregelen", en: "Protection and measures" },
  encrypted: {
    nl: "Alle gegevens waren versleuteld",
    en: "All data was encrypted",
  },
  keyCompromised: {
    nl: "De sleutel van die versleuteling is ook gelekt",
    en: "The key of that encryption leaked too",
  },
  pseudonymised: { nl: "De gegevens waren gepseudonimiseerd", en: "The data was pseudonymised" },
  mitigated: {
    nl: "Wij hebben maatregelen genomen waardoor het hoge risico voor de mensen waarschijnlijk weg is",
    en: "We took measures that make the high risk to people unlikely now",
  },
  disproportionate: {
    nl: "Iedereen persoonlijk informeren kost onevenredig veel moeite (dan een openbare mededeling)",
    en: "Informing everyone personally takes disproportionate effort (then a public notice)",
  },
  safety: { nl: "Gevaar voor de veiligheid van mensen", en: "Danger to people's safety" },
  safetyLead: {
    nl: "Alleen invullen als bekend worden van deze gegevens mensen in gevaar kan brengen (bedreiging, geweld).",
    en: "Fill in only if exposure of this data can put people in danger (threats, violence).",
  },
  safetyReason: { nl: "Waarom zijn mensen in gevaar?", en: "Why are people in danger?" },
  safetySubjects: {
    nl: "Aantal mensen in gevaar (als dat minder is)",
    en: "Number of people in danger (if fewer)",
  },
  safetyDirect: {
    nl: "Kunnen wij hen veilig via onze eigen kanalen bereiken?",
    en: "Can we reach them safely through our own channels?",
  },
  // Field errors in people's words.
  errTitle: {
    nl: "Vul een titel in, of laat het veld leeg.",
    en: "Enter a title, or leave the field empty.",
  },
  errController: { nl: "Vul de naam van de organisatie in.", en: "Enter the name of the organisation." },
  errSector: { nl: "Kies een sector uit de lijst.", en: "Choose a sector from the list." },
  errAware: {
    nl: "Vul een geldige datum (jjjj-mm-dd) en tijd (uu:mm) in.",
    en: "Enter a valid date (yyyy-mm-dd) and time (hh:mm).",
  },
  errDate: {
    nl: "Vul een datum in als jjjj-mm-dd, of laat het veld leeg.",
    en: "Enter a date as yyyy-mm-dd, or leave the field empty.",
  },
  errNature: { nl: "Kies minstens één soort inbreuk.", en: "Choose at least one kind of breach." },
  errMalicious: { nl: "Kies ja of nee.", en: "Choose yes or no." },
  errChoice: { nl: "Kies een waarde uit de lijst.", en: "Choose a value from the list." },
  errNumber: { nl: "Vul een heel getal in, zonder punten.", en: "Enter a whole number, without separators." },
  errData: { nl: "Kies minstens één soort gegeven.", en: "Choose at least one kind of data." },
  errSafetyReason: {
    nl: "Vul in waarom mensen in gevaar zijn.",
    en: "Enter why people are in danger.",
  },
  errOther: { nl: "Dit klopt niet", en: "This is not right" },
  // The overview.
  overviewTitle: { nl: "Datalek", en: "Data breach" },
  saved: {
    nl: "De feiten zijn opgeslagen. Lekwijzer heeft het datalek opnieuw beoordeeld.",
    en: "The facts are saved. Lekwijzer assessed the breach again.",
  },
  created: {
    nl: "Het datalek is geregistreerd en beoordeeld.",
    en: "The breach is registered and assessed.",
  },
  riskChanged: { nl: "Het risico is veranderd", en: "The risk changed" },
  riskSame: { nl: "Het risico is hetzelfde gebleven", en: "The risk stayed the same" },
  voided: {
    nl: "Goedkeuringen van campagnes die hierdoor vervallen zijn (die campagnes staan weer op concept):",
    en: "Campaign approvals that ended because of this (those campaigns are drafts again):",
  },
  unchanged: {
    nl: "De feiten waren al zo. Er is niets veranderd.",
    en: "The facts were already so. Nothing changed.",
  },
  deadlineTitle: { nl: "Termijn voor de melding", en: "Deadline for the notification" },
  deadlineLead: {
    nl: "U moet een datalek binnen 72 uur na ontdekking melden bij de Autoriteit Persoonsgegevens.",
    en: "You must notify the Dutch Data Protection Authority of a breach within 72 hours of becoming aware of it.",
  },
  notRequired: {
    nl: "Volgens de beoordeling hoeft u dit datalek niet te melden. Leg het wel vast in uw eigen register.",
    en: "According to the assessment you do not need to notify this breach. Do record it in your own register.",
  },
  notifiedAt: { nl: "Gemeld bij de toezichthouder op", en: "Notified to the regulator on" },
  assessmentTitle: { nl: "Beoordeling", en: "Assessment" },
  noAssessment: {
    nl: "Dit datalek is nog niet beoordeeld. Vul de feiten aan om een beoordeling te krijgen.",
    en: "This breach has not been assessed yet. Complete the facts to get an assessment.",
  },
  risk: { nl: "Risico voor de mensen", en: "Risk to the people" },
  severity: { nl: "Ernst (ENISA)", en: "Severity (ENISA)" },
  score: { nl: "score", en: "score" },
  notifyAuthority: {
    nl: "Melden bij de Autoriteit Persoonsgegevens (art. 33)",
    en: "Notify the regulator (art. 33)",
  },
  notifySubjects: { nl: "De mensen informeren (art. 34)", en: "Inform the people (art. 34)" },
  publicNotice: { nl: "Openbare mededeling", en: "Public notice" },
  largeBreach: { nl: "Groot datalek", en: "Large breach" },
  needed: { nl: "Ja, verplicht", en: "Yes, required" },
  notNeeded: { nl: "Nee", en: "No" },
  exemption: { nl: "Nee, uitzondering", en: "No, exemption" },
  reasonsTitle: { nl: "Waarom", en: "Why" },
  sensitivityTitle: { nl: "Wat de uitkomst zou veranderen", en: "What would change the outcome" },
  noSensitivity: {
    nl: "Geen enkele losse verandering van de feiten verandert de plichten.",
    en: "No single change of the facts changes the obligations.",
  },
  judgement: { nl: "inschatting", en: "judgement" },
  borderline: {
    nl: "Let op: de uitkomst hangt af van een inschatting. Leg uw afweging vast.",
    en: "Note: the outcome depends on a judgement. Record your reasoning.",
  },
  safetyTitle: { nl: "Veiligheid van mensen", en: "People's safety" },
  factsTitle: { nl: "Feiten", en: "Facts" },
  linksTitle: { nl: "Verder met dit datalek", en: "Continue with this breach" },
  editFacts: { nl: "Feiten aanpassen", en: "Change the facts" },
  victimsLink: { nl: "Slachtoffers importeren en bekijken", en: "Import and view the victims" },
  campaignsTitle: { nl: "Campagnes", en: "Campaigns" },
  back: { nl: "Terug naar de console", en: "Back to the console" },
  backToBreach: { nl: "Terug naar het datalek", en: "Back to the breach" },
  newBreachLink: { nl: "Nieuw datalek registreren", en: "Register a new data breach" },
  // Victims.
  victimsTitle: { nl: "Slachtoffers", en: "Victims" },
  uploadTitle: { nl: "Bestand met slachtoffers uploaden", en: "Upload a victim file" },
  uploadLead: {
    nl: "Een CSV-bestand (of JSON Lines) met één persoon per regel, zoals beschreven in de handleiding voor het bestand. Lekwijzer slaat het versleuteld op en leest het daarna in. Regels met fouten komen in het foutenrapport.",
    en: "A CSV file (or JSON Lines) with one person per line, as the victim file guide describes. Lekwijzer stores it encrypted and then reads it in. Lines with errors go into the error report.",
  },
  file: { nl: "Bestand", en: "File" },
  upload: { nl: "Uploaden", en: "Upload" },
  uploadMissing: { nl: "Kies een bestand om te uploaden.", en: "Choose a file to upload." },
  uploadBusy: {
    nl: "Er loopt al een import voor dit datalek. Wacht tot die klaar is.",
    en: "An import of this breach is already running. Wait until it is done.",
  },
  uploadRefused: { nl: "Het bestand is niet gelezen", en: "The file was not read" },
  uploadTooLarge: { nl: "Het bestand is te groot.", en: "The file is too large." },
  uploaded: {
    nl: "Het bestand is ontvangen en staat in de wachtrij. Kies Vernieuwen om de voortgang te zien.",
    en: "The file is received and queued. Choose Refresh to see the progress.",
  },
  importsTitle: { nl: "Imports", en: "Imports" },
  noImports: { nl: "Er is nog niets geïmporteerd.", en: "Nothing has been imported yet." },
  refresh: { nl: "Vernieuwen", en: "Refresh" },
  started: { nl: "Gestart", en: "Started" },
  importStatus: { nl: "Status", en: "Status" },
  progress: { nl: "Voortgang", en: "Progress" },
  result: { nl: "Uitkomst", en: "Result" },
  report: { nl: "Foutenrapport", en: "Error report" },
  download: { nl: "Download (CSV)", en: "Download (CSV)" },
  rowsRead: { nl: "regels gelezen", en: "rows read" },
  imported: { nl: "nieuw", en: "new" },
  updated: { nl: "bijgewerkt", en: "updated" },
  unchangedRows: { nl: "ongewijzigd", en: "unchanged" },
  rejected: { nl: "afgewezen", en: "rejected" },
  unreachableRows: { nl: "niet bereikbaar", en: "unreachable" },
  countsTitle: { nl: "Slachtoffers in cijfers", en: "Victims in numbers" },
  countsLead: {
    nl: "Geteld zonder contactgegevens te openen.",
    en: "Counted without opening contact details.",
  },
  total: { nl: "Totaal", en: "Total" },
  noVictims: { nl: "Er zijn nog geen slachtoffers.", en: "There are no victims yet." },
  byCategory: { nl: "Per soort gegeven", en: "By kind of data" },
  byFlag: { nl: "Per kenmerk", en: "By flag" },
  noFlags: { nl: "Niemand heeft een kenmerk.", en: "Nobody has a flag." },
  bySegment: { nl: "Per segment", en: "By segment" },
  noSegment: { nl: "(geen segment)", en: "(no segment)" },
  byChannel: { nl: "Bereikbaar via", en: "Reachable by" },
  emailKnown: { nl: "E-mailadres bekend", en: "E-mail address known" },
  phoneKnown: { nl: "Telefoonnummer bekend", en: "Phone number known" },
  postalKnown: { nl: "Postadres bekend", en: "Postal address known" },
  reachable: { nl: "Bereikbaar (totaal)", en: "Reachable (total)" },
  unreachable: {
    nl: "Niet bereikbaar (geen e-mailadres, mobiel nummer of postadres)",
    en: "Unreachable (no e-mail address, mobile number or postal address)",
  },
  postalUnknown: {
    nl: "Van {n} mensen weten we nog niet of er een postadres is. Zij zijn ingelezen voordat Lekwijzer dit telde. Lees het bestand opnieuw in, of vraag de beheerder om lekwijzer reencrypt.",
    en: "For {n} people we do not know yet whether there is a postal address. They were imported before Lekwijzer counted it. Import the file again, or ask the operator to run lekwijzer reencrypt.",
  },
  count: { nl: "Aantal", en: "Number" },
  channel: { nl: "Kanaal", en: "Channel" },
  flag: { nl: "Kenmerk", en: "Flag" },
  segment: { nl: "Segment", en: "Segment" },
  natureShort: { nl: "Soort inbreuk", en: "Kind of breach" },
  maliciousShort: { nl: "Kwade opzet", en: "Done on purpose" },
  dataShort: { nl: "Gelekte gegevens", en: "Leaked data" },
} satisfies Record<string, Text>;

export const NATURE_NAMES: Readonly<Record<string, Text>> = {
  confidentiality: {
    nl: "Vertrouwelijkheid: anderen konden de gegevens zien",
    en: "Confidentiality: others could see the data",
  },
  integrity: { nl: "Integriteit: gegevens zijn veranderd", en: "Integrity: data was changed" },
  availability: {
    nl: "Beschikbaarheid: gegevens waren weg of niet te gebruiken",
    en: "Availability: data was lost or unusable",
  },
};

export const CAUSE_NAMES: Readonly<Record<string, Text>> = {
  hacking: { nl: "Hack", en: "Hacking" },
  ransomware: { nl: "Ransomware", en: "Ransomware" },
  phishing: { nl: "Phishing", en: "Phishing" },
  malware: { nl: "Malware", en: "Malware" },
  "credential-stuffing": { nl: "Inloggen met gelekte wachtwoorden", en: "Credential stuffing" },
  insider: { nl: "Medewerker of iemand van binnen", en: "Insider" },
  "lost-device": { nl: "Apparaat kwijt", en: "Lost device" },
  "stolen-device": { nl: "Apparaat gestolen", en: "Stolen device" },
  misdelivery: { nl: "Verkeerd verstuurd", en: "Sent to the wrong person" },
  "accidental-publication": { nl: "Per ongeluk openbaar gemaakt", en: "Published by accident" },
  processor: { nl: "Bij een verwerker", en: "At a processor" },
  other: { nl: "Anders", en: "Other" },
};

export const RECIPIENT_NAMES: Readonly<Record<string, Text>> = {
  none: { nl: "Niemand", en: "Nobody" },
  "known-trusted": { nl: "Bekende, betrouwbare ontvanger", en: "A known, trusted recipient" },
  known: { nl: "Bekende ontvanger", en: "A known recipient" },
  unknown: { nl: "Onbekend", en: "Unknown" },
  public: { nl: "Openbaar: iedereen", en: "Public: everyone" },
};

export const RECOVERY_NAMES: Readonly<Record<string, Text>> = {
  "not-applicable": { nl: "Niet van toepassing", en: "Not applicable" },
  full: { nl: "Helemaal hersteld", en: "Fully restored" },
  temporary: { nl: "Tijdelijk weg geweest, nu terug", en: "Temporarily lost, now back" },
  none: { nl: "Niet hersteld", en: "Not restored" },
};

export const GROUP_NAMES: Readonly<Record<string, Text>> = {
  customers: { nl: "Klanten", en: "Customers" },
  "former-customers": { nl: "Oud-klanten", en: "Former customers" },
  employees: { nl: "Medewerkers", en: "Employees" },
  patients: { nl: "Patiënten", en: "Patients" },
  students: { nl: "Leerlingen of studenten", en: "Pupils or students" },
  citizens: { nl: "Inwoners", en: "Residents" },
  minors: { nl: "Kinderen (jonger dan 16)", en: "Children (under 16)" },
  vulnerable: { nl: "Kwetsbare mensen", en: "Vulnerable people" },
  other: { nl: "Anderen", en: "Others" },
};

export const SECTOR_NAMES: Readonly<Record<string, Text>> = {
  health: { nl: "Zorg", en: "Health care" },
  finance: { nl: "Financiële dienstverlening", en: "Financial services" },
  telecom: { nl: "Telecom", en: "Telecom" },
  government: { nl: "Overheid", en: "Government" },
  education: { nl: "Onderwijs", en: "Education" },
  retail: { nl: "Winkel of webwinkel", en: "Retail or web shop" },
  employer: { nl: "Werkgever", en: "Employer" },
  other: { nl: "Anders", en: "Other" },
};

export const RISK_NAMES: Readonly<Record<string, Text>> = {
  unlikely: { nl: "Waarschijnlijk geen risico", en: "Risk unlikely" },
  risk: { nl: "Risico", en: "Risk" },
  high: { nl: "Hoog risico", en: "High risk" },
};

export const SEVERITY_NAMES: Readonly<Record<string, Text>> = {
  low: { nl: "laag", en: "low" },
  medium: { nl: "gemiddeld", en: "medium" },
  high: { nl: "hoog", en: "high" },
  "very-high": { nl: "zeer hoog", en: "very high" },
};

export const EXEMPTION_NAMES: Readonly<Record<string, Text>> = {
  encrypted: { nl: "de gegevens waren onleesbaar", en: "the data was unreadable" },
  mitigated: { nl: "het hoge risico is weggenomen", en: "the high risk was taken away" },
  "disproportionate-effort": {
    nl: "onevenredige moeite; een openbare mededeling is nodig",
    en: "disproportionate effort; a public notice is needed",
  },
};

export const IMPORT_STATUS_NAMES: Readonly<Record<string, Text>> = {
  uploading: { nl: "wordt ontvangen", en: "being received" },
  queued: { nl: "in de wachtrij", en: "queued" },
  running: { nl: "wordt ingelezen", en: "being read in" },
  done: { nl: "klaar", en: "done" },
  failed: { nl: "mislukt", en: "failed" },
};
