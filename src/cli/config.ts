/**
 * Configuration: read once from environment variables, validated, with an error that names the variable.
 * Secrets are held here and handed to the parts that need them; they are never logged.
 */
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { secretProblem } from "../store/index.ts";
import { DELIVERY_VARIABLES, type DeliveryConfig, parseDeliveryConfig } from "./delivery-config.ts";

export type LogLevel = "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";

export interface Config {
  /** Absent → embedded PGlite in `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  host: string;
  port: number;
  publicUrl: string;
  logLevel: LogLevel;
  /** Master secret from which the encryption and look-up keys are derived. */
  masterSecret: Buffer;
  /** Where the master secret came from, for the start-up message (never the secret itself). */
  masterSecretSource: "environment" | "generated" | "data-dir";
  /** Secrets that were current before, newest first: their data still opens until `lekwijzer reencrypt`. */
  previousSecrets: Buffer[];
  retentionDays: number;
  /** Hours between runs of the scheduled retention purge. */
  purgeEveryHours: number;
  /** Sending: relay, gateway, print folder, rates, webhooks. */
  delivery: DeliveryConfig;
  loadDemo: boolean;
  /** How many invented people the demo adds to its large breach in the background after start-up (0: none). */
  demoVictims: number;
  /** Which proxies may set X-Forwarded-For: false, a hop count, or addresses/CIDR ranges. */
  trustProxy: boolean | number | string[];
  /** The operator's e-mail address (API contact, security reports); undefined → security@ the public host. */
  operatorEmail: string | undefined;
  /** Bearer token GET /metrics requires; undefined → only clients on this machine may read it. */
  metricsToken: string | undefined;
  /** Largest victim file the API accepts in one upload, in bytes. */
  uploadMaxBytes: number;
  /** Hours after awareness before oversight alerts on a high-risk breach whose people got no message. */
  oversightAlertHours: number;
}

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
    this.problems = problems;
  }
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS: readonly LogLevel[] = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];
const MIN_SECRET_BYTES = 32;

/** Every variable the platform reads, for the README table and `lekwijzer config`. */
export const CONFIG_VARIABLES = [
  ["DATABASE_URL", "PostgreSQL connection URL. Unset: embedded PGlite in DATA_DIR.", "(unset)"],
  ["DATA_DIR", "Folder for the embedded database and the generated master secret.", "./data"],
  ["HOST", "Interface the HTTP server listens on.", "127.0.0.1"],
  ["PORT", "HTTP port (1–65535).", "3000"],
  [
    "PUBLIC_URL",
    "Address victims and staff use to reach the platform (absolute http(s) URL).",
    "http://localhost:PORT",
  ],
  ["LOG_LEVEL", `One of ${LOG_LEVELS.join(", ")}.`, "info"],
  [
    "LEKWIJZER_MASTER_SECRET",
    `Base64 or hex, at least ${MIN_SECRET_BYTES} bytes. Required with DATABASE_URL; embedded mode generates one in DATA_DIR.`,
    "(generated)",
  ],
  [
    "LEKWIJZER_PREVIOUS_SECRETS",
    "Comma-separated former master secrets (newest first) during a key rotation; remove them after `lekwijzer reencrypt`.",
    "(none)",
  ],
  ["RETENTION_DAYS", "Days after a breach's last update before victims' contact data is deleted.", "365"],
  ["PURGE_EVERY_HOURS", "Hours between runs of the retention purge in the server.", "6"],
  ["LEKWIJZER_DEMO", "Load the demo breach at start-up (true/false).", "true when embedded"],
  [
    "LEKWIJZER_DEMO_VICTIMS",
    "Invented people the demo adds to its large breach in the background after its first start, then notifies (0: none).",
    "100000",
  ],
  [
    "TRUST_PROXY",
    "Proxies whose X-Forwarded-For is believed for client addresses (rate limits): false, a hop count, or comma-separated addresses/CIDR ranges.",
    "false",
  ],
  [
    "OPERATOR_EMAIL",
    "The operator's e-mail address: the API's contact and where /.well-known/security.txt sends reports.",
    "security@ the PUBLIC_URL host",
  ],
  ...DELIVERY_VARIABLES,
  [
    "METRICS_TOKEN",
    "Bearer token a Prometheus scraper must send for GET /metrics (at least 16 characters). Unset: /metrics answers only clients on this machine.",
    "(unset)",
  ],
  [
    "UPLOAD_MAX_BYTES",
    "Largest victim file the API accepts in one upload (bytes; streamed, never held in memory).",
    "2147483648 (2 GiB)",
  ],
  [
    "OVERSIGHT_ALERT_HOURS",
    "Hours after awareness before the regulator's oversight alerts on a high-risk breach whose people got no message yet.",
    "72",
  ],
] as const;

