import { connect, createServer, type Server, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { headerMessageId, memorySink, type Outbox, startOutbox } from "./outbox.ts";
import { createRelayConnections, type RelayConnections } from "./smtp-connections.ts";

/**
 * A TCP relay in front of the outbox that counts connections and can cut them all, as a relay restart does,
 * or cut each one once the outbox has a whole message but before its reply gets back.
 */
async function countingProxy(target: number) {
  const clients = new Set<Socket>();
  let accepted = 0;
  let maxOpen = 0;
  let cutAfterMessage = false;
  const server: Server = createServer((client) => {
    accepted += 1;
    clients.add(client);
    maxOpen = Math.max(maxOpen, clients.size);
    const upstream = connect(target, "127.0.0.1");
    let swallowing = false;
    client.on("data", (chunk: Buffer) => {
      upstream.write(chunk);
      if (cutAfterMessage && chunk.includes("\r\n.\r\n")) {
        swallowing = true;
        setTimeout(() => client.destroy(), 100);
      }
    });
    upstream.on("data", (chunk: Buffer) => {
      if (!swallowing) client.write(chunk);
    });
    const drop = () => {
      clients.delete(client);
      client.destroy();
      upstream.destroy();
    };
    client.on("close", drop).on("error", drop);
    upstream.on("close", drop).on("error", drop);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    port,
    accepted: () => accepted,
    maxOpen: () => maxOpen,
    openNow: () => clients.size,
    cutAfterEachMessage: () => {
      cutAfterMessage = true;
    },
    cutAll: () => {
      for (const client of [...clients]) client.destroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of clients) client.destroy();
        server.close(() => resolve());
      }),
  };
}

function raw(id: string, to: string): Buffer {
  return Buffer.from(
    [
      "From: <noreply@org.example>",
      `To: <${to}>`,
      "Subject: Test",
      `Message-ID: <${id}@org.example>`,
      "",
      "Hallo.",
      ".begins with a dot",
      "",
    ].join("\r\n"),
  );
}

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function relay(options: Omit<Parameters<typeof startOutbox>[0], "sink"> = {}) {
  const sink = memorySink();
  const box: Outbox = await startOutbox({ sink, ...options });
  cleanup.push(() => box.close());
  const proxy = await countingProxy(box.port);
  cleanup.push(() => proxy.close());
  return { sink, proxy };
}

function pool(port: number, extra: Partial<Parameters<typeof createRelayConnections>[0]> = {}) {
  const connections: RelayConnections = createRelayConnections({
    host: "127.0.0.1",
    port,
    secure: false,
    ...extra,
  });
  cleanup.push(() => connections.close());
  return connections;
}

const envelope = (to: string) => ({ from: "bounces@org.example", to: [to] });
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

