/**
 * Victim imports of a breach over HTTP, for an organisation's API key: list, read, fetch the error report,
 * and upload a victim file. Each route calls one operation (src/operations), which finds the breach and the
 * import only within the key's organisation.
 *
 * Uploads stream (upload-stream.ts) into sealed chunks in the database, never held whole; a worker imports
 * them (operations/import-worker.ts), never this web process, which stays responsive during a large import.
 */
import { Readable } from "node:stream";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { VictimFileError } from "../../intake/index.ts";
import {
  getBreach,
  getImport,
  type ImportView,
  importReport,
  listImports,
  presentImport,
  receiveUpload,
} from "../../operations/index.ts";
import type { ImportJob } from "../../store/index.ts";
import { BEARER_SECURITY } from "../auth.ts";
import { COMMON_PROBLEMS, problemResponses, success } from "../openapi.ts";
import { answer, requestActor } from "../operation-door.ts";
import { ProblemError } from "../problems.ts";
import { acceptUpload, DEFAULT_UPLOAD_BYTES, UPLOAD_TYPES, UploadError } from "../upload-stream.ts";
import { type BreachApiOptions, type RouteDeps, routeDeps } from "./breach-route-deps.ts";
import { breachParams, importParams, importSchema, locationHeader } from "./breach-schemas.ts";

type ImportRequest = FastifyRequest<{ Params: { breachId: string; importId: string } }>;

export async function importApiRoutes(app: FastifyInstance, options: BreachApiOptions): Promise<void> {
  const deps = routeDeps(app, options);
  const present = (job: ImportJob) =>
    presentImport(job, `${deps.prefix}/breaches/${job.breachId}/imports/${job.id}/report`);
  listRoute(app, deps, present);
  await uploadRoute(app, deps, options, present);
  readRoute(app, deps, present);
  reportRoute(app, deps);
}

type Present = (job: ImportJob) => ImportView;

function listRoute(app: FastifyInstance, { ctx, read }: RouteDeps, present: Present): void {
  app.get<{ Params: { breachId: string } }>(
    "/breaches/:breachId/imports",
    {
      onRequest: read,
      schema: {
        summary: "List a breach's imports",
        description: "Every import of the breach, newest first, with progress and summary.",
        security: BEARER_SECURITY,
        tags: ["imports"],
        params: breachParams,
        response: {
          200: success("The imports", {
            type: "object",
            required: ["imports"],
            properties: { imports: { type: "array", items: importSchema } },
          }),
          ...problemResponses("unauthorized", "forbidden", "not-found", ...COMMON_PROBLEMS),
        },
      },
    },
    async (request) => {
      const jobs = await answer(() => listImports(ctx, requestActor(request), request.params));
      return { imports: jobs.map(present) };
    },
  );
}

async function uploadRoute(
  app: FastifyInstance,
  deps: RouteDeps,
  options: BreachApiOptions,
  present: Present,
): Promise<void> {
  // The upload route gets its own context, so that its streaming body parsers apply to it alone.
  await app.register(async (upload) => {
    upload.addContentTypeParser(UPLOAD_TYPES, (_request, payload, done) => done(null, payload));
    upload.post<{ Params: { breachId: string } }>(
      "/breaches/:breachId/imports",
      {
        config: { longUpload: true },
        onRequest: deps.write,
        schema: {
          summary: "Import a victim file",
          description:
            "The body is the victim file itself (docs/victim-file.md): CSV as text/csv or JSON Lines as " +
            "application/x-ndjson, streamed. The file is stored encrypted and queued; the answer (202) comes " +
            "once it is stored and names the import job (status `queued`, then `running` when a worker takes " +
            "it) to poll for progress and the summary. A file that cannot be read as a victim file at all " +
            "(empty, no header, no external_id column) is refused with 400. One import per breach at a time.",
          security: BEARER_SECURITY,
          tags: ["imports"],
          params: breachParams,
          consumes: UPLOAD_TYPES,
          response: {
            202: {
              ...success("The import has started", importSchema),
              headers: { ...success("", {}).headers, ...locationHeader },
            },
            ...problemResponses(
              "validation-failed",
              "unauthorized",
              "forbidden",
              "not-found",
              "conflict",
              "payload-too-large",
              "unsupported-media-type",
              ...COMMON_PROBLEMS,
            ),
          },
        },
      },
      async (request, reply) => startUpload(deps, options, present, request, reply),
    );
  });
}

