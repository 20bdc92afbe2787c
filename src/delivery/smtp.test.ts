import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { folderSink, headerMessageId, memorySink, type Outbox, startOutbox } from "./outbox.ts";
import type { EmailArtefact } from "./providers.ts";
import { createSmtpSender, parseRelayUrl, type SmtpSender } from "./smtp.ts";

function message(to: string, id: string, body = "Hallo,\r\n\r\nDit is een test.\r\n"): EmailArtefact {
  const messageId = `<${id}@org.example>`;
  const raw = [
    "From: Organisatie <noreply@org.example>",
    `To: <${to}>`,
    "Subject: Test",
    `Message-ID: ${messageId}`,
    "DKIM-Signature: v=1; a=rsa-sha256; d=org.example; s=sel; h=from:to:subject; bh=abc=; b=def=",
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "",
    body,
  ].join("\r\n");
  return { raw, envelope: { from: "bounces@org.example", to }, messageId };
}

const open: { senders: SmtpSender[]; outboxes: Outbox[] } = { senders: [], outboxes: [] };
afterEach(async () => {
  for (const s of open.senders.splice(0)) s.close();
  await Promise.all(open.outboxes.splice(0).map((o) => o.close()));
});

async function outbox(options: Omit<Parameters<typeof startOutbox>[0], "sink"> = {}) {
  const sink = memorySink();
  const box = await startOutbox({ sink, ...options });
  open.outboxes.push(box);
  return { box, sink };
}

function sender(url: string, extra: Partial<Parameters<typeof createSmtpSender>[0]> = {}) {
  const s = createSmtpSender({ url, maxConnections: 3, ...extra });
  open.senders.push(s);
  return s;
}

describe("SMTP sender against the outbox", () => {
  it("delivers the raw message byte for byte, keeping Message-ID and DKIM-Signature", async () => {
    const { box, sink } = await outbox();
    const artefact = message("an@example.nl", "one");
    const receipt = await sender(box.url).send(artefact);
    expect(receipt.outcome).toBe("sent");
    expect(receipt.outcome === "sent" && receipt.providerId).toMatch(/^[0-9A-F]{12}$/);
    expect(sink.messages).toHaveLength(1);
    const stored = sink.messages[0];
    expect(stored?.raw.toString()).toBe(artefact.raw);
    expect(stored?.envelope.from).toBe("bounces@org.example");
    expect(stored?.envelope.to).toEqual(["an@example.nl"]);
    expect(headerMessageId(stored?.raw ?? Buffer.alloc(0))).toBe("<one@org.example>");
  });

  it("sends many messages over a pool of connections, each exactly once", async () => {
    const { box, sink } = await outbox();
    const s = sender(box.url, { maxConnections: 4 });
    const receipts = await Promise.all(
      Array.from({ length: 60 }, (_, i) => s.send(message(`p${i}@example.nl`, `m${i}`))),
    );
    expect(receipts.every((r) => r.outcome === "sent")).toBe(true);
    const ids = sink.messages.map((m) => headerMessageId(m.raw));
    expect(new Set(ids).size).toBe(60);
  });

  it("classifies an unknown mailbox (550 5.1.1) as rejected", async () => {
    const { box, sink } = await outbox({ rejectRecipients: ["gone@example.nl"] });
    const receipt = await sender(box.url).send(message("gone@example.nl", "x"));
    expect(receipt.outcome).toBe("rejected");
    expect(receipt.outcome === "rejected" && receipt.reason).toContain("5.1.1");
    expect(sink.messages).toHaveLength(0);
  });

  it("classifies 421 4.7.0 as deferred, counts it per domain group, and sends once the domain recovers", async () => {
    const { box } = await outbox({ deferDomains: { "hotmail.com": 60_000 } });
    const s = sender(box.url);
    const deferred = await s.send(message("a@hotmail.com", "d1"));
    expect(deferred.outcome).toBe("deferred");
    expect(deferred.outcome === "deferred" && deferred.reason).toContain("4.7.0");
    const other = await s.send(message("b@ziggo.nl", "d2"));
    expect(other.outcome).toBe("sent");
    expect(s.deferralsByDomain()).toEqual([
      expect.objectContaining({ group: "microsoft", deferred: 1, rejected: 0 }),
    ]);
    box.deferDomain("hotmail.com", 0);
    expect((await s.send(message("a@hotmail.com", "d1"))).outcome).toBe("sent");
  });

  it("refuses a message above the size limit permanently (552)", async () => {
    const { box } = await outbox({ maxMessageBytes: 2000 });
    const receipt = await sender(box.url).send(
      message("a@example.nl", "big", `${"x".repeat(70)}\r\n`.repeat(100)),
    );
    expect(receipt.outcome).toBe("rejected");
    expect(receipt.outcome === "rejected" && receipt.code).toBe(552);
  });

  it("treats an unreachable relay as deferred, not as the recipient's fault", async () => {
    const { box } = await outbox();
    const url = box.url;
    await box.close();
    open.outboxes.length = 0;
    const receipt = await sender(url, { connectionTimeoutMs: 2000 }).send(message("a@example.nl", "x"));
    expect(receipt.outcome).toBe("deferred");
  });

  it("authenticates from the URL and defers (not rejects) on wrong credentials", async () => {
    const { box, sink } = await outbox({ auth: { user: "relay", pass: "s3cret" } });
    const good = await sender(`smtp://relay:s3cret@127.0.0.1:${box.port}`).send(
      message("a@example.nl", "ok"),
    );
    expect(good.outcome).toBe("sent");
    const bad = await sender(`smtp://relay:wrong@127.0.0.1:${box.port}`).send(message("a@example.nl", "no"));
    expect(bad.outcome).toBe("deferred");
    expect(bad.outcome === "deferred" && bad.code).toBe("EAUTH");
    expect(sink.messages).toHaveLength(1);
  });

  it("upgrades to TLS when required and refuses an untrusted certificate when checking", async () => {
    const { box } = await outbox({ starttls: true });
    const tls = await sender(box.url, { requireTLS: true, rejectUnauthorized: false }).send(
      message("a@example.nl", "t"),
    );
    expect(tls.outcome).toBe("sent");
    const strict = await sender(box.url, { requireTLS: true, rejectUnauthorized: true }).send(
      message("a@example.nl", "u"),
    );
    expect(strict.outcome).toBe("deferred");
    expect(strict.outcome === "deferred" && strict.reason).toMatch(/certificate/i);
  });

  it("refuses connections above the outbox's limit with 421, which the sender classifies as deferred", async () => {
    const { box } = await outbox({ maxConnections: 1 });
    const first = sender(box.url, { maxConnections: 1 });
    expect((await first.send(message("a@example.nl", "a"))).outcome).toBe("sent");
    // The first pool keeps its connection open; a second client is over the limit.
    const second = await sender(box.url, { maxConnections: 1 }).send(message("b@example.nl", "b"));
    expect(second.outcome).toBe("deferred");
    expect(second.outcome === "deferred" && second.reason).toMatch(/421|Too many/);
  });

  it("bounces after accepting: the envelope sender receives a DSN naming the original", async () => {
    const { box, sink } = await outbox({ bounceRecipients: ["late@example.nl"] });
    const receipt = await sender(box.url).send(message("late@example.nl", "b1"));
    expect(receipt.outcome).toBe("sent");
    expect(sink.messages).toHaveLength(1);
    const dsn = sink.messages[0];
    expect(dsn?.envelope).toMatchObject({ from: "", to: ["bounces@org.example"] });
    expect(dsn?.raw.toString()).toContain("report-type=delivery-status");
    expect(dsn?.raw.toString()).toContain("Message-ID: <b1@org.example>");
  });
});

