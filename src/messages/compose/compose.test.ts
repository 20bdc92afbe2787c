import { describe, expect, it } from "vitest";
import { CATEGORIES, CATEGORY_IDS, ELEMENTS, FLAG_IDS } from "../../framework/index.ts";
import { smsLength } from "../channels/sms.ts";
import { checkCompleteness } from "../checks/completeness.ts";
import { generateVerificationCode } from "../codes.ts";
import { MESSAGE_KINDS, type Recipient } from "../message.ts";
import { SAMPLE_BREACH, SAMPLE_RECIPIENTS, sampleSetup } from "../sample.ts";
import { TemplateError } from "../template/template.ts";
import { addresseeFor } from "./addressing.ts";
import { compileMessageSetup, DEFAULT_LAYOUT, type MessageSetup } from "./campaign.ts";
import { composeMessage, planForRecipient } from "./compose.ts";
import { referenceFor } from "./reference.ts";
import { requiredElements } from "./required.ts";
import { OFTEN_FEARED } from "./wording.ts";

const allCategoriesBreach = { ...SAMPLE_BREACH, data: CATEGORY_IDS.map((category) => ({ category })) };
const setup: MessageSetup = { ...sampleSetup(), breach: allCategoriesBreach };
const compiled = compileMessageSetup(setup);
const base = SAMPLE_RECIPIENTS[0] as Recipient;

function compose(
  recipient: Recipient,
  kind: (typeof MESSAGE_KINDS)[number] = "first-notice",
  using = compiled,
) {
  const plan = planForRecipient(using.setup.breach, recipient);
  return composeMessage(using, { recipient, plan, kind, verificationCode: generateVerificationCode() });
}

const flagSets: string[][] = [
  [],
  ...FLAG_IDS.map((f) => [f]),
  ["minor", "deceased"],
  ["represented", "senior", "no-digital-access"],
];