/**
 * The breach first (404), then the upload's size and type (413, 415), then the job (409). The body is stored
 * (sealed, in chunks) and queued for a worker; the answer (202) comes once the whole file is stored. A file
 * whose start is no victim file at all is refused at once (400).
 */
async function startUpload(
  { ctx, prefix }: RouteDeps,
  options: BreachApiOptions,
  present: Present,
  request: FastifyRequest<{ Params: { breachId: string } }>,
  reply: FastifyReply,
) {
  const actor = requestActor(request);
  const breach = await answer(() => getBreach(ctx, actor, request.params));
  const upload = acceptUpload(request, options.uploadBytes ?? DEFAULT_UPLOAD_BYTES);
  let stored: Awaited<ReturnType<typeof receiveUpload>>;
  try {
    stored = await answer(() =>
      receiveUpload(ctx, actor, {
        breachId: breach.id,
        body: upload.open(options.uploadIdleMs ?? 60_000),
        format: upload.format,
      }),
    );
  } catch (error) {
    if (error instanceof VictimFileError) throw new ProblemError("validation-failed", error.message);
    if (error instanceof UploadError && error.tooLarge)
      throw new ProblemError("payload-too-large", error.message);
    if (error instanceof UploadError) throw new ProblemError("validation-failed", error.message);
    throw error;
  }
  return reply
    .code(202)
    .header("location", `${prefix}/breaches/${breach.id}/imports/${stored.job.id}`)
    .send(present(stored.job));
}

function readRoute(app: FastifyInstance, { ctx, read }: RouteDeps, present: Present): void {
  app.get<{ Params: { breachId: string; importId: string } }>(
    "/breaches/:breachId/imports/:importId",
    {
      onRequest: read,
      schema: {
        summary: "Read an import's progress and summary",
        description:
          "While running: rows read, accepted and rejected, rate and ETA. When done: the summary (rows, " +
          "imported, updated, unchanged, rejected, superseded, unreachable, warnings). When failed: why.",
        security: BEARER_SECURITY,
        tags: ["imports"],
        params: importParams,
        response: {
          200: success("The import", importSchema),
          ...problemResponses("unauthorized", "forbidden", "not-found", ...COMMON_PROBLEMS),
        },
      },
    },
    async (request: ImportRequest) =>
      present(await answer(() => getImport(ctx, requestActor(request), request.params))),
  );
}

function reportRoute(app: FastifyInstance, { ctx, read }: RouteDeps): void {
  app.get<{ Params: { breachId: string; importId: string } }>(
    "/breaches/:breachId/imports/:importId/report",
    {
      onRequest: read,
      schema: {
        summary: "Download an import's error report",
        description:
          "The error report as CSV (line, column, severity, code, reason, value): every rejected or doubtful " +
          "row, with personal values masked and formula-like cells neutralised. Complete once the import is done.",
        security: BEARER_SECURITY,
        tags: ["imports"],
        params: importParams,
        response: {
          200: success("The error report", { type: "string" }, "text/csv"),
          ...problemResponses("unauthorized", "forbidden", "not-found", ...COMMON_PROBLEMS),
        },
      },
    },
    async (request: ImportRequest, reply) => {
      const { job, chunks } = await answer(() => importReport(ctx, requestActor(request), request.params));
      return reply
        .type("text/csv; charset=utf-8")
        .header("content-disposition", `attachment; filename="import-${job.id}-report.csv"`)
        .send(Readable.from(chunks));
    },
  );
}
