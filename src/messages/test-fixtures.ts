/**
 * Hand-built messages for the renderer tests, independent of the framework data, with hostile values where a
 * renderer must escape. Not used at run time.
 */
import type { ComposedMessage, Organisation, Recipient } from "./message.ts";
import { SAMPLE_ORGANISATION } from "./sample.ts";

/** The sample organisation: the renderers need nothing else of it. */
export const TEST_ORGANISATION: Organisation = SAMPLE_ORGANISATION;

export const TEST_RECIPIENT: Recipient = {
  id: "cust-0001",
  name: "Eva Jansen",
  email: "eva@example.nl",
  phone: "+31612345678",
  address: { street: "Dorpsstraat", houseNumber: "12", postcode: "1234 AB", city: "Utrecht" },
  language: "nl",
  categories: ["name", "email", "iban"],
  flags: [],
};

export function testMessage(overrides: Partial<ComposedMessage> = {}): ComposedMessage {
  const code = "K7QX-M3PA-9RTW-XH4C";
  return {
    id: "breach-1.cust-0001.first-notice.1",
    breachId: "breach-1",
    victimId: "cust-0001",
    kind: "first-notice",
    language: "nl",
    subject: "Belangrijk: uw gegevens zijn gelekt bij Voorbeeld Telecom BV",
    summary:
      "Criminelen hebben uw naam, e-mailadres en IBAN. Let op nepberichten en controleer uw bankrekening.",
    addressee: {
      role: "self",
      addressLines: ["Eva Jansen", "Dorpsstraat 12", "1234 AB  UTRECHT"],
      salutation: "Beste Eva Jansen,",
    },
    sections: [
      {
        id: "what-happened",
        heading: "Wat is er gebeurd",
        elements: ["what-happened"],
        blocks: [
          {
            kind: "paragraph",
            text: "Op 10 februari 2026 ontdekten wij dat anderen bij onze klantgegevens konden.",
          },
        ],
      },
      {
        id: "your-data",
        heading: "Welke gegevens van u zijn gelekt",
        elements: ["which-data"],
        blocks: [
          { kind: "paragraph", text: "Deze gegevens van u zijn gelekt:" },
          {
            kind: "list",
            ordered: false,
            items: [{ text: "naam" }, { text: "e-mailadres" }, { text: "IBAN (bankrekeningnummer)" }],
          },
        ],
      },
      {
        id: "what-you-can-do",
        heading: "Wat u zelf kunt doen",
        elements: ["what-you-can-do"],
        blocks: [
          { kind: "paragraph", text: "Begin bovenaan." },
          {
            kind: "list",
            ordered: true,
            items: [
              {
                title: "Controleer uw bankrekening",
                text: "Kijk of er geld af gaat dat u niet kent.",
                sub: ["Bel uw bank als u iets vreemds ziet."],
              },
              { title: "Let op nepberichten", text: "Criminelen kunnen u mailen of bellen met uw gegevens." },
            ],
          },
        ],
      },
      {
        id: "genuine",
        heading: "Is dit bericht echt?",
        elements: ["verify-this-message"],
        blocks: [
          {
            kind: "paragraph",
            text: `Typ zelf voorbeeldtelecom.nl/datalek in uw browser en vul deze code in: ${code}. Wij vragen nooit om uw wachtwoord.`,
          },
        ],
      },
    ],
    closing: ["Met vriendelijke groet,", "Anna de Vries", "directeur"],
    verificationCode: code,
    reference: "VT-2026-000001",
    date: "2026-02-12",
    organisation: TEST_ORGANISATION,
    recipient: TEST_RECIPIENT,
    sms: `Voorbeeld Telecom BV: uw gegevens zijn gelekt. Typ zelf voorbeeldtelecom.nl/datalek in uw browser. Controlecode: ${code}`,
    ...overrides,
  };
}

/** Values an attacker could place in a victim file or a template. */
export const HOSTILE = {
  script: '<script>alert("x")</script>',
  quotes: `"' onmouseover="alert(1)`,
  rtl: "Eva\u202Efdp.exe",
} as const;
