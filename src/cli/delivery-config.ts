/**
 * Configuration of sending: the e-mail relay, the SMS gateway, the print folder, rates and webhooks. Read with
 * the rest of the configuration (config.ts); every problem names its variable, and secrets are never echoed.
 */
import { join } from "node:path";

export interface DeliveryConfig {
  /** smtp:// or smtps:// relay; undefined in embedded mode means the built-in outbox. */
  smtpUrl: string | undefined;
  smtpMaxConnections: number;
  /** Envelope sender for bounces; undefined → the organisation's sender address. */
  bounceAddress: string | undefined;
  /** E-mails per second across all workers. */
  emailRate: number;
  smsGatewayUrl: string | undefined;
  smsGatewayToken: string | undefined;
  smsRate: number;
  /** "Am I affected?": texts one breach may send per day (the SMS-pumping budget). */
  affectedSmsPerDay: number;
  /**
   * Bearer token for webhooks whose provider has no signing secret (constant-time check, no replay
   * protection); undefined → such webhooks are refused.
   */
  webhookToken: string | undefined;
  /** Signing secret of the e-mail provider's bounce webhook (Standard Webhooks HMAC-SHA256). */
  webhookBouncesSecret: string | undefined;
  /** Signing secret of the SMS gateway's report and inbound webhooks. */
  webhookSmsSecret: string | undefined;
  /** Where print batches are written for the print provider. */
  letterDir: string;
  /** Port of the built-in SMTP outbox in embedded mode (localhost only). */
  outboxPort: number;
  /** Delivery jobs worked at once per worker process. */
  workerConcurrency: number;
  /** A claimed delivery not finished within this time is taken to belong to a dead worker and sent again. */
  leaseSeconds: number;
  /**
   * Per receiving-domain group (a provider, or a company's mail host), shared by all workers: where the
   * adaptive controller starts and the most it grows to (see delivery/rate.ts and shared-domains.ts).
   */
  domainLimits: {
    initialRate: number;
    maxRate: number;
    initialConcurrency: number;
    maxConcurrency: number;
  };
  /** Group receiving domains by their mail exchanger (DNS MX look-ups); off: the static table only. */
  mxLookup: boolean;
  mxLookupTimeoutMs: number;
}

type Env = Record<string, string | undefined>;

