/**
 * The staff console's door (/console, /en/console): log-in in two steps (password, then a TOTP code; a first
 * log-in enrols the code), log-out, password reset by e-mail, a signed-in landing page with the organisation's
 * breaches, and the staff page for organisation administrators. A signed-in request becomes the staff
 * member's actor (`staff:<id>`, their roles' grants) and goes through the same operations as the API and the
 * CLI, so the permission table decides here too.
 *
 * The session is a random token in an HttpOnly, SameSite=Lax cookie (Secure and `__Host-` named when
 * PUBLIC_URL is https); the database keeps only its keyed hash. Every state-changing form of a session carries
 * the session's form token (a keyed hash of the session token) and every POST refuses cross-site requests; the
 * forms before a session (log-in, forgot, new password) have no session to bind to and rely on the cross-site
 * check, SameSite and, for the new password, the reset token itself. Pages are never cached.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import {
  type Actor,
  createStaff,
  disableStaff,
  endStaffSession,
  formTokenMatches,
  listBreaches,
  listStaff,
  may,
  type OperationContext,
  OperationProblem,
  ORGANISATION_STAFF_ROLES,
  presentStaff,
  requestStaffPasswordReset,
  resetStaffPassword,
  STAFF_LOGIN_RULES,
  type StaffLoginRules,
  type StaffSession,
  staffCodeStep,
  staffEnrolment,
  staffPasswordStep,
  staffResetTokenValid,
  staffSession,
  VICTIM_NOTICE_ALERT_HOURS,
} from "../../operations/index.ts";
import { type GuessBudget, type GuessWindow, guessBudget } from "../guess-budget.ts";
import type { SafeHtml } from "../html.ts";
import { type BilingualText, LANGUAGES, type Language, localPath, t } from "../i18n.ts";
import { page } from "../layout.ts";
import { registerAdminPages } from "./console-admin.ts";
import { registerBreachPages } from "./console-breach.ts";
import { registerCampaignPages } from "./console-campaigns.ts";
import { registerContactPages } from "./console-contact.ts";
import { registerEvidenceExports } from "./console-evidence.ts";
import { registerMessagePages } from "./console-messages.ts";
import { registerNoticePages } from "./console-notice.ts";
import { registerOversightPages } from "./console-oversight.ts";
import { TEXT } from "./console-text.ts";
import { registerTransparencyPages } from "./console-transparency.ts";
import { registerUpdatePages } from "./console-updates.ts";
import {
  codeBody,
  enrolBody,
  type FieldError,
  forgotBody,
  homeBody,
  loginBody,
  messageBody,
  PATHS,
  resetBody,
  staffBody,
} from "./console-view.ts";
import { crossSite, networkOf } from "./verify-message.ts";

export interface ConsoleOptions {
  store: OperationContext;
  /** Secure, `__Host-` cookies: true when PUBLIC_URL is https. */
  secureCookie: boolean;
  /** The clock (tests move it to show sessions and tokens ending). */
  now?: () => Date;
  rules?: Partial<StaffLoginRules>;
  /** Hours after awareness before oversight alerts on a high-risk breach without a victim notice (72). */
  oversightAlertHours?: number;
  /** Wrong passwords and codes a network (/24, /64) may send, across all server processes, and overall. */
  networkLimits?: { perNetwork: GuessWindow; overall: GuessWindow };
  /** The largest victim file one upload may carry, as for the API (UPLOAD_MAX_BYTES). */
  uploadBytes?: number;
}

/**
 * The per-account lock-out stops guessing one account's password; this stops one network from trying many
 * accounts (credential stuffing). Only failures count, so colleagues behind one office address are not
 * held up by their own log-ins; the overall budget is high, as spending it refuses everyone.
 */
export const CONSOLE_NETWORK_LIMITS = {
  perNetwork: { max: 30, windowMs: 15 * 60_000 },
  overall: { max: 5_000, windowMs: 15 * 60_000 },
} as const;

type Body = { Body: Record<string, unknown> | undefined };

const text = (body: Record<string, unknown> | undefined, name: string, max = 320): string => {
  const value = body?.[name];
  return typeof value === "string" ? value.slice(0, max) : "";
};

const list = (body: Record<string, unknown> | undefined, name: string): string[] => {
  const value = body?.[name];
  if (typeof value === "string") return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string").slice(0, 10) : [];
};

