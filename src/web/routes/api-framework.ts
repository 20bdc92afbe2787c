/**
 * The knowledge API: assess a breach, build a personal action plan, and read the framework as open data.
 * Input is validated by the assess part's own parsers, so the API reports exactly the problems the CLI does.
 */
import { createHash } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { assess, parseBreachFacts, parsePlanInput, planFor } from "../../assess/index.ts";
import { frameworkDocument } from "../../framework/index.ts";
import { ProblemError } from "../problems.ts";

const languageQuery = {
  type: "object",
  properties: {
    lang: { type: "string", enum: ["nl", "en"], description: "Language of the texts (default nl)" },
  },
} as const;

const problemResponse = {
  type: "object",
  description: "application/problem+json",
  properties: {
    type: { type: "string" },
    title: { type: "string" },
    status: { type: "integer" },
    detail: { type: "string" },
    problems: {
      type: "array",
      items: { type: "object", properties: { path: { type: "string" }, message: { type: "string" } } },
    },
  },
} as const;

const openObject = { type: "object", additionalProperties: true } as const;

export async function frameworkApiRoutes(app: FastifyInstance): Promise<void> {
  const document = frameworkDocument();
  const documentJson = JSON.stringify(document);
  const etag = `"${createHash("sha256").update(documentJson).digest("base64url").slice(0, 27)}"`;

  app.get(
    "/api/v1/framework",
    {
      schema: {
        summary: "The handelingskader as open data",
        description:
          "Every data category, risk, step, help organisation, victim flag and required information element with " +
          "its template texts, in Dutch and English, with the framework version. Cacheable; supports If-None-Match.",
        tags: ["framework"],
        response: {
          200: { ...openObject, properties: { version: { type: "string" } } },
          304: { type: "null", description: "Not modified (If-None-Match matched the ETag)" },
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
    "/api/v1/assessments",
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
        response: { 200: openObject, 400: problemResponse },
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
    "/api/v1/action-plans",
    {
      config: { rateLimit: {} },
      schema: {
        summary: "Build a personal action plan",
        description:
          "Takes `{ breach, victim }` (contracts §4) and returns the person's risks, ordered steps and the recommended " +
          "channel, only for the data that leaked and the flags that apply.",
        tags: ["assessment"],
        body: openObject,
        response: { 200: openObject, 400: problemResponse },
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
