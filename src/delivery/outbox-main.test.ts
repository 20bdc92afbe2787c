import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { describe, expect, it } from "vitest";
import { createSmtpSender } from "./smtp.ts";

describe("outbox as a separate process", () => {
  it("prints its URL, receives real SMTP, and on SIGTERM reports messages and distinct Message-IDs, in all and per envelope sender", async () => {
    const child = spawn(
      process.execPath,
      [new URL("./outbox-main.ts", import.meta.url).pathname, "--sink", "count"],
      {
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    const first = await lines.next();
    const { url } = JSON.parse(String(first.value)) as { url: string };
    expect(url).toMatch(/^smtp:\/\/127\.0\.0\.1:\d+$/);
    const sender = createSmtpSender({ url });
    const raw = (id: string) =>
      `From: a@org.example\r\nTo: b@example.nl\r\nMessage-ID: <${id}@org.example>\r\nSubject: x\r\n\r\nx\r\n`;
    const signedRaw = (id: string) => `DKIM-Signature: v=1; a=rsa-sha256; b=x\r\n${raw(id)}`;
    for (const [id, from] of [
      ["1", "a@org.example"],
      ["2", "a@org.example"],
      ["2", "a@org.example"],
      ["3", "c@other.example"],
    ] as const) {
      const receipt = await sender.send({
        raw: from === "a@org.example" ? raw(id) : signedRaw(id),
        envelope: { from, to: "b@example.nl" },
        messageId: `<${id}@org.example>`,
      });
      expect(receipt.outcome).toBe("sent");
    }
    sender.close();
    child.kill("SIGTERM");
    const last = await lines.next();
    const size = (id: string, from: string) =>
      Buffer.byteLength(from === "a@org.example" ? raw(id) : signedRaw(id));
    expect(JSON.parse(String(last.value))).toEqual({
      messages: 4,
      distinctMessageIds: 3,
      duplicates: 1,
      bySender: {
        "a@org.example": {
          messages: 3,
          distinctMessageIds: 2,
          duplicates: 1,
          bytes: size("1", "a@org.example") + 2 * size("2", "a@org.example"),
          signed: 0,
        },
        "c@other.example": {
          messages: 1,
          distinctMessageIds: 1,
          duplicates: 0,
          bytes: size("3", "c@other.example"),
          signed: 1,
        },
      },
    });
    await once(child, "exit");
  });

  it("refuses a bad option with exit code 2 and a message naming it", async () => {
    const child = spawn(
      process.execPath,
      [new URL("./outbox-main.ts", import.meta.url).pathname, "--sink", "nowhere"],
      {
        stdio: ["ignore", "ignore", "pipe"],
      },
    );
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const [code] = await once(child, "exit");
    expect(code).toBe(2);
    expect(stderr).toContain("--sink");
  });
});
