import nodemailer from "nodemailer";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { outboxMessages } from "../store/index.ts";
import { engineCases, openTestDatabase, type TestDatabase } from "../store/testing.ts";
import { type BounceReport, buildDsn } from "./dsn.ts";
import { type Outbox, type OutboxOptions, startOutbox } from "./outbox.ts";
import { outboxDbSink } from "./outbox-db-sink.ts";

const BOUNCES = "bounces@org.example";

describe.each(engineCases())("outbox database sink on %s", (engine) => {
  let db: TestDatabase;
  const open: Outbox[] = [];
  beforeAll(async () => {
    db = await openTestDatabase(engine);
  });
  afterAll(async () => {
    await db?.close();
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((box) => box.close()));
    await db.db.deleteFrom("outbox_messages").execute();
  });

  async function outbox(
    sinkOptions: Partial<Parameters<typeof outboxDbSink>[0]> = {},
    boxOptions: Partial<OutboxOptions> = {},
  ) {
    const bounces: BounceReport[] = [];
    const errors: Error[] = [];
    const sink = outboxDbSink({
      db: db.db,
      bounceAddress: BOUNCES,
      onBounce: (report) => {
        bounces.push(report);
      },
      onError: (error) => errors.push(error),
      ...sinkOptions,
    });
    const box = await startOutbox({ sink, ...boxOptions });
    open.push(box);
    const transport = nodemailer.createTransport({ host: box.host, port: box.port, secure: false });
    return { box, bounces, errors, transport };
  }

  it("stores a message sent over real SMTP: envelope, decoded subject, Message-ID, size and the exact bytes", async () => {
    const { transport } = await outbox();
    const info = await transport.sendMail({
      from: "Voorbeeld Telecom <noreply@org.example>",
      to: "Jan Jansen <jan@example.nl>",
      subject: "Uw gegevens zijn gelekt — wat u nu kunt doen",
      text: "Beste Jan,\n\nUw persoonlijke code is ABCD-EFGH-JKLM.\n",
      html: "<p>Beste Jan,</p><p>Uw persoonlijke code is <strong>ABCD-EFGH-JKLM</strong>.</p>",
      envelope: { from: BOUNCES, to: ["jan@example.nl"] },
    });
    const page = await outboxMessages.list(db.db, { limit: 10 });
    expect(page.total).toBe(1);
    const [entry] = page.items;
    expect(entry).toMatchObject({
      mailFrom: BOUNCES,
      rcptTo: ["jan@example.nl"],
      subject: "Uw gegevens zijn gelekt — wat u nu kunt doen",
      messageId: info.messageId,
    });
    const stored = await outboxMessages.get(db.db, entry?.id ?? 0);
    expect(stored?.size).toBe(stored?.raw.length);
    expect(stored?.raw.toString()).toContain("ABCD-EFGH-JKLM");
    expect(stored?.raw.toString()).toMatch(/^Content-Type: multipart\/alternative/m);
  });

  it("turns the outbox's own bounce into an onBounce call naming the original message", async () => {
    const { transport, bounces } = await outbox({}, { bounceRecipients: ["weg@example.nl"] });
    const info = await transport.sendMail({
      from: "noreply@org.example",
      to: "weg@example.nl",
      subject: "Eerste bericht",
      text: "Hallo",
      envelope: { from: BOUNCES, to: ["weg@example.nl"] },
    });
    expect(bounces).toEqual([
      {
        originalMessageId: info.messageId,
        recipients: [
          expect.objectContaining({ finalRecipient: "weg@example.nl", action: "failed", status: "5.1.1" }),
        ],
      },
    ]);
    // The bounce itself is kept for the outbox page; the refused message never reached a mailbox.
    const page = await outboxMessages.list(db.db, { limit: 10 });
    expect(page.items.map((m) => [m.mailFrom, m.rcptTo, m.subject])).toEqual([
      ["", [BOUNCES], "Undelivered Mail Returned to Sender"],
    ]);
  });

  it("also hands on a delivery-status report sent to another address, and keeps plain mail to the bounce address", async () => {
    const { transport, bounces, errors } = await outbox();
    const dsn = buildDsn({
      reportingMta: "mx.example.nl",
      returnPath: "other@org.example",
      original: "Message-ID: <orig-7@org.example>\r\nSubject: x\r\n\r\nbody",
      arrivalDate: new Date(),
      date: new Date(),
      recipients: [{ finalRecipient: "piet@example.nl", action: "failed", status: "5.2.2" }],
    });
    await transport.sendMail({ envelope: { from: "", to: ["other@org.example"] }, raw: dsn });
    await transport.sendMail({
      from: "piet@example.nl",
      to: BOUNCES,
      subject: "Automatisch antwoord: ik ben op vakantie",
      text: "Ik ben terug op 3 december.",
    });
    expect(bounces).toEqual([
      {
        originalMessageId: "<orig-7@org.example>",
        recipients: [expect.objectContaining({ status: "5.2.2" })],
      },
    ]);
    expect(errors).toEqual([]);
    expect((await outboxMessages.list(db.db, { limit: 10 })).total).toBe(2);
  });

  it("accepts and stores a bounce even when onBounce fails, and reports the failure", async () => {
    const { transport, errors } = await outbox(
      {
        onBounce: () => {
          throw new Error("delivery engine is down");
        },
      },
      { bounceRecipients: ["weg@example.nl"] },
    );
    const info = await transport.sendMail({
      from: "noreply@org.example",
      to: "weg@example.nl",
      subject: "x",
      text: "x",
      envelope: { from: BOUNCES, to: ["weg@example.nl"] },
    });
    expect(info.accepted).toEqual(["weg@example.nl"]);
    expect(errors.map((e) => e.message)).toEqual(["delivery engine is down"]);
    expect((await outboxMessages.list(db.db, { limit: 10 })).total).toBe(1);
  });

  it("lists newest first in pages, and the purge deletes only messages past the retention", async () => {
    const now = new Date("2026-11-29T12:00:00Z");
    for (let day = 0; day < 12; day++) {
      await outboxMessages.insert(db.db, {
        receivedAt: new Date(now.getTime() - day * 86_400_000),
        mailFrom: BOUNCES,
        rcptTo: [`klant.${day}@example.nl`],
        subject: `dag ${day}`,
        raw: Buffer.from(`Subject: dag ${day}\r\n\r\nx`),
      });
    }
    const first = await outboxMessages.list(db.db, { limit: 5 });
    const second = await outboxMessages.list(db.db, { limit: 5, offset: 5 });
    expect(first.total).toBe(12);
    expect([...first.items, ...second.items].map((m) => m.subject)).toEqual(
      Array.from({ length: 10 }, (_, day) => `dag ${day}`),
    );
    expect(await outboxMessages.purge(db.db, { olderThanDays: 7, now })).toBe(4);
    const left = await outboxMessages.list(db.db, { limit: 50 });
    expect(left.items.map((m) => m.subject).at(-1)).toBe("dag 7");
    expect(await outboxMessages.get(db.db, "not-a-number")).toBeUndefined();
    expect(await outboxMessages.get(db.db, 999_999)).toBeUndefined();
  });
});
