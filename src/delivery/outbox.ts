/**
 * The built-in outbox: a real SMTP server on localhost that accepts mail and hands every message to a sink.
 * In embedded mode it is the relay, so `npm start` sends real SMTP end to end; in tests and benchmarks it
 * stands in for a mailbox provider and can act like one: refuse unknown users (550 5.1.1), push back on a
 * domain for a while (421 4.7.0), bounce after accepting (a DSN to the envelope sender), limit connections
 * and message size.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import type { SMTPServer, SMTPServerDataStream, SMTPServerSession } from "smtp-server";
import { buildDsn } from "./dsn.ts";
import { recipientDomain } from "./providers.ts";

export interface OutboxEnvelope {
  /** Envelope sender; "" for the null sender of a bounce. */
  from: string;
  to: string[];
  receivedAt: Date;
}

export interface OutboxSink {
  save(envelope: OutboxEnvelope, raw: Buffer): Promise<void>;
}

export interface StoredMessage {
  envelope: OutboxEnvelope;
  raw: Buffer;
}

export interface MemorySink extends OutboxSink {
  readonly messages: StoredMessage[];
}

export function memorySink(): MemorySink {
  const messages: StoredMessage[] = [];
  return {
    messages,
    async save(envelope, raw) {
      messages.push({ envelope, raw });
    },
  };
}

/**
 * One `.eml` file per message in a folder only the owner can read (it holds personal data): the name is
 * the receiving time and a hash of the bytes, so a listing sorts by time. The envelope is prepended as
 * `Return-Path` and `Delivered-To` header lines, as a mail server's local delivery does.
 */
export function folderSink(folder: string): OutboxSink {
  let ready: Promise<unknown> | undefined;
  return {
    async save(envelope, raw) {
      ready ??= mkdir(folder, { recursive: true, mode: 0o700 });
      await ready;
      const stamp = envelope.receivedAt.toISOString().replace(/[-:.]/g, "");
      const hash = createHash("sha256").update(raw).digest("hex").slice(0, 16);
      const head = [
        `Return-Path: <${envelope.from}>`,
        ...envelope.to.map((to) => `Delivered-To: ${to}`),
        "",
      ].join("\r\n");
      const bytes = Buffer.concat([Buffer.from(head), raw]);
      for (let n = 0; ; n += 1) {
        const name = `${stamp}-${hash}${n ? `-${n}` : ""}.eml`;
        try {
          await writeFile(join(folder, name), bytes, { flag: "wx", mode: 0o600 });
          return;
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== "EEXIST" || n > 100) throw error;
        }
      }
    },
  };
}

/** Message-ID of a raw message (from its header), or undefined. */
export function headerMessageId(raw: Buffer): string | undefined {
  const end = raw.indexOf("\r\n\r\n");
  const head = raw.subarray(0, end >= 0 ? end : Math.min(raw.length, 64 * 1024)).toString("latin1");
  const line = /^message-id:[ \t]*(.*(?:\r\n[ \t].*)*)/im.exec(head)?.[1];
  return line ? /<[^<>\s]+>/.exec(line)?.[0] : undefined;
}

/** What the counting sink saw from one envelope sender. */
export interface SenderCounts {
  messages: number;
  distinctMessageIds: number;
  duplicates: number;
  /** Bytes of the messages as received (headers and body). */
  bytes: number;
  /** Messages that carry a DKIM-Signature header. */
  signed: number;
}

export interface CountingSink extends OutboxSink {
  /**
   * Messages received, distinct Message-IDs among them, and how many were repeats of an id already seen; the
   * same per envelope sender, so one run can tell a campaign from the traffic beside it.
   */
  counts(): {
    messages: number;
    distinctMessageIds: number;
    duplicates: number;
    bySender: Record<string, SenderCounts>;
  };
}

