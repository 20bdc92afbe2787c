/**
 * Benchmark: first-notice campaigns end to end on PostgreSQL with two `lekwijzer worker` processes — claim,
 * open the sealed victim, build the plan, compose and render the real message, SMTP to the built-in outbox
 * running as a separate process, record the outcome — for two organisations in one run:
 *
 * - `ratio`: the relay signs DKIM (the usual set-up: SES, Postmark, Mailgun and most relays sign with the
 *   sender's key), so Lekwijzer sends unsigned;
 * - `ratioSigned`: Lekwijzer signs with RSA-2048 (for relays that do not), the signatures made in libuv's
 *   thread pool so they use every core.
 *
 * Both are against the same `baseline`: a bare nodemailer pool of the same total size sending as many
 * pre-rendered messages as one campaign has victims to the same outbox, run before and after the campaigns
 * (the mean), so a cold or warm database favours neither side. The outbox counts distinct Message-IDs per
 * envelope sender, and the bench fails unless every victim of each campaign was reached exactly once.
 * `messageBytes` is the campaign's own first notice as received (the relay campaign's mean).
 *
 * Run alone: node bench/run.ts campaign-email   (CAMPAIGN_VICTIMS per campaign, default 40,000;
 * BENCH_DATABASE_URL; CAMPAIGN_WORKER_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", to profile the
 * workers; CAMPAIGN_WORKER_LOG=FILE to keep their warnings; CAMPAIGN_CONNECTIONS per worker, default 8, the
 * bare pool getting as many in all)
 */
import { spawn } from "node:child_process";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { openSync, readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { sql } from "kysely";
import nodemailer from "nodemailer";
import pg from "pg";
import type { Language } from "../src/core/index.ts";
import type { SenderCounts } from "../src/delivery/outbox.ts";
import {
  compileMessageSetup,
  composeMessage,
  emailRenderer,
  planForRecipient,
  SAMPLE_BREACH,
  SAMPLE_ORGANISATION,
  SAMPLE_TEXTS,
  sampleSetup,
} from "../src/messages/index.ts";
import {
  actOnCampaign,
  checkCampaign,
  createCampaign,
  operatorActor,
  setProfile,
  verifyDomainByHand,
} from "../src/operations/index.ts";
import {
  breaches,
  campaigns,
  createKeyring,
  migrate,
  openDatabase,
  organisations,
  victims,
} from "../src/store/index.ts";
import { MALLOC_ENV, NODE_FLAGS } from "./_command.ts";
import type { BenchResult } from "./run.ts";

type Organisation = typeof SAMPLE_ORGANISATION;

const VICTIMS = Number(process.env.CAMPAIGN_VICTIMS ?? 40_000);
const WORKERS = 2;
const CONNECTIONS_PER_WORKER = Number(process.env.CAMPAIGN_CONNECTIONS ?? 8);
const SERVER = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const BASELINE_SENDER = "bounces@baseline.example";
const WORKER_NODE_ARGS = (process.env.CAMPAIGN_WORKER_NODE_ARGS ?? "").split(" ").filter(Boolean);
/** A file for the workers' log at `warn` and above (what opens a circuit, what is deferred); else errors only. */
const WORKER_LOG = process.env.CAMPAIGN_WORKER_LOG;

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: SERVER });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * Receiving domains as a large Dutch breach has them: the big mailbox providers and a long tail of small ones.
 * Per-domain limits apply per provider, so one domain for everyone would measure only that one provider's cap.
 */