export async function consoleRoutes(app: FastifyInstance, options: ConsoleOptions): Promise<void> {
  const ctx = options.store;
  const now = options.now ?? (() => new Date());
  const rules: StaffLoginRules = { ...STAFF_LOGIN_RULES, ...options.rules };
  const name = options.secureCookie ? "__Host-lekwijzer-console" : "lekwijzer-console";
  const readToken = (request: FastifyRequest): string | undefined => {
    const header = request.headers.cookie;
    if (typeof header !== "string") return undefined;
    for (const part of header.split(";")) {
      const [key, ...value] = part.trim().split("=");
      if (key === name) return value.join("=");
    }
    return undefined;
  };
  const cookie = (value: string, clear = false) =>
    [
      `${name}=${value}`,
      "Path=/",
      "HttpOnly",
      "SameSite=Lax",
      ...(options.secureCookie ? ["Secure"] : []),
      ...(clear ? ["Max-Age=0"] : []),
    ].join("; ");
  const failures = guessBudget(ctx, "console-login", options.networkLimits ?? CONSOLE_NETWORK_LIMITS);
  const deps: Deps = {
    ctx,
    now,
    failures,
    alertHours: options.oversightAlertHours ?? VICTIM_NOTICE_ALERT_HOURS,
    rules,
    uploadBytes: options.uploadBytes,
    readToken,
    cookie,
    session: (request) => staffSession(ctx, readToken(request), now(), rules),
  };
  for (const language of LANGUAGES) {
    const send = (reply: FastifyReply, status: number, title: BilingualText, body: SafeHtml, path: string) =>
      reply
        .code(status)
        .header("cache-control", "no-store")
        .type("text/html; charset=utf-8")
        .send(page({ language, path, title, body, alternate: true }));
    const go = (reply: FastifyReply, path: string, query = "") =>
      reply
        .code(303)
        .header("location", `${localPath(path, language)}${query}`)
        .send();
    const refuse = (reply: FastifyReply) =>
      send(
        reply,
        403,
        TEXT.refusedTitle,
        messageBody(language, TEXT.refusedTitle, TEXT.refused, {
          path: PATHS.login,
          label: TEXT.backToLogin,
        }),
        PATHS.login,
      );
    const routes: Routes = { language, send, go, refuse };
    registerLogin(app, deps, routes);
    registerSecondFactor(app, deps, routes);
    registerReset(app, deps, routes);
    registerSignedIn(app, deps, routes);
  }
}

interface Deps {
  ctx: OperationContext;
  now: () => Date;
  /** Failed log-in steps per network, across processes. */
  failures: GuessBudget;
  alertHours: number;
  rules: StaffLoginRules;
  uploadBytes: number | undefined;
  readToken: (request: FastifyRequest) => string | undefined;
  cookie: (value: string, clear?: boolean) => string;
  session: (request: FastifyRequest) => Promise<StaffSession | undefined>;
}

interface Routes {
  language: Language;
  send: (
    reply: FastifyReply,
    status: number,
    title: BilingualText,
    body: SafeHtml,
    path: string,
  ) => FastifyReply;
  go: (reply: FastifyReply, path: string, query?: string) => FastifyReply;
  refuse: (reply: FastifyReply) => FastifyReply;
}

const NOTICES: Record<string, BilingualText> = {
  uitgelogd: TEXT.loggedOut,
  verlopen: TEXT.sessionEnded,
  "wachtwoord-ingesteld": TEXT.passwordSet,
  geblokkeerd: TEXT.lockedOut,
};

function noticeOf(query: unknown, language: Language): string | null {
  const q = (query ?? {}) as Record<string, unknown>;
  for (const [key, notice] of Object.entries(NOTICES)) if (key in q) return t(notice, language);
  return null;
}

/** The refusal while the network has spent its failed log-ins, at the form's first field. */
const networkBlocked = (language: Language, field = "email"): FieldError => ({
  field,
  message: t(TEXT.networkBlocked, language),
});

/** Where a session half-way through log-in continues. */
const pendingPath = (session: StaffSession) => (session.stage === "enrol" ? PATHS.enrol : PATHS.code);

