/**
 * Breaches over HTTP, for an organisation's API key: list, create and read, each through one operation
 * (src/operations), which looks the breach up within the key's organisation — another organisation's breach
 * answers 404, exactly like one that does not exist, so ids cannot be probed. A write key publishes the
 * breach's public page (`POST /breaches/{id}/page`) and lists it in the public register of large breaches
 * (`PUT /breaches/{id}/register`). Registers the import routes
 * (api-imports.ts) beside them.
 */
import type { FastifyInstance } from "fastify";
import {
  breachEvidence,
  createBreach,
  evidencePdf,
  getBreach,
  listBreaches,
  presentBreach,
  publishBreachPage,
  setRegisterListing,
} from "../../operations/index.ts";
import { BEARER_SECURITY } from "../auth.ts";
import { COMMON_PROBLEMS, pdfExportSchema, problemResponses, success } from "../openapi.ts";
import { answer, requestActor } from "../operation-door.ts";
import { factsRoute } from "./api-breach-facts.ts";
import { importApiRoutes } from "./api-imports.ts";
import { type BreachApiOptions, type RouteDeps, routeDeps } from "./breach-route-deps.ts";
import { breachParams, breachSchema, locationHeader } from "./breach-schemas.ts";

/** Where a problem of the create body lives: the slug, or a field of the facts. */
const createProblemPath = (path: string) => (path === "slug" ? "body.slug" : `body.facts.${path}`);

export async function breachApiRoutes(app: FastifyInstance, options: BreachApiOptions): Promise<void> {
  const deps = routeDeps(app, options);
  listRoute(app, deps);
  createRoute(app, deps);
  readRoute(app, deps);
  factsRoute(app, deps);
  publishPageRoute(app, deps);
  registerRoute(app, deps);
  evidenceRoutes(app, deps);
  await app.register(importApiRoutes, options);
}

function listRoute(app: FastifyInstance, { ctx, read }: RouteDeps): void {
  app.get(
    "/breaches",
    {
      onRequest: read,
      schema: {
        summary: "List the organisation's breaches",
        description: "The breaches of the API key's organisation, newest first.",
        security: BEARER_SECURITY,
        tags: ["breaches"],
        response: {
          200: success("The breaches", {
            type: "object",
            required: ["breaches"],
            properties: { breaches: { type: "array", items: breachSchema } },
          }),
          ...problemResponses("unauthorized", "forbidden", ...COMMON_PROBLEMS),
        },
      },
    },
    async (request) => {
      const list = await answer(() => listBreaches(ctx, requestActor(request)));
      return { breaches: list.map((b) => presentBreach(b, { full: false })) };
    },
  );
}

function createRoute(app: FastifyInstance, { ctx, prefix, write }: RouteDeps): void {
  app.post<{ Body: { facts: unknown; slug?: string } }>(
    "/breaches",
    {
      onRequest: write,
      schema: {
        summary: "Create a breach from its facts",
        description:
          "Validates the breach facts (contracts §2), assesses them and stores both. The answer carries the " +
          "breach with its assessment; victims are then imported with POST /breaches/{breachId}/imports.",
        security: BEARER_SECURITY,
        tags: ["breaches"],
        body: {
          type: "object",
          required: ["facts"],
          additionalProperties: false,
          properties: {
            facts: { type: "object", description: "The breach facts (contracts §2)" },
            slug: { type: "string", minLength: 3, maxLength: 64, pattern: "^[a-z0-9][a-z0-9-]*[a-z0-9]$" },
          },
        },
        response: {
          201: {
            ...success("The breach was created", breachSchema),
            headers: { ...success("", {}).headers, ...locationHeader },
          },
          ...problemResponses("validation-failed", "unauthorized", "forbidden", ...COMMON_PROBLEMS),
        },
      },
    },
    async (request, reply) => {
      const { facts, slug } = request.body;
      const breach = await answer(
        () => createBreach(ctx, requestActor(request), { facts, slug }),
        createProblemPath,
      );
      return reply
        .code(201)
        .header("location", `${prefix}/breaches/${breach.id}`)
        .send(presentBreach(breach, { full: true }));
    },
  );
}

function readRoute(app: FastifyInstance, { ctx, read }: RouteDeps): void {
  app.get<{ Params: { breachId: string } }>(
    "/breaches/:breachId",
    {
      onRequest: read,
      schema: {
        summary: "Read a breach",
        description: "The breach with its facts and assessment.",
        security: BEARER_SECURITY,
        tags: ["breaches"],
        params: breachParams,
        response: {
          200: success("The breach", breachSchema),
          ...problemResponses("unauthorized", "forbidden", "not-found", ...COMMON_PROBLEMS),
        },
      },
    },
    async (request) => {
      const breach = await answer(() => getBreach(ctx, requestActor(request), request.params));
      return presentBreach(breach, { full: true });
    },
  );
}

const pageSchema = {
  type: "object",
  required: ["breachId", "slug", "publishedAt", "paths"],
  properties: {
    breachId: { type: "string", format: "uuid" },
    slug: { type: "string" },
    publishedAt: { type: "string", format: "date-time" },
    paths: {
      type: "object",
      required: ["nl", "en"],
      properties: { nl: { type: "string" }, en: { type: "string" } },
    },
  },
} as const;

