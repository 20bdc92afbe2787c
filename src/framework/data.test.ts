import { describe, expect, it } from "vitest";
import { CATEGORIES } from "./categories.ts";
import { frameworkDocument } from "./document.ts";
import { SUBJECT_LINES } from "./elements.ts";
import { HELP_ORGANISATIONS } from "./help-organisations.ts";
import { CATEGORY_IDS, FLAG_IDS } from "./ids.ts";
import { getCategory, getFlag, getHelpOrganisation, getStep, isCategoryId } from "./lookup.ts";
import { FRAMEWORK_VERSION } from "./version.ts";

describe("framework data", () => {
  it("has every contract category with the class and flags the methods give", () => {
    expect(CATEGORIES.map((category) => category.id)).toEqual([...CATEGORY_IDS]);
    expect(getCategory("health")).toMatchObject({ enisaClass: "sensitive", special: true, criminal: false });
    expect(getCategory("criminal")).toMatchObject({
      enisaClass: "sensitive",
      special: false,
      criminal: true,
    });
    expect(getCategory("iban").enisaClass).toBe("financial");
    expect(getCategory("password")).toMatchObject({ credential: true });
    expect(getCategory("bsn").identification).toBe("unique");
    expect(getCategory("customer-number").identification).toBe("indirect");
    expect(getCategory("password-hash").identification).toBe("none");
  });

  it("has the routes the contract names for flags", () => {
    expect(FLAG_IDS).toContain("no-digital-access");
    expect(getFlag("no-digital-access").channel).toMatchObject({
      preferred: ["letter"],
      excludesDigital: true,
    });
    expect(getFlag("represented").channel.preferred).toEqual(["representative"]);
    expect(getFlag("deceased").channel.preferred).toEqual(["estate"]);
  });

  it("keeps help organisations in one place with provenance", () => {
    expect(getHelpOrganisation("cmi").contact).toContainEqual({
      kind: "phone",
      value: "088-900 10 00",
      note: { nl: "Voor vragen, lokaal tarief", en: "For questions, local rate" },
    });
    for (const organisation of HELP_ORGANISATIONS) {
      expect(organisation.source).not.toBe("");
      expect(organisation.checkedAt).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it("says a leaked BSN alone needs no new number", () => {
    expect(getStep("bsn-no-new-number").triggers).toEqual([{ categories: ["bsn"], priority: "soon" }]);
  });

  it("has at least three subject lines", () => {
    expect(SUBJECT_LINES.length).toBeGreaterThanOrEqual(3);
  });

  it("throws on an id that is not in the framework", () => {
    expect(() => getCategory("emial" as never)).toThrow('unknown category "emial"');
    expect(isCategoryId("email")).toBe(true);
    expect(isCategoryId("emial")).toBe(false);
  });
});

describe("frameworkDocument", () => {
  it("is plain JSON with the version", () => {
    const document = frameworkDocument();
    expect(document.version).toBe(FRAMEWORK_VERSION);
    expect(FRAMEWORK_VERSION).toBe("2026.3");
    expect(JSON.parse(JSON.stringify(document))).toEqual(document);
    expect(document.categories).toHaveLength(CATEGORY_IDS.length);
  });

  it("returns a copy that callers cannot use to change the framework", () => {
    const document = frameworkDocument();
    (document.categories as unknown as unknown[]).splice(0);
    expect(frameworkDocument().categories).toHaveLength(CATEGORY_IDS.length);
  });
});
