/** The words of "Ben ik getroffen?" (pages/affected-check.ts), in plain Dutch (B1) and English. */
import type { BilingualText } from "../i18n.ts";

export const TEXT = {
  title: { nl: "Ben ik getroffen?", en: "Am I affected?" },
  breach: {
    nl: "Datalek bij {organisation}: {title}.",
    // The breach's title is the organisation's Dutch text: the English page does not quote it.
    en: "Data breach at {organisation}.",
  },
  lead: {
    nl: "Wilt u weten of uw gegevens in het bestand van dit datalek staan? Vul uw e-mailadres of mobiele nummer in. Wij sturen het antwoord naar dat adres of nummer.",
    en: "Do you want to know whether your data is in the file of this data breach? Enter your e-mail address or mobile number. We send the answer to that address or number.",
  },
  onlyThere: {
    nl: "Op deze pagina ziet u het antwoord niet. Zo kan niemand anders zien of u getroffen bent.",
    en: "This page does not show the answer. That way nobody else can see whether you are affected.",
  },
  label: { nl: "E-mailadres of mobiel nummer", en: "E-mail address or mobile number" },
  hint: {
    nl: "Bijvoorbeeld naam@voorbeeld.nl of 06 12345678. Een sms sturen wij alleen naar een Nederlands mobiel nummer.",
    en: "For example name@example.nl or 06 12345678. We only send a text to a Dutch mobile number.",
  },
  hintNoSms: {
    nl: "Bijvoorbeeld naam@voorbeeld.nl. Wij kunnen vandaag geen sms sturen.",
    en: "For example name@example.nl. We cannot send text messages today.",
  },
  submit: { nl: "Stuur mij het antwoord", en: "Send me the answer" },
  stored: {
    nl: "Wij bewaren uw e-mailadres of nummer versleuteld, alleen tot het antwoord verstuurd is. Daarna wissen wij het.",
    en: "We keep your e-mail address or number encrypted, only until the answer is sent. Then we delete it.",
  },
  back: { nl: "Terug naar de pagina over dit datalek", en: "Back to the page about this data breach" },
  errorTitle: { nl: "Er is een probleem", en: "There is a problem" },
  noSmsTitle: { nl: "Vandaag geen sms", en: "No text messages today" },
  problems: {
    empty: {
      nl: "Vul uw e-mailadres of mobiele nummer in.",
      en: "Enter your e-mail address or mobile number.",
    },
    "not-an-address": {
      nl: "Dit is geen e-mailadres of telefoonnummer. Vul bijvoorbeeld naam@voorbeeld.nl of 06 12345678 in.",
      en: "This is not an e-mail address or phone number. Enter for example name@example.nl or 06 12345678.",
    },
    "not-mobile": {
      nl: "Wij sturen alleen een sms naar een Nederlands mobiel nummer (06). Vul zo'n nummer in, of uw e-mailadres.",
      en: "We only send a text to a Dutch mobile number (06). Enter such a number, or your e-mail address.",
    },
    "sms-unavailable": {
      nl: "Wij kunnen vandaag geen sms sturen. Vul uw e-mailadres in.",
      en: "We cannot send text messages today. Enter your e-mail address.",
    },
  } satisfies Record<string, BilingualText>,
  received: { nl: "Wij hebben uw vraag ontvangen.", en: "We have received your question." },
  sent: {
    email: {
      title: { nl: "Kijk in uw e-mail", en: "Check your e-mail" },
      inFile: {
        nl: "Staat dit e-mailadres in het bestand van het datalek? Dan krijgt u binnen een paar minuten een e-mail met een nieuwe persoonlijke code. Met die code ziet u wat u nu kunt doen.",
        en: "Is this e-mail address in the file of the data breach? Then you will get an e-mail with a new personal code within a few minutes. With that code you see what you can do now.",
      },
      notInFile: {
        nl: "Staat het e-mailadres er niet in? Dan krijgt u een korte e-mail. Daarin staat dat het adres niet in het bestand staat.",
        en: "Is the e-mail address not in it? Then you will get a short e-mail. It says that the address is not in the file.",
      },
      nothing: {
        nl: "Kijk ook bij uw ongewenste e-mail (spam). Kreeg u na een uur nog niets? Probeer het dan morgen opnieuw.",
        en: "Also look in your junk e-mail (spam). Nothing after an hour? Then try again tomorrow.",
      },
    },
    sms: {
      title: { nl: "Kijk op uw telefoon", en: "Check your phone" },
      inFile: {
        nl: "Staat dit nummer in het bestand van het datalek? Dan krijgt u binnen een paar minuten een sms met een nieuwe persoonlijke code. Met die code ziet u wat u nu kunt doen.",
        en: "Is this number in the file of the data breach? Then you will get a text message with a new personal code within a few minutes. With that code you see what you can do now.",
      },
      notInFile: {
        nl: "Staat het nummer er niet in? Dan krijgt u een korte sms. Daarin staat dat het nummer niet in het bestand staat.",
        en: "Is the number not in it? Then you will get a short text message. It says that the number is not in the file.",
      },
      nothing: {
        nl: "Kreeg u na een uur nog niets? Probeer het dan morgen opnieuw, of gebruik uw e-mailadres.",
        en: "Nothing after an hour? Then try again tomorrow, or use your e-mail address.",
      },
    },
  },
  nothingTitle: { nl: "Geen bericht gekregen?", en: "No message?" },
  links: {
    nl: "Klik nooit op links in berichten over dit datalek. Typ het adres van een website altijd zelf in.",
    en: "Never click links in messages about this data breach. Always type the address of a website yourself.",
  },
  again: { nl: "Controleer een ander adres of nummer", en: "Check another address or number" },
  refusedTitle: { nl: "Niet verstuurd", en: "Not sent" },
  refused: {
    nl: "Dit formulier kwam van een andere website. Open deze pagina zelf en vul uw e-mailadres of nummer hier in.",
    en: "This form came from another website. Open this page yourself and enter your e-mail address or number here.",
  },
} as const;
