/** The text of a quoted-printable e-mail as a reader sees it: soft line breaks joined, `=XX` decoded. */
export function decoded(raw: string | Uint8Array): string {
  return Buffer.from(
    (typeof raw === "string" ? raw : Buffer.from(raw).toString("latin1"))
      .replace(/=\r?\n/g, "")
      .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
    "latin1",
  ).toString("utf8");
}
