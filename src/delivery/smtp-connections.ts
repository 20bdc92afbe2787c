/**
 * A pool of SMTP connections to one relay, each a nodemailer `SMTPConnection` that takes the rendered bytes as
 * they are. nodemailer's own pool (`createTransport({ pool: true })`) first runs every message through its
 * composer, also for `raw` input: a new MIME tree, a random Message-ID and boundary drawn synchronously, a
 * stream pipeline with an abort controller per message. That cost about 0.2 ms of CPU per message here, two
 * thirds of the client's share of sending (see docs/operations.md). The protocol itself (EHLO, STARTTLS, AUTH,
 * PIPELINING, dot-stuffing, reply parsing) stays nodemailer's; this file only keeps connections open, reuses
 * them and replaces the ones that broke, as nodemailer's pool does, and lets message bytes that need no
 * dot-stuffing skip its byte-by-byte pass (smtp-data.ts).
 */
import { createRequire } from "node:module";
import { Readable, type Transform } from "node:stream";
import type SMTPConnectionClass from "nodemailer/lib/smtp-connection";
import type { SMTPConnectionSendInfo } from "nodemailer/lib/smtp-connection";
import { asIsWhenClean } from "./smtp-data.ts";

// Loaded when the first pool is made: a process that never sends e-mail does without nodemailer's code.
const requireWhenUsed = createRequire(import.meta.url);

/** How to talk to the relay, whatever its address: the SMTP sender's options besides its URL. */
export interface ConnectionSettings {
  /** Connections open at once (default 5). */
  maxConnections?: number;
  /** Messages per connection before it is replaced (default 1000). */
  maxMessages?: number;
  /** Refuse to send unless the relay upgrades to TLS (STARTTLS). */
  requireTLS?: boolean;
  /** Check the relay's certificate (default true). Only a local test relay should need false. */
  rejectUnauthorized?: boolean;
  /** Name sent in EHLO. */
  clientName?: string;
  /** Connecting and waiting for the greeting, each (default 30 s). */
  connectionTimeoutMs?: number;
  /** Silence on an open connection before it is given up (default 60 s); an idle connection closes then. */
  socketTimeoutMs?: number;
}

export interface RelayConnectionOptions extends ConnectionSettings {
  host: string;
  port: number;
  /** TLS from the start (smtps, port 465); otherwise STARTTLS when the relay offers it. */
  secure: boolean;
  auth?: { user: string; pass: string };
}

export interface RelayConnections {
  /** Sends one message over a pooled connection; rejects with nodemailer's error (code, responseCode, command). */
  send(envelope: { from: string; to: string[] }, raw: Buffer): Promise<SMTPConnectionSendInfo>;
  /** Connects and authenticates once, outside the pool; rejects with the relay's answer when that fails. */
  verify(): Promise<void>;
  /** Ends idle connections now and busy ones after their message; later sends fail as the relay's failure. */
  close(): void;
  /** Connections open or being opened (tests). */
  openConnections(): number;
}

interface Pooled {
  connection: SMTPConnectionClass;
  sent: number;
  retired: boolean;
}

/** Errors that mean the connection is gone, as opposed to an answer about this message. */
const CONNECTION_GONE = new Set(["ECONNECTION", "ESOCKET", "ETIMEDOUT", "EPIPE", "ECONNRESET"]);

function closedError(): Error {
  return Object.assign(new Error("SMTP sender is closed"), { code: "ECONNECTION" });
}

function closedWhileConnecting(reply: string | false | undefined): Error {
  const text = typeof reply === "string" ? reply.trim() : "";
  const responseCode = Number(/^[45]\d\d/.exec(text)?.[0]) || undefined;
  return Object.assign(new Error(`Connection closed while connecting${text ? `: ${text}` : ""}`), {
    code: "ECONNECTION",
    command: "CONN",
    ...(text ? { response: text } : {}),
    ...(responseCode ? { responseCode } : {}),
  });
}

/**
 * Has the connection's DATA stream pass message bytes that need no dot-stuffing straight through
 * (smtp-data.ts). `_createSendStream` is nodemailer's own (10.x); without it the connection is left as it is.
 */
function passingCleanDataAsIs(connection: SMTPConnectionClass): SMTPConnectionClass {
  const internal = connection as unknown as { _createSendStream?: (callback: unknown) => Transform };
  const create = internal._createSendStream;
  if (typeof create !== "function") return connection;
  internal._createSendStream = (callback) => asIsWhenClean(create.call(connection, callback));
  return connection;
}

/**
 * One piece because every step below reads and changes the same four things (the idle connections, how many
 * are open, who waits for one, whether the pool is closed), and each step is a few lines.
 */
