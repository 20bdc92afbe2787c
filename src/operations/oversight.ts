/**
 * The regulator's oversight (issue 17): incoming notices of every organisation, filterable; each breach's
 * assessment, timeline (awareness → regulator notice → first and last victim notice → updates) and figures
 * (people reached per channel, unreachable, whether a public page exists), aggregated in SQL; and alerts
 * (high-risk breaches whose people heard nothing after a configurable time; breaches without a notice 72 hours
 * after awareness; late notices without reasons). Only the `oversight` role reads across organisations; an
 * organisation's staff are refused for the role, before anything is read. Viewing a breach is audit-logged.
 */
import { audit, breaches, type NoticePhase, organisations, regulatorNotices } from "../store/index.ts";
import { type Actor, authorize } from "./actor.ts";
import { type OperationContext, OperationProblem } from "./context.ts";
import {
  type Nis2View,
  NOTICE_PHASES,
  type NoticeView,
  nis2View,
  presentNotice,
} from "./regulator-notices.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const RISKS = ["unlikely", "risk", "high"] as const;
/** Alert on a high-risk breach whose people got no message this many hours after awareness (default). */
export const VICTIM_NOTICE_ALERT_HOURS = 72;

export interface OversightFilterInput {
  organisationId?: string | undefined;
  phase?: string | undefined;
  risk?: string | undefined;
  late?: boolean | undefined;
}

export interface OversightNotice {
  breachId: string;
  breachTitle: string;
  organisationName: string;
  number: number;
  phase: NoticePhase;
  risk: string | null;
  awareAt: string;
  submittedAt: string;
  late: boolean;
  hasReasons: boolean;
}

/** Unknown filter values are dropped (a hand-edited query shows everything rather than failing). */
function cleanFilter(input: OversightFilterInput) {
  return {
    organisationId:
      input.organisationId && UUID.test(input.organisationId) ? input.organisationId : undefined,
    phase: NOTICE_PHASES.find((p) => p === input.phase),
    risk: RISKS.find((r) => r === input.risk),
    late: input.late === true ? true : undefined,
  };
}

/** Every organisation's notices, newest first, and the organisations to filter by. */
export async function listOversightNotices(
  ctx: OperationContext,
  actor: Actor,
  input: OversightFilterInput = {},
): Promise<{ notices: OversightNotice[]; organisations: { id: string; name: string }[] }> {
  authorize(actor, "oversight.read");
  const [rows, all] = await Promise.all([
    regulatorNotices.listAcrossOrganisations(ctx.db, cleanFilter(input)),
    organisations.list(ctx.db),
  ]);
  return {
    notices: rows.map((r) => ({
      breachId: r.breachId,
      breachTitle: r.breachTitle,
      organisationName: r.organisationName,
      number: r.number,
      phase: r.phase,
      risk: r.risk,
      awareAt: r.awareAt.toISOString(),
      submittedAt: r.submittedAt.toISOString(),
      late: r.late,
      hasReasons: r.hasReasons,
    })),
    organisations: all.map((o) => ({ id: o.id, name: o.name })),
  };
}

export interface OversightAlertView {
  kind: "victims-not-told" | "no-notice-after-72h" | "late-without-reasons";
  breachId: string;
  breachTitle: string;
  organisationName: string;
  awareAt: string;
}

/** What needs the regulator's attention now; `victimNoticeAfterHours` is the configured wait. */
export async function oversightAlerts(
  ctx: OperationContext,
  actor: Actor,
  input: { now?: Date; victimNoticeAfterHours?: number } = {},
): Promise<OversightAlertView[]> {
  authorize(actor, "oversight.read");
  const rows = await regulatorNotices.alertsAcrossOrganisations(ctx.db, {
    now: input.now ?? new Date(),
    victimHours: input.victimNoticeAfterHours ?? VICTIM_NOTICE_ALERT_HOURS,
  });
  return rows.map((r) => ({ ...r, awareAt: r.awareAt.toISOString() }));
}

export interface TimelineStep {
  at: string;
  event: "aware" | "regulator-notice" | "first-victim-notice" | "last-victim-notice" | "last-update";
  /** The notice's number and phase, for a regulator notice. */
  notice?: { number: number; phase: NoticePhase };
}

