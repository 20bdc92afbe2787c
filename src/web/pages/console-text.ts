/** The words of the staff console's pages, Dutch first with English beside it. */
import type { BilingualText } from "../i18n.ts";

type Text = BilingualText;

export const TEXT = {
  loginTitle: { nl: "Inloggen voor organisaties", en: "Log in for organisations" },
  loginLead: {
    nl: "Voor medewerkers van organisaties met een datalek, en voor de toezichthouder. Inloggen gaat in twee stappen: eerst uw wachtwoord, dan een code uit uw app.",
    en: "For staff of organisations with a data breach, and for the regulator. Logging in has two steps: first your password, then a code from your app.",
  },
  email: { nl: "E-mailadres", en: "E-mail address" },
  password: { nl: "Wachtwoord", en: "Password" },
  loginSubmit: { nl: "Volgende stap", en: "Next step" },
  forgot: { nl: "Wachtwoord vergeten?", en: "Forgot your password?" },
  emailMissing: { nl: "Vul uw e-mailadres in.", en: "Enter your e-mail address." },
  passwordMissing: { nl: "Vul uw wachtwoord in.", en: "Enter your password." },
  notAccepted: {
    nl: "Het e-mailadres of het wachtwoord klopt niet, of het account is tijdelijk geblokkeerd na te veel pogingen. Probeer het opnieuw of vraag een nieuw wachtwoord aan.",
    en: "The e-mail address or the password is not right, or the account is blocked for a while after too many tries. Try again or ask for a new password.",
  },
  loggedOut: { nl: "U bent uitgelogd.", en: "You have logged out." },
  sessionEnded: {
    nl: "U was te lang niet actief, of uw sessie is afgelopen. Log opnieuw in.",
    en: "You were inactive for too long, or your session ended. Please log in again.",
  },
  passwordSet: {
    nl: "Uw nieuwe wachtwoord is ingesteld. Log in met uw nieuwe wachtwoord.",
    en: "Your new password is set. Log in with your new password.",
  },
  lockedOut: {
    nl: "Te veel verkeerde pogingen. Uw account is 15 minuten geblokkeerd. Probeer het daarna opnieuw.",
    en: "Too many wrong tries. Your account is blocked for 15 minutes. Try again after that.",
  },
  codeTitle: { nl: "Code uit uw app", en: "Code from your app" },
  codeLead: {
    nl: "Open de app voor inlogcodes op uw telefoon (bijvoorbeeld een authenticator-app). Typ de code van 6 cijfers die bij Lekwijzer staat.",
    en: "Open the app for log-in codes on your phone (for example an authenticator app). Type the 6-digit code shown for Lekwijzer.",
  },
  code: { nl: "Code van 6 cijfers", en: "6-digit code" },
  codeHint: { nl: "De code verandert elke 30 seconden.", en: "The code changes every 30 seconds." },
  codeSubmit: { nl: "Inloggen", en: "Log in" },
  codeMissing: { nl: "Vul de code van 6 cijfers in.", en: "Enter the 6-digit code." },
  codeWrong: {
    nl: "Deze code klopt niet of is al gebruikt. Wacht op de volgende code in uw app en probeer het opnieuw.",
    en: "This code is not right or was used already. Wait for the next code in your app and try again.",
  },
  enrolTitle: { nl: "Inlogcodes instellen", en: "Set up log-in codes" },
  enrolLead: {
    nl: "U logt voor het eerst in. Voor uw account heeft u voortaan ook een code uit een app nodig. Zo stelt u dat in:",
    en: "You are logging in for the first time. From now on your account also needs a code from an app. This is how you set it up:",
  },
  enrolStep1: {
    nl: "Open een app voor inlogcodes op uw telefoon, bijvoorbeeld de authenticator-app van uw organisatie.",
    en: "Open an app for log-in codes on your phone, for example your organisation's authenticator app.",
  },
  enrolStep2: {
    nl: "Kies in de app voor een nieuw account met een sleutel, en typ de sleutel hieronder over. Of plak de koppeling in de app.",
    en: "In the app, add a new account with a key, and type the key below. Or paste the link into the app.",
  },
  enrolStep3: {
    nl: "Typ de code van 6 cijfers die de app dan laat zien.",
    en: "Type the 6-digit code the app then shows.",
  },
  secret: { nl: "Sleutel", en: "Key" },
  secretUri: { nl: "Koppeling (otpauth)", en: "Link (otpauth)" },
  enrolSubmit: { nl: "Instellen en inloggen", en: "Set up and log in" },
  logout: { nl: "Uitloggen", en: "Log out" },
  forgotTitle: { nl: "Wachtwoord vergeten", en: "Forgot your password" },
  forgotLead: {
    nl: "Typ het e-mailadres van uw account. U krijgt dan een e-mail met een link om een nieuw wachtwoord in te stellen.",
    en: "Type the e-mail address of your account. You will get an e-mail with a link to set a new password.",
  },
  forgotSubmit: { nl: "Stuur de e-mail", en: "Send the e-mail" },
  forgotSent: {
    nl: "Is dit het e-mailadres van een account? Dan krijgt u binnen een paar minuten een e-mail. De link in die e-mail werkt 30 minuten en één keer. Kreeg u niets? Kijk in uw map met ongewenste e-mail, of vraag het over een uur opnieuw.",
    en: "If this is the e-mail address of an account, you will get an e-mail within a few minutes. Its link works for 30 minutes and once. Got nothing? Look in your junk mail folder, or ask again in an hour.",
  },
  backToLogin: { nl: "Terug naar inloggen", en: "Back to log in" },
  newPasswordTitle: { nl: "Nieuw wachtwoord instellen", en: "Set a new password" },
  newPasswordLead: {
    nl: "Kies een wachtwoord van minstens 12 tekens dat u nergens anders gebruikt. Een paar losse woorden achter elkaar is sterk en makkelijk te onthouden.",
    en: "Choose a password of at least 12 characters that you use nowhere else. A few unrelated words in a row are strong and easy to remember.",
  },
  newPassword: { nl: "Nieuw wachtwoord", en: "New password" },
  repeatPassword: { nl: "Herhaal het nieuwe wachtwoord", en: "Repeat the new password" },
  passwordsDiffer: {
    nl: "De twee wachtwoorden zijn niet hetzelfde.",
    en: "The two passwords are not the same.",
  },
  newPasswordSubmit: { nl: "Wachtwoord instellen", en: "Set password" },
  linkInvalidTitle: { nl: "Deze link werkt niet meer", en: "This link no longer works" },
  linkInvalid: {
    nl: "De link is al gebruikt of is ouder dan 30 minuten. Vraag een nieuwe e-mail aan.",
    en: "The link was used already or is older than 30 minutes. Ask for a new e-mail.",
  },
  askAgain: { nl: "Vraag een nieuwe e-mail aan", en: "Ask for a new e-mail" },
  refusedTitle: { nl: "Dit formulier is verlopen", en: "This form has expired" },
  refused: {
    nl: "Het formulier kwam niet van deze pagina of is verlopen. Ga terug en probeer het opnieuw.",
    en: "The form did not come from this page or has expired. Go back and try again.",
  },
  forbiddenTitle: { nl: "Geen toegang", en: "No access" },
  forbidden: {
    nl: "Uw rol geeft geen toegang tot deze pagina. Vraag de beheerder van uw organisatie om een andere rol als u deze pagina nodig heeft.",
    en: "Your role gives no access to this page. Ask your organisation's administrator for another role if you need this page.",
  },
  notFoundTitle: { nl: "Niet gevonden", en: "Not found" },
  notFound: {
    nl: "Deze medewerker bestaat niet (meer).",
    en: "This staff member does not exist (any more).",
  },
  homeTitle: { nl: "Console", en: "Console" },
  signedInAs: { nl: "Ingelogd als", en: "Logged in as" },
  yourRoles: { nl: "Uw rollen", en: "Your roles" },
  organisation: { nl: "Organisatie", en: "Organisation" },
  breachesTitle: { nl: "Datalekken van uw organisatie", en: "Your organisation's data breaches" },
  noBreaches: {
    nl: "Uw organisatie heeft nog geen datalekken in Lekwijzer.",
    en: "Your organisation has no data breaches in Lekwijzer yet.",
  },
  breachTitle: { nl: "Titel", en: "Title" },
  breachStatus: { nl: "Stand", en: "Status" },
  breachAware: { nl: "Ontdekt op", en: "Discovered on" },
  breachPage: { nl: "Openbare pagina", en: "Public page" },
  notPublished: { nl: "nog niet gepubliceerd", en: "not published yet" },
  platformNote: {
    nl: "U heeft een rol van het platform. De pagina's voor toezicht en beheer komen in een volgende versie; tot dan werkt de beheerder met de opdrachtregel.",
    en: "You have a platform role. The oversight and operator pages come in a next version; until then the operator uses the command line.",
  },
  staffTitle: { nl: "Medewerkers", en: "Staff" },
  staffLink: { nl: "Medewerkers beheren", en: "Manage staff" },
  keysLink: { nl: "API-sleutels van uw organisatie", en: "Your organisation's API keys" },
  auditLink: { nl: "Logboek", en: "Audit log" },
  networkBlocked: {
    nl: "Er zijn vanaf uw netwerk te veel verkeerde pogingen gedaan. Probeer het over een kwartier opnieuw.",
    en: "Too many wrong tries came from your network. Try again in a quarter of an hour.",
  },
  registerLink: {
    nl: "Persoonsgegevens en bewaartermijnen (openbare pagina)",
    en: "Personal data and retention periods (public page)",
  },
  contactLink: { nl: "Klantcontact: een beller helpen", en: "Contact centre: help a caller" },
  staffName: { nl: "Naam", en: "Name" },
  staffRoles: { nl: "Rollen", en: "Roles" },
  staffState: { nl: "Stand", en: "State" },
  staffAction: { nl: "Actie", en: "Action" },
  disable: { nl: "Uitschakelen", en: "Disable" },
  addTitle: { nl: "Medewerker toevoegen", en: "Add a staff member" },
  addLead: {
    nl: "De nieuwe medewerker krijgt een e-mail om een wachtwoord in te stellen. Bij de eerste keer inloggen stelt hij of zij ook de inlogcodes in.",
    en: "The new staff member gets an e-mail to set a password. At their first log-in they also set up log-in codes.",
  },
  displayName: { nl: "Naam", en: "Name" },
  rolesLegend: { nl: "Rollen", en: "Roles" },
  rolesHint: { nl: "Kies een of meer rollen.", en: "Choose one or more roles." },
  addSubmit: { nl: "Toevoegen", en: "Add" },
  added: {
    nl: "De medewerker is toegevoegd en krijgt een e-mail om een wachtwoord in te stellen.",
    en: "The staff member was added and gets an e-mail to set a password.",
  },
  disabled: { nl: "De medewerker is uitgeschakeld.", en: "The staff member was disabled." },
  nameMissing: { nl: "Vul de naam in.", en: "Enter the name." },
  emailInvalid: {
    nl: "Vul een e-mailadres in, zoals naam@voorbeeld.nl.",
    en: "Enter an e-mail address, like name@example.org.",
  },
  emailTaken: {
    nl: "Er is al een account met dit e-mailadres.",
    en: "There already is an account with this e-mail address.",
  },
  rolesMissing: { nl: "Kies minstens één rol.", en: "Choose at least one role." },
  errorTitle: { nl: "Er ging iets mis", en: "Something went wrong" },
  errorPrefix: { nl: "Fout", en: "Error" },
  you: { nl: "(u)", en: "(you)" },
} satisfies Record<string, Text>;

