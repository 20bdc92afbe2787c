/**
 * The demo at national scale: many invented people added to the demo's large breach in batches — after
 * start-up in the background, so the server answers first (`LEKWIJZER_DEMO_VICTIMS`), or on demand with
 * `lekwijzer demo --victims N` — and then a first notice to everyone not yet told, which the worker sends while
 * a new user watches the campaign's dashboard. Every person is invented; addresses use example.org.
 */
import { SingleBar } from "cli-progress";
import type { Logger } from "pino";
import {
  actOnCampaign,
  approvalPreview,
  checkCampaign,
  createCampaign,
  keyActor,
  type OperationContext,
} from "../operations/index.ts";
import { audit, breaches, organisations, transaction, victims } from "../store/index.ts";
import { DEMO_BREACH_SLUG, DEMO_ORGANISATION_SLUG, demoVictims } from "./demo.ts";
import type { Io } from "./io.ts";
import { type StoreSession, withStore } from "./store-session.ts";

const BATCH = 5_000;
const PREFIX = "BULK";

export interface DemoBulkProgress {
  added: number;
  wanted: number;
}

/** The demo breach, or a clear error when this database has no demo. */
async function demoBreach(store: StoreSession): Promise<{ organisationId: string; breachId: string }> {
  const organisation = await organisations.getBySlug(store.db, DEMO_ORGANISATION_SLUG);
  const breach = organisation
    ? await breaches.getBySlug(store.db, organisation.id, DEMO_BREACH_SLUG)
    : undefined;
  if (!organisation || !breach)
    throw new Error(
      `No demo here: organisation ${DEMO_ORGANISATION_SLUG} has no breach ${DEMO_BREACH_SLUG}.`,
    );
  return { organisationId: organisation.id, breachId: breach.id };
}

/**
 * Adds `count` invented people to the demo breach, each batch in its own transaction (a stop loses at most the
 * batch in hand; the next run goes on after the last one stored), with a personal code each, as an import gives.
 */
export async function addDemoVictims(
  store: StoreSession,
  count: number,
  onProgress: (progress: DemoBulkProgress) => void = () => {},
  stopped: () => boolean = () => false,
): Promise<number> {
  const { breachId } = await demoBreach(store);
  const from = await victims.countWithExternalPrefix(store.db, breachId, `${PREFIX}-`);
  let added = 0;
  while (added < count && !stopped()) {
    const size = Math.min(BATCH, count - added);
    const rows = demoVictims(size, from + added, PREFIX);
    await transaction(store.db, (tx) =>
      victims.insertBatch(tx, store.keys, breachId, rows, { issueCodes: true }),
    );
    added += size;
    onProgress({ added, wanted: count });
  }
  await audit.append(store.db, store.keys, {
    actor: "system",
    action: "demo.victims-added",
    subject: breachId,
    details: { victims: added },
  });
  return added;
}

/** A first notice to every demo person not yet reached, made and approved by two demo key holders. */
export async function notifyUnreached(ctx: OperationContext, store: StoreSession): Promise<string> {
  const { organisationId, breachId } = await demoBreach(store);
  const writer = keyActor({ holder: "Demo privacy officer", organisationId, scope: "write" });
  const sender = keyActor({ holder: "Demo incident lead", organisationId, scope: "send" });
  const { SAMPLE_TEXTS } = await import("../messages/index.ts");
  const campaign = await createCampaign(ctx, writer, {
    breachId,
    kind: "first-notice",
    selection: { notReached: true },
    setup: { texts: SAMPLE_TEXTS },
  });
  await checkCampaign(ctx, writer, { campaignId: campaign.id });
  const { digest } = await approvalPreview(ctx, sender, { campaignId: campaign.id });
  await actOnCampaign(ctx, sender, { campaignId: campaign.id, step: "approve", expectedDigest: digest });
  await actOnCampaign(ctx, sender, { campaignId: campaign.id, step: "start" });
  return campaign.id;
}

/**
 * After start-up: the bulk of the demo's people, in the background, with progress in the log; then their first
 * notice. A failure is logged and leaves the demo as it was; the server goes on either way.
 */
export function startDemoBulk(
  store: StoreSession,
  ctx: OperationContext,
  count: number,
  logger: Logger,
): { stop(): Promise<void> } {
  let reported = 0;
  let stopping = false;
  const progress = ({ added, wanted }: DemoBulkProgress) => {
    // About ten lines for the whole load, whatever its size.
    if (added - reported < wanted / 10 && added !== wanted) return;
    reported = added;
    logger.info(
      { added, wanted },
      `demo: ${added.toLocaleString("en")} of ${wanted.toLocaleString("en")} people loaded`,
    );
  };
  const running = (async () => {
    logger.info({ victims: count }, "demo: adding invented people to the demo breach in the background");
    const added = await addDemoVictims(store, count, progress, () => stopping);
    if (stopping || added === 0) return;
    const campaignId = await notifyUnreached(ctx, store);
    logger.info(
      { campaignId },
      "demo: first notice to the added people started: follow it on its console page",
    );
  })().catch((error: unknown) => logger.warn({ err: error }, "demo: adding people failed"));
  return {
    async stop() {
      stopping = true;
      await running;
    },
  };
}

/** `lekwijzer demo --victims N [--notify]`: the same on demand, with a progress bar on the terminal. */
export async function runDemoCommand(io: Io, options: { victims: number; notify?: boolean }): Promise<void> {
  await withStore(async (store) => {
    const bar = new SingleBar({ format: "{bar} {value}/{total} people", stream: process.stderr });
    bar.start(options.victims, 0);
    const added = await addDemoVictims(store, options.victims, ({ added: n }) => bar.update(n));
    bar.stop();
    io.stdout(`Added ${added} invented people to the demo breach.\n`);
    if (!options.notify) return;
    const campaignId = await notifyUnreached(store, store);
    io.stdout(`First notice to everyone not yet told: campaign ${campaignId} (a worker sends it).\n`);
  });
}
