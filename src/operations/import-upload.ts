/**
 * An uploaded victim file is stored before anything is imported: the body is cut into chunks, each sealed
 * with the keyring (bound to the job and its position) and written to the database, so any worker on any
 * machine can import it and the web process only moves bytes. The first chunk is read as a victim file at
 * once, so a file that is none at all (no header, no external_id column) is refused in the upload's answer.
 */
import { Readable, Writable } from "node:stream";
import { importVictimFile, VictimFileError } from "../intake/index.ts";
import { audit, type Breach, imports } from "../store/index.ts";
import type { Actor } from "./actor.ts";
import type { OperationContext } from "./context.ts";
import { type StartedImport, startImport } from "./imports.ts";

/** Plaintext bytes per stored chunk: large enough for few rows, small enough for one in memory. */
export const UPLOAD_CHUNK_BYTES = 1024 * 1024;
const HEARTBEAT_MS = 10_000;

/** What binds a sealed chunk to its job and place: a chunk moved to another job or position fails to open. */
export function uploadChunkContext(importId: string, seq: number): string {
  return `import-upload\u0000${importId}\u0000${seq}`;
}

/** Re-cuts a byte stream into chunks of `size` bytes (the last one shorter). */
async function* rechunk(body: AsyncIterable<Buffer | string>, size: number): AsyncGenerator<Buffer> {
  let parts: Buffer[] = [];
  let held = 0;
  for await (const piece of body) {
    let buffer = typeof piece === "string" ? Buffer.from(piece) : piece;
    while (held + buffer.length >= size) {
      const take = size - held;
      parts.push(buffer.subarray(0, take));
      yield Buffer.concat(parts, size);
      parts = [];
      held = 0;
      buffer = buffer.subarray(take);
    }
    if (buffer.length > 0) {
      parts.push(buffer);
      held += buffer.length;
    }
  }
  if (held > 0) yield Buffer.concat(parts, held);
}

function discard(): Writable {
  return new Writable({ write: (_chunk, _encoding, done) => done() });
}

/**
 * Reads the start of the file as a victim file and throws the intake's VictimFileError when it is none. A
 * partial start is cut at its last line break; "no rows" counts only when the start is the whole file.
 */
async function checkStart(breach: Breach, chunk: Buffer, whole: boolean, format: "csv" | "jsonl") {
  const cut = whole ? chunk.length : chunk.lastIndexOf(0x0a) + 1;
  const sample = cut > 0 ? chunk.subarray(0, cut) : chunk;
  const categories = ((breach.facts as { data?: { category?: unknown }[] }).data ?? [])
    .map((d) => d.category)
    .filter((c): c is string => typeof c === "string");
  try {
    await importVictimFile(Readable.from([sample]), {
      breachCategories: categories,
      format,
      report: discard(),
      sink: {
        begin: async () => {},
        write: async () => {},
        abort: async () => {},
        finish: async () => ({
          imported: 0,
          updated: 0,
          unchanged: 0,
          superseded: 0,
          unreachable: 0,
          findings: async function* () {},
        }),
      },
    });
  } catch (error) {
    if (error instanceof VictimFileError && (whole || error.code !== "no-rows")) throw error;
  }
}

export interface UploadInput {
  breachId: string;
  body: AsyncIterable<Buffer | string>;
  format: "csv" | "jsonl";
  /** Plaintext bytes per stored chunk (default UPLOAD_CHUNK_BYTES; tests use small ones). */
  chunkBytes?: number;
}

/**
 * Stores an upload for a breach of the actor's organisation and queues it for a worker. Rejects with the
 * intake's VictimFileError (the start is no victim file) or with the body's own error (too large, broke off);
 * either way the job is failed with the reason and nothing of the file is kept.
 */
export async function receiveUpload(
  ctx: OperationContext,
  actor: Actor,
  input: UploadInput,
): Promise<StartedImport> {
  const started = await startImport(ctx, actor, { breachId: input.breachId, source: "api", upload: true });
  const { breach, job } = started;
  const organisationId = breach.organisationId;
  const heartbeat = setInterval(() => void imports.touchUpload(ctx.db, job.id).catch(() => {}), HEARTBEAT_MS);
  heartbeat.unref();
  let seq = 0;
  let bytes = 0;
  try {
    let pending: Buffer | undefined;
    // One chunk is held back, so the first chunk's check knows whether it is the whole file.
    for await (const chunk of rechunk(input.body, input.chunkBytes ?? UPLOAD_CHUNK_BYTES)) {
      if (pending) await store(pending, false);
      pending = chunk;
    }
    if (pending) await store(pending, true);
    else await checkStart(breach, Buffer.alloc(0), true, input.format);
    await imports.queueUploaded(ctx.db, organisationId, job.id, { format: input.format, totalBytes: bytes });
    await audit.append(ctx.db, ctx.keys, {
      actor: actor.name,
      action: "victims.upload-stored",
      subject: breach.id,
      details: { import: job.id, bytes, chunks: seq },
    });
    const queued = await imports.get(ctx.db, organisationId, breach.id, job.id);
    return { breach, job: queued ?? job };
  } catch (error) {
    const reason =
      error instanceof VictimFileError || (error as Error).name === "UploadError"
        ? (error as Error).message
        : "the upload failed on the server; see the server log";
    await imports.fail(ctx.db, organisationId, job.id, reason).catch(() => {});
    await imports.dropUpload(ctx.db, job.id).catch(() => {});
    await audit
      .append(ctx.db, ctx.keys, {
        actor: actor.name,
        action: "victims.import-failed",
        subject: breach.id,
        details: { import: job.id, source: "api", reason },
      })
      .catch(() => {});
    throw error;
  } finally {
    clearInterval(heartbeat);
  }

  async function store(chunk: Buffer, last: boolean): Promise<void> {
    if (seq === 0) await checkStart(breach, chunk, last, input.format);
    await imports.appendUpload(
      ctx.db,
      job.id,
      seq,
      ctx.keys.sealBytes(chunk, uploadChunkContext(job.id, seq)),
    );
    seq++;
    bytes += chunk.length;
  }
}

/** A stored upload as the bytes of the file again, opened chunk by chunk. */
export function openStoredUpload(ctx: OperationContext, importId: string): Readable {
  async function* chunks(): AsyncGenerator<Buffer> {
    let seq = 0;
    for await (const sealed of imports.readUpload(ctx.db, importId)) {
      yield ctx.keys.openBytes(sealed, uploadChunkContext(importId, seq++));
    }
  }
  return Readable.from(chunks(), { objectMode: false });
}
