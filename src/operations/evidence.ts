/**
 * The evidence export of a breach (GDPR art. 33(5): document every breach, its effects and the measures taken,
 * so the regulator can check compliance): the timeline from awareness to the last update, what was sent in
 * counts per campaign, channel and outcome, the checks each campaign passed and who created and approved it, and
 * the audit entries about the breach with the chain's verification and head. Counts and ids only: the export
 * names no victim. Its own download is audit-logged, so a later export shows who took earlier ones.
 *
 * The report is plain data (JSON as is); `evidence-pdf.ts` prints it.
 */

import {
  type AuditEvidence,
  type AuditHead,
  type AuditVerification,
  audit,
  type Breach,
  breaches,
  evidence,
  organisations,
} from "../store/index.ts";
import { type Actor, actingOrganisation } from "./actor.ts";
import { type OperationContext, OperationProblem } from "./context.ts";
import { UUID } from "./ids.ts";
import { type RetentionCheck, retentionCheckOf } from "./transparency.ts";

const HOUR = 3_600_000;

/** What happened when, oldest first; `by` is the actor as the audit log names them. */
export interface TimelineEvent {
  at: string;
  event:
    | "aware"
    | "registered"
    | "victims-imported"
    | "authority-notified"
    | "page-published"
    | "register-listed"
    | "campaign-created"
    | "campaign-approved"
    | "campaign-started"
    | "first-message-sent"
    | "last-message-sent"
    | "campaign-finished"
    | "update-published";
  by?: string;
  /** The campaign or update the event is about. */
  about?: string;
}

export interface CampaignReport {
  id: string;
  kind: string;
  status: string;
  createdBy: string;
  approvedBy: string | null;
  /** The digests the approval covered (texts, sender profile, facts, selection). */
  approval: Record<string, unknown> | null;
  /** The pre-send checks' findings by severity, as stored with the campaign. */
  checks: Record<string, number>;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  firstSentAt: string | null;
  lastSentAt: string | null;
  total: number;
  byStatus: Record<string, number>;
  byChannel: Record<string, Record<string, number>>;
}

export interface EvidenceReport {
  format: "lekwijzer-evidence/1";
  generatedAt: string;
  generatedBy: string;
  organisation: string;
  breach: {
    id: string;
    slug: string;
    title: string;
    status: string;
    awareAt: string;
    risk: string | null;
    largeBreach: boolean | null;
    notifyAuthority: boolean | null;
    notifySubjects: boolean | null;
    legalHold: { reason: string; by: string; at: string } | null;
  };
  /** GDPR art. 33(1): the regulator within 72 hours of awareness, or reasons for the delay. */
  authorityDeadline: { dueAt: string; notifiedAt: string | null; onTime: boolean | null };
  /** Over every first-notice campaign: when people were first and last told, and how many messages went out. */
  victimNotices: { firstSentAt: string | null; lastSentAt: string | null; sent: number; failed: number };
  timeline: TimelineEvent[];
  campaigns: CampaignReport[];
  updates: { id: string; title: { nl: string; en: string }; createdAt: string; publishedAt: string | null }[];
  audit: {
    head: AuditHead;
    chain: AuditVerification;
    entries: (Omit<AuditEvidence, "at"> & { at: string })[];
    truncated: boolean;
  };
  /** Framework K17 and K16: people kept past the register's stated period, leaked data it does not mention. */
  retention: RetentionCheck;
}

/** Sent or delivered: the message left for the person (a later bounce is counted as failed). */
const SENT = new Set(["sent", "delivered"]);
const FAILED = new Set(["failed", "bounced", "unreachable"]);

