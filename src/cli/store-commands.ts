/**
 * Operator commands on the store: the retention purge, legal holds, re-encryption after a key rotation, and
 * the audit chain's head and verification. Each prints a readable line, or one JSON object with `--json`.
 */
import type { Command } from "commander";
import type { Logger } from "pino";
import { FLAGS } from "../framework/index.ts";
import { audit, type Breach, breaches, type PurgeSchedule, retention, rotation } from "../store/index.ts";
import { type Config, loadConfig } from "./config.ts";
import { type Io, invalidInput } from "./io.ts";
import { requireId, type StoreSession, withStore } from "./store-session.ts";

/** Starts the scheduled retention purge for a server or worker process; results and failures are logged. */
export function startPurgeSchedule(store: StoreSession, config: Config, logger: Logger): PurgeSchedule {
  return retention.schedule(store.db, store.keys, {
    retentionDays: config.retentionDays,
    everyHours: config.purgeEveryHours,
    onResult: (report) => {
      if (report.purged === 0 && report.held.length === 0) return;
      const summary = {
        purged: report.purged,
        breaches: report.breaches.length,
        held: report.held.length,
        cutoff: report.cutoff,
      };
      // With the audit head, so the log also records how far the chain reached after the purge.
      audit.head(store.db).then(
        (auditHead) => logger.info({ ...summary, auditHead }, "retention purge"),
        () => logger.info(summary, "retention purge"),
      );
    },
    onError: (error) => logger.error({ err: { message: error.message } }, "retention purge failed"),
  });
}

function breachId(raw: string | undefined): string {
  return requireId("--breach", raw, "a breach id");
}

/** The operator holds any organisation's breach: found across organisations, then changed within its own. */
async function breachAcrossOrganisations(store: StoreSession, id: string): Promise<Breach> {
  const breach = await breaches.getAcrossOrganisations(store.db, id);
  if (!breach) throw new Error(`No breach with id ${id}`);
  return breach;
}

/** Prints one JSON object with `--json`, else one readable line. */
type Print = (json: boolean | undefined, object: unknown, text: string) => void;

function registerPurge(cli: Command, print: Print): void {
  cli
    .command("purge")
    .description(
      "delete victims' contact data of breaches past RETENTION_DAYS (breaches on legal hold are kept)",
    )
    .option("--dry-run", "only count what would be deleted")
    .option("--actor <name>", "who runs it, for the audit log", "cli")
    .option("--json", "print one JSON object")
    .action(async (options: { dryRun?: boolean; actor: string; json?: boolean }) => {
      const config = loadConfig();
      await withStore(async (store) => {
        const report = await retention.purge(store.db, store.keys, {
          retentionDays: config.retentionDays,
          dryRun: options.dryRun ?? false,
          actor: options.actor,
        });
        const verb = report.dryRun ? "Would purge" : "Purged";
        print(
          options.json,
          report,
          `${verb} the contact data of ${report.purged} victim(s) in ${report.breaches.length} breach(es) last updated before ${report.cutoff}; ${report.held.length} breach(es) on legal hold kept.${report.phishingReports ? ` ${report.phishingReports} suspicious-message report(s) past their 90 days deleted.` : ""}`,
        );
      });
    });
}

function registerLegalHolds(cli: Command, print: Print): void {
  const breach =
    cli.commands.find((c) => c.name() === "breach") ?? cli.command("breach").description("breaches");
  breach
    .command("hold")
    .description("put a breach on legal hold: the retention purge leaves its victims alone")
    .requiredOption("--breach <id>", "the breach id")
    .requiredOption("--reason <text>", "why (a claim, a regulator's inquiry); no personal data")
    .option("--actor <name>", "who sets it, for the audit log", "cli")
    .option("--json", "print one JSON object")
    .action(async (options: { breach: string; reason: string; actor: string; json?: boolean }) => {
      const id = breachId(options.breach);
      if (options.reason.trim() === "") throw invalidInput(["--reason: must not be empty"]);
      await withStore(async (store) => {
        const breach = await breachAcrossOrganisations(store, id);
        const held = await breaches.setLegalHold(
          store.db,
          store.keys,
          breach.organisationId,
          id,
          options.reason,
          options.actor,
        );
        print(
          options.json,
          { id: held.id, legalHold: held.legalHold },
          `Breach ${held.id} is on legal hold.`,
        );
      });
    });
  breach
    .command("release")
    .description("end a breach's legal hold")
    .requiredOption("--breach <id>", "the breach id")
    .option("--actor <name>", "who releases it, for the audit log", "cli")
    .option("--json", "print one JSON object")
    .action(async (options: { breach: string; actor: string; json?: boolean }) => {
      const id = breachId(options.breach);
      await withStore(async (store) => {
        const breach = await breachAcrossOrganisations(store, id);
        const released = await breaches.releaseLegalHold(
          store.db,
          store.keys,
          breach.organisationId,
          id,
          options.actor,
        );
        print(
          options.json,
          { id: released.id, legalHold: null },
          `Breach ${released.id} is no longer on legal hold.`,
        );
      });
    });
}