/** Keeps only Message-IDs: for benchmarks and crash tests that count who was reached, and how often. */
export function countingSink(): CountingSink {
  const seen = new Set<string>();
  const senders = new Map<string, { seen: Set<string>; counts: SenderCounts }>();
  let messages = 0;
  let duplicates = 0;
  return {
    async save(envelope, raw) {
      messages += 1;
      const id = headerMessageId(raw) ?? `(none ${messages})`;
      if (seen.has(id)) duplicates += 1;
      else seen.add(id);
      let sender = senders.get(envelope.from);
      if (!sender) {
        sender = {
          seen: new Set(),
          counts: { messages: 0, distinctMessageIds: 0, duplicates: 0, bytes: 0, signed: 0 },
        };
        senders.set(envelope.from, sender);
      }
      const c = sender.counts;
      c.messages += 1;
      c.bytes += raw.length;
      if (/^dkim-signature:/im.test(raw.subarray(0, 2048).toString("latin1"))) c.signed += 1;
      if (sender.seen.has(id)) c.duplicates += 1;
      else sender.seen.add(id);
      c.distinctMessageIds = sender.seen.size;
    },
    counts: () => ({
      messages,
      distinctMessageIds: seen.size,
      duplicates,
      bySender: Object.fromEntries([...senders].map(([from, s]) => [from, { ...s.counts }])),
    }),
  };
}

type AddressTest = Iterable<string> | ((address: string) => boolean);

export interface OutboxOptions {
  sink: OutboxSink;
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Name in the greeting and in bounce reports. */
  hostname?: string;
  maxMessageBytes?: number;
  /** More simultaneous connections get 421 and are closed. */
  maxConnections?: number;
  /** Require AUTH PLAIN/LOGIN with these credentials. */
  auth?: { user: string; pass: string };
  /** Refused at RCPT TO with 550 5.1.1, as for an unknown mailbox. */
  rejectRecipients?: AddressTest;
  /** Accepted, then a DSN (5.1.1) goes to the envelope sender, as a relay does when the next hop refuses. */
  bounceRecipients?: AddressTest;
  /**
   * Offer STARTTLS with smtp-server's built-in self-signed certificate (default false: on localhost it adds
   * nothing, and a sender checking certificates would refuse it). For testing TLS settings.
   */
  starttls?: boolean;
  /** Domain → milliseconds from start during which RCPT TO for it gets 421 4.7.0. */
  deferDomains?: Record<string, number>;
}

export interface Outbox {
  port: number;
  host: string;
  /** `smtp://host:port` for the SMTP sender. */
  url: string;
  /** Defers a domain (421 4.7.0) for the next `ms` milliseconds. */
  deferDomain(domain: string, ms: number): void;
  /** Messages accepted so far (bounces generated by the outbox not counted). */
  accepted(): number;
  close(): Promise<void>;
}

function matcher(test: AddressTest | undefined): (address: string) => boolean {
  if (!test) return () => false;
  if (typeof test === "function") return (address) => test(address.toLowerCase());
  const set = new Set([...test].map((a) => a.toLowerCase()));
  return (address) => set.has(address.toLowerCase());
}

function smtpError(code: number, text: string): Error {
  return Object.assign(new Error(text), { responseCode: code });
}

