/**
 * Per-receiving-domain-group sending limits shared by every worker: one row per group (`microsoft`,
 * `google`, a company's own mail host …) holding the adaptive controller's state of delivery/rate.ts —
 * rate, concurrency, token bucket, back-off, streaks — so that N workers together send a provider what one
 * would, and a 421 seen by one slows them all.
 *
 * Every change is one statement under the group row's lock, with the database clock (workers on machines
 * with skewed clocks agree). The rules are those of `acquire` / `release` in delivery/rate.ts, written out
 * in SQL so that a take or a report is one round trip; the store's tests replay random sequences through
 * both and require the same states, so rate.ts stays the one definition of the rule.
 *
 * Concurrency slots are leases kept in the group row itself (`leases`: lease id → expiry in ms), not a
 * counter and not a row per slot. A counter leaks a slot whenever a worker dies between take and report; a
 * table of lease rows would be counted by a subquery that reads the statement's snapshot rather than under
 * the group row's lock, so two workers could both see "3 of 4 slots taken" and both take the fourth. In the
 * row, slots are counted under the same lock as the tokens. A take drops expired leases, so a dead worker's
 * slots come back after the lease; a live worker renews its leases (`renew`) while its sends last. The map
 * holds at most the group's concurrency of live entries (≤ 20 by default).
 *
 * Times are milliseconds since the epoch as double precision (like rate_buckets), so tests can pass `now`.
 */

import { type RawBuilder, sql } from "kysely";
import type { DomainLimitSettings } from "../core/index.ts";
import { type Executor, PREPARED, preparedArray } from "./engine.ts";

export type { DomainLimitSettings };

export interface DomainLimitTake {
  /** The group; its row is created with the initial settings on first use. */
  group: string;
  /** Names the slot taken on success: unique per send in flight (e.g. `holder:sequence`). */
  lease: string;
  /** The slot is free again this long after the take unless renewed. */
  leaseMs: number;
  settings: DomainLimitSettings;
  /** Milliseconds since the epoch; for tests. Default: the database clock. */
  now?: number;
}

export type DomainLimitVerdict = "ok" | "backoff" | "concurrency" | "rate";

export interface DomainLimitTakeResult {
  verdict: DomainLimitVerdict;
  /** When not ok: milliseconds (database clock) until it is worth asking again. */
  waitMs: number;
}

export interface DomainLimitReport {
  group: string;
  /** The lease taken with the send; its slot is freed. */
  lease: string | null;
  outcome: "sent" | "deferred" | "rejected";
  /** The provider's own hint for a deferral (never back off less than this). */
  retryAfterMs?: number;
  settings: DomainLimitSettings;
  now?: number;
}

export interface DomainLimitState {
  group: string;
  concurrency: number;
  rate: number;
  tokens: number;
  refilledMs: number;
  backoffUntilMs: number;
  deferralsInRow: number;
  successesInRow: number;
  /** Leases not yet expired at `now` (default: the database clock). */
  inFlight: number;
  sent: number;
  deferred: number;
  rejected: number;
}

/** For the migration that creates it. */
export const CREATE_DOMAIN_LIMITS_TABLE = `create table domain_limits (
  group_key text primary key,
  concurrency integer not null check (concurrency >= 1),
  rate double precision not null check (rate > 0),
  tokens double precision not null check (tokens >= 0),
  refilled_ms double precision not null,
  backoff_until_ms double precision not null default 0,
  deferrals_in_row integer not null default 0,
  successes_in_row integer not null default 0,
  leases jsonb not null default '{}',
  sent bigint not null default 0,
  deferred bigint not null default 0,
  rejected bigint not null default 0,
  updated_at timestamptz not null default now()
)`;

function clock(now: number | undefined): RawBuilder<unknown> {
  return sql`(select coalesce(${now ?? null}::float8, extract(epoch from clock_timestamp()) * 1000) as now_ms)`;
}

/**
 * `asked`: the leases a statement asks for, numbered per group in the order asked, so a grant of k takes the
 * first k.
 */
function askedLeases(requests: readonly { group: string; leases: readonly string[] }[]): RawBuilder<unknown> {
  const flat = requests.flatMap((r) => r.leases.map((lease, i) => ({ group: r.group, lease, n: i + 1 })));
  const groups = preparedArray(
    flat.map((f) => f.group),
    "text",
  );
  const leases = preparedArray(
    flat.map((f) => f.lease),
    "text",
  );
  const order = preparedArray(
    flat.map((f) => f.n),
    "int",
  );
  return sql`asked as (select * from unnest(${groups}, ${leases}, ${order}) as a(group_key, lease, n))`;
}

