/** Opens the store the configuration points at: PostgreSQL when DATABASE_URL is set, else PGlite in DATA_DIR. */
import type { Logger } from "pino";
import {
  createKeyring,
  type DatabaseHandle,
  type Keyring,
  migrate,
  openDatabase,
  secureDataDir,
} from "../store/index.ts";
import type { Config } from "./config.ts";
import type { Io } from "./io.ts";

export type StoreSession = DatabaseHandle & { keys: Keyring };

export async function openStore(
  config: Config,
  options: { migrate: boolean; logger?: Logger },
): Promise<StoreSession> {
  if (!config.databaseUrl) {
    // Start-up check: the data folder and everything in it closed to other users (fixed here, or refused).
    const fixed = secureDataDir(config.dataDir);
    if (fixed > 0)
      options.logger?.warn({ fixed }, "data folder permissions were too open and have been fixed");
  }
  const handle = await openDatabase(
    config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: `${config.dataDir}/pglite` },
  );
  if (options.migrate) {
    const applied = await migrate(handle);
    if (applied.length > 0) options.logger?.info({ migrations: applied }, "migrations applied");
  }
  return Object.assign(handle, { keys: createKeyring(config.masterSecret, config.previousSecrets) });
}

/** `lekwijzer migrate`: apply pending migrations and say which. */
export async function migrateCommand(config: Config, io: Io): Promise<void> {
  const store = await openStore(config, { migrate: false });
  try {
    const applied = await migrate(store);
    io.stdout(applied.length ? `Applied: ${applied.join(", ")}\n` : "The database is up to date.\n");
  } finally {
    await store.close();
  }
}
