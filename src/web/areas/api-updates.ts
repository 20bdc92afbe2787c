/**
 * Updates of a breach over HTTP: an organisation's key writes follow-up news (write), lists it (read) and
 * publishes it (write). Every route calls one operation (src/operations/updates.ts), which limits its queries to
 * the key's organisation: another organisation's breach answers 404, like one that does not exist. The key is
 * checked on arrival (onRequest), so a request without one is 401 before its body is validated.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import {
  createUpdate,
  listUpdates,
  presentCreatedUpdate,
  presentUpdate,
  publishUpdate,
  requireUpdatableBreach,
  UPDATE_LIMITS,
} from "../../operations/index.ts";
import type { Executor, Keyring } from "../../store/index.ts";
import { type Authenticator, BEARER_SECURITY, requireScope } from "../auth.ts";
import { COMMON_PROBLEMS, problemResponses, success } from "../openapi.ts";
import { answer, requestActor } from "../operation-door.ts";
import { breachChildParams, breachParams } from "./breach-schemas.ts";

export interface UpdateRoutesOptions {
  authenticate: Authenticator | undefined;
  store: { db: Executor; keys: Keyring };
}

const updateParams = breachChildParams("updateId", "The update's id");

const textIn = (max: number, what: string) =>
  ({
    type: "object",
    required: ["nl"],
    additionalProperties: false,
    description: `${what}: Dutch (B1) required, English optional`,
    properties: {
      nl: { type: "string", minLength: 1, maxLength: max },
      en: { type: "string", minLength: 1, maxLength: max },
    },
  }) as const;
const textOut = {
  type: "object",
  properties: { nl: { type: "string" }, en: { type: ["string", "null"] } },
} as const;

const updateSchema = {
  type: "object",
  required: ["id", "breachId", "title", "body", "status", "createdAt"],
  properties: {
    id: { type: "string" },
    breachId: { type: "string" },
    title: textOut,
    body: textOut,
    status: { type: "string", enum: ["draft", "published"] },
    publishedAt: { type: ["string", "null"], format: "date-time" },
    createdAt: { type: "string", format: "date-time" },
    email: {
      type: "object",
      description:
        "The update e-mail to the breach's confirmed subscribers (sent once per subscriber when published): " +
        "how many it is for so far, sent, and failed for good",
      required: ["recipients", "sent", "failed"],
      properties: {
        recipients: { type: "integer" },
        sent: { type: "integer" },
        failed: { type: "integer" },
      },
    },
  },
} as const;

const plainLanguageSchema = {
  type: "array",
  description: "B1 plain-language problems in the texts (`path` names the text): fix them before publishing",
  items: {
    type: "object",
    properties: {
      path: { type: "string" },
      rule: { type: "string" },
      severity: { type: "string", enum: ["block", "warn"] },
      excerpt: { type: "string" },
      message: { type: "string" },
      suggestion: { type: "string" },
    },
  },
} as const;

/** The create route's description and input (its answers are with the others'). */
const createDoc = {
  summary: "Write an update of a breach (a draft until published)",
  description:
    "Follow-up news for the people affected: what the organisation found out since, and what it did. The " +
    "answer lists the B1 plain-language problems of the texts beside the stored draft.",
  params: breachParams,
  body: {
    type: "object",
    required: ["title", "body"],
    additionalProperties: false,
    properties: {
      title: textIn(UPDATE_LIMITS.title, "The title"),
      body: textIn(UPDATE_LIMITS.body, "The text"),
    },
  },
} as const;

export async function updateApiRoutes(app: FastifyInstance, options: UpdateRoutesOptions): Promise<void> {
  const ctx = options.store;
  // On arrival, before the body is read or validated: no key is 401, another organisation's breach 404.
  const ownBreach = async (request: FastifyRequest) => {
    const { breachId } = request.params as { breachId: string };
    await answer(() => requireUpdatableBreach(ctx, requestActor(request), { breachId }));
  };
  const read = { onRequest: [requireScope("read", options.authenticate), ownBreach] };
  const write = { onRequest: [requireScope("write", options.authenticate), ownBreach] };
  const keyed = (extra: Record<number, unknown>) => ({
    security: BEARER_SECURITY,
    tags: ["updates"],
    response: { ...extra, ...problemResponses("unauthorized", "forbidden", "not-found", ...COMMON_PROBLEMS) },
  });

  app.post<{ Params: { breachId: string }; Body: { title: unknown; body: unknown } }>(
    "/breaches/:breachId/updates",
    {
      ...write,
      schema: {
        ...createDoc,
        ...keyed({
          201: success("The draft, with the plain-language findings", {
            ...updateSchema,
            properties: { ...updateSchema.properties, plainLanguage: plainLanguageSchema },
          }),
          ...problemResponses("validation-failed"),
        }),
      },
    },
    async (request, reply) => {
      const created = await answer(() =>
        createUpdate(ctx, requestActor(request), { breachId: request.params.breachId, ...request.body }),
      );
      return reply.code(201).send(presentCreatedUpdate(created));
    },
  );

  app.get<{ Params: { breachId: string } }>(
    "/breaches/:breachId/updates",
    {
      ...read,
      schema: {
        summary: "The updates of a breach, newest first (drafts and published)",
        params: breachParams,
        ...keyed({
          200: success("The updates", {
            type: "object",
            required: ["updates"],
            properties: { updates: { type: "array", items: updateSchema } },
          }),
        }),
      },
    },
    async (request) => {
      const updates = await answer(() => listUpdates(ctx, requestActor(request), request.params));
      return { updates: updates.map(presentUpdate) };
    },
  );

  app.post<{ Params: { breachId: string; updateId: string } }>(
    "/breaches/:breachId/updates/:updateId/publish",
    {
      ...write,
      schema: {
        summary: "Publish an update (publishing it again changes nothing)",
        params: updateParams,
        ...keyed({ 200: success("The update, published", updateSchema) }),
      },
    },
    async (request) =>
      presentUpdate(await answer(() => publishUpdate(ctx, requestActor(request), request.params))),
  );
}