/**
 * `cur`: the groups' rows with the clock, locked in the order of their keys, so two workers asking for
 * overlapping groups never wait on each other in a circle.
 */
function lockedRows(groups: readonly string[], now: number | undefined): RawBuilder<unknown> {
  return sql`cur as (
        select d.*, c.now_ms from domain_limits d cross join ${clock(now)} c
        where d.group_key in (select unnest(${preparedArray([...groups], "text")})) order by d.group_key for update of d
      )`;
}

/**
 * A group's leases that are still held (`keep` decides, per entry `l`) and how many, read in one pass. The
 * statements use both; asked for apart, each use rebuilt the map, and a round's cost per group was 60 µs of
 * the server's CPU instead of 23 (16 leases a group; scripts/limiter-round-cost.ts).
 */
function liveLeases(leases: RawBuilder<unknown>, keep: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`select coalesce(jsonb_object_agg(l.key, l.value), '{}'::jsonb) as live_leases,
      count(*)::int as in_flight
    from jsonb_each(${leases}) l where ${keep}`;
}

/** `name`: each group's named leases, one row per (group_key, lease). */
function leasesOf(
  name: "gone" | "held",
  leases: readonly { group: string; leases: readonly (string | null)[] }[],
): RawBuilder<unknown> {
  const flat = leases.flatMap((g) =>
    g.leases.filter((l): l is string => l !== null).map((lease) => ({ group: g.group, lease })),
  );
  const groups = preparedArray(
    flat.map((f) => f.group),
    "text",
  );
  const names = preparedArray(
    flat.map((f) => f.lease),
    "text",
  );
  return sql`${sql.raw(name)} as (select * from unnest(${groups}, ${names}) as l(group_key, lease))`;
}

/** `locked`: the groups' keys, their rows locked in key order (as `cur` locks them) before any is updated. */
function lockedGroups(groups: readonly string[]): RawBuilder<unknown> {
  return sql`locked as materialized (
        select d.group_key from domain_limits d where d.group_key in (select unnest(${preparedArray([...new Set(groups)], "text")}))
        order by d.group_key for update
      )`;
}

interface TakeRow {
  group_key: string;
  verdict: DomainLimitVerdict;
  granted: number;
  now_ms: number;
  backoff_until_ms: number;
  refilled: number;
  rate: number;
}

/** `take` for several sends to one group at once (see `takeMany`). */
export interface DomainLimitTakeMany extends Omit<DomainLimitTake, "lease"> {
  /** One per send, in the order they asked; the first `granted` of them are taken. */
  leases: readonly string[];
}

export interface DomainLimitTakeManyResult {
  /** How many of the leases were taken (the first ones). */
  granted: number;
  /** Why the rest were not, and how long until it is worth asking again (0 when all were taken). */
  verdict: DomainLimitVerdict;
  waitMs: number;
}

/**
 * May one more message go to this group now? On `ok` a token and a concurrency slot (the lease) are taken;
 * report the send with `report` later. Mirrors rate.ts `acquire`: back-off first, then the slots, then the
 * bucket (burst = the group's concurrency). A refusal changes nothing.
 */
async function take(db: Executor, t: DomainLimitTake): Promise<DomainLimitTakeResult> {
  const { lease, ...rest } = t;
  const result = await takeMany(db, { ...rest, leases: [lease] });
  return { verdict: result.verdict, waitMs: result.waitMs };
}

/**
 * `take` for several sends at once, in one statement: the same as as many `take`s one after another at one
 * instant (rate.ts `acquire` repeated), so the first leases are granted while a slot and a whole token are
 * left, and none during a back-off.
 */
async function takeMany(db: Executor, t: DomainLimitTakeMany): Promise<DomainLimitTakeManyResult> {
  const { group, leases, ...rest } = t;
  const answers = await takeGroups(db, { ...rest, requests: [{ group, leases }] });
  return answers.get(group) ?? { granted: 0, verdict: "ok", waitMs: 0 };
}

/** `takeMany` for several groups in one statement; each group as if alone. */
export interface DomainLimitTakeGroups extends Omit<DomainLimitTake, "lease" | "group"> {
  /** One per group (groups distinct); each group's leases in the order its sends asked. */
  requests: readonly { group: string; leases: readonly string[] }[];
}

