/**
 * The console's phishing page, `/console/datalek/<breachId>/phishing` (issue 17, step 6): the trend of reported
 * suspicious messages (`phishingTrend`), the newest reports (`listPhishingReports`), and the warnings
 * (`listPhishingWarnings`) with publish (`publishPhishingWarning`) and withdraw (`withdrawPhishingWarning`).
 * Reading needs the read role, publishing and withdrawing the write role; another organisation's breach is the
 * same 404 as an unknown one.
 */
import type { FastifyInstance, FastifyReply } from "fastify";
import {
  type Actor,
  getBreach,
  listPhishingReports,
  listPhishingWarnings,
  may,
  OperationProblem,
  phishingTrend,
  presentWarning,
  publishPhishingWarning,
  withdrawPhishingWarning,
} from "../../operations/index.ts";
import { t } from "../i18n.ts";
import type { CampaignRouteDeps } from "./console-campaigns.ts";
import {
  plainLanguageOf,
  problemsAt,
  registerBreachFormPage,
  requireUuid,
  typedTexts,
  warningsByField,
} from "./console-updates-forms.ts";
import { type PhishingView, phishingBody } from "./console-updates-phishing-view.ts";
import { PHISHING_TEXT as T } from "./console-updates-text.ts";
import { PHISHING_PATH } from "./console-updates-view.ts";

type Body = Record<string, unknown> | undefined;
type Session = NonNullable<Awaited<ReturnType<CampaignRouteDeps["signedIn"]>>>;
type Shown = Partial<Pick<PhishingView, "typed" | "errors" | "problem" | "warningsFound" | "notice">>;

const DAY_MS = 86_400_000;
const reads = (actor: Actor) => actor.organisationId !== null && may(actor, "phishing-report.list");

/** Every day from `since` to today, with the counts of the days that had reports. */
function everyDay(since: string, perDay: readonly { date: string; count: number }[], now: Date) {
  const counts = new Map(perDay.map((d) => [d.date, d.count]));
  const days: { date: string; count: number }[] = [];
  const end = now.toISOString().slice(0, 10);
  for (let at = Date.parse(`${since}T00:00:00Z`); ; at += DAY_MS) {
    const date = new Date(at).toISOString().slice(0, 10);
    days.push({ date, count: counts.get(date) ?? 0 });
    if (date >= end || days.length >= 400) break;
  }
  return days;
}

async function phishingPage(
  deps: CampaignRouteDeps,
  reply: FastifyReply,
  session: Session,
  breachId: string,
  status: number,
  shown: Shown,
): Promise<FastifyReply> {
  const { ctx, language } = deps;
  requireUuid(breachId);
  const breach = await getBreach(ctx, session.actor, { breachId });
  const now = new Date();
  const trend = await phishingTrend(ctx, session.actor, { breachId: breach.id, days: 30, now });
  const reports = await listPhishingReports(ctx, session.actor, { breachId: breach.id, limit: 50 });
  const warnings = (await listPhishingWarnings(ctx, session.actor, { breachId: breach.id })).map(
    presentWarning,
  );
  const view: PhishingView = {
    breachId: breach.id,
    breachTitle: breach.title,
    formToken: session.formToken,
    mayWrite: may(session.actor, "phishing-warning.publish"),
    trend,
    days: everyDay(trend.since, trend.perDay, now),
    reports: {
      total: reports.total,
      items: reports.items.map((r) => ({
        channel: r.channel,
        sender: r.sender,
        receivedOn: r.receivedOn,
        text: r.text,
      })),
    },
    warnings,
    typed: shown.typed ?? { title: { nl: "", en: "" }, body: { nl: "", en: "" } },
    errors: shown.errors ?? [],
    problem: shown.problem ?? null,
    warningsFound: shown.warningsFound ?? {},
    notice: shown.notice ?? null,
  };
  return deps.send(
    reply,
    status,
    status >= 400 ? T.errorTitle : T.title,
    phishingBody(language, view),
    PHISHING_PATH(breach.id),
  );
}

const NOTICES = { gepubliceerd: T.publishedNotice, ingetrokken: T.withdrawnNotice } as const;

export function registerPhishingPage(app: FastifyInstance, deps: CampaignRouteDeps): void {
  registerBreachFormPage(app, deps, {
    segment: "phishing",
    reads,
    notices: NOTICES,
    show: phishingPage,
    take: postPhishing,
  });
}

/** Publish a warning (B1 problems that block come back at the fields) or withdraw one. */
async function postPhishing(
  deps: CampaignRouteDeps,
  reply: FastifyReply,
  session: Session,
  breachId: string,
  body: Body,
): Promise<FastifyReply> {
  const { ctx, language } = deps;
  const typed = typedTexts(body, 160, 2_000);
  if (body?.actie === "intrekken") {
    const warningId = typeof body.waarschuwing === "string" ? body.waarschuwing.slice(0, 40) : "";
    await withdrawPhishingWarning(ctx, session.actor, { breachId, warningId });
    return deps.go(reply, PHISHING_PATH(breachId), "?ingetrokken");
  }
  try {
    const title = typed.title.nl.trim() || typed.title.en.trim() ? typed.title : undefined;
    const published = await publishPhishingWarning(ctx, session.actor, {
      breachId,
      body: typed.body,
      ...(title ? { title } : {}),
    });
    const warningsFound = warningsByField(published.plainLanguage);
    if (Object.keys(warningsFound).length === 0)
      return deps.go(reply, PHISHING_PATH(breachId), "?gepubliceerd");
    // Published, with warnings of lesser weight: shown at the texts as they were typed.
    return phishingPage(deps, reply, session, breachId, 200, {
      notice: t(T.publishedNotice, language),
      typed,
      warningsFound,
    });
  } catch (error) {
    if (!(error instanceof OperationProblem) || error.code !== "invalid") throw error;
    const { errors, problem } = problemsAt(error, language);
    return phishingPage(deps, reply, session, breachId, 400, {
      typed,
      errors,
      problem,
      warningsFound: plainLanguageOf(typed),
    });
  }
}
