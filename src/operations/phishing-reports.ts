/**
 * "Ik kreeg een verdacht bericht": people report a message that claims to be about a breach, and the
 * organisation sees the reports, their trend and an export for the police's report desk, and publishes a
 * phishing warning.
 *
 * Reporting needs no account and has no actor (the breach's public page is the door; its limits are the door's
 * job): the text is scrubbed of the reporter's own data (phishing-scrub.ts) and a screenshot loses its
 * metadata (screenshot.ts) before anything is stored, and nothing about the reporter is kept. Reading is the
 * organisation's, through the permission table, with every query limited to its own breach in SQL.
 *
 * A warning is published *as an update* of the breach (store/updates.ts), so the breach page's timeline shows
 * it and a follow-up campaign can carry it like any update; a row beside it says whether it is still active,
 * and `activePhishingWarnings` gives the breach page the ones to show prominently. Withdrawing a warning ends
 * that prominence but keeps the dated update in the timeline: what was said, was said.
 */
import { type BilingualText, LANGUAGES, type Language } from "../core/index.ts";
import { checkPlainLanguage } from "../framework/index.ts";
import {
  audit,
  breachUpdates,
  type PhishingChannel,
  type PhishingReport,
  type PhishingWarning,
  type PublicBreach,
  phishingReports,
  transaction,
  updateMailings,
} from "../store/index.ts";
import { type Action, type Actor, actingOrganisation } from "./actor.ts";
import { refreshBreachPage } from "./breach-pages.ts";
import { type OperationContext, OperationProblem } from "./context.ts";
import { UUID } from "./ids.ts";
import { cleanSender, scrubReportText } from "./phishing-scrub.ts";
import { checkScreenshot } from "./screenshot.ts";

export const PHISHING_CHANNELS: readonly PhishingChannel[] = [
  "email",
  "sms",
  "phone",
  "letter",
  "social",
  "other",
];

export const REPORT_LIMITS = { sender: 200, text: 5_000, warningTitle: 160, warningBody: 2_000 } as const;

/** Reports older than this many days are not taken (they say nothing about a wave now). */
const OLDEST_REPORT_DAYS = 366;
/** A phrase must appear in at least this many reports before the trend shows it (never one person's words). */
export const MIN_PHRASE_REPORTS = 3;
/** Most reports an export or a phrase count reads at once. */
const EXPORT_MAX = 50_000;
const PHRASE_SAMPLE = 5_000;

const DAY_MS = 86_400_000;

type Problem = { path: string; message: string };

/** The breach a reporting page is for, or undefined for an unknown slug or a draft (the page says 404). */
export async function findReportableBreach(
  ctx: OperationContext,
  slug: string,
): Promise<PublicBreach | undefined> {
  if (!/^[a-z0-9][a-z0-9-]{0,119}$/.test(slug)) return undefined;
  return phishingReports.publicBreachBySlug(ctx.db, slug);
}

export interface ReportInput {
  channel: unknown;
  sender: unknown;
  receivedOn: unknown;
  receivedTime: unknown;
  text: unknown;
  screenshot?: Buffer | undefined;
}

const str = (value: unknown): string => (typeof value === "string" ? value : "");

function validDay(value: string, now: Date): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const day = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== value) return false;
  // A day ahead is allowed: the reporter's calendar may already be on tomorrow.
  return (
    day.getTime() <= now.getTime() + DAY_MS && day.getTime() >= now.getTime() - OLDEST_REPORT_DAYS * DAY_MS
  );
}

