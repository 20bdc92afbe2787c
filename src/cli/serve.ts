/** `lekwijzer serve`: open the database, apply migrations where this process owns them, and listen. */

import type { Logger } from "pino";
import { apiKeys, imports, outboxMessages } from "../store/index.ts";
import { buildServer, createRequestLogger } from "../web/index.ts";
import type { Config } from "./config.ts";
import type { DemoStaffLogin, LoadedDemo } from "./demo.ts";
import { openStore, type StoreSession } from "./store-session.ts";

export interface ServeOptions {
  config: Config;
  /** Apply pending migrations before listening (default: only in embedded mode). */
  migrate?: boolean;
  /** Also run a delivery worker in this process (default: only in embedded mode). */
  worker?: boolean;
}

/** Shown once, on the terminal only: the demo organisation's keys to try the API, and one invented person's code. */
function showDemoSecrets(demo: LoadedDemo, publicUrl: string): void {
  process.stderr.write(
    `\nDemo API keys (shown once) for organisation voorbeeld-telecom:\n  write: ${demo.keys.write}\n  send:  ${demo.keys.send}\n  admin: ${demo.keys.admin ?? "–"}\n\n`,
  );
  // The demo only: an invented person's personal code, so a new user can try "Mijn plan".
  if (demo.personalCode?.code)
    process.stderr.write(
      `Demo personal code (invented person ${demo.personalCode.externalId}, shown once): ${demo.personalCode.code}\n  type it at ${publicUrl}/mijn-plan\n\n`,
    );
}

/** The demo's console log-ins, once: e-mail, password and the TOTP secret for an authenticator app. */
function showDemoStaff(logins: readonly DemoStaffLogin[], publicUrl: string): void {
  const lines = logins.map(
    (l) => `  ${l.who}:\n    e-mail ${l.email}  password ${l.password}\n    TOTP secret ${l.totpSecret}`,
  );
  process.stderr.write(
    `Demo console log-ins (shown once) at ${publicUrl}/console/inloggen — add the TOTP secret to an authenticator app (RFC 6238, 6 digits, 30 s):\n${lines.join("\n")}\n\n`,
  );
}

/** "Am I affected?" texts only where a gateway is configured, within each breach's daily budget (SMS pumping). */
function affectedCheckOptions(config: Config) {
  const d = config.delivery;
  return {
    smsEnabled: Boolean(d.smsGatewayUrl && d.smsGatewayToken),
    limits: { smsPerDay: d.affectedSmsPerDay },
  };
}

/**
 * Jobs whose process stopped: stored uploads go back to the queue, anything else is marked failed. And the
 * audit head in the log: compared with a later head, a cut-off tail of the audit log shows.
 */
async function settleAtStart(store: StoreSession, logger: Logger): Promise<void> {
  const interrupted = await imports.failInterruptedAcrossOrganisations(store.db);
  if (interrupted > 0) logger.warn({ interrupted }, "interrupted imports marked as failed");
  const { audit } = await import("../store/index.ts");
  logger.info({ auditHead: await audit.head(store.db) }, "audit chain head");
}

/** The demo on first start (when configured): the breach, its keys and codes, and the console log-ins. */
async function loadDemoAtStart(
  store: StoreSession,
  config: Config,
  logger: Logger,
): Promise<LoadedDemo | undefined> {
  if (!config.loadDemo) return undefined;
  const { loadDemo, loadDemoStaff } = await import("./demo.ts");
  const demo = await loadDemo(store);
  if (!demo) return undefined;
  logger.info({ breachId: demo.breachId }, "demo breach loaded");
  showDemoSecrets(demo, config.publicUrl);
  // Demo console accounts only on the embedded database, never in production (DATABASE_URL set).
  if (config.databaseUrl === undefined) {
    const logins = await loadDemoStaff({ db: store.db, keys: store.keys }, demo.organisationId);
    showDemoStaff(logins, config.publicUrl);
  }
  return demo;
}

export async function serve({ config, migrate, worker }: ServeOptions): Promise<void> {
  const withWorker = worker ?? config.databaseUrl === undefined;
  const logger = createRequestLogger(config.logLevel);
  const store = await openStore(config, { migrate: migrate ?? config.databaseUrl === undefined, logger });
  const demo = await loadDemoAtStart(store, config, logger);
  await settleAtStart(store, logger);
  const { startPurgeSchedule } = await import("./store-commands.ts");
  const purge = startPurgeSchedule(store, config, logger);
  // Embedded mode is one process (PGlite allows no other): it sends too, through the built-in outbox.
  const delivery = withWorker
    ? await (await import("./delivery-session.ts")).startDelivery(store, config, logger)
    : undefined;
  // Uploaded victim files are imported by workers; in embedded mode this process is the worker.
  const importWorker = withWorker
    ? (await import("./import-worker-session.ts")).startImports(store, logger)
    : undefined;
  if (demo && delivery) {
    const { notifyDemoVictims } = await import("./demo.ts");
    const campaignId = await notifyDemoVictims(
      { db: store.db, keys: store.keys, publicUrl: config.publicUrl },
      demo,
    );
    logger.info({ campaignId }, "demo campaign started: see the outbox page");
  }
  const app = await buildServer({
    logger,
    publicUrl: config.publicUrl,
    ping: store.ping,
    trustProxy: config.trustProxy,
    operatorEmail: config.operatorEmail,
    authenticate: (secret) => apiKeys.authenticate(store.db, secret),
    store: { db: store.db, keys: store.keys },
    uploadBytes: config.uploadMaxBytes,
    console: { oversightAlertHours: config.oversightAlertHours },
    affectedCheck: affectedCheckOptions(config),
    webhooks: {
      token: config.delivery.webhookToken,
      secrets: { bounces: config.delivery.webhookBouncesSecret, sms: config.delivery.webhookSmsSecret },
    },
    metrics: { db: store.db, token: config.metricsToken },
    // The built-in outbox only exists in embedded mode; its pages are then answered on this machine only.
    ...(config.databaseUrl === undefined
      ? {
          outbox: {
            list: (query) => outboxMessages.list(store.db, query),
            get: (id) => outboxMessages.get(store.db, id),
          },
        }
      : {}),
  });

  let stopping = false;
  let demoBulk: { stop(): Promise<void> } | undefined;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    purge.stop();
    await app.close();
    await demoBulk?.stop();
    await importWorker?.stop();
    await delivery?.stop();
    await purge.idle();
    await store.close();
    process.exit(0);
  };
  process.once("SIGINT", () => void stop("SIGINT"));
  process.once("SIGTERM", () => void stop("SIGTERM"));

  await app.listen({ host: config.host, port: config.port });
  logger.info(
    { engine: store.engine, url: config.publicUrl, masterSecret: config.masterSecretSource },
    "Lekwijzer is running",
  );
  if (demo && delivery) demoBulk = await startDemoBulkIfWanted(store, config, logger);
}

/** The server answers first; the demo's bulk of invented people follows in the background. */
async function startDemoBulkIfWanted(
  store: StoreSession,
  config: Config,
  logger: Logger,
): Promise<{ stop(): Promise<void> } | undefined> {
  if (config.demoVictims <= 0) return undefined;
  const { startDemoBulk } = await import("./demo-bulk.ts");
  const ctx = { db: store.db, keys: store.keys, publicUrl: config.publicUrl };
  return startDemoBulk(store, ctx, config.demoVictims, logger);
}
