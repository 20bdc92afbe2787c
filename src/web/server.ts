/**
 * The HTTP server: security headers, request ids, problem+json errors, OpenAPI, and the route modules.
 */
import { randomUUID } from "node:crypto";
import formbody from "@fastify/formbody";
import helmet from "@fastify/helmet";
import rateLimit from "@fastify/rate-limit";
import swagger from "@fastify/swagger";
import Fastify, {
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from "fastify";
import type { Logger } from "pino";
import { assetRoutes } from "./assets.ts";
import { html } from "./html.ts";
import { page } from "./layout.ts";
import { adviceRoutes } from "./pages/advice.ts";
import { frameworkPageRoutes } from "./pages/framework.ts";
import { helpRoutes } from "./pages/help.ts";
import { homeRoutes } from "./pages/home.ts";
import {
  codeForStatus,
  PROBLEMS,
  type ProblemCode,
  ProblemError,
  type ProblemItem,
  problem,
} from "./problems.ts";
import { frameworkApiRoutes } from "./routes/api-framework.ts";
import { messageApiRoutes } from "./routes/api-messages.ts";
import { systemRoutes } from "./routes/system.ts";

export interface ServerDependencies {
  logger: Logger;
  publicUrl: string;
  /** Resolves when the database answers; rejects otherwise. */
  ping(): Promise<void>;
  version?: string;
  /** Requests per minute per client on the computing endpoints (assessments, plans, advice). */
  rateLimitPerMinute?: number;
}

const REQUEST_ID_HEADER = "x-request-id";

function wantsHtml(request: FastifyRequest): boolean {
  if (request.url.startsWith("/api/")) return false;
  const accept = request.headers.accept ?? "";
  return accept.includes("text/html");
}

function validationProblems(error: FastifyError): ProblemItem[] {
  return (error.validation ?? []).map((v) => {
    const where = error.validationContext ?? "body";
    const instance = v.instancePath.replace(/^\//, "").replace(/\//g, ".");
    const missing = (v.params as { missingProperty?: string }).missingProperty;
    const path = [where, instance, missing].filter(Boolean).join(".");
    return { path, message: v.message ?? "is not valid" };
  });
}

function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  code: ProblemCode,
  detail?: string,
  problems?: ProblemItem[],
): FastifyReply {
  const body = problem(code, {
    detail,
    instance: request.url.split("?")[0],
    requestId: request.id,
    problems,
  });
  return reply.code(body.status).type("application/problem+json; charset=utf-8").send(body);
}

export async function buildServer(deps: ServerDependencies): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    genReqId: (req) => {
      const incoming = req.headers[REQUEST_ID_HEADER];
      // Accept a caller's id only when it is short and plain, so it cannot smuggle data into logs.
      return typeof incoming === "string" && /^[A-Za-z0-9._-]{8,64}$/.test(incoming)
        ? incoming
        : randomUUID();
    },
    requestIdHeader: false,
    trustProxy: true,
    bodyLimit: 1024 * 1024,
    ajv: { customOptions: { allErrors: true, removeAdditional: false, coerceTypes: false } },
  });

  app.addHook("onRequest", async (request, reply) => {
    reply.header(REQUEST_ID_HEADER, request.id);
  });

  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", "data:"],
        fontSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
      },
    },
    referrerPolicy: { policy: "no-referrer" },
    crossOriginEmbedderPolicy: false,
  });
  await app.register(formbody, { bodyLimit: 64 * 1024 });
  // Only routes that opt in (config.rateLimit) are limited; static pages and health checks are not.
  await app.register(rateLimit, {
    global: false,
    max: deps.rateLimitPerMinute ?? 120,
    timeWindow: "1 minute",
    errorResponseBuilder: (_request, context) =>
      new ProblemError(
        "too-many-requests",
        `Too many requests; try again in ${Math.ceil(context.ttl / 1000)} seconds.`,
      ),
  });
  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "Lekwijzer API",
        version: deps.version ?? "0.1.0",
        description:
          "Assess personal-data breaches, build personal action plans and read the handelingskader (the Dutch " +
          "framework for victims of large data breaches) as open data. Errors are application/problem+json.",
        license: { name: "EUPL-1.2", identifier: "EUPL-1.2" },
      },
      servers: [{ url: deps.publicUrl }],
    },
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof ProblemError)
      return sendProblem(request, reply, error.code, error.message, error.problems);
    if (error.validation) {
      return sendProblem(
        request,
        reply,
        "validation-failed",
        "Some fields are not valid.",
        validationProblems(error),
      );
    }
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      request.log.error(
        { err: { type: error.name, code: error.code, stack: error.stack } },
        "request failed",
      );
      return sendProblem(request, reply, "internal");
    }
    return sendProblem(request, reply, codeForStatus(status), error.message);
  });

  app.setNotFoundHandler((request, reply) => {
    if (wantsHtml(request)) {
      const language = request.url.startsWith("/en") ? "en" : "nl";
      const body = html`<h1 class="utrecht-heading-1">${language === "nl" ? "Deze pagina bestaat niet" : "This page does not exist"}</h1>
<p class="utrecht-paragraph">${language === "nl" ? "Controleer het adres, of ga naar de startpagina." : "Check the address, or go to the home page."}</p>
<p class="utrecht-paragraph"><a class="utrecht-link" href="${language === "nl" ? "/" : "/en"}">${language === "nl" ? "Naar de startpagina" : "To the home page"}</a></p>`;
      return reply
        .code(404)
        .type("text/html; charset=utf-8")
        .send(
          page({
            language,
            path: "/",
            title: { nl: "Niet gevonden", en: "Not found" },
            body,
            alternate: false,
          }),
        );
    }
    return sendProblem(
      request,
      reply,
      "not-found",
      `No resource at ${request.method} ${request.url.split("?")[0]}`,
    );
  });

  await app.register(assetRoutes);
  await app.register(systemRoutes, { ping: deps.ping });
  await app.register(homeRoutes);
  await app.register(adviceRoutes);
  await app.register(helpRoutes);
  await app.register(frameworkPageRoutes);
  await app.register(frameworkApiRoutes);
  await app.register(messageApiRoutes);

  app.get("/api/v1/openapi.json", { schema: { hide: true } }, async (_request, reply) =>
    reply.type("application/json").send(app.swagger()),
  );
  app.get<{ Params: { code: string } }>(
    "/problems/:code",
    { schema: { hide: true } },
    async (request, reply) => {
      const code = request.params.code as ProblemCode;
      if (!Object.hasOwn(PROBLEMS, code)) return reply.callNotFound();
      const entry = PROBLEMS[code];
      const body = html`<h1 class="utrecht-heading-1">${entry.title}</h1>
<p class="utrecht-paragraph">Problem type <code>/problems/${code}</code>, HTTP status ${entry.status}.</p>`;
      return reply
        .type("text/html; charset=utf-8")
        .send(page({ language: "en", path: request.url, title: entry.title, body, alternate: false }));
    },
  );

  return app;
}