function registerLogin(app: FastifyInstance, deps: Deps, routes: Routes): void {
  const { language, send, go } = routes;
  const loginPath = localPath(PATHS.login, language);
  const errorTitle = { nl: `Fout: ${TEXT.loginTitle.nl}`, en: `Error: ${TEXT.loginTitle.en}` };

  app.get(loginPath, { schema: { hide: true } }, async (request, reply) => {
    const session = await deps.session(request);
    if (session?.stage === "signed-in") return go(reply, PATHS.home);
    return send(
      reply,
      200,
      TEXT.loginTitle,
      loginBody(language, { notice: noticeOf(request.query, language) }),
      PATHS.login,
    );
  });

  app.post<Body>(loginPath, { schema: { hide: true } }, async (request, reply) => {
    if (crossSite(request)) return routes.refuse(reply);
    const email = text(request.body, "email").trim();
    const password = text(request.body, "password", 1_000);
    const errors: FieldError[] = [];
    if (email === "") errors.push({ field: "email", message: t(TEXT.emailMissing, language) });
    if (password === "") errors.push({ field: "wachtwoord", message: t(TEXT.passwordMissing, language) });
    const network = networkOf(request.ip);
    if (deps.failures.blockedFor(network) !== null) {
      const body = loginBody(language, { email, errors: [networkBlocked(language)] });
      return send(reply, 429, errorTitle, body, PATHS.login);
    }
    if (errors.length === 0) {
      const step = await staffPasswordStep(deps.ctx, { email, password }, deps.now(), deps.rules);
      if (step.ok) {
        reply.header("set-cookie", deps.cookie(step.token));
        return go(reply, step.stage === "enrol" ? PATHS.enrol : PATHS.code);
      }
      await deps.failures.chargeMiss(network);
      errors.push({ field: "email", message: t(TEXT.notAccepted, language) });
    }
    return send(reply, 400, errorTitle, loginBody(language, { email, errors }), PATHS.login);
  });

  app.post<Body>(localPath(PATHS.logout, language), { schema: { hide: true } }, async (request, reply) => {
    const token = deps.readToken(request);
    if (crossSite(request) || !formTokenMatches(deps.ctx, token, request.body?.formulier))
      return routes.refuse(reply);
    await endStaffSession(deps.ctx, token);
    reply.header("set-cookie", deps.cookie("", true));
    return go(reply, PATHS.login, "?uitgelogd");
  });
}

function registerSecondFactor(app: FastifyInstance, deps: Deps, routes: Routes): void {
  const { language, send, go } = routes;

  for (const path of [PATHS.code, PATHS.enrol]) {
    const title = path === PATHS.code ? TEXT.codeTitle : TEXT.enrolTitle;
    const errorTitle = { nl: `Fout: ${title.nl}`, en: `Error: ${title.en}` };
    /** The page of this step, or a redirect when the session is elsewhere. */
    const show = async (request: FastifyRequest, reply: FastifyReply, errors: FieldError[] = []) => {
      const session = await deps.session(request);
      if (!session) return go(reply, PATHS.login, deps.readToken(request) ? "?verlopen" : "");
      if (session.stage === "signed-in") return go(reply, PATHS.home);
      if (pendingPath(session) !== path) return go(reply, pendingPath(session));
      const status = errors.length > 0 ? 400 : 200;
      if (path === PATHS.code)
        return send(
          reply,
          status,
          errors.length ? errorTitle : title,
          codeBody(language, session.formToken, errors),
          path,
        );
      const enrolment = await staffEnrolment(deps.ctx, deps.readToken(request), deps.now(), deps.rules);
      if (!enrolment) return go(reply, PATHS.login, "?verlopen");
      return send(
        reply,
        status,
        errors.length ? errorTitle : title,
        enrolBody(language, session.formToken, enrolment, errors),
        path,
      );
    };

    app.get(localPath(path, language), { schema: { hide: true } }, (request, reply) => show(request, reply));

    app.post<Body>(localPath(path, language), { schema: { hide: true } }, async (request, reply) => {
      const token = deps.readToken(request);
      if (crossSite(request) || !formTokenMatches(deps.ctx, token, request.body?.formulier))
        return routes.refuse(reply);
      if ((await deps.session(request))?.stage === "signed-in") return go(reply, PATHS.home);
      const code = text(request.body, "code", 20);
      if (code.trim() === "")
        return show(request, reply, [{ field: "code", message: t(TEXT.codeMissing, language) }]);
      const network = networkOf(request.ip);
      if (deps.failures.blockedFor(network) !== null)
        return show(request, reply, [networkBlocked(language, "code")]);
      const step = await staffCodeStep(deps.ctx, token, code, deps.now(), deps.rules);
      if (!step.ok && step.reason !== "no-session") await deps.failures.chargeMiss(network);
      if (step.ok) {
        reply.header("set-cookie", deps.cookie(step.token));
        return go(reply, PATHS.home);
      }
      if (step.reason === "locked") {
        reply.header("set-cookie", deps.cookie("", true));
        return go(reply, PATHS.login, "?geblokkeerd");
      }
      if (step.reason === "no-session") return go(reply, PATHS.login, "?verlopen");
      return show(request, reply, [{ field: "code", message: t(TEXT.codeWrong, language) }]);
    });
  }
}

