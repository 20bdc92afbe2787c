import { describe, expect, it } from "vitest";
import { renderEmailHtml, renderEmailText } from "../channels/email.ts";
import { generateVerificationCode } from "../codes.ts";
import type { Recipient } from "../message.ts";
import { SAMPLE_RECIPIENTS, sampleSetup } from "../sample.ts";
import { compileMessageSetup, type MessageSetup } from "./campaign.ts";
import { type ComposeInput, composeMessage, planForRecipient } from "./compose.ts";

// A person's message from a setup compiled for them alone is rendered in full (the first person of a profile
// always is): the reference the filled messages must equal, field for field and byte for byte.
function alone(setup: MessageSetup, input: ComposeInput) {
  return composeMessage(compileMessageSetup(setup), input);
}

const NAMES = [
  "Jan Jansen",
  "A. van der Berg-de Vries",
  "Émile Öztürk",
  "  spaces  around ",
  "two  spaces",
  "tab\there",
  "",
  undefined,
  'Ann <b>&amp;</b> "quoted"',
  "\uE000name\uE001",
  "Zeer-lange-dubbele-achternaam-die-breekt",
];

function inputs(setup: MessageSetup, kind: ComposeInput["kind"]): ComposeInput[] {
  return NAMES.flatMap((name, n) =>
    SAMPLE_RECIPIENTS.map((sample, s) => {
      const recipient: Recipient = { ...sample, id: `p-${n}-${s}`, name };
      return {
        recipient,
        plan: planForRecipient(setup.breach, recipient),
        kind,
        verificationCode: n === 3 ? " K7QX-M3PA " : generateVerificationCode(),
        personalCode: generateVerificationCode(),
        reference: n === 4 ? "" : `REF-${n}-${s}`,
      };
    }),
  );
}

describe("personal sections filled per person", () => {
  for (const kind of ["first-notice", "update"] as const) {
    it(`give exactly the full rendering for every person (${kind})`, () => {
      const setup = sampleSetup();
      const shared = compileMessageSetup(setup);
      for (const input of inputs(setup, kind)) {
        let expected: unknown;
        try {
          expected = alone(setup, input);
        } catch (error) {
          expect(() => composeMessage(shared, input)).toThrow((error as Error).message);
          continue;
        }
        const message = composeMessage(shared, input);
        expect(message).toEqual(expected);
        expect(renderEmailHtml(message)).toBe(renderEmailHtml(expected as typeof message));
        expect(renderEmailText(message)).toBe(renderEmailText(expected as typeof message));
      }
    });
  }

  it("share the words around the code between people of one profile (filled, not rendered again)", () => {
    const setup = sampleSetup();
    const shared = compileMessageSetup(setup);
    const [a, b, c] = inputs(setup, "first-notice").filter((i) => i.recipient.id.endsWith("-0"));
    const verify = (input: ComposeInput | undefined) =>
      composeMessage(shared, input as ComposeInput).sections.find((s) => s.id === "verify-this-message");
    verify(a);
    const [first, second] = [verify(b), verify(c)];
    expect(first?.blocks[0]).toBe(second?.blocks[0]);
    expect(Object.isFrozen(first?.blocks[0])).toBe(true);
    expect(first?.blocks.find((x) => x.kind === "code")?.text).not.toBe(
      second?.blocks.find((x) => x.kind === "code")?.text,
    );
  });

  it("follow a condition on the name: people without one get the other words", () => {
    const setup: MessageSetup = {
      ...sampleSetup(),
      overrides: {
        "verify-this-message": {
          nl: "((if name))Beste ((name)), controleer dit bericht.((else))Controleer dit bericht.((end)) Code: ((verification_code))",
          en: "Check this message. Code: ((verification_code))",
        },
      },
    };
    const shared = compileMessageSetup(setup);
    for (const input of inputs(setup, "update")) {
      let expected: unknown;
      try {
        expected = alone(setup, input);
      } catch {
        continue;
      }
      expect(composeMessage(shared, input)).toEqual(expected);
    }
  });
});
