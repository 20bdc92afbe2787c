/**
 * "Mijn plan" (/mijn-plan, /en/mijn-plan): a victim types the personal code from their letter, e-mail or text
 * and sees their own plan. The code travels only in a POST body; look-ups are limited per code, per network
 * and overall (the limiter of "is this message genuine?"); a wrong code says only that it is not known. A
 * right code opens a server-side session: the browser gets a random token in an HttpOnly, SameSite=Lax cookie
 * (Secure, and `__Host-` named, unless served over plain http on this machine for tests and `npm start`), and
 * the database keeps only its hash. Every other form needs that session and refuses cross-site posts, so the
 * session's victim id is the only one any action can touch. Pages are never cached.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { PostalAddress } from "../../core/index.ts";
import {
  confirmNewAddress,
  endPlanSession,
  myPlan,
  type OperationContext,
  openPlan,
  planSession,
  requestFromPlan,
  saveProgress,
} from "../../operations/index.ts";
import { guessBudget } from "../guess-budget.ts";
import type { SafeHtml } from "../html.ts";
import { type BilingualText, LANGUAGES, type Language, localPath, t } from "../i18n.ts";
import { page } from "../layout.ts";
import { isLoopback } from "../loopback.ts";
import { registerSubscribeRoutes, subscribeSectionFor, unsubscribeRoutes } from "./my-plan-subscribe.ts";
import { TEXT } from "./my-plan-text.ts";
import {
  ADDRESS_FIELDS,
  type AddressErrors,
  type AddressField,
  type CodeError,
  codeBody,
  messageBody,
  type Notice,
  PATH,
  PRINT_CSS,
  planBody,
  printBody,
} from "./my-plan-view.ts";
import { codeKey, crossSite, limiter, missLimits, networkOf, type VerifyLimits } from "./verify-message.ts";

export const MY_PLAN_LIMITS: VerifyLimits = {
  perCode: { max: 10, windowMs: 60 * 60_000 },
  perNetwork: { max: 30, windowMs: 10 * 60_000 },
  overall: { max: 6_000, windowMs: 60_000 },
};

export interface MyPlanOptions {
  store: OperationContext;
  limits?: Partial<VerifyLimits>;
  /** The clock (tests move it to show sessions ending). */
  now?: () => Date;
}

const SECURE_COOKIE = "__Host-lekwijzer-plan";
const PLAIN_COOKIE = "lekwijzer-plan";
const PRINT_CSS_PATH = `${PATH}/print.css`;

/** Plain http is allowed only for a browser on this machine (tests, `npm start`); anything else is https. */
const plainLocal = (request: FastifyRequest) => request.protocol === "http" && isLoopback(request);

function readToken(request: FastifyRequest): string | undefined {
  const header = request.headers.cookie;
  if (typeof header !== "string") return undefined;
  const name = plainLocal(request) ? PLAIN_COOKIE : SECURE_COOKIE;
  for (const part of header.split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) return value.join("=");
  }
  return undefined;
}

function cookie(request: FastifyRequest, value: string, clear = false): string {
  const plain = plainLocal(request);
  const attributes = ["Path=/", "HttpOnly", "SameSite=Lax", ...(plain ? [] : ["Secure"])];
  if (clear) attributes.push("Max-Age=0");
  return `${plain ? PLAIN_COOKIE : SECURE_COOKIE}=${value}; ${attributes.join("; ")}`;
}

const NOTICES: Record<string, Notice> = {
  opgeslagen: "saved",
  brief: "letter",
  adres: "moved",
  brieven: "letters",
  gestopt: "stopped",
  bevestigd: "confirmed",
};

function noticeOf(query: unknown): Notice | null {
  const q = (query ?? {}) as Record<string, unknown>;
  if (typeof q.gevraagd === "string") return NOTICES[q.gevraagd] ?? null;
  if ("opgeslagen" in q) return "saved";
  if ("gestopt" in q) return "stopped";
  return null;
}

function readAddress(body: Record<string, unknown>): { address?: PostalAddress; errors?: AddressErrors } {
  const values = Object.fromEntries(
    ADDRESS_FIELDS.map((f) => [
      f,
      typeof body[f] === "string" ? (body[f] as string).trim().slice(0, 100) : "",
    ]),
  ) as Record<AddressField, string>;
  const missing = ADDRESS_FIELDS.filter((f) => values[f] === "");
  const postcode = values.postcode.toUpperCase().replace(/\s+/g, "");
  const postcodeWrong = values.postcode !== "" && !/^[1-9]\d{3}[A-Z]{2}$/.test(postcode);
  if (missing.length > 0 || postcodeWrong) return { errors: { values, missing, postcodeWrong } };
  return {
    address: {
      street: values.straat,
      houseNumber: values.huisnummer,
      postcode: `${postcode.slice(0, 4)} ${postcode.slice(4)}`,
      city: values.plaats,
      country: "NL",
    },
  };
}

