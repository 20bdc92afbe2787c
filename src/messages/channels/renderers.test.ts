import { describe, expect, it } from "vitest";
import type { Section } from "../blocks.ts";
import { testMessage } from "../test-fixtures.ts";
import { CHANNELS } from "./channel.ts";
import { OutputTooLargeError, RENDERERS } from "./renderers.ts";

describe("channel renderers", () => {
  it("render one composed message on every channel behind one interface", () => {
    const message = testMessage();
    expect(Object.keys(RENDERERS).sort()).toEqual([...CHANNELS].sort());
    for (const channel of CHANNELS) expect(RENDERERS[channel].channel).toBe(channel);
    expect(RENDERERS.email.render(message).eml).toMatch(/^From: /m);
    expect(RENDERERS.sms.render(message).text).toContain(message.verificationCode);
    expect(RENDERERS.letter.render(message).pdf.subarray(0, 8).toString()).toBe("%PDF-1.7");
    expect(RENDERERS.portal.render(message)).toContain('<article class="lekwijzer-message"');
  });

  it("show each channel only the text meant for it", () => {
    const base = testMessage();
    const message = testMessage({
      sections: [
        {
          id: "extra",
          heading: "Extra",
          elements: [],
          blocks: [
            { kind: "paragraph", text: "Alleen op papier.", channels: ["letter"] },
            { kind: "paragraph", text: "Alleen digitaal.", channels: ["email", "portal"] },
          ],
        },
        ...base.sections,
      ],
    });
    const email = RENDERERS.email.render(message);
    expect(email.text).toContain("Alleen digitaal.");
    expect(email.text).not.toContain("Alleen op papier.");
    expect(RENDERERS.portal.render(message)).not.toContain("Alleen op papier.");
  });

  it("refuse output above the channel's hard limit, naming the channel", () => {
    const base = testMessage();
    const huge = testMessage({
      sections: Array.from(
        { length: 40 },
        (_, i): Section => ({
          id: `s${i}`,
          heading: "Kop",
          elements: [],
          blocks: [{ kind: "paragraph", text: "tekst ".repeat(2_000) }],
        }),
      ).concat(base.sections),
    });
    for (const channel of ["email", "portal"] as const) {
      let error: unknown;
      try {
        RENDERERS[channel].render(huge);
      } catch (e) {
        error = e;
      }
      expect(error, channel).toBeInstanceOf(OutputTooLargeError);
      expect((error as OutputTooLargeError).channel).toBe(channel);
      expect((error as Error).message).toMatch(
        new RegExp(`^the ${channel} rendering of this message is [\\d,]+ bytes; at most`),
      );
    }
    expect(() => RENDERERS.sms.render({ ...base, sms: "x".repeat(1_531) })).toThrow(OutputTooLargeError);
  });
});