const BIG_PROVIDERS = [
  "gmail.com",
  "gmail.com",
  "gmail.com",
  "outlook.com",
  "hotmail.com",
  "ziggo.nl",
  "kpnmail.nl",
  "icloud.com",
];
function domainFor(i: number): string {
  return i % 4 === 3 ? `bedrijf-${i % 200}.nl` : (BIG_PROVIDERS[i % BIG_PROVIDERS.length] as string);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends SIGTERM and waits (at most `ms`) for the process to end. */
function stopped(child: ReturnType<typeof spawn>, ms: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

type Store = Awaited<ReturnType<typeof openDatabase>> & { keys: ReturnType<typeof createKeyring> };

/** An organisation as an operator sets it up: profile through its operation, domain vouched for, a breach. */
async function organisationWithBreach(
  store: Store,
  slug: string,
  profile: Organisation,
  dkim:
    | { signer: "relay" }
    | { signer: "lekwijzer"; domainName: string; keySelector: string; privateKey: string },
): Promise<{ organisationId: string; breachId: string }> {
  const organisation = await organisations.create(store.db, { slug, name: profile.name });
  const operator = operatorActor("bench", organisation.id);
  const { dkim: _sampleDkim, ...rest } = profile;
  await setProfile(store, operator, { profile: { ...rest, dkim } });
  await verifyDomainByHand(store, operator, { domain: profile.domains?.[0] ?? "", reason: "benchmark" });
  const breach = await breaches.create(store.db, {
    organisationId: organisation.id,
    slug: `${slug}-breach`,
    title: "Bench",
    facts: SAMPLE_BREACH as unknown as Record<string, unknown> & { awareAt: string },
  });
  const people = Array.from({ length: VICTIMS }, (_, i) => ({
    externalId: `b-${i}`,
    email: `person.${i}@${domainFor(i)}`,
    name: `Persoon ${i}`,
    language: (i % 9 === 0 ? "en" : "nl") as Language,
  }));
  for (let at = 0; at < people.length; at += 20_000)
    await victims.insertBatch(store.db, store.keys, breach.id, people.slice(at, at + 20_000));
  return { organisationId: organisation.id, breachId: breach.id };
}

/** Created by one person, checked, approved by a second: ready to start. */
async function approvedCampaign(store: Store, organisationId: string, breachId: string): Promise<string> {
  const campaign = await createCampaign(store, operatorActor("bench-creator", organisationId), {
    breachId,
    kind: "first-notice",
    setup: { texts: SAMPLE_TEXTS },
  });
  await checkCampaign(store, operatorActor("bench-creator", organisationId), { campaignId: campaign.id });
  await actOnCampaign(store, operatorActor("bench-approver", organisationId), {
    campaignId: campaign.id,
    step: "approve",
  });
  return campaign.id;
}

/** CPU time (user and system, ms) a process has used so far, from /proc; 0 once it is gone. */
function cpuMsOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}
const CLOCK_TICKS = 100;

/** Which processes' CPU a campaign is charged: the workers, the outbox and the bench database's backends. */
interface CpuParts {
  workers: number[];
  outbox: number;
  database: string;
}

async function cpuNow(store: Store, parts: CpuParts) {
  const backends = await sql<{ pid: number }>`
    select pid from pg_stat_activity where datname = ${parts.database}`.execute(store.db);
  const database = new Map(backends.rows.map((row) => [row.pid, cpuMsOf(row.pid)]));
  const counters = await sql<{ xact: string; written: string }>`
    select xact_commit::text as xact, (tup_inserted + tup_updated + tup_deleted)::text as written
    from pg_stat_database where datname = ${parts.database}`.execute(store.db);
  return {
    workers: parts.workers.reduce((sum, pid) => sum + cpuMsOf(pid), 0),
    outbox: cpuMsOf(parts.outbox),
    database,
    transactions: Number(counters.rows[0]?.xact ?? 0),
    rowsWritten: Number(counters.rows[0]?.written ?? 0),
  };
}

/** Milliseconds of CPU per message, per part, between two readings (backends present at both). */
function cpuPerMessage(
  before: Awaited<ReturnType<typeof cpuNow>>,
  after: Awaited<ReturnType<typeof cpuNow>>,
) {
  let database = 0;
  for (const [pid, ms] of after.database) database += ms - (before.database.get(pid) ?? 0);
  const per = (ms: number) => Math.round((ms / VICTIMS) * 1000) / 1000;
  return {
    workers: per(after.workers - before.workers),
    database: per(database),
    outbox: per(after.outbox - before.outbox),
    // What the database did per message: statements committed (each outside a transaction is one) and rows
    // inserted, updated or deleted, pg-boss's own included. Its statistics lag by up to half a second.
    transactions: per(after.transactions - before.transactions),
    rowsWritten: per(after.rowsWritten - before.rowsWritten),
  };
}

/**
 * Starts the campaign and waits until it is done: messages per second from start to done, and the CPU each
 * part spent per message (a machine shared with other work changes the rate far more than these).
 */
async function sendCampaign(
  store: Store,
  organisationId: string,
  campaignId: string,
  parts: CpuParts,
): Promise<{ rate: number; cpuMsPerMessage: ReturnType<typeof cpuPerMessage> }> {
  const cpuBefore = await cpuNow(store, parts);
  const started = performance.now();
  await actOnCampaign(store, operatorActor("bench-approver", organisationId), { campaignId, step: "start" });
  for (;;) {
    await sleep(250);
    const current = await campaigns.getAcrossOrganisations(store.db, campaignId);
    if (current?.status === "done") break;
  }
  const rate = VICTIMS / ((performance.now() - started) / 1000);
  await sleep(1_000); // the statistics collector's last report
  return { rate, cpuMsPerMessage: cpuPerMessage(cpuBefore, await cpuNow(store, parts)) };
}

/** The transport ceiling: a bare pool of the workers' total size sends VICTIMS pre-rendered messages. */
async function sendBare(url: string, sample: readonly string[]): Promise<number> {
  const bare = nodemailer.createTransport({
    pool: true,
    url,
    maxConnections: WORKERS * CONNECTIONS_PER_WORKER,
    maxMessages: 1e6,
  });
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: WORKERS * CONNECTIONS_PER_WORKER * 2 }, async () => {
      while (next < VICTIMS) {
        const i = next++;
        await bare.sendMail({
          envelope: { from: BASELINE_SENDER, to: [`base.${i}@example.org`] },
          raw: sample[i % sample.length] as string,
        });
      }
    }),
  );
  const rate = VICTIMS / ((performance.now() - started) / 1000);
  bare.close();
  return rate;
}

