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

describe("template limits (hostile templates)", () => {
  const steps = {
    kind: "list" as const,
    ordered: true,
    items: Array.from({ length: 8 }, (_, i) => ({ title: `Stap ${i}`, text: "Doe dit nu. ".repeat(20) })),
    inline: "stap een en stap twee",
  };
  const listOpts = { ...opts, placeholders: [...opts.placeholders, "steps"], name: "what-you-can-do (nl)" };

  function refused(run: () => unknown): TemplateError {
    const start = performance.now();
    try {
      run();
    } catch (error) {
      expect(performance.now() - start).toBeLessThan(1000);
      if (error instanceof TemplateError) return error;
      throw error;
    }
    throw new Error("expected a TemplateError");
  }

  it("refuses a list placeholder expanded thousands of times, naming it", () => {
    const source = Array.from({ length: 1400 }, () => "((steps))").join("\n\n");
    const error = refused(() => compileTemplate(source, listOpts).render({ steps }, ctx()));
    expect(error.message).toMatch(/more than 400 placeholders/);

    const fewer = Array.from({ length: 300 }, () => "Dit: ((steps))").join("\n\n");
    const expanded = refused(() => compileTemplate(fewer, listOpts).render({ steps }, ctx()));
    expect(expanded.placeholder).toBe("steps");
    expect(expanded.message).toMatch(/what-you-can-do \(nl\), line \d+: \(\(steps\)\)/);
  });

  it("counts list expansions inside sentences and in one line", () => {
    const inline = `Wij noemen ${Array.from({ length: 20 }, () => "((steps)) en").join(" ")} meer.`;
    const error = refused(() => compileTemplate(inline, listOpts).renderLine({ steps }, ctx()));
    expect(error.placeholder).toBe("steps");
    expect(error.message).toMatch(/expanded more than 12 times/);
  });

  it("caps the characters one rendering produces", () => {
    const error = refused(() =>
      compileTemplate("Beste ((name)), ((name)) ((name))", opts).render({ name: "x".repeat(25_000) }, ctx()),
    );
    expect(error.placeholder).toBe("name");
    expect(error.message).toMatch(/longer than 60,000 characters/);
  });

  it("refuses huge texts and deep nesting at compile time", () => {
    expect(refused(() => compileTemplate("a".repeat(20_001), opts)).message).toMatch(
      /20,001 characters; at most 20,000/,
    );
    const nested = `${"((if flag:senior))\n".repeat(9)}tekst\n${"((end))\n".repeat(9)}`;
    expect(refused(() => compileTemplate(nested, opts)).message).toMatch(/nested more than 8 deep/);
    const inlineNested = `${"((if flag:senior))".repeat(9)}x${"((end))".repeat(9)}`;
    expect(refused(() => compileTemplate(inlineNested, opts)).message).toMatch(/nested more than 8 deep/);
  });

  it("still renders ordinary templates that use a list twice", () => {
    const t = compileTemplate("Doe dit: ((steps))\n\nKort: ((steps)).", listOpts);
    expect(t.render({ steps }, ctx()).filter((b) => b.kind === "list")).toHaveLength(2);
  });
});

describe("channel conditions in a channel-free rendering", () => {
  const channelOpts = { ...opts, name: "t" };
  it("marks blocks with the channels they are for, and evaluates them when a channel is given", () => {
    const t = compileTemplate(
      "Voor iedereen.\n((if channel:letter or channel:portal))\nOp papier of online.\n((else))\nDigitaal.\n((end))\nWij helpen u((if channel:letter)) per post((end)).",
      channelOpts,
    );
    const free = t.render({}, { categories: new Set(), flags: new Set() });
    expect(free).toEqual([
      { kind: "paragraph", text: "Voor iedereen." },
      { kind: "paragraph", text: "Op papier of online.", channels: ["letter", "portal"] },
      { kind: "paragraph", text: "Digitaal.", channels: ["email", "sms"] },
      { kind: "paragraph", text: "Wij helpen u.", channels: ["email", "sms", "portal"] },
      { kind: "paragraph", text: "Wij helpen u per post.", channels: ["letter"] },
    ]);
    expect(t.render({}, ctx({ channel: "letter" })).map((b) => ("text" in b ? b.text : ""))).toEqual([
      "Voor iedereen.",
      "Op papier of online.",
      "Wij helpen u per post.",
    ]);
  });

  it("refuses channel conditions where text is the same on every channel", () => {
    expect(() =>
      compileTemplate("Nieuws((if channel:sms)) kort((end))", {
        ...opts,
        name: "subject",
        channelConditions: false,
      }),
    ).toThrow(/subject, line 1: channel conditions cannot be used here/);
  });
});
