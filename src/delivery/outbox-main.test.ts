import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { describe, expect, it } from "vitest";
import { createSmtpSender } from "./smtp.ts";

describe("outbox as a separate process", () => {
  it("prints its URL, receives real SMTP, and on SIGTERM reports messages and distinct Message-IDs", async () => {
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
    for (const id of ["1", "2", "2", "3"]) {
      const receipt = await sender.send({
        raw: raw(id),
        envelope: { from: "a@org.example", to: "b@example.nl" },
        messageId: `<${id}@org.example>`,
      });
      expect(receipt.outcome).toBe("sent");
    }
    sender.close();
    child.kill("SIGTERM");
    const last = await lines.next();
    expect(JSON.parse(String(last.value))).toEqual({ messages: 4, distinctMessageIds: 3, duplicates: 1 });
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
