/** The contact centre pages' words: Dutch first, English beside them (staff text; the call script is B1). */
import type { BilingualText } from "../i18n.ts";

export const CONTACT_TEXT = {
  title: { nl: "Contactcentrum: beller zoeken", en: "Contact centre: find a caller" },
  lead: {
    nl: "Zoek alleen de persoon die u nu aan de lijn heeft. Elke zoekactie komt in het auditlog, ook als er niemand gevonden wordt.",
    en: "Only look up the person you have on the line now. Every look-up is written to the audit log, also when nobody is found.",
  },
  byPersonalCode: { nl: "Met de persoonlijke code", en: "By personal code" },
  personalCode: { nl: "Persoonlijke code", en: "Personal code" },
  personalCodeHint: {
    nl: "Staat in de brief, e-mail of sms over het datalek. Streepjes en spaties mogen.",
    en: "It is in the letter, e-mail or text about the breach. Dashes and spaces are fine.",
  },
  byVerificationCode: { nl: "Met de controlecode van een bericht", en: "By a message's verification code" },
  verificationCode: { nl: "Controlecode", en: "Verification code" },
  verificationCodeHint: {
    nl: "De code onder 'Is dit bericht echt?' in het bericht dat de beller kreeg.",
    en: "The code under 'Is this message genuine?' in the message the caller got.",
  },
  find: { nl: "Zoeken", en: "Find" },
  byAddress: { nl: "Met e-mailadres of telefoonnummer", en: "By e-mail address or phone number" },
  byAddressLead: {
    nl: "Lekwijzer stuurt eerst een code van zes cijfers naar het adres of nummer. Pas als de beller die code voorleest, zoekt Lekwijzer de beller op. U ziet altijd hetzelfde antwoord, of het adres nu in het bestand staat of niet.",
    en: "Lekwijzer first sends a six-digit code to the address or number. Only when the caller reads that code back does Lekwijzer look the caller up. You always see the same answer, whether or not the address is in the file.",
  },
  breach: { nl: "Datalek", en: "Breach" },
  chooseBreach: { nl: "Kies een datalek", en: "Choose a breach" },
  channel: { nl: "Soort", en: "Kind" },
  email: { nl: "E-mailadres", en: "E-mail address" },
  phone: { nl: "Telefoonnummer (sms)", en: "Phone number (text message)" },
  address: { nl: "E-mailadres of telefoonnummer", en: "E-mail address or phone number" },
  sendCode: { nl: "Code sturen", en: "Send code" },
  codeSentTitle: { nl: "Code gestuurd", en: "Code sent" },
  codeSentLead: {
    nl: "Er is een code van zes cijfers gestuurd. Vraag de beller de code voor te lezen. De code werkt tien minuten.",
    en: "A six-digit code was sent. Ask the caller to read the code out. The code works for ten minutes.",
  },
  proofCode: { nl: "Code die de beller voorleest", en: "Code the caller reads out" },
  check: { nl: "Controleren", en: "Check" },
  startAgain: { nl: "Opnieuw zoeken", en: "Look up again" },
  // Field errors and outcomes.
  errorTitle: { nl: "Er ging iets mis", en: "Something went wrong" },
  errorPrefix: { nl: "Fout", en: "Error" },
  codeMissing: { nl: "Vul de code in.", en: "Enter the code." },
  codeInvalid: {
    nl: "Dit is geen geldige code. Controleer elk teken met de beller.",
    en: "This is not a valid code. Check each character with the caller.",
  },
  notFound: {
    nl: "Niemand gevonden met deze code bij uw organisatie. Controleer de code met de beller.",
    en: "Nobody found with this code at your organisation. Check the code with the caller.",
  },
  breachMissing: {
    nl: "Kies het datalek waar de beller over belt.",
    en: "Choose the breach the caller calls about.",
  },
  addressInvalid: {
    nl: "Vul een geldig e-mailadres of telefoonnummer in.",
    en: "Enter a valid e-mail address or phone number.",
  },
  tooMany: {
    nl: "Er zijn nu te veel codes gestuurd, door u of naar dit adres. Probeer het later opnieuw of zoek met een andere code.",
    en: "Too many codes were sent now, by you or to this address. Try again later or look up by another code.",
  },
  tooManyLookups: {
    nl: "U heeft veel zoekacties gedaan. Wacht een paar minuten.",
    en: "You made many look-ups. Wait a few minutes.",
  },
  wrongCode: { nl: "Deze code klopt niet. Nog {n} pogingen.", en: "This code is not right. {n} tries left." },
  proofEnded: {
    nl: "Deze code werkt niet meer (verlopen, al gebruikt of te vaak fout). Stuur een nieuwe code.",
    en: "This code no longer works (expired, used, or wrong too often). Send a new code.",
  },
  proofNotInFile: {
    nl: "De code klopte. Dit adres of nummer staat niet in het bestand van dit datalek. U mag dat de beller zeggen.",
    en: "The code was right. This address or number is not in this breach's file. You may tell the caller.",
  },
  lookupEnded: {
    nl: "Deze zoekactie is afgelopen. Zoek de beller opnieuw op.",
    en: "This look-up has ended. Look the caller up again.",
  },
  // The caller view.
  callerTitle: { nl: "Beller", en: "Caller" },
  foundBy: { nl: "Gevonden met", en: "Found by" },
  whoTitle: { nl: "Controleer of dit de beller is", en: "Check this is the caller" },
  name: { nl: "Naam (voorletters)", en: "Name (initials)" },
  postcode: { nl: "Postcode", en: "Postcode" },
  representative: { nl: "Berichten gaan naar", en: "Messages go to" },
  leakedTitle: { nl: "Gelekt", en: "Leaked" },
  situationTitle: { nl: "Let op bij deze beller", en: "Mind this caller's situation" },
  sentTitle: { nl: "Wat is verstuurd", en: "What was sent" },
  nothingSent: { nl: "Er is nog niets verstuurd.", en: "Nothing was sent yet." },
  kind: { nl: "Bericht", en: "Message" },
  via: { nl: "Via", en: "By" },
  status: { nl: "Status", en: "Status" },
  sentAt: { nl: "Verstuurd", en: "Sent" },
  deliveredAt: { nl: "Aangekomen", en: "Delivered" },
  bouncedAt: { nl: "Teruggekomen", en: "Bounced" },
  earlier: { nl: "Eerder geprobeerd", en: "Tried before" },
  requestsTitle: { nl: "Gevraagde brieven", en: "Letters asked for" },
  scriptTitle: { nl: "Belscript", en: "Call script" },
  scriptLead: {
    nl: "Lees dit voor zoals het er staat. Nederlands eerst, Engels ernaast.",
    en: "Read this out as it stands. Dutch first, English beside it.",
  },
  actionsTitle: { nl: "Wat u voor de beller kunt doen", en: "What you can do for the caller" },
  resendTitle: { nl: "Bericht opnieuw sturen", en: "Send the notice again" },
  resendLead: {
    nl: "Het eerste bericht gaat opnieuw, via het kanaal dat u kiest. Het bevat een nieuwe persoonlijke code. De oude code werkt dan niet meer.",
    en: "The first notice goes again, by the channel you choose. It carries a new personal code. The old code then stops working.",
  },
  resend: { nl: "Opnieuw sturen", en: "Send again" },
  noChannels: {
    nl: "Er is geen adres of nummer om het bericht naartoe te sturen.",
    en: "There is no address or number to send the notice to.",
  },
  letterTitle: { nl: "Brief met het plan bestellen", en: "Order a printed plan letter" },
  letterLead: {
    nl: "De beller krijgt het persoonlijke plan op papier, op het postadres dat bekend is.",
    en: "The caller gets their personal plan on paper, at the known postal address.",
  },
  orderLetter: { nl: "Brief bestellen", en: "Order letter" },
  noLetter: { nl: "Er is geen postadres bekend.", en: "No postal address is known." },
  phishingTitle: { nl: "Verdacht bericht melden", en: "Report a suspicious message" },
  phishingLead: {
    nl: "Kreeg de beller een verdacht bericht over het datalek? Noteer wat de beller vertelt. Schrijf geen gegevens van de beller op.",
    en: "Did the caller get a suspicious message about the breach? Write down what the caller tells you. Do not write down the caller's own details.",
  },
  phishingChannel: { nl: "Hoe kwam het bericht", en: "How the message came" },
  sender: { nl: "Afzender (nummer, adres of naam)", en: "Sender (number, address or name)" },
  receivedOn: { nl: "Datum ontvangen", en: "Date received" },
  receivedTime: { nl: "Tijd (niet verplicht)", en: "Time (optional)" },
  text: { nl: "Wat stond er in het bericht", en: "What the message said" },
  record: { nl: "Melding opslaan", en: "Save report" },
  resent: {
    nl: "Het bericht wordt opnieuw gestuurd met een nieuwe code. De oude code werkt niet meer.",
    en: "The notice is being sent again with a new code. The old code no longer works.",
  },
  resendConflict: {
    nl: "Opnieuw sturen kan nu niet: er is nog geen bericht gestuurd, of het is nu onderweg.",
    en: "Sending again is not possible now: no notice was sent yet, or it is on its way now.",
  },
  channelInvalid: { nl: "Kies een kanaal.", en: "Choose a channel." },
  letterOrdered: { nl: "De brief is besteld.", en: "The letter was ordered." },
  letterAlready: {
    nl: "Er is al een brief onderweg. Er is geen nieuwe besteld.",
    en: "A letter is already on its way. No new one was ordered.",
  },
  reported: { nl: "De melding is opgeslagen.", en: "The report was saved." },
  reportChannel: { nl: "Kies hoe het bericht kwam.", en: "Choose how the message came." },
  reportSender: { nl: "De afzender is te lang.", en: "The sender is too long." },
  reportDate: {
    nl: "Vul een datum in van het afgelopen jaar.",
    en: "Enter a date within the past year.",
  },
  reportTime: {
    nl: "Vul een tijd in zoals 14:30, of laat het leeg.",
    en: "Enter a time like 14:30, or leave it empty.",
  },
  reportText: {
    nl: "Schrijf op wat er in het bericht stond (tot 5000 tekens).",
    en: "Write down what the message said (up to 5000 characters).",
  },
  back: { nl: "Terug naar de console", en: "Back to the console" },
} satisfies Record<string, BilingualText>;

