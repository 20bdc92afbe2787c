/**
 * `lekwijzer campaign …`, `lekwijzer worker` and `lekwijzer letters returned`: the operator's view of sending.
 * Campaign commands act for the organisation that owns the breach, and record the operating-system user who
 * runs them (`os:<user>`), never a name typed on the command line: approval must come from another person than
 * creation, and a free `--actor` would let one person be both. Whoever can reach the database can act as the
 * operator anyway (docs/operations.md, "Who may approve"); the OS user is what the audit log can tell.
 */
import { readFileSync } from "node:fs";
import { SingleBar } from "cli-progress";
import { Command, Option } from "commander";
import {
  actOnCampaign,
  applyReturnedLetters,
  CampaignProblem,
  type CampaignStatusReport,
  campaignStatus,
  checkCampaign,
  createCampaign,
} from "../delivery/index.ts";
import { type Finding, findingLine } from "../messages/index.ts";
import { breaches, type CampaignKind, type CampaignSelection, campaigns } from "../store/index.ts";
import { loadConfig } from "./config.ts";
import { type Io, invalidInput, osActor, readJsonInput } from "./io.ts";
import { openStore, requireId, type StoreSession, withStore } from "./store-session.ts";

/** Campaign problems are the caller's input: exit 2 with the problems, like any invalid input. */
async function asInput<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof CampaignProblem) {
      throw invalidInput(
        error.problems.length > 0 ? error.problems.map((p) => `${p.path}: ${p.message}`) : [error.message],
      );
    }
    throw error;
  }
}

async function organisationOf(store: StoreSession, campaignId: string): Promise<string> {
  const campaign = await campaigns.get(store.db, campaignId);
  if (!campaign) throw invalidInput([`campaign: no campaign ${campaignId}`]);
  return campaign.organisationId;
}

function statusLine(report: CampaignStatusReport): string {
  const s = report.progress.byStatus;
  const done = s.sent + s.delivered + s.bounced + s.failed + s.cancelled + s.unreachable;
  const eta = report.etaSeconds === null ? "–" : `${report.etaSeconds} s`;
  const channels = Object.entries(report.progress.byChannel)
    .map(([channel, counts]) => `${channel} ${Object.values(counts).reduce((a, b) => a + (b ?? 0), 0)}`)
    .join(", ");
  const deferrals = report.progress.deferrals.map((d) => `${d.domain} ${d.deferrals}`).join(", ");
  return [
    `Campaign ${report.campaign.id}: ${report.campaign.status}`,
    `  ${done} of ${report.progress.total} handled — sent ${s.sent}, delivered ${s.delivered}, queued ${s.queued}, sending ${s.sending}, bounced ${s.bounced}, unreachable ${s.unreachable}, failed ${s.failed}, cancelled ${s.cancelled}`,
    `  by channel: ${channels || "–"}`,
    `  rate ${report.rate.toFixed(1)}/s, ETA ${eta}${deferrals ? `, deferrals: ${deferrals}` : ""}`,
    ...report.channelHealth.map(
      (h) =>
        `  ${h.channel} provider failing since ${h.failingSince.toISOString()} (${h.failures} failures): ${h.lastError}`,
    ),
  ].join("\n");
}

