/**
 * The words of the update e-mails, Dutch (B1) first and English below: the confirmation code of a new
 * subscription, and an update of the breach for its subscribers. Both name the portal's addresses for people to
 * type themselves — no links to click, as our advice says not to trust them — and say how to stop.
 */
import type { BilingualText } from "../core/index.ts";

export interface MailText {
  subject: string;
  /** Paragraphs (plain text; the HTML part is built from the same). */
  paragraphs: string[];
}

export interface ConfirmationFacts {
  organisationName: string;
  /** The portal's address without scheme, as people type it: `lekwijzer.nl`. */
  portal: string;
  code: string;
  hours: number;
}

/** `K7QXM3PA` → `K7QX-M3PA`: easier to read and to type. */
export const showCode = (code: string) => `${code.slice(0, 4)}-${code.slice(4)}`;

export function confirmationText(facts: ConfirmationFacts): MailText {
  const code = showCode(facts.code);
  const plan = `${facts.portal}/mijn-plan`;
  return {
    subject: `Uw code: ${code} - e-mails over het datalek bij ${facts.organisationName} / Your code`,
    paragraphs: [
      `U wilt een e-mail krijgen als er nieuws is over het datalek bij ${facts.organisationName}. Dat vroeg u op de pagina Mijn plan.`,
      `Uw code is: ${code}`,
      `Typ deze code op Mijn plan. Dan krijgt u het nieuws voortaan per e-mail. De code werkt ${facts.hours} uur. Is Mijn plan al dicht? Ga dan naar ${plan} en vul eerst uw persoonlijke code in.`,
      "Vroeg u dit niet aan? Dan hoeft u niets te doen. Zonder de code krijgt u geen e-mails van ons.",
      "In deze e-mail staat geen link. Klik nooit op links in berichten over een datalek. Typ het adres altijd zelf in.",
      "English",
      `You asked on the page My plan for an e-mail when there is news about the data breach at ${facts.organisationName}.`,
      `Your code is: ${code}`,
      `Type this code on My plan. From then on you get the news by e-mail. The code works for ${facts.hours} hours. Has My plan closed? Go to ${facts.portal}/en/mijn-plan and first enter your personal code.`,
      "Did you not ask for this? Then you need not do anything. Without the code you get no e-mails from us.",
      "This e-mail has no link. Never click on links in messages about a data breach. Always type the address yourself.",
    ],
  };
}

export interface UpdateFacts {
  organisationName: string;
  portal: string;
  breachSlug: string;
  title: BilingualText;
  body: BilingualText;
  /** This e-mail's own code for "Is dit bericht echt?" (`/echt`). */
  verificationCode: string;
}

const paragraphsOf = (text: string) =>
  text
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter((p) => p !== "");

export function updateText(facts: UpdateFacts): MailText {
  const page = `${facts.portal}/datalek/${facts.breachSlug}`;
  const english = facts.title.en !== "" && facts.body.en !== "";
  return {
    subject: `Nieuws over het datalek bij ${facts.organisationName}: ${facts.title.nl}`,
    paragraphs: [
      `Er is nieuws over het datalek bij ${facts.organisationName}.`,
      facts.title.nl,
      ...paragraphsOf(facts.body.nl),
      `Al het nieuws staat ook op ${page}. Typ dit adres zelf in uw browser. Klik nooit op links in berichten over een datalek.`,
      `Twijfelt u of deze e-mail echt van ons is? Ga naar ${facts.portal}/echt en typ de controlecode van deze e-mail: ${facts.verificationCode}`,
      `U krijgt deze e-mail omdat u zich aanmeldde op Mijn plan. Wilt u deze e-mails niet meer? Kies Afmelden in uw e-mailprogramma. Of ga naar ${facts.portal}/mijn-plan en kies daar Afmelden.`,
      "English",
      `There is news about the data breach at ${facts.organisationName}.`,
      ...(english
        ? [facts.title.en, ...paragraphsOf(facts.body.en)]
        : ["The organisation wrote this news in Dutch only (above)."]),
      `All news is also on ${facts.portal}/en/datalek/${facts.breachSlug}. Type this address yourself in your browser. Never click on links in messages about a data breach.`,
      `Not sure this e-mail is really from us? Go to ${facts.portal}/en/echt and type this e-mail's verification code: ${facts.verificationCode}`,
      `You get this e-mail because you signed up on My plan. Do you no longer want these e-mails? Choose Unsubscribe in your e-mail program. Or go to ${facts.portal}/en/mijn-plan and choose Unsubscribe there.`,
    ],
  };
}

export interface AddressChangedFacts {
  organisationName: string;
  portal: string;
  /** The new postcode, masked: `3512 **`. */
  newPostcode: string;
  /** The day it was confirmed, written out in each language. */
  changedOn: { nl: string; en: string };
  /** The organisation's phone number from its profile, when it has one. */
  phone: string | undefined;
  verificationCode: string;
}

/**
 * The notice that the address for letters changed, by e-mail to the address in the organisation's file, for
 * a person who had no postal address before: nothing went there to warn them.
 */
export function addressChangedText(facts: AddressChangedFacts): MailText {
  const call = facts.phone
    ? { nl: `Bel ons dan op ${facts.phone}.`, en: `Then call us on ${facts.phone}.` }
    : {
        nl: "Neem dan contact met ons op via het telefoonnummer dat u al van ons kent.",
        en: "Then contact us through the phone number you already know from us.",
      };
  return {
    subject: `Uw adres voor brieven is veranderd - ${facts.organisationName} / Your address for letters has changed`,
    paragraphs: [
      `Op ${facts.changedOn.nl} is op Mijn plan een adres voor uw brieven over het datalek bij ${facts.organisationName} bevestigd. Brieven gaan nu naar het adres met postcode ${facts.newPostcode}.`,
      "Was u dat zelf? Dan hoeft u niets te doen.",
      `Was u het niet? Dan heeft misschien iemand anders uw persoonlijke code gebruikt. ${call.nl} Wij helpen u verder.`,
      `Twijfelt u of deze e-mail echt van ons is? Ga naar ${facts.portal}/echt en typ de controlecode van deze e-mail: ${facts.verificationCode}`,
      "In deze e-mail staat geen link. Klik nooit op links in berichten over een datalek. Typ het adres altijd zelf in.",
      "English",
      `On ${facts.changedOn.en}, an address for your letters about the data breach at ${facts.organisationName} was confirmed on My plan. Letters now go to the address with postcode ${facts.newPostcode}.`,
      "Was that you? Then you need not do anything.",
      `Was it not you? Then someone else may have used your personal code. ${call.en} We will help you.`,
      `Not sure this e-mail is really from us? Go to ${facts.portal}/en/echt and type this e-mail's verification code: ${facts.verificationCode}`,
      "This e-mail has no link. Never click on links in messages about a data breach. Always type the address yourself.",
    ],
  };
}