/** The form's fields checked, each problem named by its field. */
export function checkedReport(input: ReportInput, now: Date) {
  const problems: Problem[] = [];
  const channel = str(input.channel) as PhishingChannel;
  if (!PHISHING_CHANNELS.includes(channel)) problems.push({ path: "channel", message: "choose a channel" });
  const sender = cleanSender(str(input.sender), REPORT_LIMITS.sender + 1);
  if (sender.length > REPORT_LIMITS.sender) problems.push({ path: "sender", message: "too long" });
  const receivedOn = str(input.receivedOn).trim();
  if (!validDay(receivedOn, now)) problems.push({ path: "receivedOn", message: "a date in the past year" });
  const time = str(input.receivedTime).trim();
  if (time !== "" && !/^(?:[01]\d|2[0-3])[:.][0-5]\d$/.test(time))
    problems.push({ path: "receivedTime", message: "a time like 14:30" });
  const text = str(input.text).replace(/\r\n?/g, "\n").trim();
  if (text === "" || text.length > REPORT_LIMITS.text)
    problems.push({ path: "text", message: `1 to ${REPORT_LIMITS.text} characters` });
  let screenshot: { type: "image/png" | "image/jpeg"; bytes: Buffer } | null = null;
  if (input.screenshot && input.screenshot.length > 0) {
    const checked = checkScreenshot(input.screenshot);
    if (checked.ok) screenshot = { type: checked.type, bytes: checked.bytes };
    else problems.push({ path: "screenshot", message: checked.reason });
  }
  if (problems.length > 0) throw new OperationProblem("invalid", "The report is not complete.", problems);
  return {
    channel,
    sender,
    receivedOn,
    receivedTime: time === "" ? null : time.replace(".", ":"),
    text,
    screenshot,
  };
}

/**
 * Stores a report for a published breach. No actor: anyone may report, and nothing of theirs is kept but
 * what the message said, scrubbed. Throws `not-found` for an unknown or draft breach, `invalid` per field.
 */
export async function submitPhishingReport(
  ctx: OperationContext,
  input: ReportInput & { slug: string; language: Language; now?: Date },
): Promise<{ id: string; breach: PublicBreach }> {
  const breach = await findReportableBreach(ctx, input.slug);
  if (!breach) throw new OperationProblem("not-found", "No such breach.");
  const report = checkedReport(input, input.now ?? new Date());
  const text = scrubReportText(report.text, { sender: report.sender, language: input.language });
  const id = await phishingReports.insert(ctx.db, ctx.keys, { breachId: breach.id, ...report, text });
  return { id, breach };
}

function breachNotFound(breachId: string): OperationProblem {
  return new OperationProblem("not-found", `No breach ${breachId.slice(0, 40)} of this organisation.`);
}

/** The organisation acting, once the breach is known to be its own (not found otherwise, never forbidden). */
async function ownBreach(ctx: OperationContext, actor: Actor, action: Action, breachId: string) {
  const organisationId = actingOrganisation(actor, action);
  if (!UUID.test(breachId) || !(await breachUpdates.breachIsOrganisations(ctx.db, organisationId, breachId)))
    throw breachNotFound(breachId);
  return { organisationId, breachId };
}

/** For the API door on arrival: another organisation's breach is 404 before the request is looked at. */
export async function requirePhishingBreach(
  ctx: OperationContext,
  actor: Actor,
  input: { breachId: string },
): Promise<void> {
  await ownBreach(ctx, actor, "phishing-report.list", input.breachId);
}

export interface ReportJson {
  id: string;
  breachId: string;
  channel: PhishingChannel;
  sender: string;
  receivedOn: string;
  receivedTime: string | null;
  text: string;
  hasScreenshot: boolean;
  reportedAt: string;
}

export function presentReport(report: PhishingReport): ReportJson {
  return {
    id: report.id,
    breachId: report.breachId,
    channel: report.channel,
    sender: report.sender,
    receivedOn: report.receivedOn,
    receivedTime: report.receivedTime,
    text: report.text,
    hasScreenshot: report.screenshotType !== null,
    reportedAt: report.createdAt.toISOString(),
  };
}

/** A page of the breach's reports, newest first. */
export async function listPhishingReports(
  ctx: OperationContext,
  actor: Actor,
  input: { breachId: string; limit?: number; offset?: number },
): Promise<{ total: number; limit: number; offset: number; items: PhishingReport[] }> {
  const scope = await ownBreach(ctx, actor, "phishing-report.list", input.breachId);
  const limit = Math.min(Math.max(Math.trunc(input.limit ?? 50), 1), 200);
  const offset = Math.max(Math.trunc(input.offset ?? 0), 0);
  const page = await phishingReports.list(ctx.db, ctx.keys, scope, { limit, offset });
  return { ...page, limit, offset };
}

