import { describe, expect, it } from "vitest";
import { isGsm7, smsLength, toGsmFriendly } from "./sms.ts";

describe("SMS length", () => {
  it("counts GSM-7 septets: 160 in one SMS, 153 per part", () => {
    expect(smsLength("a".repeat(160))).toMatchObject({
      encoding: "gsm-7",
      units: 160,
      segments: 1,
      remaining: 0,
    });
    expect(smsLength("a".repeat(161))).toMatchObject({ segments: 2, perSegment: 153 });
    expect(smsLength("a".repeat(306)).segments).toBe(2);
    expect(smsLength("a".repeat(307)).segments).toBe(3);
    expect(smsLength("a".repeat(459)).segments).toBe(3);
    expect(smsLength("a".repeat(460)).segments).toBe(4);
  });

  it("counts extension characters double and never splits their escape", () => {
    expect(smsLength("€".repeat(80))).toMatchObject({ encoding: "gsm-7", units: 160, segments: 1 });
    expect(smsLength(`${"€".repeat(80)}a`).segments).toBe(2);
    // 152 septets then an escape pair: the pair moves to the second part.
    const text = `${"a".repeat(152)}[${"a".repeat(152)}`;
    expect(smsLength(text)).toMatchObject({ units: 306, segments: 3 });
  });

  it("switches to UCS-2 for characters outside GSM-7: 70 in one SMS, 67 per part", () => {
    const dutch = "Uw gegevens zijn gelekt. Wij hebben de politie geïnformeerd.";
    expect(isGsm7(dutch)).toBe(false);
    expect(smsLength(dutch)).toMatchObject({ encoding: "ucs-2", segments: 1, nonGsm: ["ï"] });
    expect(smsLength("ë".repeat(70)).segments).toBe(1);
    expect(smsLength("ë".repeat(71)).segments).toBe(2);
    expect(smsLength("ë".repeat(134)).segments).toBe(2);
    expect(smsLength("ë".repeat(135)).segments).toBe(3);
    // An emoji takes two UTF-16 units and is not split across parts.
    expect(smsLength(`${"ë".repeat(66)}🙂`)).toMatchObject({ units: 68, segments: 1 });
    expect(smsLength(`${"ë".repeat(70)}🙂`)).toMatchObject({ units: 72, segments: 2 });
  });

  it("keeps Dutch text in GSM-7 where nothing is lost", () => {
    const friendly = toGsmFriendly("Wij hebben u geïnformeerd over de ideeën – “zorgvuldig”… é blijft");
    expect(friendly).toBe('Wij hebben u geinformeerd over de ideeen - "zorgvuldig"... é blijft');
    expect(isGsm7(friendly)).toBe(true);
    expect(toGsmFriendly("ok 🙂")).toBe("ok 🙂");
  });
});
