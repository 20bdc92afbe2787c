/**
 * Notices to the regulator about a breach (GDPR art. 33), after the sections of the Dutch regulator's form, in
 * phases: the initial notice, supplements that refer to it, and a withdrawal. What the breach's facts and
 * assessment already say is filled in for the officer, who completes rather than retypes. An initial notice
 * more than 72 hours after awareness is refused without reasons for the delay (art. 33(1)). Lekwijzer records
 * the notice and shows it to the regulator's oversight; it exports it as JSON and PDF for the regulator's own
 * form. Beside it run the NIS2 clock (Cyberbeveiligingswet: early warning 24 h, incident notice 72 h, final
 * report one month, to the CSIRT and the competent authority; Lekwijzer records when each was sent) and, for a
 * processor, a notice to each controller it works for.
 */
import { CATEGORIES, CATEGORY_IDS } from "../framework/index.ts";
import {
  audit,
  type Breach,
  breaches,
  type ControllerNotice,
  type Nis2Clock,
  type NoticePhase,
  organisations,
  type RegulatorNotice,
  regulatorNotices,
  transaction,
} from "../store/index.ts";
import { type Actor, actingOrganisation } from "./actor.ts";
import { ownBreach } from "./breaches.ts";
import { type OperationContext, OperationProblem } from "./context.ts";
import { UUID } from "./ids.ts";
import {
  type NoticeSections,
  noticeProblems,
  noticeSectionsSchema,
  withdrawalSchema,
} from "./regulator-notices-schema.ts";

const HOUR = 3_600_000;
export const NOTICE_PHASES: readonly NoticePhase[] = ["initial", "supplement", "withdrawal"];
export const NIS2_REPORTS = ["early-warning", "incident-notice", "final-report"] as const;
export type Nis2Report = (typeof NIS2_REPORTS)[number];

/** A notice as every door shows it; `refersTo` is the number of the notice it supplements or withdraws. */
export interface NoticeView {
  number: number;
  phase: NoticePhase;
  refersTo: number | null;
  submittedAt: string;
  submittedBy: string;
  /** Submitted more than 72 hours after the organisation became aware. */
  late: boolean;
  delayReasons: string | null;
  sections: Record<string, unknown>;
}

export interface Nis2View {
  applies: boolean;
  reports: { report: Nis2Report; dueAt: string; sentAt: string | null; overdue: boolean }[];
}

export interface ControllerNoticeView {
  id: string;
  controllerName: string;
  controllerContact: string;
  decide: string;
  createdAt: string;
  createdBy: string;
}

/** What the notice page needs: the breach, the prefilled sections, the notices so far, the clocks. */
export interface NoticeWorkspace {
  breach: { id: string; title: string; awareAt: string; risk: string | null; dueAt: string };
  /** The sections as far as the facts (or the last notice) tell them. */
  prefill: Record<string, Record<string, unknown>>;
  notices: NoticeView[];
  /** Which phase comes next (null after a withdrawal), and whether it must carry reasons for delay now. */
  next: { phase: NoticePhase | null; reasonsRequired: boolean };
  nis2: Nis2View;
  controllerNotices: ControllerNoticeView[];
}

/** The JSON export of one notice (`lekwijzer-regulator-notice/1`). */
export interface NoticeExport {
  format: "lekwijzer-regulator-notice/1";
  organisation: string;
  breach: { id: string; slug: string; title: string; awareAt: string; dueAt: string };
  notice: NoticeView;
  nis2: Nis2View | null;
}

const notFound = () => new OperationProblem("not-found", "There is no such breach.");

async function breachOf(ctx: OperationContext, organisationId: string, breachId: string): Promise<Breach> {
  if (!UUID.test(breachId)) throw notFound();
  return ownBreach(ctx, organisationId, breachId);
}

const dueAt = (breach: Breach) => new Date(breach.awareAt.getTime() + 72 * HOUR);
const riskOf = (breach: Breach): string | null => {
  const risk = (breach.assessment as { risk?: unknown } | null)?.risk;
  return typeof risk === "string" ? risk : null;
};

export function presentNotice(notice: RegulatorNotice, all: readonly RegulatorNotice[]): NoticeView {
  return {
    number: notice.number,
    phase: notice.phase,
    refersTo: all.find((n) => n.id === notice.refersTo)?.number ?? null,
    submittedAt: notice.submittedAt.toISOString(),
    submittedBy: notice.submittedBy,
    late: notice.late,
    delayReasons: notice.delayReasons,
    sections: notice.sections,
  };
}