/** The screenshot of one report, for the organisation only. */
export async function phishingReportScreenshot(
  ctx: OperationContext,
  actor: Actor,
  input: { breachId: string; reportId: string },
): Promise<{ type: string; bytes: Buffer }> {
  const scope = await ownBreach(ctx, actor, "phishing-report.list", input.breachId);
  const shot = UUID.test(input.reportId)
    ? await phishingReports.screenshot(ctx.db, ctx.keys, scope, input.reportId)
    : undefined;
  if (!shot) throw new OperationProblem("not-found", "No screenshot with that report.");
  return shot;
}

/** Word 3-grams of a scrubbed text; a placeholder breaks a phrase, so none spans someone's scrubbed data. */
function trigrams(text: string): Set<string> {
  const found = new Set<string>();
  for (const stretch of text.toLowerCase().split(/\[[^\]]*\]|https?:\/\/\S+|[.!?\n]/)) {
    const words = stretch.match(/[\p{L}\p{N}'’-]+/gu) ?? [];
    for (let i = 0; i + 3 <= words.length; i++) found.add(words.slice(i, i + 3).join(" "));
  }
  return found;
}

/** Phrases found in at least `minReports` reports, most common first. */
export function commonPhrases(texts: string[], minReports: number, top = 20) {
  const counts = new Map<string, number>();
  for (const text of texts)
    for (const phrase of trigrams(text)) counts.set(phrase, (counts.get(phrase) ?? 0) + 1);
  return [...counts]
    .filter(([, reports]) => reports >= minReports)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, top)
    .map(([phrase, reports]) => ({ phrase, reports }));
}

export interface PhishingTrend {
  breachId: string;
  since: string;
  total: number;
  perDay: { date: string; count: number }[];
  perChannel: { channel: PhishingChannel; count: number }[];
  senders: { sender: string; count: number }[];
  phrases: { phrase: string; reports: number }[];
  minPhraseReports: number;
}

/** Reports per day and channel, the most common senders and phrases, over the last `days` days. */
export async function phishingTrend(
  ctx: OperationContext,
  actor: Actor,
  input: { breachId: string; days?: number; minPhraseReports?: number; now?: Date },
): Promise<PhishingTrend> {
  const scope = await ownBreach(ctx, actor, "phishing-report.trend", input.breachId);
  const days = input.days ?? 30;
  const minReports = input.minPhraseReports ?? MIN_PHRASE_REPORTS;
  const problems: Problem[] = [];
  if (!Number.isInteger(days) || days < 1 || days > OLDEST_REPORT_DAYS)
    problems.push({ path: "days", message: `1 to ${OLDEST_REPORT_DAYS}` });
  // Fewer than three would show one person's own words as a "common phrase".
  if (!Number.isInteger(minReports) || minReports < MIN_PHRASE_REPORTS)
    problems.push({ path: "minPhraseReports", message: `${MIN_PHRASE_REPORTS} or more` });
  if (problems.length > 0)
    throw new OperationProblem("invalid", "The trend's window is not valid.", problems);
  const since = new Date((input.now ?? new Date()).getTime() - (days - 1) * DAY_MS)
    .toISOString()
    .slice(0, 10);
  const counts = await phishingReports.counts(ctx.db, scope, since, 10);
  const texts = await phishingReports.texts(ctx.db, ctx.keys, scope, since, PHRASE_SAMPLE);
  return {
    breachId: scope.breachId,
    since,
    total: counts.perChannel.reduce((sum, row) => sum + row.count, 0),
    ...counts,
    phrases: commonPhrases(texts, minReports),
    minPhraseReports: minReports,
  };
}

