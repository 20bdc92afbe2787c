/**
 * The contact centre's routes: `/console/contact` shows the search page (GET) and looks a caller up by code
 * (POST); `/console/contact/bewijs` sends a proof code to an address and `/console/contact/bewijs/code` checks
 * what the caller read back; `/console/contact/beller` takes the caller view's actions. Everything after the
 * search page is a POST with the session's form token: the caller view is the answer to a look-up or an action,
 * reached by a handle in a hidden field, so no victim id, code or address is ever in a URL. The operations
 * decide who may (the `contact` role: contact-centre agents and organisation administrators) and find only the
 * organisation's own callers; this door only maps their answers onto pages.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import {
  type Actor,
  callerView,
  confirmCallerProof,
  findCallerByCode,
  formTokenMatches,
  listBreaches,
  may,
  OperationProblem,
  orderLetter,
  recordCallerPhishing,
  resendNotice,
  type StaffSession,
  startCallerProof,
} from "../../operations/index.ts";
import { type BilingualText, localPath, t } from "../i18n.ts";
import { type CallerShown, callerBody } from "./console-contact-caller.ts";
import { CONTACT_TEXT as T } from "./console-contact-text.ts";
import { CONTACT_PATHS, proofBody, type SearchShown, searchBody } from "./console-contact-view.ts";
import type { ConsoleRouteDeps } from "./console-door.ts";
import type { FieldError } from "./console-view.ts";
import { crossSite } from "./verify-message.ts";

type Session = StaffSession & { actor: Actor };
type Body = { Body: Record<string, unknown> | undefined };

export type ContactRouteDeps = Omit<ConsoleRouteDeps, "go">;

const field = (body: Record<string, unknown> | undefined, name: string, max = 320): string => {
  const value = body?.[name];
  return typeof value === "string" ? value.slice(0, max) : "";
};

const errorTitle = (title: BilingualText): BilingualText => ({
  nl: `Fout: ${title.nl}`,
  en: `Error: ${title.en}`,
});

/** Only people of an organisation with the contact role look callers up. */
const looksUp = (actor: Actor) => actor.organisationId !== null && may(actor, "caller.find");

const EMPTY_TYPED: SearchShown["typed"] = {
  personalCode: "",
  verificationCode: "",
  breachId: "",
  channel: "email",
  address: "",
};

/** Registers the contact centre's routes; one piece per route group below, sharing the guard and pages. */
export function registerContactPages(app: FastifyInstance, deps: ContactRouteDeps): void {
  const { language, send } = deps;
  const L = (text: BilingualText) => t(text, language);

  /** The signed-in agent of a POST (form token, cross-site, role), or undefined when answered already. */
  const agentOfPost = async (request: FastifyRequest<Body>, reply: FastifyReply) => {
    if (crossSite(request) || !formTokenMatches(deps.ctx, deps.readToken(request), request.body?.formulier)) {
      deps.refuse(reply);
      return undefined;
    }
    const session = await deps.signedIn(request, reply);
    if (!session) return undefined;
    if (!looksUp(session.actor)) {
      deps.forbidden(reply);
      return undefined;
    }
    return session;
  };

  const searchPage = async (
    reply: FastifyReply,
    session: Session,
    shown: {
      status?: number;
      typed?: SearchShown["typed"];
      errors?: FieldError[];
      notice?: string | null;
    } = {},
  ) => {
    const breaches = await listBreaches(deps.ctx, session.actor);
    const errors = shown.errors ?? [];
    const body = searchBody(language, {
      formToken: session.formToken,
      breaches: breaches.map((b) => ({ id: b.id, title: b.title })),
      typed: shown.typed ?? EMPTY_TYPED,
      errors,
      notice: shown.notice ?? null,
    });
    return send(
      reply,
      shown.status ?? 200,
      errors.length ? errorTitle(T.title) : T.title,
      body,
      CONTACT_PATHS.search,
    );
  };

  const callerPage = async (
    reply: FastifyReply,
    session: Session,
    handle: string,
    shown: Partial<Omit<CallerShown, "view" | "handle" | "formToken">> & { status?: number } = {},
  ) => {
    let view: Awaited<ReturnType<typeof callerView>>;
    try {
      view = await callerView(deps.ctx, session.actor, { handle, session: session.formToken });
    } catch (error) {
      if (!(error instanceof OperationProblem) || error.code !== "not-found") throw error;
      return searchPage(reply, session, { status: 404, notice: L(T.lookupEnded) });
    }
    const errors = shown.errors ?? [];
    const body = callerBody(language, {
      formToken: session.formToken,
      handle,
      view,
      notice: shown.notice ?? null,
      errors,
      typed: shown.typed ?? { channel: "", sender: "", receivedOn: "", receivedTime: "", text: "" },
    });
    const title = errors.length ? errorTitle(T.callerTitle) : T.callerTitle;
    return send(reply, shown.status ?? 200, title, body, CONTACT_PATHS.caller);
  };

  const pages = { L, agentOfPost, searchPage, callerPage };
  registerSearch(app, deps, pages);
  registerProof(app, deps, pages);
  registerCallerActions(app, deps, pages);
}

