// The category attributes the rules read from the framework must fit together, or a rule would silently skip
// a category (e.g. a document category without the identity attribute would escape the identity + financial rule).
import { describe, expect, it } from "vitest";
import { CATEGORIES } from "../framework/index.ts";

describe("category attributes the rules read", () => {
  it("gives every identity-document category the identity attribute and the national-number role", () => {
    const documents = CATEGORIES.filter((category) => category.identityDocument !== undefined);
    expect(documents.map((category) => [category.id, category.identityDocument])).toEqual([
      ["id-document-number", "number"],
      ["id-document-copy", "copy"],
    ]);
    for (const category of documents) {
      expect(category.identity).toBe(true);
      expect(category.identityProfile).toBe("national-number");
    }
  });

  it("marks as pseudonymous only identifiers that say nothing about the person on their own", () => {
    for (const category of CATEGORIES.filter((entry) => entry.pseudonymousIdentifier)) {
      expect(category.identification, category.id).toBe("indirect");
      expect(category.enisaClass, category.id).toBe("simple");
      expect(category.identityProfile, category.id).toBeUndefined();
    }
  });

  it("has the BSN in the identity-fraud profile and among what people fear most", () => {
    const bsn = CATEGORIES.find((category) => category.id === "bsn");
    expect(bsn).toMatchObject({ identity: true, identityProfile: "national-number", oftenFeared: true });
  });
});