/**
 * A spreadsheet opens a cell that starts with = + - @ (or a tab or carriage return) as a formula: such a
 * cell gets a leading apostrophe, so a phisher's text cannot run in the police's spreadsheet.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replaceAll('"', '""')}"`;
}

const CSV_COLUMNS = [
  "id",
  "reportedAt",
  "receivedOn",
  "receivedTime",
  "channel",
  "sender",
  "text",
  "hasScreenshot",
] as const;

/** Every report of the breach (at most EXPORT_MAX, newest first) as CSV or JSON; the export is audit-logged. */
export async function exportPhishingReports(
  ctx: OperationContext,
  actor: Actor,
  input: { breachId: string; format: string },
): Promise<{ contentType: string; filename: string; body: string; count: number }> {
  const scope = await ownBreach(ctx, actor, "phishing-report.export", input.breachId);
  if (input.format !== "csv" && input.format !== "json")
    throw new OperationProblem("invalid", "format: csv or json", [
      { path: "format", message: "csv or json" },
    ]);
  const { items } = await phishingReports.list(ctx.db, ctx.keys, scope, { limit: EXPORT_MAX, offset: 0 });
  const reports = items.map(presentReport);
  await audit.append(ctx.db, ctx.keys, {
    actor: actor.name,
    action: "phishing-report.exported",
    subject: scope.breachId,
    details: { format: input.format, reports: reports.length },
  });
  const filename = `phishing-reports-${scope.breachId}.${input.format}`;
  if (input.format === "json") {
    const body = JSON.stringify({ breachId: scope.breachId, exportedAt: new Date().toISOString(), reports });
    return { contentType: "application/json", filename, body, count: reports.length };
  }
  const lines = [
    CSV_COLUMNS.join(","),
    ...reports.map((report) => CSV_COLUMNS.map((column) => csvCell(String(report[column] ?? ""))).join(",")),
  ];
  return {
    contentType: "text/csv; charset=utf-8",
    filename,
    body: `${lines.join("\r\n")}\r\n`,
    count: reports.length,
  };
}

export interface WarningJson {
  id: string;
  breachId: string;
  /** The update that carries the warning in the breach's timeline (and into a follow-up campaign). */
  updateId: string;
  title: { nl: string; en: string | null };
  body: { nl: string; en: string | null };
  status: "active" | "withdrawn";
  publishedAt: string;
  withdrawnAt: string | null;
}

const bilingualJson = (text: BilingualText) => ({ nl: text.nl, en: text.en === "" ? null : text.en });

export function presentWarning(warning: PhishingWarning): WarningJson {
  return {
    id: warning.id,
    breachId: warning.breachId,
    updateId: warning.updateId,
    title: bilingualJson(warning.title),
    body: bilingualJson(warning.body),
    status: warning.withdrawnAt ? "withdrawn" : "active",
    publishedAt: warning.publishedAt.toISOString(),
    withdrawnAt: warning.withdrawnAt?.toISOString() ?? null,
  };
}

/** The title a warning gets when the organisation gives none. */
export const DEFAULT_WARNING_TITLE: BilingualText = {
  nl: "Let op: er gaan nepberichten rond",
  en: "Watch out: fake messages are going round",
};

function bilingual(raw: unknown, field: string, max: number, problems: Problem[]): BilingualText | undefined {
  if (raw === undefined) return undefined;
  const given = raw !== null && typeof raw === "object" ? (raw as Record<string, unknown>) : {};
  const text = (language: Language, required: boolean): string => {
    const value = typeof given[language] === "string" ? (given[language] as string).trim() : "";
    if ((required && value === "") || value.length > max)
      problems.push({ path: `${field}.${language}`, message: `1 to ${max} characters of text` });
    return value;
  };
  return { nl: text("nl", true), en: text("en", false) };
}

export interface WarningFinding {
  path: string;
  rule: string;
  severity: "block" | "warn";
  excerpt: string;
  message: string;
  suggestion: string;
}

/** The warning's texts checked like an update's: B1 findings by field and language. */
function findingsOf(texts: { title: BilingualText; body: BilingualText }): WarningFinding[] {
  return (["title", "body"] as const).flatMap((field) =>
    LANGUAGES.filter((language) => texts[field][language] !== "").flatMap((language) =>
      checkPlainLanguage(texts[field][language], { language }).findings.map((finding) => ({
        path: `${field}.${language}`,
        ...finding,
      })),
    ),
  );
}

/**
 * Publishes a phishing warning at once: a published update of the breach plus the warning row, in one
 * transaction, audit-logged. Unlike a draft update it goes out straight away, so a text with a blocking B1
 * problem (a far too long sentence) is refused; warnings of lesser weight come back beside it.
 */
