/**
 * Suspicious-message reports and phishing warnings of a breach (issue 16, item 5). A report arrives through the
 * breach's public page without an account: what is stored is the channel, the sender as shown (the phishing
 * indicator, readable so the trend can group on it), the day and time it came, and the text — already scrubbed
 * of the reporter's own contact data by the operation, and sealed here with the report's id as context — and an
 * optional screenshot, sealed too. Nothing about the reporter (no address, no network) is stored.
 *
 * Every read for an organisation takes its id and joins the breach on it in SQL, so another organisation's
 * breach simply has no reports. A warning is a published update of the breach (store/updates.ts) plus a row
 * here that says whether it is still active.
 */
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import type { BilingualText } from "../core/index.ts";
import { audit } from "./audit.ts";
import type { Keyring } from "./crypto.ts";
import type { Executor } from "./engine.ts";
import type { PhishingChannel } from "./schema.ts";

export type { PhishingChannel } from "./schema.ts";

export interface NewPhishingReport {
  breachId: string;
  channel: PhishingChannel;
  sender: string;
  /** YYYY-MM-DD. */
  receivedOn: string;
  /** HH:MM, or null when the reporter did not say. */
  receivedTime: string | null;
  /** Already scrubbed. */
  text: string;
  screenshot: { type: "image/png" | "image/jpeg"; bytes: Buffer } | null;
}

export interface PhishingReport {
  id: string;
  breachId: string;
  channel: PhishingChannel;
  sender: string;
  receivedOn: string;
  receivedTime: string | null;
  text: string;
  screenshotType: "image/png" | "image/jpeg" | null;
  createdAt: Date;
}

/** The breach a public page may show: published (not a draft), with its organisation's name. */
export interface PublicBreach {
  id: string;
  slug: string;
  title: string;
  organisationName: string;
}

const textContext = (id: string) => `phishing-report:${id}`;
const screenshotContext = (id: string) => `phishing-screenshot:${id}`;

const dayOf = (value: unknown): string =>
  value instanceof Date
    ? `${value.getFullYear()}-${String(value.getMonth() + 1).padStart(2, "0")}-${String(value.getDate()).padStart(2, "0")}`
    : String(value).slice(0, 10);

/**
 * A published breach by its slug, across organisations (the public address carries no organisation). Slugs are
 * unique per organisation only: when two organisations share one, neither is found, so no page guesses.
 */
async function publicBreachBySlug(db: Executor, slug: string): Promise<PublicBreach | undefined> {
  const rows = await db
    .selectFrom("breaches")
    .innerJoin("organisations", "organisations.id", "breaches.organisation_id")
    .select([
      "breaches.id",
      sql<string>`breaches.page_slug`.as("slug"),
      "breaches.title",
      "organisations.name as organisationName",
    ])
    .where("breaches.page_slug", "=", slug)
    .where("breaches.page_published_at", "is not", null)
    .limit(2)
    .execute();
  return rows.length === 1 ? rows[0] : undefined;
}

async function insert(db: Executor, keys: Keyring, input: NewPhishingReport): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto("phishing_reports")
    .values({
      id,
      breach_id: input.breachId,
      channel: input.channel,
      sender: input.sender,
      received_on: input.receivedOn,
      received_time: input.receivedTime,
      text_sealed: keys.seal(input.text, textContext(id)),
      screenshot_type: input.screenshot?.type ?? null,
      screenshot_sealed: input.screenshot
        ? keys.seal(input.screenshot.bytes.toString("base64"), screenshotContext(id))
        : null,
    })
    .execute();
  return id;
}

type ReportRow = {
  id: string;
  breach_id: string;
  channel: PhishingChannel;
  sender: string;
  received_on: unknown;
  received_time: string | null;
  text_sealed: string;
  screenshot_type: "image/png" | "image/jpeg" | null;
  created_at: Date;
};

function toReport(keys: Keyring, row: ReportRow): PhishingReport {
  return {
    id: row.id,
    breachId: row.breach_id,
    channel: row.channel,
    sender: row.sender,
    receivedOn: dayOf(row.received_on),
    receivedTime: row.received_time,
    text: keys.open(row.text_sealed, textContext(row.id)),
    screenshotType: row.screenshot_type,
    createdAt: new Date(row.created_at),
  };
}

const REPORT_COLUMNS = [
  "phishing_reports.id",
  "phishing_reports.breach_id",
  "phishing_reports.channel",
  "phishing_reports.sender",
  "phishing_reports.received_on",
  "phishing_reports.received_time",
  "phishing_reports.text_sealed",
  "phishing_reports.screenshot_type",
  "phishing_reports.created_at",
] as const;

const ownReports = (db: Executor, organisationId: string, breachId: string) =>
  db
    .selectFrom("phishing_reports")
    .innerJoin("breaches", "breaches.id", "phishing_reports.breach_id")
    .where("phishing_reports.breach_id", "=", breachId)
    .where("breaches.organisation_id", "=", organisationId);