function registerReencrypt(cli: Command, print: Print): void {
  cli
    .command("reencrypt")
    .description("re-seal every victim and re-key the look-up indexes under the current master secret")
    .option("--actor <name>", "who runs it, for the audit log", "cli")
    .option("--json", "print one JSON object")
    .action(async (options: { actor: string; json?: boolean }) => {
      await withStore(async (store) => {
        const report = await rotation.reencrypt(store.db, store.keys, {
          actor: options.actor,
          knownFlags: FLAGS.map((flag) => flag.id),
        });
        const codes =
          report.codesUnderPreviousKeys > 0
            ? ` ${report.codesUnderPreviousKeys} personal code(s) still use a previous key: keep that secret until new codes are sent.`
            : " Every personal code uses the current key.";
        print(
          options.json,
          report,
          `Re-sealed ${report.resealed} victim(s) and re-keyed the flag tokens of ${report.retokenised} purged victim(s) under key ${report.keyId}.${codes}`,
        );
      });
    });
}

function registerAudit(cli: Command, print: Print): void {
  const auditCommand = cli.command("audit").description("the audit log");
  auditCommand
    .command("head")
    .description("print the audit chain's head (sequence number and hash) to keep with evidence")
    .option("--json", "print one JSON object")
    .action(async (options: { json?: boolean }) => {
      await withStore(async (store) => {
        const head = await audit.head(store.db);
        print(options.json, head, `${head.seq}:${head.hash}`);
      });
    });
  auditCommand
    .command("verify")
    .description("check the whole audit chain; with --head, also that it still reaches an exported head")
    .option("--head <seq:hash>", "a head printed earlier by `lekwijzer audit head`")
    .option("--json", "print one JSON object")
    .action(async (options: { head?: string; json?: boolean }) => {
      let expectedHead: { seq: number; hash: string } | undefined;
      if (options.head !== undefined) {
        const match = /^(\d+):([0-9a-f]{64})$/.exec(options.head.trim());
        if (!match) throw invalidInput(['--head: expected "SEQ:HASH" as printed by `lekwijzer audit head`']);
        expectedHead = { seq: Number(match[1]), hash: match[2] ?? "" };
      }
      const result = await withStore((store) =>
        audit.verify(store.db, store.keys, expectedHead ? { expectedHead } : {}),
      );
      print(
        options.json,
        result,
        result.ok
          ? `The audit log is intact: ${result.count} entries, head ${result.head.seq}:${result.head.hash}.`
          : `The audit log is broken at entry ${result.seq}: ${result.problem}.`,
      );
      if (!result.ok) throw new AuditBrokenError();
    });
}

/** Adds `purge`, `breach hold|release`, `reencrypt` and `audit head|verify` to the `lekwijzer` command. */
export function registerStoreCommands(cli: Command, io: Io): void {
  const print: Print = (json, object, text) => io.stdout(json ? `${JSON.stringify(object)}\n` : `${text}\n`);
  registerPurge(cli, print);
  registerLegalHolds(cli, print);
  registerReencrypt(cli, print);
  registerAudit(cli, print);
}

/** Exit 1 after verify has printed what is wrong. */
export class AuditBrokenError extends Error {
  constructor() {
    super("the audit log did not verify");
    this.name = "AuditBrokenError";
  }
}
