/**
 * `lekwijzer campaign …`: the operator's view of a campaign, through the same operations as the API. The
 * operator acts for the organisation that owns the breach or campaign, and is recorded as the operating-system
 * user who runs the command (`os:<user>`), never a name typed on the command line: approval must come from
 * another person than creation, and a free `--actor` would let one person be both. Whoever can reach the
 * database can act as the operator anyway (docs/operations.md, "Who may approve"); the OS user is what the
 * audit log can tell.
 */
import { SingleBar } from "cli-progress";
import { Command, Option } from "commander";
import { type Finding, findingLine } from "../messages/index.ts";
import {
  type Actor,
  actOnCampaign,
  approvalPreview,
  type CampaignStatusReport,
  campaignStatus,
  checkCampaign,
  createCampaign,
  getCampaign,
  listCampaigns,
  OperationProblem,
  presentCampaignStatus,
} from "../operations/index.ts";
import { breaches, type CampaignKind, type CampaignSelection, campaigns } from "../store/index.ts";
import { type Io, invalidInput, osActor, readJsonInput } from "./io.ts";
import { asInput, cliActor } from "./operation-door.ts";
import { requireId, type StoreSession, withStore } from "./store-session.ts";

type Session = StoreSession & { publicUrl: string };
type Print = (json: boolean | undefined, object: unknown, text: string) => void;

