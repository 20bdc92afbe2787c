/**
 * Starts the import worker (operations/import-worker.ts) where workers run: `lekwijzer worker`, and the
 * server's own process in embedded mode. Failures are logged by kind only: an import's reason is shown to the
 * organisation on the job, and nothing of a victim file belongs in a log line.
 */
import type { Logger } from "pino";
import { type ImportWorker, startImportWorker } from "../operations/index.ts";
import type { StoreSession } from "./store-session.ts";

export function startImports(store: StoreSession, logger: Logger): ImportWorker {
  return startImportWorker(
    { db: store.db, keys: store.keys },
    {
      onError: (error, importId) =>
        logger.warn({ err: { type: (error as Error)?.name ?? "Error" }, import: importId }, "import failed"),
    },
  );
}
