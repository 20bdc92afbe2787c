/**
 * Shows the plans PostgreSQL chooses for the sending engine's hot queries on a campaign of a million
 * deliveries, so anyone can check that each reads an index and none scans the campaign:
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node scripts/explain-delivery-queries.ts [ROWS]
 *
 * It works in a schema of its own, which it drops at the end. The rows are synthetic (no contact data): a
 * campaign part-way through, most rows sent, some queued in jobs, some due, some in workers' hands.
 */
import pg from "pg";
import { migrate, openDatabase } from "../src/store/index.ts";
import { scratchSchema } from "./_scratch-schema.ts";

const rows = Number(process.argv[2] ?? 1_000_000);
const { url, schema, drop } = await scratchSchema("lw_explain");
try {
  const handle = await openDatabase({ databaseUrl: url, schema });
  await migrate(handle);
  await handle.close();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`set search_path to ${schema}`);
  const q = (text: string, values: unknown[] = []) => client.query(text, values);
  const started = Date.now();
  await q(`create schema if not exists pgboss_explain`);
  await q(
    `create table if not exists pgboss_explain.job (id uuid primary key, name text not null, state text not null)`,
  );
  const org = (await q(`insert into organisations (slug, name) values ('explain', 'Explain') returning id`))
    .rows[0].id;
  const breach = (
    await q(
      `insert into breaches (organisation_id, slug, title, facts, aware_at) values ($1, 'b', 'B', '{}', now()) returning id`,
      [org],
    )
  ).rows[0].id;
  const campaign = (
    await q(
      `insert into campaigns (breach_id, kind, status, created_by) values ($1, 'first-notice', 'running', 'x') returning id`,
      [breach],
    )
  ).rows[0].id;
  await q(
    `insert into victims (breach_id, external_id, reachable) select $1, 'v' || i, true from generate_series(1, $2) i`,
    [breach, rows],
  );
  // 80 % sent; 15 % queued in the campaign's pool (two thirds of them already handed to jobs of 200, by
  // range); 4 % deferred, back from the pool (no job, not due); 1 % sending.
  await q(
    `insert into deliveries (campaign_id, victim_id, status, channel, channels, not_before, sent_at, message_id,
        reference, job_id, claimed_by, claimed_at)
     select $1, v.id,
       case when v.id % 100 < 80 then 'sent' when v.id % 100 < 99 then 'queued' else 'sending' end,
       'email', '{email,letter}',
       case when v.id % 100 between 95 and 98 then now() + interval '1 hour' else now() - interval '1 minute' end,
       case when v.id % 100 < 80 then now() - (v.id % 7200) * interval '1 second' end,
       '<' || v.id || '@explain.example>', 'LW-' || v.id,
       case when v.id % 100 between 80 and 94 then $1::uuid end,
       case when v.id % 100 = 99 then 'worker-1' end,
       case when v.id % 100 = 99 then now() end
     from victims v where v.breach_id = $2`,
    [campaign, breach],
  );
  await q(
    `update campaigns set enqueued_through = (select percentile_disc(0.66) within group (order by id)
       from deliveries where campaign_id = $1) where id = $1`,
    [campaign],
  );
  await q(
    `insert into delivery_jobs (id, campaign_id, size, first_id, last_id)
     select md5('job' || (d.id / 200))::uuid, d.campaign_id, 200, min(d.id), max(d.id)
     from deliveries d join campaigns c on c.id = d.campaign_id
     where d.job_id = d.campaign_id and d.id <= c.enqueued_through group by d.campaign_id, d.id / 200`,
  );
  // What autovacuum does in production: statistics, and the visibility map that index-only scans need.
  await q("vacuum analyze deliveries");
  await q("analyze");
  process.stdout.write(`${rows} deliveries ready in ${Math.round((Date.now() - started) / 1000)} s\n\n`);

  const sendingIds = (
    await q(
      "select array_agg(id) as ids from (select id from deliveries where status = 'sending' order by id limit 6) s",
    )
  ).rows[0]?.ids as string[];
  // The last element: a write, run inside a transaction that is rolled back so every query sees the same rows.
  const queries: [string, string, unknown[], "write"?][] = [
    [
      "claim a job's rows (deliveries.claim)",
      `select d.id from deliveries d where d.campaign_id = $1 and d.status = 'queued' and d.not_before <= now()
         and d.id = any($2::bigint[]) order by d.id limit 200 for update skip locked`,
      [campaign, ["1001", "1002", "1003"]],
    ],
    [
      "rows back in the queue to enqueue (deliveries.takeForEnqueue)",
      `select d.id from deliveries d where d.campaign_id = $1 and d.status = 'queued' and d.job_id is null
         and d.not_before <= now() order by d.not_before limit 10000 for update skip locked`,
      [campaign],
    ],
    [
      "the pool's next rows to enqueue (deliveries.takeForEnqueue)",
      `select d.id from deliveries d where d.job_id = $1::uuid and d.status = 'queued'
         and d.id > (select enqueued_through from campaigns where id = $1) order by d.id limit 10000`,
      [campaign],
    ],
    [
      "anything left to send? (deliveries.hasOpenWork)",
      `select id from deliveries where campaign_id = $1 and status in ('queued', 'sending') limit 1`,
      [campaign],
    ],
    [
      "progress by status and channel (deliveries.progress)",
      `select status, channel, count(*) from deliveries where campaign_id = $1 group by status, channel`,
      [campaign],
    ],
    [
      "sent in the last minute (deliveries.progress)",
      `select count(*) from deliveries where campaign_id = $1 and sent_at is not null
         and sent_at > now() - interval '60 seconds'`,
      [campaign],
    ],
    [
      "due now (deliveries.progress)",
      `select count(*) from deliveries where campaign_id = $1 and status = 'queued' and not_before <= now()`,
      [campaign],
    ],
    [
      "dead workers' rows (deliveries.requeueStale)",
      `select id from deliveries where status = 'sending' and claimed_at < now() - interval '120 seconds'`,
      [],
    ],
    [
      "rows of a finished pool job (deliveries.finishJobs)",
      `select d.id from deliveries d join delivery_jobs j on d.job_id = j.campaign_id
         and d.id between j.first_id and j.last_id
       where j.id = any($1::uuid[]) and j.first_id is not null and d.status = 'queued'`,
      [[(await q("select id from delivery_jobs order by first_id offset 1000 limit 1")).rows[0]?.id]],
    ],
    [
      "a batch's outcomes, six rows at once (deliveries.recordOutcomes)",
      `update deliveries d set status = 'sent', sent_at = now(), provider_id = 'relay-' || d.id,
         claimed_at = null, claimed_by = null, job_id = null, updated_at = now()
       from (select unnest($1::bigint[]) as id) v
       where d.id = v.id and d.claimed_by = $2
       returning d.id, (select c.status from campaigns c where c.id = d.campaign_id) as campaign_status`,
      [sendingIds, "worker-1"],
      "write",
    ],
    [
      "is another of the campaign's jobs still registered? (deliveries.hasJobs)",
      `select id from delivery_jobs where campaign_id = $1 limit 1`,
      [campaign],
    ],
    [
      "lost jobs (deliveries.orphanedJobs)",
      `select j.id from delivery_jobs j where j.created_at < now() - interval '5 minutes'
         and not exists (select 1 from pgboss_explain.job b where b.name = 'deliveries' and b.id = j.id
           and b.state in ('created', 'retry', 'active')) order by j.created_at limit 1000`,
      [],
    ],
    [
      "a bounce's delivery (deliveries.findByMessageId)",
      `select id from deliveries where message_id = $1 order by id desc limit 1`,
      ["<500@explain.example>"],
    ],
    [
      "a returned letter's delivery (deliveries.findByReference)",
      `select id from deliveries where reference = $1 order by id desc limit 1`,
      ["LW-500"],
    ],
  ];
  for (const [title, text, values, write] of queries) {
    if (write) await q("begin");
    const plan = await q(`explain (analyze, buffers off, costs off, timing on, summary on) ${text}`, values);
    if (write) await q("rollback");
    process.stdout.write(`-- ${title}\n${plan.rows.map((r) => r["QUERY PLAN"]).join("\n")}\n\n`);
  }
  await client.end();
} finally {
  await drop("pgboss_explain");
}
