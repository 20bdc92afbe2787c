import { describe, expect, it } from "vitest";
import { renderEmail } from "../channels/email.ts";
import { compileMessageSetup, type MessageSetup } from "../compose/campaign.ts";
import { composeMessage, planForRecipient } from "../compose/compose.ts";
import type { MessageKind, Recipient } from "../message.ts";
import { SAMPLE_RECIPIENTS, sampleSetup } from "../sample.ts";
import { testMessage } from "../test-fixtures.ts";
import { checkAntiPhishing } from "./anti-phishing.ts";
import { runChecks } from "./checks.ts";
import { canSend, canSendBy, type Finding, sendableChannels } from "./findings.ts";
import { checkLengths } from "./length.ts";
import { checkReach } from "./reach.ts";

const recipient = SAMPLE_RECIPIENTS[0] as Recipient;
const CODE = "K7QX-M3PA-9RTW-XH4C";

function composeWith(setup: MessageSetup, who: Recipient = recipient, kind: MessageKind = "first-notice") {
  const compiled = compileMessageSetup(setup);
  const plan = planForRecipient(setup.breach, who);
  return composeMessage(compiled, { recipient: who, plan, kind, verificationCode: CODE });
}

const blocking = (findings: Finding[]) => findings.filter((f) => f.severity === "block");

describe("checks on the sample campaign", () => {
  it("let a well-formed message through for every sample victim", () => {
    const variants = SAMPLE_RECIPIENTS.map((r) => composeWith(sampleSetup(), r));
    const email = renderEmail(variants[0] ?? testMessage(), { date: new Date("2026-02-12T09:00:00Z") });
    const findings = runChecks(variants, { email, letterPages: 5 });
    expect(blocking(findings)).toEqual([]);
    expect(canSend(findings)).toBe(true);
  });
});

describe("completeness", () => {
  it("blocks a message whose layout leaves out 'what you can do', naming the element", () => {
    const setup = sampleSetup();
    const layout = {
      "first-notice": [
        "apology",
        "what-happened",
        "which-data",
        "consequences",
        "what-we-did",
        "help-when-things-go-wrong",
        "compensation",
        "updates",
        "accessible-routes",
        "contact-point",
        "verify-this-message",
      ] as const,
    };
    const message = composeWith({ ...setup, layout });
    const findings = blocking(runChecks([message]));
    expect(findings).toContainEqual(
      expect.objectContaining({ check: "completeness", severity: "block", element: "what-you-can-do" }),
    );
    expect(findings.find((f) => f.element === "what-you-can-do")?.message).toContain("Wat u zelf kunt doen");
  });

  it("blocks a 'what you can do' text that drops the person's steps", () => {
    const setup = {
      ...sampleSetup(),
      overrides: { "what-you-can-do": { nl: "Let goed op.", en: "Be careful." } },
    };
    const findings = blocking(runChecks([composeWith(setup)]));
    expect(findings).toContainEqual(
      expect.objectContaining({
        check: "completeness",
        element: "what-you-can-do",
        section: "what-you-can-do",
      }),
    );
  });

  it("blocks an SMS without the verification code", () => {
    const message = { ...testMessage(), sms: "Voorbeeld Telecom BV: typ voorbeeldtelecom.nl/datalek in." };
    expect(blocking(runChecks([message]))).toContainEqual(
      expect.objectContaining({ check: "completeness", channel: "sms" }),
    );
  });
});

