/** The multipart reader: text fields and file bytes out, anything that does not add up refused. */
import { describe, expect, it } from "vitest";
import { parseMultipart } from "./multipart.ts";

const TYPE = "multipart/form-data; boundary=----grens";
const body = (parts: string[]) =>
  Buffer.from(`${parts.map((p) => `------grens\r\n${p}\r\n`).join("")}------grens--\r\n`, "latin1");

describe("parseMultipart", () => {
  it("reads text fields as text and files as bytes, leaving out an empty file input", () => {
    const parsed = parseMultipart(
      body([
        'Content-Disposition: form-data; name="text"\r\n\r\nBeste klant,\r\nbetaal 5 euro',
        'Content-Disposition: form-data; name="screenshot"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n\u0089PNG\r\n--x',
        'Content-Disposition: form-data; name="empty"; filename=""\r\nContent-Type: application/octet-stream\r\n\r\n',
      ]),
      TYPE,
    );
    expect(parsed?.text).toBe("Beste klant,\r\nbetaal 5 euro");
    expect(Buffer.isBuffer(parsed?.screenshot)).toBe(true);
    expect(String((parsed?.screenshot as Buffer | undefined)?.toString("latin1"))).toBe("\u0089PNG\r\n--x");
    expect(parsed && "empty" in parsed).toBe(false);
  });

  it("refuses a body without its boundary, without an end, or with a nameless part", () => {
    expect(
      parseMultipart(body(['Content-Disposition: form-data; name="a"\r\n\r\nx']), "multipart/form-data"),
    ).toBeUndefined();
    expect(
      parseMultipart(Buffer.from('------grens\r\nContent-Disposition: form-data; name="a"\r\n\r\nx'), TYPE),
    ).toBeUndefined();
    expect(parseMultipart(body(["Content-Disposition: form-data\r\n\r\nx"]), TYPE)).toBeUndefined();
    const many = body(
      Array.from({ length: 30 }, (_, i) => `Content-Disposition: form-data; name="f${i}"\r\n\r\nx`),
    );
    expect(parseMultipart(many, TYPE)).toBeUndefined();
  });
});