interface Pages {
  L: (text: BilingualText) => string;
  agentOfPost: (request: FastifyRequest<Body>, reply: FastifyReply) => Promise<Session | undefined>;
  searchPage: (
    reply: FastifyReply,
    session: Session,
    shown?: { status?: number; typed?: SearchShown["typed"]; errors?: FieldError[]; notice?: string | null },
  ) => Promise<FastifyReply>;
  callerPage: (
    reply: FastifyReply,
    session: Session,
    handle: string,
    shown?: Partial<Omit<CallerShown, "view" | "handle" | "formToken">> & { status?: number },
  ) => Promise<FastifyReply>;
}

/** The conflict of a rate limit as the field message of the form that hit it. */
const limited = (error: unknown) => error instanceof OperationProblem && error.code === "conflict";

function registerSearch(app: FastifyInstance, deps: ContactRouteDeps, pages: Pages): void {
  const { language } = deps;
  const { L } = pages;
  const path = localPath(CONTACT_PATHS.search, language);

  app.get(path, { schema: { hide: true } }, async (request, reply) => {
    const session = await deps.signedIn(request, reply);
    if (!session) return reply;
    if (!looksUp(session.actor)) return deps.forbidden(reply);
    return pages.searchPage(reply, session);
  });

  app.post<Body>(path, { schema: { hide: true } }, async (request, reply) => {
    const session = await pages.agentOfPost(request, reply);
    if (!session) return reply;
    const method =
      field(request.body, "methode") === "verification-code" ? "verification-code" : "personal-code";
    const code = field(request.body, "code", 64).trim();
    const id = method === "personal-code" ? "persoonlijke-code" : "controlecode";
    const typed = {
      ...EMPTY_TYPED,
      ...(method === "personal-code" ? { personalCode: code } : { verificationCode: code }),
    };
    const fail = (message: BilingualText) =>
      pages.searchPage(reply, session, { status: 400, typed, errors: [{ field: id, message: L(message) }] });
    if (code === "") return fail(T.codeMissing);
    try {
      const found = await findCallerByCode(deps.ctx, session.actor, {
        method,
        code,
        session: session.formToken,
      });
      if (!found) return fail(T.notFound);
      return pages.callerPage(reply, session, found.handle);
    } catch (error) {
      if (error instanceof OperationProblem && error.code === "invalid") return fail(T.codeInvalid);
      if (limited(error)) return fail(T.tooManyLookups);
      throw error;
    }
  });
}

function registerProof(app: FastifyInstance, deps: ContactRouteDeps, pages: Pages): void {
  const { language, send } = deps;
  const { L } = pages;

  app.post<Body>(
    localPath(CONTACT_PATHS.proof, language),
    { schema: { hide: true } },
    async (request, reply) => {
      const session = await pages.agentOfPost(request, reply);
      if (!session) return reply;
      const channel = field(request.body, "kanaal") === "sms" ? "sms" : "email";
      const typed = {
        ...EMPTY_TYPED,
        breachId: field(request.body, "datalek", 40),
        channel,
        address: field(request.body, "adres").trim(),
      };
      try {
        const { proofId } = await startCallerProof(deps.ctx, session.actor, {
          breachId: typed.breachId,
          channel,
          address: typed.address,
          session: session.formToken,
        });
        const body = proofBody(language, { formToken: session.formToken, proofId, errors: [] });
        return send(reply, 200, T.codeSentTitle, body, CONTACT_PATHS.proof);
      } catch (error) {
        if (limited(error))
          return pages.searchPage(reply, session, {
            status: 429,
            typed,
            errors: [{ field: "adres", message: L(T.tooMany) }],
          });
        if (!(error instanceof OperationProblem) || error.code !== "invalid") throw error;
        const errors: FieldError[] = error.problems.map((p) =>
          p.path === "breachId"
            ? { field: "datalek", message: L(T.breachMissing) }
            : { field: "adres", message: L(T.addressInvalid) },
        );
        return pages.searchPage(reply, session, { status: 400, typed, errors });
      }
    },
  );

  app.post<Body>(
    localPath(CONTACT_PATHS.proofCode, language),
    { schema: { hide: true } },
    async (request, reply) => {
      const session = await pages.agentOfPost(request, reply);
      if (!session) return reply;
      const proofId = field(request.body, "bewijs", 40);
      const code = field(request.body, "code", 20).trim();
      const again = (message: string) => {
        const body = proofBody(language, {
          formToken: session.formToken,
          proofId,
          errors: [{ field: "bewijscode", message }],
        });
        return send(reply, 400, errorTitle(T.codeSentTitle), body, CONTACT_PATHS.proof);
      };
      if (code === "") return again(L(T.codeMissing));
      const answer = await confirmCallerProof(deps.ctx, session.actor, {
        proofId,
        code,
        session: session.formToken,
      });
      if (answer.outcome === "found") return pages.callerPage(reply, session, answer.caller.handle);
      if (answer.outcome === "wrong-code")
        return again(L(T.wrongCode).replace("{n}", String(answer.triesLeft)));
      const notice = answer.outcome === "not-found" ? L(T.proofNotInFile) : L(T.proofEnded);
      return pages.searchPage(reply, session, { status: answer.outcome === "not-found" ? 200 : 400, notice });
    },
  );
}

