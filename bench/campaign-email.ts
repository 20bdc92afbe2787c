/**
 * Benchmark: a first-notice campaign end to end on PostgreSQL with two `lekwijzer worker` processes — claim,
 * open the sealed victim, build the plan, compose and render the real message with DKIM on, SMTP to the
 * built-in outbox running as a separate process, record the outcome. `baseline` is a bare nodemailer pool of
 * the same total size sending the same rendered messages to the same outbox in the same run; `ratio` is the
 * platform's share of the transport ceiling. The outbox counts distinct Message-IDs, so the run also shows
 * that every victim was reached once.
 *
 * Run alone: node bench/run.ts campaign-email   (CAMPAIGN_VICTIMS, default 100,000; BENCH_DATABASE_URL)
 */
import { spawn } from "node:child_process";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { createInterface } from "node:readline";
import nodemailer from "nodemailer";
import pg from "pg";
import type { Language } from "../src/core/index.ts";
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
import type { BenchResult } from "./run.ts";

const VICTIMS = Number(process.env.CAMPAIGN_VICTIMS ?? 100_000);
const WORKERS = 2;
const CONNECTIONS_PER_WORKER = 8;
const SERVER = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

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

export async function run(): Promise<BenchResult> {
  const database = `lw_bench_${randomBytes(4).toString("hex")}`;
  await admin(`create database ${database}`);
  const target = new URL(SERVER);
  target.pathname = `/${database}`;
  const databaseUrl = target.toString();
  const secret = randomBytes(32);
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const profile = {
    ...SAMPLE_ORGANISATION,
    dkim: {
      domainName: "voorbeeldtelecom.nl",
      keySelector: "lekwijzer",
      privateKey: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    },
  };
  const outbox = spawn(
    process.execPath,
    [new URL("../src/delivery/outbox-main.ts", import.meta.url).pathname],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const lines = createInterface({ input: outbox.stdout })[Symbol.asyncIterator]();
  const { url } = JSON.parse(String((await lines.next()).value)) as { url: string };
  const handle = await openDatabase({ databaseUrl });
  const workers: ReturnType<typeof spawn>[] = [];
  try {
    await migrate(handle);
    const store = Object.assign(handle, { keys: createKeyring(secret) });
    const organisation = await organisations.create(store.db, { slug: "bench", name: profile.name });
    // As an operator would: the profile through its operation (the DKIM key sealed), the domain vouched for.
    const operator = operatorActor("bench", organisation.id);
    await setProfile(store, operator, {
      profile: { ...profile, dkim: { signer: "lekwijzer", ...profile.dkim } },
    });
    await verifyDomainByHand(store, operator, { domain: "voorbeeldtelecom.nl", reason: "benchmark" });
    const breach = await breaches.create(store.db, {
      organisationId: organisation.id,
      slug: "bench-breach",
      title: "Bench",
      facts: SAMPLE_BREACH as unknown as Record<string, unknown> & { awareAt: string },
    });
    const people = Array.from({ length: VICTIMS }, (_, i) => ({
      externalId: `b-${i}`,
      email: `person.${i}@${domainFor(i)}`,
      name: `Persoon ${i}`,
      language: (i % 9 === 0 ? "en" : "nl") as Language,
    }));
    await victims.insertBatch(store.db, store.keys, breach.id, people);

    // The baseline: the same kind of message (rendered once per person up front), a bare pool of the same size.
    const compiled = compileMessageSetup({ ...sampleSetup(), organisation: profile, breachId: breach.id });
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
      });
      return emailRenderer.render(message);
    });
    const bare = nodemailer.createTransport({
      pool: true,
      url,
      maxConnections: WORKERS * CONNECTIONS_PER_WORKER,
      maxMessages: 1e6,
    });
    const baselineCount = Math.min(VICTIMS, 20_000);
    let next = 0;
    const baselineStart = performance.now();
    await Promise.all(
      Array.from({ length: WORKERS * CONNECTIONS_PER_WORKER * 2 }, async () => {
        while (next < baselineCount) {
          const i = next++;
          const email = sample[i % sample.length] as (typeof sample)[number];
          await bare.sendMail({
            envelope: { from: "bounces@voorbeeldtelecom.nl", to: [`base.${i}@example.org`] },
            raw: email.eml,
          });
        }
      }),
    );
    const baseline = baselineCount / ((performance.now() - baselineStart) / 1000);
    bare.close();

    const campaign = await createCampaign(store, operatorActor("bench-creator", organisation.id), {
      breachId: breach.id,
      kind: "first-notice",
      setup: { texts: SAMPLE_TEXTS },
    });
    await checkCampaign(store, operatorActor("bench-creator", organisation.id), { campaignId: campaign.id });
    await actOnCampaign(store, operatorActor("bench-approver", organisation.id), {
      campaignId: campaign.id,
      step: "approve",
    });
    for (let w = 0; w < WORKERS; w++) {
      workers.push(
        spawn(process.execPath, [new URL("../src/cli/main.ts", import.meta.url).pathname, "worker"], {
          env: {
            ...process.env,
            DATABASE_URL: databaseUrl,
            LEKWIJZER_MASTER_SECRET: secret.toString("base64"),
            SMTP_URL: url,
            SMTP_MAX_CONNECTIONS: String(CONNECTIONS_PER_WORKER),
            EMAIL_RATE: "100000",
            WORKER_CONCURRENCY: "3",
            LOG_LEVEL: "error",
            LEKWIJZER_DEMO: "false",
          },
          stdio: ["ignore", "ignore", "inherit"],
        }),
      );
    }
    await sleep(3_000);
    const started = performance.now();
    await actOnCampaign(store, operatorActor("bench-approver", organisation.id), {
      campaignId: campaign.id,
      step: "start",
    });
    for (;;) {
      await sleep(500);
      const current = await campaigns.getAcrossOrganisations(store.db, campaign.id);
      if (current?.status === "done") break;
    }
    const rate = VICTIMS / ((performance.now() - started) / 1000);
    for (const worker of workers) worker.kill("SIGTERM");
    outbox.kill("SIGTERM");
    const counts = JSON.parse(String((await lines.next()).value)) as {
      messages: number;
      distinctMessageIds: number;
      duplicates: number;
    };
    return {
      bench: "campaign-email",
      rate,
      unit: "messages/s",
      baseline,
      ratio: rate / baseline,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      victims: VICTIMS,
      workers: WORKERS,
      messageBytes: Buffer.byteLength(sample[0]?.eml ?? ""),
      // The baseline cycles through its rendered sample, so its repeats are expected; the campaign's are not.
      campaignDistinct: counts.distinctMessageIds - sample.length,
      campaignDuplicates: counts.messages - baselineCount - (counts.distinctMessageIds - sample.length),
    };
  } finally {
    for (const worker of workers) worker.kill("SIGKILL");
    outbox.kill("SIGKILL");
    await handle.close();
    await admin(`drop database if exists ${database} with (force)`);
  }
}