function registerReset(app: FastifyInstance, deps: Deps, routes: Routes): void {
  const { language, send, go } = routes;
  const invalid = (reply: FastifyReply) =>
    send(
      reply,
      400,
      TEXT.linkInvalidTitle,
      messageBody(language, TEXT.linkInvalidTitle, TEXT.linkInvalid, {
        path: PATHS.forgot,
        label: TEXT.askAgain,
      }),
      PATHS.reset,
    );

  app.get(localPath(PATHS.forgot, language), { schema: { hide: true } }, async (_request, reply) =>
    send(reply, 200, TEXT.forgotTitle, forgotBody(language, {}), PATHS.forgot),
  );

  app.post<Body>(localPath(PATHS.forgot, language), { schema: { hide: true } }, async (request, reply) => {
    if (crossSite(request)) return routes.refuse(reply);
    const email = text(request.body, "email").trim();
    if (email === "")
      return send(
        reply,
        400,
        { nl: `Fout: ${TEXT.forgotTitle.nl}`, en: `Error: ${TEXT.forgotTitle.en}` },
        forgotBody(language, { errors: [{ field: "email", message: t(TEXT.emailMissing, language) }] }),
        PATHS.forgot,
      );
    // The same page for every address: whether an account exists is not told.
    await requestStaffPasswordReset(deps.ctx, email, deps.now(), deps.rules);
    return send(reply, 200, TEXT.forgotTitle, forgotBody(language, { sent: true }), PATHS.forgot);
  });

  app.get(localPath(PATHS.reset, language), { schema: { hide: true } }, async (request, reply) => {
    const token = (request.query as Record<string, unknown>)?.token;
    if (typeof token !== "string" || !(await staffResetTokenValid(deps.ctx, token, deps.now())))
      return invalid(reply);
    return send(reply, 200, TEXT.newPasswordTitle, resetBody(language, token), PATHS.reset);
  });

  app.post<Body>(localPath(PATHS.reset, language), { schema: { hide: true } }, async (request, reply) => {
    if (crossSite(request)) return routes.refuse(reply);
    const token = text(request.body, "token", 100);
    const password = text(request.body, "password", 1_000);
    const repeat = text(request.body, "repeat", 1_000);
    const errorTitle = { nl: `Fout: ${TEXT.newPasswordTitle.nl}`, en: `Error: ${TEXT.newPasswordTitle.en}` };
    if (password !== repeat) {
      if (!(await staffResetTokenValid(deps.ctx, token, deps.now()))) return invalid(reply);
      const errors = [{ field: "herhaal-wachtwoord", message: t(TEXT.passwordsDiffer, language) }];
      return send(reply, 400, errorTitle, resetBody(language, token, errors), PATHS.reset);
    }
    const outcome = await resetStaffPassword(deps.ctx, { token, password }, deps.now());
    if (outcome.ok) {
      reply.header("set-cookie", deps.cookie("", true));
      return go(reply, PATHS.login, "?wachtwoord-ingesteld");
    }
    if (outcome.reason === "token") return invalid(reply);
    const errors = [{ field: "nieuw-wachtwoord", message: t(outcome.problem, language) }];
    return send(reply, 400, errorTitle, resetBody(language, token, errors), PATHS.reset);
  });
}

