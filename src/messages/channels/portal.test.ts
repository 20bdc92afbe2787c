import { HtmlValidate } from "html-validate";
import { describe, expect, it } from "vitest";
import { HOSTILE, testMessage } from "../test-fixtures.ts";
import { renderPortalHtml, renderPortalSection } from "./portal.ts";

describe("portal HTML", () => {
  it("uses Utrecht class names and semantic headings", () => {
    const html = renderPortalHtml(testMessage());
    expect(html).toContain('<h1 class="utrecht-heading-1">');
    expect(html).toContain(
      '<h2 class="utrecht-heading-2" id="bericht-what-you-can-do">Wat u zelf kunt doen</h2>',
    );
    expect(html).toContain('<ol class="utrecht-ordered-list">');
    expect(html).toContain('<li class="utrecht-unordered-list__item">naam</li>');
    expect(html).toContain('<p class="utrecht-paragraph">');
    expect(html).not.toMatch(/<a\s/);
  });

  it("is a valid fragment that escapes hostile values", async () => {
    const section = {
      id: "x",
      heading: HOSTILE.script,
      elements: [],
      blocks: [{ kind: "paragraph" as const, text: `${HOSTILE.quotes} ${HOSTILE.rtl}` }],
    };
    const fragment = renderPortalSection(section, 3);
    expect(fragment).not.toContain("<script>");
    expect(fragment).not.toContain("\u202E");
    expect(fragment).toContain('<h3 class="utrecht-heading-3"');
    const page = `<!DOCTYPE html><html lang="nl"><head><title>t</title></head><body><main>${renderPortalHtml(testMessage())}${fragment}</main></body></html>`;
    const report = await new HtmlValidate({ extends: ["html-validate:recommended"] }).validateString(page);
    expect(report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message}`))).toEqual([]);
  });
});
