import { describe, expect, it } from "vitest";
import { telHref, withPhoneLinks } from "./format.ts";

describe("page formatting", () => {
  it("makes every Dutch phone number in a text dialable and escapes the rest", () => {
    const out = withPhoneLinks("Bel 0900-8844 of 088-900 10 00. Bij gevaar: 112 <nu>.").toString();
    expect(out).toContain(
      '<a class="utrecht-link utrecht-link--telephone" href="tel:09008844">0900-8844</a>',
    );
    expect(out).toContain('href="tel:0889001000">088-900 10 00</a>.');
    expect(out).toContain('href="tel:112">112</a>');
    expect(out).toContain("&lt;nu&gt;");
    expect(withPhoneLinks("Tot 13 maanden of 8 weken, in 2026.").toString()).not.toContain("<a");
    expect(telHref("020-261 52 75")).toBe("tel:0202615275");
  });
});
