import { describe, expect, it } from "vitest";
import { compileTemplate, MissingValueError, type RenderContext, TemplateError } from "./template.ts";

const ctx = (over: Partial<RenderContext> = {}): RenderContext => ({
  categories: new Set(["email"]),
  flags: new Set(),
  channel: "email",
  ...over,
});
const opts = {
  placeholders: ["name", "organisation", "code"],
  categories: ["email", "iban"],
  flags: ["senior"],
};

function compileError(source: string): TemplateError {
  try {
    compileTemplate(source, opts);
  } catch (error) {
    if (error instanceof TemplateError) return error;
    throw error;
  }
  throw new Error("expected a compile error");
}

describe("template language", () => {
  it("fills placeholders case-insensitively and joins wrapped lines into one paragraph", () => {
    const t = compileTemplate("Beste ((Name)),\nwij zijn ((organisation)).\n\nTweede alinea.", opts);
    expect(t.render({ name: "Eva", organisation: "Voorbeeld BV" }, ctx())).toEqual([
      { kind: "paragraph", text: "Beste Eva, wij zijn Voorbeeld BV." },
      { kind: "paragraph", text: "Tweede alinea." },
    ]);
  });

  it("turns bullet lines into one list", () => {
    const t = compileTemplate("Doe dit:\n* stap een\n- stap twee", opts);
    expect(t.render({}, ctx())).toEqual([
      { kind: "paragraph", text: "Doe dit:" },
      { kind: "list", ordered: false, items: [{ text: "stap een" }, { text: "stap twee" }] },
    ]);
  });

  it("shows block and inline conditions only when the category, flag or channel applies", () => {
    const source = [
      "((if category:iban))",
      "Uw IBAN is gelekt.",
      "((else))",
      "Uw IBAN is niet gelekt.",
      "((end))",
      "Hulp((flag:senior?? bij u thuis)).",
      "((unless channel:sms))Lees verder.((end))",
      "((if category:iban or flag:senior))Extra.((end))",
    ].join("\n");
    const t = compileTemplate(source, opts);
    const plain = t.render({}, ctx()).map((b) => (b.kind === "paragraph" ? b.text : ""));
    expect(plain).toEqual(["Uw IBAN is niet gelekt.", "Hulp. Lees verder."]);
    const senior = t.render(
      {},
      ctx({ categories: new Set(["iban"]), flags: new Set(["senior"]), channel: "sms" }),
    );
    expect(senior.map((b) => (b.kind === "paragraph" ? b.text : ""))).toEqual([
      "Uw IBAN is gelekt.",
      "Hulp bij u thuis. Extra.",
    ]);
  });

  it("treats a placeholder condition as 'has a value'", () => {
    const t = compileTemplate("((if code))Code: ((code))((else))Geen code((end))", opts);
    expect(t.renderLine({ code: "K7QX" }, ctx())).toBe("Code: K7QX");
    expect(t.renderLine({}, ctx())).toBe("Geen code");
  });

  it("rejects an unknown placeholder, naming it and its line", () => {
    const error = compileError("Beste ((name)),\n\nUw ((iban_nummer)) is gelekt.");
    expect(error.placeholder).toBe("iban_nummer");
    expect(error.line).toBe(3);
    expect(error.message).toContain("((iban_nummer))");
    expect(error.message).toContain("line 3");
  });

  it("rejects unknown categories, flags, channels and unbalanced blocks", () => {
    expect(compileError("((if category:iabn))x((end))").message).toContain('unknown category "iabn"');
    expect(compileError("((if flag:vip))x((end))").message).toContain('unknown flag "vip"');
    expect(compileError("((if channel:fax))x((end))").message).toContain('unknown channel "fax"');
    expect(compileError("a\n((if flag:senior))\nb").line).toBe(2);
    expect(compileError("((end))").message).toContain("without");
    expect(compileError("((if flag:senior))x").message).toContain("same line");
  });

  it("offers no way to reach prototypes or code", () => {
    for (const name of ["__proto__", "constructor", "toString", "name.constructor", "hasOwnProperty"]) {
      expect(() => compileTemplate(`((${name}))`, opts)).toThrow(TemplateError);
    }
    // Even when such a name is declared, only the values object's own properties are read.
    const t = compileTemplate("((constructor))((valueOf))", { placeholders: ["constructor", "valueOf"] });
    expect(() => t.render({}, ctx())).toThrow(MissingValueError);
    expect(() => t.render(Object.create({ constructor: "x", valueOf: "y" }), ctx())).toThrow(
      MissingValueError,
    );
    expect(
      t.renderLine(
        new Map([
          ["constructor", "a"],
          ["valueOf", "b"],
        ]),
        ctx(),
      ),
    ).toBe("ab");
    expect(t.renderLine({ constructor: "a", valueOf: "b" }, ctx())).toBe("ab");
  });

  it("refuses to render with a missing or blank value", () => {
    const t = compileTemplate("Beste ((name)),", opts);
    expect(() => t.render({}, ctx())).toThrow(/\(\(name\)\)/);
    expect(() => t.render({ name: "  " }, ctx())).toThrow(MissingValueError);
  });

  it("cleans values: no line breaks, control or text-direction characters", () => {
    const t = compileTemplate("Beste ((name)),", opts);
    expect(t.renderLine({ name: "Eva\u202Efdp.exe\nvan\u0000 Dijk" }, ctx())).toBe(
      "Beste Evafdp.exe van Dijk,",
    );
  });

  it("rejects text-direction characters in the template itself", () => {
    expect(compileError("Hallo \u202Edlrow").message).toContain("text-direction");
  });

  it("reports which placeholders and tests a template uses", () => {
    const t = compileTemplate("((name)) ((if category:iban))x((end)) ((flag:senior??y))", opts);
    expect([...t.placeholders]).toEqual(["name"]);
    expect([...t.tests.categories]).toEqual(["iban"]);
    expect([...t.tests.flags]).toEqual(["senior"]);
  });
});