/** The NIS2 clock: each report's due time from awareness, when it was sent, and whether it is overdue now. */
export function nis2View(breach: Breach, clock: Nis2Clock | undefined, now: Date): Nis2View {
  const aware = breach.awareAt;
  const month = new Date(aware);
  month.setUTCMonth(month.getUTCMonth() + 1);
  const due: Record<Nis2Report, Date> = {
    "early-warning": new Date(aware.getTime() + 24 * HOUR),
    "incident-notice": new Date(aware.getTime() + 72 * HOUR),
    "final-report": month,
  };
  const sent: Record<Nis2Report, Date | null> = {
    "early-warning": clock?.earlyWarningAt ?? null,
    "incident-notice": clock?.incidentNoticeAt ?? null,
    "final-report": clock?.finalReportAt ?? null,
  };
  return {
    applies: clock?.applies ?? false,
    reports: NIS2_REPORTS.map((report) => ({
      report,
      dueAt: due[report].toISOString(),
      sentAt: sent[report]?.toISOString() ?? null,
      overdue: sent[report] === null && now.getTime() > due[report].getTime(),
    })),
  };
}

const presentControllerNotice = (n: ControllerNotice): ControllerNoticeView => ({
  id: n.id,
  controllerName: n.controllerName,
  controllerContact: n.controllerContact,
  decide: n.decide,
  createdAt: n.createdAt.toISOString(),
  createdBy: n.createdBy,
});

/** The next phase after the notices so far: initial first, then supplements or a withdrawal, then none. */
function nextPhase(notices: readonly RegulatorNotice[]): NoticePhase | null {
  if (notices.some((n) => n.phase === "withdrawal")) return null;
  return notices.some((n) => n.phase === "initial") ? "supplement" : "initial";
}

/** The notice page's data for one of the organisation's breaches. */
export async function regulatorNoticeWorkspace(
  ctx: OperationContext,
  actor: Actor,
  input: { breachId: string; now?: Date },
): Promise<NoticeWorkspace> {
  const organisationId = actingOrganisation(actor, "regulator-notice.read");
  const breach = await breachOf(ctx, organisationId, input.breachId);
  const now = input.now ?? new Date();
  const [notices, clock, controllers, organisation] = await Promise.all([
    regulatorNotices.listByBreach(ctx.db, organisationId, breach.id),
    regulatorNotices.nis2Of(ctx.db, organisationId, breach.id),
    regulatorNotices.controllerNotices(ctx.db, organisationId, breach.id),
    organisations.get(ctx.db, organisationId),
  ]);
  const phase = nextPhase(notices);
  const last = notices.filter((n) => n.phase !== "withdrawal").at(-1);
  return {
    breach: {
      id: breach.id,
      title: breach.title,
      awareAt: breach.awareAt.toISOString(),
      risk: riskOf(breach),
      dueAt: dueAt(breach).toISOString(),
    },
    prefill: last
      ? (last.sections as NoticeWorkspace["prefill"])
      : prefillFromBreach(breach, organisation?.name ?? ""),
    notices: notices.map((n) => presentNotice(n, notices)),
    next: { phase, reasonsRequired: phase === "initial" && now.getTime() > dueAt(breach).getTime() },
    nis2: nis2View(breach, clock, now),
    controllerNotices: controllers.map(presentControllerNotice),
  };
}

/** The breach's stored facts, read defensively (they are JSON). */
interface StoredFacts {
  title?: unknown;
  awareAt?: unknown;
  occurredFrom?: unknown;
  occurredTo?: unknown;
  nature?: unknown;
  cause?: unknown;
  subjects?: { count?: unknown; groups?: unknown };
  data?: { category?: unknown }[];
  protection?: { encrypted?: unknown; pseudonymised?: unknown };
  controller?: { name?: unknown };
}

const str = (value: unknown): string => (typeof value === "string" ? value : "");
const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];

