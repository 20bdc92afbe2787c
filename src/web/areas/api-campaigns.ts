/**
 * Campaigns over the API, for an organisation's key holders: create (write), check (write), approve, start,
 * pause, resume, cancel (send; approval by another holder than the creator), follow progress (any key). The
 * actor of each step is the key's holder (`holder:<name>`), and the audit entry names the key too. The
 * feedback webhooks providers call are in webhooks.ts.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import {
  actOnCampaign,
  CampaignProblem,
  type CampaignStatusReport,
  campaignStatus,
  checkCampaign,
  createCampaign,
} from "../../delivery/index.ts";
import { breaches, type Campaign, campaigns, type Executor, type Keyring } from "../../store/index.ts";
import { type Authenticator, BEARER_SECURITY, requireScope } from "../auth.ts";
import { COMMON_PROBLEMS, problemResponses, success } from "../openapi.ts";
import { ProblemError } from "../problems.ts";
import { findingSchema } from "./api-messages.ts";

export interface CampaignRoutesOptions {
  authenticate: Authenticator | undefined;
  store: { db: Executor; keys: Keyring };
  /** The platform's public address, for the link to each person's plan in messages. */
  publicUrl: string;
}

const uuid = { type: "string", format: "uuid" } as const;
const idParams = { type: "object", required: ["id"], properties: { id: uuid } } as const;
const breachParams = { type: "object", required: ["breachId"], properties: { breachId: uuid } } as const;

const campaignSchema = {
  type: "object",
  properties: {
    id: { type: "string" },
    breachId: { type: "string" },
    kind: { type: "string", enum: ["first-notice", "update"] },
    status: {
      type: "string",
      enum: ["draft", "checked", "approved", "running", "paused", "cancelled", "done"],
    },
    selection: { type: "object", additionalProperties: true },
    total: { type: "integer" },
    findings: { type: "array", items: findingSchema },
    createdAt: { type: "string", format: "date-time" },
    startedAt: { type: ["string", "null"], format: "date-time" },
    finishedAt: { type: ["string", "null"], format: "date-time" },
  },
} as const;

const statusSchema = {
  type: "object",
  properties: {
    campaign: campaignSchema,
    byStatus: { type: "object", additionalProperties: { type: "integer" } },
    byChannel: {
      type: "object",
      additionalProperties: { type: "object", additionalProperties: { type: "integer" } },
    },
    rate: { type: "number", description: "Messages per second over the last minute" },
    etaSeconds: { type: ["integer", "null"] },
    deferrals: {
      type: "array",
      items: {
        type: "object",
        properties: {
          domain: { type: "string" },
          deferrals: { type: "integer" },
          lastAt: { type: "string" },
        },
      },
    },
    channelHealth: {
      type: "array",
      description:
        "Channels whose provider is failing now (relay down, gateway refusing us): why sending stalls",
      items: {
        type: "object",
        properties: {
          channel: { type: "string" },
          failingSince: { type: "string", format: "date-time" },
          failures: { type: "integer" },
          lastError: { type: "string" },
        },
      },
    },
  },
} as const;

function campaignJson(campaign: Campaign) {
  return {
    id: campaign.id,
    breachId: campaign.breachId,
    kind: campaign.kind,
    status: campaign.status,
    selection: campaign.selection,
    total: campaign.total,
    findings: campaign.findings,
    createdAt: campaign.createdAt.toISOString(),
    startedAt: campaign.startedAt?.toISOString() ?? null,
    finishedAt: campaign.finishedAt?.toISOString() ?? null,
  };
}

function statusJson(report: CampaignStatusReport) {
  return {
    campaign: campaignJson(report.campaign),
    byStatus: report.progress.byStatus,
    byChannel: report.progress.byChannel,
    rate: report.rate,
    etaSeconds: report.etaSeconds,
    deferrals: report.progress.deferrals.map((d) => ({ ...d, lastAt: d.lastAt.toISOString() })),
    channelHealth: report.channelHealth.map((h) => ({ ...h, failingSince: h.failingSince.toISOString() })),
  };
}

/** Campaign problems as problem+json: another organisation's campaign is simply not found. */
async function answer<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof CampaignProblem) {
      if (error.code === "not-found") throw new ProblemError("not-found", error.message);
      if (error.code === "conflict") throw new ProblemError("conflict", error.message);
      throw new ProblemError(
        "validation-failed",
        error.message,
        // The campaign's own fields are in the body; a problem of the stored profile is not the caller's body.
        error.problems.map((p) => ({
          path: p.path.startsWith("setup") || p.path.startsWith("selection") ? `body.${p.path}` : p.path,
          message: p.message,
        })),
      );
    }
    throw error;
  }
}

/** The person acting: the holder of the key (approval compares holders, so one person's two keys are one). */
const actorOf = (request: { apiKey?: { holder: string } }) => `holder:${request.apiKey?.holder ?? "unknown"}`;