/**
 * `takeMany` for several groups in one round trip. The group rows are locked in the order of their keys, so
 * two workers taking for overlapping groups never wait on each other in a circle; `for update` waits for
 * each row and reads its newest version, and the update writes exactly that version, so concurrent takers
 * are serialised on every row.
 */
async function takeGroups(
  db: Executor,
  t: DomainLimitTakeGroups,
): Promise<Map<string, DomainLimitTakeManyResult>> {
  const answers = new Map<string, DomainLimitTakeManyResult>();
  let requests = t.requests.filter((r) => r.leases.length > 0);
  for (const r of t.requests)
    if (r.leases.length === 0) answers.set(r.group, { granted: 0, verdict: "ok", waitMs: 0 });
  for (let round = 0; requests.length > 0; round += 1) {
    const rows = await takeStatement(db, t, requests);
    for (const row of rows) answers.set(row.group_key, answerOf(row));
    const missing = requests.filter((r) => !answers.has(r.group));
    if (missing.length > 0 && round > 0)
      throw new Error(`domain limit ${missing[0]?.group}: the take returned no row`);
    await ensureGroups(
      db,
      missing.map((r) => r.group),
      t.settings,
      t.now,
    );
    requests = missing;
  }
  return answers;
}

function answerOf(row: TakeRow): DomainLimitTakeManyResult {
  const verdict = row.verdict;
  const granted = Number(row.granted);
  const waitMs =
    verdict === "ok"
      ? 0
      : verdict === "backoff"
        ? Math.max(0, Number(row.backoff_until_ms) - Number(row.now_ms))
        : verdict === "concurrency"
          ? // A freed slot comes with a report; a short nap is enough for a scheduler that polls (as rate.ts).
            50
          : Math.ceil((Math.max(0, 1 - (Number(row.refilled) - granted)) * 1000) / Number(row.rate));
  return { granted, verdict, waitMs };
}

async function takeStatement(
  db: Executor,
  t: DomainLimitTakeGroups,
  requests: readonly { group: string; leases: readonly string[] }[],
): Promise<TakeRow[]> {
  const groups = requests.map((r) => r.group);
  const wanted = preparedArray(
    requests.map((r) => r.leases.length),
    "int",
  );
  const { rows } = await sql<TakeRow>`${PREPARED}with req as (
        select * from unnest(${preparedArray(groups, "text")}, ${wanted}) as r(group_key, wanted)
      ),
      ${askedLeases(requests)},
      ${lockedRows(groups, t.now)},
      counted as materialized (
        select cur.*, req.wanted, live.live_leases, live.in_flight,
          least(cur.concurrency::float8,
                cur.tokens + greatest(0, cur.now_ms - cur.refilled_ms) * cur.rate / 1000) as refilled
        from cur join req on req.group_key = cur.group_key
          cross join lateral (${liveLeases(sql`cur.leases`, sql`(l.value)::float8 > cur.now_ms`)}) live
      ),
      granting as (
        select counted.*,
          case when counted.now_ms < counted.backoff_until_ms then 0
               else greatest(0, least(counted.wanted, counted.concurrency - counted.in_flight,
                                      floor(counted.refilled + 1e-9)::int)) end as granted
        from counted
      ),
      decision as (
        select granting.*,
          case when granting.granted = granting.wanted then 'ok'
               when granting.now_ms < granting.backoff_until_ms then 'backoff'
               when granting.in_flight + granting.granted >= granting.concurrency then 'concurrency'
               else 'rate' end as verdict
        from granting
      ),
      taken as (
        update domain_limits d set
          tokens = greatest(0, decision.refilled - decision.granted),
          refilled_ms = greatest(decision.refilled_ms, decision.now_ms),
          leases = decision.live_leases || (select jsonb_object_agg(a.lease, decision.now_ms + ${t.leaseMs}::float8)
            from asked a where a.group_key = decision.group_key and a.n <= decision.granted),
          updated_at = now()
        from decision
        where d.group_key = decision.group_key and decision.granted > 0
        returning d.group_key
      )
      select group_key, verdict, granted, now_ms, backoff_until_ms, refilled, rate from decision`.execute(db);
  return rows;
}

