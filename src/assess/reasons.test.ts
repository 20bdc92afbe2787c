import { describe, expect, it } from "vitest";
import { checkPlainLanguage } from "../framework/index.ts";
import { REASON_CODES, reasonText } from "./reasons.ts";

const params = {
  categories: ["name", "health"] as const,
  value: 3,
  from: 5,
  to: "high",
  text: "2026-02-13T14:00:00+01:00",
};

describe("reason texts", () => {
  it("exist for every code in both languages and name the categories involved", () => {
    for (const code of REASON_CODES) {
      const ref = { code, effect: "set" as const, params: { ...params, categories: [...params.categories] } };
      expect(reasonText(ref, "nl").length, code).toBeGreaterThan(10);
      expect(reasonText(ref, "en").length, code).toBeGreaterThan(10);
    }
    const special = {
      code: "special-category-data" as const,
      effect: "raised" as const,
      params: { categories: ["name", "health"] as ("name" | "health")[] },
    };
    expect(reasonText(special, "nl")).toContain("naam en gezondheid");
    expect(reasonText(special, "en")).toContain("name and health");
  });

  it("are plain Dutch without blocking B1 findings", () => {
    for (const code of REASON_CODES) {
      const ref = { code, effect: "set" as const, params: { ...params, categories: [...params.categories] } };
      const report = checkPlainLanguage(reasonText(ref, "nl"));
      expect(
        report.findings.filter((finding) => finding.severity === "block"),
        code,
      ).toEqual([]);
    }
  });
});
