/**
 * The console's regulator-notice routes: `/console/datalek/<id>/melding` shows the notice page and takes its
 * four forms as POSTs with the session's form token (`onderdeel`: the notice, a withdrawal, the NIS2 clock, a
 * controller notice); `/console/datalek/<id>/melding/<n>/<pdf|json>` downloads one notice and
 * `…/melding/verantwoordelijke/<notice id>/<pdf|json>` one notice to a controller. They go through the
 * regulator-notice operations as the signed-in staff actor, so the permission table and the organisation filter
 * decide here as in the API (another organisation's breach answers exactly like an unknown one).
 */
import type { FastifyInstance, FastifyReply } from "fastify";
import {
  type Actor,
  addControllerNotice,
  controllerNoticeExport,
  controllerNoticePdf,
  FIELD_LABELS,
  formTokenMatches,
  may,
  NIS2_NAMES,
  NIS2_REPORTS,
  type Nis2Report,
  type NoticeWorkspace,
  type OperationContext,
  OperationProblem,
  recordNis2,
  regulatorNoticeExport,
  regulatorNoticePdf,
  regulatorNoticeWorkspace,
  submitRegulatorNotice,
} from "../../operations/index.ts";
import { type BilingualText, type Language, localPath, t } from "../i18n.ts";
import type { ConsoleRouteDeps } from "./console-door.ts";
import { fieldMessage, NOTICE_TEXT } from "./console-notice-text.ts";
import {
  fieldId,
  type NoticePageView,
  noticeBody,
  noticePath,
  rawFromBody,
  rawFromSections,
  sectionsFromRaw,
} from "./console-notice-view.ts";
import { type FieldError, messageBody, PATHS } from "./console-view.ts";
import { crossSite } from "./verify-message.ts";

export interface NoticeRouteDeps extends ConsoleRouteDeps {
  now: () => Date;
}

const NOT_FOUND = { nl: "Niet gevonden", en: "Not found" };
const NOT_FOUND_TEXT = {
  nl: "Deze pagina bestaat niet, of hoort niet bij uw organisatie.",
  en: "This page does not exist, or does not belong to your organisation.",
};

/** The notice page is for a person of an organisation: platform roles have no organisation's breaches. */
const reads = (actor: Actor) => actor.organisationId !== null && may(actor, "regulator-notice.read");

type Body = Record<string, unknown>;
const str = (body: Body, name: string, max = 4000) => {
  const value = body[name];
  return typeof value === "string" ? value.slice(0, max) : "";
};

/** Problems of an operation as field errors of the page's forms. */
function errorsOf(error: OperationProblem, language: Language, prefix = ""): FieldError[] {
  return error.problems.map((p) => {
    const path = p.path.replace(/^sections\./, prefix);
    const field = path.startsWith("sent.") ? `nis2-${path.slice(5)}` : fieldId(path);
    // The field's name leads the message, so the error summary says which field each message is about.
    const label = labelOf(path);
    const message = t(fieldMessage(p.message), language);
    const name = label ? t(label, language) : "";
    return { field, message: name ? `${name}${name.endsWith("?") ? "" : ":"} ${message}` : message };
  });
}

const EXTRA_LABELS: Readonly<Record<string, BilingualText>> = {
  delayReasons: NOTICE_TEXT.delayTitle,
  controllerName: NOTICE_TEXT.controllerName,
  controllerContact: NOTICE_TEXT.controllerContact,
  decide: NOTICE_TEXT.decide,
};

function labelOf(path: string): BilingualText | undefined {
  if (path.startsWith("sent.")) return NIS2_NAMES[path.slice(5)];
  return FIELD_LABELS[path] ?? EXTRA_LABELS[path];
}

/** The page with nothing typed yet: the prefill, the clock as stored. */
function freshView(space: NoticeWorkspace, formToken: string): NoticePageView {
  return {
    space,
    raw: rawFromSections(space.prefill),
    delayReasons: "",
    withdrawReason: "",
    controller: { controllerName: "", controllerContact: "", decide: "" },
    nis2: {
      applies: space.nis2.applies,
      sent: Object.fromEntries(space.nis2.reports.map((r) => [r.report, r.sentAt ?? ""])),
    },
    errors: [],
    notice: null,
    formToken,
  };
}