function parsePort(raw: string | undefined, problems: string[]): number {
  if (raw === undefined || raw === "") return 3000;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    problems.push(`PORT: expected a whole number from 1 to 65535, got "${raw}"`);
    return 0;
  }
  return port;
}

function parseBoolean(name: string, raw: string | undefined, fallback: boolean, problems: string[]): boolean {
  if (raw === undefined || raw === "") return fallback;
  const value = raw.trim().toLowerCase();
  if (["1", "true", "yes", "on"].includes(value)) return true;
  if (["0", "false", "no", "off"].includes(value)) return false;
  problems.push(`${name}: expected true or false, got "${raw}"`);
  return fallback;
}

function parseTrustProxy(raw: string | undefined, problems: string[]): Config["trustProxy"] {
  const value = raw?.trim() ?? "";
  if (value === "" || ["false", "0", "no", "off"].includes(value.toLowerCase())) return false;
  if (value.toLowerCase() === "true") return true;
  if (/^\d+$/.test(value)) return Number(value);
  const entries = value.split(",").map((entry) => entry.trim());
  const address = /^(?:[0-9]{1,3}(?:\.[0-9]{1,3}){3}|[0-9a-fA-F:]*:[0-9a-fA-F:.]*)(?:\/\d{1,3})?$/;
  const bad = entries.filter(
    (entry) => !address.test(entry) && !["loopback", "linklocal", "uniquelocal"].includes(entry),
  );
  if (bad.length > 0) {
    problems.push(
      `TRUST_PROXY: expected false, true, a hop count or comma-separated IP addresses/CIDR ranges; not understood: ${bad.map((b) => `"${b}"`).join(", ")}`,
    );
    return false;
  }
  return entries;
}

function parseMetricsToken(raw: string | undefined, problems: string[]): string | undefined {
  const value = raw?.trim();
  if (!value) return undefined;
  // Never echo the value: it is a secret even when unfit.
  if (!/^[\x21-\x7e]{16,512}$/.test(value))
    problems.push("METRICS_TOKEN: expected 16 to 512 printable characters without spaces");
  else return value;
  return undefined;
}

function parseOperatorEmail(raw: string | undefined, problems: string[]): string | undefined {
  const value = raw?.trim();
  if (!value) return undefined;
  if (/^[^\s@"<>]+@[^\s@"<>]+\.[A-Za-z]{2,}$/.test(value)) return value;
  problems.push(`OPERATOR_EMAIL: expected an e-mail address such as security@example.org, got "${value}"`);
  return undefined;
}

function decodeSecret(raw: string): Buffer | undefined {
  const text = raw.trim();
  if (/^[0-9a-fA-F]+$/.test(text) && text.length % 2 === 0) return Buffer.from(text, "hex");
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) return Buffer.from(text, "base64");
  return undefined;
}

