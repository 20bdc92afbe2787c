/**
 * Crash safety on real PostgreSQL with two `lekwijzer worker` processes: while a campaign is sent, a worker is
 * killed with SIGKILL three times (and restarted). Every victim must still be reached, counted by distinct
 * Message-ID at the SMTP sink; the only duplicates allowed are messages that were on the wire at a kill, and
 * each repeats its original's Message-ID. Needs TEST_DATABASE_URL (CI sets it).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  actOnCampaign,
  type CountingSink,
  campaignStatus,
  checkCampaign,
  countingSink,
  createCampaign,
  type Outbox,
  startOutbox,
} from "../src/delivery/index.ts";
import { SAMPLE_BREACH, SAMPLE_ORGANISATION, SAMPLE_TEXTS } from "../src/messages/index.ts";
import {
  breaches,
  createKeyring,
  type DatabaseHandle,
  type Keyring,
  migrate,
  openDatabase,
  organisations,
  victims,
} from "../src/store/index.ts";

const url = process.env.TEST_DATABASE_URL;
const VICTIMS = 1_500;
const KILLS = 3;
const MAIN = fileURLToPath(new URL("../src/cli/main.ts", import.meta.url));

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!url)("crash safety with two worker processes on PostgreSQL", () => {
  const database = `lw_crash_${randomBytes(4).toString("hex")}`;
  const secret = randomBytes(32);
  let databaseUrl: string;
  let store: DatabaseHandle & { keys: Keyring };
  let outbox: Outbox;
  let sink: CountingSink;
  const workers = new Set<ChildProcess>();

  function startWorker(): ChildProcess {
    const child = spawn(process.execPath, [MAIN, "worker"], {
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        LEKWIJZER_MASTER_SECRET: secret.toString("base64"),
        SMTP_URL: outbox.url,
        SMTP_MAX_CONNECTIONS: "4",
        EMAIL_RATE: "250",
        DELIVERY_LEASE_SECONDS: "3",
        LOG_LEVEL: "error",
        LEKWIJZER_DEMO: "false",
      },
      stdio: ["ignore", "ignore", "inherit"],
    });
    workers.add(child);
    child.on("exit", () => workers.delete(child));
    return child;
  }

  beforeAll(async () => {
    if (!url) return;
    await admin(`create database ${database}`);
    const target = new URL(url);
    target.pathname = `/${database}`;
    databaseUrl = target.toString();
    const handle = await openDatabase({ databaseUrl });
    await migrate(handle);
    store = Object.assign(handle, { keys: createKeyring(secret) });
    sink = countingSink();
    outbox = await startOutbox({ sink });
  }, 60_000);

  afterAll(async () => {
    for (const child of workers) child.kill("SIGKILL");
    await outbox?.close();
    await store?.close();
    if (url) await admin(`drop database if exists ${database} with (force)`);
  }, 60_000);

  it(`reaches all ${VICTIMS} victims exactly once apart from messages in flight at ${KILLS} kills`, async () => {
    const organisation = await organisations.create(store.db, {
      slug: "crash-test",
      name: SAMPLE_ORGANISATION.name,
      profile: SAMPLE_ORGANISATION,
    });
    const breach = await breaches.create(store.db, {
      organisationId: organisation.id,
      slug: "crash-test-breach",
      title: "Crash test",
      facts: SAMPLE_BREACH as unknown as Record<string, unknown> & { awareAt: string },
    });
    await victims.insertBatch(
      store.db,
      store.keys,
      breach.id,
      Array.from({ length: VICTIMS }, (_, i) => ({
        externalId: `c-${i}`,
        email: `person.${i}@example.org`,
        name: `Persoon ${i}`,
        language: "nl" as const,
      })),
    );
    const campaign = await createCampaign(store, {
      organisationId: organisation.id,
      breachId: breach.id,
      kind: "first-notice",
      setup: { texts: SAMPLE_TEXTS },
      actor: "creator",
    });
    await checkCampaign(store, organisation.id, campaign.id, "creator");
    await actOnCampaign(store, organisation.id, campaign.id, "approve", "approver");
    await actOnCampaign(store, organisation.id, campaign.id, "start", "approver");

    startWorker();
    startWorker();
    let kills = 0;
    const deadline = Date.now() + 150_000;
    let status = await campaignStatus(store, organisation.id, campaign.id);
    while (status.campaign.status !== "done" && Date.now() < deadline) {
      await sleep(1_000);
      const counts = sink.counts();
      // Kill while sending is under way: after some messages arrived and before the end.
      if (kills < KILLS && counts.messages > (VICTIMS / (KILLS + 2)) * (kills + 1)) {
        const victim = [...workers][0];
        victim?.kill("SIGKILL");
        kills += 1;
        startWorker();
      }
      status = await campaignStatus(store, organisation.id, campaign.id);
    }
    const counts = sink.counts();
    console.info(
      `crash test: ${kills} kills, ${counts.messages} messages at the sink, ${counts.distinctMessageIds} distinct, ${counts.duplicates} duplicates`,
    );
    expect(kills).toBe(KILLS);
    expect(status.campaign.status).toBe("done");
    expect(status.progress.byStatus.sent).toBe(VICTIMS);
    expect(counts.distinctMessageIds).toBe(VICTIMS);
    // In flight at a kill: at most the worker's concurrent sends (SMTP pool × 2) per kill.
    expect(counts.duplicates).toBeLessThanOrEqual(KILLS * 4 * 2);
  }, 200_000);
});
