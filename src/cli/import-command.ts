/**
 * `lekwijzer import --breach ID FILE`: streams a victim file (docs/victim-file.md) into the store with a
 * progress bar on a terminal, writes the error report, and prints a summary (with --json the import as the
 * API shows it, `presentImport`, its `report` the file written).
 * Exit 0 when the file was read, even with rejected rows; 2 when it is no victim file at all.
 *
 * New victims get a personal code. The plaintext codes leave this process only through --codes (a CSV
 * readable by the owner alone, for the letters); without it they are dropped, and a campaign issues new ones.
 * They are never printed.
 */
import { once } from "node:events";
import { closeSync, constants, createWriteStream, openSync, type WriteStream } from "node:fs";
import type { Command } from "commander";
import { createProgressBar, VictimFileError } from "../intake/index.ts";
import {
  getBreachOfAnyOrganisation,
  getImport,
  OperationProblem,
  presentImport,
  runImport,
  startImport,
} from "../operations/index.ts";
import { type Io, invalidInput } from "./io.ts";
import { cliActor } from "./operation-door.ts";
import { defaultActor } from "./org-commands.ts";
import { requireId, withStore } from "./store-session.ts";

interface ImportOptions {
  breach: string;
  report?: string;
  codes?: string;
  json?: boolean;
  actor: string;
}

/**
 * Creates the codes file for the owner only: a new file (an existing one is never overwritten, so codes cannot
 * end up in a file others can already read) and never through a symbolic link (which could point anywhere).
 */
function createCodesFile(path: string): number {
  try {
    return openSync(
      path,
      constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0),
      0o600,
    );
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST" || code === "ELOOP")
      throw invalidInput([
        `--codes: ${path} exists already (or is a link); personal codes are written only to a new file`,
      ]);
    throw invalidInput([`--codes: cannot create ${path} (${code ?? "error"})`]);
  }
}

/** A CSV of new victims' personal codes, created for the owner only. */
function codesFile(fd: number): {
  stream: WriteStream;
  write(codes: ReadonlyMap<string, string>): Promise<void>;
} {
  const stream = createWriteStream("", { fd });
  stream.write("external_id,personal_code\r\n");
  return {
    stream,
    async write(codes) {
      let text = "";
      for (const [externalId, code] of codes) text += `"${externalId.replaceAll('"', '""')}",${code}\r\n`;
      if (!stream.write(text)) await once(stream, "drain");
    },
  };
}

export function registerImportCommand(cli: Command, io: Io): void {
  cli
    .command("import")
    .description("import a victim file (CSV or JSON Lines, docs/victim-file.md) into a breach")
    .requiredOption("--breach <id>", "the breach id (from `lekwijzer breach create` or `breach list`)")
    .argument("<file>", "the victim file")
    .option("--report <path>", "where the error report (CSV) goes", undefined)
    .option(
      "--codes <path>",
      "write new victims' personal codes to this new CSV (created with mode 0600; never an existing file or a link)",
    )
    .option("--actor <name>", "who runs it, for the audit log", defaultActor())
    .option("--json", "print one JSON object")
    .action(async (file: string, options: ImportOptions) => {
      requireId("--breach", options.breach, "a breach id");
      const report = options.report ?? `${file}.report.csv`;
      await withStore(async (store) => {
        const breach = await getBreachOfAnyOrganisation(store, cliActor(options.actor), {
          breachId: options.breach,
        }).catch((error: unknown) => {
          if (error instanceof OperationProblem && error.code === "not-found")
            throw invalidInput([`--breach: no breach with id ${options.breach}`]);
          throw error;
        });
        const actor = cliActor(options.actor, breach.organisationId);
        // Before the job starts, so a refused file leaves no job behind.
        const codesFd = options.codes ? createCodesFile(options.codes) : undefined;
        const started = await startImport(store, actor, { breachId: breach.id, source: "cli" }).catch(
          (error: unknown) => {
            if (codesFd !== undefined) closeSync(codesFd);
            // Another import running is a failure to retry later (exit 1), not input to fix.
            if (error instanceof OperationProblem && error.code === "conflict")
              throw new Error(error.message);
            throw error;
          },
        );
        const codes = codesFd !== undefined ? codesFile(codesFd) : undefined;
        const bar = options.json ? { onProgress: () => {}, stop: () => {} } : createProgressBar();
        try {
          const summary = await runImport(store, actor, started, {
            input: file,
            report,
            onProgress: bar.onProgress,
            ...(codes ? { onCodes: (c: ReadonlyMap<string, string>) => codes.write(c) } : {}),
          });
          const job = await getImport(store, actor, { breachId: breach.id, importId: started.job.id });
          io.stdout(
            options.json
              ? `${JSON.stringify(presentImport(job, report))}\n`
              : [
                  `Imported ${file} into breach ${breach.slug} (import ${job.id}):`,
                  `  rows ${summary.rows}: ${summary.imported} new, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.rejected} rejected, ${summary.superseded} superseded`,
                  `  unreachable: ${summary.unreachable}; report: ${report} (${summary.errors} errors, ${summary.warnings} warnings)`,
                  ...(options.codes ? [`  personal codes of new victims: ${options.codes}`] : []),
                  "",
                ].join("\n"),
          );
        } catch (error) {
          if (error instanceof VictimFileError)
            throw invalidInput([`${file}: ${error.message} (see docs/victim-file.md)`]);
          throw error;
        } finally {
          bar.stop();
          if (codes) {
            codes.stream.end();
            await once(codes.stream, "close").catch(() => {});
          }
        }
      });
    });
}
