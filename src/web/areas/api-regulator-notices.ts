/**
 * The regulator notices of a breach over the API: the notices so far with the prefilled sections, the NIS2
 * clock and the controller notices (read key); submitting a notice (write key); one notice as JSON or as a
 * tagged PDF in Dutch or English (read key); a processor's notice to a controller, likewise as JSON or PDF.
 * Another organisation's breach answers 404, like an unknown one.
 */
import type { FastifyInstance } from "fastify";
import {
  controllerNoticeExport,
  controllerNoticePdf,
  regulatorNoticeExport,
  regulatorNoticePdf,
  regulatorNoticeWorkspace,
  submitRegulatorNotice,
} from "../../operations/index.ts";
import { BEARER_SECURITY, requireScope } from "../auth.ts";
import { COMMON_PROBLEMS, pdfExportSchema, problemResponses, success } from "../openapi.ts";
import { answer, requestActor } from "../operation-door.ts";
import type { BreachApiOptions } from "./breach-route-deps.ts";
import { breachChildParams, breachParams, uuid } from "./breach-schemas.ts";

const noticeParams = {
  type: "object",
  required: ["breachId", "number"],
  properties: {
    breachId: { ...uuid, description: "The breach's id" },
    number: {
      type: "string",
      pattern: "^[1-9][0-9]{0,5}$",
      description: "The notice's number (1 = initial)",
    },
  },
} as const;

const noticeSchema = {
  type: "object",
  additionalProperties: true,
  required: ["number", "phase", "refersTo", "submittedAt", "submittedBy", "late", "delayReasons", "sections"],
  properties: {
    number: { type: "integer" },
    phase: { type: "string", enum: ["initial", "supplement", "withdrawal"] },
    refersTo: { type: ["integer", "null"], description: "The number of the initial notice it belongs to" },
    submittedAt: { type: "string", format: "date-time" },
    submittedBy: { type: "string" },
    late: { type: "boolean", description: "Submitted more than 72 hours after awareness" },
    delayReasons: { type: ["string", "null"] },
    sections: { type: "object", additionalProperties: true },
  },
} as const;

const description =
  "A notice to the regulator (GDPR art. 33) following the sections of the Dutch regulator's form: about the " +
  "notice, contacts, timeline, the breach, personal data, data subjects, protection before the breach, " +
  "consequences, follow-up. Phases: initial (once, first), supplement, withdrawal (then nothing more). An " +
  "initial notice more than 72 hours after awareness needs delayReasons. Lekwijzer records the notice and shows " +
  "it to the regulator's oversight; the organisation files it with the regulator itself.";

type Params = { breachId: string; number: string };

interface Deps {
  ctx: BreachApiOptions["store"];
  read: ReturnType<typeof requireScope>;
  write: ReturnType<typeof requireScope>;
}

export async function regulatorNoticeApiRoutes(
  app: FastifyInstance,
  options: BreachApiOptions,
): Promise<void> {
  const deps: Deps = {
    ctx: options.store,
    read: requireScope("read", options.authenticate),
    write: requireScope("write", options.authenticate),
  };
  listRoute(app, deps);
  submitRoute(app, deps);
  jsonExportRoute(app, deps);
  pdfExportRoute(app, deps);
  controllerNoticeRoute(app, deps);
  controllerNoticePdfRoute(app, deps);
}

function listRoute(app: FastifyInstance, { ctx, read }: Deps): void {
  app.get<{ Params: { breachId: string } }>(
    "/breaches/:breachId/regulator-notices",
    {
      onRequest: read,
      schema: {
        summary: "The breach's regulator notices, NIS2 clock and controller notices",
        description: `${description} The answer also carries the sections as far as the breach's facts (or the last notice) fill them in.`,
        security: BEARER_SECURITY,
        tags: ["regulator-notices"],
        params: breachParams,
        response: {
          200: success("The notices and clocks", {
            type: "object",
            additionalProperties: true,
            required: ["breach", "prefill", "notices", "next", "nis2", "controllerNotices"],
            properties: { notices: { type: "array", items: noticeSchema } },
          }),
          ...problemResponses("unauthorized", "forbidden", "not-found", ...COMMON_PROBLEMS),
        },
      },
    },
    async (request) =>
      answer(() =>
        regulatorNoticeWorkspace(ctx, requestActor(request), { breachId: request.params.breachId }),
      ),
  );
}