export const ROLE_NAMES: Readonly<Record<string, Text>> = {
  "organisation-admin": { nl: "Beheerder van de organisatie", en: "Organisation administrator" },
  editor: { nl: "Opsteller (berichten voorbereiden)", en: "Editor (prepares messages)" },
  approver: { nl: "Goedkeurder (berichten goedkeuren en versturen)", en: "Approver (approves and sends)" },
  "contact-centre": { nl: "Medewerker klantcontact (lezen)", en: "Contact-centre agent (reads)" },
  regulator: { nl: "Toezichthouder", en: "Regulator" },
  "platform-admin": { nl: "Beheerder van het platform", en: "Platform administrator" },
};

export const STATE_NAMES: Readonly<Record<string, Text>> = {
  active: { nl: "actief", en: "active" },
  invited: { nl: "uitgenodigd (nog geen wachtwoord)", en: "invited (no password yet)" },
  locked: { nl: "tijdelijk geblokkeerd", en: "blocked for now" },
  disabled: { nl: "uitgeschakeld", en: "disabled" },
};

export const BREACH_STATUS_NAMES: Readonly<Record<string, Text>> = {
  draft: { nl: "concept", en: "draft" },
  assessed: { nl: "beoordeeld", en: "assessed" },
  notifying: { nl: "bezig met informeren", en: "notifying" },
  informed: { nl: "geïnformeerd", en: "informed" },
  closed: { nl: "afgesloten", en: "closed" },
};
