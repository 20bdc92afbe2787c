import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { createReportWriter, maskValue, neutraliseFormula, reportLine } from "./report.ts";

describe("neutraliseFormula", () => {
  it("prefixes cells a spreadsheet would run as a formula", () => {
    for (const cell of ["=1+1", "+31", "-2", "@SUM(A1)", "\tx", "\rx"])
      expect(neutraliseFormula(cell)).toBe(`'${cell}`);
    expect(neutraliseFormula("email")).toBe("email");
  });
});

describe("maskValue", () => {
  it("shows no full e-mail address, phone number, name or id", () => {
    expect(maskValue("email", "jan.jansen@example.org")).toBe("j***@example.org");
    expect(maskValue("contact_email", "ouder@example.org")).toBe("o***@example.org");
    expect(maskValue("phone", "06-1234 5678")).toBe("06********78");
    expect(maskValue("name", "Jan Jansen")).toBe("J***");
    expect(maskValue("street", "Dorpsstraat")).toBe("D***");
    expect(maskValue("external_id", "K123456")).toBe("K1***56");
  });

  it("shows non-personal values, made visible and cut", () => {
    expect(maskValue("categories", "emial|iban")).toBe("emial|iban");
    expect(maskValue("segment", `a\r\nb${"c".repeat(60)}`)).toBe(`a\\r\\nb${"c".repeat(34)}…`);
  });
});

describe("the report", () => {
  it("writes CSV that is safe to open in a spreadsheet", async () => {
    const line = reportLine({
      line: 7,
      column: "email",
      severity: "warning",
      code: "email-injection",
      reason: "contains a line break",
      value: '=HYPERLINK("http://evil")@example.org\r\nBcc: x',
    });
    expect(line).toBe(
      `7,email,warning,email-injection,contains a line break,'=***@example.org\\r\\nBcc: x\r\n`,
    );
    expect(
      reportLine({
        line: 2,
        column: "segment",
        severity: "error",
        code: "segment",
        reason: "bad",
        value: "-1",
      }),
    ).toContain(",'-1");
  });

  it("streams with a header and counts errors and warnings", async () => {
    const out = new PassThrough();
    const chunks: string[] = [];
    out.on("data", (c) => chunks.push(String(c)));
    const writer = createReportWriter(out);
    await writer.write({ line: 2, column: "", severity: "error", code: "x", reason: "r" });
    await writer.write({ line: 3, column: "", severity: "warning", code: "y", reason: "r" });
    await writer.close();
    expect(chunks.join("")).toBe(
      "\uFEFFline,column,severity,code,reason,value\r\n2,,error,x,r,\r\n3,,warning,y,r,\r\n",
    );
    expect([writer.errors, writer.warnings]).toEqual([1, 1]);
  });
});
