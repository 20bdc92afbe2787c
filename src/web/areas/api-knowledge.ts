/**
 * The knowledge API: assess a breach, build a personal action plan, and read the framework as open data.
 * Input is validated by the assess part's own parsers, so the API reports exactly the problems the CLI does.
 */
import { createHash } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { assess, parseBreachFacts, parsePlanInput, planFor } from "../../assess/index.ts";
import { frameworkDocument } from "../../framework/index.ts";
import { COMMON_PROBLEMS, emptySuccess, problemResponses, success } from "../openapi.ts";
import { ProblemError } from "../problems.ts";

const languageQuery = {
  type: "object",
  properties: {
    lang: { type: "string", enum: ["nl", "en"], description: "Language of the texts (default nl)" },
  },
} as const;

const openObject = { type: "object", additionalProperties: true } as const;

export async function knowledgeApiRoutes(app: FastifyInstance): Promise<void> {
  const document = frameworkDocument();
  const documentJson = JSON.stringify(document);
  const etag = `"${createHash("sha256").update(documentJson).digest("base64url").slice(0, 27)}"`;

  app.get(
    "/framework",
    {
      schema: {
        summary: "The handelingskader as open data",
        description:
          "Every data category, risk, step, help organisation, victim flag and required information element with " +
          "its template texts, in Dutch and English, with the framework version. Cacheable; supports If-None-Match.",
        tags: ["framework"],
        response: {
          200: success("The framework document", {
            ...openObject,
            properties: { version: { type: "string" } },
          }),
          304: emptySuccess("Not modified (If-None-Match matched the ETag)"),
          ...problemResponses(...COMMON_PROBLEMS),
        },
      },
    },
    async (request, reply) => {
      reply
        .header("etag", etag)
        .header("cache-control", "public, max-age=3600")
        .header("access-control-allow-origin", "*");
      if (request.headers["if-none-match"] === etag) return reply.code(304).send();
      return reply.type("application/json; charset=utf-8").send(documentJson);
    },
  );

  app.post<{ Querystring: { lang?: "nl" | "en" } }>(
    "/assessments",
    {
      config: { rateLimit: {} },
      schema: {
        summary: "Assess a personal-data breach",
        description:
          "Takes breach facts (contracts §2) and returns the ENISA severity, the GDPR art. 33/34 obligations with the " +
          "72-hour deadline, whether the breach is large, and every rule that moved the outcome (contracts §3).",
        tags: ["assessment"],
        querystring: languageQuery,
        body: openObject,
        response: {
          200: success("The assessment (contracts §3)", openObject),
          ...problemResponses("validation-failed", "payload-too-large", ...COMMON_PROBLEMS),
        },
      },
    },
    async (request) => {
      const parsed = parseBreachFacts(request.body);
      if (!parsed.ok)
        throw new ProblemError("validation-failed", "The breach facts are not valid.", parsed.problems);
      return assess(parsed.value, { language: request.query.lang ?? "nl" });
    },
  );

  app.post(
    "/action-plans",
    {
      config: { rateLimit: {} },
      schema: {
        summary: "Build a personal action plan",
        description:
          "Takes `{ breach, victim }` (contracts §4) and returns the person's risks, ordered steps and the recommended " +
          "channel, only for the data that leaked and the flags that apply.",
        tags: ["assessment"],
        body: openObject,
        response: {
          200: success("The personal action plan (contracts §4)", openObject),
          ...problemResponses("validation-failed", "payload-too-large", ...COMMON_PROBLEMS),
        },
      },
    },
    async (request) => {
      const parsed = parsePlanInput(request.body);
      if (!parsed.ok)
        throw new ProblemError("validation-failed", "The plan input is not valid.", parsed.problems);
      return planFor(parsed.value);
    },
  );
}
