/**
 * Campaigns over the API, for an organisation's key holders: create (write), check (write), approve, start,
 * pause, resume, cancel (send; approval by another holder than the creator), follow progress (any key). Each
 * route parses the request, calls the campaign operation as the key's actor and presents the answer; keys are
 * checked on arrival, before the body (401 before 400). The feedback webhooks providers call are in webhooks.ts.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import {
  actOnCampaign,
  approvalPreview,
  type CampaignStep,
  campaignStatus,
  checkCampaign,
  createCampaign,
  listCampaigns,
  type OperationContext,
  presentCampaign,
  presentCampaignStatus,
} from "../../operations/index.ts";
import { breaches, type Executor, type Keyring } from "../../store/index.ts";
import { type Authenticator, requireScope } from "../auth.ts";
import { keyedOperationSchema, success } from "../openapi.ts";
import { answer, requestActor } from "../operation-door.ts";
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

/** The campaign's own fields are in the body; a problem of the stored profile is not the caller's body. */
const bodyPath = (path: string) =>
  path.startsWith("setup") || path.startsWith("selection") ? `body.${path}` : path;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const keyed = (extra: Record<number, unknown> = {}) => keyedOperationSchema("campaigns", extra);

/** What every campaign route needs: the operations' context and the checks run on arrival. */
interface Door {
  ctx: OperationContext;
  /** The key, checked on arrival, before the body is read or validated: without a key the answer is 401, never 400. */
  guard: (scope: "read" | "write" | "send") => { onRequest: ReturnType<typeof requireScope> };
  /** The same for routes under a breach; another organisation's breach is not found before its body is looked at. */
  breachGuard: (scope: "read" | "write" | "send") => {
    onRequest: ((request: FastifyRequest) => Promise<void>)[];
  };
}

function door(options: CampaignRoutesOptions): Door {
  const ctx = { ...options.store, publicUrl: options.publicUrl };
  const ownBreach = async (request: FastifyRequest) => {
    const { breachId } = request.params as { breachId?: string };
    const organisationId = request.apiKey?.organisationId;
    const breach =
      organisationId && breachId && UUID.test(breachId)
        ? await breaches.get(ctx.db, organisationId, breachId)
        : undefined;
    if (!breach) {
      throw new ProblemError(
        "not-found",
        `No breach ${String(breachId).slice(0, 40)} for this organisation.`,
      );
    }
  };
  return {
    ctx,
    guard: (scope) => ({ onRequest: requireScope(scope, options.authenticate) }),
    breachGuard: (scope) => ({ onRequest: [requireScope(scope, options.authenticate), ownBreach] }),
  };
}

interface CreateBody {
  kind?: "first-notice" | "update";
  selection?: Record<string, unknown>;
  setup: unknown;
}

const createBodySchema = {
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
        subscribers: {
          type: "boolean",
          description:
            "only victims with a confirmed subscription to the breach's update e-mails (kind update)",
        },
      },
    },
    setup: { type: "object" },
  },
} as const;

const digestString = { type: "string", pattern: "^[0-9a-f]{64}$" } as const;

const approvalSchema = {
  type: "object",
  required: ["digest", "parts"],
  properties: {
    digest: { type: "string" },
    parts: { type: "object", additionalProperties: { type: "string" } },
  },
} as const;

const approveBodySchema = {
  type: "object",
  required: ["digest"],
  additionalProperties: false,
  properties: {
    digest: {
      ...digestString,
      description: "the digest shown to the approver (GET /campaigns/{id}/approval)",
    },
    parts: { type: "object", additionalProperties: digestString, maxProperties: 10 },
  },
} as const;

