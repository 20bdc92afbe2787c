/**
 * `GET /api/v1/breaches/{id}/portal-requests` (read key): what victims of the breach asked for on My plan — a
 * printed letter, a new address (confirmed by a letter with a code), letters instead of e-mail — with each
 * one's status and times, as `lekwijzer portal requests --json` prints it. Nothing here needs the organisation
 * to act: the portal-letter worker writes the letters. Another organisation's breach answers 404.
 */
import type { FastifyInstance } from "fastify";
import { listPortalRequests } from "../../operations/index.ts";
import type { Executor, Keyring } from "../../store/index.ts";
import { type Authenticator, requireScope } from "../auth.ts";
import { keyedOperationSchema, success } from "../openapi.ts";
import { answer, requestActor } from "../operation-door.ts";
import { breachParams } from "./breach-schemas.ts";

export interface PortalRequestRoutesOptions {
  authenticate: Authenticator | undefined;
  store: { db: Executor; keys: Keyring };
}

const time = { type: ["string", "null"], format: "date-time" } as const;

const requestSchema = {
  type: "object",
  required: [
    "id",
    "externalId",
    "kind",
    "status",
    "address",
    "createdAt",
    "sentAt",
    "doneAt",
    "codeExpiresAt",
    "returnedAt",
  ],
  properties: {
    id: { type: "string", format: "uuid" },
    externalId: { type: "string", description: "The victim's id in the organisation's own file" },
    kind: { type: "string", enum: ["printed-letter", "moved", "prefers-letters", "address-changed"] },
    status: {
      type: "string",
      enum: [
        "open",
        "pending-confirmation",
        "awaiting-code",
        "confirmed",
        "expired",
        "refused",
        "sent",
        "no-address",
        "failed",
        "done",
        "returned",
      ],
    },
    address: {
      type: ["object", "null"],
      description:
        "The new address of a `moved` request (null after the retention purge and for other kinds)",
      additionalProperties: true,
    },
    createdAt: { type: "string", format: "date-time" },
    sentAt: { ...time, description: "When its letter went into a print batch" },
    doneAt: {
      ...time,
      description: "When it reached its end (confirmed, expired, refused, failed, no address, done)",
    },
    codeExpiresAt: { ...time, description: "Until when the confirmation code works" },
    returnedAt: { ...time, description: "When the print provider reported its letter undeliverable" },
  },
} as const;

export async function portalRequestApiRoutes(
  app: FastifyInstance,
  options: PortalRequestRoutesOptions,
): Promise<void> {
  const ctx = options.store;
  app.get<{ Params: { breachId: string } }>(
    "/breaches/:breachId/portal-requests",
    {
      onRequest: [requireScope("read", options.authenticate)],
      schema: {
        summary: "What victims asked for on My plan, oldest first, with status and times",
        params: breachParams,
        ...keyedOperationSchema("portal", {
          200: success("The requests", {
            type: "object",
            required: ["requests"],
            properties: { requests: { type: "array", items: requestSchema } },
          }),
        }),
      },
    },
    async (request, reply) => {
      const requests = await answer(() => listPortalRequests(ctx, requestActor(request), request.params));
      // New addresses are personal data.
      return reply.header("cache-control", "no-store").send({ requests });
    },
  );
}
