import { describe, expect, it } from "vitest";
import { CATEGORIES, CATEGORY_IDS, ELEMENTS, FLAG_IDS } from "../../framework/index.ts";
import { smsLength } from "../channels/sms.ts";
import { checkCompleteness } from "../checks/completeness.ts";
import { generateVerificationCode } from "../codes.ts";
import { MESSAGE_KINDS, type Recipient } from "../message.ts";
import { SAMPLE_BREACH, SAMPLE_RECIPIENTS, sampleSetup } from "../sample.ts";
import { shownSections } from "../shown-sections.ts";
import { TemplateError } from "../template/template.ts";
import { addresseeFor } from "./addressing.ts";
import { compileMessageSetup, DEFAULT_LAYOUT, type MessageSetup } from "./campaign.ts";
import { composeMessage, planForRecipient } from "./compose.ts";
import { referenceFor } from "./reference.ts";
import { requiredElements, situationStepIds } from "./required.ts";
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

  it("includes all framework elements that are always required, in the default order", () => {
    for (const kind of ["first-notice", "affected-answer"] as const) {
      const message = compose(base, kind);
      const delivered = message.sections.flatMap((s) => s.elements);
      if (kind === "first-notice")
        for (const e of ELEMENTS.filter((e) => e.required === "always")) expect(delivered).toContain(e.id);
      expect(delivered).toEqual(DEFAULT_LAYOUT[kind].filter((id) => delivered.includes(id)));
    }
  });

  it("names exactly this person's leaked data and lists their steps in plan order", () => {
    const recipient = { ...base, categories: ["name", "iban"], flags: [] };
    const plan = planForRecipient(setup.breach, recipient);
    const message = composeMessage(compiled, {
      recipient,
      plan,
      kind: "update",
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

  it("keeps a first notice short: the data in a sentence, each risk named, the three most urgent steps", () => {
    const recipient = { ...base, categories: ["name", "iban"], flags: ["senior"] };
    const plan = planForRecipient(setup.breach, recipient);
    const message = composeMessage(compiled, {
      recipient,
      plan,
      kind: "first-notice",
      verificationCode: "K7QX-M3PA-9RTW-XH4C",
    });
    const data = message.sections.find((s) => s.id === "which-data");
    expect(data?.blocks[0]).toEqual({
      kind: "paragraph",
      text: expect.stringContaining("Deze gegevens van u zijn gelekt: naam en bankrekeningnummer (IBAN)."),
    });
    const risks = message.sections
      .find((s) => s.id === "consequences")
      ?.blocks.find((b) => b.kind === "list");
    expect(risks?.kind === "list" && risks.items).toEqual(plan.risks.map((r) => ({ text: r.label })));
    const steps = message.sections
      .find((s) => s.id === "what-you-can-do")
      ?.blocks.find((b) => b.kind === "list");
    const situation = situationStepIds(recipient.flags);
    const urgent = plan.steps.filter((s) => !situation.has(s.id)).slice(0, 3);
    expect(steps?.kind === "list" && steps.items.map((i) => i.title)).toEqual(urgent.map((s) => s.title));
    expect(steps?.kind === "list" && steps.items.every((i) => i.sub === undefined)).toBe(true);
    // The situation's own advice stays, and the plan online follows it.
    const ids = message.sections.map((s) => s.id);
    expect(ids.indexOf("plan-online")).toBe(ids.indexOf("advice-for-your-situation") + 1);
    expect(message.summary).toBe(
      `Bij Voorbeeld Telecom BV zijn gegevens van u gelekt. Doe nu eerst dit: ${message.summary.split("Doe nu eerst dit: ")[1]}`,
    );
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

  it("names the portal's addresses to type in a first notice, with the person's code beside the plan", () => {
    const plan = planForRecipient(setup.breach, base);
    const message = composeMessage(compiled, {
      recipient: base,
      plan,
      kind: "first-notice",
      verificationCode: "K7QX-M3PA-9RTW-XH4C",
      personalCode: "M3PA-K7QX-XH4C-9RTW",
    });
    expect(message.planAddress).toBe("lekwijzer.example.org/mijn-plan");
    expect(message.breachAddress).toBe("lekwijzer.example.org/datalek/voorbeeld-telecom-2026-02");
    expect(message.personalCode).toBe("M3PA-K7QX-XH4C-9RTW");
    const online = message.sections.find((s) => s.id === "plan-online");
    expect(online?.blocks).toEqual([
      {
        kind: "paragraph",
        text: "Uw hele plan staat op internet. Typ zelf dit adres in en vul daar uw code in:",
      },
      { kind: "paragraph", text: "lekwijzer.example.org/mijn-plan" },
      {
        kind: "paragraph",
        text: "Uw persoonlijke code: M3PA-K7QX-XH4C-9RTW. Geef die aan niemand.",
        code: {
          before: "Uw persoonlijke code: ",
          code: "M3PA-K7QX-XH4C-9RTW",
          after: ". Geef die aan niemand.",
        },
      },
    ]);
    // News lives on the breach page; the addresses name no person.
    expect(JSON.stringify(message.sections)).toContain(
      "lekwijzer.example.org/datalek/voorbeeld-telecom-2026-02.",
    );
    for (const personal of [base.name ?? "", base.id, base.email ?? ""])
      expect(`${message.planAddress} ${message.breachAddress}`).not.toContain(personal);
    // No link to log in, no advice link with data kinds in a first notice any more.
    expect(JSON.stringify(message.sections)).not.toMatch(/https?:|wat-kunt-u-doen/);

    const english = compose({ ...(SAMPLE_RECIPIENTS[5] as Recipient) });
    expect(english.planAddress).toBe("lekwijzer.example.org/en/mijn-plan");
    expect(english.breachAddress).toBe("lekwijzer.example.org/en/datalek/voorbeeld-telecom-2026-02");
    // Without a code kept for the person: where to ask for one ("am I affected?"), else whom to call.
    const noCode = compose(base);
    expect(noCode.personalCode).toBeUndefined();
    expect(noCode.sections.find((s) => s.id === "plan-online")?.blocks.slice(-2)).toEqual([
      {
        kind: "paragraph",
        text: "Uw persoonlijke code staat niet in dit bericht. Vraag die hier aan:",
      },
      { kind: "paragraph", text: "lekwijzer.example.org/datalek/voorbeeld-telecom-2026-02/getroffen" },
    ]);
    const { breachSlug: _slug, ...withoutSlug } = setup;
    const unnamed = compose(base, "first-notice", compileMessageSetup(withoutSlug));
    expect(unnamed.breachAddress).toBeUndefined();
    expect(JSON.stringify(unnamed.sections)).toContain("Bel ons voor uw code: 020-123 45 67.");
    // Only the first notice; and without the platform's address there is no such section at all.
    expect(compose(base, "update").planAddress).toBeUndefined();
    expect(compose(base, "update").sections.map((s) => s.id)).not.toContain("plan-online");
    const { publicUrl: _, ...withoutUrl } = setup;
    const bare = compose(base, "first-notice", compileMessageSetup(withoutUrl));
    expect(bare.planAddress).toBeUndefined();
    expect(bare.sections.map((s) => s.id)).not.toContain("plan-online");
  });

  it("names as 'not leaked' exactly the framework's often-feared categories, in the message's order", () => {
    expect(OFTEN_FEARED).toEqual(["password", "iban", "payment-card", "bsn", "id-document-copy", "health"]);
    expect([...OFTEN_FEARED].sort()).toEqual(
      CATEGORIES.filter((c) => c.oftenFeared)
        .map((c) => c.id)
        .sort(),
    );
    const sample = compileMessageSetup(sampleSetup());
    const which = compose(base, "update", sample).sections.find((s) => s.id === "which-data");
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
    // A short notice names them inside the sentence while that stays within B1's 20 words.
    const short = compose(base, "first-notice", sample).sections.find((s) => s.id === "which-data");
    expect(short?.blocks[0]).toEqual({
      kind: "paragraph",
      text:
        "Deze gegevens van u zijn gelekt: naam, adres, e-mailadres, telefoonnummer en bankrekeningnummer (IBAN). " +
        "Niet gelekt zijn: wachtwoord, gegevens van uw betaalpas of creditcard, kopie van uw paspoort, " +
        "ID-kaart of rijbewijs en gezondheid.",
    });
  });

  it("names the person's data in the summary within B1's sentence length, however many kinds leaked", () => {
    const every = { ...setup.breach, data: CATEGORIES.map((c) => ({ category: c.id })) };
    const compiled = compileMessageSetup({ ...setup, breach: every });
    const all = { ...base, categories: [] };
    const nl = composeMessage(compiled, {
      recipient: all,
      plan: planForRecipient(every, all),
      kind: "update",
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
      kind: "update",
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
    const withIban = compose({ ...base, categories: ["iban"], flags: ["senior"] }, "update", own);
    const text = JSON.stringify(withIban.sections.find((s) => s.id === "compensation"));
    expect(text).toContain("50 euro");
    expect(text).toContain("graag uitleggen");
    const without = JSON.stringify(
      compose({ ...base, categories: ["email"] }, "update", own).sections.find(
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

describe("how a first notice is shown", () => {
  it("joins neighbouring elements under one heading, and keeps one section per element for the checks", () => {
    const message = compose(base);
    const shown = shownSections(message);
    expect(shown.map((s) => s.heading)).toEqual([
      "Wat is er gebeurd",
      "Welke gegevens van u zijn gelekt",
      "Wat u zelf kunt doen",
      "Uw persoonlijke plan op internet",
      "Hulp als het toch misgaat",
      "Vragen en nieuws",
      "Is dit bericht echt?",
    ]);
    expect(shown.flatMap((s) => s.elements)).toEqual(
      expect.arrayContaining(message.sections.flatMap((s) => s.elements)),
    );
    expect(message.sections.map((s) => s.id)).toContain("compensation");
    // People who share a profile share the joined sections too (the renderers cache frozen sections).
    expect(shownSections(compose(base))[0]).toBe(shown[0]);
    const update = compose(base, "update");
    expect(shownSections(update)).toBe(update.sections);
  });
});
