// Measures a person can take (framework elements K6, K10, K11, K12). Triggers say which leaked categories or
// victim flags justify a step and how urgent it is; nothing else puts a step in a personal plan.
import { CATEGORIES } from "./categories.ts";
import { CATEGORY_IDS } from "./ids.ts";
import type { Step } from "./schema.ts";

/** GDPR art. 9 and art. 10 categories, as the category data marks them. */
const SPECIAL_AND_CRIMINAL = CATEGORIES.filter((c) => c.special || c.criminal).map((c) => c.id);

const CREDENTIALS = ["password", "password-hash", "security-answers", "auth-token"] as const;

/**
 * Data a provider's helpdesk may ask to confirm who is calling: with the phone number, enough to talk a
 * provider into moving the number to another SIM card (Odido's own SIM-swap page names date of birth and
 * address data from breaches).
 */
const IDENTITY_CHECK_DATA = ["date-of-birth", "bsn", "id-document-number", "id-document-copy"] as const;

/** Categories that tell someone where a person lives or can be found. */
const WHEREABOUTS = ["address", "location", "traffic-data", "photo", "family", "phone"] as const;

export const STEPS: readonly Step[] = [
  {
    id: "check-what-leaked",
    title: {
      nl: "Kijk welke gegevens van u zijn gelekt",
      en: "Find out which information about you was leaked",
    },
    why: {
      nl: "Als u weet wat er gelekt is, weet u ook waar u op moet letten.",
      en: "Once you know what was leaked, you know what to watch out for.",
    },
    how: [
      {
        nl: "Lees in de brief of e-mail van de organisatie welke gegevens van u gelekt zijn.",
        en: "Read in the letter or email from the organisation which information about you was leaked.",
      },
      {
        nl: "Twijfelt u? Bel of mail de organisatie. Gebruik het nummer of adres op hun eigen website.",
        en: "Not sure? Call or email the organisation. Use the number or address on their own website.",
      },
      {
        nl: "Met 'Check je hack' van de politie ziet u of uw e-mailadres in gestolen gegevens staat. De politie kijkt alleen in gegevens die zij zelf bij onderzoeken vond.",
        en: "The police's 'Check je hack' tells you whether your email address is in stolen data. It only searches data the police found in their own investigations.",
      },
      {
        nl: "U krijgt alleen een e-mail als uw adres erin staat. Krijgt u geen e-mail? Dan bent u toch niet zeker veilig. Check je hack kan ook niet zeggen of u in dit datalek zit.",
        en: "You only get an email if your address is in that data. No email does not mean you are safe. Check je hack also cannot tell you whether you are in this breach.",
      },
      {
        nl: "Download nooit gelekte gegevens om zelf te kijken. Daar zit vaak schadelijke software in. En het kan strafbaar zijn.",
        en: "Never download leaked data to check for yourself. It often contains harmful software, and it can be a crime.",
      },
    ],
    help: ["politie"],
    triggers: [{ categories: [...CATEGORY_IDS], priority: "soon" }],
  },
  {
    id: "change-passwords",
    title: {
      nl: "Verander nu uw wachtwoord, en overal waar u het ook gebruikt",
      en: "Change your password now, and everywhere you also use it",
    },
    why: {
      nl: "Criminelen proberen gelekte wachtwoorden ook op andere websites. Zo komen ze in uw e-mail of webwinkel.",
      en: "Criminals try leaked passwords on other websites too. That is how they get into your email or online shops.",
    },
    how: [
      {
        nl: "Verander het wachtwoord bij de organisatie van het lek.",
        en: "Change the password at the organisation that had the leak.",
      },
      {
        nl: "Gebruikt u hetzelfde wachtwoord ergens anders? Verander het daar ook. Begin met uw e-mail en uw bank.",
        en: "Do you use the same password anywhere else? Change it there too. Start with your email and your bank.",
      },
      {
        nl: "Kies elke keer een nieuw, lang wachtwoord. Bijvoorbeeld vier losse woorden achter elkaar.",
        en: "Choose a new, long password each time. For example four random words in a row.",
      },
      {
        nl: "Gebruikte u beveiligingsvragen? Kies nieuwe antwoorden. Log overal uit en weer in.",
        en: "Did you use security questions? Choose new answers. Log out everywhere and log in again.",
      },
    ],
    help: [],
    triggers: [{ categories: [...CREDENTIALS], priority: "now" }],
  },
  {
    id: "use-password-manager",
    title: { nl: "Gebruik een wachtwoordmanager", en: "Use a password manager" },
    why: {
      nl: "Met een wachtwoordmanager heeft u voor elke website een ander wachtwoord. U hoeft er maar één te onthouden.",
      en: "With a password manager you have a different password for every website. You only need to remember one.",
    },
    how: [
      {
        nl: "Kies een bekende wachtwoordmanager. Vaak zit er al een in uw telefoon of browser.",
        en: "Choose a well-known password manager. Your phone or browser often has one built in.",
      },
      {
        nl: "Bedenk één sterk hoofdwachtwoord. Schrijf het op een veilige plek op.",
        en: "Make up one strong main password. Write it down in a safe place.",
      },
      {
        nl: "Laat de wachtwoordmanager voor elke website een nieuw wachtwoord maken.",
        en: "Let the password manager make a new password for every website.",
      },
    ],
    help: [],
    triggers: [{ categories: ["password", "password-hash"], priority: "soon" }],
  },
  {
    id: "enable-two-factor",
    title: { nl: "Zet inloggen in twee stappen aan", en: "Turn on two-step login" },
    why: {
      nl: "Dan heeft iemand meer nodig dan uw wachtwoord. Bijvoorbeeld ook een code op uw telefoon.",
      en: "Then someone needs more than your password. For example also a code on your phone.",
    },
    how: [
      {
        nl: "Zoek in de instellingen van uw account naar 'tweestapsverificatie' of 'inloggen in twee stappen'.",
        en: "Look in your account settings for 'two-step verification' or 'two-factor authentication'.",
      },
      {
        nl: "Zet het aan. Doe dit eerst voor uw e-mail, uw bank en uw sociale media.",
        en: "Turn it on. Do this first for your email, your bank and your social media.",
      },
      {
        nl: "Kunt u kiezen? Neem dan een app op uw telefoon in plaats van een code per sms. Een sms kan bij een crimineel terechtkomen.",
        en: "If you can choose, use an app on your phone instead of a code by text message. A text message can end up with a criminal.",
      },
      {
        nl: "Gebruikt u WhatsApp? Zet daar ook 'Verificatie in twee stappen' aan. Dat vindt u bij Instellingen en dan Account. U kiest zelf een pincode van zes cijfers. Zonder die pincode kan niemand uw WhatsApp zomaar op een andere telefoon zetten.",
        en: "Do you use WhatsApp? Turn on its 'Two-step verification' too, under Settings and then Account. You choose your own six-digit PIN. Without that PIN, nobody can simply move your WhatsApp to another phone.",
      },
      {
        nl: "Geef nooit een code door die u per sms, WhatsApp of telefoon krijgt. Ook niet aan een bekende, of aan iemand die zegt dat hij van de bank of WhatsApp is.",
        en: "Never pass on a code you get by text message, WhatsApp or phone. Not even to someone you know, or to someone who says they are from your bank or WhatsApp.",
      },
      {
        nl: "Krijgt u een code die u niet zelf vroeg? Dan probeert iemand in te loggen. Verander meteen uw wachtwoord.",
        en: "Do you get a code you did not ask for? Then someone is trying to log in. Change your password at once.",
      },
    ],
    help: [],
    triggers: [
      { categories: [...CREDENTIALS], priority: "soon" },
      // With a phone number, criminals ask for the login code sent to it (WhatsApp takeovers).
      { categories: ["phone"], priority: "soon" },
      { categories: ["email", "username"], priority: "watch" },
    ],
  },
  {
    id: "recognise-phishing",
    title: { nl: "Let op nepberichten en nepbellers", en: "Watch out for fake messages and fake callers" },
    why: {
      nl: "Criminelen gebruiken gelekte gegevens om u te misleiden. Hun bericht of telefoontje lijkt dan echt.",
      en: "Criminals use leaked data to trick you. Their message or call then seems genuine.",
    },
    how: [
      {
        nl: "Wees extra alert op e-mail, sms, WhatsApp, telefoontjes en brieven. Ook als ze uw naam of klantnummer noemen.",
        en: "Be extra careful with emails, texts, WhatsApp messages, calls and letters. Even when they use your name or customer number.",
      },
      {
        nl: "Ook een brief kan nep zijn, bijvoorbeeld van 'uw bank' of 'DigiD'. Scan geen QR-code uit een brief. Typ zelf het adres van de website in.",
        en: "A letter can be fake too, for example from 'your bank' or 'DigiD'. Do not scan a QR code from a letter. Type the website's address yourself.",
      },
      {
        nl: "Let op haast of dreiging, zoals 'uw rekening wordt vandaag geblokkeerd'.",
        en: "Watch for pressure or threats, such as 'your account will be blocked today'.",
      },
      {
        nl: "Klik niet op links en open geen bijlagen in een bericht dat u niet verwacht.",
        en: "Do not click links or open attachments in a message you did not expect.",
      },
      {
        nl: "Een bank of organisatie vraagt nooit om uw pincode, wachtwoord of inlogcode. Ook niet aan de telefoon.",
        en: "A bank or organisation never asks for your PIN, password or login code. Not on the phone either.",
      },
      {
        nl: "Vraagt een 'familielid' via een nieuw nummer om geld? Bel die persoon op het oude nummer.",
        en: "Does a 'relative' ask for money from a new number? Call that person on their old number.",
      },
      {
        nl: "Twijfelt u? Hang op of stop. Neem zelf contact op via de gegevens op de echte website.",
        en: "In doubt? Hang up or stop. Make contact yourself using the details on the real website.",
      },
    ],
    help: ["fraudehelpdesk"],
    triggers: [
      { categories: ["email", "phone"], priority: "now" },
      {
        categories: [
          "name",
          "address",
          "date-of-birth",
          "gender",
          "customer-number",
          "username",
          "iban",
          "financial-history",
          "income",
          "purchase-history",
          "employment",
          "education",
          "family",
          "internal-notes",
          ...SPECIAL_AND_CRIMINAL,
        ],
        priority: "soon",
      },
    ],
  },
  {
    id: "verify-through-own-channel",
    title: {
      nl: "Check een bericht via de organisatie zelf",
      en: "Check a message with the organisation itself",
    },
    why: {
      nl: "Een nepbericht kan er precies zo uitzien als een echt bericht. Alleen de organisatie zelf weet of het klopt.",
      en: "A fake message can look exactly like a real one. Only the organisation itself knows whether it is genuine.",
    },
    how: [
      {
        nl: "Gebruik niet het nummer, de link of het adres uit het bericht.",
        en: "Do not use the number, link or address in the message.",
      },
      {
        nl: "Zoek zelf het nummer op. Bijvoorbeeld op de website, uw bankpas of een oude rekening.",
        en: "Look up the number yourself. For example on the website, your bank card or an old bill.",
      },
      {
        nl: "Bel of log in via die weg. Vraag of het bericht echt van hen komt.",
        en: "Call or log in that way. Ask whether the message really came from them.",
      },
    ],
    help: ["fraudehelpdesk"],
    triggers: [{ categories: ["email", "phone", "iban", "customer-number", "family"], priority: "soon" }],
  },
  {
    id: "check-bank-statements",
    title: {
      nl: "Controleer uw bankrekening op onbekende afschrijvingen",
      en: "Check your bank account for unknown payments",
    },
    why: {
      nl: "Met uw rekeningnummer kan iemand een valse incasso doen. U kunt elke incasso 8 weken lang zelf terugboeken. Gaf u nooit toestemming? Dan kan het zelfs tot 13 maanden via uw bank.",
      en: "With your account number, someone can set up a false direct debit. You can reverse any direct debit yourself for 8 weeks. Did you never agree to it? Then your bank can still get the money back for up to 13 months.",
    },
    how: [
      {
        nl: "Kijk de komende maanden elke week naar uw afschrijvingen.",
        en: "Check the payments leaving your account every week for the coming months.",
      },
      {
        nl: "Ziet u een incasso die u niet kent? Boek die terug in uw bankapp. Dat kan tot 8 weken nadat het geld van uw rekening ging. U hoeft geen reden te geven.",
        en: "Do you see a direct debit you do not know? Reverse it in your banking app. You can do this up to 8 weeks after the payment, without giving a reason.",
      },
      {
        nl: "Zijn die 8 weken voorbij en gaf u nooit toestemming? Bel dan uw bank. De bank kan het geld tot 13 maanden daarna terughalen.",
        en: "Have the 8 weeks passed and did you never agree to the debit? Then call your bank. It can get the money back up to 13 months after the payment.",
      },
      {
        nl: "Vertrouwt u iets niet? Bel uw bank op het nummer op uw bankpas of de website.",
        en: "Something seems wrong? Call your bank on the number on your card or its website.",
      },
      {
        nl: "Krijgt u post over een lening of abonnement dat u niet afsloot? Neem meteen contact op met die organisatie.",
        en: "Do you get letters about a loan or contract you did not take out? Contact that organisation straight away.",
      },
    ],
    help: ["bank", "fraudehelpdesk"],
    triggers: [
      { categories: ["iban", "payment-card"], priority: "now" },
      { categories: ["id-document-copy"], priority: "soon" },
      { categories: ["financial-history", "income"], priority: "watch" },
    ],
  },
  {
    id: "block-card",
    title: { nl: "Laat uw betaalpas of creditcard blokkeren", en: "Have your debit or credit card blocked" },
    why: {
      nl: "Met uw kaartgegevens kan iemand online betalen. Een nieuwe kaart heeft nieuwe gegevens.",
      en: "With your card details, someone can pay online. A new card has new details.",
    },
    how: [
      {
        nl: "Bel uw bank of de creditcardmaatschappij. Gebruik het nummer op de achterkant van uw kaart.",
        en: "Call your bank or card company. Use the number on the back of your card.",
      },
      {
        nl: "Vraag om blokkering en een nieuwe kaart.",
        en: "Ask for the card to be blocked and for a new one.",
      },
      {
        nl: "Kijk op uw afschriften of er al betalingen zijn die u niet deed. Meld die bij uw bank.",
        en: "Check your statements for payments you did not make. Report them to your bank.",
      },
    ],
    help: ["bank"],
    triggers: [{ categories: ["payment-card"], priority: "now" }],
  },
  {
    id: "report-id-document",
    title: {
      nl: "Vraag een nieuw identiteitsbewijs aan bij uw gemeente",
      en: "Apply for a new identity document at your municipality",
    },
    why: {
      nl: "Met een kopie van uw identiteitsbewijs kan iemand zich voordoen als u. Vraag daarom voor de zekerheid een nieuw document aan. Dat raadt het meldpunt voor identiteitsfraude aan. Uw oude document is daarna niet meer geldig.",
      en: "With a copy of your identity document, someone can pretend to be you. So apply for a new document to be safe. The reporting point for identity fraud advises this. Your old document is then no longer valid.",
    },
    how: [
      {
        nl: "Maak een afspraak bij uw gemeente. Zeg dat uw identiteitsbewijs in een datalek zat.",
        en: "Make an appointment with your municipality. Say that your identity document was in a data breach.",
      },
      {
        nl: "Neem de brief of e-mail over het datalek mee. Dan ziet de gemeente welk document het is.",
        en: "Bring the letter or email about the breach with you. Then the municipality can see which document it is.",
      },
      {
        nl: "Vraag een nieuw paspoort, een nieuwe ID-kaart of een nieuw rijbewijs aan.",
        en: "Apply for a new passport, ID card or driving licence.",
      },
      {
        nl: "De gemeente vraagt het gewone bedrag voor een nieuw document. Vraag de organisatie van het lek of zij die kosten betaalt.",
        en: "The municipality charges its normal fee for a new document. Ask the organisation that had the leak whether it will pay that.",
      },
    ],
    help: ["gemeente", "cmi"],
    triggers: [{ categories: ["id-document-copy"], priority: "now" }],
  },
  {
    id: "bsn-no-new-number",
    title: {
      nl: "Uw BSN gelekt? U krijgt geen nieuw nummer",
      en: "Was your BSN leaked? You will not get a new number",
    },
    why: {
      nl: "Met alleen uw BSN kan iemand weinig. Daarom verandert de overheid het nummer niet. Let wel op misbruik.",
      en: "With only your BSN, someone can do little. That is why the government does not change the number. Do watch for misuse.",
    },
    how: [
      {
        nl: "U hoeft geen nieuw BSN aan te vragen. Dat kan ook niet.",
        en: "You do not need to apply for a new BSN. That is not possible either.",
      },
      {
        nl: "Geef uw BSN alleen als het echt moet, bijvoorbeeld aan de overheid, uw werkgever of uw zorgverzekeraar.",
        en: "Only give your BSN when you really must, for example to the government, your employer or your health insurer.",
      },
      {
        nl: "Merkt u misbruik, zoals post over iets wat u niet aanvroeg? Meld het bij het Centraal Meldpunt Identiteitsfraude.",
        en: "Do you notice misuse, such as letters about something you did not apply for? Report it to the Central Reporting Point for Identity Fraud (CMI).",
      },
    ],
    help: ["cmi"],
    triggers: [{ categories: ["bsn"], priority: "soon" }],
  },
  {
    id: "report-identity-fraud",
    title: {
      nl: "Misbruik van uw gegevens? Meld het bij het Centraal Meldpunt Identiteitsfraude",
      en: "Misuse of your data? Report it to the Central Reporting Point for Identity Fraud",
    },
    why: {
      nl: "Het meldpunt helpt u gratis als iemand uw identiteit gebruikt. Het meldpunt vertelt wat u kunt doen. Als het nodig is, neemt het contact op met andere organisaties. Bijvoorbeeld met de politie of de Belastingdienst.",
      en: "The reporting point helps you for free when someone uses your identity. It tells you what you can do. When needed, it contacts other organisations, such as the police or the Tax Administration.",
    },
    how: [
      {
        nl: "Schrijf op wat er gebeurde, met datums. Bewaar brieven, e-mails en schermafbeeldingen.",
        en: "Write down what happened, with dates. Keep letters, emails and screenshots.",
      },
      {
        nl: "Meld het met het formulier op de website van het meldpunt. U krijgt binnen 2 werkdagen antwoord per e-mail.",
        en: "Report it with the form on the reporting point's website. You get an answer by email within 2 working days.",
      },
      {
        nl: "Heeft u eerst een vraag? Bel dan het meldpunt. U betaalt het lokale tarief.",
        en: "Do you have a question first? Then call the reporting point. Calls cost the local rate.",
      },
      {
        nl: "Doe ook aangifte bij de politie. Maak daarvoor een afspraak via 0900-8844. Het meldpunt kan u daarbij helpen.",
        en: "Also report it to the police. Make an appointment for that on 0900-8844. The reporting point can help you with that.",
      },
    ],
    help: ["cmi", "politie"],
    triggers: [
      {
        categories: [
          "bsn",
          "id-document-number",
          "id-document-copy",
          "date-of-birth",
          "biometric",
          "security-answers",
          "photo",
        ],
        priority: "watch",
      },
    ],
  },
  {
    id: "report-crime-police",
    title: { nl: "Doe aangifte bij de politie", en: "Report the crime to the police" },
    why: {
      nl: "Misbruik van uw gegevens is strafbaar. Met een aangifte kunt u bij uw bank of een bedrijf laten zien dat u slachtoffer bent.",
      en: "Misuse of your data is a crime. With a police report you can show your bank or a company that you are a victim.",
    },
    how: [
      {
        nl: "Doe aangifte als iemand uw gegevens misbruikt, u bedreigt of u geld wil laten betalen.",
        en: "Report it if someone misuses your data, threatens you or tries to make you pay.",
      },
      {
        nl: "Wordt u afgeperst? Betaal niet en reageer niet. Bewaar alle berichten.",
        en: "Are you being blackmailed? Do not pay and do not reply. Keep all messages.",
      },
      {
        nl: "Online aangifte doen kan alleen bij sommige misdrijven, zoals oplichting via internet. Voor identiteitsfraude maakt u meestal een afspraak.",
        en: "You can report only some crimes online, such as online fraud. For identity fraud you usually make an appointment.",
      },
      {
        nl: "Bel 0900-8844 voor een afspraak of voor hulp bij het kiezen. Bij direct gevaar belt u 112.",
        en: "Call 0900-8844 for an appointment or for help choosing how to report. If you are in immediate danger, call 112.",
      },
      {
        nl: "Vraag om een kopie van uw aangifte. Die heeft u vaak nodig.",
        en: "Ask for a copy of your report. You often need it.",
      },
    ],
    help: ["politie"],
    triggers: [
      {
        categories: [
          "address",
          "bsn",
          "id-document-number",
          "id-document-copy",
          "iban",
          "payment-card",
          "communication-content",
          "photo",
          "location",
          ...SPECIAL_AND_CRIMINAL,
        ],
        priority: "watch",
      },
      { flags: ["shielded-address", "at-risk-profession", "public-figure"], priority: "watch" },
      { flags: ["endangered"], priority: "soon" },
    ],
  },
  {
    id: "ask-fraudehelpdesk",
    title: { nl: "Vraag de Fraudehelpdesk om advies", en: "Ask the Fraud Helpdesk for advice" },
    why: {
      nl: "Twijfelt u over een bericht of bent u opgelicht? De Fraudehelpdesk zegt wat u kunt doen.",
      en: "Unsure about a message or have you been scammed? The Fraud Helpdesk tells you what to do.",
    },
    how: [
      {
        nl: "Bel de Fraudehelpdesk of meld het op hun website.",
        en: "Call the Fraud Helpdesk or report it on its website.",
      },
      {
        nl: "Bent u geld kwijt? Bel eerst uw bank om uw rekening te laten blokkeren.",
        en: "Have you lost money? First call your bank to have your account blocked.",
      },
    ],
    help: ["fraudehelpdesk", "bank"],
    triggers: [
      {
        categories: ["iban", "payment-card", "financial-history", "id-document-number", "id-document-copy"],
        priority: "watch",
      },
    ],
  },
  {
    id: "get-victim-support",
    title: { nl: "Vraag om steun als u zich zorgen maakt", en: "Ask for support if you are worried" },
    why: {
      nl: "Een datalek kan veel onrust geven. Dat is normaal. Slachtofferhulp Nederland helpt u gratis.",
      en: "A data breach can be very upsetting. That is normal. Victim Support Netherlands helps you for free.",
    },
    how: [
      {
        nl: "Praat erover met iemand die u vertrouwt.",
        en: "Talk about it with someone you trust.",
      },
      {
        nl: "Bel Slachtofferhulp Nederland op 0900-0101. Zij helpen met uw gevoelens, praktische vragen en juridische vragen.",
        en: "Call Victim Support Netherlands on 0900-0101. They help with your feelings, practical questions and legal questions.",
      },
    ],
    help: ["slachtofferhulp"],
    triggers: [
      {
        categories: [...SPECIAL_AND_CRIMINAL, "communication-content", "photo", "location"],
        priority: "watch",
      },
      { flags: ["shielded-address", "at-risk-profession"], priority: "soon" },
      { flags: ["endangered"], priority: "soon" },
    ],
  },
  {
    id: "legal-advice-compensation",
    title: {
      nl: "Vraag om schadevergoeding en juridisch advies",
      en: "Ask for compensation and legal advice",
    },
    why: {
      nl: "Heeft u schade door het lek? Dan kunt u de organisatie om een vergoeding vragen. Voor zorgen en stress kan dat ook. Maar dan moet u laten zien welke schade u had. Rechters gaven daarvoor tot nu toe weinig of niets.",
      en: "Has the breach caused you harm? Then you can ask the organisation for compensation. You can also ask for it for worry and stress, but you must then show what harm you suffered. So far, Dutch courts have awarded small amounts for this, or nothing.",
    },
    how: [
      {
        nl: "Schrijf op welke schade u heeft, zoals kosten, tijd of zorgen. Bewaar bonnetjes en berichten.",
        en: "Write down what harm you suffered, such as costs, time or worry. Keep receipts and messages.",
      },
      {
        nl: "Vraag de organisatie schriftelijk om een vergoeding.",
        en: "Ask the organisation for compensation in writing.",
      },
      {
        nl: "Op de website van het Juridisch Loket leest u wat uw rechten zijn. Heeft u een laag inkomen en weinig spaargeld? Dan krijgt u daar ook gratis persoonlijk advies.",
        en: "The Legal Services Counter (Juridisch Loket) explains your rights on its website. If you have a low income and little savings, you can also get free personal advice there.",
      },
      {
        nl: "Bij een massaclaim doet u in Nederland vaak vanzelf mee. U hoeft zich daarvoor dan niet aan te melden.",
        en: "In the Netherlands you are often included in a mass claim automatically. You then do not have to sign up for it.",
      },
      {
        nl: "Vraagt een claimorganisatie of u zich aanmeldt? Dan houdt zij meestal 10 tot 25 procent van uw vergoeding. U betaalt alleen als er een vergoeding komt. Lees eerst de voorwaarden. Betaal nooit vooraf aan iemand die u belt of mailt.",
        en: "Does a claims organisation ask you to sign up? It usually keeps 10 to 25 percent of any compensation. You only pay if there is compensation ('no cure, no pay'). Read the conditions first. Never pay in advance to someone who calls or emails you.",
      },
      {
        nl: "Gaat de organisatie slecht met het lek om? Klaag eerst bij de organisatie zelf. Komt u er samen niet uit? Dan kunt u klagen bij de Autoriteit Persoonsgegevens. Die geeft geen schadevergoeding.",
        en: "Is the organisation handling the breach badly? Complain to the organisation first. If you cannot solve it together, complain to the Dutch Data Protection Authority. It does not award compensation.",
      },
    ],
    help: ["juridisch-loket", "autoriteit-persoonsgegevens"],
    triggers: [{ categories: [...CATEGORY_IDS], priority: "watch" }],
  },
  {
    id: "personal-safety",
    title: {
      nl: "Bescherm uw veiligheid als uw adres geheim moet blijven",
      en: "Protect your safety if your address must stay secret",
    },
    why: {
      nl: "Door uw beroep of uw situatie kan het gevaarlijk zijn als iemand weet waar u woont.",
      en: "Because of your job or situation, it can be dangerous if someone knows where you live.",
    },
    how: [
      {
        nl: "Vertel uw werkgever of hulpverlener dat uw gegevens gelekt zijn. Zij kunnen met u meedenken.",
        en: "Tell your employer or support worker that your data was leaked. They can help you make a plan.",
      },
      {
        nl: "Let op mensen of auto's die u niet kent bij uw huis. Let ook op vreemde pakketjes of post.",
        en: "Watch for people or cars you do not know near your home. Also watch for strange parcels or post.",
      },
      {
        nl: "Zet uw adres en foto's niet op sociale media. Vraag familie dat ook niet te doen.",
        en: "Do not put your address or photos on social media. Ask your family not to either.",
      },
      {
        nl: "Verbergt u zich voor iemand, bijvoorbeeld na huiselijk geweld? Bel Veilig Thuis op 0800-2000. Dat is gratis, dag en nacht.",
        en: "Are you hiding from someone, for example after domestic violence? Call Veilig Thuis on 0800-2000. It is free, day and night.",
      },
      {
        nl: "Voelt u zich bedreigd? Bel de politie. Bij direct gevaar belt u 112.",
        en: "Do you feel threatened? Call the police. In immediate danger, call 112.",
      },
    ],
    help: ["politie", "veilig-thuis", "slachtofferhulp"],
    triggers: [
      {
        flags: ["shielded-address", "at-risk-profession", "public-figure"],
        withCategories: ["name", ...WHEREABOUTS],
        priority: "now",
      },
      { flags: ["shielded-address", "at-risk-profession"], priority: "soon" },
      { flags: ["public-figure"], priority: "watch" },
      { flags: ["endangered"], priority: "now" },
    ],
  },
  {
    id: "advice-parents",
    title: { nl: "Voor ouders en voogden van kinderen", en: "For parents and guardians of children" },
    why: {
      nl: "Kinderen herkennen nepberichten minder snel. Criminelen kunnen hun gegevens jaren later nog misbruiken.",
      en: "Children spot fake messages less easily. Criminals can misuse their data years later.",
    },
    how: [
      {
        nl: "Praat met uw kind over wat er gebeurd is. Leg uit hoe een nepbericht eruitziet.",
        en: "Talk with your child about what happened. Explain what a fake message looks like.",
      },
      {
        nl: "Spreek af dat uw kind nooit codes of foto's deelt. Ook niet met iemand die aardig lijkt.",
        en: "Agree that your child never shares codes or photos. Not even with someone who seems nice.",
      },
      {
        nl: "Verander samen de wachtwoorden van accounts van uw kind.",
        en: "Change the passwords of your child's accounts together.",
      },
    ],
    help: ["fraudehelpdesk", "slachtofferhulp"],
    triggers: [{ flags: ["minor"], priority: "now" }],
  },
  {
    id: "advice-seniors",
    title: { nl: "Extra tips voor ouderen", en: "Extra tips for older people" },
    why: {
      nl: "Criminelen bellen ouderen vaak op. Ze doen zich voor als de bank, de politie of een kleinkind.",
      en: "Criminals often call older people. They pretend to be the bank, the police or a grandchild.",
    },
    how: [
      {
        nl: "De bank of politie komt nooit uw pas ophalen. Geef uw pas aan niemand.",
        en: "The bank or police never come to collect your card. Never hand your card to anyone.",
      },
      {
        nl: "Hang op als u twijfelt. Bel daarna iemand die u vertrouwt.",
        en: "Hang up if you are in doubt. Then call someone you trust.",
      },
      {
        nl: "Vraag een familielid, buur of vrijwilliger om samen met u naar uw post en bankzaken te kijken.",
        en: "Ask a relative, neighbour or volunteer to look through your post and banking with you.",
      },
    ],
    help: ["fraudehelpdesk", "slachtofferhulp"],
    triggers: [{ flags: ["senior"], priority: "soon" }],
  },
  {
    id: "advice-representatives",
    title: {
      nl: "Voor curatoren, bewindvoerders en mentoren",
      en: "For guardians, financial administrators and mentors",
    },
    why: {
      nl: "U regelt zaken voor iemand anders. U kunt de risico's voor die persoon kleiner maken.",
      en: "You handle matters for someone else. You can make the risks smaller for that person.",
    },
    how: [
      {
        nl: "Doe de stappen in dit plan voor de persoon voor wie u zaken regelt.",
        en: "Take the steps in this plan on behalf of the person you represent.",
      },
      {
        nl: "Vertel het de persoon zelf op een manier die past. Zeg wat u voor hem of haar doet.",
        en: "Tell the person in a way that suits them. Say what you are doing for them.",
      },
      {
        nl: "Let extra op post, rekeningen en telefoontjes die bij de persoon binnenkomen.",
        en: "Pay extra attention to post, bills and calls that reach the person.",
      },
    ],
    help: ["juridisch-loket", "fraudehelpdesk"],
    triggers: [{ flags: ["represented"], priority: "now" }],
  },
  {
    id: "advice-next-of-kin",
    title: { nl: "Voor nabestaanden", en: "For next of kin" },
    why: {
      nl: "Criminelen kunnen ook de gegevens van iemand die overleden is misbruiken. Bijvoorbeeld voor een lening of abonnement.",
      en: "The data of someone who has died can also be misused. For example for a loan or a contract.",
    },
    how: [
      {
        nl: "Zeg abonnementen en accounts van de overledene op als dat nog niet gebeurd is.",
        en: "Cancel the deceased person's contracts and accounts if that has not happened yet.",
      },
      {
        nl: "Let op post en rekeningen op naam van de overledene.",
        en: "Watch for post and bills in the deceased person's name.",
      },
      {
        nl: "Ziet u misbruik? Meld het bij het Centraal Meldpunt Identiteitsfraude.",
        en: "Do you see misuse? Report it to the Central Reporting Point for Identity Fraud (CMI).",
      },
    ],
    help: ["cmi", "slachtofferhulp"],
    triggers: [{ flags: ["deceased"], priority: "now" }],
  },
  {
    id: "ask-trusted-helper",
    title: { nl: "Vraag iemand om u te helpen", en: "Ask someone to help you" },
    why: {
      nl: "U hoeft dit niet alleen te doen. Iemand die u vertrouwt kan samen met u de stappen doen.",
      en: "You do not have to do this alone. Someone you trust can take the steps together with you.",
    },
    how: [
      {
        nl: "Vraag een familielid, buur of vrijwilliger om u te helpen.",
        en: "Ask a relative, neighbour or volunteer to help you.",
      },
      {
        nl: "Bel de organisatie van het lek. Vraag of zij het per brief of telefoon kunnen uitleggen.",
        en: "Call the organisation that had the leak. Ask them to explain it by letter or by phone.",
      },
    ],
    help: ["slachtofferhulp"],
    triggers: [{ flags: ["low-literacy", "no-digital-access"], priority: "soon" }],
  },
  {
    id: "id-number-no-new-document",
    title: {
      nl: "Het nummer van uw identiteitsbewijs gelekt? Let op misbruik",
      en: "Was the number of your identity document leaked? Watch for misuse",
    },
    why: {
      nl: "Met alleen het nummer is misbruik moeilijker dan met een kopie. Maar het kan wel. Iemand kan er soms een rekening of een telefoonabonnement mee afsluiten op uw naam.",
      en: "With only the number, misuse is harder than with a copy. But it is possible. Someone can sometimes use it to open an account or take out a phone contract in your name.",
    },
    how: [
      {
        nl: "U hoeft geen nieuw document aan te vragen. Maakt u zich zorgen over uw paspoort of ID-kaart? Maak dan een afspraak bij uw gemeente.",
        en: "You do not have to apply for a new document. Are you worried about your passport or ID card? Then make an appointment with your municipality.",
      },
      {
        nl: "De gemeente zet het nummer dan op een lijst. Dat maakt misbruik moeilijker. U levert het oude document in. Een nieuw document kost het gewone bedrag.",
        en: "The municipality then puts the number on a list, which makes misuse harder. You hand in the old document. A new one costs the normal fee.",
      },
      {
        nl: "Lekte er ook een kopie of foto van het document? Vraag dan zeker een nieuw document aan.",
        en: "Did a copy or photo of the document leak too? Then do apply for a new document.",
      },
      {
        nl: "Krijgt u post over een lening, abonnement of aankoop die u niet deed? Meld het bij het Centraal Meldpunt Identiteitsfraude.",
        en: "Do you get letters about a loan, contract or purchase you did not make? Report it to the Central Reporting Point for Identity Fraud (CMI).",
      },
    ],
    help: ["gemeente", "cmi"],
    triggers: [{ categories: ["id-document-number"], priority: "soon" }],
  },
  {
    id: "protect-id-copies",
    title: {
      nl: "Bescherm elke nieuwe kopie van uw identiteitsbewijs",
      en: "Protect every new copy of your identity document",
    },
    why: {
      nl: "Hoe minder volledige kopieën er zijn, hoe kleiner de kans op misbruik.",
      en: "The fewer complete copies exist, the smaller the chance of misuse.",
    },
    how: [
      {
        nl: "Geef alleen een kopie als het echt moet. Vraag waarom de organisatie die nodig heeft.",
        en: "Only give a copy when you really must. Ask why the organisation needs it.",
      },
      {
        nl: "Maak de kopie met de gratis app KopieID van de overheid. Daarmee streept u uw BSN en pasfoto door. En u zet erop voor wie de kopie is.",
        en: "Make the copy with the government's free KopieID app. With it you strike out your BSN and photo, and you add who the copy is for.",
      },
      {
        nl: "Maakt u een kopie op papier? Streep dan uw BSN door. Het BSN staat soms ook in de strook met letters en cijfers onderaan. Streep het daar ook door. Schrijf erop voor wie de kopie is, met de datum.",
        en: "Making a paper copy? Then strike out your BSN. It is sometimes also in the strip of letters and numbers at the bottom. Strike it out there too. Write on it who the copy is for, with the date.",
      },
      {
        nl: "Vraagt uw werkgever, bank of notaris om een kopie? Die hebben soms alle gegevens nodig. Streep dan niets door. Zet er alleen op voor wie de kopie is en de datum. Ook dat kan met KopieID.",
        en: "Does your employer, bank or notary ask for a copy? They sometimes need all the details. Then strike out nothing. Only add who the copy is for and the date. KopieID can do that too.",
      },
    ],
    help: ["cmi"],
    triggers: [{ categories: ["id-document-copy", "id-document-number", "bsn"], priority: "watch" }],
  },
  {
    id: "check-credit-registration",
    title: {
      nl: "Kijk gratis of er leningen op uw naam staan",
      en: "Check for free whether there are loans in your name",
    },
    why: {
      nl: "Met uw gegevens kan iemand een lening of een telefoon op afbetaling op uw naam afsluiten. Stichting BKR ziet welke leningen op uw naam staan.",
      en: "With your data, someone can take out a loan or buy a phone on credit in your name. BKR knows which loans are in your name.",
    },
    how: [
      {
        nl: "Vraag op de website van BKR gratis uw overzicht op. Dat kan ook later nog een keer.",
        en: "Ask for your free overview on the BKR website. You can do this again later.",
      },
      {
        nl: "BKR ziet alleen leningen van meer dan 250 euro die langer dan een maand lopen. Kleine aankopen met achteraf betalen staan er niet in. Let daarom ook op post en rekeningen.",
        en: "BKR only shows loans of more than 250 euros that run for longer than a month. Small pay-later purchases are not in it. So also watch your post and bills.",
      },
      {
        nl: "Staat er een lening op die u niet kent? Bel de organisatie van die lening. Meld het ook bij het Centraal Meldpunt Identiteitsfraude.",
        en: "Is there a loan you do not know? Call the lender. Also report it to the Central Reporting Point for Identity Fraud (CMI).",
      },
      {
        nl: "Betaal nooit voor zo'n overzicht. Andere websites vragen daar soms geld voor.",
        en: "Never pay for such an overview. Other websites sometimes charge for it.",
      },
    ],
    help: ["bkr", "cmi"],
    triggers: [
      { categories: ["id-document-copy", "id-document-number", "bsn"], priority: "watch" },
      // Name, date of birth and address are what a lender or web shop checks (and what BKR records).
      { categories: ["date-of-birth"], withCategories: ["address"], priority: "watch" },
    ],
  },
  {
    id: "unjustified-debt-collection",
    title: {
      nl: "Krijgt u een rekening of aanmaning voor iets wat u niet kocht? Betaal niet zomaar",
      en: "Do you get a bill or reminder for something you did not buy? Do not just pay",
    },
    why: {
      nl: "Criminelen bestellen soms iets op naam van een ander. Daarna komt het incassobureau bij u. U hoeft niet te betalen voor iets wat u niet kocht.",
      en: "Criminals sometimes order things in someone else's name. The debt collector then comes to you. You do not have to pay for something you did not buy.",
    },
    how: [
      {
        nl: "Schrijf het bedrijf en het incassobureau dat u dit niet kocht. Vraag om bewijs, zoals de bestelling of het contract.",
        en: "Write to the company and the debt collector that you did not buy this. Ask for proof, such as the order or the contract.",
      },
      {
        nl: "Zeg erbij dat uw gegevens in een datalek zaten en dat u aangifte doet.",
        en: "Add that your data was in a data breach and that you are reporting it to the police.",
      },
      {
        nl: "Twijfelt u of een incassobureau echt is? Bel dan zelf het bedrijf waarvoor het zegt te werken.",
        en: "Not sure whether a debt collector is real? Call the company it says it works for yourself.",
      },
    ],
    help: ["cmi", "juridisch-loket"],
    triggers: [
      { categories: ["id-document-copy", "id-document-number", "bsn", "iban"], priority: "watch" },
      // Ordering in someone else's name needs a delivery address and, for paying later, a date of birth.
      { categories: ["date-of-birth"], withCategories: ["address"], priority: "watch" },
    ],
  },
  {
    id: "bank-helpdesk-fraud",
    title: {
      nl: "Let op nepbellers van de bank",
      en: "Watch out for fake calls from your bank",
    },
    why: {
      nl: "Na een datalek bellen criminelen vaak. Ze zeggen dat ze van uw bank zijn. Het nummer op uw scherm kan nep zijn.",
      en: "After a data breach, criminals often call people. They say they are from your bank. The number on your screen can be fake.",
    },
    how: [
      {
        nl: "Een bank vraagt u nooit om geld over te maken naar een 'veilige rekening'.",
        en: "A bank never asks you to move money to a 'safe account'.",
      },
      {
        nl: "Een bank vraagt u nooit om een app te installeren waarmee iemand meekijkt. Zo'n app geeft een ander toegang tot uw telefoon of computer.",
        en: "A bank never asks you to install an app that lets someone see or control your phone or computer.",
      },
      {
        nl: "Een bank stuurt nooit een koerier om uw pas op te halen. Geef uw pas aan niemand.",
        en: "A bank never sends a courier to collect your card. Never hand your card to anyone.",
      },
      {
        nl: "Twijfelt u? Hang op. Bel zelf uw bank op het nummer op uw bankpas.",
        en: "In doubt? Hang up. Call your bank yourself on the number on your bank card.",
      },
    ],
    help: ["bank", "fraudehelpdesk"],
    triggers: [{ categories: [...CATEGORY_IDS], priority: "soon" }],
  },
  {
    id: "sim-swap",
    title: {
      nl: "Heeft uw telefoon opeens geen bereik? Bel meteen uw provider",
      en: "Does your phone suddenly have no signal? Call your provider at once",
    },
    why: {
      nl: "Met gelekte gegevens kan een crimineel zich bij uw provider voordoen als u. Dan laat hij uw nummer overzetten naar een eigen simkaart. Hij krijgt dan uw sms-codes en kan bij uw accounts.",
      en: "With leaked data, a criminal can pretend to be you to your provider. They then have your number moved to their own SIM card. They get your text-message codes and can get into your accounts.",
    },
    how: [
      {
        nl: "Heeft uw telefoon opeens geen bereik, terwijl anderen dat wel hebben? Bel meteen uw provider. Gebruik een andere telefoon.",
        en: "Does your phone suddenly have no signal while other people's phones do? Call your provider at once, from another phone.",
      },
      {
        nl: "Bel daarna ook uw bank. Dan kan de bank letten op betalingen die u niet zelf doet.",
        en: "Then call your bank too, so it can watch for payments you did not make.",
      },
      {
        nl: "Gebruik voor inloggen liever een app dan een code per sms.",
        en: "For logging in, use an app rather than a code by text message.",
      },
      {
        nl: "Vraag uw provider of u een extra wachtwoord of pincode kunt instellen. Niet elke provider heeft dat. Met zo'n code kan niet iedereen zomaar uw nummer overzetten.",
        en: "Ask your provider whether you can set an extra password or PIN. Not every provider offers one. With it, not just anyone can move your number.",
      },
    ],
    help: ["bank"],
    triggers: [
      { categories: ["phone"], withCategories: [...IDENTITY_CHECK_DATA], priority: "now" },
      { categories: ["phone"], priority: "watch" },
    ],
  },
  {
    id: "recognise-genuine-message",
    title: {
      nl: "Zo herkent u een echt bericht over dit datalek",
      en: "How to recognise a genuine message about this breach",
    },
    why: {
      nl: "Na een datalek sturen criminelen nepberichten die op het echte bericht lijken. Bijvoorbeeld over een schadevergoeding of een claim.",
      en: "After a data breach, criminals send fake messages that look like the real one. For example about compensation or a claim.",
    },
    how: [
      {
        nl: "Kijk naar de afzender. Het adres na het @-teken moet het webadres van de organisatie zijn. Maar ook dat kan nagemaakt zijn.",
        en: "Look at the sender. The part after the @ sign must be the organisation's web address. But that too can be faked.",
      },
      {
        nl: "Staat er een controlecode in het bericht? Typ zelf het webadres van de organisatie in en vul de code daar in. Klik niet op een link.",
        en: "Is there a verification code in the message? Type the organisation's web address yourself and enter the code there. Do not click a link.",
      },
      {
        nl: "Vraagt een bericht om geld, een wachtwoord of uw pincode? Dan is het nep. Ook als het gaat over een vergoeding die u zou krijgen.",
        en: "Does a message ask for money, a password or your PIN? Then it is fake. Even if it is about compensation you would get.",
      },
    ],
    help: ["fraudehelpdesk"],
    triggers: [{ categories: [...CATEGORY_IDS], priority: "soon" }],
  },
  {
    id: "leaked-images-help",
    title: {
      nl: "Foto's of berichten van u gelekt? U kunt hulp krijgen",
      en: "Were your photos or messages leaked? You can get help",
    },
    why: {
      nl: "Iemand kan dreigen om foto's of berichten te verspreiden als u niet betaalt. Dat heet afpersing en is strafbaar. Het is niet uw schuld.",
      en: "Someone may threaten to spread photos or messages unless you pay. That is blackmail and a crime. It is not your fault.",
    },
    how: [
      {
        nl: "Betaal niet en stuur niets. Blokkeer de afzender. Bewaar de berichten en maak schermafbeeldingen.",
        en: "Do not pay and do not send anything. Block the sender. Keep the messages and take screenshots.",
      },
      {
        nl: "Helpwanted helpt u gratis en anoniem. Ook om beelden van internet te laten halen.",
        en: "Helpwanted helps you for free and anonymously, including getting images taken off the internet.",
      },
      {
        nl: "Doe aangifte bij de politie.",
        en: "Report it to the police.",
      },
    ],
    help: ["helpwanted", "politie"],
    triggers: [{ categories: ["photo", "communication-content", "sexual-orientation"], priority: "soon" }],
  },
  {
    id: "refuse-blackmail",
    title: {
      nl: "Dreigt iemand uw gegevens bekend te maken? Betaal niet en doe aangifte",
      en: "Is someone threatening to make your data public? Do not pay, and report it",
    },
    why: {
      nl: "Criminelen kunnen dreigen om gevoelige gegevens te verspreiden, zoals gegevens over uw gezondheid. Ze vragen dan geld. Dat heet afpersing en is strafbaar. Het is niet uw schuld.",
      en: "Criminals may threaten to spread sensitive data, such as details about your health, unless you pay. That is blackmail and a crime. It is not your fault.",
    },
    how: [
      {
        nl: "Betaal niet. Na betalen stopt het dreigen lang niet altijd. Vaak vragen ze daarna nog meer.",
        en: "Do not pay. Paying often does not stop the threats. They often ask for more afterwards.",
      },
      {
        nl: "Reageer niet en klik niet op links. Bewaar alle berichten en maak schermafbeeldingen.",
        en: "Do not reply and do not click links. Keep all messages and take screenshots.",
      },
      {
        nl: "Doe aangifte bij de politie. Bel 0900-8844 voor een afspraak. Bij direct gevaar belt u 112.",
        en: "Report it to the police. Call 0900-8844 for an appointment. If you are in immediate danger, call 112.",
      },
      {
        nl: "Vertel het ook de organisatie van het lek. Dan kan zij andere mensen waarschuwen.",
        en: "Also tell the organisation that had the leak, so it can warn other people.",
      },
      {
        nl: "Praat erover met iemand die u vertrouwt. Slachtofferhulp Nederland helpt u gratis.",
        en: "Talk about it with someone you trust. Victim Support Netherlands helps you for free.",
      },
    ],
    help: ["politie", "slachtofferhulp"],
    // Sensitive data that carries the extortion risk beyond photos and messages (those have leaked-images-help).
    triggers: [{ categories: ["health", "political", "sexual-orientation", "criminal"], priority: "soon" }],
  },
  // For people whom the breach puts in physical danger this step leads the plan (see plan.ts).
  {
    id: "safety-first",
    title: {
      nl: "Voelt u zich niet veilig? Doe dit eerst",
      en: "Do you feel unsafe? Do this first",
    },
    why: {
      nl: "Door het lek kunnen anderen weten wie u bent, waar u woont of wat u doet. Voor u kan dat gevaarlijk zijn.",
      en: "Because of the breach, others may know who you are, where you live or what you do. For you that can be dangerous.",
    },
    how: [
      {
        nl: "Bent u in direct gevaar? Bel 112.",
        en: "Are you in immediate danger? Call 112.",
      },
      {
        nl: "Voelt u zich bedreigd of gevolgd? Bel de politie op 0900-8844. Zeg dat uw gegevens gelekt zijn.",
        en: "Do you feel threatened or followed? Call the police on 0900-8844. Say that your data was leaked.",
      },
      {
        nl: "Bel de contactpersoon voor veiligheid van de organisatie met het lek. Het nummer staat in het bericht over het lek. Samen maakt u een plan.",
        en: "Call the safety contact of the organisation that had the breach. The number is in the message about the breach. Together you make a plan.",
      },
      {
        nl: "Werkt u bij de politie, justitie, een gevangenis of defensie? Vertel het ook aan uw eigen werkgever.",
        en: "Do you work for the police, the justice system, a prison or defence? Also tell your own employer.",
      },
      {
        nl: "Bent u bang voor iemand die u kent, zoals een (ex-)partner? Bel Veilig Thuis op 0800-2000. Dat is gratis, dag en nacht.",
        en: "Are you afraid of someone you know, such as a (former) partner? Call Veilig Thuis on 0800-2000. It is free, day and night.",
      },
      {
        nl: "Weet u niet zeker of uw e-mail of telefoon veilig is? Vraag de organisatie om u op een andere, veilige manier te bereiken.",
        en: "Not sure your e-mail or phone is safe? Ask the organisation to reach you another, safe way.",
      },
    ],
    help: ["politie", "veilig-thuis", "slachtofferhulp"],
    triggers: [{ flags: ["endangered"], priority: "now" }],
  },
];