/** A page of the breach's reports, newest first, with the total. */
async function list(
  db: Executor,
  keys: Keyring,
  scope: { organisationId: string; breachId: string },
  page: { limit: number; offset: number; since?: string },
): Promise<{ total: number; items: PhishingReport[] }> {
  let query = ownReports(db, scope.organisationId, scope.breachId);
  if (page.since) query = query.where("phishing_reports.received_on", ">=", page.since as never);
  const total = await query.select(sql<number>`count(*)::int`.as("n")).executeTakeFirstOrThrow();
  const rows = await query
    .select(REPORT_COLUMNS)
    .orderBy("phishing_reports.created_at", "desc")
    .orderBy("phishing_reports.id", "desc")
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return { total: total.n, items: rows.map((row) => toReport(keys, row)) };
}

/** The screenshot of one report of the organisation's breach. */
async function screenshot(
  db: Executor,
  keys: Keyring,
  scope: { organisationId: string; breachId: string },
  id: string,
): Promise<{ type: string; bytes: Buffer } | undefined> {
  const row = await ownReports(db, scope.organisationId, scope.breachId)
    .select(["phishing_reports.id", "phishing_reports.screenshot_type", "phishing_reports.screenshot_sealed"])
    .where("phishing_reports.id", "=", id)
    .executeTakeFirst();
  if (!row?.screenshot_sealed || !row.screenshot_type) return undefined;
  const base64 = keys.open(row.screenshot_sealed, screenshotContext(row.id));
  return { type: row.screenshot_type, bytes: Buffer.from(base64, "base64") };
}

/** Counts per day and per channel, and the most common senders (as typed, compared without case or spaces). */
async function counts(
  db: Executor,
  scope: { organisationId: string; breachId: string },
  since: string,
  topSenders: number,
) {
  const base = ownReports(db, scope.organisationId, scope.breachId).where(
    "phishing_reports.received_on",
    ">=",
    since as never,
  );
  const perDay = await base
    .select(["phishing_reports.received_on as day", sql<number>`count(*)::int`.as("count")])
    .groupBy("phishing_reports.received_on")
    .orderBy("phishing_reports.received_on")
    .execute();
  const perChannel = await base
    .select(["phishing_reports.channel", sql<number>`count(*)::int`.as("count")])
    .groupBy("phishing_reports.channel")
    .orderBy(sql`count(*)`, "desc")
    .orderBy("phishing_reports.channel")
    .execute();
  const normalised = sql<string>`lower(regexp_replace(phishing_reports.sender, '\\s', '', 'g'))`;
  const senders = await base
    .select([normalised.as("sender"), sql<number>`count(*)::int`.as("count")])
    .where("phishing_reports.sender", "<>", "")
    .groupBy(normalised)
    .orderBy(sql`count(*)`, "desc")
    .orderBy(normalised)
    .limit(topSenders)
    .execute();
  return {
    perDay: perDay.map((row) => ({ date: dayOf(row.day), count: row.count })),
    perChannel: perChannel.map((row) => ({ channel: row.channel, count: row.count })),
    senders: senders.map((row) => ({ sender: row.sender, count: row.count })),
  };
}

/** The scrubbed texts since a day (newest first, at most `limit`), for counting common phrases. */
async function texts(
  db: Executor,
  keys: Keyring,
  scope: { organisationId: string; breachId: string },
  since: string,
  limit: number,
): Promise<string[]> {
  const rows = await ownReports(db, scope.organisationId, scope.breachId)
    .select(["phishing_reports.id", "phishing_reports.text_sealed"])
    .where("phishing_reports.received_on", ">=", since as never)
    .orderBy("phishing_reports.created_at", "desc")
    .limit(limit)
    .execute();
  return rows.map((row) => keys.open(row.text_sealed, textContext(row.id)));
}

/**
 * Deletes reports made before the cutoff, except those of breaches on legal hold (an investigation may need
 * them), with one audit entry per breach. Returns how many went.
 */
async function purgeBefore(db: Executor, keys: Keyring, cutoff: Date, actor: string): Promise<number> {
  const deleted = await db
    .deleteFrom("phishing_reports")
    .where("created_at", "<", cutoff)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom("breaches")
          .select("breaches.id")
          .whereRef("breaches.id", "=", "phishing_reports.breach_id")
          .where("breaches.legal_hold_at", "is", null),
      ),
    )
    .returning("breach_id")
    .execute();
  const perBreach = new Map<string, number>();
  for (const row of deleted) perBreach.set(row.breach_id, (perBreach.get(row.breach_id) ?? 0) + 1);
  for (const [breachId, count] of perBreach)
    await audit.append(db, keys, {
      actor,
      action: "retention.phishing-reports-purged",
      subject: breachId,
      details: { reports: count, cutoff: cutoff.toISOString() },
    });
  return deleted.length;
}

