import { HtmlValidate } from "html-validate";
import { describe, expect, it } from "vitest";
import { generateVerificationCode } from "../codes.ts";
import { compileMessageSetup } from "../compose/campaign.ts";
import { composeMessage, planForRecipient } from "../compose/compose.ts";
import type { ComposedMessage } from "../message.ts";
import { SAMPLE_RECIPIENTS, sampleSetup } from "../sample.ts";
import { HOSTILE, testMessage } from "../test-fixtures.ts";
import { renderEmailHtml, renderEmailText } from "./email.ts";

const validator = new HtmlValidate({ extends: ["html-validate:recommended"] });

function hostileMessage() {
  const base = testMessage();
  return testMessage({
    subject: `Datalek ${HOSTILE.script}`,
    addressee: { ...base.addressee, salutation: `Beste ${HOSTILE.rtl} ${HOSTILE.quotes},` },
    sections: base.sections.map((s, i) =>
      i === 0
        ? {
            ...s,
            heading: `Wat ${HOSTILE.script}`,
            blocks: [{ kind: "paragraph", text: `Tekst ${HOSTILE.quotes} & meer` }],
          }
        : s,
    ),
  });
}

describe("e-mail HTML", () => {
  it("is valid, accessible HTML: lang, title, headings in order, dark-mode aware", async () => {
    const html = renderEmailHtml(testMessage());
    const report = await validator.validateString(html);
    expect(report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message}`))).toEqual([]);
    expect(html).toContain('<html lang="nl">');
    expect(html).toContain('<meta name="color-scheme" content="light dark">');
    expect(html).toContain("prefers-color-scheme:dark");
    expect(html.match(/<h1>/g)).toHaveLength(1);
    expect(html).toContain('<h2 id="s-what-you-can-do">Wat u zelf kunt doen</h2>');
    expect(html).not.toMatch(/<a\s|<img|<script/);
  });

  it("escapes hostile values from victim data and staff text", async () => {
    const html = renderEmailHtml(hostileMessage());
    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    // Break points for phone screens sit between escaped pieces, never inside an escape.
    expect(html.replaceAll("<wbr>", "")).toContain("&quot;&#39; onmouseover=&quot;alert(1)");
    expect(html).not.toContain("\u202E");
    expect(html).toContain("Evafdp.exe");
    const report = await validator.validateString(html);
    expect(report.valid).toBe(true);
  });

  it("writes the addresses to type in bold, broken up so they are not auto-linked but wrap on a phone", () => {
    const plan = "lekwijzer.example.org/wat-kunt-u-doen/datalek?datalek=Voorbeeld+Telecom&gegevens=name,iban";
    const base = testMessage();
    const message = testMessage({
      planAddress: plan,
      sections: base.sections.map((s) =>
        s.id === "what-you-can-do" ? { ...s, blocks: [...s.blocks, { kind: "paragraph", text: plan }] } : s,
      ),
    });
    const html = renderEmailHtml(message);
    expect(html).toContain('<strong class="address">voorbeeldtelecom<wbr>.\u2060nl/<wbr>datalek</strong>');
    expect(html).toContain(
      '<strong class="address">lekwijzer<wbr>.\u2060example<wbr>.\u2060org/<wbr>wat-<wbr>kunt-<wbr>u-<wbr>doen/<wbr>datalek?<wbr>datalek=<wbr>Voorbeeld+<wbr>Telecom&amp;<wbr>gegevens=<wbr>name,<wbr>iban</strong>',
    );
    expect(html).not.toContain("https://");
  });

  it("gives long words soft hyphens and long addresses break points, and wraps what is left", () => {
    const base = testMessage();
    const html = renderEmailHtml(
      testMessage({
        sections: base.sections.map((s, i) =>
          i === 0
            ? {
                ...s,
                blocks: [
                  {
                    kind: "paragraph",
                    text: "Uw burgerservicenummer staat in de klantgegevensadministratie. Mail privacyadviseur.klantgegevensbescherming@voorbeeld.nl.",
                  },
                ],
              }
            : s,
        ),
      }),
    );
    expect(html).toContain("bur&shy;ger&shy;ser&shy;vi&shy;ce&shy;num&shy;mer");
    // No hyphen inside an address people type: bare break points only.
    expect(html).toContain("privacyadviseur<wbr>.klantgeg<wbr>evensbesc<wbr>herming<wbr>@voorbeeld<wbr>.nl.");
    expect(html).toMatch(/body\{[^}]*overflow-wrap:anywhere/);
  });

  it("shows the code, reference and the promise never to ask for passwords", () => {
    const html = renderEmailHtml(testMessage());
    expect(html).toContain('<span class="code">K7QX-M3PA-9RTW-XH4C</span>');
    expect(html).toContain("VT-2026-000001");
    expect(html).toContain("Wij vragen u nooit om uw wachtwoord");
  });
});

describe("e-mail text part", () => {
  it("has the same content, wrapped at 72 characters, steps numbered", () => {
    const text = renderEmailText(testMessage());
    for (const line of text.split("\n")) expect(line.length).toBeLessThanOrEqual(72);
    expect(text).toContain("Wat u zelf kunt doen\n--------------------");
    expect(text).toMatch(/1\. Controleer uw bankrekening\n {3}Kijk of er geld af gaat/);
    expect(text).toContain("   * Bel uw bank als u iets vreemds ziet.");
    expect(text).toContain("Controlecode: K7QX-M3PA-9RTW-XH4C");
  });

  it("keeps hostile values as inert text without direction overrides", () => {
    const message = hostileMessage();
    const text = renderEmailText(message);
    expect(text).toContain(HOSTILE.script);
    expect(text).not.toContain("\u202E");
  });
});

describe("e-mail bodies per campaign variant", () => {
  const setup = sampleSetup();
  const compiled = compileMessageSetup(setup);
  const messages = SAMPLE_RECIPIENTS.flatMap((template, t) =>
    [0, 1, 2].map((i) => {
      const recipient = { ...template, id: `variant-${t}-${i}`, name: `${template.name ?? "Klant"} ${i}` };
      return composeMessage(compiled, {
        recipient,
        plan: planForRecipient(setup.breach, recipient),
        kind: "first-notice",
        verificationCode: generateVerificationCode(),
        personalCode: generateVerificationCode(),
      });
    }),
  );
  // A deep copy holds no frozen (shared) section, so it is rendered section by section: the reference output.
  const unshared = (message: ComposedMessage) => structuredClone(message);

  it("renders each person's own code into the shared frame, as the section-by-section path does", () => {
    for (const message of messages) {
      const html = renderEmailHtml(message);
      expect(html).toBe(renderEmailHtml(unshared(message)));
      expect(html.replaceAll("<wbr>", "")).toContain(message.personalCode ?? "no personal code");
      expect(renderEmailText(message)).toBe(renderEmailText(unshared(message)));
    }
  });

  it("falls back when a message no longer fits its variant's frame", () => {
    const [first, second] = messages as [ComposedMessage, ComposedMessage];
    renderEmailHtml(first);
    // Same variant (same first shared section), one section fewer.
    const dropped = second.sections.at(-1) as ComposedMessage["sections"][number];
    const changed = { ...second, sections: second.sections.slice(0, -1) };
    expect(renderEmailHtml(changed)).toBe(renderEmailHtml(unshared(changed)));
    expect(renderEmailHtml(changed)).not.toContain(`id="s-${dropped.id}"`);
  });
});

describe("a personal code inside shared words", () => {
  it("is marked up as the whole paragraph would be, for codes of every length", () => {
    const setup = { ...sampleSetup(), publicUrl: "https://lekwijzer.example.org" };
    const compiled = compileMessageSetup(setup);
    const recipient = SAMPLE_RECIPIENTS[0] as (typeof SAMPLE_RECIPIENTS)[number];
    for (const personalCode of [
      "K7QM-4XRT-9WHP",
      "M3PA-K7QX-XH4C-9RTW",
      "abc<d>-é",
      generateVerificationCode(),
    ]) {
      const message = composeMessage(compiled, {
        recipient,
        plan: planForRecipient(setup.breach, recipient),
        kind: "first-notice",
        verificationCode: generateVerificationCode(),
        personalCode,
      });
      const withCode = message.sections
        .flatMap((s) => s.blocks)
        .find((b) => b.kind === "paragraph" && b.code);
      expect(withCode, personalCode).toBeDefined();
      // The same message with the paragraph as plain text: the markup every other paragraph gets.
      const plain: ComposedMessage = {
        ...message,
        sections: message.sections.map((s) => ({
          ...s,
          blocks: s.blocks.map((b) =>
            b === withCode && b.kind === "paragraph" ? { kind: "paragraph" as const, text: b.text } : b,
          ),
        })),
      };
      expect(renderEmailHtml(message)).toBe(renderEmailHtml(plain));
    }
  });
});
