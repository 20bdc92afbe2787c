/**
 * Suspicious-message reports and phishing warnings over HTTP, for the organisation's own keys: the reports
 * (read, paginated), their trend (per day, per channel, common senders and phrases), an export as CSV or JSON
 * for the police's report desk (read, audit-logged), a report's screenshot (read), and warnings to publish,
 * list and withdraw (write publishes and withdraws). Every route calls one operation
 * (src/operations/phishing-reports.ts), which limits its queries to the key's organisation: another
 * organisation's breach answers 404, like one that does not exist. The key and the breach are checked on
 * arrival (onRequest), before a body is validated.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import {
  exportPhishingReports,
  listPhishingReports,
  listPhishingWarnings,
  PHISHING_CHANNELS,
  phishingReportScreenshot,
  phishingTrend,
  presentReport,
  presentWarning,
  publishPhishingWarning,
  REPORT_LIMITS,
  requirePhishingBreach,
  withdrawPhishingWarning,
} from "../../operations/index.ts";
import type { Executor, Keyring } from "../../store/index.ts";
import { type Authenticator, BEARER_SECURITY, requireScope } from "../auth.ts";
import { COMMON_PROBLEMS, problemResponses, success } from "../openapi.ts";
import { answer, requestActor } from "../operation-door.ts";
import { breachChildParams, breachParams } from "./breach-schemas.ts";

export interface PhishingRoutesOptions {
  authenticate: Authenticator | undefined;
  store: { db: Executor; keys: Keyring };
}

/** Query values arrive as text (types are not coerced): a whole number, read by the route. */
const whole = { type: "string", pattern: "^[0-9]{1,6}$" } as const;
const num = (value: string | undefined) => (value === undefined ? undefined : Number(value));

const idParams = breachChildParams;

const reportSchema = {
  type: "object",
  required: ["id", "breachId", "channel", "sender", "receivedOn", "text", "hasScreenshot", "reportedAt"],
  properties: {
    id: { type: "string" },
    breachId: { type: "string" },
    channel: { type: "string", enum: [...PHISHING_CHANNELS] },
    sender: { type: "string", description: "The sender as the message showed it (may be empty)" },
    receivedOn: { type: "string", format: "date" },
    receivedTime: { type: ["string", "null"], description: "HH:MM, when the reporter gave it" },
    text: { type: "string", description: "The message's text, scrubbed of the reporter's own contact data" },
    hasScreenshot: { type: "boolean" },
    reportedAt: { type: "string", format: "date-time" },
  },
} as const;

const countSchema = (key: string, keySchema: Record<string, unknown>) =>
  ({
    type: "array",
    items: { type: "object", properties: { [key]: keySchema, count: { type: "integer" } } },
  }) as const;

const trendSchema = {
  type: "object",
  required: ["breachId", "since", "total", "perDay", "perChannel", "senders", "phrases", "minPhraseReports"],
  properties: {
    breachId: { type: "string" },
    since: { type: "string", format: "date" },
    total: { type: "integer" },
    perDay: countSchema("date", { type: "string", format: "date" }),
    perChannel: countSchema("channel", { type: "string", enum: [...PHISHING_CHANNELS] }),
    senders: countSchema("sender", { type: "string" }),
    phrases: {
      type: "array",
      description: "Word 3-grams found in at least `minPhraseReports` reports, most common first",
      items: { type: "object", properties: { phrase: { type: "string" }, reports: { type: "integer" } } },
    },
    minPhraseReports: { type: "integer" },
  },
} as const;

const textOut = {
  type: "object",
  properties: { nl: { type: "string" }, en: { type: ["string", "null"] } },
} as const;
const warningSchema = {
  type: "object",
  required: ["id", "breachId", "updateId", "title", "body", "status", "publishedAt"],
  properties: {
    id: { type: "string" },
    breachId: { type: "string" },
    updateId: { type: "string", description: "The published update that carries the warning" },
    title: textOut,
    body: textOut,
    status: { type: "string", enum: ["active", "withdrawn"] },
    publishedAt: { type: "string", format: "date-time" },
    withdrawnAt: { type: ["string", "null"], format: "date-time" },
  },
} as const;
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

type Params = { breachId: string };

type Hook = (request: FastifyRequest) => Promise<void>;

interface RouteDeps {
  ctx: { db: Executor; keys: Keyring };
  read: { onRequest: Hook[] };
  write: { onRequest: Hook[] };
  keyed: (tag: string, extra: Record<number, unknown>) => Record<string, unknown>;
}