/** Field errors of the add-staff form from an operation's refusal. */
function staffErrors(error: OperationProblem, language: Language): FieldError[] {
  const fields: Record<string, { field: string; text: BilingualText }> = {
    displayName: { field: "naam", text: TEXT.nameMissing },
    email: { field: "email", text: TEXT.emailInvalid },
    roles: { field: "rol-organisation-admin", text: TEXT.rolesMissing },
  };
  const seen = new Set<string>();
  return error.problems.flatMap((problem) => {
    const known = fields[problem.path];
    if (!known || seen.has(known.field)) return [];
    seen.add(known.field);
    const message = problem.message.startsWith("another account") ? TEXT.emailTaken : known.text;
    return [{ field: known.field, message: t(message, language) }];
  });
}

function registerSignedIn(app: FastifyInstance, deps: Deps, routes: Routes): void {
  const { language, send, go } = routes;

  /** The signed-in session of the request; otherwise the redirect (to log in, or to the step it is at). */
  const signedIn = async (
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<(StaffSession & { actor: Actor }) | undefined> => {
    const session = await deps.session(request);
    if (!session) {
      const token = deps.readToken(request);
      if (token) reply.header("set-cookie", deps.cookie("", true));
      go(reply, PATHS.login, token ? "?verlopen" : "");
      return undefined;
    }
    if (session.stage !== "signed-in" || !session.actor) {
      go(reply, pendingPath(session));
      return undefined;
    }
    return session as StaffSession & { actor: Actor };
  };
  const forbidden = (reply: FastifyReply) =>
    send(
      reply,
      403,
      TEXT.forbiddenTitle,
      messageBody(language, TEXT.forbiddenTitle, TEXT.forbidden, { path: PATHS.home, label: TEXT.homeTitle }),
      PATHS.home,
    );

  app.get(localPath(PATHS.home, language), { schema: { hide: true } }, async (request, reply) => {
    const session = await signedIn(request, reply);
    if (!session) return reply;
    const { actor, account } = session;
    const readsBreaches = actor.organisationId !== null && may(actor, "breach.list");
    const breaches = readsBreaches ? await listBreaches(deps.ctx, actor) : undefined;
    const view = {
      displayName: account.displayName,
      organisationName: session.organisationName,
      roles: account.roles,
      breaches: breaches?.map((b) => ({
        id: b.id,
        title: b.title,
        status: b.status,
        awareAt: b.awareAt,
        pageSlug: b.pageSlug,
      })),
      mayManageStaff: actor.organisationId !== null && may(actor, "staff.list"),
      mayCreateBreach: actor.organisationId !== null && may(actor, "breach.create"),
      mayReadAudit: may(actor, "audit.read"),
      mayTakeCalls: actor.organisationId !== null && may(actor, "caller.find"),
      mayReadRegister: actor.organisationId !== null && may(actor, "transparency.read"),
      formToken: session.formToken,
    };
    return send(reply, 200, TEXT.homeTitle, homeBody(language, view), PATHS.home);
  });
  registerStaffPage(app, deps, routes, { signedIn, forbidden });
  registerCampaignPages(app, { ...routes, ctx: deps.ctx, readToken: deps.readToken, signedIn, forbidden });
  registerContactPages(app, { ...routes, ctx: deps.ctx, readToken: deps.readToken, signedIn, forbidden });
  registerMessagePages(app, { ...routes, ctx: deps.ctx, readToken: deps.readToken, signedIn, forbidden });
  registerUpdatePages(app, { ...routes, ctx: deps.ctx, readToken: deps.readToken, signedIn, forbidden });
  const pageDeps = {
    ...routes,
    ctx: deps.ctx,
    now: deps.now,
    ...(deps.uploadBytes === undefined ? {} : { uploadBytes: deps.uploadBytes }),
    readToken: deps.readToken,
    signedIn,
    forbidden,
  };
  registerBreachPages(app, pageDeps);
  registerNoticePages(app, pageDeps);
  registerOversightPages(app, { ...routes, ...deps, signedIn, forbidden });
  registerEvidenceExports(app, { ...routes, ctx: deps.ctx, signedIn, forbidden });
  for (const register of [registerAdminPages, registerTransparencyPages]) register(app, pageDeps);
}

/**
 * The staff page: organisation administrators list, add and disable their organisation's staff. One piece
 * because its three routes share the page's renderer and guard: the page, its add form, its disable buttons.
 */
function registerStaffPage(
  app: FastifyInstance,
  deps: Deps,
  routes: Routes,
  guard: {
    signedIn: (
      request: FastifyRequest,
      reply: FastifyReply,
    ) => Promise<(StaffSession & { actor: Actor }) | undefined>;
    forbidden: (reply: FastifyReply) => FastifyReply;
  },
): void {
  const { language, send, go } = routes;
  const { signedIn, forbidden } = guard;
  const staffPage = async (
    reply: FastifyReply,
    session: StaffSession & { actor: Actor },
    shown: {
      status?: number;
      notice?: string | null;
      typed?: { email: string; displayName: string; roles: string[] };
      errors?: FieldError[];
    },
  ) => {
    const staff = (await listStaff(deps.ctx, session.actor)).map((s) => presentStaff(s, deps.now()));
    const errors = shown.errors ?? [];
    return send(
      reply,
      shown.status ?? 200,
      errors.length
        ? { nl: `Fout: ${TEXT.staffTitle.nl}`, en: `Error: ${TEXT.staffTitle.en}` }
        : TEXT.staffTitle,
      staffBody(language, {
        staff,
        selfId: session.account.id,
        roles: ORGANISATION_STAFF_ROLES,
        formToken: session.formToken,
        notice: shown.notice ?? null,
        typed: shown.typed ?? { email: "", displayName: "", roles: [] },
        errors,
      }),
      PATHS.staff,
    );
  };
  // Organisation administrators only: the platform's staff are managed by the operator at the command line.
  const mayManage = (actor: Actor) => actor.organisationId !== null && may(actor, "staff.list");

  app.get(localPath(PATHS.staff, language), { schema: { hide: true } }, async (request, reply) => {
    const session = await signedIn(request, reply);
    if (!session) return reply;
    if (!mayManage(session.actor)) return forbidden(reply);
    const q = (request.query ?? {}) as Record<string, unknown>;
    const notice =
      "toegevoegd" in q ? t(TEXT.added, language) : "uitgeschakeld" in q ? t(TEXT.disabled, language) : null;
    return staffPage(reply, session, { notice });
  });

  app.post<Body>(localPath(PATHS.staff, language), { schema: { hide: true } }, async (request, reply) => {
    if (crossSite(request) || !formTokenMatches(deps.ctx, deps.readToken(request), request.body?.formulier))
      return routes.refuse(reply);
    const session = await signedIn(request, reply);
    if (!session) return reply;
    if (!mayManage(session.actor)) return forbidden(reply);
    const typed = {
      email: text(request.body, "email").trim(),
      displayName: text(request.body, "displayName", 200),
      roles: list(request.body, "roles"),
    };
    try {
      await createStaff(deps.ctx, session.actor, typed, deps.now());
    } catch (error) {
      if (!(error instanceof OperationProblem) || error.code !== "invalid") throw error;
      return staffPage(reply, session, { status: 400, typed, errors: staffErrors(error, language) });
    }
    return go(reply, PATHS.staff, "?toegevoegd");
  });

  app.post<Body & { Params: { id: string } }>(
    localPath(`${PATHS.staff}/:id/uitschakelen`, language),
    { schema: { hide: true } },
    async (request, reply) => {
      if (crossSite(request) || !formTokenMatches(deps.ctx, deps.readToken(request), request.body?.formulier))
        return routes.refuse(reply);
      const session = await signedIn(request, reply);
      if (!session) return reply;
      if (!mayManage(session.actor)) return forbidden(reply);
      try {
        await disableStaff(deps.ctx, session.actor, { id: request.params.id }, deps.now());
      } catch (error) {
        if (!(error instanceof OperationProblem)) throw error;
        if (error.code === "not-found")
          return send(
            reply,
            404,
            TEXT.notFoundTitle,
            messageBody(language, TEXT.notFoundTitle, TEXT.notFound, {
              path: PATHS.staff,
              label: TEXT.staffTitle,
            }),
            PATHS.staff,
          );
        if (error.code === "forbidden") return forbidden(reply);
        return go(reply, PATHS.staff);
      }
      return go(reply, PATHS.staff, "?uitgeschakeld");
    },
  );
}
