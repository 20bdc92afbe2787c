/**
 * Breaches and victim imports over HTTP, for an organisation's API key. Every route looks the breach up
 * within the key's organisation: another organisation's breach answers 404, exactly like one that does not
 * exist, so ids cannot be probed.
 *
 * Uploads stream: the body (text/csv or application/x-ndjson) goes straight into the import pipeline, counted
 * against a size limit, never held whole. Imports run in this web process; a job whose process stops is
 * marked failed at the next start-up (or when polled after its heartbeat went quiet).
 */
import { Readable, Transform, type TransformCallback } from "node:stream";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { VictimFileError } from "../../intake/index.ts";
import {
  type Breach,
  breaches,
  type Db,
  IMPORT_STALE_AFTER_MS,
  ImportBusyError,
  type ImportJob,
  imports,
  type Keyring,
  organisations,
} from "../../store/index.ts";
import { type Authenticator, BEARER_SECURITY, requireScope } from "../auth.ts";
import { createBreach } from "../breaches.ts";
import { runImport } from "../imports.ts";
import { COMMON_PROBLEMS, problemResponses, success } from "../openapi.ts";
import { ProblemError } from "../problems.ts";

export interface BreachApiOptions {
  authenticate: Authenticator | undefined;
  store: { db: Db; keys: Keyring };
  /** Largest victim file an upload may carry (default 2 GiB). */
  uploadBytes?: number;
  /** An upload that sends nothing for this long is given up (default 60 s). */
  uploadIdleMs?: number;
}

export const DEFAULT_UPLOAD_BYTES = 2 * 1024 ** 3;
const UPLOAD_TYPES = ["text/csv", "application/x-ndjson"];
/** How long the upload route waits for the first rows before answering 202 anyway. */
const FIRST_ROWS_WAIT_MS = 5_000;

const uuid = {
  type: "string",
  pattern: "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$",
};
const breachParams = {
  type: "object",
  required: ["breachId"],
  properties: { breachId: { ...uuid, description: "The breach's id" } },
} as const;
const importParams = {
  type: "object",
  required: ["breachId", "importId"],
  properties: {
    breachId: { ...uuid, description: "The breach's id" },
    importId: { ...uuid, description: "The import's id" },
  },
} as const;

const breachSchema = {
  type: "object",
  required: ["id", "slug", "title", "status", "awareAt", "createdAt"],
  properties: {
    id: { type: "string" },
    slug: { type: "string" },
    title: { type: "string" },
    status: { type: "string" },
    awareAt: { type: "string", format: "date-time" },
    createdAt: { type: "string", format: "date-time" },
    facts: { type: "object", additionalProperties: true },
    assessment: { type: ["object", "null"], additionalProperties: true },
    legalHold: { type: "boolean" },
  },
} as const;

const importSchema = {
  type: "object",
  required: ["id", "breachId", "status", "createdAt"],
  properties: {
    id: { type: "string" },
    breachId: { type: "string" },
    status: { type: "string", enum: ["running", "done", "failed"] },
    source: { type: "string", enum: ["api", "cli"] },
    progress: { type: "object", additionalProperties: true },
    summary: { type: ["object", "null"], additionalProperties: true },
    error: { type: ["string", "null"] },
    createdAt: { type: "string", format: "date-time" },
    finishedAt: { type: ["string", "null"], format: "date-time" },
    report: { type: "string", description: "Where the error report (CSV) can be fetched" },
  },
} as const;

const locationHeader = {
  Location: { type: "string", description: "Where the created resource can be read" },
} as const;

function breachJson(breach: Breach, full: boolean) {
  return {
    id: breach.id,
    slug: breach.slug,
    title: breach.title,
    status: breach.status,
    awareAt: breach.awareAt.toISOString(),
    createdAt: breach.createdAt.toISOString(),
    legalHold: breach.legalHold !== null,
    ...(full ? { facts: breach.facts, assessment: breach.assessment } : {}),
  };
}

function importJson(prefix: string, job: ImportJob) {
  return {
    id: job.id,
    breachId: job.breachId,
    status: job.status,
    source: job.source,
    progress: job.progress,
    summary: job.summary,
    error: job.error,
    createdAt: job.createdAt.toISOString(),
    finishedAt: job.finishedAt ? job.finishedAt.toISOString() : null,
    report: `${prefix}/breaches/${job.breachId}/imports/${job.id}/report`,
  };
}