describe("SMTP connection pool", () => {
  it("sends many messages at once over no more than its connections, each once, dots and bytes intact", async () => {
    const { sink, proxy } = await relay();
    const connections = pool(proxy.port, { maxConnections: 3 });
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => connections.send(envelope(`p${i}@example.nl`), raw(`m${i}`, "x"))),
    );
    expect(proxy.accepted()).toBe(3);
    expect(proxy.maxOpen()).toBe(3);
    const ids = sink.messages.map((m) => headerMessageId(m.raw));
    expect(new Set(ids).size).toBe(40);
    expect(sink.messages[0]?.raw.toString()).toContain("\r\n.begins with a dot\r\n");
    expect(sink.messages[0]?.raw.toString()).not.toContain("\r\n..begins");
  });

  it("keeps a connection after the relay refused a recipient, and replaces one after maxMessages", async () => {
    const { sink, proxy } = await relay({ rejectRecipients: ["gone@example.nl"] });
    const connections = pool(proxy.port, { maxConnections: 1, maxMessages: 3 });
    await connections.send(envelope("a@example.nl"), raw("a", "a"));
    await expect(connections.send(envelope("gone@example.nl"), raw("b", "b"))).rejects.toMatchObject({
      code: "EENVELOPE",
      responseCode: 550,
    });
    await connections.send(envelope("c@example.nl"), raw("c", "c"));
    expect(proxy.accepted()).toBe(1);
    // The third message used up the first connection: the fourth goes over a new one.
    await connections.send(envelope("d@example.nl"), raw("d", "d"));
    expect(proxy.accepted()).toBe(2);
    expect(sink.messages.map((m) => headerMessageId(m.raw))).toEqual([
      "<a@org.example>",
      "<c@org.example>",
      "<d@org.example>",
    ]);
  });

  it("replaces connections the relay dropped while they were idle, without failing a message", async () => {
    const { sink, proxy } = await relay();
    const connections = pool(proxy.port, { maxConnections: 2 });
    await Promise.all([
      connections.send(envelope("a@example.nl"), raw("a", "a")),
      connections.send(envelope("b@example.nl"), raw("b", "b")),
    ]);
    proxy.cutAll();
    await settle();
    expect(connections.openConnections()).toBe(0);
    await Promise.all([
      connections.send(envelope("c@example.nl"), raw("c", "c")),
      connections.send(envelope("d@example.nl"), raw("d", "d")),
    ]);
    expect(sink.messages).toHaveLength(4);
    expect(proxy.accepted()).toBe(4);
  });

  it("sends a message once more over a fresh connection when the taken one was already closed", async () => {
    const { sink, proxy } = await relay();
    const connections = pool(proxy.port, { maxConnections: 1 });
    await connections.send(envelope("a@example.nl"), raw("a", "a"));
    // Cut and send in the same tick: the pool still holds the connection as idle when the message is taken.
    proxy.cutAll();
    await connections.send(envelope("b@example.nl"), raw("b", "b"));
    expect(sink.messages.map((m) => headerMessageId(m.raw))).toEqual(["<a@org.example>", "<b@org.example>"]);
  });

  it("never sends a message again once its bytes went out, even when the reply never came", async () => {
    const { sink, proxy } = await relay();
    const connections = pool(proxy.port, { maxConnections: 1 });
    await connections.send(envelope("a@example.nl"), raw("a", "a"));
    proxy.cutAfterEachMessage();
    await expect(connections.send(envelope("b@example.nl"), raw("b", "b"))).rejects.toMatchObject({
      code: "ECONNECTION",
    });
    await settle();
    // The relay has it once; whether to try again is the lifecycle's decision, not the pool's.
    expect(sink.messages.map((m) => headerMessageId(m.raw))).toEqual(["<a@org.example>", "<b@org.example>"]);
  });

  it("fails a message when a fresh connection breaks, and frees its place", async () => {
    const { proxy } = await relay();
    const connections = pool(proxy.port, { maxConnections: 1, connectionTimeoutMs: 2_000 });
    await proxy.close();
    await expect(connections.send(envelope("a@example.nl"), raw("a", "a"))).rejects.toMatchObject({
      code: expect.stringMatching(/ECONNECTION|ESOCKET/),
    });
    expect(connections.openConnections()).toBe(0);
  });

  it("after close, ends idle connections and fails later messages as the relay's failure", async () => {
    const { proxy } = await relay();
    const connections = pool(proxy.port, { maxConnections: 2 });
    await connections.send(envelope("a@example.nl"), raw("a", "a"));
    connections.close();
    await settle();
    expect(proxy.openNow()).toBe(0);
    await expect(connections.send(envelope("b@example.nl"), raw("b", "b"))).rejects.toMatchObject({
      code: "ECONNECTION",
    });
  });

  it("verifies the relay without keeping a connection, and reports a refused log-in", async () => {
    const { proxy } = await relay({ auth: { user: "relay", pass: "s3cret" } });
    await pool(proxy.port, { auth: { user: "relay", pass: "s3cret" } }).verify();
    await expect(pool(proxy.port, { auth: { user: "relay", pass: "wrong" } }).verify()).rejects.toMatchObject(
      {
        code: "EAUTH",
      },
    );
    await settle();
    expect(proxy.openNow()).toBe(0);
  });
});