function registerCallerActions(app: FastifyInstance, deps: ContactRouteDeps, pages: Pages): void {
  const { language } = deps;
  const { L } = pages;

  app.post<Body>(
    localPath(CONTACT_PATHS.caller, language),
    { schema: { hide: true } },
    async (request, reply) => {
      const session = await pages.agentOfPost(request, reply);
      if (!session) return reply;
      const body = request.body;
      const handle = field(body, "handle", 64);
      const input = { handle, session: session.formToken };
      const action = field(body, "actie");
      const typed = {
        channel: field(body, "soort", 20),
        sender: field(body, "afzender", 200),
        receivedOn: field(body, "ontvangen", 20),
        receivedTime: field(body, "tijd", 10),
        text: field(body, "tekst", 5_000),
      };
      try {
        if (action === "resend") {
          await resendNotice(deps.ctx, session.actor, { ...input, channel: field(body, "kanaal", 20) });
          return pages.callerPage(reply, session, handle, { notice: L(T.resent) });
        }
        if (action === "letter") {
          const { created } = await orderLetter(deps.ctx, session.actor, input);
          return pages.callerPage(reply, session, handle, {
            notice: L(created ? T.letterOrdered : T.letterAlready),
          });
        }
        if (action === "phishing") {
          await recordCallerPhishing(deps.ctx, session.actor, {
            ...input,
            report: {
              channel: typed.channel,
              sender: typed.sender,
              receivedOn: typed.receivedOn,
              receivedTime: typed.receivedTime,
              text: typed.text,
            },
          });
          return pages.callerPage(reply, session, handle, { notice: L(T.reported) });
        }
        return pages.callerPage(reply, session, handle);
      } catch (error) {
        if (!(error instanceof OperationProblem)) throw error;
        if (error.code === "not-found")
          return pages.searchPage(reply, session, { status: 404, notice: L(T.lookupEnded) });
        if (error.code === "conflict")
          return pages.callerPage(reply, session, handle, {
            status: 409,
            errors: [{ field: "kanaal", message: L(T.resendConflict) }],
          });
        if (error.code !== "invalid") throw error;
        const errors = actionErrors(action, error, L);
        return pages.callerPage(reply, session, handle, { status: 400, errors, typed });
      }
    },
  );
}

/** The refusal's problems as the fields of the form that was sent. */
function actionErrors(
  action: string,
  error: OperationProblem,
  L: (text: BilingualText) => string,
): FieldError[] {
  if (action === "resend") return [{ field: "kanaal", message: L(T.channelInvalid) }];
  if (action === "letter") return [{ field: "kanaal", message: L(T.noLetter) }];
  const fields: Record<string, [string, BilingualText]> = {
    channel: ["soort", T.reportChannel],
    sender: ["afzender", T.reportSender],
    receivedOn: ["ontvangen", T.reportDate],
    receivedTime: ["tijd", T.reportTime],
    text: ["tekst", T.reportText],
  };
  return error.problems.flatMap((p) => {
    const known = fields[p.path];
    return known ? [{ field: known[0], message: L(known[1]) }] : [];
  });
}