/** Reads the embedded master secret, creating it (mode 0600) on first start. */
function embeddedSecret(dataDir: string): { secret: Buffer; created: boolean } {
  const file = join(dataDir, "master.key");
  if (existsSync(file)) {
    const mode = statSync(file).mode & 0o777;
    if (mode & 0o077) chmodSync(file, 0o600);
    const secret = decodeSecret(readFileSync(file, "utf8"));
    if (!secret || secretProblem(secret)) {
      throw new ConfigError([`${file}: the stored master secret is unreadable; restore it from backup`]);
    }
    return { secret, created: false };
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const secret = randomBytes(MIN_SECRET_BYTES);
  writeFileSync(file, `${secret.toString("base64")}\n`, { mode: 0o600, flag: "wx" });
  return { secret, created: true };
}

function parsePublicUrl(raw: string | undefined, port: number, problems: string[]): string {
  const publicUrl = (raw?.trim() || `http://localhost:${port}`).replace(/\/+$/, "");
  try {
    const url = new URL(publicUrl);
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error("protocol");
  } catch {
    problems.push(`PUBLIC_URL: expected an absolute http(s) URL, got "${raw}"`);
  }
  return publicUrl;
}

function parseLogLevel(raw: string | undefined, problems: string[]): Config["logLevel"] | undefined {
  const rawLevel = (raw?.trim() || "info").toLowerCase();
  const logLevel = LOG_LEVELS.find((level) => level === rawLevel);
  if (!logLevel) problems.push(`LOG_LEVEL: expected one of ${LOG_LEVELS.join(", ")}, got "${raw}"`);
  return logLevel;
}

function parseRetentionDays(raw: string | undefined, problems: string[]): number {
  const rawRetention = raw?.trim() || "365";
  const retentionDays = Number(rawRetention);
  if (!Number.isInteger(retentionDays) || retentionDays < 1) {
    problems.push(`RETENTION_DAYS: expected a whole number of days (1 or more), got "${rawRetention}"`);
  }
  return retentionDays;
}

function parseUploadMaxBytes(raw: string | undefined, problems: string[]): number {
  const rawUpload = raw?.trim() || String(2 * 1024 ** 3);
  const uploadMaxBytes = Number(rawUpload);
  if (!Number.isSafeInteger(uploadMaxBytes) || uploadMaxBytes < 1) {
    problems.push(`UPLOAD_MAX_BYTES: expected a whole number of bytes (1 or more), got "${rawUpload}"`);
  }
  return uploadMaxBytes;
}

function parsePurgeHours(raw: string | undefined, problems: string[]): number {
  const rawPurgeHours = raw?.trim() || "6";
  const purgeEveryHours = Number(rawPurgeHours);
  if (!Number.isFinite(purgeEveryHours) || purgeEveryHours <= 0 || purgeEveryHours > 24 * 30) {
    problems.push(
      `PURGE_EVERY_HOURS: expected a number of hours above 0 (at most 720), got "${rawPurgeHours}"`,
    );
  }
  return purgeEveryHours;
}

function parseDemoVictims(raw: string | undefined, problems: string[]): number {
  const text = raw?.trim() || "100000";
  const count = Number(text);
  if (!Number.isInteger(count) || count < 0 || count > 10_000_000)
    problems.push(`LEKWIJZER_DEMO_VICTIMS: expected a whole number from 0 to 10000000, got "${text}"`);
  return count;
}

function parseAlertHours(raw: string | undefined, problems: string[]): number {
  const text = raw?.trim() || "72";
  const hours = Number(text);
  if (!Number.isFinite(hours) || hours <= 0 || hours > 24 * 90)
    problems.push(`OVERSIGHT_ALERT_HOURS: expected a number of hours above 0 (at most 2160), got "${text}"`);
  return hours;
}

/** Secrets rotated away from: still needed to open what they sealed until `lekwijzer reencrypt` has run. */
function parsePreviousSecrets(raw: string | undefined, problems: string[]): Buffer[] {
  const previousSecrets: Buffer[] = [];
  const rawPrevious = raw?.trim();
  if (rawPrevious) {
    rawPrevious.split(",").forEach((part, i) => {
      const secret = decodeSecret(part);
      const problem = secret ? secretProblem(secret) : "is not base64 or hex";
      if (!secret || problem) problems.push(`LEKWIJZER_PREVIOUS_SECRETS: secret ${i + 1} ${problem}`);
      else previousSecrets.push(secret);
    });
  }
  return previousSecrets;
}

/** The master secret from the environment; undefined when absent or bad (the embedded one may then serve). */
function parseMasterSecret(
  raw: string | undefined,
  databaseUrl: string | undefined,
  problems: string[],
): Buffer | undefined {
  if (raw === undefined || raw === "") {
    if (databaseUrl) {
      problems.push(
        "LEKWIJZER_MASTER_SECRET: required when DATABASE_URL is set (generate one with `openssl rand -base64 32`)",
      );
    }
    return undefined;
  }
  const masterSecret = decodeSecret(raw);
  const problem = masterSecret ? secretProblem(masterSecret) : undefined;
  if (!masterSecret || masterSecret.length < MIN_SECRET_BYTES) {
    // Never echo the value: it is a secret even when malformed.
    problems.push(
      `LEKWIJZER_MASTER_SECRET: expected base64 or hex encoding at least ${MIN_SECRET_BYTES} bytes`,
    );
    return undefined;
  }
  if (problem) {
    problems.push(`LEKWIJZER_MASTER_SECRET: ${problem}`);
    return undefined;
  }
  return masterSecret;
}

/**
 * Builds the configuration from `env`. Throws a ConfigError listing every bad variable.
 * `cwd` anchors the relative DATA_DIR.
 */
export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): Config {
  const problems: string[] = [];
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push("DATABASE_URL: expected a postgres:// or postgresql:// URL");
  }
  const dataDir = resolve(cwd, env.DATA_DIR?.trim() || "data");
  const host = env.HOST?.trim() || "127.0.0.1";
  const port = parsePort(env.PORT, problems);

  const publicUrl = parsePublicUrl(env.PUBLIC_URL, port, problems);

  const logLevel = parseLogLevel(env.LOG_LEVEL, problems);

  const retentionDays = parseRetentionDays(env.RETENTION_DAYS, problems);
  const uploadMaxBytes = parseUploadMaxBytes(env.UPLOAD_MAX_BYTES, problems);

  const trustProxy = parseTrustProxy(env.TRUST_PROXY, problems);
  const operatorEmail = parseOperatorEmail(env.OPERATOR_EMAIL, problems);
  const metricsToken = parseMetricsToken(env.METRICS_TOKEN, problems);

  const loadDemo = parseBoolean("LEKWIJZER_DEMO", env.LEKWIJZER_DEMO, databaseUrl === undefined, problems);
  const demoVictims = parseDemoVictims(env.LEKWIJZER_DEMO_VICTIMS, problems);

  const purgeEveryHours = parsePurgeHours(env.PURGE_EVERY_HOURS, problems);
  const oversightAlertHours = parseAlertHours(env.OVERSIGHT_ALERT_HOURS, problems);

  const previousSecrets = parsePreviousSecrets(env.LEKWIJZER_PREVIOUS_SECRETS, problems);

  let masterSecret = parseMasterSecret(env.LEKWIJZER_MASTER_SECRET, databaseUrl, problems);
  let masterSecretSource: Config["masterSecretSource"] = "environment";

  const delivery = parseDeliveryConfig(env, dataDir, problems);

  if (problems.length > 0) throw new ConfigError(problems);
  if (!masterSecret) {
    const embedded = embeddedSecret(dataDir);
    masterSecret = embedded.secret;
    masterSecretSource = embedded.created ? "generated" : "data-dir";
  }

  return {
    databaseUrl,
    dataDir,
    host,
    port,
    publicUrl,
    logLevel: logLevel ?? "info",
    masterSecret,
    masterSecretSource,
    previousSecrets,
    retentionDays,
    purgeEveryHours,
    loadDemo,
    demoVictims,
    trustProxy,
    operatorEmail,
    delivery,
    metricsToken,
    uploadMaxBytes,
    oversightAlertHours,
  };
}