export async function myPlanRoutes(app: FastifyInstance, options: MyPlanOptions): Promise<void> {
  const limits: VerifyLimits = { ...MY_PLAN_LIMITS, ...options.limits };
  const take = limiter();
  const now = options.now ?? (() => new Date());
  const ctx = options.store;
  const misses = guessBudget(ctx, "mijn-plan", missLimits(limits));
  const overLimit = (request: FastifyRequest, typed: string): number | null =>
    misses.blockedFor(networkOf(request.ip)) ??
    take("all", limits.overall) ??
    take(`net:${networkOf(request.ip)}`, limits.perNetwork) ??
    take(`code:${codeKey(typed)}`, limits.perCode);

  app.get(PRINT_CSS_PATH, { schema: { hide: true } }, async (_request, reply) =>
    reply.type("text/css; charset=utf-8").header("cache-control", "public, max-age=3600").send(PRINT_CSS),
  );

  for (const language of LANGUAGES) {
    const send = (reply: FastifyReply, status: number, title: BilingualText | string, body: SafeHtml) =>
      reply
        .code(status)
        .header("cache-control", "no-store")
        .type("text/html; charset=utf-8")
        .send(page({ language, path: PATH, title, body, themeStylesheet: PRINT_CSS_PATH }));
    const home = localPath(PATH, language);
    const redirect = (reply: FastifyReply, query = "") =>
      reply.code(303).header("location", `${home}${query}`).send();
    const routes = { language, send, redirect, home };
    registerCodeRoutes(app, ctx, routes, {
      overLimit,
      chargeMiss: (request) => misses.chargeMiss(networkOf(request.ip)),
      now,
    });
    registerPlanActions(app, ctx, routes, now);
    registerSubscribeRoutes(app, ctx, {
      ...routes,
      refuse: (reply) => refuse(routes, reply),
      victimOf: (request) => planSession(ctx, readToken(request), now()),
    });
  }
  await app.register(unsubscribeRoutes, { store: ctx });
}

interface Routes {
  language: Language;
  send: (reply: FastifyReply, status: number, title: BilingualText | string, body: SafeHtml) => FastifyReply;
  redirect: (reply: FastifyReply, query?: string) => FastifyReply;
  home: string;
}

type Body = { Body: Record<string, unknown> | undefined };

function refuse(routes: Routes, reply: FastifyReply): FastifyReply {
  const { language } = routes;
  return routes.send(
    reply,
    403,
    TEXT.refusedTitle,
    messageBody(t(TEXT.refusedTitle, language), t(TEXT.refused, language), language),
  );
}

function registerCodeRoutes(
  app: FastifyInstance,
  ctx: OperationContext,
  routes: Routes,
  deps: {
    overLimit: (request: FastifyRequest, typed: string) => number | null;
    /** Counts a code that opened nothing against the budget shared by every process. */
    chargeMiss: (request: FastifyRequest) => Promise<unknown>;
    now: () => Date;
  },
): void {
  const { language, send } = routes;
  const errorTitle = { nl: `Fout: ${TEXT.title.nl}`, en: `Error: ${TEXT.title.en}` };

  app.get(routes.home, { schema: { hide: true } }, async (request, reply) => {
    const token = readToken(request);
    const victimId = await planSession(ctx, token, deps.now());
    if (victimId === undefined) {
      if (token) reply.header("set-cookie", cookie(request, "", true));
      const notice = token ? "expired" : noticeOf(request.query);
      return send(reply, 200, TEXT.title, codeBody(language, null, notice));
    }
    const view = await myPlan(ctx, victimId, language);
    if ("print" in ((request.query ?? {}) as object))
      return send(
        reply,
        200,
        `${t(TEXT.printView, language)}: ${t(TEXT.title, language)}`,
        printBody(view, language),
      );
    const subscribe = await subscribeSectionFor(ctx, victimId, language, request.query);
    return send(
      reply,
      200,
      TEXT.title,
      planBody(view, language, { notice: noticeOf(request.query), subscribe }),
    );
  });

  app.post<Body>(routes.home, { schema: { hide: true } }, async (request, reply) => {
    if (crossSite(request)) return refuse(routes, reply);
    const typed = typeof request.body?.code === "string" ? request.body.code.slice(0, 100) : "";
    if (typed.trim() === "") return send(reply, 400, errorTitle, codeBody(language, "empty", null));
    const wait = deps.overLimit(request, typed);
    if (wait !== null) {
      const minutes = String(Math.max(1, Math.ceil(wait / 60_000)));
      reply.header("retry-after", String(Math.ceil(wait / 1000)));
      const text = t(TEXT.tooMany, language).replace("{minutes}", minutes);
      return send(reply, 429, TEXT.tooManyTitle, messageBody(t(TEXT.tooManyTitle, language), text, language));
    }
    const opened = await openPlan(ctx, typed, deps.now());
    if (!opened.ok) {
      const error: CodeError = opened.reason;
      if (error === "unknown") await deps.chargeMiss(request);
      return send(reply, error === "typo" ? 400 : 200, errorTitle, codeBody(language, error, null));
    }
    reply.header("set-cookie", cookie(request, opened.token));
    return routes.redirect(reply);
  });

  app.post(`${routes.home}/stop`, { schema: { hide: true } }, async (request, reply) => {
    if (crossSite(request)) return refuse(routes, reply);
    await endPlanSession(ctx, readToken(request));
    reply.header("set-cookie", cookie(request, "", true));
    return routes.redirect(reply, "?gestopt");
  });
}

