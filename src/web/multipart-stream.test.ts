/** The streamed multipart reader: fields before the file whole, the file's bytes exact however the body is cut. */
import { describe, expect, it } from "vitest";
import { MultipartError, readStreamedForm } from "./multipart-stream.ts";

const TYPE = "multipart/form-data; boundary=----grens";
const body = (file: string) =>
  [
    "------grens\r\n",
    'Content-Disposition: form-data; name="formulier"\r\n\r\n',
    "token-123\r\n",
    "------grens\r\n",
    'Content-Disposition: form-data; name="bestand"; filename="slachtoffers.csv"\r\n',
    "Content-Type: text/csv\r\n\r\n",
    file,
    "\r\n------grens--\r\n",
  ].join("");

async function read(text: string, cut: number) {
  const bytes = Buffer.from(text);
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += cut) chunks.push(bytes.subarray(at, at + cut));
  const form = await readStreamedForm(
    (async function* () {
      yield* chunks;
    })(),
    TYPE,
  );
  const parts: Buffer[] = [];
  if (form.file) for await (const part of form.file) parts.push(part);
  return {
    fields: form.fields,
    file: form.file ? Buffer.concat(parts).toString() : null,
    name: form.fileName,
  };
}

describe("readStreamedForm", () => {
  const file = "external_id,email\r\n1,een@example.org\r\n2,--grens-lookalike\r\n";
  it("gives the fields and the file's exact bytes, whatever the chunk size", async () => {
    for (const cut of [1, 2, 3, 7, 16, 64, 4096]) {
      expect(await read(body(file), cut)).toEqual({
        fields: { formulier: "token-123" },
        file,
        name: "slachtoffers.csv",
      });
    }
  });
  it("treats an empty file input as no file", async () => {
    expect(await read(body(""), 5)).toEqual({ fields: { formulier: "token-123" }, file: null, name: "" });
  });
  it("refuses a body without its end or without a boundary", async () => {
    await expect(read(body(file).slice(0, -20), 8)).rejects.toThrow(MultipartError);
    await expect(readStreamedForm((async function* () {})(), "multipart/form-data")).rejects.toThrow(
      MultipartError,
    );
  });
});