describe("plain language", () => {
  it("blocks a 40-word sentence and names the section", () => {
    const setup = sampleSetup();
    const long =
      "Op grond van het uitgevoerde onderzoek door externe deskundigen die door ons zijn ingeschakeld is vastgesteld dat een onbevoegde derde partij zich gedurende een periode van enkele dagen toegang heeft verschaft tot een systeem waarin klantgegevens van huidige en voormalige klanten waren opgeslagen.";
    expect(long.split(/\s+/).length).toBeGreaterThanOrEqual(40);
    const message = composeWith({ ...setup, texts: { ...setup.texts, whatHappened: { nl: long, en: "x" } } });
    const findings = blocking(runChecks([message]));
    expect(findings).toContainEqual(
      expect.objectContaining({
        check: "plain-language",
        severity: "block",
        section: "what-happened",
        source: "organisation",
      }),
    );
    expect(findings.find((f) => f.section === "what-happened")?.suggestion).toBeTruthy();
  });

  it("blocks officialese the framework forbids", () => {
    const setup = sampleSetup();
    const message = composeWith(
      {
        ...setup,
        texts: { ...setup.texts, compensation: { nl: "Indien u schade heeft, bel ons.", en: "x" } },
      },
      recipient,
      "update",
    );
    expect(blocking(runChecks([message]))).toContainEqual(
      expect.objectContaining({ check: "plain-language", section: "compensation" }),
    );
  });
});

describe("where a finding's text comes from", () => {
  const long =
    "Wij willen u graag laten weten dat wij bij het onderzoek naar het incident samen met externe deskundigen hebben vastgesteld dat er iets mis is gegaan.";
  const own = {
    texts: ["Voorbeeld Telecom BV", "elke dag van 8.00 tot 20.00 uur"],
    subject: false,
    layout: false,
  };
  const withSection = (text: string, source?: "framework" | "override") =>
    testMessage({
      own,
      sections: [
        ...testMessage().sections,
        {
          id: "compensation",
          heading: "Schadevergoeding",
          elements: ["compensation"],
          blocks: [{ kind: "paragraph", text }],
          ...(source ? { source } : {}),
        },
      ],
    });
  const sourceOf = (text: string, source?: "framework" | "override") =>
    blocking(runChecks([withSection(text, source)])).find((f) => f.section === "compensation")?.source;

  it("says an organisation's own text is the organisation's, and an override is an override", () => {
    const setup = sampleSetup();
    const organisation = blocking(
      runChecks([
        composeWith(
          { ...setup, texts: { ...setup.texts, compensation: { nl: long, en: "x" } } },
          recipient,
          "update",
        ),
      ]),
    );
    expect(organisation).toContainEqual(
      expect.objectContaining({ check: "plain-language", section: "compensation", source: "organisation" }),
    );
    const override = blocking(
      runChecks([
        composeWith({ ...setup, overrides: { compensation: { nl: long, en: "x" } } }, recipient, "update"),
      ]),
    );
    expect(override).toContainEqual(
      expect.objectContaining({ check: "plain-language", section: "compensation", source: "override" }),
    );
  });

  it("says a long sentence is the framework's when it stays too long without the organisation's words", () => {
    // 26 words of which the organisation's name is three: still too long with the name cut to one word.
    const framework = `Wij van Voorbeeld Telecom BV sturen u deze brief omdat er bij ons iets mis is gegaan met de gegevens van heel veel van onze klanten in het land.`;
    expect(sourceOf(framework)).toBe("framework");
    // The organisation's hours make the sentence too long; without them it is short.
    const hours =
      "elke dag van acht tot acht, ook op zon- en feestdagen en in de schoolvakanties, behalve op de dagen dat wij echt dicht zijn";
    const message = testMessage({
      own: { ...own, texts: [...own.texts, hours] },
      sections: [
        {
          id: "contact-point",
          heading: "Vragen",
          elements: ["contact-point"],
          blocks: [{ kind: "paragraph", text: `Bel ons op 020-123 45 67, ${hours}.` }],
          source: "framework",
        },
      ],
    });
    expect(blocking(runChecks([message])).find((f) => f.check === "plain-language")?.source).toBe(
      "organisation",
    );
    expect(sourceOf(framework, "override")).toBe("override");
  });

  it("says whose word officialese is, and that the sender's domain is the organisation's", () => {
    expect(sourceOf("Indien u schade heeft, bel ons.")).toBe("framework");
    const ownWord = testMessage({
      own: { ...own, texts: [...own.texts, "Indien u schade heeft, bel ons."] },
      sections: [
        {
          id: "compensation",
          heading: "Schadevergoeding",
          elements: ["compensation"],
          blocks: [{ kind: "paragraph", text: "Indien u schade heeft, bel ons." }],
          source: "framework",
        },
      ],
    });
    expect(blocking(runChecks([ownWord])).find((f) => f.check === "plain-language")?.source).toBe(
      "organisation",
    );
    const foreign = testMessage({
      organisation: { ...testMessage().organisation, senderEmail: "datalek@mailer.example" },
    });
    expect(checkAntiPhishing(foreign)).toContainEqual(
      expect.objectContaining({ check: "anti-phishing", channel: "email", source: "organisation" }),
    );
  });
});

