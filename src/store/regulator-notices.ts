/**
 * Regulator notices of a breach (numbered per breach; phases initial, supplement, withdrawal), the NIS2 clock
 * of a breach and a processor's notices to its controllers. Every query for an organisation takes the
 * organisation and filters on it in SQL; the regulator's queries across organisations say so in their name and
 * return figures (counts, times), never a person.
 */
import { sql } from "kysely";
import type { Executor } from "./engine.ts";

export type NoticePhase = "initial" | "supplement" | "withdrawal";

export interface RegulatorNotice {
  id: string;
  organisationId: string;
  breachId: string;
  number: number;
  phase: NoticePhase;
  refersTo: string | null;
  sections: Record<string, unknown>;
  delayReasons: string | null;
  late: boolean;
  submittedAt: Date;
  submittedBy: string;
}

export interface Nis2Clock {
  applies: boolean;
  earlyWarningAt: Date | null;
  incidentNoticeAt: Date | null;
  finalReportAt: Date | null;
  updatedAt: Date;
  updatedBy: string;
}

export interface ControllerNotice {
  id: string;
  breachId: string;
  controllerName: string;
  controllerContact: string;
  decide: string;
  createdAt: Date;
  createdBy: string;
}

const NOTICE_COLUMNS = [
  "id",
  "organisation_id",
  "breach_id",
  "number",
  "phase",
  "refers_to",
  "sections",
  "delay_reasons",
  "late",
  "submitted_at",
  "submitted_by",
] as const;

type NoticeRow = {
  id: string;
  organisation_id: string;
  breach_id: string;
  number: number;
  phase: NoticePhase;
  refers_to: string | null;
  sections: Record<string, unknown>;
  delay_reasons: string | null;
  late: boolean;
  submitted_at: Date;
  submitted_by: string;
};

const date = (value: Date | string | null): Date | null => (value === null ? null : new Date(value));

function toNotice(row: NoticeRow): RegulatorNotice {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    breachId: row.breach_id,
    number: Number(row.number),
    phase: row.phase,
    refersTo: row.refers_to,
    sections: row.sections,
    delayReasons: row.delay_reasons,
    late: row.late,
    submittedAt: new Date(row.submitted_at),
    submittedBy: row.submitted_by,
  };
}

/**
 * Stores a notice as the breach's next number. The number is taken in the insert itself; two notices racing
 * for one number meet the unique key (23505), which the caller answers as a conflict.
 */
async function create(db: Executor, input: Omit<RegulatorNotice, "id" | "number">): Promise<RegulatorNotice> {
  const { rows } = await sql<NoticeRow>`
    insert into regulator_notices (organisation_id, breach_id, number, phase, refers_to, sections,
      delay_reasons, late, submitted_at, submitted_by)
    select ${input.organisationId}, ${input.breachId}, coalesce(max(number), 0) + 1, ${input.phase},
      ${input.refersTo}, ${JSON.stringify(input.sections)}::jsonb, ${input.delayReasons}, ${input.late},
      ${input.submittedAt}, ${input.submittedBy}
    from regulator_notices where breach_id = ${input.breachId}
    returning ${sql.join(NOTICE_COLUMNS.map((c) => sql.ref(c)))}`.execute(db);
  const row = rows[0];
  if (!row) throw new Error("The notice was not stored");
  return toNotice(row);
}

/** The notices of an organisation's breach, in their order. */
async function listByBreach(
  db: Executor,
  organisationId: string,
  breachId: string,
): Promise<RegulatorNotice[]> {
  const rows = await db
    .selectFrom("regulator_notices")
    .select(NOTICE_COLUMNS)
    .where("organisation_id", "=", organisationId)
    .where("breach_id", "=", breachId)
    .orderBy("number")
    .execute();
  return rows.map(toNotice);
}

/** One notice of an organisation's breach by its number; another organisation's is not found. */
async function get(
  db: Executor,
  organisationId: string,
  breachId: string,
  number: number,
): Promise<RegulatorNotice | undefined> {
  const row = await db
    .selectFrom("regulator_notices")
    .select(NOTICE_COLUMNS)
    .where("organisation_id", "=", organisationId)
    .where("breach_id", "=", breachId)
    .where("number", "=", number)
    .executeTakeFirst();
  return row ? toNotice(row) : undefined;
}

async function nis2Of(
  db: Executor,
  organisationId: string,
  breachId: string,
): Promise<Nis2Clock | undefined> {
  const row = await db
    .selectFrom("nis2_clocks")
    .selectAll()
    .where("organisation_id", "=", organisationId)
    .where("breach_id", "=", breachId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    applies: row.applies,
    earlyWarningAt: date(row.early_warning_at),
    incidentNoticeAt: date(row.incident_notice_at),
    finalReportAt: date(row.final_report_at),
    updatedAt: new Date(row.updated_at),
    updatedBy: row.updated_by,
  };
}