/** What the breach's facts and assessment already tell of each section. */
export function prefillFromBreach(breach: Breach, organisationName: string): NoticeWorkspace["prefill"] {
  const facts = breach.facts as StoredFacts;
  const assessment = breach.assessment as {
    risk?: unknown;
    reasons?: { text?: unknown }[];
    obligations?: { notifySubjects?: unknown };
  } | null;
  const categories = (facts.data ?? [])
    .map((d) => str(d?.category))
    .filter((c) => (CATEGORY_IDS as readonly string[]).includes(c));
  const special = categories.some((c) => CATEGORIES.find((k) => k.id === c)?.special === true);
  const count = typeof facts.subjects?.count === "number" ? facts.subjects.count : undefined;
  const reasons = (assessment?.reasons ?? []).map((r) => str(r?.text)).filter(Boolean);
  const notifySubjects = assessment?.obligations?.notifySubjects === true;
  return {
    about: { organisationName: organisationName || str(facts.controller?.name), complete: true },
    contacts: {},
    timeline: {
      awareAt: str(facts.awareAt) || breach.awareAt.toISOString(),
      occurredFrom: str(facts.occurredFrom),
      occurredTo: str(facts.occurredTo),
      ongoing: false,
    },
    breach: { summary: str(facts.title), nature: strings(facts.nature), cause: str(facts.cause) },
    personalData: { categories: [...new Set(categories)], special },
    dataSubjects: {
      ...(count !== undefined ? { countMin: count, countMax: count } : {}),
      groups: strings(facts.subjects?.groups).join(", "),
    },
    protection: {
      encrypted: facts.protection?.encrypted === true,
      pseudonymised: facts.protection?.pseudonymised === true,
    },
    consequences: { ...(riskOf(breach) ? { risk: riskOf(breach) } : {}), description: reasons.join("\n") },
    followUp: {
      subjectsInformed: breach.subjectsNotifiedAt ? "yes" : notifySubjects ? "planned" : "no",
      crossBorder: false,
    },
  };
}

export interface SubmitNoticeInput {
  breachId: string;
  phase: unknown;
  sections: unknown;
  delayReasons?: string | undefined;
  now?: Date;
}

/** Validates a notice's input; problems name `phase`, `sections.<section>.<field>` or `delayReasons`. */
function parsePhase(value: unknown): NoticePhase {
  const phase = NOTICE_PHASES.find((p) => p === value);
  if (!phase)
    throw new OperationProblem("invalid", "The notice is not valid.", [
      { path: "phase", message: "expected initial, supplement or withdrawal" },
    ]);
  return phase;
}

/** Refuses a phase the notices so far do not allow: the initial once and first; nothing after a withdrawal. */
function checkPhase(phase: NoticePhase, notices: readonly RegulatorNotice[]): void {
  const expected = nextPhase(notices);
  if (expected === null) throw new OperationProblem("conflict", "withdrawn: the notice was withdrawn.");
  if (phase === "initial" && expected !== "initial")
    throw new OperationProblem("conflict", "initial-exists: this breach has an initial notice already.");
  if (phase !== "initial" && expected === "initial")
    throw new OperationProblem("conflict", "no-initial: submit the initial notice first.");
}

function validated(
  input: SubmitNoticeInput,
  phase: NoticePhase,
  late: boolean,
): { sections: NoticeSections | { reason: string }; delayReasons: string | null } {
  const parsed = (phase === "withdrawal" ? withdrawalSchema : noticeSectionsSchema).safeParse(input.sections);
  const problems = parsed.success
    ? []
    : noticeProblems(parsed.error).map((p) => ({ ...p, path: `sections.${p.path}` }));
  const delayReasons = input.delayReasons?.trim().slice(0, 4000) || null;
  if (phase === "initial" && late && !delayReasons)
    problems.push({
      path: "delayReasons",
      message: "the notice comes more than 72 hours after the organisation became aware: give the reasons",
    });
  if (problems.length > 0 || !parsed.success)
    throw new OperationProblem("invalid", "The notice is not valid.", problems);
  return { sections: parsed.data, delayReasons };
}

/**
 * Submits a notice of one of the organisation's breaches. An initial notice comes first and once; supplements
 * and a withdrawal refer to it; nothing follows a withdrawal. The notice, the breach's "authority notified"
 * time (on the initial notice) and the audit entry commit together.
 */
