import { describe, expect, it } from "vitest";
import { checkEntry, sameEntries } from "./transparency-rules.ts";

const VALID = {
  categories: ["email", "name", "email"],
  purpose: { nl: "Om u een rekening te sturen.", en: "To send you a bill." },
  legalBasis: "b",
  retentionMonths: 24,
  retentionFrom: "relation-end",
};

const paths = (raw: unknown) => {
  const checked = checkEntry(raw);
  return checked.ok ? [] : checked.problems.map((p) => p.path);
};

describe("a transparency register entry", () => {
  it("takes the framework's categories in the framework's order, without repeats", () => {
    const checked = checkEntry(VALID);
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(checked.entry.categories).toEqual(["name", "email"]);
    expect(checked.entry.recipients).toBeNull();
    expect(checked.entry.retentionFromOther).toBeNull();
  });

  it("names every field that is wrong", () => {
    expect(paths({})).toEqual(["categories", "purpose.nl", "legalBasis", "retentionMonths", "retentionFrom"]);
    expect(paths({ ...VALID, categories: ["emial"] })).toEqual(["categories"]);
    expect(paths({ ...VALID, legalBasis: "g" })).toEqual(["legalBasis"]);
    expect(paths({ ...VALID, purpose: { nl: "   " } })).toEqual(["purpose.nl"]);
    expect(paths({ ...VALID, purpose: { nl: "x", de: "y" } })).toEqual(["purpose.de"]);
    expect(paths({ ...VALID, purpose: { nl: "x", en: "y".repeat(601) } })).toEqual(["purpose.en"]);
    expect(paths({ ...VALID, recipients: { en: "Our printer" } })).toEqual(["recipients.nl"]);
  });

  it("takes whole months from 1 to 1200, also as typed in a form", () => {
    expect(paths({ ...VALID, retentionMonths: "36" })).toEqual([]);
    for (const months of [0, 1201, 2.5, "2 jaar", "-3", null])
      expect(paths({ ...VALID, retentionMonths: months }), String(months)).toEqual(["retentionMonths"]);
  });

  it("needs the stated moment only when the period counts from another moment", () => {
    expect(paths({ ...VALID, retentionFrom: "other" })).toEqual(["retentionFromOther.nl"]);
    const other = checkEntry({
      ...VALID,
      retentionFrom: "other",
      retentionFromOther: { nl: "het einde van het schooljaar" },
    });
    expect(other.ok && other.entry.retentionFromOther).toEqual({
      nl: "het einde van het schooljaar",
      en: "",
    });
    // A stated moment given with another start is not kept: it would say two things.
    const relation = checkEntry({ ...VALID, retentionFromOther: { nl: "iets" } });
    expect(relation.ok && relation.entry.retentionFromOther).toBeNull();
  });

  it("treats empty optional texts as not given", () => {
    const checked = checkEntry({ ...VALID, recipients: { nl: " ", en: "" } });
    expect(checked.ok && checked.entry.recipients).toBeNull();
  });

  it("compares what two registers state, not their ids or edit times", () => {
    const a = checkEntry(VALID);
    if (!a.ok) throw new Error("valid entry refused");
    const stored = { ...a.entry, id: "x", updatedAt: new Date() };
    expect(sameEntries([a.entry], [stored])).toBe(true);
    expect(sameEntries([a.entry], [{ ...a.entry, retentionMonths: 25 }])).toBe(false);
    expect(sameEntries([a.entry], [])).toBe(false);
  });
});
