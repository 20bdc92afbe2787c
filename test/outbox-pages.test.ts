/** The outbox pages over the real store and a real SMTP capture, answered only to this machine. */
import type { FastifyInstance } from "fastify";
import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Outbox, startOutbox } from "../src/delivery/outbox.ts";
import { outboxDbSink } from "../src/delivery/outbox-db-sink.ts";
import { outboxMessages } from "../src/store/index.ts";
import { openTestDatabase, type TestDatabase } from "../src/store/testing.ts";
import { buildServer, createRequestLogger } from "../src/web/index.ts";

let db: TestDatabase;
let box: Outbox;
let app: FastifyInstance;
let messageId: string;

async function server(withOutbox: boolean, trustProxy = false): Promise<FastifyInstance> {
  return buildServer({
    logger: createRequestLogger("silent"),
    publicUrl: "http://localhost:3000",
    ping: async () => {},
    trustProxy,
    ...(withOutbox
      ? {
          outbox: {
            list: (query) => outboxMessages.list(db.db, query),
            get: (id) => outboxMessages.get(db.db, id),
          },
        }
      : {}),
  });
}

beforeAll(async () => {
  db = await openTestDatabase("pglite");
  box = await startOutbox({ sink: outboxDbSink({ db: db.db, bounceAddress: "bounces@org.example" }) });
  const transport = nodemailer.createTransport({ host: box.host, port: box.port, secure: false });
  const info = await transport.sendMail({
    from: "Voorbeeld Telecom <noreply@org.example>",
    to: "Jan Jansen <jan@example.nl>",
    subject: "Uw gegevens zijn gelekt",
    text: "Beste Jan,\n\nUw persoonlijke code is ABCD-EFGH-JKLM.\n",
    html: '<p>Beste Jan,</p><p>Code: <strong>ABCD-EFGH-JKLM</strong></p><script>alert("x")</script>',
    envelope: { from: "bounces@org.example", to: ["jan@example.nl"] },
  });
  messageId = info.messageId;
  app = await server(true, true);
});
afterAll(async () => {
  await app?.close();
  await box?.close();
  await db?.close();
});

const LOCAL = "127.0.0.1";
const REMOTE = "203.0.113.9";