function submitRoute(app: FastifyInstance, { ctx, write }: Deps): void {
  app.post<{
    Params: { breachId: string };
    Body: { phase: string; sections: unknown; delayReasons?: string };
  }>(
    "/breaches/:breachId/regulator-notices",
    {
      onRequest: write,
      schema: {
        summary: "Submit a regulator notice",
        description: `${description} Problems name the field: body.sections.contacts.email, body.delayReasons.`,
        security: BEARER_SECURITY,
        tags: ["regulator-notices"],
        params: breachParams,
        body: {
          type: "object",
          additionalProperties: false,
          required: ["phase", "sections"],
          properties: {
            phase: { type: "string", enum: ["initial", "supplement", "withdrawal"] },
            sections: { type: "object", additionalProperties: true },
            delayReasons: { type: "string", maxLength: 4000 },
          },
        },
        response: {
          201: success("The notice as stored", noticeSchema),
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
    async (request, reply) => {
      const notice = await answer(() =>
        submitRegulatorNotice(ctx, requestActor(request), {
          breachId: request.params.breachId,
          phase: request.body.phase,
          sections: request.body.sections,
          delayReasons: request.body.delayReasons,
        }),
      );
      return reply.code(201).send(notice);
    },
  );
}

function jsonExportRoute(app: FastifyInstance, { ctx, read }: Deps): void {
  app.get<{ Params: Params }>(
    "/breaches/:breachId/regulator-notices/:number",
    {
      onRequest: read,
      schema: {
        summary: "Export a regulator notice as JSON",
        description: `${description} Format lekwijzer-regulator-notice/1, with the NIS2 clock when it applies.`,
        security: BEARER_SECURITY,
        tags: ["regulator-notices"],
        params: noticeParams,
        response: {
          200: success("The notice (format lekwijzer-regulator-notice/1)", {
            type: "object",
            additionalProperties: true,
            required: ["format", "organisation", "breach", "notice", "nis2"],
            properties: {
              format: { type: "string", const: "lekwijzer-regulator-notice/1" },
              notice: noticeSchema,
            },
          }),
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
    async (request) =>
      answer(() =>
        regulatorNoticeExport(ctx, requestActor(request), {
          breachId: request.params.breachId,
          number: Number(request.params.number),
        }),
      ),
  );
}

function pdfExportRoute(app: FastifyInstance, { ctx, read }: Deps): void {
  app.get<{ Params: Params; Querystring: { lang?: "nl" | "en" } }>(
    "/breaches/:breachId/regulator-notices/:number/pdf",
    {
      onRequest: read,
      schema: {
        summary: "Export a regulator notice as a PDF",
        description: `${description} A tagged PDF (PDF/UA) with every section, in Dutch unless lang=en.`,
        security: BEARER_SECURITY,
        tags: ["regulator-notices"],
        params: noticeParams,
        ...pdfExportSchema("The notice"),
      },
    },
    async (request, reply) => {
      const report = await answer(() =>
        regulatorNoticeExport(ctx, requestActor(request), {
          breachId: request.params.breachId,
          number: Number(request.params.number),
        }),
      );
      const pdf = await regulatorNoticePdf(report, request.query.lang ?? "nl");
      return reply
        .type("application/pdf")
        .header(
          "content-disposition",
          `attachment; filename="regulator-notice-${report.breach.slug}-${report.notice.number}.pdf"`,
        )
        .send(pdf);
    },
  );
}

const controllerDescription =
  "For a processor: the notice to one controller it works for, with what the controller needs to decide " +
  "on its own duties: the breach's facts, the kinds of personal data, the number of people and the " +
  "assessment. Each export is recorded in the audit log.";

function controllerNoticeRoute(app: FastifyInstance, { ctx, read }: Deps): void {
  app.get<{ Params: { breachId: string; noticeId: string } }>(
    "/breaches/:breachId/controller-notices/:noticeId",
    {
      onRequest: read,
      schema: {
        summary: "Export a processor's notice to a controller as JSON",
        description: `${controllerDescription} Format lekwijzer-controller-notice/1.`,
        security: BEARER_SECURITY,
        tags: ["regulator-notices"],
        params: breachChildParams("noticeId", "The controller notice's id"),
        response: {
          200: success("The controller notice (format lekwijzer-controller-notice/1)", {
            type: "object",
            additionalProperties: true,
            required: ["format", "processor", "controller", "decide", "breach"],
            properties: { format: { type: "string", const: "lekwijzer-controller-notice/1" } },
          }),
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
    async (request) =>
      answer(() =>
        controllerNoticeExport(ctx, requestActor(request), {
          breachId: request.params.breachId,
          id: request.params.noticeId,
          format: "json",
        }),
      ),
  );
}

function controllerNoticePdfRoute(app: FastifyInstance, { ctx, read }: Deps): void {
  app.get<{ Params: { breachId: string; noticeId: string }; Querystring: { lang?: "nl" | "en" } }>(
    "/breaches/:breachId/controller-notices/:noticeId/pdf",
    {
      onRequest: read,
      schema: {
        summary: "Export a processor's notice to a controller as a PDF",
        description: `${controllerDescription} A tagged PDF (PDF/UA), in Dutch unless lang=en.`,
        security: BEARER_SECURITY,
        tags: ["regulator-notices"],
        params: breachChildParams("noticeId", "The controller notice's id"),
        ...pdfExportSchema("The controller notice"),
      },
    },
    async (request, reply) => {
      const report = await answer(() =>
        controllerNoticeExport(ctx, requestActor(request), {
          breachId: request.params.breachId,
          id: request.params.noticeId,
          format: "pdf",
        }),
      );
      const pdf = await controllerNoticePdf(report, request.query.lang ?? "nl");
      return reply
        .type("application/pdf")
        .header(
          "content-disposition",
          `attachment; filename="controller-notice-${request.params.noticeId}.pdf"`,
        )
        .send(pdf);
    },
  );
}
