/**
 * A small multipart/form-data reader for the one public form that takes a file (the suspicious-message
 * report's screenshot). The platform has no multipart dependency and this form needs little: the body is
 * read whole — the route's body limit keeps that to a few megabytes — and split on its boundary into text
 * fields and file contents. Files are returned as bytes only: their name and claimed type are not trusted
 * (operations/screenshot.ts looks at the bytes). A body that does not add up is refused as a whole.
 */
import type { FastifyInstance } from "fastify";

const MAX_PARTS = 20;

/** Text fields as strings, file fields as their bytes (an empty file input is left out). */
export type MultipartBody = Record<string, string | Buffer>;

export function parseMultipart(body: Buffer, contentType: string): MultipartBody | undefined {
  const match = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType);
  const boundary = match?.[1] ?? match?.[2];
  if (!boundary) return undefined;
  const opening = Buffer.from(`--${boundary}`);
  const between = Buffer.from(`\r\n--${boundary}`);
  const fields: MultipartBody = Object.create(null);
  let at = body.indexOf(opening);
  if (at !== 0) return undefined;
  at += opening.length;
  for (let part = 0; part <= MAX_PARTS; part++) {
    if (body.toString("latin1", at, at + 2) === "--") return fields;
    if (body.toString("latin1", at, at + 2) !== "\r\n" || part === MAX_PARTS) return undefined;
    const headerEnd = body.indexOf("\r\n\r\n", at + 2);
    const next = headerEnd < 0 ? -1 : body.indexOf(between, headerEnd + 4);
    if (next < 0) return undefined;
    const headers = body.toString("utf8", at + 2, headerEnd);
    const name = /content-disposition:\s*form-data;[^\r\n]*?\bname="([^"]{1,100})"/i.exec(headers)?.[1];
    if (name === undefined) return undefined;
    const content = body.subarray(headerEnd + 4, next);
    if (/\bfilename="/i.test(headers)) {
      if (content.length > 0) fields[name] = Buffer.from(content);
    } else fields[name] = content.toString("utf8");
    at = next + between.length;
  }
  return undefined;
}

/** Lets the routes of `app` (one encapsulated plugin) take multipart forms up to `bodyLimit` bytes. */
export function acceptMultipart(app: FastifyInstance, bodyLimit: number): void {
  app.addContentTypeParser("multipart/form-data", { parseAs: "buffer", bodyLimit }, (request, body, done) => {
    const parsed = parseMultipart(body as Buffer, String(request.headers["content-type"] ?? ""));
    if (parsed) done(null, parsed);
    else done(Object.assign(new Error("The form could not be read."), { statusCode: 400 }), undefined);
  });
}
