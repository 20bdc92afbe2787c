import { createRequire } from "node:module";
import { PassThrough, type Transform } from "node:stream";
import fc from "fast-check";
import type SMTPConnectionClass from "nodemailer/lib/smtp-connection";
import { describe, expect, it } from "vitest";
import { asIsWhenClean, passesAsIs } from "./smtp-data.ts";

const SMTPConnection = createRequire(import.meta.url)(
  "nodemailer/lib/smtp-connection",
) as typeof SMTPConnectionClass;

/** A DATA stream as nodemailer makes one for a message, writing into `socket`. */
function nodemailerDataStream(): { stream: Transform; socket: PassThrough } {
  const connection = new SMTPConnection({ logger: false }) as unknown as {
    _socket: PassThrough;
    _envelope: unknown;
    _createSendStream(callback: () => void): Transform;
  };
  const socket = new PassThrough();
  connection._socket = socket;
  connection._envelope = { accepted: [] };
  return { stream: connection._createSendStream(() => {}), socket };
}

/** The bytes a DATA stream writes for `chunks`, its dot-and-CRLF ending included, and its byte counts. */
async function written(chunks: readonly Buffer[], fast: boolean) {
  const { stream, socket } = nodemailerDataStream();
  if (fast) asIsWhenClean(stream);
  const out: Buffer[] = [];
  socket.on("data", (chunk: Buffer) => out.push(chunk));
  const ended = new Promise((resolve) => stream.once("end", resolve));
  for (const chunk of chunks) stream.write(chunk);
  stream.end();
  await ended;
  await new Promise((resolve) => setImmediate(resolve));
  const counts = stream as unknown as { inByteCount: number; outByteCount: number };
  return {
    bytes: Buffer.concat(out).toString("latin1"),
    in: counts.inByteCount,
    out: counts.outByteCount,
    writes: out.length,
  };
}

describe("DATA bytes that need no change", () => {
  it("writes what nodemailer's DataStream writes, for any bytes in any chunks", async () => {
    // Few symbols, so bare CRs and LFs, CRLF, leading dots and chunk edges between them all come up often.
    const text = fc.string({ unit: fc.constantFrom("\r", "\n", ".", "a", "\r\n", "\r\n."), maxLength: 40 });
    await fc.assert(
      fc.asyncProperty(fc.array(text, { maxLength: 5 }), async (parts) => {
        const chunks = parts.map((part) => Buffer.from(part, "latin1"));
        const { writes: _fast, ...fast } = await written(chunks, true);
        const { writes: _slow, ...slow } = await written(chunks, false);
        expect(fast).toEqual(slow);
      }),
      { numRuns: 300 },
    );
  });

  it("writes a clean message and its ending dot line to the socket in one write", async () => {
    const message = Buffer.from("Subject: Test\r\n\r\nEen regel.\r\n", "latin1");
    const fast = await written([message], true);
    expect(fast).toEqual({
      bytes: `${message.toString("latin1")}.\r\n`,
      in: message.length,
      out: message.length + 3,
      writes: 1,
    });
    expect((await written([message], false)).writes).toBe(2);
    // Two clean chunks: the first goes when the second comes, the second with the ending.
    const open = await written([message, Buffer.from("zonder einde", "latin1")], true);
    expect(open.writes).toBe(2);
    expect(open.bytes.endsWith("zonder einde\r\n.\r\n")).toBe(true);
  });

  it("lets a rendered message through untouched, and catches every change a message may need", () => {
    const clean = Buffer.from("Subject: Test\r\n\r\nEen regel.\r\n..is al verdubbeld\r\n", "latin1");
    expect(passesAsIs(clean, false)).toBe(false);
    expect(passesAsIs(Buffer.from("Subject: Test\r\n\r\nEen regel.\r\nNog een\r\n"), false)).toBe(true);
    expect(passesAsIs(Buffer.from(".begin"), false)).toBe(false);
    expect(passesAsIs(Buffer.from(".begin"), 0x0a)).toBe(false);
    expect(passesAsIs(Buffer.from(".begin"), 0x61)).toBe(true);
    expect(passesAsIs(Buffer.from("\nvervolg"), 0x0d)).toBe(true);
    expect(passesAsIs(Buffer.from("\n.vervolg"), 0x0d)).toBe(false);
    expect(passesAsIs(Buffer.from("vervolg"), 0x0d)).toBe(false);
    expect(passesAsIs(Buffer.from("los\nLF"), false)).toBe(false);
    expect(passesAsIs(Buffer.from("los\rCR"), false)).toBe(false);
    expect(passesAsIs(Buffer.from("eindigt op CR\r"), false)).toBe(true);
    expect(passesAsIs(Buffer.alloc(0), false)).toBe(false);
  });
});