/**
 * How a taken send ended; frees its lease. Mirrors rate.ts `release`. Deferred, and not already backing off:
 * halve concurrency (≥ 1) and rate (≥ minRate), empty the bucket, back off `backoffMs × 2^(deferrals in a
 * row)` capped at `maxBackoffMs`, at least the provider's hint. Deferred while backing off: the same event
 * reported by sends that were already under way, only counted. Sent: after `increaseEvery` in a row, one
 * more connection and `rateStep` more per second, up to the caps. Rejected: only counted.
 *
 * One UPDATE: its SET sees the newest version of the row under its lock (READ COMMITTED re-reads it after
 * waiting), so reports from many workers never lose one another.
 */
async function report(db: Executor, r: DomainLimitReport): Promise<void> {
  const s = r.settings;
  const outcome = r.outcome;
  const cut = sql`(${outcome}::text = 'deferred' and c.now_ms >= d.backoff_until_ms)`;
  const grow = sql`(${outcome}::text = 'sent' and d.successes_in_row + 1 >= ${s.increaseEvery}::int)`;
  await sql`update domain_limits d set
      leases = d.leases - coalesce(${r.lease}::text, ''),
      concurrency = case when ${cut} then greatest(1, d.concurrency / 2)
                         when ${grow} then least(${s.maxConcurrency}::int, d.concurrency + 1)
                         else d.concurrency end,
      rate = case when ${cut} then greatest(${s.minRate}::float8, d.rate / 2)
                  when ${grow} then least(${s.maxRate}::float8, d.rate + ${s.rateStep}::float8)
                  else d.rate end,
      tokens = case when ${cut} then 0 else d.tokens end,
      refilled_ms = case when ${cut} then c.now_ms else d.refilled_ms end,
      backoff_until_ms = case when ${cut} then greatest(d.backoff_until_ms, c.now_ms + greatest(
          least(${s.maxBackoffMs}::float8, ${s.backoffMs}::float8 * power(2::float8, d.deferrals_in_row)),
          ${r.retryAfterMs ?? 0}::float8))
        else d.backoff_until_ms end,
      deferrals_in_row = case when ${cut} then d.deferrals_in_row + 1
                              when ${outcome}::text = 'sent' then 0 else d.deferrals_in_row end,
      successes_in_row = case when ${outcome}::text = 'deferred' or ${grow} then 0
                              when ${outcome}::text = 'sent' then d.successes_in_row + 1
                              else d.successes_in_row end,
      sent = d.sent + (${outcome}::text = 'sent')::int,
      deferred = d.deferred + (${outcome}::text = 'deferred')::int,
      rejected = d.rejected + (${outcome}::text = 'rejected')::int,
      updated_at = now()
    from ${clock(r.now)} c
    where d.group_key = ${r.group}`.execute(db);
}

/**
 * Several sends to one group that all ended `sent`, in one statement: the same as as many `report`s with
 * outcome sent one after another (rate.ts `release` repeated). Each `increaseEvery`-th success in a row adds
 * a connection and `rateStep` per second, up to the caps; the leases are freed.
 */
async function reportSent(
  db: Executor,
  r: { group: string; leases: readonly (string | null)[]; settings: DomainLimitSettings },
): Promise<void> {
  await reportSentGroups(db, { reports: [{ group: r.group, leases: r.leases }], settings: r.settings });
}

/** `reportSent` for several groups in one statement (groups distinct), rows locked in key order. */
async function reportSentGroups(
  db: Executor,
  r: {
    reports: readonly { group: string; leases: readonly (string | null)[] }[];
    settings: DomainLimitSettings;
  },
): Promise<void> {
  const reports = r.reports.filter((report) => report.leases.length > 0);
  if (reports.length === 0) return;
  const s = r.settings;
  const every = Math.max(1, Math.floor(s.increaseEvery));
  const groups = reports.map((report) => report.group);
  // Successes until the first growth (a streak at or past the step grows at its next success), then steps.
  const first = sql`greatest(1, ${every}::int - d.successes_in_row)`;
  const grows = sql`(case when r.n < ${first} then 0 else 1 + (r.n - ${first}) / ${every}::int end)`;
  const sentCounts = preparedArray(
    reports.map((report) => report.leases.length),
    "int",
  );
  await sql`${PREPARED}with req as (
        select * from unnest(${preparedArray(groups, "text")}, ${sentCounts}) as r(group_key, n)
      ),
      ${leasesOf("gone", reports)},
      ${lockedGroups(groups)}
    update domain_limits d set
      leases = d.leases - coalesce((select array_agg(g.lease) from gone g where g.group_key = d.group_key), '{}'::text[]),
      concurrency = case when ${grows} > 0 then least(${s.maxConcurrency}::int, d.concurrency + ${grows})
                         else d.concurrency end,
      rate = case when ${grows} > 0 then least(${s.maxRate}::float8, d.rate + ${grows} * ${s.rateStep}::float8)
                  else d.rate end,
      deferrals_in_row = 0,
      successes_in_row = case when r.n < ${first} then d.successes_in_row + r.n
                              else (r.n - ${first}) % ${every}::int end,
      sent = d.sent + r.n,
      updated_at = now()
    from req r join locked l on l.group_key = r.group_key
    where d.group_key = r.group_key`.execute(db);
}