export function createRelayConnections(options: RelayConnectionOptions): RelayConnections {
  const SMTPConnection = requireWhenUsed(
    "nodemailer/lib/smtp-connection",
  ) as typeof import("nodemailer/lib/smtp-connection").default;
  const maxConnections = Math.max(1, options.maxConnections ?? 5);
  const maxMessages = Math.max(1, options.maxMessages ?? 1000);
  const idle: Pooled[] = [];
  const waiting: (() => void)[] = [];
  let open = 0;
  let closed = false;

  const newConnection = () =>
    passingCleanDataAsIs(
      new SMTPConnection({
        host: options.host,
        port: options.port,
        secure: options.secure,
        requireTLS: options.requireTLS ?? false,
        tls: { rejectUnauthorized: options.rejectUnauthorized ?? true },
        ...(options.clientName ? { name: options.clientName } : {}),
        connectionTimeout: options.connectionTimeoutMs ?? 30_000,
        greetingTimeout: options.connectionTimeoutMs ?? 30_000,
        socketTimeout: options.socketTimeoutMs ?? 60_000,
        // nodemailer's logger would write addresses and server replies; receipts carry what matters, masked.
        logger: false,
      }),
    );

  /** Connected and, when the URL has credentials, logged in; a failure comes back as the relay's error. */
  const ready = async (connection: SMTPConnectionClass): Promise<void> => {
    await new Promise<void>((resolve, reject) => {
      // A refused or broken connection is reported as an `error` event, not through the callback.
      const onError = (error: Error) => reject(error);
      // A relay that answers 421 ("too many connections") closes without an error event: its reply says why.
      const onEnd = () => reject(closedWhileConnecting(connection.lastServerResponse));
      connection.once("error", onError);
      connection.once("end", onEnd);
      connection.connect((error) => {
        connection.off("error", onError);
        connection.off("end", onEnd);
        if (error) reject(error);
        else resolve();
      });
    });
    const { auth } = options;
    // As nodemailer's pool: credentials are offered only to a relay that advertises AUTH.
    if (!auth || !connection.allowsAuth) return;
    await new Promise<void>((resolve, reject) =>
      connection.login({ credentials: { user: auth.user, pass: auth.pass } }, (error) =>
        error ? reject(error) : resolve(),
      ),
    );
  };

  const wakeOne = () => waiting.shift()?.();

  /**
   * Out of the pool for good, once, its place freed for a new one: `quit` ends a working session politely,
   * `close` drops it, `closing` is for a connection that is closing itself (its error or end event).
   */
  const retire = (pooled: Pooled, how: "quit" | "close" | "closing") => {
    if (pooled.retired) return;
    pooled.retired = true;
    open -= 1;
    const at = idle.indexOf(pooled);
    if (at >= 0) idle.splice(at, 1);
    if (how === "quit" && !pooled.connection.destroyed) pooled.connection.quit();
    else if (how !== "closing") pooled.connection.close();
    wakeOne();
  };

  const openOne = async (): Promise<Pooled> => {
    open += 1;
    let connection: SMTPConnectionClass;
    try {
      connection = newConnection();
    } catch (error) {
      open -= 1;
      wakeOne();
      throw error;
    }
    const pooled: Pooled = { connection, sent: 0, retired: false };
    // Whatever happens to it later (a time-out while idle, the relay closing it), it leaves the pool.
    connection.on("error", () => retire(pooled, "closing"));
    connection.on("end", () => retire(pooled, "closing"));
    try {
      await ready(connection);
    } catch (error) {
      retire(pooled, "close");
      throw error;
    }
    return pooled;
  };

  const take = async (): Promise<Pooled> => {
    for (;;) {
      if (closed) throw closedError();
      // The most recently used first: spare connections stay idle and time out when fewer are needed.
      const pooled = idle.pop();
      if (pooled) {
        if (!pooled.retired && !pooled.connection.destroyed) return pooled;
        continue;
      }
      if (open < maxConnections) return openOne();
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
  };

  const giveBack = (pooled: Pooled) => {
    if (pooled.retired) return;
    if (closed || pooled.sent >= maxMessages || pooled.connection.destroyed) return retire(pooled, "quit");
    idle.push(pooled);
    wakeOne();
  };

  /** One message over one connection; `started` tells whether any of its bytes were handed to the socket. */
  const transfer = (pooled: Pooled, envelope: { from: string; to: string[] }, raw: Buffer) => {
    let started = false;
    // A stream rather than the buffer only to learn whether the relay got as far as the message's bytes.
    const body = new Readable({
      read() {
        started = true;
        this.push(raw);
        this.push(null);
      },
    });
    return new Promise<SMTPConnectionSendInfo>((resolve, reject) =>
      pooled.connection.send(envelope, body, (error, info) => {
        pooled.sent += 1;
        if (error) reject(Object.assign(error, { messageStarted: started }));
        else resolve(info as SMTPConnectionSendInfo);
      }),
    );
  };

  return {
    async send(envelope, raw) {
      for (let attempt = 1; ; attempt++) {
        const pooled = await take();
        const reused = pooled.sent > 0;
        try {
          const info = await transfer(pooled, envelope, raw);
          giveBack(pooled);
          return info;
        } catch (caught) {
          const error = caught as Error & { code?: string; responseCode?: number; messageStarted?: boolean };
          const gone = (error.code && CONNECTION_GONE.has(error.code) && !error.responseCode) || false;
          // A connection that sat idle may have been closed by the relay just as it was taken: when not a byte
          // of the message went out, it goes once more over a fresh connection, as nodemailer's pool does.
          if (gone && reused && !error.messageStarted && attempt === 1) {
            retire(pooled, "close");
            continue;
          }
          const refusal =
            (error.code === "EENVELOPE" || error.code === "EMESSAGE") && error.responseCode !== 421;
          if (refusal && !pooled.retired && !pooled.connection.destroyed) {
            // The relay refused this message; the session is fine once reset.
            pooled.connection.reset((resetError) =>
              resetError ? retire(pooled, "close") : giveBack(pooled),
            );
          } else {
            retire(pooled, "close");
          }
          throw error;
        }
      }
    },
    async verify() {
      const connection = newConnection();
      connection.on("error", () => undefined);
      try {
        await ready(connection);
        connection.quit();
      } catch (error) {
        connection.close();
        throw error;
      }
    },
    close() {
      closed = true;
      for (const pooled of [...idle]) retire(pooled, "quit");
      for (const wake of waiting.splice(0)) wake();
    },
    openConnections: () => open,
  };
}