async function readAll(stream: SMTPServerDataStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  // Past the size limit the rest is only drained, so an oversized message never sits in memory whole.
  for await (const chunk of stream) if (!stream.sizeExceeded) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const UNKNOWN_USER = "The email account that you tried to reach does not exist";

/** Why the outbox refuses a recipient at RCPT, as a provider would: its domain defers, or it does not exist. */
function recipientRefusal(
  address: string,
  deferredUntil: ReadonlyMap<string, number>,
  rejects: (address: string) => boolean,
): Error | undefined {
  const until = deferredUntil.get(recipientDomain(address)) ?? 0;
  if (Date.now() < until) return smtpError(421, "4.7.0 Try again later, closing connection");
  if (rejects(address)) return smtpError(550, `5.1.1 ${UNKNOWN_USER}`);
  return undefined;
}

/** The DSN a provider sends back for accepted mail to recipients it then finds unknown. */
function unknownUserDsn(
  hostname: string,
  returnPath: string,
  original: Buffer,
  arrivalDate: Date,
  recipients: readonly string[],
): string {
  return buildDsn({
    reportingMta: hostname,
    returnPath,
    original,
    arrivalDate,
    date: new Date(),
    recipients: recipients.map((to) => ({
      finalRecipient: to,
      action: "failed",
      status: "5.1.1",
      diagnosticCode: `550 5.1.1 ${UNKNOWN_USER}`,
    })),
  });
}

/** Starts listening; a failure to bind (the port is taken) rejects instead of being an unhandled event. */
function listen(server: SMTPServer, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

export async function startOutbox(options: OutboxOptions): Promise<Outbox> {
  const host = options.host ?? "127.0.0.1";
  const hostname = options.hostname ?? "outbox.localhost";
  const maxMessageBytes = options.maxMessageBytes ?? 10 * 1024 * 1024;
  const rejects = matcher(options.rejectRecipients);
  const bounces = matcher(options.bounceRecipients);
  const deferredUntil = new Map<string, number>();
  const started = Date.now();
  for (const [domain, ms] of Object.entries(options.deferDomains ?? {}))
    deferredUntil.set(domain.toLowerCase(), started + ms);
  let accepted = 0;

  // Loaded when an outbox starts, not with the module: a process without one does not carry its code.
  const { SMTPServer } = await import("smtp-server");
  const server = new SMTPServer({
    name: hostname,
    banner: "Lekwijzer outbox",
    size: maxMessageBytes,
    logger: false,
    // Closing waits this long for clients to say QUIT, then drops them: a pool kept open must not hold shutdown.
    closeTimeout: 2000,
    authOptional: !options.auth,
    ...(options.starttls ? {} : { disabledCommands: ["STARTTLS"] }),
    // Without TLS, AUTH must still work on localhost (it is off by default on plain connections).
    allowInsecureAuth: true,
    ...(options.maxConnections ? { maxClients: options.maxConnections } : {}),
    onAuth(auth, _session, callback) {
      const ok = options.auth && auth.username === options.auth.user && auth.password === options.auth.pass;
      if (!ok) return callback(smtpError(535, "5.7.8 Authentication credentials invalid"));
      callback(null, { user: auth.username });
    },
    onRcptTo(address, _session, callback) {
      callback(recipientRefusal(address.address, deferredUntil, rejects));
    },
    onData(stream, session: SMTPServerSession, callback) {
      readAll(stream)
        .then(async (raw) => {
          if (stream.sizeExceeded)
            throw smtpError(552, `5.3.4 Message exceeds the size limit of ${maxMessageBytes} bytes`);
          const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : "";
          const receivedAt = new Date();
          const all = session.envelope.rcptTo.map((r) => r.address);
          const delivered = all.filter((to) => !bounces(to));
          const bounced = all.filter((to) => bounces(to));
          if (delivered.length > 0) await options.sink.save({ from, to: delivered, receivedAt }, raw);
          accepted += 1;
          // Never answer a bounce with a bounce: a null sender gets no DSN (RFC 5321 §4.5.5).
          if (bounced.length > 0 && from) {
            const dsn = unknownUserDsn(hostname, from, raw, receivedAt, bounced);
            await options.sink.save({ from: "", to: [from], receivedAt: new Date() }, Buffer.from(dsn));
          }
        })
        .then(
          () => callback(null, `2.0.0 Ok: queued as ${randomBytes(6).toString("hex").toUpperCase()}`),
          (error: Error & { responseCode?: number }) =>
            callback(
              error.responseCode ? error : smtpError(451, "4.3.0 Could not store the message, try again"),
            ),
        );
    },
  });
  server.on("error", () => {
    // Per-connection errors (a client hanging up) are reported here; they concern only that client.
  });
  await listen(server, options.port ?? 0, host);
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    host,
    url: `smtp://${host}:${port}`,
    deferDomain(domain, ms) {
      deferredUntil.set(domain.toLowerCase(), Date.now() + ms);
    },
    accepted: () => accepted,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