describe("message assembly", () => {
  it.each(MESSAGE_KINDS)(
    "delivers every required element for every category and flag combination (%s)",
    (kind) => {
      const variants = CATEGORY_IDS.flatMap((category) =>
        flagSets.map((flags) =>
          compose({ ...base, id: `${category}-${flags.join("+")}`, categories: [category], flags }, kind),
        ),
      );
      expect(checkCompleteness(variants, requiredElements)).toEqual([]);
      for (const message of variants) {
        for (const section of message.sections)
          expect(section.blocks.length, `${message.id} ${section.id}`).toBeGreaterThan(0);
        const text = JSON.stringify(message.sections);
        expect(text).toContain(message.verificationCode);
        expect(text).not.toMatch(/\(\(|\)\)/);
        expect(smsLength(message.sms).segments).toBeLessThanOrEqual(3);
      }
    },
  );

  it("includes all framework elements that are always required in a first notice, in the default order", () => {
    const message = compose(base);
    const ids = message.sections.map((s) => s.id);
    for (const e of ELEMENTS.filter((e) => e.required === "always")) expect(ids).toContain(e.id);
    expect(ids).toEqual(DEFAULT_LAYOUT["first-notice"].filter((id) => ids.includes(id)));
  });

  it("names exactly this person's leaked data and lists their steps in plan order", () => {
    const recipient = { ...base, categories: ["name", "iban"], flags: [] };
    const plan = planForRecipient(setup.breach, recipient);
    const message = composeMessage(compiled, {
      recipient,
      plan,
      kind: "first-notice",
      verificationCode: "K7QX-M3PA-9RTW-XH4C",
    });
    const data = message.sections.find((s) => s.id === "which-data");
    const list = data?.blocks.find((b) => b.kind === "list");
    expect(list?.kind === "list" && list.items.map((i) => i.text)).toEqual([
      "naam",
      "bankrekeningnummer (IBAN)",
    ]);
    const steps = message.sections
      .find((s) => s.id === "what-you-can-do")
      ?.blocks.find((b) => b.kind === "list");
    expect(steps?.kind === "list" && steps.ordered).toBe(true);
    expect(steps?.kind === "list" && steps.items.map((i) => i.title)).toEqual(plan.steps.map((s) => s.title));
    expect(message.sections.find((s) => s.id === "advice-for-your-situation")).toBeUndefined();
    expect(message.summary).toContain("naam en bankrekeningnummer (IBAN)");
  });

  it("gives people with a special situation advice of their own", () => {
    const message = compose({ ...base, flags: ["senior"] });
    const advice = message.sections.find((s) => s.id === "advice-for-your-situation");
    expect(JSON.stringify(advice)).toMatch(/ouderen/i);
  });

  it("writes in English to English-speaking victims", () => {
    const message = compose({ ...base, language: "en" });
    expect(message.subject).toMatch(/^Important: your personal data leaked at Voorbeeld Telecom BV/);
    expect(message.sections.find((s) => s.id === "what-you-can-do")?.heading).toBe(
      "What you can do yourself",
    );
    expect(message.sms).toContain("Verification code");
  });

  it("puts the news first in an update", () => {
    const message = compose(base, "update");
    expect(message.sections[0]?.id).toBe("updates");
    expect(message.sections[0]?.blocks[0]).toEqual({
      kind: "paragraph",
      text: expect.stringContaining("Wij weten nu meer"),
    });
    expect(message.subject).toContain("Nieuws over het datalek");
    expect(message.id).toMatch(/\.update\.1$/);
  });

  it("tells people in a first notice where their plan is online: the breach and their kinds of data, never the person", () => {
    const message = compose(base);
    const plan =
      "lekwijzer.example.org/wat-kunt-u-doen/datalek?datalek=Voorbeeld+Telecom+BV&gegevens=name,address,email,phone,iban";
    expect(message.planAddress).toBe(plan);
    const blocks = message.sections.find((s) => s.id === "what-you-can-do")?.blocks ?? [];
    expect(blocks.slice(-2)).toEqual([
      {
        kind: "paragraph",
        text: "Deze stappen staan ook op internet, zonder uw naam. Typ dit adres zelf over in uw browser:",
      },
      { kind: "paragraph", text: plan },
    ]);
    for (const personal of [base.name ?? "", base.id, base.email ?? ""])
      expect(plan.toLowerCase()).not.toContain(encodeURIComponent(personal).toLowerCase());
    const english = compose({ ...(SAMPLE_RECIPIENTS[5] as Recipient) });
    expect(english.planAddress).toBe(
      "lekwijzer.example.org/en/wat-kunt-u-doen/datalek?datalek=Voorbeeld+Telecom+BV&gegevens=name,email,password-hash",
    );
    // Only the first notice; and without the platform's address there is no line at all.
    expect(compose(base, "update").planAddress).toBeUndefined();
    expect(JSON.stringify(compose(base, "update").sections)).not.toContain("wat-kunt-u-doen");
    const { publicUrl: _, ...withoutUrl } = setup;
    const bare = compose(base, "first-notice", compileMessageSetup(withoutUrl));
    expect(bare.planAddress).toBeUndefined();
    expect(JSON.stringify(bare.sections)).not.toContain("wat-kunt-u-doen");
    expect(() =>
      compileMessageSetup({ ...setup, organisation: { ...setup.organisation, name: "Bel 0900 1234" } }),
    ).toThrow(/organisation name "Bel 0900 1234" cannot name the breach in the plan address/);
  });

  it("names as 'not leaked' exactly the framework's often-feared categories, in the message's order", () => {
    expect(OFTEN_FEARED).toEqual(["password", "iban", "payment-card", "bsn", "id-document-copy", "health"]);
    expect([...OFTEN_FEARED].sort()).toEqual(
      CATEGORIES.filter((c) => c.oftenFeared)
        .map((c) => c.id)
        .sort(),
    );
    const sample = compileMessageSetup(sampleSetup());
    const which = compose(base, "first-notice", sample).sections.find((s) => s.id === "which-data");
    // A list, not a run-on sentence: it grows as fewer kinds leak.
    expect(which?.blocks).toEqual([
      expect.objectContaining({ kind: "paragraph", text: "Deze gegevens van u zijn gelekt:" }),
      expect.objectContaining({ kind: "list" }),
      { kind: "paragraph", text: "Deze gegevens zijn niet gelekt:" },
      {
        kind: "list",
        ordered: false,
        items: [
          { text: "wachtwoord" },
          { text: "gegevens van uw betaalpas of creditcard" },
          { text: "kopie van uw paspoort, ID-kaart of rijbewijs" },
          { text: "gezondheid" },
        ],
      },
    ]);
  });

  it("names the person's data in the summary within B1's sentence length, however many kinds leaked", () => {
    const every = { ...setup.breach, data: CATEGORIES.map((c) => ({ category: c.id })) };
    const compiled = compileMessageSetup({ ...setup, breach: every });
    const all = { ...base, categories: [] };
    const nl = composeMessage(compiled, {
      recipient: all,
      plan: planForRecipient(every, all),
      kind: "first-notice",
      verificationCode: "K7QX-M3PA-9RTW-XH4C",
    });
    // The kinds people fear most first, then how many more; the full list follows in "which data".
    expect(nl.summary).toContain(
      "Bij Voorbeeld Telecom BV zijn gegevens van u gelekt: wachtwoord, bankrekeningnummer (IBAN), " +
        `burgerservicenummer (BSN), gezondheid, naam en nog ${CATEGORIES.length - 5} andere. `,
    );
    const en = composeMessage(compiled, {
      recipient: { ...all, language: "en" },
      plan: planForRecipient(every, { ...all, language: "en" }),
      kind: "first-notice",
      verificationCode: "K7QX-M3PA-9RTW-XH4C",
    });
    expect(en.summary).toMatch(/^Your data leaked at Voorbeeld Telecom BV: password, .* and \d+ more\. /);
    for (const message of [nl, en]) {
      const first = message.summary.split(". ")[0] ?? "";
      expect(first.split(" ").length).toBeLessThanOrEqual(20);
    }
  });

  it("stops at compile time on a staff template with an unknown placeholder, naming element, language and line", () => {
    const wrong = {
      ...setup,
      overrides: { compensation: { nl: "Vergoeding:\n\n((bedrag_euro))", en: "Compensation." } },
    };
    expect(() => compileMessageSetup(wrong)).toThrow(TemplateError);
    expect(() => compileMessageSetup(wrong)).toThrow(
      /compensation \(nl\), line 3: unknown placeholder \(\(bedrag_euro\)\)/,
    );
  });

  it("lets staff show a paragraph only for some categories and flags", () => {
    const own = compileMessageSetup({
      ...setup,
      overrides: {
        compensation: {
          nl: "((compensation_info))\n\n((if category:iban))\nU krijgt 50 euro voor de extra zorgen over uw rekening.\n((end))\n\n((flag:senior??Wij komen het ook graag uitleggen.))",
          en: "((compensation_info))",
        },
      },
    });
    const withIban = compose({ ...base, categories: ["iban"], flags: ["senior"] }, "first-notice", own);
    const text = JSON.stringify(withIban.sections.find((s) => s.id === "compensation"));
    expect(text).toContain("50 euro");
    expect(text).toContain("graag uitleggen");
    const without = JSON.stringify(
      compose({ ...base, categories: ["email"] }, "first-notice", own).sections.find(
        (s) => s.id === "compensation",
      ),
    );
    expect(without).not.toContain("50 euro");
    expect(without).not.toContain("graag uitleggen");
  });
});