/** One group's part of a `settleGroups` round: what a worker's reservoir reports, gives back and asks for. */
export interface DomainLimitSettle {
  group: string;
  /** Sends that ended `sent` since the last round (counted as `reportSent` counts them). */
  sent: number;
  /** Sends that ended `rejected` since the last round (only counted). */
  rejected: number;
  /** Leases given back (idle, or held long enough). */
  freed: readonly string[];
  /** New leases asked for, in order; the first ones are taken while the group has slots free. */
  leases: readonly string[];
  /** Tokens for the sends waiting now: each lets one message go. */
  tokens: number;
  /**
   * Tokens beyond those, for sends about to ask: granted from at most half of what the bucket holds after the
   * needed ones, so one worker's handful never empties the bucket for the others.
   */
  spareTokens: number;
}

export interface DomainLimitSettleResult {
  /** How many of the asked leases were taken (the first ones). */
  leases: number;
  tokens: number;
  /** Milliseconds (database clock) until the back-off ends; 0 when the group is not backing off. */
  backoffMs: number;
  /** Milliseconds until one more token is in the bucket (after those granted). */
  tokenWaitMs: number;
  /** What the bucket holds after this round (a fraction of a token, when it is running dry). */
  tokensLeft: number;
  /** The group's rate (tokens per second) and concurrency (also the bucket's size) after this round. */
  rate: number;
  concurrency: number;
}

interface SettleRow {
  group_key: string;
  granted: number;
  granted_tokens: number;
  now_ms: number;
  backoff_until_ms: number;
  refilled: number;
  rate: number;
  concurrency: number;
}

/**
 * A worker's reservoir round for several groups in one statement, each group as if alone: first the sends
 * reported (exactly `reportSentGroups` for the sent ones, rejected ones counted), then the freed leases and
 * expired ones dropped, then up to `leases.length` new leases (while slots are free) and up to `tokens` tokens
 * (while the bucket holds whole ones), none during a back-off. Unlike `takeGroups`, slots and tokens are
 * granted apart: a worker keeps its leases from send to send and spends a token per send, so one round serves
 * a handful of messages. Rows are locked in key order, as every other statement here locks them.
 */
async function settleGroups(
  db: Executor,
  t: {
    requests: readonly DomainLimitSettle[];
    leaseMs: number;
    settings: DomainLimitSettings;
    now?: number;
  },
): Promise<Map<string, DomainLimitSettleResult>> {
  if (t.requests.length === 0) return new Map();
  const rows = await settleStatement(db, t, t.requests);
  return new Map(rows.map((row) => [row.group_key, settledOf(row)]));
}

/**
 * Creates the rows of groups not seen before, with the initial settings, in one statement; existing rows are
 * left as they are. `settleGroups` answers only for groups that have a row, so a caller that was not
 * answered for a group creates it and settles that group again: one statement each, so a failure leaves no
 * round half written.
 */
async function ensureGroups(
  db: Executor,
  groups: readonly string[],
  s: DomainLimitSettings,
  now?: number,
): Promise<void> {
  if (groups.length === 0) return;
  await sql`insert into domain_limits as d (group_key, concurrency, rate, tokens, refilled_ms)
    select g.group_key, ${s.initialConcurrency}::int, ${s.initialRate}::float8,
      least(${s.initialConcurrency}::float8, ${s.initialRate}::float8), c.now_ms
    from unnest(${[...new Set(groups)]}::text[]) as g(group_key) cross join ${clock(now)} c
    order by g.group_key
    on conflict (group_key) do nothing`.execute(db);
}

