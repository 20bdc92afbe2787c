/**
 * An organisation's published transparency register (framework K16) as open data:
 * `GET /api/v1/organisations/{slug}/transparency`. Public and keyless like the framework document: it is the
 * same published version the page `/organisatie/<slug>/persoonsgegevens` shows, and nothing else — no draft,
 * no person. An organisation that has not published answers 404.
 */
import type { FastifyInstance } from "fastify";
import type { Executor } from "../../store/index.ts";
import { COMMON_PROBLEMS, problemResponses, success } from "../openapi.ts";
import { publishedView, transparencyJson } from "../pages/transparency-page.ts";
import { ProblemError } from "../problems.ts";

const bilingual = {
  type: ["object", "null"],
  required: ["nl", "en"],
  properties: { nl: { type: "string" }, en: { type: ["string", "null"] } },
} as const;

const registerSchema = {
  type: "object",
  required: ["organisation", "version", "publishedAt", "page", "entries"],
  properties: {
    organisation: {
      type: "object",
      properties: { name: { type: "string" }, slug: { type: "string" } },
    },
    version: { type: "integer", minimum: 1, description: "Counts the organisation's publications from 1" },
    publishedAt: { type: "string", format: "date-time" },
    page: {
      type: "object",
      description: "The public page, Dutch and English",
      properties: { nl: { type: "string", format: "uri" }, en: { type: "string", format: "uri" } },
    },
    entries: {
      type: "array",
      items: {
        type: "object",
        required: ["categories", "purpose", "legalBasis", "retention", "recipients"],
        properties: {
          categories: {
            type: "array",
            description: "The kinds of personal data, as the framework's data categories (see /framework)",
            items: {
              type: "object",
              properties: { id: { type: "string" }, label: bilingual },
            },
          },
          purpose: { ...bilingual, description: "Why the organisation processes them, in plain words" },
          legalBasis: {
            type: "object",
            description: "The legal basis: GDPR art. 6(1) a–f",
            properties: {
              code: { type: "string", enum: ["a", "b", "c", "d", "e", "f"] },
              article: { type: "string" },
              label: bilingual,
            },
          },
          retention: {
            type: "object",
            properties: {
              months: { type: "integer", minimum: 1 },
              from: {
                type: "string",
                enum: ["relation-end", "collection", "other"],
                description:
                  "When the period starts: the end of the customer relationship, collection, or `fromOther`",
              },
              fromOther: bilingual,
            },
          },
          recipients: { ...bilingual, description: "Who else receives the data; null when not stated" },
        },
      },
    },
  },
} as const;

export async function transparencyApiRoutes(
  app: FastifyInstance,
  options: { store: { db: Executor } },
): Promise<void> {
  app.get<{ Params: { slug: string } }>(
    "/organisations/:slug/transparency",
    {
      schema: {
        summary: "An organisation's transparency register as open data",
        description:
          "Which personal data the organisation processes, why, on which legal basis, how long it keeps it and " +
          "who receives it (framework K16): its newest published version, with its number and date. Public; " +
          "404 when the organisation has not published one.",
        tags: ["framework"],
        params: {
          type: "object",
          required: ["slug"],
          properties: { slug: { type: "string", maxLength: 64 } },
        },
        response: {
          200: success("The published register", registerSchema),
          ...problemResponses("not-found", ...COMMON_PROBLEMS),
        },
      },
    },
    async (request, reply) => {
      const view = await publishedView(options.store, request.params.slug.toLowerCase());
      if (!view) throw new ProblemError("not-found", "This organisation has not published a register.");
      return reply
        .header("cache-control", "public, max-age=300")
        .header("access-control-allow-origin", "*")
        .send(transparencyJson(view));
    },
  );
}