describe("addressing", () => {
  const address = { street: "Molenweg", houseNumber: "21", postcode: "5611 EF", city: "Eindhoven" };
  it("writes to the person at their own address", () => {
    expect(addresseeFor({ ...base, name: "Eva Jansen", address, flags: [] })).toMatchObject({
      role: "self",
      addressLines: ["Eva Jansen", "Molenweg 21", "5611 EF  EINDHOVEN"],
      salutation: "Beste Eva Jansen,",
    });
  });

  it("writes to the parents of a minor, the next of kin of someone who died, a representative", () => {
    const minor = addresseeFor({ ...base, name: "Noor", address, flags: ["minor"] });
    expect(minor.role).toBe("parents");
    expect(minor.addressLines.slice(0, 2)).toEqual(["Aan de ouders of verzorgers van", "Noor"]);
    expect(minor.note).toContain("ouder of verzorger");
    const deceased = addresseeFor({ ...base, name: "Maria", address, flags: ["deceased", "senior"] });
    expect(deceased).toMatchObject({ role: "next-of-kin", salutation: "Beste nabestaande," });
    expect(deceased.addressLines.slice(0, 2)).toEqual(["Aan de nabestaanden van", "Maria"]);
    const rep = addresseeFor({
      ...base,
      name: "Henk",
      address,
      flags: ["represented"],
      representative: {
        name: "J. Smit",
        address: { street: "Stationsplein", houseNumber: "1", postcode: "3511 ED", city: "Utrecht" },
      },
    });
    expect(rep).toMatchObject({
      role: "representative",
      addressLines: ["J. Smit", "Voor Henk", "Stationsplein 1", "3511 ED  UTRECHT"],
    });
    const repUnknown = addresseeFor({ ...base, name: "Henk", address, flags: ["represented"] });
    expect(repUnknown.addressLines.slice(0, 2)).toEqual(["Aan de vertegenwoordiger van", "Henk"]);
  });

  it("lets death outrank representation, and representation outrank minority", () => {
    expect(addresseeFor({ ...base, address, flags: ["minor", "represented"] }).role).toBe("representative");
    expect(addresseeFor({ ...base, address, flags: ["represented", "deceased"] }).role).toBe("next-of-kin");
  });

  it("adds the country abroad", () => {
    const lines = addresseeFor({
      ...base,
      name: "Jan",
      address: { ...address, country: "BE", postcode: "2000", city: "Antwerpen" },
      flags: [],
    }).addressLines;
    expect(lines.at(-1)).toBe("BELGIË");
  });

  it("gives each person a stable reference", () => {
    expect(referenceFor("b", "v1")).toBe(referenceFor("b", "v1"));
    expect(referenceFor("b", "v1")).not.toBe(referenceFor("b", "v2"));
    expect(referenceFor("b", "v1")).toMatch(/^LW-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
  });
});
