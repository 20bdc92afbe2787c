/**
 * `PUT /breaches/{id}/facts`: a write key replaces a breach's facts. The operation validates and assesses them
 * as at creation, and voids the approvals of the breach's campaigns (the facts are part of what an approval
 * covers); the answer names them, with the breach and its new assessment.
 */
import type { FastifyInstance } from "fastify";
import { presentBreach, updateBreachFacts } from "../../operations/index.ts";
import { BEARER_SECURITY } from "../auth.ts";
import { COMMON_PROBLEMS, problemResponses, success } from "../openapi.ts";
import { answer, requestActor } from "../operation-door.ts";
import type { RouteDeps } from "./breach-route-deps.ts";
import { breachParams, breachSchema } from "./breach-schemas.ts";

const factsChangeSchema = {
  type: "object",
  required: ["breach", "changed", "riskBefore", "voidedCampaigns"],
  properties: {
    breach: breachSchema,
    changed: { type: "boolean", description: "False when the facts equal the stored ones (nothing changed)" },
    riskBefore: { type: ["string", "null"], description: "The risk level before the change" },
    voidedCampaigns: {
      type: "array",
      items: { type: "string" },
      description: "Campaigns whose approval the change voided; they are drafts again",
    },
  },
} as const;

export function factsRoute(app: FastifyInstance, { ctx, write }: RouteDeps): void {
  app.put<{ Params: { breachId: string }; Body: { facts: unknown } }>(
    "/breaches/:breachId/facts",
    {
      onRequest: write,
      schema: {
        summary: "Replace the breach's facts",
        description:
          "Validates the new breach facts (contracts §2) as at creation, assesses them again and stores both. " +
          "The facts are part of what a campaign's approval covers: every approved, running or paused " +
          "campaign of the breach goes back to draft and needs checking and approval again. Facts equal to " +
          "the stored ones change nothing.",
        security: BEARER_SECURITY,
        tags: ["breaches"],
        params: breachParams,
        body: {
          type: "object",
          required: ["facts"],
          additionalProperties: false,
          properties: { facts: { type: "object", description: "The breach facts (contracts §2)" } },
        },
        response: {
          200: success("The breach with its new assessment", factsChangeSchema),
          ...problemResponses(
            "validation-failed",
            "unauthorized",
            "forbidden",
            "not-found",
            ...COMMON_PROBLEMS,
          ),
        },
      },
    },
    async (request) => {
      const change = await answer(
        () =>
          updateBreachFacts(ctx, requestActor(request), {
            breachId: request.params.breachId,
            facts: request.body.facts,
          }),
        (path) => `body.facts.${path}`,
      );
      return {
        breach: presentBreach(change.breach, { full: true }),
        changed: change.changed,
        riskBefore: change.riskBefore,
        voidedCampaigns: change.voidedCampaigns,
      };
    },
  );
}
