/**
 * A screenshot sent with a suspicious-message report: only PNG and JPEG are taken, recognised by their first
 * bytes (never by the name or the type the browser claims), and their metadata is dropped before storing —
 * a phone's photo carries where and when it was taken and on which device (EXIF), which says more about the
 * reporter than about the phisher. Pure, no I/O.
 */

export const SCREENSHOT_MAX_BYTES = 2 * 1024 * 1024;

export type ScreenshotType = "image/png" | "image/jpeg";

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The image type its magic bytes say, or undefined for anything else. */
export function screenshotType(bytes: Buffer): ScreenshotType | undefined {
  if (bytes.length > PNG_SIGNATURE.length && bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return "image/png";
  if (bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "image/jpeg";
  return undefined;
}

/** PNG chunks that hold text, time or EXIF rather than pixels. */
const PNG_METADATA = new Set(["tEXt", "zTXt", "iTXt", "eXIf", "tIME"]);

/** The PNG without its text, time and EXIF chunks; undefined when its chunks do not add up. */
function stripPng(bytes: Buffer): Buffer | undefined {
  const kept: Buffer[] = [PNG_SIGNATURE];
  let at = 8;
  while (at + 12 <= bytes.length) {
    const length = bytes.readUInt32BE(at);
    const end = at + 12 + length;
    if (end > bytes.length) return undefined;
    const type = bytes.toString("latin1", at + 4, at + 8);
    if (!PNG_METADATA.has(type)) kept.push(bytes.subarray(at, end));
    at = end;
    if (type === "IEND") return Buffer.concat(kept);
  }
  return undefined;
}

/**
 * The JPEG without its APP1–APP15 segments (EXIF, XMP, maker notes, ICC profiles) and comments; the image data
 * from the start-of-scan on is copied as is. Undefined when the segments do not add up.
 */
function stripJpeg(bytes: Buffer): Buffer | undefined {
  const kept: Buffer[] = [bytes.subarray(0, 2)];
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) return undefined;
    const marker = bytes[at + 1] ?? 0;
    if (marker === 0xda) {
      kept.push(bytes.subarray(at));
      return Buffer.concat(kept);
    }
    const end = at + 2 + bytes.readUInt16BE(at + 2);
    if (end > bytes.length) return undefined;
    const metadata = (marker >= 0xe1 && marker <= 0xef) || marker === 0xfe;
    if (!metadata) kept.push(bytes.subarray(at, end));
    at = end;
  }
  return undefined;
}

export type ScreenshotCheck =
  | { ok: true; type: ScreenshotType; bytes: Buffer }
  | { ok: false; reason: "too-large" | "not-an-image" };

/** Checks an uploaded screenshot and returns it without metadata. */
export function checkScreenshot(bytes: Buffer): ScreenshotCheck {
  if (bytes.length > SCREENSHOT_MAX_BYTES) return { ok: false, reason: "too-large" };
  const type = screenshotType(bytes);
  const stripped =
    type === "image/png" ? stripPng(bytes) : type === "image/jpeg" ? stripJpeg(bytes) : undefined;
  if (!type || !stripped) return { ok: false, reason: "not-an-image" };
  return { ok: true, type, bytes: stripped };
}