export const DELIVERY_VARIABLES = [
  [
    "SMTP_URL",
    "E-mail relay, smtp://user:password@host:587 (STARTTLS) or smtps://…:465. Unset in embedded mode: the built-in outbox.",
    "(built-in outbox)",
  ],
  ["SMTP_MAX_CONNECTIONS", "Pooled SMTP connections per worker process.", "5"],
  ["BOUNCE_ADDRESS", "Envelope sender (bounces come back here).", "the organisation's sender address"],
  ["EMAIL_RATE", "E-mails per second across all workers together (campaigns and update e-mails).", "50"],
  [
    "SMS_GATEWAY_URL",
    "HTTP(S) endpoint of the SMS gateway (JSON { to, text, reference }).",
    "(unset: no SMS)",
  ],
  ["SMS_GATEWAY_TOKEN", "Bearer token for the SMS gateway.", "(unset)"],
  ["SMS_RATE", "Text messages per second across all workers together.", "10"],
  [
    "AFFECTED_SMS_PER_DAY",
    'Texts one breach\'s "am I affected?" page may send per day; then it asks for an e-mail address.',
    "500",
  ],
  [
    "WEBHOOK_BOUNCES_SECRET",
    "Signing secret the e-mail provider signs bounce webhooks with (Standard Webhooks: HMAC-SHA256, `whsec_…` or at least 32 characters). When set, the bounce webhook accepts only requests signed with it.",
    "(unset)",
  ],
  [
    "WEBHOOK_SMS_SECRET",
    "Signing secret the SMS gateway signs delivery-report and inbound-SMS webhooks with; when set, those accept only requests signed with it.",
    "(unset)",
  ],
  [
    "WEBHOOK_TOKEN",
    "Bearer token for a provider that cannot sign: accepted only on webhooks whose provider has no secret above.",
    "(unset: unsigned webhooks refused)",
  ],
  [
    "LETTER_DIR",
    "Folder where print batches (PDF + CSV manifest) are written for the print provider.",
    "DATA_DIR/letters",
  ],
  [
    "OUTBOX_PORT",
    "Port of the built-in SMTP outbox in embedded mode (localhost only; 0 picks a free one).",
    "2525",
  ],
  ["WORKER_CONCURRENCY", "Delivery jobs (batches) a worker process works at once.", "2"],
  [
    "DELIVERY_LEASE_SECONDS",
    "How long a worker may hold a claimed message; after it, the message is taken to be lost with its worker and sent again.",
    "120",
  ],
  [
    "DOMAIN_RATE",
    "E-mails per second a receiving-domain group (Microsoft, Google, a company's mail host) starts at, across all workers; grows on success, halves on deferral.",
    "20",
  ],
  ["DOMAIN_MAX_RATE", "Most e-mails per second a receiving-domain group grows to.", "200"],
  [
    "DOMAIN_CONCURRENCY",
    "Sends in flight at once a receiving-domain group starts at, across all workers.",
    "4",
  ],
  ["DOMAIN_MAX_CONCURRENCY", "Most sends in flight at once a receiving-domain group grows to.", "20"],
  [
    "MX_LOOKUP",
    "Group receiving domains by their mail exchanger (a company on Microsoft 365 shares Microsoft's limit). Needs DNS.",
    "true with SMTP_URL, else false",
  ],
  [
    "MX_LOOKUP_TIMEOUT_MS",
    "Longest wait for a domain's MX answer; after it the domain is its own group for a few minutes.",
    "2000",
  ],
] as const;

function positive(
  name: string,
  raw: string | undefined,
  fallback: number,
  problems: string[],
  max = 100_000,
) {
  const text = raw?.trim() || String(fallback);
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || value > max) {
    problems.push(`${name}: expected a number above 0 (at most ${max}), got "${text}"`);
    return fallback;
  }
  return value;
}