describe("relay URL", () => {
  it("reads host, port, TLS mode and credentials", () => {
    expect(parseRelayUrl("smtps://u%40x:p%3Aw@mail.example:2465")).toEqual({
      host: "mail.example",
      port: 2465,
      secure: true,
      auth: { user: "u@x", pass: "p:w" },
    });
    expect(parseRelayUrl("smtp://relay.example")).toEqual({
      host: "relay.example",
      port: 587,
      secure: false,
    });
    expect(() => parseRelayUrl("http://x")).toThrow(/smtp:\/\/ or smtps:\/\//);
    expect(() => parseRelayUrl("not a url")).toThrow(/not a URL/);
  });
});

describe("folder sink", () => {
  it("writes one .eml per message, named by time and hash, in a folder only the owner can read", async () => {
    const dir = await mkdtemp(join(tmpdir(), "lw-outbox-"));
    try {
      const folder = join(dir, "mail");
      const box = await startOutbox({ sink: folderSink(folder) });
      open.outboxes.push(box);
      const s = sender(box.url);
      await s.send(message("a@example.nl", "f1"));
      await s.send(message("b@example.nl", "f2"));
      const files = (await readdir(folder)).sort();
      expect(files).toHaveLength(2);
      for (const file of files) expect(file).toMatch(/^\d{8}T\d{9}Z-[0-9a-f]{16}\.eml$/);
      expect((await stat(folder)).mode & 0o777).toBe(0o700);
      expect((await stat(join(folder, files[0] ?? ""))).mode & 0o777).toBe(0o600);
      const text = await readFile(join(folder, files[0] ?? ""), "utf8");
      expect(text).toMatch(/^Return-Path: <bounces@org\.example>\r\nDelivered-To: [ab]@example\.nl\r\nFrom:/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
