// Measures a person can take (framework elements K6, K10, K11, K12). Triggers say which leaked categories or
// victim flags justify a step and how urgent it is; nothing else puts a step in a personal plan.
import { CATEGORIES } from "./categories.ts";
import { CATEGORY_IDS } from "./ids.ts";
import type { Step } from "./schema.ts";

/** GDPR art. 9 and art. 10 categories, as the category data marks them. */
const SPECIAL_AND_CRIMINAL = CATEGORIES.filter((c) => c.special || c.criminal).map((c) => c.id);

const CREDENTIALS = ["password", "password-hash", "security-answers", "auth-token"] as const;

/** Categories that tell someone where a person lives or can be found. */
const WHEREABOUTS = ["address", "location", "traffic-data", "photo", "family", "phone"] as const;

export const STEPS: readonly Step[] = [
  {
    id: "check-what-leaked",
    title: { nl: "Kijk welke gegevens van u zijn gelekt", en: "Find out which of your data leaked" },
    why: {
      nl: "Als u weet wat er gelekt is, weet u ook waar u op moet letten.",
      en: "When you know what leaked, you know what to watch out for.",
    },
    how: [
      {
        nl: "Lees in dit bericht welke gegevens van u gelekt zijn.",
        en: "Read in this message which of your data leaked.",
      },
      {
        nl: "Twijfelt u? Bel of mail de organisatie. Gebruik het nummer of adres op hun eigen website.",
        en: "Not sure? Call or email the organisation. Use the number or address on their own website.",
      },
      {
        nl: "Kijk op de website 'Check je hack' van de politie of uw e-mailadres in gestolen gegevens staat.",
        en: "Use the police website 'Check je hack' to see whether your email address is in stolen data.",
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
        nl: "Krijgt u een code die u niet zelf vroeg? Geef die aan niemand. Verander dan uw wachtwoord.",
        en: "Do you get a code you did not ask for? Never give it to anyone. Then change your password.",
      },
    ],
    help: [],
    triggers: [
      { categories: [...CREDENTIALS], priority: "soon" },
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
        nl: "Wees extra alert op e-mail, sms, WhatsApp en telefoontjes. Ook als ze uw naam of klantnummer noemen.",
        en: "Be extra careful with emails, texts, WhatsApp messages and calls. Even when they use your name or customer number.",
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
      nl: "Met uw rekeningnummer kan iemand een valse incasso doen. Een incasso die u niet zelf afsprak, kunt u 8 weken lang terugdraaien.",
      en: "With your account number, someone can set up a false direct debit. You can reverse a direct debit you did not agree to for 8 weeks.",
    },
    how: [
      {
        nl: "Kijk de komende maanden elke week naar uw afschrijvingen.",
        en: "Check the payments leaving your account every week for the coming months.",
      },
      {
        nl: "Ziet u een incasso die u niet kent? Draai die terug in uw bankapp of via uw bank. Dat kan tot 8 weken na de afschrijving.",
        en: "Do you see a direct debit you do not know? Reverse it in your banking app or through your bank. You can do this up to 8 weeks after the payment.",
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
      nl: "Meld uw identiteitsbewijs bij de gemeente en vraag een nieuw aan",
      en: "Report your identity document to the municipality and apply for a new one",
    },
    why: {
      nl: "Met een kopie van uw identiteitsbewijs kan iemand zich voordoen als u. Een nieuw document heeft een nieuw nummer.",
      en: "With a copy of your identity document, someone can pretend to be you. A new document has a new number.",
    },
    how: [
      {
        nl: "Maak een afspraak bij uw gemeente. Zeg dat uw identiteitsbewijs in een datalek zat.",
        en: "Make an appointment with your municipality. Say that your identity document was in a data breach.",
      },
      {
        nl: "Neem dit bericht mee. Dan ziet de gemeente welk document het is.",
        en: "Bring this message with you. Then the municipality can see which document it is.",
      },
      {
        nl: "Vraag een nieuw paspoort, een nieuwe ID-kaart of een nieuw rijbewijs aan.",
        en: "Apply for a new passport, ID card or driving licence.",
      },
      {
        nl: "Vraag de organisatie van het lek of zij de kosten betaalt.",
        en: "Ask the organisation that had the leak whether it will pay the costs.",
      },
    ],
    help: ["gemeente", "cmi"],
    triggers: [
      { categories: ["id-document-copy"], priority: "now" },
      { categories: ["id-document-number"], priority: "soon" },
    ],
  },
  {
    id: "bsn-no-new-number",
    title: {
      nl: "Uw BSN gelekt? U krijgt geen nieuw nummer",
      en: "Your BSN leaked? You do not get a new number",
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
      nl: "Het meldpunt helpt u gratis als iemand uw identiteit gebruikt. Het helpt ook bij fouten in overheidsgegevens.",
      en: "The reporting point helps you for free when someone uses your identity. It also helps with errors in government records.",
    },
    how: [
      {
        nl: "Schrijf op wat er gebeurde, met datums. Bewaar brieven, e-mails en schermafbeeldingen.",
        en: "Write down what happened, with dates. Keep letters, emails and screenshots.",
      },
      {
        nl: "Bel het meldpunt of vul het formulier op hun website in.",
        en: "Call the reporting point or fill in the form on its website.",
      },
      {
        nl: "Doe ook aangifte bij de politie. Het meldpunt kan u daarbij helpen.",
        en: "Also report it to the police. The reporting point can help you with that.",
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
        nl: "Doe aangifte online op politie.nl of bel 0900-8844 voor een afspraak. Bij direct gevaar belt u 112.",
        en: "Report online at politie.nl or call 0900-8844 for an appointment. If you are in immediate danger, call 112.",
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
    ],
  },
  {
    id: "legal-advice-compensation",
    title: {
      nl: "Vraag om schadevergoeding en juridisch advies",
      en: "Ask for compensation and legal advice",
    },
    why: {
      nl: "Heeft u schade door het lek? Dan kunt u de organisatie om een vergoeding vragen. Dat geldt ook voor zorgen en stress.",
      en: "Has the breach caused you harm? Then you can ask the organisation for compensation. This also covers worry and stress.",
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
        nl: "Het Juridisch Loket geeft gratis advies over uw rechten.",
        en: "The Legal Services Counter (Juridisch Loket) gives free advice about your rights.",
      },
      {
        nl: "Gaat de organisatie slecht met het lek om? Meld het bij de Autoriteit Persoonsgegevens.",
        en: "Is the organisation handling the breach badly? Tell the Dutch Data Protection Authority.",
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
        en: "Tell your employer or support worker that your data leaked. They can help you plan.",
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
        nl: "Voelt u zich bedreigd? Bel de politie. Bij direct gevaar belt u 112.",
        en: "Do you feel threatened? Call the police. In immediate danger, call 112.",
      },
    ],
    help: ["politie", "slachtofferhulp"],
    triggers: [
      {
        flags: ["shielded-address", "at-risk-profession", "public-figure"],
        withCategories: ["name", ...WHEREABOUTS],
        priority: "now",
      },
      { flags: ["shielded-address", "at-risk-profession"], priority: "soon" },
      { flags: ["public-figure"], priority: "watch" },
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
      nl: "U regelt zaken voor iemand anders. Daarom krijgt u dit bericht. U kunt de risico's voor die persoon beperken.",
      en: "You handle matters for someone else. That is why you receive this message. You can limit the risks for that person.",
    },
    how: [
      {
        nl: "Neem de stappen in dit plan namens de persoon die u vertegenwoordigt.",
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
      nl: "Ook gegevens van iemand die overleden is, kunnen misbruikt worden. Bijvoorbeeld voor een lening of abonnement.",
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
];