export async function campaignApiRoutes(app: FastifyInstance, options: CampaignRoutesOptions): Promise<void> {
  const store = { ...options.store, publicUrl: options.publicUrl };
  // Checked on arrival, before the body is read or validated: without a key the answer is 401, never 400.
  const guard = (scope: "read" | "write" | "send") => ({
    onRequest: requireScope(scope, options.authenticate),
  });
  // For routes under a breach: another organisation's breach is not found, before its body is even looked at.
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  const ownBreach = async (request: FastifyRequest) => {
    const { breachId } = request.params as { breachId?: string };
    const organisationId = request.apiKey?.organisationId;
    const breach =
      organisationId && breachId && UUID.test(breachId)
        ? await breaches.get(store.db, organisationId, breachId)
        : undefined;
    if (!breach) {
      throw new ProblemError(
        "not-found",
        `No breach ${String(breachId).slice(0, 40)} for this organisation.`,
      );
    }
  };
  const breachGuard = (scope: "read" | "write" | "send") => ({
    onRequest: [requireScope(scope, options.authenticate), ownBreach],
  });
  const keyed = (extra: Record<number, unknown> = {}) => ({
    security: BEARER_SECURITY,
    tags: ["campaigns"],
    response: {
      ...extra,
      ...problemResponses(
        "validation-failed",
        "unauthorized",
        "forbidden",
        "not-found",
        "conflict",
        ...COMMON_PROBLEMS,
      ),
    },
  });
  const organisationOf = (request: { apiKey?: { organisationId: string } }) => {
    if (!request.apiKey) throw new ProblemError("unauthorized");
    return request.apiKey.organisationId;
  };

  app.post<{
    Params: { breachId: string };
    Body: { kind?: "first-notice" | "update"; selection?: Record<string, unknown>; setup: unknown };
  }>(
    "/breaches/:breachId/campaigns",
    {
      ...breachGuard("write"),
      config: { rateLimit: {} },
      schema: {
        summary: "Create a campaign (a draft): one message to every selected victim of the breach",
        description:
          "`setup` holds the campaign's texts, overrides, layout, subjects and date. The sender comes from the " +
          "organisation's profile (`PUT /organisation/profile`) and the plan address from the platform: a setup with " +
          "`organisation`, `publicUrl`, `breach` or `breachId` is a 400 naming the field. `selection` narrows the " +
          "victims by `segment`, `flag` or `notReached`. Every selected victim gets exactly one message.",
        params: breachParams,
        body: {
          type: "object",
          required: ["setup"],
          additionalProperties: false,
          properties: {
            kind: { type: "string", enum: ["first-notice", "update"], default: "first-notice" },
            selection: {
              type: "object",
              additionalProperties: false,
              properties: {
                segment: { type: "string", maxLength: 100 },
                flag: { type: "string", maxLength: 40 },
                notReached: { type: "boolean" },
              },
            },
            setup: { type: "object" },
          },
        },
        ...keyed({
          201: success("The campaign, with the number of victims it will write to", campaignSchema),
        }),
      },
    },
    async (request, reply) => {
      const campaign = await answer(() =>
        createCampaign(store, {
          organisationId: organisationOf(request),
          breachId: request.params.breachId,
          kind: request.body.kind ?? "first-notice",
          selection: request.body.selection ?? {},
          setup: request.body.setup,
          actor: actorOf(request),
        }),
      );
      return reply
        .code(201)
        .header("location", `${app.prefix}/campaigns/${campaign.id}`)
        .send(campaignJson(campaign));
    },
  );

  app.get<{ Params: { breachId: string } }>(
    "/breaches/:breachId/campaigns",
    {
      ...breachGuard("read"),
      schema: {
        summary: "The campaigns of a breach",
        params: breachParams,
        ...keyed({ 200: success("The campaigns, oldest first", { type: "array", items: campaignSchema }) }),
      },
    },
    async (request) => {
      const list = await campaigns.listByBreach(store.db, request.params.breachId);
      return list.filter((c) => c.organisationId === organisationOf(request)).map(campaignJson);
    },
  );

  app.get<{ Params: { id: string } }>(
    "/campaigns/:id",
    {
      ...guard("read"),
      schema: {
        summary: "A campaign with its progress: totals by state and channel, rate, ETA, deferrals per domain",
        params: idParams,
        ...keyed({ 200: success("The campaign and its progress", statusSchema) }),
      },
    },
    async (request) =>
      statusJson(await answer(() => campaignStatus(store, organisationOf(request), request.params.id))),
  );

  app.post<{ Params: { id: string } }>(
    "/campaigns/:id/check",
    {
      ...guard("write"),
      config: { rateLimit: {} },
      schema: {
        summary: "Run the pre-send checks; without blocking findings the campaign becomes checked",
        params: idParams,
        ...keyed({ 200: success("The campaign with its findings", campaignSchema) }),
      },
    },
    async (request) => {
      const { campaign } = await answer(() =>
        checkCampaign(store, organisationOf(request), request.params.id, actorOf(request)),
      );
      return campaignJson(campaign);
    },
  );

  for (const action of ["approve", "start", "pause", "resume", "cancel"] as const) {
    app.post<{ Params: { id: string } }>(
      `/campaigns/:id/${action}`,
      {
        ...guard("send"),
        schema: {
          summary:
            action === "approve"
              ? "Approve a checked campaign (by another holder than its creator): records a digest of what will be sent"
              : action === "start" || action === "resume"
                ? `${action[0]?.toUpperCase()}${action.slice(1)} the campaign: 409 when its From domain is unverified, or when anything it sends changed after the approval (the approval is then void)`
                : `${action[0]?.toUpperCase()}${action.slice(1)} the campaign`,
          params: idParams,
          ...keyed({ 200: success("The campaign in its new state", campaignSchema) }),
        },
      },
      async (request) =>
        campaignJson(
          await answer(() =>
            actOnCampaign(store, organisationOf(request), request.params.id, action, actorOf(request), {
              key: request.apiKey?.id,
            }),
          ),
        ),
    );
  }
}
