/** Screenshots: only PNG and JPEG by their first bytes, within 2 MB, and without their metadata. */
import { describe, expect, it } from "vitest";
import { checkScreenshot, SCREENSHOT_MAX_BYTES } from "./screenshot.ts";

const segment = (marker: number, data: string) => {
  const body = Buffer.from(data, "latin1");
  const header = Buffer.from([0xff, marker, 0, 0]);
  header.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([header, body]);
};

/** A JPEG's frame: start, JFIF (APP0), EXIF with a GPS note (APP1), a comment, a table, then the scan. */
const jpeg = Buffer.concat([
  Buffer.from([0xff, 0xd8]),
  segment(0xe0, "JFIF\u0000\u0001\u0001"),
  segment(0xe1, "Exif\u0000\u0000GPS 52.09 5.12 iPhone"),
  segment(0xfe, "made at home"),
  segment(0xdb, "quantisation"),
  Buffer.from([0xff, 0xda, 0x00, 0x04, 0x01, 0x02, 0x11, 0x22, 0xff, 0xd9]),
]);

describe("checkScreenshot", () => {
  it("drops a JPEG's EXIF and comments, keeping its image data", () => {
    const checked = checkScreenshot(jpeg);
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(checked.type).toBe("image/jpeg");
    const text = checked.bytes.toString("latin1");
    expect(text).not.toContain("GPS");
    expect(text).not.toContain("made at home");
    expect(text).toContain("JFIF");
    expect(text).toContain("quantisation");
    expect(checked.bytes.subarray(-10)).toEqual(jpeg.subarray(-10));
  });

  it("refuses what only claims to be an image, broken images and images over 2 MB", () => {
    expect(checkScreenshot(Buffer.from("GIF89a......"))).toEqual({ ok: false, reason: "not-an-image" });
    expect(checkScreenshot(Buffer.from("<svg onload=alert(1)>"))).toEqual({
      ok: false,
      reason: "not-an-image",
    });
    expect(checkScreenshot(jpeg.subarray(0, 12))).toEqual({ ok: false, reason: "not-an-image" });
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 200]);
    expect(checkScreenshot(png)).toEqual({ ok: false, reason: "not-an-image" });
    const huge = Buffer.concat([jpeg, Buffer.alloc(SCREENSHOT_MAX_BYTES)]);
    expect(checkScreenshot(huge)).toEqual({ ok: false, reason: "too-large" });
  });
});
