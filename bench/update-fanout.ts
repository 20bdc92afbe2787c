/**
 * Update e-mails at scale: `FANOUT_SUBSCRIBERS` confirmed subscribers (default 200,000) of one breach, one update
 * published, then the worker's fan-out (batches of 5,000) and its sending rounds (claim, a no-op provider that
 * accepts at once, record) until every mailing is sent: subscribers/s queued, mailings/s through the database
 * path, and how long one claim takes with the whole backlog queued. PostgreSQL with BENCH_DATABASE_URL, else
 * PGlite.
 */
import { performance } from "node:perf_hooks";
import { sql } from "kysely";
import type { EmailArtefact } from "../src/delivery/providers.ts";
import { SAMPLE_ORGANISATION } from "../src/messages/index.ts";
import {
  createUpdate,
  operatorActor,
  publishUpdate,
  setProfile,
  verifyDomainByHand,
} from "../src/operations/index.ts";
import { sendUpdateMail } from "../src/operations/update-mail.ts";
import { breaches, type Executor, organisations, updateMailings } from "../src/store/index.ts";
import { openTestDatabase, type TestDatabase } from "../src/store/testing.ts";
import type { BenchResult } from "./run.ts";

const N = Number(process.env.FANOUT_SUBSCRIBERS ?? 200_000);

export async function run(): Promise<BenchResult> {
  const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (url) process.env.TEST_DATABASE_URL = url;
  const engine = url ? "postgres" : "pglite";
  const db = await openTestDatabase(engine);
  try {
    return await measure(db, engine);
  } finally {
    await db.close();
  }
}

async function measure(db: TestDatabase, engine: string): Promise<BenchResult> {
  const ctx = { db: db.db, keys: db.keys, publicUrl: "https://lekwijzer.example.org" };
  const organisation = await organisations.create(db.db, { slug: "bench-org", name: "Bench" });
  const actor = operatorActor("bench", organisation.id);
  await setProfile(ctx, actor, { profile: { ...SAMPLE_ORGANISATION, dkim: { signer: "relay" } } });
  await verifyDomainByHand(ctx, actor, { domain: "voorbeeldtelecom.nl", reason: "bench" });
  const breach = await breaches.create(db.db, {
    organisationId: organisation.id,
    slug: "bench-breach",
    title: "Bench",
    facts: { awareAt: "2026-11-01T10:00:00Z" },
  });
  const e = db.db as Executor;
  // Victims and confirmed subscriptions straight in SQL: the bench measures the fan-out, not the sign-up.
  await sql`insert into victims (breach_id, external_id, language, reachable) select ${breach.id}, 'v' || g, 'nl', true from generate_series(1, ${N}) g`.execute(
    e,
  );
  const sealed = db.keys.seal(
    JSON.stringify({ email: "x@example.org", token: "t" }),
    "update-subscription:0",
  );
  await sql`insert into update_subscriptions (victim_id, breach_id, language, email_hash, unsubscribe_hash, key_id, sealed, confirm_due, confirmed_at)
  select id, breach_id, 'nl', 'h' || id, 'u' || id, ${db.keys.keyId}, ${sealed}, false, now() - interval '1 hour' from victims where breach_id = ${breach.id}`.execute(
    e,
  );
  // Each row's envelope must open under its own victim id: seal per row in batches.
  const ids = (
    await sql<{ id: string }>`select victim_id as id from update_subscriptions`.execute(e)
  ).rows.map((r) => r.id);
  for (let i = 0; i < ids.length; i += 5_000) {
    const part = ids.slice(i, i + 5_000);
    const values = part.map((id) =>
      db.keys.seal(
        JSON.stringify({ email: `p${id}@example.org`, token: "t".repeat(43) }),
        `update-subscription:${id}`,
      ),
    );
    await sql`update update_subscriptions s set sealed = v.sealed from unnest(${sql.val(part)}::bigint[], ${sql.val(values)}::text[]) as v(id, sealed) where s.victim_id = v.id`.execute(
      e,
    );
  }
  const update = await createUpdate(ctx, actor, {
    breachId: breach.id,
    title: { nl: "Nieuws" },
    body: { nl: "Het lek is dicht." },
  });
  let t = performance.now();
  await publishUpdate(ctx, actor, { breachId: breach.id, updateId: update.update.id });
  const publishMs = performance.now() - t;
  t = performance.now();
  while (((await updateMailings.expandFanout(db.db, 5_000)) ?? 0) > 0) {}
  const fanoutMs = performance.now() - t;
  t = performance.now();
  await updateMailings.claimMailings(db.db, db.keys, { limit: 50, leaseMs: 1 });
  const claimMs = performance.now() - t;
  await sql`update update_mailings set claimed_until = null`.execute(e);
  let sent = 0;
  const channels = {
    email: {
      channel: "email" as const,
      send: async (_: EmailArtefact) => ({ outcome: "sent" as const, providerId: String(++sent) }),
    },
  };
  t = performance.now();
  const limit = Math.min(N, 20_000);
  while (sent < limit) await sendUpdateMail(ctx, channels, { limit: 200, fanoutBatch: 5_000 });
  const sendMs = performance.now() - t;
  return {
    bench: `update-fanout-${engine}`,
    rate: Math.round(sent / (sendMs / 1000)),
    unit: "mailings/s",
    subscribers: N,
    publishMs: Math.round(publishMs),
    fanoutPerSecond: Math.round(N / (fanoutMs / 1000)),
    firstClaimMs: Math.round(claimMs * 10) / 10,
    mailingsMeasured: sent,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
}
