/**
 * How the server answers when something is wrong: problem+json (RFC 9457) for API clients, a plain page for
 * people, a type from the one catalogue in problems.ts either way. Failures on our side are logged with their
 * stack masked (logging.ts) and answered without detail, so neither the log nor the client sees personal data.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { html } from "./html.ts";
import { page } from "./layout.ts";
import { codeForStatus, type ProblemCode, ProblemError, type ProblemItem, problem } from "./problems.ts";

export function sendProblem(
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
  if (code === "unauthorized") reply.header("www-authenticate", 'Bearer realm="lekwijzer"');
  return reply
    .code(body.status)
    .header("cache-control", "no-store")
    .type("application/problem+json; charset=utf-8")
    .send(body);
}

function wantsHtml(request: FastifyRequest): boolean {
  if (request.url.startsWith("/api/")) return false;
  return (request.headers.accept ?? "").includes("text/html");
}

function validationProblems(error: FastifyError): ProblemItem[] {
  return (error.validation ?? []).map((v) => {
    const where = error.validationContext ?? "body";
    const instance = v.instancePath.replace(/^\//, "").replace(/\//g, ".");
    const params = v.params as { missingProperty?: string; additionalProperty?: string };
    const field = params.missingProperty ?? params.additionalProperty;
    const path = [where, instance, field].filter(Boolean).join(".");
    const message =
      params.additionalProperty !== undefined ? "is not a known field" : (v.message ?? "is not valid");
    return { path, message };
  });
}

/** Client errors the framework raises itself (parsers, limits, timeouts), with a message safe to repeat. */
function clientErrorDetail(error: FastifyError): string {
  switch (error.code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return "The request body is larger than this endpoint accepts.";
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return "This endpoint does not accept that content type.";
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return "The JSON body is empty.";
    case "FST_ERR_CTP_INVALID_JSON_BODY":
    case undefined:
      return "The body is not valid JSON.";
    default:
      return "The request could not be read.";
  }
}

export function installErrorHandlers(app: FastifyInstance): void {
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
      request.log.error({ err: error }, "request failed");
      return sendProblem(request, reply, "internal", "The server could not handle this request.");
    }
    // The framework's own messages can quote the input; answer with our own words instead.
    return sendProblem(request, reply, codeForStatus(status), clientErrorDetail(error));
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
}