/** The reports, a page at a time. */
function listRoute(app: FastifyInstance, { ctx, read, keyed }: RouteDeps): void {
  app.get<{ Params: Params; Querystring: { limit?: string; offset?: string } }>(
    "/breaches/:breachId/phishing-reports",
    {
      ...read,
      schema: {
        summary: "Suspicious-message reports of a breach, newest first",
        description:
          "Reports people made on the breach's public page, their texts scrubbed of their own data.",
        params: breachParams,
        querystring: {
          type: "object",
          additionalProperties: false,
          properties: {
            limit: { ...whole, description: "Reports per page, 1 to 200 (default 50)" },
            offset: { ...whole, description: "Reports to skip (default 0)" },
          },
        },
        ...keyed("phishing", {
          200: success("A page of reports", {
            type: "object",
            required: ["total", "limit", "offset", "reports"],
            properties: {
              total: { type: "integer" },
              limit: { type: "integer" },
              offset: { type: "integer" },
              reports: { type: "array", items: reportSchema },
            },
          }),
          ...problemResponses("validation-failed"),
        }),
      },
    },
    async (request) => {
      const page = await answer(() =>
        listPhishingReports(ctx, requestActor(request), {
          ...request.params,
          limit: num(request.query.limit),
          offset: num(request.query.offset),
        }),
      );
      return {
        total: page.total,
        limit: page.limit,
        offset: page.offset,
        reports: page.items.map(presentReport),
      };
    },
  );
}

/** The trend: per day, per channel, senders and phrases. */
function trendRoute(app: FastifyInstance, { ctx, read, keyed }: RouteDeps): void {
  app.get<{ Params: Params; Querystring: { days?: string; minPhraseReports?: string } }>(
    "/breaches/:breachId/phishing-reports/trend",
    {
      ...read,
      schema: {
        summary: "The trend of a breach's suspicious-message reports",
        description:
          "Reports per day (the day the message came) and per channel, the most common senders, and the most " +
          "common word 3-grams of the scrubbed texts — only those found in at least `minPhraseReports` reports " +
          "(3 or more), so no single report's words show up as a phrase.",
        params: breachParams,
        querystring: {
          type: "object",
          additionalProperties: false,
          properties: {
            days: { ...whole, description: "Days back from today, 1 to 366 (default 30)" },
            minPhraseReports: {
              ...whole,
              description: "Reports a phrase must appear in, 3 or more (default 3)",
            },
          },
        },
        ...keyed("phishing", {
          200: success("The trend", trendSchema),
          ...problemResponses("validation-failed"),
        }),
      },
    },
    async (request) =>
      answer(
        () =>
          phishingTrend(ctx, requestActor(request), {
            ...request.params,
            days: num(request.query.days),
            minPhraseReports: num(request.query.minPhraseReports),
          }),
        (path) => `query.${path}`,
      ),
  );
}

/** The export for the police's report desk. */
function exportRoute(app: FastifyInstance, { ctx, read, keyed }: RouteDeps): void {
  app.get<{ Params: Params; Querystring: { format: string } }>(
    "/breaches/:breachId/phishing-reports/export",
    {
      ...read,
      schema: {
        summary: "Export a breach's suspicious-message reports (CSV or JSON) for the police's report desk",
        description:
          "Every report (up to 50,000, newest first). In CSV a cell that starts with = + - @ gets a leading " +
          "apostrophe, so a spreadsheet does not run it. Each export is written to the audit log.",
        params: breachParams,
        querystring: {
          type: "object",
          required: ["format"],
          additionalProperties: false,
          properties: { format: { type: "string", enum: ["csv", "json"] } },
        },
        ...keyed("phishing", {
          200: {
            ...success("The reports", { type: "string" }, "text/csv"),
            content: {
              "text/csv": { schema: { type: "string" } },
              "application/json": {
                schema: {
                  type: "object",
                  properties: {
                    breachId: { type: "string" },
                    exportedAt: { type: "string", format: "date-time" },
                    reports: { type: "array", items: reportSchema },
                  },
                },
              },
            },
          },
          ...problemResponses("validation-failed"),
        }),
      },
    },
    async (request, reply) => {
      const file = await answer(
        () =>
          exportPhishingReports(ctx, requestActor(request), {
            ...request.params,
            format: request.query.format,
          }),
        (path) => `query.${path}`,
      );
      return reply
        .type(file.contentType)
        .header("content-disposition", `attachment; filename="${file.filename}"`)
        .send(file.body);
    },
  );
}