describe("anti-phishing", () => {
  it("blocks a login link and warns about any other written link", () => {
    const setup = sampleSetup();
    const message = composeWith(
      {
        ...setup,
        texts: {
          ...setup.texts,
          compensation: {
            nl: "Vraag het aan via https://login.voorbeeldtelecom.nl/claim. Lees ook https://voorbeeldtelecom.nl/uitleg.",
            en: "x",
          },
        },
      },
      recipient,
      "update",
    );
    const findings = checkAntiPhishing(message);
    expect(findings).toContainEqual(expect.objectContaining({ severity: "block", section: "compensation" }));
    expect(findings.filter((f) => f.severity === "warn" && f.section === "compensation")).toHaveLength(1);
  });

  it("lets the portal's addresses through though 'mijn-plan' reads like a login word", () => {
    const english = SAMPLE_RECIPIENTS[5] as Recipient;
    const message = composeWith(sampleSetup(), english);
    expect(message.planAddress).toBe("lekwijzer.example.org/en/mijn-plan");
    expect(checkAntiPhishing(message)).toEqual([]);
    // The same address written by staff is still a login-looking link.
    const copied = { ...message, planAddress: undefined };
    expect(checkAntiPhishing(copied)).toContainEqual(
      expect.objectContaining({ check: "anti-phishing", severity: "block", section: "plan-online" }),
    );
  });

  it("blocks 'click here' wording", () => {
    const message = testMessage({ summary: "Klik hier om uw gegevens te controleren." });
    expect(blocking(checkAntiPhishing(message))).toContainEqual(
      expect.objectContaining({ section: "summary" }),
    );
  });

  it("blocks a sender or web address outside the organisation's domains", () => {
    const base = testMessage();
    const message = testMessage({
      organisation: {
        ...base.organisation,
        senderEmail: "noreply@mailer-voorbeeld.com",
        website: "voorbeeld-datalek.nl",
      },
    });
    const findings = blocking(checkAntiPhishing(message));
    expect(findings.map((f) => f.message).join("\n")).toMatch(/noreply@mailer-voorbeeld\.com/);
    expect(findings.map((f) => f.message).join("\n")).toMatch(/voorbeeld-datalek\.nl/);
  });

  it("blocks attachments, links in HTML and a rendered e-mail without the code", () => {
    const message = testMessage();
    const email = renderEmail(message, { date: new Date("2026-02-12T09:00:00Z") });
    expect(blocking(checkAntiPhishing(message, email))).toEqual([]);
    const eml = `${email.eml}\r\nContent-Disposition: attachment; filename="info.pdf"`;
    expect(blocking(checkAntiPhishing(message, { eml }))).toHaveLength(1);
    expect(
      blocking(checkAntiPhishing(message, { html: `${email.html}<a href="https://x">x</a>` })),
    ).toHaveLength(1);
    expect(blocking(checkAntiPhishing(message, { text: email.text.replaceAll(CODE, "") }))).toHaveLength(1);
  });
});