function registerPlanActions(
  app: FastifyInstance,
  ctx: OperationContext,
  routes: Routes,
  now: () => Date,
): void {
  const { language } = routes;
  /** The session's victim, or a redirect to the code form (which says the plan closed). */
  const victimOf = async (request: FastifyRequest) => planSession(ctx, readToken(request), now());

  app.post<Body>(`${routes.home}/stappen`, { schema: { hide: true } }, async (request, reply) => {
    if (crossSite(request)) return refuse(routes, reply);
    const victimId = await victimOf(request);
    if (victimId === undefined) return routes.redirect(reply);
    const raw = request.body?.stap;
    const steps = (Array.isArray(raw) ? raw : [raw]).filter((s): s is string => typeof s === "string");
    await saveProgress(ctx, victimId, steps.slice(0, 100));
    return routes.redirect(reply, "?opgeslagen#stappen");
  });

  app.post(`${routes.home}/brief`, { schema: { hide: true } }, async (request, reply) => {
    if (crossSite(request)) return refuse(routes, reply);
    const victimId = await victimOf(request);
    if (victimId === undefined) return routes.redirect(reply);
    await requestFromPlan(ctx, victimId, { kind: "printed-letter" }, language);
    return routes.redirect(reply, "?gevraagd=brief#brief");
  });

  app.post<Body>(`${routes.home}/gegevens`, { schema: { hide: true } }, async (request, reply) => {
    if (crossSite(request)) return refuse(routes, reply);
    const victimId = await victimOf(request);
    if (victimId === undefined) return routes.redirect(reply);
    const body = request.body ?? {};
    if (body.soort === "brieven") {
      await requestFromPlan(ctx, victimId, { kind: "prefers-letters" }, language);
      return routes.redirect(reply, "?gevraagd=brieven#gegevens");
    }
    const { address, errors } = readAddress(body);
    if (!address) {
      const view = await myPlan(ctx, victimId, language);
      const title = { nl: `Fout: ${TEXT.title.nl}`, en: `Error: ${TEXT.title.en}` };
      return routes.send(
        reply,
        400,
        title,
        planBody(view, language, {
          notice: null,
          ...(errors ? { address: errors } : {}),
          subscribe: await subscribeSectionFor(ctx, victimId, language),
        }),
      );
    }
    await requestFromPlan(ctx, victimId, { kind: "moved", address }, language);
    return routes.redirect(reply, "?gevraagd=adres#verhuisd");
  });

  // The code from the letter to a new address: only the session's own victim's address can be confirmed.
  app.post<Body>(`${routes.home}/adrescode`, { schema: { hide: true } }, async (request, reply) => {
    if (crossSite(request)) return refuse(routes, reply);
    const victimId = await victimOf(request);
    if (victimId === undefined) return routes.redirect(reply);
    const typed = typeof request.body?.adrescode === "string" ? request.body.adrescode : "";
    const outcome = await confirmNewAddress(ctx, victimId, typed, now());
    if (outcome.ok) return routes.redirect(reply, "?gevraagd=bevestigd#verhuisd");
    const view = await myPlan(ctx, victimId, language);
    const fieldError = outcome.reason === "format" || outcome.reason === "wrong";
    const title = fieldError ? { nl: `Fout: ${TEXT.title.nl}`, en: `Error: ${TEXT.title.en}` } : TEXT.title;
    return routes.send(
      reply,
      fieldError ? 400 : 200,
      title,
      planBody(view, language, {
        notice: null,
        codeError: outcome,
        subscribe: await subscribeSectionFor(ctx, victimId, language),
      }),
    );
  });
}