/** The evidence report of one of the organisation's breaches; 404 for another organisation's, as for none. */
export async function breachEvidence(
  ctx: OperationContext,
  actor: Actor,
  input: { breachId: string; now?: Date },
): Promise<EvidenceReport> {
  const organisationId = actingOrganisation(actor, "breach.evidence");
  const notFound = new OperationProblem("not-found", "There is no such breach.");
  if (!UUID.test(input.breachId)) throw notFound;
  const breach = await breaches.get(ctx.db, organisationId, input.breachId);
  if (!breach) throw notFound;
  const organisation = await organisations.get(ctx.db, organisationId);
  const [campaignRows, updates, retention] = await Promise.all([
    evidence.campaignsOf(ctx.db, breach.id),
    evidence.updatesOf(ctx.db, breach.id),
    retentionCheckOf(ctx, breach),
  ]);
  // The export itself is recorded first, so the head and the entries below include it.
  await audit.append(ctx.db, ctx.keys, {
    actor: actor.name,
    action: "breach.evidence-exported",
    subject: breach.id,
    details: { campaigns: campaignRows.length, updates: updates.length },
  });
  const subjects = [breach.id, ...campaignRows.map((c) => c.id), ...updates.map((u) => u.id)];
  const [entries, head, chain] = await Promise.all([
    evidence.auditAbout(ctx.db, subjects),
    audit.head(ctx.db),
    audit.verify(ctx.db, ctx.keys),
  ]);
  const campaigns = campaignRows.map(campaignReport);
  const firstNotices = campaigns.filter((c) => c.kind === "first-notice");
  const times = (pick: (c: CampaignReport) => string | null) =>
    firstNotices
      .map(pick)
      .filter((t): t is string => t !== null)
      .sort();
  return {
    format: "lekwijzer-evidence/1",
    generatedAt: (input.now ?? new Date()).toISOString(),
    generatedBy: actor.name,
    organisation: organisation?.name ?? "",
    breach: breachPart(breach),
    authorityDeadline: authorityDeadline(breach),
    victimNotices: {
      firstSentAt: times((c) => c.firstSentAt)[0] ?? null,
      lastSentAt: times((c) => c.lastSentAt).at(-1) ?? null,
      sent: sum(firstNotices, SENT),
      failed: sum(firstNotices, FAILED),
    },
    timeline: timeline(breach, campaigns, updates, entries.entries),
    campaigns,
    updates: updates.map((u) => ({
      id: u.id,
      title: u.title,
      createdAt: u.createdAt.toISOString(),
      publishedAt: u.publishedAt?.toISOString() ?? null,
    })),
    audit: {
      head,
      chain,
      entries: entries.entries.map((e) => ({ ...e, at: e.at.toISOString() })),
      truncated: entries.truncated,
    },
    retention,
  };
}

function sum(campaigns: CampaignReport[], statuses: ReadonlySet<string>): number {
  let n = 0;
  for (const c of campaigns)
    for (const [status, count] of Object.entries(c.byStatus)) if (statuses.has(status)) n += count;
  return n;
}

/** The stored assessment's fields the export repeats (assess/assessment.ts), read defensively: it is JSON. */
interface StoredAssessment {
  risk?: unknown;
  largeBreach?: unknown;
  obligations?: { notifyAuthority?: unknown; notifySubjects?: unknown };
}

function breachPart(breach: Breach): EvidenceReport["breach"] {
  const assessment = breach.assessment as StoredAssessment | null;
  return {
    id: breach.id,
    slug: breach.slug,
    title: breach.title,
    status: breach.status,
    awareAt: breach.awareAt.toISOString(),
    risk: typeof assessment?.risk === "string" ? assessment.risk : null,
    largeBreach: typeof assessment?.largeBreach === "boolean" ? assessment.largeBreach : null,
    notifyAuthority: flag(assessment?.obligations?.notifyAuthority),
    notifySubjects: flag(assessment?.obligations?.notifySubjects),
    legalHold: breach.legalHold
      ? { reason: breach.legalHold.reason, by: breach.legalHold.by, at: breach.legalHold.at.toISOString() }
      : null,
  };
}