/** Every victim reached exactly once, and signed or not as the organisation chose; else the bench fails. */
function reachedOnce(name: string, counts: SenderCounts | undefined, signed: boolean): SenderCounts {
  if (!counts) throw new Error(`${name}: the outbox received nothing`);
  const problems = [
    counts.messages !== VICTIMS && `${counts.messages} messages for ${VICTIMS} victims`,
    counts.distinctMessageIds !== VICTIMS && `${counts.distinctMessageIds} distinct Message-IDs`,
    counts.duplicates !== 0 && `${counts.duplicates} duplicates`,
    counts.signed !== (signed ? VICTIMS : 0) && `${counts.signed} DKIM-signed`,
  ].filter(Boolean);
  if (problems.length > 0) throw new Error(`${name}: ${problems.join(", ")}`);
  return counts;
}

export async function run(): Promise<BenchResult> {
  const database = `lw_bench_${randomBytes(4).toString("hex")}`;
  await admin(`create database ${database}`);
  const target = new URL(SERVER);
  target.pathname = `/${database}`;
  const databaseUrl = target.toString();
  const secret = randomBytes(32);
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const relayProfile: Organisation = SAMPLE_ORGANISATION;
  const signedProfile: Organisation = {
    ...SAMPLE_ORGANISATION,
    name: "Voorbeeld Energie BV",
    senderEmail: "datalek@voorbeeldenergie.nl",
    domains: ["voorbeeldenergie.nl"],
    website: "voorbeeldenergie.nl/datalek",
    dpo: { name: "Privacy-adviseur", email: "fg@voorbeeldenergie.nl" },
  };
  const outbox = spawn(
    process.execPath,
    [new URL("../src/delivery/outbox-main.ts", import.meta.url).pathname],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const lines = createInterface({ input: outbox.stdout })[Symbol.asyncIterator]();
  const { url } = JSON.parse(String((await lines.next()).value)) as { url: string };
  const handle = await openDatabase({ databaseUrl });
  const workers: ReturnType<typeof spawn>[] = [];
  const workerLog = WORKER_LOG ? openSync(WORKER_LOG, "a") : undefined;
  try {
    await migrate(handle);
    const store: Store = Object.assign(handle, { keys: createKeyring(secret) });
    const relay = await organisationWithBreach(store, "bench-relay", relayProfile, { signer: "relay" });
    const signed = await organisationWithBreach(store, "bench-signed", signedProfile, {
      signer: "lekwijzer",
      domainName: "voorbeeldenergie.nl",
      keySelector: "lekwijzer",
      privateKey: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    });
    const relayCampaign = await approvedCampaign(store, relay.organisationId, relay.breachId);
    const signedCampaign = await approvedCampaign(store, signed.organisationId, signed.breachId);

    // The baseline's messages: first notices of the same setup, rendered once up front.
    const compiled = compileMessageSetup({
      ...sampleSetup(),
      organisation: relayProfile,
      breachId: relay.breachId,
    });
    const sample = Array.from({ length: 500 }, (_, i) => {
      const recipient = {
        id: `base-${i}`,
        email: `person.${i}@example.org`,
        name: `Persoon ${i}`,
        language: "nl" as const,
        categories: [],
        flags: [],
      };
      const message = composeMessage(compiled, {
        recipient,
        plan: planForRecipient(compiled.setup.breach, recipient),
        kind: "first-notice",
        verificationCode: "K7QX-M3PA-9RTW-XH4C",
        personalCode: "M3PA-K7QX-XH4C-9RTW",
      });
      return emailRenderer.render(message).eml;
    });

    for (let w = 0; w < WORKERS; w++) {
      workers.push(
        spawn(
          process.execPath,
          // As `lekwijzer worker` runs: the command's V8 flags and allocator settings.
          [
            ...NODE_FLAGS,
            ...WORKER_NODE_ARGS,
            new URL("../src/cli/main.ts", import.meta.url).pathname,
            "worker",
          ],
          {
            env: {
              ...process.env,
              ...MALLOC_ENV,
              DATABASE_URL: databaseUrl,
              LEKWIJZER_MASTER_SECRET: secret.toString("base64"),
              SMTP_URL: url,
              SMTP_MAX_CONNECTIONS: String(CONNECTIONS_PER_WORKER),
              EMAIL_RATE: "100000",
              // The per-domain limits are taken and reported for every message as in production, but set above
              // what the sink takes, so the bench measures the engine rather than a provider's warm-up from
              // DOMAIN_RATE (20/s, +2/s per 20 sent, at most 200/s: Google's share alone would cap a run at
              // ~700 messages/s). The outbox receives everything itself: no MX look-ups.
              DOMAIN_RATE: "5000",
              DOMAIN_MAX_RATE: "5000",
              DOMAIN_CONCURRENCY: "64",
              DOMAIN_MAX_CONCURRENCY: "64",
              MX_LOOKUP: "false",
              WORKER_CONCURRENCY: "3",
              LOG_LEVEL: WORKER_LOG ? "warn" : "error",
              LEKWIJZER_DEMO: "false",
            },
            stdio: ["ignore", workerLog ?? "ignore", "inherit"],
          },
        ),
      );
    }
    await sleep(3_000);
    const baselineBefore = await sendBare(url, sample);
    const parts: CpuParts = {
      workers: workers.map((worker) => worker.pid ?? 0),
      outbox: outbox.pid ?? 0,
      database,
    };
    const relayRun = await sendCampaign(store, relay.organisationId, relayCampaign, parts);
    const signedRun = await sendCampaign(store, signed.organisationId, signedCampaign, parts);
    const rate = relayRun.rate;
    const rateSigned = signedRun.rate;
    const baselineAfter = await sendBare(url, sample);
    const baseline = (baselineBefore + baselineAfter) / 2;
    // Workers stop as in production (a profile asked for with CAMPAIGN_WORKER_NODE_ARGS is written then).
    await Promise.all(
      workers.map((worker) => stopped(worker, WORKER_NODE_ARGS.length > 0 ? 120_000 : 15_000)),
    );
    outbox.kill("SIGTERM");
    const counts = JSON.parse(String((await lines.next()).value)) as {
      bySender: Record<string, SenderCounts>;
    };
    const relayCounts = reachedOnce(
      "relay-signed campaign",
      counts.bySender[relayProfile.senderEmail],
      false,
    );
    reachedOnce("Lekwijzer-signed campaign", counts.bySender[signedProfile.senderEmail], true);
    return {
      bench: "campaign-email",
      rate,
      unit: "messages/s",
      baseline,
      ratio: rate / baseline,
      rateSigned,
      ratioSigned: rateSigned / baseline,
      baselineBefore,
      baselineAfter,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      victims: VICTIMS,
      workers: WORKERS,
      messageBytes: Math.round(relayCounts.bytes / relayCounts.messages),
      reachedOnce: true,
      cpuMsPerMessage: relayRun.cpuMsPerMessage,
      cpuMsPerMessageSigned: signedRun.cpuMsPerMessage,
    };
  } finally {
    for (const worker of workers) worker.kill("SIGKILL");
    outbox.kill("SIGKILL");
    await handle.close();
    await admin(`drop database if exists ${database} with (force)`);
  }
}