/** The operator acting for the organisation whose campaign it is. */
async function campaignActor(store: Session, io: Io, campaignId: string): Promise<Actor> {
  const campaign = await campaigns.getAcrossOrganisations(store.db, campaignId);
  if (!campaign) throw invalidInput([`campaign: no campaign ${campaignId}`]);
  return cliActor(osActor(io), campaign.organisationId);
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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface CreateOptions {
  breach: string;
  kind: CampaignKind;
  setup: string;
  segment?: string;
  flag?: string;
  notReached?: boolean;
  subscribers?: boolean;
  json?: boolean;
}

function registerCreate(campaign: Command, io: Io, print: Print): void {
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
    .option("--subscribers", "only victims subscribed to the breach's update e-mails (with --kind update)")
    .option("--json", "print one JSON object")
    .action(async (options: CreateOptions) => {
      const breachId = requireId("--breach", options.breach);
      const setup = await readJsonInput(options.setup, io);
      const selection: CampaignSelection = {
        ...(options.segment ? { segment: options.segment } : {}),
        ...(options.flag ? { flag: options.flag } : {}),
        ...(options.notReached ? { notReached: true } : {}),
        ...(options.subscribers ? { subscribers: true } : {}),
      };
      await withStore(async (store) => {
        // The operator acts for the organisation that owns the breach.
        const breach = await breaches.getAcrossOrganisations(store.db, breachId);
        if (!breach) throw invalidInput([`--breach: no breach ${breachId}`]);
        const actor = cliActor(osActor(io), breach.organisationId);
        const input = { breachId, kind: options.kind, selection, setup };
        const created = await asInput(() => createCampaign(store, actor, input));
        print(
          options.json,
          { id: created.id, status: created.status, total: created.total },
          `Campaign ${created.id} created (draft) for ${created.total} victims. Next: lekwijzer campaign check ${created.id}`,
        );
      });
    });
}

/** A refused check recorded its findings: the refusal shows the ones that block. */
async function checkShowingBlocks(store: Session, actor: Actor, campaignId: string) {
  try {
    return await checkCampaign(store, actor, { campaignId });
  } catch (error) {
    if (!(error instanceof OperationProblem && error.code === "conflict")) throw error;
    const stored = await getCampaign(store, actor, { campaignId });
    const blocking = (stored.findings as Finding[]).filter((f) => f.severity === "block").map(findingLine);
    throw invalidInput([error.message, ...blocking]);
  }
}

function registerCheck(campaign: Command, io: Io, print: Print): void {
  campaign
    .command("check")
    .description("run the pre-send checks; a campaign without blocking findings becomes checked")
    .argument("<id>", "the campaign")
    .option("--json", "print one JSON object")
    .action(async (raw: string, options: { json?: boolean }) => {
      const campaignId = requireId("campaign", raw);
      await withStore(async (store) => {
        const actor = await campaignActor(store, io, campaignId);
        const { campaign: checked, findings } = await asInput(() =>
          checkShowingBlocks(store, actor, campaignId),
        );
        const lines = findings.map((f) => `  ${findingLine(f)}`);
        print(
          options.json,
          { id: checked.id, status: checked.status, findings },
          [`Campaign ${checked.id}: ${checked.status}`, ...lines].join("\n"),
        );
      });
    });
}

/**
 * `campaign approval` shows what an approval covers; `campaign approve --digest` approves exactly that. The
 * digest is required, so nobody approves from the command line without having seen it.
 */
function registerApproval(campaign: Command, io: Io, print: Print): void {
  campaign
    .command("approval")
    .description("show what approving the campaign now would cover: the digest to pass to approve --digest")
    .argument("<id>", "the campaign")
    .option("--json", "print one JSON object")
    .action(async (raw: string, options: { json?: boolean }) => {
      const campaignId = requireId("campaign", raw);
      await withStore(async (store) => {
        const actor = await campaignActor(store, io, campaignId);
        const { digest, parts } = await asInput(() => approvalPreview(store, actor, { campaignId }));
        const lines = Object.entries(parts).map(([part, value]) => `  ${part.padEnd(13)} ${value}`);
        print(options.json, { digest, parts }, [`Digest: ${digest}`, "Parts:", ...lines].join("\n"));
      });
    });
  campaign
    .command("approve")
    .description("approve a checked campaign: another operating-system user than its creator")
    .argument("<id>", "the campaign")
    .requiredOption(
      "--digest <digest>",
      "the digest `campaign approval` showed: refused if the campaign changed since",
    )
    .option("--json", "print one JSON object")
    .action(async (raw: string, options: { json?: boolean; digest: string }) => {
      const campaignId = requireId("campaign", raw);
      await withStore(async (store) => {
        const actor = await campaignActor(store, io, campaignId);
        const input = { campaignId, step: "approve" as const, expectedDigest: options.digest.trim() };
        const changed = await asInput(() => actOnCampaign(store, actor, input));
        print(
          options.json,
          { id: changed.id, status: changed.status },
          `Campaign ${changed.id}: ${changed.status}`,
        );
      });
    });
}

function registerSteps(campaign: Command, io: Io, print: Print): void {
  registerApproval(campaign, io, print);
  for (const [step, what] of [
    ["start", "start sending an approved campaign (workers pick it up)"],
    ["pause", "stop claiming new messages; what is on its way finishes"],
    ["resume", "go on with a paused campaign"],
    ["cancel", "cancel: nothing more is sent"],
  ] as const) {
    campaign
      .command(step)
      .description(what)
      .argument("<id>", "the campaign")
      .option("--json", "print one JSON object")
      .action(async (raw: string, options: { json?: boolean }) => {
        const campaignId = requireId("campaign", raw);
        await withStore(async (store) => {
          const actor = await campaignActor(store, io, campaignId);
          const changed = await asInput(() => actOnCampaign(store, actor, { campaignId, step }));
          print(
            options.json,
            { id: changed.id, status: changed.status },
            `Campaign ${changed.id}: ${changed.status}`,
          );
        });
      });
  }
}

/** Follows a running or paused campaign with a progress bar on the terminal until it stops; the last report. */
async function watch(
  report: CampaignStatusReport,
  next: () => Promise<CampaignStatusReport>,
): Promise<CampaignStatusReport> {
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
  let last = report;
  while (last.campaign.status === "running" || last.campaign.status === "paused") {
    await sleep(2_000);
    last = await next();
    bar.update(handled(last), {
      rate: last.rate.toFixed(1),
      eta_text: last.etaSeconds === null ? "–" : `${last.etaSeconds} s`,
      status: last.campaign.status,
    });
  }
  bar.stop();
  return last;
}

function registerStatus(campaign: Command, io: Io, print: Print): void {
  campaign
    .command("status")
    .description("totals by state and channel, rate and ETA")
    .argument("<id>", "the campaign")
    .option("--watch", "follow it with a progress bar until it is done")
    .option("--json", "print one JSON object (the API's shape: GET /api/v1/campaigns/{id})")
    .action(async (raw: string, options: { watch?: boolean; json?: boolean }) => {
      const campaignId = requireId("campaign", raw);
      await withStore(async (store) => {
        const actor = await campaignActor(store, io, campaignId);
        const read = () => asInput(() => campaignStatus(store, actor, { campaignId }));
        let report = await read();
        if (options.watch && process.stderr.isTTY) report = await watch(report, read);
        print(options.json, presentCampaignStatus(report), statusLine(report));
      });
    });
}

function registerList(campaign: Command, io: Io, print: Print): void {
  campaign
    .command("list")
    .description("the campaigns of a breach")
    .requiredOption("--breach <id>", "the breach")
    .option("--json", "print one JSON object")
    .action(async (options: { breach: string; json?: boolean }) => {
      const breachId = requireId("--breach", options.breach);
      await withStore(async (store) => {
        const breach = await breaches.getAcrossOrganisations(store.db, breachId);
        const list = breach
          ? await asInput(() =>
              listCampaigns(store, cliActor(osActor(io), breach.organisationId), { breachId }),
            )
          : [];
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
}

export function registerCampaignCommands(cli: Command, io: Io): void {
  const campaign = new Command("campaign").description(
    "create, check, approve, start, follow, pause, resume or cancel a campaign",
  );
  const print: Print = (json, object, text) => io.stdout(json ? `${JSON.stringify(object)}\n` : `${text}\n`);
  registerCreate(campaign, io, print);
  registerCheck(campaign, io, print);
  registerSteps(campaign, io, print);
  registerStatus(campaign, io, print);
  registerList(campaign, io, print);
  cli.addCommand(campaign);
}