/** Sets the NIS2 clock of a breach whole (the caller merged what changed). */
async function setNis2(
  db: Executor,
  organisationId: string,
  breachId: string,
  clock: Nis2Clock,
): Promise<void> {
  const values = {
    applies: clock.applies,
    early_warning_at: clock.earlyWarningAt,
    incident_notice_at: clock.incidentNoticeAt,
    final_report_at: clock.finalReportAt,
    updated_at: clock.updatedAt,
    updated_by: clock.updatedBy,
  };
  await db
    .insertInto("nis2_clocks")
    .values({ breach_id: breachId, organisation_id: organisationId, ...values })
    .onConflict((oc) => oc.column("breach_id").doUpdateSet(values))
    .execute();
}

async function addControllerNotice(
  db: Executor,
  organisationId: string,
  input: Omit<ControllerNotice, "id">,
): Promise<ControllerNotice> {
  const row = await db
    .insertInto("controller_notices")
    .values({
      organisation_id: organisationId,
      breach_id: input.breachId,
      controller_name: input.controllerName,
      controller_contact: input.controllerContact,
      decide: input.decide,
      created_at: input.createdAt,
      created_by: input.createdBy,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { ...input, id: row.id };
}

async function controllerNotices(
  db: Executor,
  organisationId: string,
  breachId: string,
): Promise<ControllerNotice[]> {
  const rows = await db
    .selectFrom("controller_notices")
    .selectAll()
    .where("organisation_id", "=", organisationId)
    .where("breach_id", "=", breachId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    breachId: r.breach_id,
    controllerName: r.controller_name,
    controllerContact: r.controller_contact,
    decide: r.decide,
    createdAt: new Date(r.created_at),
    createdBy: r.created_by,
  }));
}

export interface OversightNoticeRow {
  id: string;
  number: number;
  phase: NoticePhase;
  late: boolean;
  hasReasons: boolean;
  submittedAt: Date;
  breachId: string;
  breachTitle: string;
  awareAt: Date;
  risk: string | null;
  organisationId: string;
  organisationName: string;
}

export interface OversightFilter {
  organisationId?: string | undefined;
  phase?: NoticePhase | undefined;
  risk?: string | undefined;
  /** Only notices submitted more than 72 hours after awareness. */
  late?: boolean | undefined;
  limit?: number | undefined;
}

/** Every organisation's notices, newest first, filtered: the regulator's view, never an organisation's. */
async function listAcrossOrganisations(db: Executor, filter: OversightFilter): Promise<OversightNoticeRow[]> {
  const where = [sql`true`];
  if (filter.organisationId) where.push(sql`n.organisation_id = ${filter.organisationId}`);
  if (filter.phase) where.push(sql`n.phase = ${filter.phase}`);
  if (filter.risk) where.push(sql`b.assessment->>'risk' = ${filter.risk}`);
  if (filter.late) where.push(sql`n.late`);
  const { rows } = await sql<{
    id: string;
    number: number;
    phase: NoticePhase;
    late: boolean;
    has_reasons: boolean;
    submitted_at: Date | string;
    breach_id: string;
    title: string;
    aware_at: Date | string;
    risk: string | null;
    organisation_id: string;
    name: string;
  }>`
    select n.id, n.number, n.phase, n.late, coalesce(btrim(n.delay_reasons), '') <> '' as has_reasons,
      n.submitted_at, n.breach_id, b.title, b.aware_at, b.assessment->>'risk' as risk, n.organisation_id, o.name
    from regulator_notices n
    join breaches b on b.id = n.breach_id
    join organisations o on o.id = n.organisation_id
    where ${sql.join(where, sql` and `)}
    order by n.submitted_at desc, n.id
    limit ${filter.limit ?? 500}`.execute(db);
  return rows.map((r) => ({
    id: r.id,
    number: Number(r.number),
    phase: r.phase,
    late: r.late,
    hasReasons: r.has_reasons,
    submittedAt: new Date(r.submitted_at),
    breachId: r.breach_id,
    breachTitle: r.title,
    awareAt: new Date(r.aware_at),
    risk: r.risk,
    organisationId: r.organisation_id,
    organisationName: r.name,
  }));
}

/** The regulator's notices of one breach, any organisation's. */
async function listByBreachAcrossOrganisations(db: Executor, breachId: string): Promise<RegulatorNotice[]> {
  const rows = await db
    .selectFrom("regulator_notices")
    .select(NOTICE_COLUMNS)
    .where("breach_id", "=", breachId)
    .orderBy("number")
    .execute();
  return rows.map(toNotice);
}

export interface BreachFigures {
  /** People in the breach's file. */
  victims: number;
  /** People a first notice was meant for (one delivery row each per campaign). */
  addressed: number;
  reached: number;
  unreachable: number;
  firstSentAt: Date | null;
  lastSentAt: Date | null;
  /** Per channel the message went out on: people reached on it. */
  byChannel: { channel: string; reached: number }[];
  updatesPublished: number;
  lastUpdateAt: Date | null;
}

