/**
 * A victim file uploaded as the request body, streamed and never held whole: its declared size and type are
 * checked before anything starts, the bytes are counted against a limit and watched for a stalled connection,
 * and a connection that closes early breaks the stream off (the import then fails with the reason).
 */
import { Transform, type TransformCallback } from "node:stream";
import type { FastifyRequest } from "fastify";
import { ProblemError } from "./problems.ts";

export const UPLOAD_TYPES = ["text/csv", "application/x-ndjson"];
/** Largest victim file one upload may carry, unless the server is told otherwise (UPLOAD_MAX_BYTES). */
export const DEFAULT_UPLOAD_BYTES = 2 * 1024 ** 3;

/** Thrown into the import when the upload breaks off or grows past the limit. */
export class UploadError extends Error {
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
export function limitBytes(limit: number, idleMs: number): Transform {
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

export interface Upload {
  format: "csv" | "jsonl";
  /** The size the client declared, when it did. */
  totalBytes: number | undefined;
  /** Starts reading the body: the bytes, limited and watched. Call once the import has started. */
  open(idleMs: number): Transform;
}

/** Checks the upload's declared size (413) and type (415) before anything is started. */
export function acceptUpload(request: FastifyRequest, limit: number): Upload {
  const declared = Number(request.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit)
    throw new ProblemError("payload-too-large", `A victim file may be at most ${limit} bytes.`);
  const body = request.body as NodeJS.ReadableStream | undefined;
  if (!body || typeof (body as { pipe?: unknown }).pipe !== "function")
    throw new ProblemError(
      "unsupported-media-type",
      "Send the victim file as text/csv or application/x-ndjson.",
    );
  const contentType = String(request.headers["content-type"] ?? "");
  return {
    format: contentType.startsWith("application/x-ndjson") ? "jsonl" : "csv",
    totalBytes: Number.isFinite(declared) ? declared : undefined,
    open(idleMs) {
      const limited = limitBytes(limit, idleMs);
      body.on("error", (error: Error) =>
        limited.destroy(new UploadError(`the upload broke off: ${error.message}`)),
      );
      // A connection that closes before the whole body arrived (client gone, request deadline) ends the
      // import as failed: the rows read so far are stored, and uploading the file again completes it.
      request.raw.on("close", () => {
        if (!request.raw.complete)
          limited.destroy(new UploadError("the upload broke off before the end of the file"));
      });
      body.pipe(limited);
      return limited;
    },
  };
}