function settledOf(row: SettleRow): DomainLimitSettleResult {
  const now = Number(row.now_ms);
  const tokens = Number(row.granted_tokens);
  const left = Number(row.refilled) - tokens;
  return {
    leases: Number(row.granted),
    tokens,
    backoffMs: Math.max(0, Number(row.backoff_until_ms) - now),
    tokenWaitMs: Math.max(1, Math.ceil((Math.max(0, 1 - left) * 1000) / Number(row.rate))),
    tokensLeft: Math.max(0, left),
    rate: Number(row.rate),
    concurrency: Number(row.concurrency),
  };
}

/** One piece: a single statement, so that a round is one round trip and the rows stay locked throughout. */
async function settleStatement(
  db: Executor,
  t: { leaseMs: number; settings: DomainLimitSettings; now?: number },
  requests: readonly DomainLimitSettle[],
): Promise<SettleRow[]> {
  const s = t.settings;
  const every = Math.max(1, Math.floor(s.increaseEvery));
  const groups = requests.map((r) => r.group);
  const column = (pick: (r: DomainLimitSettle) => number) => preparedArray(requests.map(pick), "int");
  // As reportSentGroups: successes until the first growth, then one growth per `every`.
  const first = sql`greatest(1, ${every}::int - cur.successes_in_row)`;
  const { rows } = await sql<SettleRow>`${PREPARED}with req as (
        select * from unnest(${preparedArray(groups, "text")}, ${column((r) => r.sent)}, ${column((r) => r.rejected)},
          ${column((r) => r.leases.length)}, ${column((r) => r.tokens)}, ${column((r) => r.spareTokens)})
          as r(group_key, n, rejected_n, wanted, want_tokens, want_spare)
      ),
      ${leasesOf(
        "gone",
        requests.map((r) => ({ group: r.group, leases: r.freed })),
      )},
      ${askedLeases(requests)},
      ${lockedRows(groups, t.now)},
      reported as materialized (
        select cur.*, req.n, req.rejected_n, req.wanted, req.want_tokens, req.want_spare,
          case when req.n < ${first} then 0 else 1 + (req.n - ${first}) / ${every}::int end as grows,
          case when req.n < ${first} then cur.successes_in_row + req.n
               else (req.n - ${first}) % ${every}::int end as new_successes,
          live.live_leases, live.in_flight
        from cur join req on req.group_key = cur.group_key
          cross join lateral (${liveLeases(
            sql`cur.leases`,
            sql`(l.value)::float8 > cur.now_ms
              and not exists (select 1 from gone g where g.group_key = cur.group_key and g.lease = l.key)`,
          )}) live
      ),
      grown as (
        select reported.*,
          case when grows > 0 then least(${s.maxConcurrency}::int, concurrency + grows) else concurrency end as conc,
          case when grows > 0 then least(${s.maxRate}::float8, rate + grows * ${s.rateStep}::float8) else rate end
            as new_rate
        from reported
      ),
      refilled as (
        select grown.*,
          least(grown.conc::float8, grown.tokens + greatest(0, grown.now_ms - grown.refilled_ms) * grown.new_rate / 1000)
            as refilled
        from grown
      ),
      needed as (
        select refilled.*,
          case when now_ms < backoff_until_ms then 0 else greatest(0, least(wanted, conc - in_flight)) end as granted,
          case when now_ms < backoff_until_ms then 0
               else greatest(0, least(want_tokens, floor(refilled.refilled + 1e-9)::int)) end as granted_needed
        from refilled
      ),
      decision as (
        select needed.*, needed.granted_needed + case when now_ms < backoff_until_ms then 0
            else greatest(0, least(want_spare, floor((needed.refilled - needed.granted_needed) / 2 + 1e-9)::int)) end
            as granted_tokens
        from needed
      ),
      settled as (
        update domain_limits d set
          leases = decision.live_leases || coalesce((select jsonb_object_agg(a.lease, decision.now_ms + ${t.leaseMs}::float8)
            from asked a where a.group_key = decision.group_key and a.n <= decision.granted), '{}'::jsonb),
          concurrency = decision.conc,
          rate = decision.new_rate,
          tokens = greatest(0, decision.refilled - decision.granted_tokens),
          refilled_ms = greatest(decision.refilled_ms, decision.now_ms),
          deferrals_in_row = case when decision.n > 0 then 0 else d.deferrals_in_row end,
          successes_in_row = decision.new_successes,
          sent = d.sent + decision.n,
          rejected = d.rejected + decision.rejected_n,
          updated_at = now()
        from decision
        where d.group_key = decision.group_key
        returning d.group_key
      )
      select group_key, granted, granted_tokens, now_ms, backoff_until_ms, refilled, new_rate as rate,
        conc as concurrency from decision`.execute(db);
  return rows;
}

