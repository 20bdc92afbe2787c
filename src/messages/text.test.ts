import { describe, expect, it } from "vitest";
import { cleanText, escapeHtml, unlinkable, wrap } from "./text.ts";

describe("text helpers", () => {
  it("wrap at the width without breaking words, indenting continuation lines", () => {
    const text =
      "Een bank of organisatie vraagt nooit om uw pincode, wachtwoord of inlogcode. Ook niet aan de telefoon.";
    const wrapped = wrap(text, 30, "  ");
    for (const line of wrapped.split("\n")) expect(line.length).toBeLessThanOrEqual(30);
    expect(wrapped.replace(/\n {2}/g, " ")).toBe(text);
    expect(wrap("kort", 30)).toBe("kort");
    expect(wrap(`${"x".repeat(40)} y`, 30)).toBe(`${"x".repeat(40)}\ny`);
  });

  it("clean and escape hostile text", () => {
    expect(cleanText("a\r\nb\tc\u202Ed\u0007")).toBe("a b cd");
    expect(escapeHtml(`<b a="1">'&'</b>\u2066`)).toBe("&lt;b a=&quot;1&quot;&gt;&#39;&amp;&#39;&lt;/b&gt;");
  });

  it("break up addresses so mail programs do not make links of them", () => {
    expect(unlinkable("https://voorbeeld.nl/datalek")).toBe("voorbeeld.\u2060nl/datalek");
  });
});
