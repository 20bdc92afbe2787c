/**
 * Reading the audit log for people: the newest entries of the whole log (the platform's operators), or the
 * newest entries about one organisation's things — its breaches, their campaigns and updates, its API keys and
 * its staff accounts — for that organisation's administrators. The log has no organisation column (an entry
 * names its subject), so the organisation's subjects are looked up; the subject index (audit_log_subject)
 * serves each.
 */
import { sql } from "kysely";
import type { Executor } from "./engine.ts";

export interface AuditLine {
  seq: number;
  at: Date;
  actor: string;
  action: string;
  subject: string | null;
  details: Record<string, unknown>;
}

interface Row {
  seq: string | number;
  at: Date | string;
  actor: string;
  action: string;
  subject: string | null;
  details: Record<string, unknown> | string;
}

const line = (r: Row): AuditLine => ({
  seq: Number(r.seq),
  at: new Date(r.at),
  actor: r.actor,
  action: r.action,
  subject: r.subject,
  details: typeof r.details === "string" ? (JSON.parse(r.details) as Record<string, unknown>) : r.details,
});

async function latest(db: Executor, limit: number): Promise<AuditLine[]> {
  const { rows } = await sql<Row>`
    select seq, at, actor, action, subject, details from audit_log order by seq desc limit ${limit}`.execute(
    db,
  );
  return rows.map(line);
}

async function ofOrganisation(db: Executor, organisationId: string, limit: number): Promise<AuditLine[]> {
  const { rows } = await sql<Row>`
    select seq, at, actor, action, subject, details from audit_log
    where subject in (
      select id::text from breaches where organisation_id = ${organisationId}
      union all select c.id::text from campaigns c join breaches b on b.id = c.breach_id
        where b.organisation_id = ${organisationId}
      union all select u.id::text from updates u join breaches b on b.id = u.breach_id
        where b.organisation_id = ${organisationId}
      union all select id::text from api_keys where organisation_id = ${organisationId}
      union all select id::text from staff_accounts where organisation_id = ${organisationId}
      union all select cast(${organisationId} as text))
    order by seq desc limit ${limit}`.execute(db);
  return rows.map(line);
}

export const auditViews = { latest, ofOrganisation };