describe("length", () => {
  it("blocks an SMS of more than three parts", () => {
    const message = testMessage({ sms: `${"Uw gegevens zijn gelekt. ".repeat(20)}${CODE}` });
    expect(checkLengths(message)).toContainEqual(
      expect.objectContaining({ check: "length", channel: "sms", severity: "block" }),
    );
  });

  it("blocks letters over the page limit and addresses the window cannot hold", () => {
    const base = testMessage();
    const message = testMessage({
      addressee: { ...base.addressee, addressLines: ["a", "b", "c", "d", "e", "f", "g", "h"] },
    });
    const findings = checkLengths(message, { letterPages: 11 });
    expect(findings.filter((f) => f.channel === "letter" && f.severity === "block")).toHaveLength(2);
  });

  it("blocks an address line too long for the window", () => {
    const base = testMessage();
    const long = "Aan de ouders of verzorgers van Alexandra Wilhelmina van Oranje-Nassau";
    const message = testMessage({
      addressee: { ...base.addressee, addressLines: [long, "Dorpsstraat 12", "1234 AB  UTRECHT"] },
    });
    expect(checkLengths(message)).toContainEqual(
      expect.objectContaining({ channel: "letter", severity: "block" }),
    );
    expect(checkLengths(base)).toEqual([]);
  });

  it("warns about long subjects and blocks very long ones", () => {
    expect(checkLengths(testMessage({ subject: "x".repeat(90) }))[0]?.severity).toBe("warn");
    expect(checkLengths(testMessage({ subject: "x".repeat(200) }))[0]?.severity).toBe("block");
  });
});

describe("checks per channel", () => {
  it("blocks a letter without a postal address, not the e-mail", () => {
    const { address: _address, ...withoutAddress } = recipient;
    const message = composeWith(sampleSetup(), withoutAddress);
    const findings = runChecks([message], {}, { reach: ["email", "letter", "sms", "portal"] });
    const reach = findings.filter((f) => f.check === "reach");
    expect(reach.map((f) => f.channel)).toEqual(["letter"]);
    expect(reach[0]?.message).toBe("There is no postal address, so the letter cannot be sent.");
    expect(canSendBy(findings, "letter")).toBe(false);
    expect(canSendBy(findings, "email")).toBe(true);
    expect(sendableChannels(findings)).toEqual(["email", "sms", "portal"]);
    // Without a channel a blocking finding blocks every channel.
    expect(canSendBy([{ check: "length", severity: "block", message: "x" }], "email")).toBe(false);
  });

  it("uses the representative's address and e-mail for someone who is represented", () => {
    const represented: Recipient = {
      ...recipient,
      flags: ["represented"],
      email: undefined,
      address: undefined,
      representative: {
        name: "Mr. J. Smit",
        email: "smit@example.nl",
        address: { street: "Stationsplein", houseNumber: "1", postcode: "3511 ED", city: "Utrecht" },
      },
    } as unknown as Recipient;
    const findings = checkReach(composeWith(sampleSetup(), represented), ["email", "letter"]);
    expect(findings).toEqual([]);
  });

  it("names the channel that lacks an element shown only on some channels", () => {
    const setup = sampleSetup();
    setup.overrides = {
      compensation: {
        nl: "((if channel:letter))\nU krijgt een vergoeding: ((compensation_info))\n((end))",
        en: "((if channel:letter))\nYou get compensation: ((compensation_info))\n((end))",
      },
    };
    const message = composeWith(setup);
    const section = message.sections.find((s) => s.id === "compensation");
    expect(section?.blocks.every((b) => b.channels?.join() === "letter")).toBe(true);
    const lacking = runChecks([message]).filter((f) => f.element === "compensation");
    expect(lacking.map((f) => f.channel)).toEqual(["email", "portal"]);
    expect(lacking[0]?.message).toMatch(/^The email message lacks "/);
    expect(renderEmail(message).text).not.toContain("U krijgt een vergoeding");
  });
});