export interface OversightBreach {
  breach: {
    id: string;
    title: string;
    organisationName: string;
    status: string;
    awareAt: string;
    assessment: Record<string, unknown> | null;
    /** The public breach page is published. */
    publicPage: boolean;
  };
  notices: NoticeView[];
  timeline: TimelineStep[];
  /** Hours from awareness to the initial notice, the first and the last victim notice (null: not yet). */
  hours: {
    regulatorNotice: number | null;
    firstVictimNotice: number | null;
    lastVictimNotice: number | null;
  };
  people: {
    victims: number;
    addressed: number;
    reached: number;
    unreachable: number;
    /** Per channel: people reached on it, and their share of the people addressed (0–1). */
    byChannel: { channel: string; reached: number; share: number }[];
  };
  updatesPublished: number;
  nis2: Nis2View | null;
}

const hoursBetween = (from: Date, to: Date | null | undefined) =>
  to ? Math.round(((to.getTime() - from.getTime()) / 3_600_000) * 10) / 10 : null;

/** One breach of any organisation, as oversight sees it; the view is audit-logged. */
export async function oversightBreach(
  ctx: OperationContext,
  actor: Actor,
  input: { breachId: string; now?: Date },
): Promise<OversightBreach> {
  authorize(actor, "oversight.read");
  const notFound = new OperationProblem("not-found", "There is no such breach.");
  if (!UUID.test(input.breachId)) throw notFound;
  const breach = await breaches.getAcrossOrganisations(ctx.db, input.breachId);
  if (!breach) throw notFound;
  const [notices, figures, organisation, clock] = await Promise.all([
    regulatorNotices.listByBreachAcrossOrganisations(ctx.db, breach.id),
    regulatorNotices.figuresAcrossOrganisations(ctx.db, breach.id),
    organisations.get(ctx.db, breach.organisationId),
    regulatorNotices.nis2Of(ctx.db, breach.organisationId, breach.id),
  ]);
  await audit.append(ctx.db, ctx.keys, {
    actor: actor.name,
    action: "oversight.breach-viewed",
    subject: breach.id,
  });
  const initial = notices.find((n) => n.phase === "initial");
  const timeline: TimelineStep[] = [{ at: breach.awareAt.toISOString(), event: "aware" }];
  for (const n of notices)
    timeline.push({
      at: n.submittedAt.toISOString(),
      event: "regulator-notice",
      notice: { number: n.number, phase: n.phase },
    });
  if (figures.firstSentAt)
    timeline.push({ at: figures.firstSentAt.toISOString(), event: "first-victim-notice" });
  if (figures.lastSentAt)
    timeline.push({ at: figures.lastSentAt.toISOString(), event: "last-victim-notice" });
  if (figures.lastUpdateAt) timeline.push({ at: figures.lastUpdateAt.toISOString(), event: "last-update" });
  timeline.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const share = (n: number) =>
    figures.addressed > 0 ? Math.round((n / figures.addressed) * 1000) / 1000 : 0;
  return {
    breach: {
      id: breach.id,
      title: breach.title,
      organisationName: organisation?.name ?? "",
      status: breach.status,
      awareAt: breach.awareAt.toISOString(),
      assessment: breach.assessment,
      publicPage: breach.pageSlug !== null,
    },
    notices: notices.map((n) => presentNotice(n, notices)),
    timeline,
    hours: {
      regulatorNotice: hoursBetween(breach.awareAt, initial?.submittedAt ?? breach.authorityNotifiedAt),
      firstVictimNotice: hoursBetween(breach.awareAt, figures.firstSentAt),
      lastVictimNotice: hoursBetween(breach.awareAt, figures.lastSentAt),
    },
    people: {
      victims: figures.victims,
      addressed: figures.addressed,
      reached: figures.reached,
      unreachable: figures.unreachable,
      byChannel: figures.byChannel.map((c) => ({ ...c, share: share(c.reached) })),
    },
    updatesPublished: figures.updatesPublished,
    nis2: clock?.applies ? nis2View(breach, clock, input.now ?? new Date()) : null,
  };
}