describe("list values", () => {
  const steps = {
    kind: "list" as const,
    ordered: true,
    items: [{ title: "Verander uw wachtwoord", text: "Doe dit nu." }, { text: "Let op nepberichten." }],
    inline: "uw wachtwoord veranderen en letten op nepberichten",
  };
  const t = compileTemplate("Begin bovenaan. ((steps))\n\nKort: ((steps)).", { placeholders: ["steps"] });

  it("become a list block at the end of a paragraph and inline text inside a sentence", () => {
    expect(t.render({ steps }, ctx())).toEqual([
      { kind: "paragraph", text: "Begin bovenaan." },
      { kind: "list", ordered: true, items: steps.items },
      { kind: "paragraph", text: "Kort:" },
      { kind: "list", ordered: true, items: steps.items },
    ]);
    const inline = compileTemplate("U kunt ((steps)) doen.", { placeholders: ["steps"] });
    expect(inline.renderLine({ steps }, ctx())).toBe(
      "U kunt uw wachtwoord veranderen en letten op nepberichten doen.",
    );
  });

  it("count as missing when empty", () => {
    expect(() => t.render({ steps: { ...steps, items: [] } }, ctx())).toThrow(MissingValueError);
  });
});

describe("list values in the middle of a paragraph", () => {
  it("split the paragraph after a colon and continue with the rest", () => {
    const risks = {
      kind: "list" as const,
      ordered: false,
      items: [{ text: "nepberichten" }, { text: "fraude" }],
      inline: "nepberichten en fraude",
    };
    const t = compileTemplate("Dit kan er gebeuren: ((risks)). Dit hoeft niet te gebeuren.", {
      placeholders: ["risks"],
    });
    expect(t.render({ risks }, ctx())).toEqual([
      { kind: "paragraph", text: "Dit kan er gebeuren:" },
      { kind: "list", ordered: false, items: risks.items },
      { kind: "paragraph", text: "Dit hoeft niet te gebeuren." },
    ]);
  });

  it("put a code on its own line", () => {
    const t = compileTemplate("Vul deze code in: ((code)).", { placeholders: ["code"] });
    expect(t.render({ code: { kind: "code", text: "K7QX-M3PA" } }, ctx())).toEqual([
      { kind: "paragraph", text: "Vul deze code in:" },
      { kind: "code", text: "K7QX-M3PA" },
    ]);
  });
});