export async function submitRegulatorNotice(
  ctx: OperationContext,
  actor: Actor,
  input: SubmitNoticeInput,
): Promise<NoticeView> {
  const organisationId = actingOrganisation(actor, "regulator-notice.submit");
  const breach = await breachOf(ctx, organisationId, input.breachId);
  const now = input.now ?? new Date();
  const late = now.getTime() > dueAt(breach).getTime();
  const phase = parsePhase(input.phase);
  // The phase is checked before the sections, so a notice that cannot be submitted now says so first.
  checkPhase(phase, await regulatorNotices.listByBreach(ctx.db, organisationId, breach.id));
  const { sections, delayReasons } = validated(input, phase, late);
  const stored = await transaction(ctx.db, async (tx) => {
    const notices = await regulatorNotices.listByBreach(tx, organisationId, breach.id);
    checkPhase(phase, notices);
    const initial = notices.find((n) => n.phase === "initial");
    const notice = await regulatorNotices.create(tx, {
      organisationId,
      breachId: breach.id,
      phase,
      refersTo: phase === "initial" ? null : (initial?.id ?? null),
      sections: sections as Record<string, unknown>,
      delayReasons,
      late: phase === "initial" ? late : false,
      submittedAt: now,
      submittedBy: actor.name,
    });
    if (phase === "initial" && !breach.authorityNotifiedAt)
      await breaches.recordAuthorityNotified(tx, organisationId, breach.id, now);
    await audit.append(tx, ctx.keys, {
      actor: actor.name,
      action: "regulator-notice.submitted",
      subject: breach.id,
      details: { number: notice.number, phase, late: notice.late, delayReasons: delayReasons !== null },
    });
    return { notice, all: [...notices, notice] };
  }).catch((error: unknown) => {
    // Another notice took the number (or the one initial) at the same moment.
    if ((error as { code?: unknown }).code === "23505")
      throw new OperationProblem("conflict", "busy: another notice was submitted at the same moment.");
    throw error;
  });
  return presentNotice(stored.notice, stored.all);
}

/** One notice of the organisation's breach as its JSON export; another organisation's is not found. */
export async function regulatorNoticeExport(
  ctx: OperationContext,
  actor: Actor,
  input: { breachId: string; number: number; now?: Date },
): Promise<NoticeExport> {
  const organisationId = actingOrganisation(actor, "regulator-notice.read");
  const breach = await breachOf(ctx, organisationId, input.breachId);
  const notices = await regulatorNotices.listByBreach(ctx.db, organisationId, breach.id);
  const notice = notices.find((n) => n.number === input.number);
  if (!notice) throw new OperationProblem("not-found", "There is no such notice.");
  const [clock, organisation] = await Promise.all([
    regulatorNotices.nis2Of(ctx.db, organisationId, breach.id),
    organisations.get(ctx.db, organisationId),
  ]);
  return noticeExport(breach, organisation?.name ?? "", presentNotice(notice, notices), clock, input.now);
}

export function noticeExport(
  breach: Breach,
  organisation: string,
  notice: NoticeView,
  clock: Nis2Clock | undefined,
  now = new Date(),
): NoticeExport {
  return {
    format: "lekwijzer-regulator-notice/1",
    organisation,
    breach: {
      id: breach.id,
      slug: breach.slug,
      title: breach.title,
      awareAt: breach.awareAt.toISOString(),
      dueAt: dueAt(breach).toISOString(),
    },
    notice,
    nis2: clock?.applies ? nis2View(breach, clock, now) : null,
  };
}

/**
 * Sets whether the breach falls under the Cyberbeveiligingswet (NIS2) and records when a report was sent to the
 * CSIRT and the competent authority. Lekwijzer records; it does not send.
 */
export async function recordNis2(
  ctx: OperationContext,
  actor: Actor,
  input: { breachId: string; applies: boolean; sent?: Partial<Record<Nis2Report, Date | null>>; now?: Date },
): Promise<Nis2View> {
  const organisationId = actingOrganisation(actor, "nis2.record");
  const breach = await breachOf(ctx, organisationId, input.breachId);
  const now = input.now ?? new Date();
  for (const [report, at] of Object.entries(input.sent ?? {}))
    if (at && (Number.isNaN(at.getTime()) || at.getTime() > now.getTime() + 5 * 60_000))
      throw new OperationProblem("invalid", "The time is not valid.", [
        { path: `sent.${report}`, message: "expected a time that has passed" },
      ]);
  const clock = await transaction(ctx.db, async (tx) => {
    const before = await regulatorNotices.nis2Of(tx, organisationId, breach.id);
    const pick = (report: Nis2Report, old: Date | null) =>
      input.sent && report in input.sent ? (input.sent[report] ?? null) : old;
    const next: Nis2Clock = {
      applies: input.applies,
      earlyWarningAt: pick("early-warning", before?.earlyWarningAt ?? null),
      incidentNoticeAt: pick("incident-notice", before?.incidentNoticeAt ?? null),
      finalReportAt: pick("final-report", before?.finalReportAt ?? null),
      updatedAt: now,
      updatedBy: actor.name,
    };
    await regulatorNotices.setNis2(tx, organisationId, breach.id, next);
    await audit.append(tx, ctx.keys, {
      actor: actor.name,
      action: "nis2.recorded",
      subject: breach.id,
      details: { applies: next.applies, reports: Object.keys(input.sent ?? {}) },
    });
    return next;
  });
  return nis2View(breach, clock, now);
}

