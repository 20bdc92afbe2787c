import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.ts";

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "lekwijzer-config-"));
}

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env, tempDir());
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe("loadConfig", () => {
  it("defaults to embedded mode on port 3000 with a generated secret", () => {
    const cwd = tempDir();
    const config = loadConfig({}, cwd);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.port).toBe(3000);
    expect(config.dataDir).toBe(join(cwd, "data"));
    expect(config.masterSecret.length).toBe(32);
    expect(config.masterSecretSource).toBe("generated");
    expect(config.loadDemo).toBe(true);
  });

  it("writes the generated master secret with mode 0600 and reuses it", () => {
    const cwd = tempDir();
    const first = loadConfig({}, cwd);
    const file = join(cwd, "data", "master.key");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const second = loadConfig({}, cwd);
    expect(second.masterSecret.equals(first.masterSecret)).toBe(true);
    expect(second.masterSecretSource).toBe("data-dir");
    expect(readFileSync(file, "utf8").trim()).toBe(first.masterSecret.toString("base64"));
  });

  it("reads the per-domain-group limits and MX look-ups, on by default only with a relay", () => {
    const embedded = loadConfig({}, tempDir()).delivery;
    expect(embedded.domainLimits).toEqual({
      initialRate: 20,
      maxRate: 200,
      initialConcurrency: 4,
      maxConcurrency: 20,
    });
    expect(embedded.mxLookup).toBe(false);
    expect(embedded.mxLookupTimeoutMs).toBe(2_000);
    const relayed = loadConfig(
      { SMTP_URL: "smtp://relay.example:587", DOMAIN_RATE: "5", DOMAIN_MAX_CONCURRENCY: "8" },
      tempDir(),
    ).delivery;
    expect(relayed.mxLookup).toBe(true);
    expect(relayed.domainLimits).toMatchObject({ initialRate: 5, maxConcurrency: 8 });
    expect(problemsOf({ MX_LOOKUP: "perhaps", DOMAIN_RATE: "300" }).map((p) => p.split(":")[0])).toEqual([
      "DOMAIN_RATE",
      "MX_LOOKUP",
    ]);
  });

  it("names the variable and what it expects for a bad port", () => {
    expect(problemsOf({ PORT: "eighty" })).toEqual([
      'PORT: expected a whole number from 1 to 65535, got "eighty"',
    ]);
    expect(problemsOf({ PORT: "70000" })[0]).toMatch(/^PORT: /);
  });

  it("reports every bad variable at once", () => {
    const problems = problemsOf({
      LOG_LEVEL: "loud",
      RETENTION_DAYS: "-3",
      PUBLIC_URL: "ftp://x",
      LEKWIJZER_DEMO: "maybe",
    });
    expect(problems.map((p) => p.split(":")[0])).toEqual([
      "PUBLIC_URL",
      "LOG_LEVEL",
      "RETENTION_DAYS",
      "LEKWIJZER_DEMO",
    ]);
  });

  it("requires a master secret with DATABASE_URL and never echoes a malformed one", () => {
    expect(problemsOf({ DATABASE_URL: "postgres://x@localhost/db" })[0]).toMatch(
      /^LEKWIJZER_MASTER_SECRET: required/,
    );
    const secret = "short-secret-value!";
    const problems = problemsOf({
      DATABASE_URL: "postgres://x@localhost/db",
      LEKWIJZER_MASTER_SECRET: secret,
    });
    expect(problems[0]).toMatch(/^LEKWIJZER_MASTER_SECRET: expected base64 or hex/);
    expect(problems.join("\n")).not.toContain(secret);
  });

  it("reads METRICS_TOKEN, and refuses a short one without echoing it", () => {
    expect(loadConfig({}, tempDir()).metricsToken).toBeUndefined();
    const token = randomBytes(24).toString("base64url");
    expect(loadConfig({ METRICS_TOKEN: ` ${token} ` }, tempDir()).metricsToken).toBe(token);
    const problems = problemsOf({ METRICS_TOKEN: "short-secret" });
    expect(problems).toEqual([expect.stringMatching(/^METRICS_TOKEN: expected 16 to 512 printable/)]);
    expect(problems.join()).not.toContain("short-secret");
  });

  it("reads a signing secret per webhook provider, and refuses a weak one without echoing it", () => {
    const bounces = `whsec_${randomBytes(32).toString("base64")}`;
    const sms = randomBytes(24).toString("hex");
    const config = loadConfig({ WEBHOOK_BOUNCES_SECRET: bounces, WEBHOOK_SMS_SECRET: sms }, tempDir());
    expect([config.delivery.webhookBouncesSecret, config.delivery.webhookSmsSecret]).toEqual([bounces, sms]);
    const problems = problemsOf({
      WEBHOOK_BOUNCES_SECRET: "whsec_c2hvcnQ=",
      WEBHOOK_SMS_SECRET: "too-short-secret",
    });
    expect(problems.map((p) => p.split(":")[0])).toEqual(["WEBHOOK_BOUNCES_SECRET", "WEBHOOK_SMS_SECRET"]);
    expect(problems.join()).not.toMatch(/c2hvcnQ|too-short-secret/);
  });

  it("rejects a DATABASE_URL that is not PostgreSQL", () => {
    expect(problemsOf({ DATABASE_URL: "mysql://x@localhost/db" })).toContain(
      "DATABASE_URL: expected a postgres:// or postgresql:// URL",
    );
  });

  it("refuses an all-zero or patterned master secret, and reads previous secrets for a rotation", () => {
    const db = "postgres://x@localhost/db";
    expect(problemsOf({ DATABASE_URL: db, LEKWIJZER_MASTER_SECRET: "00".repeat(32) })).toEqual([
      expect.stringMatching(/^LEKWIJZER_MASTER_SECRET: has too little variety to be random/),
    ]);
    expect(problemsOf({ DATABASE_URL: db, LEKWIJZER_MASTER_SECRET: "ab".repeat(32) })).toHaveLength(1);
    const current = randomBytes(32).toString("base64");
    const previous = [randomBytes(32), randomBytes(32)];
    const config = loadConfig(
      {
        DATABASE_URL: db,
        LEKWIJZER_MASTER_SECRET: current,
        LEKWIJZER_PREVIOUS_SECRETS: previous.map((p) => p.toString("hex")).join(","),
      },
      tempDir(),
    );
    expect(config.previousSecrets).toEqual(previous);
    expect(
      problemsOf({
        DATABASE_URL: db,
        LEKWIJZER_MASTER_SECRET: current,
        LEKWIJZER_PREVIOUS_SECRETS: `${previous[0]?.toString("hex")},${"11".repeat(32)}`,
      }),
    ).toEqual([expect.stringMatching(/^LEKWIJZER_PREVIOUS_SECRETS: secret 2 has too little variety/)]);
  });

  it("accepts a hex master secret for production", () => {
    const hex = randomBytes(32).toString("hex");
    const config = loadConfig(
      { DATABASE_URL: "postgres://x@localhost/db", LEKWIJZER_MASTER_SECRET: hex },
      tempDir(),
    );
    expect(config.masterSecret.toString("hex")).toBe(hex);
    expect(config.loadDemo).toBe(false);
  });
});