function publishPageRoute(app: FastifyInstance, { ctx, write }: RouteDeps): void {
  app.post<{ Params: { breachId: string }; Body: { slug?: string } | undefined }>(
    "/breaches/:breachId/page",
    {
      onRequest: write,
      schema: {
        summary: "Publish the breach's public page",
        description:
          "Publishes the breach page at /datalek/{slug} (English: /en/datalek/{slug}), the short address to " +
          "print in letters: what happened, which data, what people can do, the organisation's texts from its " +
          "approved first notice, contact, and the published updates. `slug` defaults to the breach's own; " +
          "publishing again keeps the first publication date and may move the page. Until published, the page " +
          "answers 404 like an unknown address. 409 when another published page has the address.",
        security: BEARER_SECURITY,
        tags: ["breaches"],
        params: breachParams,
        body: {
          type: ["object", "null"],
          additionalProperties: false,
          properties: {
            slug: { type: "string", minLength: 1, maxLength: 64, pattern: "^[a-z0-9]+(?:-[a-z0-9]+)*$" },
          },
        },
        response: {
          200: success("The page is published", pageSchema),
          ...problemResponses(
            "validation-failed",
            "unauthorized",
            "forbidden",
            "not-found",
            "conflict",
            ...COMMON_PROBLEMS,
          ),
        },
      },
    },
    async (request) =>
      answer(() =>
        publishBreachPage(ctx, requestActor(request), {
          breachId: request.params.breachId,
          slug: request.body?.slug,
        }),
      ),
  );
}

const listingSchema = {
  type: "object",
  required: ["slug", "listed", "listedAt"],
  properties: {
    slug: { type: "string", description: "The breach page's address: /datalek/{slug}" },
    listed: { type: "boolean" },
    listedAt: { type: ["string", "null"], format: "date-time" },
  },
} as const;

function registerRoute(app: FastifyInstance, { ctx, write }: RouteDeps): void {
  app.put<{ Params: { breachId: string }; Body: { listed: boolean } }>(
    "/breaches/:breachId/register",
    {
      onRequest: write,
      schema: {
        summary: "List the breach in the public register, or take it off",
        description:
          "The public register of large breaches (/datalekken, with /datalekken.json and /datalekken.atom) " +
          "shows the organisation, when it became aware, what leaked, how many people and a link to the " +
          "breach page. Listing is the organisation's choice per breach; only a breach whose page is " +
          "published can be listed (409 before). Listing again keeps the first listing's date.",
        security: BEARER_SECURITY,
        tags: ["breaches"],
        params: breachParams,
        body: {
          type: "object",
          additionalProperties: false,
          required: ["listed"],
          properties: { listed: { type: "boolean" } },
        },
        response: {
          200: success("The breach's listing", listingSchema),
          ...problemResponses(
            "validation-failed",
            "unauthorized",
            "forbidden",
            "not-found",
            "conflict",
            ...COMMON_PROBLEMS,
          ),
        },
      },
    },
    async (request) =>
      answer(() =>
        setRegisterListing(ctx, requestActor(request), {
          breachId: request.params.breachId,
          listed: request.body.listed,
        }),
      ),
  );
}

const evidenceDescription =
  "The breach's evidence for GDPR art. 33(5): the timeline from awareness to the last update, the 72-hour " +
  "deadline, what was sent in counts per campaign, channel and outcome, who created and approved each campaign " +
  "and what the approval covered, the checks' findings, the published updates, and the audit entries about " +
  "the breach with the audit chain's verification and head. Counts and ids only; no person is named. Each " +
  "export is written to the audit log.";

function evidenceRoutes(app: FastifyInstance, { ctx, read }: RouteDeps): void {
  app.get<{ Params: { breachId: string } }>(
    "/breaches/:breachId/evidence",
    {
      onRequest: read,
      schema: {
        summary: "Export the breach's evidence as JSON",
        description: evidenceDescription,
        security: BEARER_SECURITY,
        tags: ["breaches"],
        params: breachParams,
        response: {
          200: success("The evidence report (format lekwijzer-evidence/1)", {
            type: "object",
            additionalProperties: true,
            required: ["format", "breach", "timeline", "campaigns", "audit"],
            properties: { format: { type: "string", const: "lekwijzer-evidence/1" } },
          }),
          ...problemResponses("unauthorized", "forbidden", "not-found", ...COMMON_PROBLEMS),
        },
      },
    },
    async (request) =>
      answer(() => breachEvidence(ctx, requestActor(request), { breachId: request.params.breachId })),
  );
  app.get<{ Params: { breachId: string }; Querystring: { lang?: "nl" | "en" } }>(
    "/breaches/:breachId/evidence.pdf",
    {
      onRequest: read,
      schema: {
        summary: "Export the breach's evidence as a PDF",
        description: `${evidenceDescription} A tagged PDF (PDF/UA), in Dutch unless lang=en.`,
        security: BEARER_SECURITY,
        tags: ["breaches"],
        params: breachParams,
        ...pdfExportSchema("The evidence report"),
      },
    },
    async (request, reply) => {
      const report = await answer(() =>
        breachEvidence(ctx, requestActor(request), { breachId: request.params.breachId }),
      );
      const pdf = await evidencePdf(report, request.query.lang ?? "nl");
      return reply
        .type("application/pdf")
        .header("content-disposition", `attachment; filename="evidence-${report.breach.slug}.pdf"`)
        .send(pdf);
    },
  );
}
