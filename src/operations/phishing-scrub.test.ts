/**
 * Scrubbing a reported text: the reporter's own data goes, the phishing indicators (the sender's address or
 * number, links) stay.
 */
import { describe, expect, it } from "vitest";
import { cleanSender, scrubReportText } from "./phishing-scrub.ts";

const nl = (text: string, sender = "") => scrubReportText(text, { sender, language: "nl" });

describe("scrubReportText", () => {
  it("replaces e-mail addresses, phone numbers, IBANs, postcodes, streets and BSN-like numbers", () => {
    const text =
      "Beste Jan de Vries, uw adres jan.devries@gmail.com is gelekt. Bel ons terug op 06-12345678 of " +
      "+31 6 1234 5678. Betaal via NL91 ABNA 0417 1643 00 of NL91ABNA0417164300. " +
      "Wij sturen een brief naar Dorpsweg 12a, 1234 AB Ergens. Uw BSN 123456782 en 123.456.782 zijn bekend.";
    const scrubbed = nl(text);
    for (const personal of [
      "Jan",
      "Vries",
      "jan.devries@gmail.com",
      "06-12345678",
      "1234 5678",
      "NL91",
      "0417",
      "Dorpsweg",
      "1234 AB",
      "123456782",
      "123.456.782",
    ])
      expect(scrubbed, personal).not.toContain(personal);
    expect(scrubbed).toContain("Beste [naam],");
    expect(scrubbed).toContain("[e-mailadres]");
    expect(scrubbed).toContain("[telefoonnummer]");
    expect(scrubbed).toContain("[rekeningnummer]");
    expect(scrubbed).toContain("[straat en huisnummer]");
    expect(scrubbed).toContain("[postcode en huisnummer]");
    expect(scrubbed).toContain("[nummer]");
  });

  it("keeps the sender's own address or number in the text, however it is written", () => {
    const text =
      "Vragen? Mail support@voorbeeld-veilig.nl of bel 088 123 45 67. Uw nummer 0612345678 is bekend.";
    const byMail = nl(text, "Support@Voorbeeld-Veilig.nl");
    expect(byMail).toContain("support@voorbeeld-veilig.nl");
    expect(byMail).toContain("[telefoonnummer]. Uw nummer [telefoonnummer]");
    const byPhone = nl(text, "+31 88 1234567");
    expect(byPhone).toContain("088 123 45 67");
    expect(byPhone).not.toContain("0612345678");
    expect(byPhone).not.toContain("support@");
  });

  it("keeps links, but not an address inside one", () => {
    const scrubbed = nl(
      "Klik op https://voorbeeld-herstel.example/login?id=20261204123456&mail=jan%40gmail.com nu.",
    );
    expect(scrubbed).toContain(
      "https://voorbeeld-herstel.example/login?id=20261204123456&mail=[e-mailadres]",
    );
    expect(scrubbed).not.toContain("jan");
  });

  it("leaves ordinary words, amounts and dates alone, and says it in English for English reporters", () => {
    const text = "Geachte klant, betaal € 49,95 voor 5 december 2026 om 12:00 uur.";
    expect(nl(text)).toBe(text);
    expect(scrubReportText("Dear Mrs Smith, call 020-1234567.", { sender: "", language: "en" })).toBe(
      "Dear Mrs [name], call [phone number].",
    );
  });
});

describe("cleanSender", () => {
  it("trims, collapses white space and cuts long input", () => {
    expect(cleanSender("  +31  6\t1234 5678 ", 200)).toBe("+31 6 1234 5678");
    expect(cleanSender("x".repeat(300), 200)).toHaveLength(200);
  });
});