const flag = (value: unknown): boolean | null => (typeof value === "boolean" ? value : null);

function authorityDeadline(breach: Breach): EvidenceReport["authorityDeadline"] {
  const due = new Date(breach.awareAt.getTime() + 72 * HOUR);
  const notified = breach.authorityNotifiedAt;
  return {
    dueAt: due.toISOString(),
    notifiedAt: notified?.toISOString() ?? null,
    onTime: notified ? notified.getTime() <= due.getTime() : null,
  };
}

function campaignReport(c: Awaited<ReturnType<typeof evidence.campaignsOf>>[number]): CampaignReport {
  const byStatus: Record<string, number> = {};
  const byChannel: Record<string, Record<string, number>> = {};
  for (const { channel, status, n } of c.counts) {
    byStatus[status] = (byStatus[status] ?? 0) + n;
    const slot = byChannel[channel] ?? {};
    slot[status] = (slot[status] ?? 0) + n;
    byChannel[channel] = slot;
  }
  const checks: Record<string, number> = {};
  for (const finding of c.findings) {
    const severity = (finding as { severity?: unknown } | null)?.severity;
    const key = typeof severity === "string" ? severity : "other";
    checks[key] = (checks[key] ?? 0) + 1;
  }
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return {
    id: c.id,
    kind: c.kind,
    status: c.status,
    createdBy: c.createdBy,
    approvedBy: c.approvedBy,
    approval: c.approval,
    checks,
    createdAt: c.createdAt.toISOString(),
    startedAt: iso(c.startedAt),
    finishedAt: iso(c.finishedAt),
    firstSentAt: iso(c.firstSentAt),
    lastSentAt: iso(c.lastSentAt),
    total: c.total,
    byStatus,
    byChannel,
  };
}

/** The audit actions that are steps of the timeline, with the event each one is. */
const AUDITED: Readonly<Record<string, TimelineEvent["event"]>> = {
  "breach.created": "registered",
  "breach.page-published": "page-published",
  "breach.register-listed": "register-listed",
  "victims.imported": "victims-imported",
  "campaign.created": "campaign-created",
  "campaign.approved": "campaign-approved",
  "campaign.started": "campaign-started",
  "campaign.done": "campaign-finished",
  "update.published": "update-published",
};

function timeline(
  breach: Breach,
  campaigns: CampaignReport[],
  updates: Awaited<ReturnType<typeof evidence.updatesOf>>,
  entries: AuditEvidence[],
): TimelineEvent[] {
  const events: TimelineEvent[] = [{ at: breach.awareAt.toISOString(), event: "aware" }];
  const seen = new Set<string>();
  for (const e of entries) {
    const event = AUDITED[e.action];
    if (!event) continue;
    const about = e.subject && e.subject !== breach.id ? e.subject : undefined;
    seen.add(`${event}:${about ?? ""}`);
    events.push({ at: e.at.toISOString(), event, by: e.actor, ...(about ? { about } : {}) });
  }
  // Facts kept outside the audit log (older data, or steps recorded only on the rows themselves).
  const add = (at: string | null, event: TimelineEvent["event"], about?: string, by?: string) => {
    if (!at || seen.has(`${event}:${about ?? ""}`)) return;
    events.push({ at, event, ...(by ? { by } : {}), ...(about ? { about } : {}) });
  };
  add(breach.authorityNotifiedAt?.toISOString() ?? null, "authority-notified");
  add(breach.createdAt.toISOString(), "registered");
  for (const c of campaigns) {
    add(c.createdAt, "campaign-created", c.id, c.createdBy);
    add(c.startedAt, "campaign-started", c.id);
    add(c.firstSentAt, "first-message-sent", c.id);
    add(c.lastSentAt, "last-message-sent", c.id);
    add(c.finishedAt, "campaign-finished", c.id);
  }
  for (const u of updates) add(u.publishedAt?.toISOString() ?? null, "update-published", u.id);
  return events.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}
