import { HtmlValidate } from "html-validate";
import { describe, expect, it } from "vitest";
import { renderEmailHtml, renderEmailText } from "./email.ts";
import { HOSTILE, testMessage } from "./test-fixtures.ts";

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
    expect(html).toContain("&quot;&#39; onmouseover=&quot;alert(1)");
    expect(html).not.toContain("\u202E");
    expect(html).toContain("Evafdp.exe");
    const report = await validator.validateString(html);
    expect(report.valid).toBe(true);
  });

  it("writes the address to type in bold, broken up so it is not auto-linked", () => {
    const html = renderEmailHtml(testMessage());
    expect(html).toContain("<strong>voorbeeldtelecom.\u2060nl/datalek</strong>");
    expect(html).not.toContain("https://");
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