/** Thrown into the import when the upload breaks off or grows past the limit. */
class UploadError extends Error {
  readonly tooLarge: boolean;
  constructor(message: string, tooLarge = false) {
    super(message);
    this.name = "UploadError";
    this.tooLarge = tooLarge;
  }
}

/**
 * Passes bytes through, failing once more than `limit` went by or when nothing arrives for `idleMs` (a
 * stalled connection must not hold an import, and its heartbeat, forever).
 */
function limitBytes(limit: number, idleMs: number): Transform {
  let seen = 0;
  let timer: NodeJS.Timeout | undefined;
  const transform: Transform = new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      arm();
      seen += chunk.length;
      if (seen > limit) return done(new UploadError(`the upload is larger than ${limit} bytes`, true));
      done(null, chunk);
    },
    flush(done) {
      clearTimeout(timer);
      done();
    },
    destroy(error, done) {
      clearTimeout(timer);
      done(error);
    },
  });
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(
      () => transform.destroy(new UploadError(`the upload sent nothing for ${Math.round(idleMs / 1000)} s`)),
      idleMs,
    );
    timer.unref();
  };
  arm();
  return transform;
}

export async function breachApiRoutes(app: FastifyInstance, options: BreachApiOptions): Promise<void> {
  const { store, authenticate } = options;
  const uploadBytes = options.uploadBytes ?? DEFAULT_UPLOAD_BYTES;
  const prefix = app.prefix;
  // Checked on arrival (onRequest), before the body is read or validated: without a key the answer is 401, never 400.
  const read = requireScope("read", authenticate);
  const write = requireScope("write", authenticate);

  /** The breach, only when it belongs to the request's key; 404 otherwise. */
  const ownBreach = async (request: FastifyRequest, id: string): Promise<Breach> => {
    const organisationId = request.apiKey?.organisationId;
    const breach = organisationId ? await breaches.get(store.db, organisationId, id) : undefined;
    if (!breach) throw new ProblemError("not-found", "There is no such breach.");
    return breach;
  };
  const ownImport = async (request: FastifyRequest, breachId: string, importId: string) => {
    const breach = await ownBreach(request, breachId);
    let job = await imports.get(store.db, breach.id, importId);
    if (job?.status === "running" && Date.now() - job.heartbeatAt.getTime() > IMPORT_STALE_AFTER_MS) {
      await imports.failInterrupted(store.db, { breachId: breach.id });
      job = await imports.get(store.db, breach.id, importId);
    }
    if (!job) throw new ProblemError("not-found", "There is no such import.");
    return job;
  };

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
      const list = await breaches.listByOrganisation(store.db, request.apiKey?.organisationId ?? "");
      return { breaches: list.map((b) => breachJson(b, false)) };
    },
  );

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
      const key = request.apiKey;
      if (!key) throw new ProblemError("unauthorized");
      const organisation = await organisations.get(store.db, key.organisationId);
      if (!organisation) throw new ProblemError("not-found", "The key's organisation no longer exists.");
      const result = await createBreach(store, {
        organisationId: organisation.id,
        organisationSlug: organisation.slug,
        facts: request.body.facts,
        ...(request.body.slug !== undefined ? { slug: request.body.slug } : {}),
        actor: `apikey:${key.id}`,
      });
      if (!result.ok) {
        throw new ProblemError(
          "validation-failed",
          "The breach facts are not valid.",
          result.problems.map((p) => ({
            path: p.path === "slug" ? "body.slug" : `body.facts.${p.path}`,
            message: p.message,
          })),
        );
      }
      return reply
        .code(201)
        .header("location", `${prefix}/breaches/${result.breach.id}`)
        .send(breachJson(result.breach, true));
    },
  );

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
    async (request) => breachJson(await ownBreach(request, request.params.breachId), true),
  );

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
      const breach = await ownBreach(request, request.params.breachId);
      return { imports: (await imports.listByBreach(store.db, breach.id)).map((j) => importJson(prefix, j)) };
    },
  );

  // The upload route gets its own context, so that its streaming body parsers apply to it alone.
  await app.register(async (upload) => {
    upload.addContentTypeParser(UPLOAD_TYPES, (_request, payload, done) => done(null, payload));
    upload.post<{ Params: { breachId: string } }>(
      "/breaches/:breachId/imports",
      {
        onRequest: write,
        schema: {
          summary: "Import a victim file",
          description:
            "The body is the victim file itself (docs/victim-file.md): CSV as text/csv or JSON Lines as " +
            "application/x-ndjson, streamed. The import starts at once and the answer (202) names the import " +
            "job to poll for progress and the summary. A file that cannot be read as a victim file at all " +
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
      async (request, reply) => startUpload(request, reply),
    );
  });

  async function startUpload(request: FastifyRequest<{ Params: { breachId: string } }>, reply: FastifyReply) {
    const key = request.apiKey;
    const breach = await ownBreach(request, request.params.breachId);
    const declared = Number(request.headers["content-length"]);
    if (Number.isFinite(declared) && declared > uploadBytes)
      throw new ProblemError("payload-too-large", `A victim file may be at most ${uploadBytes} bytes.`);
    const body = request.body as NodeJS.ReadableStream | undefined;
    if (!body || typeof (body as { pipe?: unknown }).pipe !== "function")
      throw new ProblemError(
        "unsupported-media-type",
        "Send the victim file as text/csv or application/x-ndjson.",
      );
    let job: ImportJob;
    try {
      job = await imports.start(store.db, { breachId: breach.id, source: "api", actor: `apikey:${key?.id}` });
    } catch (error) {
      if (error instanceof ImportBusyError) throw new ProblemError("conflict", error.message);
      throw error;
    }
    const limited = limitBytes(uploadBytes, options.uploadIdleMs ?? 60_000);
    body.on("error", (error: Error) =>
      limited.destroy(new UploadError(`the upload broke off: ${error.message}`)),
    );
    // A connection that closes before the whole body arrived (client gone, request deadline) ends the import
    // as failed: the rows read so far are stored, and uploading the file again completes it.
    request.raw.on("close", () => {
      if (!request.raw.complete)
        limited.destroy(new UploadError("the upload broke off before the end of the file"));
    });
    body.pipe(limited);
    const contentType = String(request.headers["content-type"] ?? "");

    let firstRows: () => void = () => {};
    const started = new Promise<void>((resolve) => {
      firstRows = resolve;
    });
    const running = runImport({
      store,
      breach,
      job,
      input: limited,
      format: contentType.startsWith("application/x-ndjson") ? "jsonl" : "csv",
      ...(Number.isFinite(declared) ? { totalBytes: declared } : {}),
      actor: `apikey:${key?.id}`,
      onProgress: () => firstRows(),
    });
    running.catch((error: Error) => {
      if (!(error instanceof VictimFileError) && !(error instanceof UploadError))
        request.log.error({ err: { type: error.name }, import: job.id }, "import failed");
    });
    // Answer once rows flow (or the import is over, or a few seconds passed): a file that is no victim file
    // at all is refused in this answer instead of only in the job.
    const timer = setTimeout(firstRows, FIRST_ROWS_WAIT_MS);
    const outcome = await Promise.race([
      started.then(() => "running" as const),
      running.then(
        () => "done" as const,
        (error: Error) => error,
      ),
    ]);
    clearTimeout(timer);
    if (outcome instanceof VictimFileError) throw new ProblemError("validation-failed", outcome.message);
    if (outcome instanceof UploadError && outcome.tooLarge)
      throw new ProblemError("payload-too-large", outcome.message);
    const current = (await imports.get(store.db, breach.id, job.id)) ?? job;
    return reply
      .code(202)
      .header("location", `${prefix}/breaches/${breach.id}/imports/${job.id}`)
      .send(importJson(prefix, current));
  }

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
    async (request) =>
      importJson(prefix, await ownImport(request, request.params.breachId, request.params.importId)),
  );

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
    async (request, reply) => {
      const job = await ownImport(request, request.params.breachId, request.params.importId);
      return reply
        .type("text/csv; charset=utf-8")
        .header("content-disposition", `attachment; filename="import-${job.id}-report.csv"`)
        .send(Readable.from(imports.readReport(store.db, job.id)));
    },
  );
}