function url(name: string, raw: string | undefined, protocols: readonly string[], problems: string[]) {
  const text = raw?.trim();
  if (!text) return undefined;
  try {
    const parsed = new URL(text);
    if (!protocols.includes(parsed.protocol)) throw new Error("protocol");
    return text;
  } catch {
    // The URL may hold a password: name the variable and what is expected, never the value.
    problems.push(`${name}: expected a ${protocols.map((p) => `${p}//`).join(" or ")} URL`);
    return undefined;
  }
}

function flag(name: string, raw: string | undefined, fallback: boolean, problems: string[]): boolean {
  const value = raw?.trim().toLowerCase();
  if (!value) return fallback;
  if (["1", "true", "yes", "on"].includes(value)) return true;
  if (["0", "false", "no", "off"].includes(value)) return false;
  problems.push(`${name}: expected true or false, got "${raw}"`);
  return fallback;
}

export function parseDeliveryConfig(env: Env, dataDir: string, problems: string[]): DeliveryConfig {
  const bounce = env.BOUNCE_ADDRESS?.trim() || undefined;
  if (bounce && !/^[^\s@<>"]+@[^\s@<>"]+\.[A-Za-z]{2,}$/.test(bounce)) {
    problems.push(`BOUNCE_ADDRESS: expected an e-mail address, got "${bounce}"`);
  }
  const token = (name: string) => {
    const value = env[name]?.trim() || undefined;
    if (value !== undefined && value.length < 16) problems.push(`${name}: expected at least 16 characters`);
    return value;
  };
  const secret = (name: string) => {
    const value = env[name]?.trim() || undefined;
    if (value === undefined) return undefined;
    const bytes = value.startsWith("whsec_")
      ? Buffer.from(value.slice("whsec_".length), "base64").length
      : Buffer.byteLength(value);
    if (bytes < (value.startsWith("whsec_") ? 24 : 32))
      problems.push(`${name}: expected whsec_ and at least 24 bytes in base64, or at least 32 characters`);
    return value;
  };
  const outboxPortText = env.OUTBOX_PORT?.trim() || "2525";
  const outboxPort = Number(outboxPortText);
  if (!Number.isInteger(outboxPort) || outboxPort < 0 || outboxPort > 65535) {
    problems.push(`OUTBOX_PORT: expected a port from 0 to 65535, got "${outboxPortText}"`);
  }
  const smtpUrl = url("SMTP_URL", env.SMTP_URL, ["smtp:", "smtps:"], problems);
  const domainLimits = {
    initialRate: positive("DOMAIN_RATE", env.DOMAIN_RATE, 20, problems),
    maxRate: positive("DOMAIN_MAX_RATE", env.DOMAIN_MAX_RATE, 200, problems),
    initialConcurrency: Math.round(
      positive("DOMAIN_CONCURRENCY", env.DOMAIN_CONCURRENCY, 4, problems, 1_000),
    ),
    maxConcurrency: Math.round(
      positive("DOMAIN_MAX_CONCURRENCY", env.DOMAIN_MAX_CONCURRENCY, 20, problems, 1_000),
    ),
  };
  if (domainLimits.initialRate > domainLimits.maxRate)
    problems.push(`DOMAIN_RATE: expected at most DOMAIN_MAX_RATE (${domainLimits.maxRate})`);
  if (domainLimits.initialConcurrency > domainLimits.maxConcurrency)
    problems.push(
      `DOMAIN_CONCURRENCY: expected at most DOMAIN_MAX_CONCURRENCY (${domainLimits.maxConcurrency})`,
    );
  return {
    smtpUrl,
    smtpMaxConnections: Math.round(
      positive("SMTP_MAX_CONNECTIONS", env.SMTP_MAX_CONNECTIONS, 5, problems, 100),
    ),
    bounceAddress: bounce,
    emailRate: positive("EMAIL_RATE", env.EMAIL_RATE, 50, problems),
    smsGatewayUrl: url("SMS_GATEWAY_URL", env.SMS_GATEWAY_URL, ["http:", "https:"], problems),
    smsGatewayToken: token("SMS_GATEWAY_TOKEN"),
    smsRate: positive("SMS_RATE", env.SMS_RATE, 10, problems),
    affectedSmsPerDay: Math.round(
      positive("AFFECTED_SMS_PER_DAY", env.AFFECTED_SMS_PER_DAY, 500, problems, 1_000_000),
    ),
    webhookToken: token("WEBHOOK_TOKEN"),
    webhookBouncesSecret: secret("WEBHOOK_BOUNCES_SECRET"),
    webhookSmsSecret: secret("WEBHOOK_SMS_SECRET"),
    letterDir: env.LETTER_DIR?.trim() || join(dataDir, "letters"),
    outboxPort,
    workerConcurrency: Math.round(positive("WORKER_CONCURRENCY", env.WORKER_CONCURRENCY, 2, problems, 64)),
    leaseSeconds: positive("DELIVERY_LEASE_SECONDS", env.DELIVERY_LEASE_SECONDS, 120, problems, 86_400),
    domainLimits,
    // The built-in outbox receives everything itself: no need to ask DNS about recipients' domains.
    mxLookup: flag("MX_LOOKUP", env.MX_LOOKUP, smtpUrl !== undefined, problems),
    mxLookupTimeoutMs: Math.round(
      positive("MX_LOOKUP_TIMEOUT_MS", env.MX_LOOKUP_TIMEOUT_MS, 2_000, problems, 30_000),
    ),
  };
}
