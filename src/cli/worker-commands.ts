/**
 * `lekwijzer worker` and `lekwijzer letters returned`: the operator's side of the delivery engine — running a
 * worker that sends for every running campaign, and feeding back the letters the print provider could not
 * deliver.
 */
import { readFileSync } from "node:fs";
import { Command } from "commander";
import { applyReturnedLetters } from "../delivery/index.ts";
import { createLogger } from "../operations/index.ts";
import { loadConfig } from "./config.ts";
import type { Io } from "./io.ts";
import { openStore, withStore } from "./store-session.ts";

function registerWorkerCommand(cli: Command): void {
  cli
    .command("worker")
    .description(
      "send and import: work delivery jobs of every running campaign and uploaded victim files until stopped (SIGTERM finishes the messages in hand and gives the rest back at once)",
    )
    .action(async () => {
      const config = loadConfig();
      const logger = createLogger(config.logLevel);
      const store = await openStore(config, { migrate: config.databaseUrl === undefined, logger });
      const { startDelivery } = await import("./delivery-session.ts");
      const { startPurgeSchedule } = await import("./store-commands.ts");
      const delivery = await startDelivery(store, config, logger);
      const { startImports } = await import("./import-worker-session.ts");
      const importWorker = startImports(store, logger);
      const purge = startPurgeSchedule(store, config, logger);
      logger.info({ engine: store.engine, worker: delivery.context.worker }, "delivery worker is running");
      await new Promise<void>((resolve) => {
        const stop = async (signal: string) => {
          logger.info({ signal }, "worker stopping");
          purge.stop();
          await importWorker.stop();
          await delivery.stop();
          await purge.idle();
          await store.close();
          resolve();
        };
        process.once("SIGINT", () => void stop("SIGINT"));
        process.once("SIGTERM", () => void stop("SIGTERM"));
      });
    });
}

/** The references in a print provider's list: one per line, or the `reference` column of a CSV. */
function returnedReferences(text: string): string[] {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  const header = lines[0]?.toLowerCase().split(/[;,]/) ?? [];
  const column = header.indexOf("reference");
  const references =
    column >= 0 ? lines.slice(1).map((l) => l.split(/[;,]/)[column]?.replace(/^"|"$/g, "") ?? "") : lines;
  return references.filter(Boolean);
}

function registerLettersCommands(cli: Command, io: Io): void {
  const letters = new Command("letters").description("print batches and returned mail");
  letters
    .command("returned")
    .description(
      "import the print provider's list of undeliverable letters (one reference per line, or CSV with a reference column)",
    )
    .argument("<file>", "the list")
    .option("--json", "print one JSON object")
    .action(async (file: string, options: { json?: boolean }) => {
      const references = returnedReferences(readFileSync(file, "utf8"));
      await withStore(async (store) => {
        const result = await applyReturnedLetters(store, references);
        io.stdout(
          options.json
            ? `${JSON.stringify(result)}\n`
            : `${result.applied} letters marked returned (${result.fellBack} moved to another channel); ${result.unmatched} references not found yet (kept a week in case their letters are still being recorded).\n`,
        );
      });
    });
  cli.addCommand(letters);
}

export function registerWorkerCommands(cli: Command, io: Io): void {
  registerWorkerCommand(cli);
  registerLettersCommands(cli, io);
}
