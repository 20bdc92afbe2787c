/** `lekwijzer serve`: open the database, apply migrations where this process owns them, and listen. */

import { apiKeys, imports } from "../store/index.ts";
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
  // Imports run in the web process and do not survive it: jobs whose process stopped are marked failed.
  const interrupted = await imports.failInterrupted(store.db);
  if (interrupted > 0) logger.warn({ interrupted }, "interrupted imports marked as failed");
  const { startPurgeSchedule } = await import("./store-commands.ts");
  const purge = startPurgeSchedule(store, config, logger);
  const app = await buildServer({
    logger,
    publicUrl: config.publicUrl,
    ping: store.ping,
    trustProxy: config.trustProxy,
    operatorEmail: config.operatorEmail,
    authenticate: (secret) => apiKeys.authenticate(store.db, secret),
    store: { db: store.db, keys: store.keys },
    uploadBytes: config.uploadMaxBytes,
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
