/**
 * What an evidence export of one breach reads (GDPR art. 33(5): document the breach, its effects and what was
 * done): its campaigns with their delivery counts and first and last sending times, its published updates, and
 * the audit entries about the breach and its campaigns and updates. Counts only: nothing here names a person.
 * The caller has already found the breach within its organisation.
 */
import { sql } from "kysely";
import type { Executor } from "./engine.ts";

export interface CampaignEvidence {
  id: string;
  kind: string;
  status: string;
  createdBy: string;
  approvedBy: string | null;
  approval: Record<string, unknown> | null;
  findings: unknown[];
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  total: number;
  /** Deliveries per channel and status (`undecided` before a channel was chosen). */
  counts: { channel: string; status: string; n: number }[];
  firstSentAt: Date | null;
  lastSentAt: Date | null;
}

export interface AuditEvidence {
  seq: number;
  at: Date;
  actor: string;
  action: string;
  subject: string | null;
  details: Record<string, unknown>;
}

/** At most this many audit entries per export; `truncated` says when there were more. */
const AUDIT_LIMIT = 10_000;

const date = (value: Date | string | null): Date | null => (value === null ? null : new Date(value));

async function campaignsOf(db: Executor, breachId: string): Promise<CampaignEvidence[]> {
  const rows = await db
    .selectFrom("campaigns")
    .select([
      "id",
      "kind",
      "status",
      "created_by",
      "approved_by",
      "approval",
      "findings",
      "created_at",
      "started_at",
      "finished_at",
      "total",
    ])
    .where("breach_id", "=", breachId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  const out: CampaignEvidence[] = [];
  for (const row of rows) {
    const counts = await sql<{ channel: string | null; status: string; n: string | number }>`
      select channel, status, count(*) as n from deliveries where campaign_id = ${row.id}
      group by channel, status order by channel, status`.execute(db);
    const sent = await sql<{ first: Date | string | null; last: Date | string | null }>`
      select min(sent_at) as first, max(sent_at) as last from deliveries
      where campaign_id = ${row.id} and sent_at is not null`.execute(db);
    out.push({
      id: row.id,
      kind: row.kind,
      status: row.status,
      createdBy: row.created_by,
      approvedBy: row.approved_by,
      approval: row.approval,
      findings: row.findings,
      createdAt: new Date(row.created_at),
      startedAt: date(row.started_at),
      finishedAt: date(row.finished_at),
      total: row.total,
      counts: counts.rows.map((c) => ({
        channel: c.channel ?? "undecided",
        status: c.status,
        n: Number(c.n),
      })),
      firstSentAt: date(sent.rows[0]?.first ?? null),
      lastSentAt: date(sent.rows[0]?.last ?? null),
    });
  }
  return out;
}

async function updatesOf(
  db: Executor,
  breachId: string,
): Promise<{ id: string; title: { nl: string; en: string }; publishedAt: Date | null; createdAt: Date }[]> {
  const rows = await db
    .selectFrom("updates")
    .select(["id", "title", "published_at", "created_at"])
    .where("breach_id", "=", breachId)
    .orderBy("created_at")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    publishedAt: date(r.published_at),
    createdAt: new Date(r.created_at),
  }));
}

/** Audit entries whose subject is one of `subjects`, oldest first. */
async function auditAbout(
  db: Executor,
  subjects: readonly string[],
): Promise<{ entries: AuditEvidence[]; truncated: boolean }> {
  if (subjects.length === 0) return { entries: [], truncated: false };
  const rows = await db
    .selectFrom("audit_log")
    .select(["seq", "at", "actor", "action", "subject", "details"])
    .where("subject", "in", [...subjects])
    .orderBy("seq")
    .limit(AUDIT_LIMIT + 1)
    .execute();
  return {
    entries: rows.slice(0, AUDIT_LIMIT).map((r) => ({
      seq: Number(r.seq),
      at: new Date(r.at),
      actor: r.actor,
      action: r.action,
      subject: r.subject,
      details: r.details,
    })),
    truncated: rows.length > AUDIT_LIMIT,
  };
}

export const evidence = { campaignsOf, updatesOf, auditAbout };