/** Times of the NIS2 form: empty is "not sent"; anything else must be a time. */
function sentTimes(body: Body): {
  sent: Partial<Record<Nis2Report, Date | null>>;
  typed: Record<string, string>;
} {
  const sent: Partial<Record<Nis2Report, Date | null>> = {};
  const typed: Record<string, string> = {};
  for (const report of NIS2_REPORTS) {
    const value = str(body, `nis2.${report}`, 60).trim();
    typed[report] = value;
    sent[report] = value === "" ? null : new Date(value);
  }
  return { sent, typed };
}

/**
 * The notice page's routes. One piece because the page and its four forms share the renderer, the guard and
 * the refusal mapping; split, each would need them passed along.
 */
export function registerNoticePages(app: FastifyInstance, deps: NoticeRouteDeps): void {
  const { ctx, language, send, signedIn, forbidden } = deps;
  const notFound = (reply: FastifyReply) =>
    send(
      reply,
      404,
      NOT_FOUND,
      messageBody(language, NOT_FOUND, NOT_FOUND_TEXT, { path: PATHS.home, label: NOTICE_TEXT.back }),
      PATHS.home,
    );
  const refusal = (reply: FastifyReply, error: unknown) => {
    if (error instanceof OperationProblem && error.code === "not-found") return notFound(reply);
    if (error instanceof OperationProblem && error.code === "forbidden") return forbidden(reply);
    throw error;
  };
  const show = (reply: FastifyReply, view: NoticePageView, status = 200) => {
    const title = view.errors.length
      ? { nl: `Fout: ${NOTICE_TEXT.title.nl}`, en: `Error: ${NOTICE_TEXT.title.en}` }
      : NOTICE_TEXT.title;
    return send(reply, status, title, noticeBody(language, view), `${PATHS.home}/datalek`);
  };
  const path = localPath(`${PATHS.home}/datalek/:id/melding`, language);

  app.get<{ Params: { id: string } }>(path, { schema: { hide: true } }, async (request, reply) => {
    const session = await signedIn(request, reply);
    if (!session) return reply;
    if (!reads(session.actor)) return forbidden(reply);
    try {
      const space = await regulatorNoticeWorkspace(ctx, session.actor, {
        breachId: request.params.id,
        now: deps.now(),
      });
      const view = freshView(space, session.formToken);
      const q = (request.query ?? {}) as Record<string, unknown>;
      if ("opgeslagen" in q) view.notice = t(NOTICE_TEXT.saved, language);
      if ("vastgelegd" in q) view.notice = t(NOTICE_TEXT.recorded, language);
      return show(reply, view);
    } catch (error) {
      return refusal(reply, error);
    }
  });

  app.post<{ Params: { id: string }; Body: Body | undefined }>(
    path,
    { schema: { hide: true } },
    async (request, reply) => {
      if (crossSite(request) || !formTokenMatches(ctx, deps.readToken(request), request.body?.formulier))
        return deps.refuse(reply);
      const session = await signedIn(request, reply);
      if (!session) return reply;
      // Every form of the page changes something: refused for the role before the breach is looked up.
      if (!reads(session.actor) || !may(session.actor, "regulator-notice.submit")) return forbidden(reply);
      const breachId = request.params.id;
      const body = request.body ?? {};
      try {
        const space = await regulatorNoticeWorkspace(ctx, session.actor, { breachId, now: deps.now() });
        const view = freshView(space, session.formToken);
        const done = await takeForm(ctx, session.actor, { breachId, body, now: deps.now(), view, language });
        if (done)
          return deps.go(reply, noticePath(breachId), done === "notice" ? "?opgeslagen" : "?vastgelegd");
        return show(reply, view, 400);
      } catch (error) {
        if (error instanceof OperationProblem && error.code === "conflict") {
          const space = await regulatorNoticeWorkspace(ctx, session.actor, { breachId, now: deps.now() });
          const view = freshView(space, session.formToken);
          view.errors = [{ field: "formulier-melding", message: t(NOTICE_TEXT.conflict, language) }];
          return show(reply, view, 409);
        }
        return refusal(reply, error);
      }
    },
  );

  app.get<{ Params: { id: string; number: string; format: string } }>(
    localPath(`${PATHS.home}/datalek/:id/melding/:number/:format`, language),
    { schema: { hide: true } },
    async (request, reply) => {
      const session = await signedIn(request, reply);
      if (!session) return reply;
      if (!reads(session.actor)) return forbidden(reply);
      const { id, number, format } = request.params;
      if (!/^\d{1,6}$/.test(number) || !["pdf", "json"].includes(format)) return notFound(reply);
      try {
        const report = await regulatorNoticeExport(ctx, session.actor, {
          breachId: id,
          number: Number(number),
        });
        const name = `melding-${report.breach.slug}-${number}.${format}`;
        reply
          .header("cache-control", "no-store")
          .header("content-disposition", `attachment; filename="${name}"`);
        if (format === "json") return reply.type("application/json").send(JSON.stringify(report, null, 2));
        return reply.type("application/pdf").send(await regulatorNoticePdf(report, language));
      } catch (error) {
        return refusal(reply, error);
      }
    },
  );

  app.get<{ Params: { id: string; noticeId: string; format: string } }>(
    localPath(`${PATHS.home}/datalek/:id/melding/verantwoordelijke/:noticeId/:format`, language),
    { schema: { hide: true } },
    async (request, reply) => {
      const session = await signedIn(request, reply);
      if (!session) return reply;
      if (!reads(session.actor)) return forbidden(reply);
      const { id, noticeId, format } = request.params;
      if (format !== "pdf" && format !== "json") return notFound(reply);
      try {
        const report = await controllerNoticeExport(ctx, session.actor, {
          breachId: id,
          id: noticeId,
          format,
        });
        const name = `melding-verantwoordelijke-${noticeId}.${format}`;
        reply
          .header("cache-control", "no-store")
          .header("content-disposition", `attachment; filename="${name}"`);
        if (format === "json") return reply.type("application/json").send(JSON.stringify(report, null, 2));
        return reply.type("application/pdf").send(await controllerNoticePdf(report, language));
      } catch (error) {
        return refusal(reply, error);
      }
    },
  );
}