function statusJson(report: CampaignStatusReport) {
  return {
    id: report.campaign.id,
    status: report.campaign.status,
    kind: report.campaign.kind,
    total: report.progress.total,
    byStatus: report.progress.byStatus,
    byChannel: report.progress.byChannel,
    rate: report.rate,
    etaSeconds: report.etaSeconds,
    deferrals: report.progress.deferrals,
    channelHealth: report.channelHealth,
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface CreateOptions {
  breach: string;
  kind: CampaignKind;
  setup: string;
  segment?: string;
  flag?: string;
  notReached?: boolean;
  json?: boolean;
}

export function registerCampaignCommands(cli: Command, io: Io): void {
  const campaign = new Command("campaign").description(
    "create, check, approve, start, follow, pause, resume or cancel a campaign",
  );
  const print = (json: boolean | undefined, object: unknown, text: string) =>
    io.stdout(json ? `${JSON.stringify(object)}\n` : `${text}\n`);

  campaign
    .command("create")
    .description("create a campaign: one message to every selected victim of a breach (a draft)")
    .requiredOption("--breach <id>", "the breach")
    .addOption(
      new Option("--kind <kind>", "what the message is")
        .choices(["first-notice", "update"])
        .default("first-notice"),
    )
    .requiredOption(
      "--setup <file>",
      "the message setup as JSON: texts, overrides, layout, subjects (- for stdin)",
    )
    .option("--segment <label>", "only victims with this segment label")
    .option("--flag <flag>", "only victims with this flag (e.g. senior, no-digital-access)")
    .option("--not-reached", "only victims no earlier campaign of this breach reached")
    .option("--json", "print one JSON object")
    .action(async (options: CreateOptions) => {
      const breachId = requireId("--breach", options.breach);
      const setup = await readJsonInput(options.setup, io);
      const selection: CampaignSelection = {
        ...(options.segment ? { segment: options.segment } : {}),
        ...(options.flag ? { flag: options.flag } : {}),
        ...(options.notReached ? { notReached: true } : {}),
      };
      await withStore(async (store) => {
        const breach = await breaches.getAcrossOrganisations(store.db, breachId);
        if (!breach) throw invalidInput([`--breach: no breach ${breachId}`]);
        const created = await asInput(() =>
          createCampaign(store, {
            organisationId: breach.organisationId,
            breachId,
            kind: options.kind,
            selection,
            setup,
            actor: osActor(io),
          }),
        );
        print(
          options.json,
          { id: created.id, status: created.status, total: created.total },
          `Campaign ${created.id} created (draft) for ${created.total} victims. Next: lekwijzer campaign check ${created.id}`,
        );
      });
    });

  campaign
    .command("check")
    .description("run the pre-send checks; a campaign without blocking findings becomes checked")
    .argument("<id>", "the campaign")
    .option("--json", "print one JSON object")
    .action(async (raw: string, options: { json?: boolean }) => {
      const campaignId = requireId("campaign", raw);
      await withStore(async (store) => {
        const organisationId = await organisationOf(store, campaignId);
        try {
          const { campaign: checked, findings } = await checkCampaign(
            store,
            organisationId,
            campaignId,
            osActor(io),
          );
          const lines = findings.map((f) => `  ${findingLine(f)}`);
          print(
            options.json,
            { id: checked.id, status: checked.status, findings },
            [`Campaign ${checked.id}: ${checked.status}`, ...lines].join("\n"),
          );
        } catch (error) {
          if (error instanceof CampaignProblem && error.code === "conflict") {
            const stored = await campaigns.get(store.db, campaignId);
            const lines = ((stored?.findings ?? []) as Finding[])
              .filter((f) => f.severity === "block")
              .map(findingLine);
            throw invalidInput([error.message, ...lines]);
          }
          throw error;
        }
      });
    });

  for (const [action, what] of [
    ["approve", "approve a checked campaign: another operating-system user than its creator"],
    ["start", "start sending an approved campaign (workers pick it up)"],
    ["pause", "stop claiming new messages; what is on its way finishes"],
    ["resume", "go on with a paused campaign"],
    ["cancel", "cancel: nothing more is sent"],
  ] as const) {
    campaign
      .command(action)
      .description(what)
      .argument("<id>", "the campaign")
      .option("--json", "print one JSON object")
      .action(async (raw: string, options: { json?: boolean }) => {
        const campaignId = requireId("campaign", raw);
        await withStore(async (store) => {
          const organisationId = await organisationOf(store, campaignId);
          const changed = await asInput(() =>
            actOnCampaign(store, organisationId, campaignId, action, osActor(io)),
          );
          print(
            options.json,
            { id: changed.id, status: changed.status },
            `Campaign ${changed.id}: ${changed.status}`,
          );
        });
      });
  }

  campaign
    .command("status")
    .description("totals by state and channel, rate and ETA")
    .argument("<id>", "the campaign")
    .option("--watch", "follow it with a progress bar until it is done")
    .option("--json", "print one JSON object")
    .action(async (raw: string, options: { watch?: boolean; json?: boolean }) => {
      const campaignId = requireId("campaign", raw);
      await withStore(async (store) => {
        const organisationId = await organisationOf(store, campaignId);
        let report = await campaignStatus(store, organisationId, campaignId);
        if (options.watch && process.stderr.isTTY) {
          const bar = new SingleBar({
            format: "{bar} {value}/{total} handled | {rate}/s | ETA {eta_text} | {status}",
            stream: process.stderr,
          });
          const handled = (r: CampaignStatusReport) =>
            r.progress.total - r.progress.byStatus.queued - r.progress.byStatus.sending;
          bar.start(report.progress.total, handled(report), {
            rate: "0.0",
            eta_text: "–",
            status: report.campaign.status,
          });
          while (report.campaign.status === "running" || report.campaign.status === "paused") {
            await sleep(2_000);
            report = await campaignStatus(store, organisationId, campaignId);
            bar.update(handled(report), {
              rate: report.rate.toFixed(1),
              eta_text: report.etaSeconds === null ? "–" : `${report.etaSeconds} s`,
              status: report.campaign.status,
            });
          }
          bar.stop();
        }
        print(options.json, statusJson(report), statusLine(report));
      });
    });

  campaign
    .command("list")
    .description("the campaigns of a breach")
    .requiredOption("--breach <id>", "the breach")
    .option("--json", "print one JSON object")
    .action(async (options: { breach: string; json?: boolean }) => {
      const breachId = requireId("--breach", options.breach);
      await withStore(async (store) => {
        const list = await campaigns.listByBreach(store.db, breachId);
        const rows = list.map((c) => ({
          id: c.id,
          kind: c.kind,
          status: c.status,
          total: c.total,
          createdBy: c.createdBy,
        }));
        print(
          options.json,
          { campaigns: rows },
          rows.map((r) => `${r.id}  ${r.kind.padEnd(12)} ${r.status.padEnd(9)} ${r.total}`).join("\n") ||
            "No campaigns.",
        );
      });
    });

  cli.addCommand(campaign);

  cli
    .command("worker")
    .description(
      "send: work delivery jobs of every running campaign until stopped (SIGTERM finishes the messages in hand and gives the rest back at once)",
    )
    .action(async () => {
      const config = loadConfig();
      const { createLogger } = await import("../web/index.ts");
      const logger = createLogger(config.logLevel);
      const store = await openStore(config, { migrate: config.databaseUrl === undefined, logger });
      const { startDelivery } = await import("./delivery-session.ts");
      const { startPurgeSchedule } = await import("./store-commands.ts");
      const delivery = await startDelivery(store, config, logger);
      const purge = startPurgeSchedule(store, config, logger);
      logger.info({ engine: store.engine, worker: delivery.context.worker }, "delivery worker is running");
      await new Promise<void>((resolve) => {
        const stop = async (signal: string) => {
          logger.info({ signal }, "worker stopping");
          purge.stop();
          await delivery.stop();
          await purge.idle();
          await store.close();
          resolve();
        };
        process.once("SIGINT", () => void stop("SIGINT"));
        process.once("SIGTERM", () => void stop("SIGTERM"));
      });
    });

  const letters = new Command("letters").description("print batches and returned mail");
  letters
    .command("returned")
    .description(
      "import the print provider's list of undeliverable letters (one reference per line, or CSV with a reference column)",
    )
    .argument("<file>", "the list")
    .option("--json", "print one JSON object")
    .action(async (file: string, options: { json?: boolean }) => {
      const text = readFileSync(file, "utf8");
      const lines = text
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter(Boolean);
      const header = lines[0]?.toLowerCase().split(/[;,]/) ?? [];
      const column = header.indexOf("reference");
      const references =
        column >= 0 ? lines.slice(1).map((l) => l.split(/[;,]/)[column]?.replace(/^"|"$/g, "") ?? "") : lines;
      await withStore(async (store) => {
        const result = await applyReturnedLetters(store, references.filter(Boolean));
        print(
          options.json,
          result,
          `${result.applied} letters marked returned (${result.fellBack} moved to another channel); ${result.unmatched} references not found yet (kept a week in case their letters are still being recorded).`,
        );
      });
    });
  cli.addCommand(letters);
}
