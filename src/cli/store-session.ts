/** Opens the store the configuration points at: PostgreSQL when DATABASE_URL is set, else PGlite in DATA_DIR. */
import type { Logger } from "pino";
import {
  createKeyring,
  type DatabaseHandle,
  type Keyring,
  migrate,
  openDatabase,
  secureDataDir,
  senderProfiles,
} from "../store/index.ts";
import type { Config } from "./config.ts";
import { loadConfig } from "./config.ts";
import { type Io, invalidInput } from "./io.ts";

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
  const keys = createKeyring(config.masterSecret, config.previousSecrets);
  if (options.migrate) {
    const applied = await migrate(handle);
    if (applied.length > 0) options.logger?.info({ migrations: applied }, "migrations applied");
    await sealLegacyDkimKeys(handle, keys, options.logger);
  }
  return Object.assign(handle, { keys });
}

/** The step of the migrations that needs the secret: DKIM keys kept in the clear by older versions get sealed. */
async function sealLegacyDkimKeys(handle: DatabaseHandle, keys: Keyring, logger?: Logger): Promise<number> {
  const sealed = await senderProfiles.sealLegacyKeys(handle.db, keys);
  if (sealed > 0) logger?.info({ organisations: sealed }, "DKIM private keys sealed");
  return sealed;
}

/** `lekwijzer migrate`: apply pending migrations and say which. */
export async function migrateCommand(config: Config, io: Io): Promise<void> {
  const store = await openStore(config, { migrate: false });
  try {
    const applied = await migrate(store);
    const sealed = await sealLegacyDkimKeys(store, store.keys);
    io.stdout(applied.length ? `Applied: ${applied.join(", ")}\n` : "The database is up to date.\n");
    if (sealed > 0) io.stdout(`Sealed the DKIM private keys of ${sealed} organisations.\n`);
  } finally {
    await store.close();
  }
}

/**
 * Runs one command against the configured store and closes it afterwards. The platform's public address rides
 * along, for commands that compose messages (they point people to their plan online).
 */
export async function withStore<T>(
  fn: (store: StoreSession & { publicUrl: string }) => Promise<T>,
): Promise<T> {
  const config = loadConfig();
  const store = await openStore(config, { migrate: config.databaseUrl === undefined });
  try {
    return await fn(Object.assign(store, { publicUrl: config.publicUrl }));
  } finally {
    await store.close();
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An id given on the command line (a UUID), or invalid input naming the option and what it is. */
export function requireId(option: string, raw: string | undefined, what = "an id"): string {
  if (!raw || !UUID.test(raw))
    throw invalidInput([`${option}: expected ${what} (a UUID), got "${raw ?? ""}"`]);
  return raw;
}