/** A processor's notice to one controller it works for, with what the controller needs to decide. */
export async function addControllerNotice(
  ctx: OperationContext,
  actor: Actor,
  input: { breachId: string; controllerName: string; controllerContact: string; decide: string; now?: Date },
): Promise<ControllerNoticeView> {
  const organisationId = actingOrganisation(actor, "controller-notice.create");
  const breach = await breachOf(ctx, organisationId, input.breachId);
  const problems: { path: string; message: string }[] = [];
  const name = input.controllerName.trim().slice(0, 200);
  const contact = input.controllerContact.trim().slice(0, 320);
  const decide = input.decide.trim().slice(0, 4000);
  if (!name) problems.push({ path: "controllerName", message: "must not be empty" });
  if (!contact) problems.push({ path: "controllerContact", message: "must not be empty" });
  if (!decide) problems.push({ path: "decide", message: "must not be empty" });
  if (problems.length > 0)
    throw new OperationProblem("invalid", "The controller notice is not valid.", problems);
  const stored = await transaction(ctx.db, async (tx) => {
    const notice = await regulatorNotices.addControllerNotice(tx, organisationId, {
      breachId: breach.id,
      controllerName: name,
      controllerContact: contact,
      decide,
      createdAt: input.now ?? new Date(),
      createdBy: actor.name,
    });
    await audit.append(tx, ctx.keys, {
      actor: actor.name,
      action: "controller-notice.created",
      subject: breach.id,
      details: { id: notice.id },
    });
    return notice;
  });
  return presentControllerNotice(stored);
}

/** The JSON export of a controller notice: the controller, and the facts it needs to decide on its own duties. */
export interface ControllerNoticeExport {
  format: "lekwijzer-controller-notice/1";
  processor: string;
  controller: { name: string; contact: string };
  decide: string;
  breach: {
    id: string;
    title: string;
    awareAt: string;
    facts: Record<string, unknown>;
    categories: string[];
    subjects: number | null;
    risk: string | null;
    obligations: Record<string, unknown> | null;
  };
  createdAt: string;
  createdBy: string;
}

/**
 * One controller notice of the organisation's breach, for its JSON or PDF export (`format` is recorded): each
 * export is audit-logged, since it carries the breach's facts out of Lekwijzer to another organisation.
 * Another organisation's breach or notice is not found.
 */
export async function controllerNoticeExport(
  ctx: OperationContext,
  actor: Actor,
  input: { breachId: string; id: string; format?: "json" | "pdf" },
): Promise<ControllerNoticeExport> {
  const organisationId = actingOrganisation(actor, "regulator-notice.read");
  const breach = await breachOf(ctx, organisationId, input.breachId);
  const notice = UUID.test(input.id)
    ? (await regulatorNotices.controllerNotices(ctx.db, organisationId, breach.id)).find(
        (n) => n.id === input.id,
      )
    : undefined;
  if (!notice) throw new OperationProblem("not-found", "There is no such controller notice.");
  const organisation = await organisations.get(ctx.db, organisationId);
  await audit.append(ctx.db, ctx.keys, {
    actor: actor.name,
    action: "controller-notice.exported",
    subject: breach.id,
    details: { id: notice.id, format: input.format ?? "json" },
  });
  const prefill = prefillFromBreach(breach, organisation?.name ?? "");
  const count = (breach.facts as StoredFacts).subjects?.count;
  const obligations = (breach.assessment as { obligations?: Record<string, unknown> } | null)?.obligations;
  return {
    format: "lekwijzer-controller-notice/1",
    processor: organisation?.name ?? "",
    controller: { name: notice.controllerName, contact: notice.controllerContact },
    decide: notice.decide,
    breach: {
      id: breach.id,
      title: breach.title,
      awareAt: breach.awareAt.toISOString(),
      facts: breach.facts,
      categories: (prefill.personalData?.categories as string[] | undefined) ?? [],
      subjects: typeof count === "number" ? count : null,
      risk: riskOf(breach),
      obligations: obligations ?? null,
    },
    createdAt: notice.createdAt.toISOString(),
    createdBy: notice.createdBy,
  };
}
