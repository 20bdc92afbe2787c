/** `lekwijzer serve`: open the database, apply migrations where this process owns them, and listen. */

import { apiKeys } from "../store/index.ts";
import { buildServer, createLogger } from "../web/index.ts";
import type { Config } from "./config.ts";
import { openStore } from "./store-session.ts";

export interface ServeOptions {
  config: Config;
  /** Apply pending migrations before listening (default: only in embedded mode). */
  migrate?: boolean;
}

export async function serve({ config, migrate }: ServeOptions): Promise<void> {
  const logger = createLogger(config.logLevel);
  const store = await openStore(config, { migrate: migrate ?? config.databaseUrl === undefined, logger });
  if (config.loadDemo) {
    const { loadDemo } = await import("./demo.ts");
    if (await loadDemo(store)) logger.info("demo breach loaded");
  }
  const { startPurgeSchedule } = await import("./store-commands.ts");
  const { audit } = await import("../store/index.ts");
  // The head in the log: compared with a later head, a cut-off tail of the audit log shows.
  logger.info({ auditHead: await audit.head(store.db) }, "audit chain head");
  const purge = startPurgeSchedule(store, config, logger);
  const app = await buildServer({
    logger,
    publicUrl: config.publicUrl,
    ping: store.ping,
    trustProxy: config.trustProxy,
    operatorEmail: config.operatorEmail,
    authenticate: (secret) => apiKeys.authenticate(store.db, secret),
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    purge.stop();
    await app.close();
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
}
