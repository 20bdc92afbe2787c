import { describe, expect, it } from "vitest";
import { addHoursKeepingOffset } from "./time.ts";

describe("addHoursKeepingOffset", () => {
  it("adds 72 hours and keeps the input's offset", () => {
    expect(addHoursKeepingOffset("2026-02-10T14:00:00+01:00", 72)).toBe("2026-02-13T14:00:00+01:00");
    expect(addHoursKeepingOffset("2026-06-12T11:00:00+02:00", 72)).toBe("2026-06-15T11:00:00+02:00");
    expect(addHoursKeepingOffset("2026-12-30T23:30:00-05:30", 72)).toBe("2027-01-02T23:30:00-05:30");
  });

  it("keeps Z and a fraction of a second when given", () => {
    expect(addHoursKeepingOffset("2026-02-28T10:00Z", 24)).toBe("2026-03-01T10:00:00Z");
    expect(addHoursKeepingOffset("2026-02-10T14:00:00.250+01:00", 1)).toBe("2026-02-10T15:00:00.250+01:00");
  });

  it("keeps the offset across a daylight-saving change (the instant is exact)", () => {
    expect(addHoursKeepingOffset("2026-03-27T10:00:00+01:00", 72)).toBe("2026-03-30T10:00:00+01:00");
  });

  it("refuses a timestamp without offset", () => {
    expect(() => addHoursKeepingOffset("2026-02-10T14:00:00", 72)).toThrow("offset");
  });
});