/**
 * Takes one of the page's forms. Returns what was done, or undefined after putting the refusal's field errors
 * and everything typed into the view. Refusals other than `invalid` are thrown to the route.
 */
async function takeForm(
  ctx: OperationContext,
  actor: Actor,
  input: { breachId: string; body: Body; now: Date; view: NoticePageView; language: Language },
): Promise<"notice" | "recorded" | undefined> {
  const { breachId, body, now, view, language } = input;
  const part = str(body, "onderdeel", 20);
  try {
    if (part === "melding") {
      view.raw = rawFromBody(body);
      view.delayReasons = str(body, "delayReasons");
      await submitRegulatorNotice(ctx, actor, {
        breachId,
        phase: str(body, "fase", 20),
        sections: sectionsFromRaw(view.raw),
        delayReasons: view.delayReasons,
        now,
      });
      return "notice";
    }
    if (part === "intrekking") {
      view.withdrawReason = str(body, "withdrawal.reason");
      await submitRegulatorNotice(ctx, actor, {
        breachId,
        phase: "withdrawal",
        sections: { reason: view.withdrawReason },
        now,
      });
      return "notice";
    }
    if (part === "nis2") {
      const { sent, typed } = sentTimes(body);
      view.nis2 = { applies: str(body, "nis2.applies", 10) === "ja", sent: typed };
      await recordNis2(ctx, actor, { breachId, applies: view.nis2.applies, sent, now });
      return "recorded";
    }
    if (part === "verwerker") {
      view.controller = {
        controllerName: str(body, "controllerName", 200),
        controllerContact: str(body, "controllerContact", 320),
        decide: str(body, "decide"),
      };
      await addControllerNotice(ctx, actor, { breachId, ...view.controller, now });
      return "recorded";
    }
    return undefined;
  } catch (error) {
    if (!(error instanceof OperationProblem) || error.code !== "invalid") throw error;
    view.errors = errorsOf(error, language, part === "intrekking" ? "withdrawal." : "");
    if (part === "intrekking") view.errors = view.errors.map((e) => ({ ...e, field: "withdrawal-reason" }));
    if (part === "nis2")
      view.errors = view.errors.map((e) => ({
        ...e,
        message: `${e.message.split(": ")[0]}: ${t(NOTICE_TEXT.timeInvalid, language)}`,
      }));
    return undefined;
  }
}
