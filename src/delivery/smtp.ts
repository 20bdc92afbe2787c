/**
 * E-mail to any SMTP relay over a pool of nodemailer SMTP connections (smtp-connections.ts). The message goes
 * out exactly as rendered upstream, with an explicit envelope, so its Message-ID and DKIM signature survive
 * byte for byte. Every answer becomes a classified receipt; deferrals are also counted per receiving domain
 * group so the campaign status can show which mailbox provider is pushing back.
 */

import { maskPersonalData } from "../core/index.ts";
import {
  classifySmtpReply,
  type EmailArtefact,
  type ProviderAdapter,
  type Receipt,
  recipientDomain,
} from "./providers.ts";
import { domainGroup } from "./rate.ts";
import { type ConnectionSettings, createRelayConnections } from "./smtp-connections.ts";

export interface SmtpSenderOptions extends ConnectionSettings {
  /** `smtp://[user:pass@]host[:port]` (STARTTLS when offered) or `smtps://…` (TLS from the start, port 465). */
  url: string;
}

export interface DomainDeferrals {
  group: string;
  deferred: number;
  rejected: number;
  lastReason?: string;
}

export interface SmtpSender extends ProviderAdapter<EmailArtefact> {
  /** Deferrals and rejections so far, per receiving domain group (gmail.com and googlemail.com together). */
  deferralsByDomain(): DomainDeferrals[];
  /** Connects and authenticates once; throws with the relay's answer when that fails. */
  verify(): Promise<void>;
  close(): void;
}

interface RelaySettings {
  host: string;
  port: number;
  secure: boolean;
  auth?: { user: string; pass: string };
}

export function parseRelayUrl(url: string): RelaySettings {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error("SMTP relay URL is not a URL; expected smtp://[user:pass@]host[:port] or smtps://…");
  }
  const secure = parsed.protocol === "smtps:";
  if (!secure && parsed.protocol !== "smtp:") {
    throw new Error(`SMTP relay URL must start with smtp:// or smtps://, not ${parsed.protocol}//`);
  }
  if (!parsed.hostname) throw new Error("SMTP relay URL has no host");
  const port = parsed.port ? Number(parsed.port) : secure ? 465 : 587;
  const user = decodeURIComponent(parsed.username);
  const pass = decodeURIComponent(parsed.password);
  return {
    host: parsed.hostname.replace(/^\[|\]$/g, ""),
    port,
    secure,
    ...(user ? { auth: { user, pass } } : {}),
  };
}

/** Errors without an SMTP reply: the relay could not be reached or the session broke. All temporary. */
const CONNECTION_ERROR_CODES = new Set([
  "ECONNECTION",
  "ETIMEDOUT",
  "ESOCKET",
  "EDNS",
  "ETLS",
  "EAUTH",
  "EPROTOCOL",
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
]);

interface NodemailerError extends Error {
  code?: string;
  responseCode?: number;
  response?: string;
  command?: string;
}

/** SMTP commands whose failure is about this recipient or this message; any other failure is the relay's. */
const RECIPIENT_COMMANDS = new Set(["RCPT TO", "DATA"]);

export function classifySmtpError(error: unknown): Exclude<Receipt, { outcome: "sent" }> {
  const e = error as NodemailerError;
  const response = e.response ?? e.message;
  // Authentication, TLS and connection failures are our configuration or the relay's state, not the
  // recipient: never a reason to fall back, and no attempt of the person's is used.
  if (
    e.code === "EAUTH" ||
    e.code === "ETLS" ||
    (e.code && CONNECTION_ERROR_CODES.has(e.code) && !e.responseCode)
  ) {
    return {
      outcome: "deferred",
      reason: maskPersonalData(`${e.code}: ${response}`).slice(0, 300),
      code: e.code,
      infrastructure: true,
    };
  }
  const reply = classifySmtpReply(e.responseCode, response);
  // A refusal at the greeting, EHLO, AUTH or MAIL FROM (a 421 "too busy", a 530, a 550 "sender not
  // allowed") says nothing about the recipient: wait for the relay, however the code reads.
  const command = e.command?.toUpperCase();
  if (e.responseCode === 421 || (command !== undefined && !RECIPIENT_COMMANDS.has(command))) {
    return {
      outcome: "deferred",
      reason: reply.reason,
      code: reply.code ?? e.responseCode,
      infrastructure: true,
    };
  }
  return reply;
}

function toBuffer(raw: string | Uint8Array): Buffer {
  return typeof raw === "string"
    ? Buffer.from(raw, "utf8")
    : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
}

export function createSmtpSender(options: SmtpSenderOptions): SmtpSender {
  const { url, ...settings } = options;
  const connections = createRelayConnections({ ...parseRelayUrl(url), ...settings });
  const perDomain = new Map<string, DomainDeferrals>();
  const note = (to: string, receipt: Exclude<Receipt, { outcome: "sent" }>) => {
    const group = domainGroup(recipientDomain(to));
    const entry = perDomain.get(group) ?? { group, deferred: 0, rejected: 0 };
    if (receipt.outcome === "deferred") entry.deferred += 1;
    else entry.rejected += 1;
    entry.lastReason = receipt.reason;
    perDomain.set(group, entry);
  };

  return {
    channel: "email",
    async send(artefact) {
      try {
        const info = await connections.send(
          { from: artefact.envelope.from, to: [artefact.envelope.to] },
          toBuffer(artefact.raw),
        );
        if (info.rejected.length > 0) {
          const refused = info.rejectedErrors?.[0] as NodemailerError | undefined;
          const failure = refused ? classifySmtpError(refused) : classifySmtpReply(undefined, info.response);
          note(artefact.envelope.to, failure);
          return failure;
        }
        const queued = /queued as ([^\s]+)/i.exec(info.response ?? "")?.[1];
        return { outcome: "sent", providerId: queued ?? artefact.messageId, response: info.response };
      } catch (error) {
        const failure = classifySmtpError(error);
        note(artefact.envelope.to, failure);
        return failure;
      }
    },
    deferralsByDomain: () =>
      [...perDomain.values()].map((d) => ({ ...d })).sort((a, b) => a.group.localeCompare(b.group)),
    async verify() {
      await connections.verify();
    },
    close: () => connections.close(),
  };
}
