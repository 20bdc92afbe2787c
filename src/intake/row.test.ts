import { describe, expect, it } from "vitest";
import { canonicalVictim, type RawRow, validateRow } from "./row.ts";

const context = { breachCategories: new Set(["email", "phone", "name", "address", "iban"]) };
const codes = (row: RawRow) => validateRow(row, 5, context).problems.map((p) => `${p.severity}:${p.code}`);
const victim = (row: RawRow) => {
  const result = validateRow(row, 5, context);
  if (!result.accepted) throw new Error(`refused: ${JSON.stringify(result.problems)}`);
  return result.accepted.victim;
};

describe("validateRow", () => {
  it("normalises a complete row", () => {
    expect(
      victim({
        external_id: " K1 ",
        email: "Jan@Example.ORG",
        phone: "06 1234 5678",
        name: "  Jan   Jansen ",
        street: "Dorpsstraat",
        house_number: "12a",
        postcode: "1234ab",
        city: "Utrecht",
        language: "EN",
        categories: "iban|email",
        flags: "senior",
        segment: "Groep A",
      }),
    ).toEqual({
      externalId: "K1",
      email: "Jan@example.org",
      phone: "+31612345678",
      name: "Jan Jansen",
      address: {
        street: "Dorpsstraat",
        houseNumber: "12a",
        postcode: "1234 AB",
        city: "Utrecht",
        country: "NL",
      },
      language: "en",
      categories: ["email", "iban"],
      flags: ["senior"],
      segment: "Groep A",
      relationEnded: null,
      contact: null,
      channels: ["email", "sms", "letter"],
      reachable: true,
    });
  });

  it("refuses the row for a missing id, an unknown or out-of-breach category, an unknown flag or a bad segment", () => {
    expect(codes({ email: "a@example.org" })).toContain("error:external-id-missing");
    expect(codes({ external_id: "1", categories: "helath" })).toContain("error:category-unknown");
    expect(codes({ external_id: "1", categories: "health" })).toContain("error:category-not-allowed");
    expect(codes({ external_id: "1", flags: "decaesed" })).toContain("error:flag-unknown");
    expect(codes({ external_id: "1", segment: "=cmd" })).toContain("error:segment");
    expect(validateRow({ external_id: "1", flags: "decaesed" }, 5, context).problems[0]?.reason).toContain(
      '"deceased"',
    );
  });

  it("keeps the row but drops a bad contact value, with a warning", () => {
    const result = validateRow(
      { external_id: "1", email: "x@example.org\r\nBcc: y@example.org", phone: "06 1234 5678" },
      5,
      context,
    );
    expect(result.accepted?.victim.email).toBeNull();
    expect(result.accepted?.victim.channels).toEqual(["sms"]);
    expect(result.problems.map((p) => p.code)).toEqual(["email-injection"]);
  });

  it("keeps a row without a usable channel as unreachable", () => {
    const result = validateRow(
      { external_id: "1", name: "Jan", phone: "020 123 4567", street: "Dorpsstraat" },
      5,
      context,
    );
    expect(result.accepted?.victim.reachable).toBe(false);
    expect(result.accepted?.victim.address).toBeNull();
    expect(result.problems.map((p) => p.code)).toEqual([
      "address-incomplete",
      "phone-landline",
      "unreachable",
    ]);
  });

  it("writes to the contact person for represented, minor and deceased", () => {
    const v = victim({
      external_id: "1",
      email: "kind@example.org",
      flags: "minor",
      contact_name: "M. de Ouder",
      contact_email: "ouder@example.org",
    });
    expect(v.contact).toEqual({
      role: "guardian",
      name: "M. de Ouder",
      email: "ouder@example.org",
      phone: null,
      address: null,
    });
    expect(v.channels).toEqual(["email"]);
    const estate = victim({
      external_id: "2",
      flags: "deceased",
      contact_role: "estate",
      contact_street: "Kerkweg",
      contact_house_number: "3",
      contact_postcode: "3511 AA",
      contact_city: "Utrecht",
    });
    expect(estate.contact?.address?.postcode).toBe("3511 AA");
    expect(estate.channels).toEqual(["letter"]);
  });

  it("refuses a contact role that does not match the flags", () => {
    expect(codes({ external_id: "1", contact_role: "estate", contact_name: "X" })).toContain(
      "error:contact-role-flag",
    );
    expect(codes({ external_id: "1", flags: "deceased", contact_role: "heir", contact_name: "X" })).toContain(
      "error:contact-role",
    );
  });

  it("falls back to a letter at the victim's address for minor and deceased, never for represented", () => {
    const address = {
      street: "Dorpsstraat",
      house_number: "1",
      postcode: "1234 AB",
      city: "Utrecht",
      name: "Jan",
      email: "jan@example.org",
    };
    expect(victim({ external_id: "1", flags: "deceased", ...address }).channels).toEqual(["letter"]);
    expect(victim({ external_id: "1", flags: "minor", ...address }).channels).toEqual(["letter"]);
    const represented = validateRow({ external_id: "1", flags: "represented", ...address }, 5, context);
    expect(represented.accepted?.victim.reachable).toBe(false);
    expect(represented.problems.map((p) => p.code)).toEqual(["contact-missing", "unreachable"]);
  });

  it("ignores a contact person the flags do not call for, with a warning", () => {
    const result = validateRow(
      { external_id: "1", email: "a@example.org", contact_email: "b@example.org" },
      5,
      context,
    );
    expect(result.accepted?.victim.contact).toBeNull();
    expect(result.problems.map((p) => p.code)).toEqual(["contact-unused"]);
  });

  it("gives the same canonical text for the same data, whatever the order of lists", () => {
    const a = victim({
      external_id: "1",
      categories: "iban|email",
      flags: "senior|minor",
      email: "a@Example.org",
    });
    const b = victim({
      external_id: "1",
      categories: "email|iban",
      flags: "minor|senior",
      email: "a@example.ORG",
    });
    expect(canonicalVictim(a)).toBe(canonicalVictim(b));
    expect(canonicalVictim(a)).not.toBe(
      canonicalVictim(victim({ external_id: "1", email: "a@example.org" })),
    );
  });
});

describe("the relationship's end", () => {
  const CONTEXT = { breachCategories: new Set(["email"]) };
  const problems = (row: RawRow) => validateRow(row, 2, CONTEXT).problems;
  it("is read as a date, a year-month as the month's last day", () => {
    expect(
      validateRow({ external_id: "1", relation_ended: "2021-02" }, 2, CONTEXT).accepted?.victim.relationEnded,
    ).toBe("2021-02-28");
    expect(
      validateRow({ external_id: "1", relation_ended: " 2020-02-29 " }, 2, CONTEXT).accepted?.victim
        .relationEnded,
    ).toBe("2020-02-29");
  });
  it("loses only the date when it is not one (a warning at its row and field): the person is still told", () => {
    for (const bad of ["31-12-2021", "2021-13", "2021-02-30", "2999-01-01", "gisteren"]) {
      const result = validateRow({ external_id: "1", relation_ended: bad }, 7, CONTEXT);
      expect(result.accepted?.victim.relationEnded, bad).toBeNull();
      expect(
        problems({ external_id: "1", relation_ended: bad })
          .filter((p) => p.column === "relation_ended")
          .map((p) => [p.line, p.column, p.severity]),
      ).toEqual([[2, "relation_ended", "warning"]]);
    }
  });
});