/** A report's screenshot, for the organisation only. */
function screenshotRoute(app: FastifyInstance, { ctx, read, keyed }: RouteDeps): void {
  app.get<{ Params: Params & { reportId: string } }>(
    "/breaches/:breachId/phishing-reports/:reportId/screenshot",
    {
      ...read,
      schema: {
        summary: "The screenshot sent with a report (PNG or JPEG, metadata removed)",
        params: idParams("reportId", "The report's id"),
        ...keyed("phishing", {
          200: {
            description: "The image",
            content: {
              "image/png": { schema: { type: "string" } },
              "image/jpeg": { schema: { type: "string" } },
            },
          },
        }),
      },
    },
    async (request, reply) => {
      const shot = await answer(() => phishingReportScreenshot(ctx, requestActor(request), request.params));
      return reply
        .type(shot.type)
        .header("content-disposition", "attachment")
        .header("x-content-type-options", "nosniff")
        .send(shot.bytes);
    },
  );
}

/** Publishing a warning. */
function publishWarningRoute(app: FastifyInstance, { ctx, write, keyed }: RouteDeps): void {
  app.post<{ Params: Params; Body: { title?: unknown; body: unknown } }>(
    "/breaches/:breachId/phishing-warnings",
    {
      ...write,
      schema: {
        summary: "Publish a phishing warning",
        description:
          "Published at once as an update of the breach (its timeline shows it; a follow-up campaign can carry " +
          "it) and shown prominently on the breach page until withdrawn. The texts get the B1 plain-language " +
          "check of updates: a blocking problem refuses the warning, the others come back beside it.",
        params: breachParams,
        body: {
          type: "object",
          required: ["body"],
          additionalProperties: false,
          properties: {
            title: textIn(REPORT_LIMITS.warningTitle, "The title (default: a standard warning title)"),
            body: textIn(REPORT_LIMITS.warningBody, "The warning"),
          },
        },
        ...keyed("phishing", {
          201: success("The warning, published", {
            ...warningSchema,
            properties: {
              ...warningSchema.properties,
              plainLanguage: { type: "array", items: { type: "object" } },
            },
          }),
          ...problemResponses("validation-failed"),
        }),
      },
    },
    async (request, reply) => {
      const published = await answer(() =>
        publishPhishingWarning(ctx, requestActor(request), {
          breachId: request.params.breachId,
          ...request.body,
        }),
      );
      return reply
        .code(201)
        .send({ ...presentWarning(published.warning), plainLanguage: published.plainLanguage });
    },
  );
}

/** The warnings. */
function listWarningsRoute(app: FastifyInstance, { ctx, read, keyed }: RouteDeps): void {
  app.get<{ Params: Params }>(
    "/breaches/:breachId/phishing-warnings",
    {
      ...read,
      schema: {
        summary: "The phishing warnings of a breach, newest first (active and withdrawn)",
        params: breachParams,
        ...keyed("phishing", {
          200: success("The warnings", {
            type: "object",
            required: ["warnings"],
            properties: { warnings: { type: "array", items: warningSchema } },
          }),
        }),
      },
    },
    async (request) => ({
      warnings: (await answer(() => listPhishingWarnings(ctx, requestActor(request), request.params))).map(
        presentWarning,
      ),
    }),
  );
}

/** Withdrawing a warning. */
function withdrawWarningRoute(app: FastifyInstance, { ctx, write, keyed }: RouteDeps): void {
  app.post<{ Params: Params & { warningId: string } }>(
    "/breaches/:breachId/phishing-warnings/:warningId/withdraw",
    {
      ...write,
      schema: {
        summary:
          "Withdraw a phishing warning (the update stays in the timeline; withdrawing again changes nothing)",
        params: idParams("warningId", "The warning's id"),
        ...keyed("phishing", { 200: success("The warning, withdrawn", warningSchema) }),
      },
    },
    async (request) =>
      presentWarning(await answer(() => withdrawPhishingWarning(ctx, requestActor(request), request.params))),
  );
}

export async function phishingApiRoutes(app: FastifyInstance, options: PhishingRoutesOptions): Promise<void> {
  const ctx = options.store;
  const ownBreach = async (request: FastifyRequest) => {
    const { breachId } = request.params as Params;
    await answer(() => requirePhishingBreach(ctx, requestActor(request), { breachId }));
  };
  const read = { onRequest: [requireScope("read", options.authenticate), ownBreach] };
  const write = { onRequest: [requireScope("write", options.authenticate), ownBreach] };
  const keyed = (tag: string, extra: Record<number, unknown>) => ({
    security: BEARER_SECURITY,
    tags: [tag],
    response: { ...extra, ...problemResponses("unauthorized", "forbidden", "not-found", ...COMMON_PROBLEMS) },
  });
  const deps = { ctx, read, write, keyed } as RouteDeps;
  for (const route of [
    listRoute,
    trendRoute,
    exportRoute,
    screenshotRoute,
    publishWarningRoute,
    listWarningsRoute,
    withdrawWarningRoute,
  ])
    route(app, deps);
}
