/**
 * The regulator's routes in the console: `/console/toezicht` (every organisation's notices, filtered by a GET
 * query, with the alerts on top) and `/console/toezicht/datalek/<id>` (one breach: assessment, timeline,
 * reach). They go through the oversight operations as the signed-in staff actor: only the `oversight` role
 * (a regulator) reads across organisations; an organisation's staff are refused for the role (403) before
 * anything is read.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import {
  listOversightNotices,
  may,
  OperationProblem,
  oversightAlerts,
  oversightBreach,
} from "../../operations/index.ts";
import { localPath } from "../i18n.ts";
import type { ConsoleRouteDeps } from "./console-door.ts";
import { OVERSIGHT_TEXT } from "./console-oversight-text.ts";
import { OVERSIGHT_PATHS, oversightBreachBody, oversightHomeBody } from "./console-oversight-view.ts";
import { messageBody } from "./console-view.ts";

export interface OversightRouteDeps
  extends Pick<ConsoleRouteDeps, "ctx" | "language" | "send" | "signedIn" | "forbidden"> {
  now: () => Date;
  /** Hours after awareness before a high-risk breach without a victim notice is an alert. */
  alertHours: number;
}

const query = (request: FastifyRequest, name: string) => {
  const value = ((request.query ?? {}) as Record<string, unknown>)[name];
  return typeof value === "string" ? value.slice(0, 64) : "";
};

export function registerOversightPages(app: FastifyInstance, deps: OversightRouteDeps): void {
  const { ctx, language, send, signedIn, forbidden } = deps;
  // Refused for the role before anything is read; the page itself shows only what the operations return.
  const guard = async (request: FastifyRequest, reply: FastifyReply) => {
    const session = await signedIn(request, reply);
    if (!session) return undefined;
    if (!may(session.actor, "oversight.read")) {
      forbidden(reply);
      return undefined;
    }
    return session;
  };

  app.get(localPath(OVERSIGHT_PATHS.home, language), { schema: { hide: true } }, async (request, reply) => {
    const session = await guard(request, reply);
    if (!session) return reply;
    const filter = {
      organisationId: query(request, "organisatie"),
      phase: query(request, "fase"),
      risk: query(request, "risico"),
      late: query(request, "te-laat") === "ja",
    };
    const [list, alerts] = await Promise.all([
      listOversightNotices(ctx, session.actor, filter),
      oversightAlerts(ctx, session.actor, { now: deps.now(), victimNoticeAfterHours: deps.alertHours }),
    ]);
    const body = oversightHomeBody(language, {
      alerts,
      alertHours: deps.alertHours,
      notices: list.notices,
      organisations: list.organisations,
      filter,
    });
    return send(reply, 200, OVERSIGHT_TEXT.title, body, OVERSIGHT_PATHS.home);
  });

  app.get<{ Params: { id: string } }>(
    localPath(`${OVERSIGHT_PATHS.breach}/:id`, language),
    { schema: { hide: true } },
    async (request, reply) => {
      const session = await guard(request, reply);
      if (!session) return reply;
      try {
        const view = await oversightBreach(ctx, session.actor, {
          breachId: request.params.id,
          now: deps.now(),
        });
        return send(
          reply,
          200,
          OVERSIGHT_TEXT.breachTitle,
          oversightBreachBody(language, view),
          OVERSIGHT_PATHS.breach,
        );
      } catch (error) {
        if (error instanceof OperationProblem && error.code === "forbidden") return forbidden(reply);
        if (!(error instanceof OperationProblem) || error.code !== "not-found") throw error;
        const T = OVERSIGHT_TEXT;
        const body = messageBody(language, T.notFoundTitle, T.notFound, {
          path: OVERSIGHT_PATHS.home,
          label: T.back,
        });
        return send(reply, 404, T.notFoundTitle, body, OVERSIGHT_PATHS.breach);
      }
    },
  );
}