/**
 * Pushes the expiry of the named leases to now + leaseMs; a lease that is gone (expired and dropped, or freed)
 * is not brought back. Only the leases a worker knows it holds: one it lost track of (its statement failed
 * after the database had granted it) then expires instead of being renewed for the worker's lifetime. The
 * rows are locked in key order first, as takes and reports lock them: an update that took them in the
 * table's order deadlocked with another worker's take, and the database then cancelled one of the two.
 */
async function renew(
  db: Executor,
  held: readonly { group: string; leases: readonly string[] }[],
  leaseMs: number,
  now?: number,
): Promise<void> {
  const named = held.filter((h) => h.leases.length > 0);
  if (named.length === 0) return;
  await sql`with ${leasesOf("held", named)},
      ${lockedGroups(named.map((h) => h.group))}
    update domain_limits d set
      leases = coalesce((select jsonb_object_agg(l.key,
          case when exists (select 1 from held h where h.group_key = d.group_key and h.lease = l.key)
               then to_jsonb(c.now_ms + ${leaseMs}::float8) else l.value end)
        from jsonb_each(d.leases) l), '{}'::jsonb)
    from locked, ${clock(now)} c
    where d.group_key = locked.group_key`.execute(db);
}

/** Frees every lease of `holder` (a worker that stops cleanly); rows locked in key order, as `renew`. */
async function releaseHolder(db: Executor, holder: string): Promise<void> {
  await sql`with locked as materialized (
        select d.group_key from domain_limits d
        where exists (select 1 from jsonb_each(d.leases) l where starts_with(l.key, ${`${holder}:`}::text))
        order by d.group_key for update
      )
    update domain_limits d set
      leases = coalesce((select jsonb_object_agg(l.key, l.value) from jsonb_each(d.leases) l
                         where not starts_with(l.key, ${`${holder}:`}::text)), '{}'::jsonb)
    from locked
    where d.group_key = locked.group_key`.execute(db);
}

interface StateRow {
  group_key: string;
  concurrency: number;
  rate: number;
  tokens: number;
  refilled_ms: number;
  backoff_until_ms: number;
  deferrals_in_row: number;
  successes_in_row: number;
  in_flight: number;
  sent: string | number;
  deferred: string | number;
  rejected: string | number;
}

/** Every group's state (or the named ones), by group; for status views and tests. */
async function list(db: Executor, options: { groups?: readonly string[]; now?: number } = {}) {
  const filter = options.groups ? sql`where d.group_key = any(${[...options.groups]}::text[])` : sql``;
  const { rows } = await sql<StateRow>`select d.*,
      (select count(*) from jsonb_each(d.leases) l where (l.value)::float8 > c.now_ms)::int as in_flight
    from domain_limits d cross join ${clock(options.now)} c ${filter}
    order by d.group_key`.execute(db);
  return rows.map(
    (r): DomainLimitState => ({
      group: r.group_key,
      concurrency: Number(r.concurrency),
      rate: Number(r.rate),
      tokens: Number(r.tokens),
      refilledMs: Number(r.refilled_ms),
      backoffUntilMs: Number(r.backoff_until_ms),
      deferralsInRow: Number(r.deferrals_in_row),
      successesInRow: Number(r.successes_in_row),
      inFlight: Number(r.in_flight),
      sent: Number(r.sent),
      deferred: Number(r.deferred),
      rejected: Number(r.rejected),
    }),
  );
}

/** The database clock the statements use, in ms since the epoch. */
async function now(db: Executor): Promise<number> {
  const { rows } = await sql<{ now_ms: number }>`select c.now_ms from ${clock(undefined)} c`.execute(db);
  return Number(rows[0]?.now_ms);
}

export const domainLimits = {
  take,
  takeMany,
  takeGroups,
  report,
  reportSent,
  reportSentGroups,
  settleGroups,
  ensureGroups,
  renew,
  releaseHolder,
  list,
  now,
};
