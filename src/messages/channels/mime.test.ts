import { createHash, createPublicKey, createVerify, generateKeyPairSync } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  buildMime,
  buildMimeAsync,
  deterministicMessageId,
  encodeWords,
  type MimeInput,
  quotedPrintable,
  relaxedBody,
  relaxedHeader,
} from "./mime.ts";

function decodeQp(text: string): string {
  const joined = text.replace(/=\r\n/g, "");
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    if (joined[i] === "=") {
      bytes.push(Number.parseInt(joined.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(joined.charCodeAt(i));
  }
  return Buffer.from(bytes).toString("utf8");
}

function splitMessage(eml: string): [string, string] {
  const at = eml.indexOf("\r\n\r\n");
  return [eml.slice(0, at), eml.slice(at + 4)];
}

function decodeWords(value: string): string {
  return value
    .split(/\r\n /)
    .map((w) => {
      const m = /^=\?UTF-8\?B\?([^?]*)\?=$/.exec(w);
      return m ? Buffer.from(m[1] ?? "", "base64").toString("utf8") : w;
    })
    .join("");
}

const input: MimeInput = {
  from: { name: "Voorbeeld Telecom", address: "datalek@voorbeeldtelecom.nl" },
  to: { name: "Eva Jansen", address: "eva@example.nl" },
  subject: "Belangrijk: uw gegevens zijn gelekt – lees wat u kunt doen (geïnformeerd) ✔",
  date: new Date("2026-02-12T09:00:00Z"),
  messageId: deterministicMessageId("voorbeeldtelecom.nl", "breach-1", "cust-1", "msg-1"),
  language: "nl",
  text: `Beste Eva,\n\nDit is een lange regel met é en ë die langer is dan zesenzeventig tekens, zodat hij wordt afgebroken = ok. \nEinde`,
  html: "<p>Beste Eva, café</p>",
};

describe("MIME", () => {
  it("derives the same Message-ID from the same ids, and a different one otherwise", () => {
    const a = deterministicMessageId("x.nl", "b", "v", "m");
    expect(a).toMatch(/^<[0-9a-f]{40}@x\.nl>$/);
    expect(deterministicMessageId("x.nl", "b", "v", "m")).toBe(a);
    expect(deterministicMessageId("x.nl", "b", "v", "m2")).not.toBe(a);
    expect(a).not.toContain("v");
  });

  it("encodes non-ASCII subjects as RFC 2047 words of at most 75 characters", () => {
    const encoded = encodeWords(input.subject);
    for (const word of encoded.split("\r\n ")) expect(word.length).toBeLessThanOrEqual(75);
    expect(decodeWords(encoded)).toBe(input.subject);
    expect(encodeWords("Plain subject")).toBe("Plain subject");
    expect(encodeWords("a\r\nBcc: x@evil.example")).toBe("a Bcc: x@evil.example");
  });

  it("writes quoted-printable lines of at most 76 characters that decode to the text", () => {
    const qp = quotedPrintable(input.text);
    for (const line of qp.split("\r\n")) expect(line.length).toBeLessThanOrEqual(76);
    expect(decodeQp(qp)).toBe(input.text.replace(/\n/g, "\r\n"));
    expect(qp).toContain("=3D");
    expect(qp).toMatch(/=20\r\n/);
  });

  it("round-trips any text through quoted-printable with lines of at most 76 characters", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: "grapheme", maxLength: 300 }), { maxLength: 5 }), (lines) => {
        // Dots at line starts and after soft breaks, often enough to be tried.
        lines = lines.map((line, i) => (i % 2 === 0 ? `.${line}` : line.replaceAll("x", ".")));
        const text = lines.join("\r\n");
        const qp = quotedPrintable(text);
        for (const line of qp.split("\r\n")) {
          expect(line.length).toBeLessThanOrEqual(76);
          // SMTP would double a leading dot on the way; encoded, the message needs no change there.
          expect(line.startsWith(".")).toBe(false);
        }
        expect(decodeQp(qp)).toBe(text.replace(/\r\n?|\n/g, "\r\n"));
      }),
    );
  });

  it("builds a multipart/alternative message with CRLF lines, text first, no attachment", () => {
    const eml = buildMime(input);
    expect(eml).toBe(buildMime(input));
    expect(eml).not.toMatch(/[^\r]\n/);
    const [head, body] = splitMessage(eml);
    expect(head).toContain(`Message-ID: ${input.messageId}`);
    expect(head).toContain('From: "Voorbeeld Telecom" <datalek@voorbeeldtelecom.nl>');
    expect(head).toContain("MIME-Version: 1.0");
    expect(head).toContain("Date: Thu, 12 Feb 2026 09:00:00 +0000");
    const boundary = /boundary="([^"]+)"/.exec(head)?.[1] ?? "";
    expect(body.indexOf("text/plain")).toBeLessThan(body.indexOf("text/html"));
    expect(body).toContain(`--${boundary}--`);
    expect(eml).not.toMatch(/attachment/i);
    const subject = /^Subject: (.*(?:\r\n .*)*)/m.exec(head)?.[1] ?? "";
    expect(decodeWords(subject)).toBe(input.subject);
  });

  it("refuses addresses that could inject headers", () => {
    expect(() => buildMime({ ...input, to: { address: "eva@example.nl\r\nBcc: x@y.z" } })).toThrow(
      /not a usable/,
    );
  });

  it("signs with DKIM (rsa-sha256, relaxed/relaxed) so the public key verifies header and body", () => {
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 1024 });
    const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const eml = buildMime({
      ...input,
      dkim: { domainName: "voorbeeldtelecom.nl", keySelector: "lw1", privateKey: pem },
    });
    const [head, body] = splitMessage(eml);
    const lines = head.split(/\r\n(?![ \t])/);
    const dkim = lines.find((l) => l.startsWith("DKIM-Signature:")) ?? "";
    const tags = Object.fromEntries(
      dkim
        .slice("DKIM-Signature:".length)
        .replace(/\s+/g, "")
        .split(";")
        .map((t) => [t.slice(0, t.indexOf("=")), t.slice(t.indexOf("=") + 1)]),
    );
    expect(tags).toMatchObject({
      v: "1",
      a: "rsa-sha256",
      c: "relaxed/relaxed",
      d: "voorbeeldtelecom.nl",
      s: "lw1",
    });
    expect(tags.bh).toBe(createHash("sha256").update(relaxedBody(body)).digest("base64"));
    const signedNames = String(tags.h).split(":");
    const data =
      signedNames
        .map((n) => `${relaxedHeader(lines.find((l) => l.toLowerCase().startsWith(`${n}:`)) ?? "")}\r\n`)
        .join("") + relaxedHeader(dkim.replace(/b=[^;]*$/, "b="));
    const ok = createVerify("RSA-SHA256")
      .update(data)
      .verify(createPublicKey(publicKey.export({ type: "spki", format: "pem" })), String(tags.b), "base64");
    expect(ok).toBe(true);
    expect(signedNames).toEqual(expect.arrayContaining(["from", "to", "subject", "date", "message-id"]));
  });

  it("canonicalises any body as RFC 6376 §3.4.4 does, line by line", () => {
    // The rules as the RFC states them, one line at a time: the reference the whole-body passes must match.
    const byTheRfc = (body: string) => {
      const lines = body.split("\r\n").map((line) => line.replace(/[ \t]+/g, " ").replace(/ $/, ""));
      while (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
      return lines.length === 0 ? "" : `${lines.join("\r\n")}\r\n`;
    };
    const piece = fc.constantFrom("a", "=20", " ", "  ", "\t", " \t ", "\r\n", "\r\n\r\n", "é", ".");
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        const body = pieces.join("");
        expect(relaxedBody(body)).toBe(byTheRfc(body));
      }),
      { numRuns: 2000 },
    );
  });

  it("signs off the event loop to the same bytes as the synchronous signer", async () => {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const signed = {
      ...input,
      dkim: { domainName: "voorbeeldtelecom.nl", keySelector: "lw1", privateKey: pem },
    };
    const [many, one] = await Promise.all([
      Promise.all(Array.from({ length: 8 }, () => buildMimeAsync(signed))),
      Promise.resolve(buildMime(signed)),
    ]);
    for (const eml of many) expect(eml).toBe(one);
    expect(one).toMatch(/^DKIM-Signature: v=1; a=rsa-sha256;/);
    expect(await buildMimeAsync(input)).toBe(buildMime(input));
  });
});
