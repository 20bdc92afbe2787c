/** The wording of "Mijn plan" in Dutch (B1) and English, apart from the markup so both stay easy to review. */
import type { BilingualText } from "../i18n.ts";

export const TEXT = {
  title: { nl: "Mijn plan", en: "My plan" },
  lead: {
    nl: "Kreeg u een brief, e-mail of sms over een datalek? Daarin staat uw persoonlijke code. Met die code ziet u hier uw eigen plan: wat er van u gelekt is en wat u kunt doen.",
    en: "Did you get a letter, e-mail or text about a data breach? It shows your personal code. With that code you see your own plan here: what leaked about you and what you can do.",
  },
  label: { nl: "Persoonlijke code", en: "Personal code" },
  hint: {
    nl: "16 tekens, bijvoorbeeld K7QX-M3PA-9RTW-XH4C. Hoofdletters, spaties en streepjes maken niet uit.",
    en: "16 characters, for example K7QX-M3PA-9RTW-XH4C. Capitals, spaces and dashes do not matter.",
  },
  submit: { nl: "Open mijn plan", en: "Open my plan" },
  privacy: {
    nl: "Wij zetten de code nooit in een link. Deel uw code met niemand. Wij vragen er nooit om per telefoon.",
    en: "We never put the code in a link. Do not share your code with anyone. We never ask for it by phone.",
  },
  errorTitle: { nl: "Er is een probleem", en: "There is a problem" },
  errorPrefix: { nl: "Fout", en: "Error" },
  empty: { nl: "Vul uw persoonlijke code in.", en: "Enter your personal code." },
  typo: {
    nl: "Er zit een tikfout in de code. Kijk de code nog eens goed na en probeer het opnieuw.",
    en: "There is a typing error in the code. Check the code carefully and try again.",
  },
  unknown: {
    nl: "Wij kennen deze code niet. Kijk de code na. Kreeg u een nieuwe code? Gebruik dan de nieuwste.",
    en: "We do not know this code. Check the code. Did you get a new code? Then use the newest one.",
  },
  stopped: {
    nl: "U bent gestopt. Uw plan is nu dicht op dit apparaat.",
    en: "You have stopped. Your plan is now closed on this device.",
  },
  expired: {
    nl: "Uw plan is dicht gegaan. Dat gebeurt na 30 minuten zonder gebruik. Vul uw code opnieuw in.",
    en: "Your plan has closed. That happens after 30 minutes without use. Enter your code again.",
  },
  tooManyTitle: { nl: "Even wachten", en: "Please wait" },
  tooMany: {
    nl: "Er zijn te veel codes geprobeerd. Probeer het over {minutes} minuten opnieuw.",
    en: "Too many codes have been tried. Please try again in {minutes} minutes.",
  },
  refusedTitle: { nl: "Niet verstuurd", en: "Not sent" },
  refused: {
    nl: "Dit formulier kwam van een andere website. Open deze pagina zelf en probeer het opnieuw.",
    en: "This form came from another website. Open this page yourself and try again.",
  },
  back: { nl: "Terug naar mijn plan", en: "Back to my plan" },
  planLead: { nl: "Uw plan na het datalek bij", en: "Your plan after the data breach at" },
  about: { nl: "Over", en: "About" },
  contents: { nl: "Op deze pagina", en: "On this page" },
  printView: { nl: "Versie om af te drukken", en: "Version to print" },
  printHint: {
    nl: "Gebruik de afdrukknop van uw browser. Of kies in het menu: Afdrukken.",
    en: "Use your browser's print button. Or choose Print in the menu.",
  },
  stop: { nl: "Stoppen", en: "Stop" },
  stopHint: {
    nl: "Klaar? Klik op Stoppen. Dan gaat uw plan dicht op dit apparaat.",
    en: "Done? Click Stop. Your plan then closes on this device.",
  },
  leakedTitle: { nl: "Welke gegevens van u zijn gelekt?", en: "Which information about you leaked?" },
  stepsTitle: { nl: "Uw stappen", en: "Your steps" },
  stepsLead: {
    nl: "Zet een vinkje bij elke stap die u gedaan heeft. Klik dan op Opslaan. U heeft geen account nodig.",
    en: "Tick each step you have done. Then click Save. You do not need an account.",
  },
  save: { nl: "Opslaan", en: "Save" },
  saved: { nl: "Opgeslagen. Goed bezig!", en: "Saved. Well done!" },
  done: { nl: "gedaan", en: "done" },
  notDone: { nl: "nog doen", en: "to do" },
  why: { nl: "Waarom?", en: "Why?" },
  risksTitle: { nl: "Wat kan er gebeuren?", en: "What could happen?" },
  situationTitle: { nl: "Hulp voor uw situatie", en: "Help for your situation" },
  situation: { nl: "Wat voor u geldt", en: "What applies to you" },
  helpTitle: { nl: "Wie kan u helpen?", en: "Who can help you?" },
  updatesTitle: { nl: "Nieuws over het datalek", en: "News about the data breach" },
  noUpdates: {
    nl: "Er is nog geen nieuws. Kom later nog eens kijken.",
    en: "There is no news yet. Please come back later.",
  },
  letterTitle: { nl: "Uw plan op papier", en: "Your plan on paper" },
  letterLead: {
    nl: "Wilt u dit plan als brief op papier? Vraag het hier aan. De brief gaat naar het adres dat de organisatie van u heeft.",
    en: "Would you like this plan as a paper letter? Ask for it here. The letter goes to the address the organisation has for you.",
  },
  letterButton: { nl: "Stuur mij een brief", en: "Send me a letter" },
  letterAsked: {
    nl: "Uw vraag is ontvangen. Wij sturen u de brief binnen een paar werkdagen.",
    en: "We have your request. We send you the letter within a few working days.",
  },
  detailsTitle: { nl: "Uw gegevens", en: "Your details" },
  detailsLead: {
    nl: "Dit staat in het bestand van de organisatie over u. Wij laten maar een deel zien. Zo blijft het veilig als iemand meekijkt.",
    en: "This is what the organisation's file holds about you. We show only part of it. That keeps it safe if someone looks along.",
  },
  name: { nl: "Naam (voorletters)", en: "Name (initials)" },
  email: { nl: "E-mailadres", en: "E-mail address" },
  phone: { nl: "Telefoonnummer", en: "Phone number" },
  postcode: { nl: "Postcode (alleen de cijfers)", en: "Postcode (digits only)" },
  notKnown: { nl: "niet bekend", en: "not known" },
  contactRole: {
    nl: "De berichten gaan naar iemand die u vertegenwoordigt.",
    en: "Messages go to someone who represents you.",
  },
  movedTitle: { nl: "Bent u verhuisd?", en: "Have you moved?" },
  movedLead: {
    nl: "Vul uw nieuwe adres in. Wij gebruiken het nog niet meteen. Eerst sturen wij een brief met een code naar het nieuwe adres. Typ die code hier. Pas dan gaan brieven naar het nieuwe adres.",
    en: "Enter your new address. We do not use it straight away. First we send a letter with a code to the new address. Type that code here. Only then do letters go to the new address.",
  },
  street: { nl: "Straat", en: "Street" },
  houseNumber: { nl: "Huisnummer", en: "House number" },
  postcodeField: { nl: "Postcode", en: "Postcode" },
  postcodeHint: { nl: "Bijvoorbeeld 1234 AB", en: "For example 1234 AB" },
  city: { nl: "Plaats", en: "Town or city" },
  movedButton: { nl: "Geef mijn nieuwe adres door", en: "Send my new address" },
  movedAsked: {
    nl: "Uw nieuwe adres is ontvangen. U krijgt binnen een paar werkdagen een brief met een code op het nieuwe adres.",
    en: "We have your new address. Within a few working days you get a letter with a code at the new address.",
  },
  fieldMissing: { nl: "Vul dit veld in.", en: "Fill in this field." },
  postcodeWrong: {
    nl: "Vul een postcode in zoals 1234 AB.",
    en: "Enter a postcode like 1234 AB.",
  },
  lettersTitle: { nl: "Liever brieven?", en: "Prefer letters?" },
  lettersLead: {
    nl: "Wilt u berichten liever op papier dan per e-mail of sms? Geef het hier door.",
    en: "Would you rather get messages on paper than by e-mail or text? Tell us here.",
  },
  lettersButton: { nl: "Stuur mij liever brieven", en: "Send me letters instead" },
  lettersAsked: {
    nl: "Uw keuze is ontvangen. Nieuwe berichten over dit datalek krijgt u voortaan eerst per brief, als wij uw adres hebben.",
    en: "We have your choice. From now on you get new messages about this data breach by letter first, if we have your address.",
  },
  rightsTitle: { nl: "Uw rechten", en: "Your rights" },
  rightsLead: {
    nl: "De wet (de AVG) geeft u rechten. U vraagt ze aan bij de organisatie zelf. Zij moet binnen een maand antwoorden.",
    en: "The law (the GDPR) gives you rights. You ask the organisation itself. It must answer within one month.",
  },
  rights: [
    {
      nl: "Inzage: vraag welke gegevens de organisatie van u heeft.",
      en: "Access: ask which information the organisation holds about you.",
    },
    {
      nl: "Verbetering: laat gegevens die niet kloppen aanpassen.",
      en: "Rectification: have information that is wrong corrected.",
    },
    {
      nl: "Verwijdering: vraag de organisatie uw gegevens te wissen.",
      en: "Erasure: ask the organisation to delete your information.",
    },
    {
      nl: "Bezwaar: zeg dat u niet wilt dat de organisatie uw gegevens nog gebruikt.",
      en: "Objection: say that you do not want the organisation to use your information any more.",
    },
  ] satisfies BilingualText[],
  rightsContact: { nl: "Zo bereikt u de organisatie", en: "How to reach the organisation" },
  dpo: { nl: "Contact voor privacy", en: "Privacy contact" },
  website: { nl: "Website", en: "Website" },
  post: { nl: "Post", en: "Post" },
  call: { nl: "Telefoon", en: "Phone" },
  hours: { nl: "Bereikbaar", en: "Open" },
  noContact: {
    nl: "De organisatie heeft nog geen contactgegevens gegeven. Kijk in de brief of e-mail die u kreeg.",
    en: "The organisation has not given contact details yet. Look in the letter or e-mail you received.",
  },
} as const;

export const PRIORITY_TITLES = {
  now: { nl: "Doe dit nu", en: "Do this now" },
  soon: { nl: "Doe dit binnen een paar dagen", en: "Do this within a few days" },
  watch: { nl: "Let hier de komende maanden op", en: "Watch for this in the coming months" },
} satisfies Record<string, BilingualText>;