export async function publishPhishingWarning(
  ctx: OperationContext,
  actor: Actor,
  input: { breachId: string; title?: unknown; body: unknown },
): Promise<{ warning: PhishingWarning; plainLanguage: WarningFinding[] }> {
  const scope = await ownBreach(ctx, actor, "phishing-warning.publish", input.breachId);
  const problems: Problem[] = [];
  const title =
    bilingual(input.title, "title", REPORT_LIMITS.warningTitle, problems) ?? DEFAULT_WARNING_TITLE;
  const body = bilingual(input.body ?? null, "body", REPORT_LIMITS.warningBody, problems) ?? {
    nl: "",
    en: "",
  };
  if (problems.length > 0) throw new OperationProblem("invalid", "The warning is not valid.", problems);
  const findings = findingsOf({ title, body });
  const blocking = findings.filter((finding) => finding.severity === "block");
  if (blocking.length > 0)
    throw new OperationProblem(
      "invalid",
      "The warning is not plain enough to publish.",
      blocking.map((finding) => ({
        path: finding.path,
        message: `${finding.message} ${finding.suggestion}`.trim(),
      })),
    );
  const warning = await transaction(ctx.db, async (tx) => {
    const update = await breachUpdates.create(tx, {
      organisationId: scope.organisationId,
      breachId: scope.breachId,
      title,
      body,
    });
    if (!update) throw breachNotFound(scope.breachId);
    await breachUpdates.publish(tx, scope.organisationId, scope.breachId, update.id);
    // A warning is an update: subscribers get it by e-mail too.
    await updateMailings.enqueueUpdate(tx, update.id);
    const id = await phishingReports.insertWarning(tx, {
      breachId: scope.breachId,
      updateId: update.id,
      createdBy: actor.name,
    });
    await audit.append(tx, ctx.keys, {
      actor: actor.name,
      action: "phishing-warning.published",
      subject: id,
      details: { breach: scope.breachId, update: update.id },
    });
    const stored = (await phishingReports.listWarnings(tx, scope.organisationId, scope.breachId)).find(
      (w) => w.id === id,
    );
    if (!stored) throw new Error("the warning just stored was not found");
    return stored;
  });
  // The breach page shows active warnings at its top.
  await refreshBreachPage(ctx, scope.breachId);
  return { warning, plainLanguage: findings };
}

/** The breach's warnings, newest first, active and withdrawn. */
export async function listPhishingWarnings(
  ctx: OperationContext,
  actor: Actor,
  input: { breachId: string },
): Promise<PhishingWarning[]> {
  const scope = await ownBreach(ctx, actor, "phishing-warning.list", input.breachId);
  return phishingReports.listWarnings(ctx.db, scope.organisationId, scope.breachId);
}

/** Withdraws an active warning (audit-logged); withdrawing it again changes nothing. */
export async function withdrawPhishingWarning(
  ctx: OperationContext,
  actor: Actor,
  input: { breachId: string; warningId: string },
): Promise<PhishingWarning> {
  const scope = await ownBreach(ctx, actor, "phishing-warning.withdraw", input.breachId);
  const notFound = new OperationProblem(
    "not-found",
    `No warning ${input.warningId.slice(0, 40)} of this breach.`,
  );
  if (!UUID.test(input.warningId)) throw notFound;
  const result = await transaction(ctx.db, async (tx) => {
    const withdrawn = await phishingReports.withdrawWarning(tx, scope, input.warningId, actor.name);
    if (withdrawn)
      await audit.append(tx, ctx.keys, {
        actor: actor.name,
        action: "phishing-warning.withdrawn",
        subject: input.warningId,
        details: { breach: scope.breachId },
      });
    const warning = (await phishingReports.listWarnings(tx, scope.organisationId, scope.breachId)).find(
      (w) => w.id === input.warningId,
    );
    if (!warning) throw notFound;
    return warning;
  });
  await refreshBreachPage(ctx, scope.breachId);
  return result;
}

/**
 * The active warnings of a published breach, newest first, for its public page to show prominently (no actor:
 * the page is public and shows only what the organisation published). Empty for a draft or unknown breach.
 */
export async function activePhishingWarnings(
  ctx: OperationContext,
  breachId: string,
): Promise<{ id: string; title: BilingualText; body: BilingualText; publishedAt: Date }[]> {
  if (!UUID.test(breachId)) return [];
  const warnings = await phishingReports.activeWarnings(ctx.db, breachId);
  return warnings.map((w) => ({ id: w.id, title: w.title, body: w.body, publishedAt: w.publishedAt }));
}