export interface PhishingWarning {
  id: string;
  breachId: string;
  updateId: string;
  title: BilingualText;
  body: BilingualText;
  publishedAt: Date;
  createdBy: string;
  withdrawnAt: Date | null;
}

/** Links a published update to the breach as a phishing warning. */
async function insertWarning(
  db: Executor,
  input: { breachId: string; updateId: string; createdBy: string },
): Promise<string> {
  const row = await db
    .insertInto("phishing_warnings")
    .values({ breach_id: input.breachId, update_id: input.updateId, created_by: input.createdBy })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

const warningQuery = (db: Executor) =>
  db
    .selectFrom("phishing_warnings")
    .innerJoin("updates", "updates.id", "phishing_warnings.update_id")
    .innerJoin("breaches", "breaches.id", "phishing_warnings.breach_id")
    .select([
      "phishing_warnings.id",
      "phishing_warnings.breach_id",
      "phishing_warnings.update_id",
      "phishing_warnings.created_by",
      "phishing_warnings.withdrawn_at",
      "updates.title",
      "updates.body",
      "updates.published_at",
      "phishing_warnings.created_at",
    ])
    .orderBy("phishing_warnings.created_at", "desc")
    .orderBy("phishing_warnings.id");

type WarningRow = Awaited<ReturnType<ReturnType<typeof warningQuery>["execute"]>>[number];

function toWarning(row: WarningRow): PhishingWarning {
  return {
    id: row.id,
    breachId: row.breach_id,
    updateId: row.update_id,
    title: row.title,
    body: row.body,
    publishedAt: new Date(row.published_at ?? row.created_at),
    createdBy: row.created_by,
    withdrawnAt: row.withdrawn_at ? new Date(row.withdrawn_at) : null,
  };
}

/** The organisation's warnings of a breach, newest first (active and withdrawn). */
async function listWarnings(
  db: Executor,
  organisationId: string,
  breachId: string,
): Promise<PhishingWarning[]> {
  const rows = await warningQuery(db)
    .where("phishing_warnings.breach_id", "=", breachId)
    .where("breaches.organisation_id", "=", organisationId)
    .execute();
  return rows.map(toWarning);
}

/** The active warnings of a published breach, for its public page (no organisation: the page is public). */
async function activeWarnings(db: Executor, breachId: string): Promise<PhishingWarning[]> {
  const rows = await warningQuery(db)
    .where("phishing_warnings.breach_id", "=", breachId)
    .where("phishing_warnings.withdrawn_at", "is", null)
    .where("breaches.status", "<>", "draft")
    .where("updates.published_at", "is not", null)
    .execute();
  return rows.map(toWarning);
}

/** Withdraws an active warning; undefined when there is no active warning of that id of the organisation. */
async function withdrawWarning(
  db: Executor,
  scope: { organisationId: string; breachId: string },
  id: string,
  by: string,
): Promise<boolean> {
  const result = await db
    .updateTable("phishing_warnings")
    .set({ withdrawn_at: sql`now()`, withdrawn_by: by })
    .where("id", "=", id)
    .where("breach_id", "=", scope.breachId)
    .where("withdrawn_at", "is", null)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom("breaches")
          .select("breaches.id")
          .where("breaches.id", "=", scope.breachId)
          .where("breaches.organisation_id", "=", scope.organisationId),
      ),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * After a key rotation: each report's text and screenshot sealed under an older key are sealed again under the
 * current one, so reports stay readable (and exportable for the police) once the old secret is gone. A page at a
 * time, since screenshots are large. Returns how many reports were re-sealed.
 */
async function reseal(db: Executor, keys: Keyring): Promise<number> {
  let count = 0;
  for (;;) {
    const { rows } = await sql<{ id: string; text_sealed: string; screenshot_sealed: string | null }>`
      select id, text_sealed, screenshot_sealed from phishing_reports
      where split_part(text_sealed, '.', 2) <> ${keys.keyId}
        or split_part(coalesce(screenshot_sealed, ''), '.', 2) not in ('', ${keys.keyId})
      order by id limit 50`.execute(db);
    if (rows.length === 0) return count;
    for (const row of rows) {
      const text = keys.open(row.text_sealed, textContext(row.id));
      const shot = row.screenshot_sealed ? keys.open(row.screenshot_sealed, screenshotContext(row.id)) : null;
      await sql`update phishing_reports set text_sealed = ${keys.seal(text, textContext(row.id))},
          screenshot_sealed = ${shot === null ? null : keys.seal(shot, screenshotContext(row.id))}
        where id = ${row.id}`.execute(db);
    }
    count += rows.length;
  }
}

export const phishingReports = {
  reseal,
  publicBreachBySlug,
  insert,
  list,
  screenshot,
  counts,
  texts,
  purgeBefore,
  insertWarning,
  listWarnings,
  activeWarnings,
  withdrawWarning,
};