function breachCampaignRoutes(app: FastifyInstance, { ctx, breachGuard }: Door): void {
  app.post<{ Params: { breachId: string }; Body: CreateBody }>(
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
          "victims by `segment`, `flag`, `notReached` or `subscribers` (follow-ups only). Every selected victim gets exactly one message.",
        params: breachParams,
        body: createBodySchema,
        ...keyed({
          201: success("The campaign, with the number of victims it will write to", campaignSchema),
        }),
      },
    },
    async (request, reply) => {
      const input = {
        breachId: request.params.breachId,
        kind: request.body.kind ?? "first-notice",
        selection: request.body.selection ?? {},
        setup: request.body.setup,
      };
      const campaign = await answer(() => createCampaign(ctx, requestActor(request), input), bodyPath);
      return reply
        .code(201)
        .header("location", `${app.prefix}/campaigns/${campaign.id}`)
        .send(presentCampaign(campaign));
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
      const input = { breachId: request.params.breachId };
      return (await answer(() => listCampaigns(ctx, requestActor(request), input))).map(presentCampaign);
    },
  );
}

function stepSummary(step: CampaignStep): string {
  const verb = `${step[0]?.toUpperCase()}${step.slice(1)}`;
  if (step === "approve")
    return "Approve a checked campaign (by another holder than its creator): records a digest of what will be sent";
  if (step === "start" || step === "resume")
    return `${verb} the campaign: 409 when its From domain is unverified, or when anything it sends changed after the approval (the approval is then void)`;
  return `${verb} the campaign`;
}

function campaignRoutes(app: FastifyInstance, { ctx, guard }: Door): void {
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
    async (request) => {
      const input = { campaignId: request.params.id };
      return presentCampaignStatus(await answer(() => campaignStatus(ctx, requestActor(request), input)));
    },
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
      const input = { campaignId: request.params.id };
      const { campaign } = await answer(() => checkCampaign(ctx, requestActor(request), input));
      return presentCampaign(campaign);
    },
  );

  for (const step of ["start", "pause", "resume", "cancel"] as const) {
    app.post<{ Params: { id: string } }>(
      `/campaigns/:id/${step}`,
      {
        ...guard("send"),
        schema: {
          summary: stepSummary(step),
          params: idParams,
          ...keyed({ 200: success("The campaign in its new state", campaignSchema) }),
        },
      },
      async (request) => {
        const input = { campaignId: request.params.id, step };
        return presentCampaign(await answer(() => actOnCampaign(ctx, requestActor(request), input)));
      },
    );
  }
}

/**
 * An approval over the API: the approver reads what it would cover, and approves that digest. Apart from the
 * other steps because only approval carries a body, which must name what the approver saw.
 */
function approvalRoutes(app: FastifyInstance, { ctx, guard }: Door): void {
  app.get<{ Params: { id: string } }>(
    "/campaigns/:id/approval",
    {
      ...guard("read"),
      schema: {
        summary: "What approving the campaign now would cover: its digest, and the digest of each part",
        description:
          "Show this to the approver; `POST /campaigns/{id}/approve` takes the digest back and refuses (409) when " +
          "what would be sent changed since, so nobody approves content they did not see. 409 without a sender profile.",
        params: idParams,
        ...keyed({ 200: success("The digest and its parts", approvalSchema) }),
      },
    },
    async (request) => {
      const input = { campaignId: request.params.id };
      const { digest, parts } = await answer(() => approvalPreview(ctx, requestActor(request), input));
      return { digest, parts };
    },
  );

  app.post<{ Params: { id: string }; Body: { digest: string; parts?: Record<string, string> } }>(
    "/campaigns/:id/approve",
    {
      ...guard("send"),
      schema: {
        summary: stepSummary("approve"),
        description:
          "The body names the digest the approver was shown (`GET /campaigns/{id}/approval`); an approval of any " +
          "other content than what would be sent now is refused with 409, and with `parts` the refusal names what changed.",
        params: idParams,
        body: approveBodySchema,
        ...keyed({ 200: success("The campaign in its new state", campaignSchema) }),
      },
    },
    async (request) => {
      const input = {
        campaignId: request.params.id,
        step: "approve" as const,
        expectedDigest: request.body.digest,
        ...(request.body.parts ? { expectedParts: request.body.parts } : {}),
      };
      return presentCampaign(await answer(() => actOnCampaign(ctx, requestActor(request), input)));
    },
  );
}

export async function campaignApiRoutes(app: FastifyInstance, options: CampaignRoutesOptions): Promise<void> {
  const routes = door(options);
  breachCampaignRoutes(app, routes);
  campaignRoutes(app, routes);
  approvalRoutes(app, routes);
}
