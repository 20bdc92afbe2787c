import { describe, expect, it } from "vitest";
import { formatDate } from "./dates.ts";
import { LANGUAGES } from "./index.ts";

describe("formatDate", () => {
  it("writes dates the way Dutch and English readers do", () => {
    expect(formatDate("2026-11-29", "nl")).toBe("29 november 2026");
    expect(formatDate("2026-03-01", "en")).toBe("1 March 2026");
    expect(formatDate("2026-03-01T12:30:00Z", "nl")).toBe("1 maart 2026");
  });

  // The pages used Intl and the messages a table of month names; the table won (letters must not depend on the
  // ICU data of the Node build). They agree on every day of two centuries.
  it("agrees with Intl on every day from 1950 to 2149", () => {
    const intl = {
      nl: new Intl.DateTimeFormat("nl-NL", {
        day: "numeric",
        month: "long",
        year: "numeric",
        timeZone: "UTC",
      }),
      en: new Intl.DateTimeFormat("en-GB", {
        day: "numeric",
        month: "long",
        year: "numeric",
        timeZone: "UTC",
      }),
    };
    for (let t = Date.UTC(1950, 0, 1); t < Date.UTC(2150, 0, 1); t += 86_400_000) {
      const iso = new Date(t).toISOString().slice(0, 10);
      for (const language of LANGUAGES) expect(formatDate(iso, language)).toBe(intl[language].format(t));
    }
  });

  it("gives back what is no date instead of inventing one", () => {
    expect(formatDate("", "nl")).toBe("");
    expect(formatDate("soon", "en")).toBe("soon");
    expect(formatDate("2026-02-30", "nl")).toBe("2026-02-30");
  });
});
