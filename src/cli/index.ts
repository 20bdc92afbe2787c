/**
 * The `lekwijzer` command. Exit codes: 0 success, 1 failure while running, 2 invalid input, usage or
 * configuration (with every problem on stderr).
 */
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { InvalidInputError, LANGUAGES } from "../core/index.ts";
import { assessCommand, planCommand } from "./assess-commands.ts";
import { registerBreachCommands } from "./breach-commands.ts";
import { registerCampaignCommands } from "./campaign-commands.ts";
import { CONFIG_VARIABLES, ConfigError, loadConfig } from "./config.ts";
import { registerImportCommand } from "./import-command.ts";
import { type Io, problemLines, processIo } from "./io.ts";
import { registerKeyCommands } from "./key-commands.ts";
import { registerOrgCommands } from "./org-commands.ts";
import { registerPortalCommands } from "./portal-commands.ts";
import { type PreviewCommandOptions, previewCommand } from "./preview-command.ts";
import { registerProfileCommands } from "./profile-commands.ts";
import { registerStaffCommands } from "./staff-commands.ts";
import { registerStoreCommands } from "./store-commands.ts";
import { registerUpdateCommands } from "./update-commands.ts";
import { registerWorkerCommands } from "./worker-commands.ts";

export { InvalidInputError } from "../core/index.ts";
export type { Io } from "./io.ts";

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_INVALID = 2;

function program(io: Io): Command {
  const cli = new Command("lekwijzer")
    .description("Lekwijzer: help the victims of large personal-data breaches.")
    .version("0.1.0")
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .addHelpText(
      "after",
      `\nConfiguration (environment variables):\n${CONFIG_VARIABLES.map(([name, what]) => `  ${name.padEnd(24)} ${what}`).join("\n")}\n`,
    );
  registerServerCommands(cli, io);
  registerKnowledgeCommands(cli, io);
  registerOrgCommands(cli, io);
  registerKeyCommands(cli, io);
  registerStaffCommands(cli, io);
  registerBreachCommands(cli, io);
  registerProfileCommands(cli, io);
  registerImportCommand(cli, io);
  registerStoreCommands(cli, io);
  registerCampaignCommands(cli, io);
  registerUpdateCommands(cli, io);
  registerPortalCommands(cli, io);
  registerWorkerCommands(cli, io);
  inheritErrorHandling(cli, io);
  return cli;
}

/** `serve` and `migrate`: the long-running platform and its schema. */
function registerServerCommands(cli: Command, io: Io): void {
  cli
    .command("serve")
    .description("run the web server (embedded PGlite unless DATABASE_URL is set)")
    .option("--migrate", "apply pending database migrations first (always done in embedded mode)")
    .option("--worker", "also send in this process (always done in embedded mode)")
    .action(async (options: { migrate?: boolean; worker?: boolean }) => {
      const config = loadConfig();
      // Loaded on demand so that commands without a database never load the drivers.
      const { serve } = await import("./serve.ts");
      await serve({
        config,
        migrate: options.migrate || config.databaseUrl === undefined,
        worker: options.worker || config.databaseUrl === undefined,
      });
    });

  cli
    .command("demo")
    .description("add invented people to the demo breach (embedded demo only), with a progress bar")
    .requiredOption("--victims <n>", "how many people to add", (raw: string) => {
      const n = Number(raw);
      if (!Number.isInteger(n) || n < 1 || n > 10_000_000)
        throw new InvalidArgumentError("a whole number from 1 to 10000000");
      return n;
    })
    .option("--notify", "then start a first notice to everyone not yet told (the worker sends it)")
    .action(async (options: { victims: number; notify?: boolean }) => {
      const { runDemoCommand } = await import("./demo-bulk.ts");
      await runDemoCommand(io, options);
    });

  cli
    .command("migrate")
    .description("apply pending database migrations and exit")
    .action(async () => {
      const config = loadConfig();
      const { migrateCommand } = await import("./store-session.ts");
      await migrateCommand(config, io);
    });
}

/** `assess`, `plan` and `preview`: the framework's rules and messages, without a database. */
function registerKnowledgeCommands(cli: Command, io: Io): void {
  cli
    .command("assess")
    .description(
      "assess breach facts (JSON, contracts §2, or a worked example from examples/) and print the assessment as JSON",
    )
    .argument("<file>", "a JSON file, or - for standard input")
    .addOption(new Option("--lang <language>", "language of the reasons").choices(LANGUAGES).default("nl"))
    .action(async (file: string, options: { lang?: string }) => assessCommand(file, options, io));

  cli
    .command("plan")
    .description("build a personal action plan from { breach, victim } (JSON, contracts §4)")
    .argument("<file>", "a JSON file, or - for standard input")
    .action(async (file: string) => planCommand(file, io));

  cli
    .command("preview")
    .description("render a message for a sample or given victim to .eml, .txt, .html, .pdf and SMS files")
    .option(
      "--facts <file>",
      "breach facts JSON (or a worked example from examples/); default: the sample breach",
    )
    .option("--setup <file>", "JSON with the organisation, its texts, overrides, layout, subjects or date")
    .option(
      "--victim <file>",
      "the victim as JSON (id, name, email, phone, address, language, categories, flags)",
    )
    .option(
      "--sample <n>",
      "use sample victim n instead (1 = e-mail, 2 = senior without internet, 3 = minor, …)",
    )
    .option("--kind <kind>", "first-notice, update or affected-answer", "first-notice")
    .option("--out <dir>", "folder to write the files to", "out/preview")
    .action(async (options: PreviewCommandOptions) => previewCommand(options, io));
}

/**
 * Subcommands do not inherit these: without them a usage error (an unknown option such as
 * `campaign approve --actor`) would exit the process with 1 instead of returning 2 with the message.
 */
function inheritErrorHandling(command: Command, io: Io): void {
  for (const sub of command.commands) {
    sub.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
    inheritErrorHandling(sub, io);
  }
}

/** Runs the CLI and returns the exit code (so tests can run it in-process). */
export async function run(argv: readonly string[], io: Io = processIo): Promise<number> {
  const cli = program(io);
  try {
    await cli.parseAsync(argv as string[], { from: "user" });
    return EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === "commander.helpDisplayed" || error.code === "commander.version") return EXIT_OK;
      if (error.code === "commander.help") return EXIT_OK;
      return EXIT_INVALID;
    }
    if (error instanceof ConfigError) {
      io.stderr(`${error.message}\n`);
      return EXIT_INVALID;
    }
    if (error instanceof InvalidInputError) {
      io.stderr(`${problemLines(error).join("\n")}\n`);
      return EXIT_INVALID;
    }
    io.stderr(`lekwijzer: ${(error as Error).message}\n`);
    return EXIT_FAILURE;
  }
}
