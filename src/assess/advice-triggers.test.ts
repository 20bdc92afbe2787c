// Which data kinds bring which advice (framework 2026.3): each case is a misuse the leaked data makes possible.
import { describe, expect, it } from "vitest";
import type { CategoryId } from "../framework/index.ts";
import { adviceFor } from "./plan.ts";

const stepOf = (categories: readonly CategoryId[], id: string) =>
  adviceFor({ categories }).steps.find((step) => step.id === id);
const ids = (categories: readonly CategoryId[]) => adviceFor({ categories }).steps.map((step) => step.id);

describe("advice that data kinds trigger", () => {
  it("gives the debt-collection and BKR checks for a date of birth with an address", () => {
    expect(ids(["name", "date-of-birth", "address"])).toEqual(
      expect.arrayContaining(["unjustified-debt-collection", "check-credit-registration"]),
    );
  });

  it("does not give them for a date of birth or an address alone", () => {
    for (const alone of [
      ["name", "date-of-birth"],
      ["name", "address"],
    ] as const) {
      expect(ids(alone)).not.toContain("unjustified-debt-collection");
      expect(ids(alone)).not.toContain("check-credit-registration");
    }
  });

  it("gives two-step login for a phone number, with WhatsApp's own and never passing on a code", () => {
    const step = stepOf(["phone"], "enable-two-factor");
    expect(step?.priority).toBe("soon");
    expect(step?.how.join(" ")).toContain("'Verificatie in twee stappen'");
    expect(step?.how.join(" ")).toContain("Geef nooit een code door");
  });

  it("gives the do-not-pay-a-blackmailer step for health and criminal-record data", () => {
    for (const category of ["health", "criminal"] as const) {
      const step = stepOf([category], "refuse-blackmail");
      expect(step?.priority, category).toBe("soon");
      expect(step?.help).toContain("politie");
    }
    expect(ids(["name", "email"])).not.toContain("refuse-blackmail");
  });

  it("raises SIM swap to 'now' when the phone number leaked with identity data", () => {
    expect(stepOf(["phone"], "sim-swap")?.priority).toBe("watch");
    expect(stepOf(["phone", "date-of-birth"], "sim-swap")?.priority).toBe("now");
    expect(stepOf(["phone", "id-document-number"], "sim-swap")?.priority).toBe("now");
    expect(stepOf(["date-of-birth"], "sim-swap")).toBeUndefined();
  });

  it("says letters can be fake and QR codes in letters are not to be scanned", () => {
    const how = stepOf(["email"], "recognise-phishing")?.how.join(" ");
    expect(how).toContain("brieven");
    expect(how).toContain("Scan geen QR-code uit een brief");
  });
});