export const METHOD_NAMES: Readonly<Record<string, BilingualText>> = {
  "personal-code": { nl: "persoonlijke code", en: "personal code" },
  "verification-code": { nl: "controlecode", en: "verification code" },
  email: { nl: "e-mailadres (bewezen)", en: "e-mail address (proven)" },
  phone: { nl: "telefoonnummer (bewezen)", en: "phone number (proven)" },
};

export const CHANNEL_NAMES: Readonly<Record<string, BilingualText>> = {
  email: { nl: "e-mail", en: "e-mail" },
  sms: { nl: "sms", en: "text message" },
  letter: { nl: "brief", en: "letter" },
  phone: { nl: "telefoon", en: "phone" },
  social: { nl: "sociale media", en: "social media" },
  other: { nl: "anders", en: "other" },
};

export const DELIVERY_STATUS_NAMES: Readonly<Record<string, BilingualText>> = {
  queued: { nl: "in de wachtrij", en: "queued" },
  sending: { nl: "wordt verstuurd", en: "sending" },
  sent: { nl: "verstuurd", en: "sent" },
  delivered: { nl: "aangekomen", en: "delivered" },
  bounced: { nl: "teruggekomen", en: "bounced" },
  failed: { nl: "mislukt", en: "failed" },
  cancelled: { nl: "geannuleerd", en: "cancelled" },
  unreachable: { nl: "niet bereikbaar", en: "unreachable" },
};

export const REQUEST_NAMES: Readonly<Record<string, BilingualText>> = {
  "printed-letter": { nl: "plan op papier", en: "plan on paper" },
  moved: { nl: "nieuw adres", en: "new address" },
  "prefers-letters": { nl: "liever brieven", en: "prefers letters" },
  "address-changed": { nl: "adres gewijzigd", en: "address changed" },
};

/** How an earlier channel ended (a delivery's history). */
export const OUTCOME_NAMES: Readonly<Record<string, BilingualText>> = {
  rejected: { nl: "geweigerd", en: "refused" },
  bounced: { nl: "teruggekomen", en: "bounced" },
  "gave-up": { nl: "opgegeven", en: "gave up" },
};