describe("outbox pages", () => {
  it("list captured messages newest first for a client on this machine, in Dutch and English", async () => {
    const nl = await app.inject({ url: "/outbox", remoteAddress: LOCAL });
    expect(nl.statusCode).toBe(200);
    expect(nl.headers["cache-control"]).toBe("no-store");
    expect(nl.body).toContain('<html lang="nl">');
    expect(nl.body).toContain("Verstuurde berichten");
    expect(nl.body).toContain("jan@example.nl");
    expect(nl.body).toMatch(/href="\/outbox\/\d+">Uw gegevens zijn gelekt</);
    // Dutch date and time in Amsterdam time, and a Dutch size.
    expect(nl.body).toMatch(
      /<time datetime="[^"]+">\d{1,2} [a-z]{3,4}\.? 20\d\d(,| om) \d\d:\d\d:\d\d<\/time>/,
    );
    expect(nl.body).toMatch(/<td[^>]*>\d+(,\d)? (byte|kB)<\/td>/);
    const en = await app.inject({ url: "/en/outbox", remoteAddress: "::1" });
    expect(en.statusCode).toBe(200);
    expect(en.body).toContain('<html lang="en">');
    expect(en.body).toContain("Sent messages");
    expect(en.body).toMatch(/href="\/en\/outbox\/\d+"/);
  });

  it("show one message: header summary, the text part, and the HTML only as escaped source", async () => {
    const [entry] = (await outboxMessages.list(db.db, { limit: 1 })).items;
    const res = await app.inject({ url: `/outbox/${entry?.id}`, remoteAddress: "::ffff:127.0.0.1" });
    expect(res.statusCode).toBe(200);
    expect(res.headers["cache-control"]).toBe("no-store");
    expect(res.body).toMatch(
      /<dt>Van<\/dt><dd>(&quot;)?Voorbeeld Telecom(&quot;)? &lt;noreply@org.example&gt;<\/dd>/,
    );
    expect(res.body).toContain(messageId.replace(/</g, "&lt;").replace(/>/g, "&gt;"));
    expect(res.body).toContain(
      '<pre class="lw-source">Beste Jan,\n\nUw persoonlijke code is ABCD-EFGH-JKLM.',
    );
    expect(res.body).toMatch(
      /<details[^>]*><summary>HTML-versie \(broncode\)<\/summary>\s*<pre class="lw-source">/,
    );
    expect(res.body).toContain("&lt;strong&gt;ABCD-EFGH-JKLM&lt;/strong&gt;");
    expect(res.body).not.toContain("<strong>ABCD");
    expect(res.body).not.toContain("<script");
    expect(res.body).not.toContain("<iframe");
    expect(res.body).toContain(`href="/outbox/${entry?.id}.eml"`);
  });

  it("download the raw message as an .eml attachment that is never cached", async () => {
    const [entry] = (await outboxMessages.list(db.db, { limit: 1 })).items;
    const stored = await outboxMessages.get(db.db, entry?.id ?? 0);
    const res = await app.inject({ url: `/outbox/${entry?.id}.eml`, remoteAddress: LOCAL });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^message\/rfc822/);
    expect(res.headers["content-disposition"]).toBe(`attachment; filename="outbox-${entry?.id}.eml"`);
    expect(res.headers["cache-control"]).toBe("no-store");
    expect(res.rawPayload.equals(stored?.raw ?? Buffer.alloc(0))).toBe(true);
  });

  it("answer 404 to every other client, whatever X-Forwarded-For says, even with a trusted proxy", async () => {
    const [entry] = (await outboxMessages.list(db.db, { limit: 1 })).items;
    for (const url of ["/outbox", "/en/outbox", `/outbox/${entry?.id}`, `/outbox/${entry?.id}.eml`]) {
      const res = await app.inject({
        url,
        remoteAddress: REMOTE,
        headers: { "x-forwarded-for": "127.0.0.1" },
      });
      expect({ url, status: res.statusCode }).toEqual({ url, status: 404 });
      expect(res.body).not.toContain("jan@example.nl");
    }
  });

  it("answer 404 for unknown ids, bad page numbers, and when the server has no outbox", async () => {
    for (const url of [
      "/outbox/999999",
      "/outbox/abc",
      "/outbox/1.txt",
      "/outbox?pagina=0",
      "/outbox?pagina=x",
    ]) {
      expect({ url, status: (await app.inject({ url, remoteAddress: LOCAL })).statusCode }).toEqual({
        url,
        status: 404,
      });
    }
    const without = await server(false);
    try {
      expect((await without.inject({ url: "/outbox", remoteAddress: LOCAL })).statusCode).toBe(404);
    } finally {
      await without.close();
    }
  });

  it("page through many messages, fifty at a time", async () => {
    const start = Date.parse("2026-11-01T09:00:00Z");
    for (let i = 0; i < 60; i++) {
      await outboxMessages.insert(db.db, {
        receivedAt: new Date(start + i * 60_000),
        mailFrom: "bounces@org.example",
        rcptTo: [`klant.${i}@example.nl`],
        subject: `Bericht ${i}`,
        raw: Buffer.from(`Subject: Bericht ${i}\r\n\r\nTekst`),
      });
    }
    const first = await app.inject({ url: "/outbox", remoteAddress: LOCAL });
    expect(first.body).toContain("Pagina 1 van 2");
    expect(first.body).toContain('rel="next" href="/outbox?pagina=2"');
    const second = await app.inject({ url: "/outbox?pagina=2", remoteAddress: LOCAL });
    expect(second.statusCode).toBe(200);
    expect(second.body).toContain("Bericht 0<");
    expect(second.body).not.toContain("Uw gegevens zijn gelekt");
    const en = await app.inject({ url: "/en/outbox?page=2", remoteAddress: LOCAL });
    expect(en.body).toContain('rel="prev" href="/en/outbox"');
    expect((await app.inject({ url: "/outbox?pagina=3", remoteAddress: LOCAL })).statusCode).toBe(404);
  });
});
