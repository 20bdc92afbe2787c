/**
 * The words of the "am I affected?" answers, in plain Dutch (B1) and English: a person in the breach's file
 * gets a new personal code, two sentences on what happened and what to do next; anyone else a short
 * confirmation that this address is not in the file. Both name the portal's addresses for people to type
 * themselves, with no links to click, and warn against trusting links, as every message about a breach does.
 */
import type { Language } from "../core/index.ts";

export interface AnswerFacts {
  language: Language;
  channel: "email" | "sms";
  organisationName: string;
  /** The breach's title as the organisation entered it (Dutch): only the Dutch answer quotes it. */
  breachTitle: string;
  /** The portal's address without scheme, as people type it: `lekwijzer.nl`. */
  portal: string;
  breachSlug: string;
  /** The new personal code, for a person in the file; absent for anyone else. */
  code?: string;
  /** This message's own verification code, which "is this message genuine?" (/echt) knows. */
  verificationCode: string;
}

export interface AnswerText {
  subject: string;
  /** Paragraphs of the e-mail (plain text; the HTML part is built from the same). */
  paragraphs: string[];
  /** The whole text message. */
  sms: string;
}

function addresses(facts: AnswerFacts): { plan: string; breach: string } {
  return { plan: `${facts.portal}/mijn-plan`, breach: `${facts.portal}/datalek/${facts.breachSlug}` };
}

function dutch(facts: AnswerFacts): AnswerText {
  const { plan, breach } = addresses(facts);
  const what = facts.channel === "email" ? "e-mailadres" : "telefoonnummer";
  const notAsked = `Vroeg u dit niet aan? Dan heeft iemand anders uw ${what} ingevuld. U hoeft niets te doen.`;
  const check = `Controlecode van dit bericht: ${facts.verificationCode}. Twijfelt u of dit bericht echt is? Vul de code in op ${facts.portal}/echt.`;
  const smsCheck = ` Controlecode: ${facts.verificationCode} (check op ${facts.portal}/echt).`;
  const links = "Klik nooit op links in berichten over dit datalek. Typ het adres altijd zelf in.";
  if (facts.code) {
    return {
      subject: `Uw gegevens staan in het bestand van het datalek bij ${facts.organisationName}`,
      paragraphs: [
        `U vroeg of uw gegevens in het bestand van een datalek staan. Het antwoord is: ja, dit ${what} staat erin.`,
        `Bij ${facts.organisationName} is een datalek geweest: ${facts.breachTitle}. Daarbij kwamen gegevens van u bij mensen die ze niet mochten zien.`,
        `Wat doet u nu? Ga naar ${plan} en vul deze persoonlijke code in: ${facts.code}. U ziet dan welke gegevens van u gelekt zijn en wat u kunt doen.`,
        "Deze code is nieuw. Een code uit een eerdere brief of e-mail werkt niet meer.",
        `Meer over dit datalek leest u op ${breach}. ${links}`,
        notAsked,
        check,
      ],
      sms: `${facts.organisationName}: dit nummer staat in het bestand van het datalek. Uw nieuwe persoonlijke code: ${facts.code}. Ga naar ${plan} en vul de code in. Oude codes werken niet meer. Klik niet op links.${smsCheck}`,
    };
  }
  return {
    subject: `Antwoord op uw vraag over het datalek bij ${facts.organisationName}`,
    paragraphs: [
      `U vroeg of uw gegevens in het bestand van het datalek bij ${facts.organisationName} staan. Dit ${what} staat niet in dat bestand.`,
      "Gebruikt u ook een ander e-mailadres of telefoonnummer? Dan kunt u dat ook controleren.",
      `Meer over dit datalek leest u op ${breach}. ${links}`,
      notAsked,
      check,
    ],
    sms: `${facts.organisationName}: dit nummer staat niet in het bestand van het datalek. Meer info: ${breach}. Klik niet op links in berichten over het datalek.${smsCheck}`,
  };
}

function english(facts: AnswerFacts): AnswerText {
  const { plan, breach } = addresses(facts);
  const what = facts.channel === "email" ? "e-mail address" : "phone number";
  const notAsked = `Did you not ask this? Then someone else entered your ${what}. You do not have to do anything.`;
  const check = `Verification code of this message: ${facts.verificationCode}. In doubt whether this message is genuine? Enter the code at ${facts.portal}/en/echt.`;
  const smsCheck = ` Check code: ${facts.verificationCode} (at ${facts.portal}/en/echt).`;
  const links = "Never click links in messages about this breach. Always type the address yourself.";
  if (facts.code) {
    return {
      subject: `Your data is in the file of the data breach at ${facts.organisationName}`,
      paragraphs: [
        `You asked whether your data is in the file of a data breach. The answer is: yes, this ${what} is in it.`,
        // The breach's title is the organisation's Dutch text: an English answer does not quote it.
        `${facts.organisationName} had a data breach. Data about you reached people who should not have seen it.`,
        `What do you do now? Go to ${plan} and enter this personal code: ${facts.code}. You will see which of your data leaked and what you can do.`,
        "This code is new. A code from an earlier letter or e-mail no longer works.",
        `Read more about this breach at ${breach}. ${links}`,
        notAsked,
        check,
      ],
      sms: `${facts.organisationName}: this number is in the file of the data breach. Your new personal code: ${facts.code}. Go to ${plan} and enter the code. Old codes no longer work. Do not click links.${smsCheck}`,
    };
  }
  return {
    subject: `Answer to your question about the data breach at ${facts.organisationName}`,
    paragraphs: [
      `You asked whether your data is in the file of the data breach at ${facts.organisationName}. This ${what} is not in that file.`,
      "Do you also use another e-mail address or phone number? You can check that too.",
      `Read more about this breach at ${breach}. ${links}`,
      notAsked,
      check,
    ],
    sms: `${facts.organisationName}: this number is not in the file of the data breach. More: ${breach}. Do not click links in messages about the breach.${smsCheck}`,
  };
}

export function answerText(facts: AnswerFacts): AnswerText {
  return facts.language === "en" ? english(facts) : dutch(facts);
}