const REACHED = sql`d.status in ('sent', 'delivered')`;

/**
 * A breach's figures for oversight, aggregated in SQL over its first-notice deliveries (never loaded row by
 * row): people addressed, reached and unreachable, first and last sending time, reach per channel, and its
 * published updates.
 */
async function figuresAcrossOrganisations(db: Executor, breachId: string): Promise<BreachFigures> {
  const totals = await sql<{
    addressed: number;
    reached: number;
    unreachable: number;
    first: Date | string | null;
    last: Date | string | null;
    victims: number;
    published: number;
    last_update: Date | string | null;
  }>`
    select count(distinct d.victim_id)::int as addressed,
      (count(distinct d.victim_id) filter (where ${REACHED}))::int as reached,
      (count(distinct d.victim_id) filter (where d.status = 'unreachable'))::int as unreachable,
      min(d.sent_at) as first, max(d.sent_at) as last,
      (select count(*)::int from victims v where v.breach_id = ${breachId}) as victims,
      (select count(*)::int from updates u where u.breach_id = ${breachId} and u.published_at is not null)
        as published,
      (select max(u.published_at) from updates u where u.breach_id = ${breachId}) as last_update
    from deliveries d join campaigns c on c.id = d.campaign_id
    where c.breach_id = ${breachId} and c.kind = 'first-notice'`.execute(db);
  const channels = await sql<{ channel: string; reached: number }>`
    select d.channel, count(distinct d.victim_id)::int as reached
    from deliveries d join campaigns c on c.id = d.campaign_id
    where c.breach_id = ${breachId} and c.kind = 'first-notice' and ${REACHED} and d.channel is not null
    group by d.channel order by d.channel`.execute(db);
  const t = totals.rows[0];
  return {
    victims: Number(t?.victims ?? 0),
    addressed: Number(t?.addressed ?? 0),
    reached: Number(t?.reached ?? 0),
    unreachable: Number(t?.unreachable ?? 0),
    firstSentAt: date(t?.first ?? null),
    lastSentAt: date(t?.last ?? null),
    byChannel: channels.rows.map((r) => ({ channel: r.channel, reached: Number(r.reached) })),
    updatesPublished: Number(t?.published ?? 0),
    lastUpdateAt: date(t?.last_update ?? null),
  };
}

export interface OversightAlert {
  kind: "victims-not-told" | "no-notice-after-72h" | "late-without-reasons";
  breachId: string;
  breachTitle: string;
  organisationName: string;
  awareAt: Date;
}

/**
 * What oversight must look at, across organisations: high-risk breaches whose people got no message
 * `victimHours` after awareness; breaches that must be notified with no notice 72 hours after awareness; and
 * initial notices submitted late without reasons.
 */
async function alertsAcrossOrganisations(
  db: Executor,
  at: { now: Date; victimHours: number },
): Promise<OversightAlert[]> {
  const victimCutoff = new Date(at.now.getTime() - at.victimHours * 3_600_000);
  const noticeCutoff = new Date(at.now.getTime() - 72 * 3_600_000);
  const { rows } = await sql<{
    kind: OversightAlert["kind"];
    id: string;
    title: string;
    name: string;
    aware_at: Date | string;
  }>`
    select 'victims-not-told' as kind, b.id, b.title, o.name, b.aware_at
    from breaches b join organisations o on o.id = b.organisation_id
    where b.assessment->>'risk' = 'high' and b.aware_at <= ${victimCutoff} and b.subjects_notified_at is null
      and not exists (select 1 from deliveries d join campaigns c on c.id = d.campaign_id
                      where c.breach_id = b.id and d.sent_at is not null)
    union all
    select 'no-notice-after-72h', b.id, b.title, o.name, b.aware_at
    from breaches b join organisations o on o.id = b.organisation_id
    where coalesce(b.assessment->'obligations'->>'notifyAuthority', 'true') <> 'false'
      and b.aware_at <= ${noticeCutoff} and b.authority_notified_at is null
      and not exists (select 1 from regulator_notices n where n.breach_id = b.id and n.phase = 'initial')
    union all
    select 'late-without-reasons', b.id, b.title, o.name, b.aware_at
    from regulator_notices n join breaches b on b.id = n.breach_id join organisations o on o.id = b.organisation_id
    where n.phase = 'initial' and n.late and coalesce(btrim(n.delay_reasons), '') = ''
    order by 5, 2
    limit 500`.execute(db);
  return rows.map((r) => ({
    kind: r.kind,
    breachId: r.id,
    breachTitle: r.title,
    organisationName: r.name,
    awareAt: new Date(r.aware_at),
  }));
}

export const regulatorNotices = {
  create,
  listByBreach,
  get,
  nis2Of,
  setNis2,
  addControllerNotice,
  controllerNotices,
  listAcrossOrganisations,
  listByBreachAcrossOrganisations,
  figuresAcrossOrganisations,
  alertsAcrossOrganisations,
};
