/**
 * The security headers of every answer (CSP, HSTS, nosniff, referrer policy, …), as helmet defines them,
 * computed once at start-up and set on each reply. @fastify/helmet builds helmet's middleware again on every
 * request — the CSP directives parsed and the header names rewritten each time — which cost a few percent of
 * the portal's CPU under load for headers that never change. Routes with other headers set them themselves.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { FastifyInstance } from "fastify";
import helmet, { type HelmetOptions } from "helmet";

/** The headers helmet sets for these options (lower-case names), by running its middleware once on a stub. */
export function helmetHeaders(options: HelmetOptions): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  let finished = false;
  helmet(options)({} as IncomingMessage, response as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error;
    finished = true;
  });
  // Helmet's middleware is synchronous for options without per-request functions; anything else is a bug here.
  if (!finished) throw new Error("helmet did not set its headers synchronously");
  return Object.freeze(headers);
}

/** Sets the headers on every reply, before any route runs (so error answers carry them too). */
export function registerSecurityHeaders(app: FastifyInstance, options: HelmetOptions): void {
  const headers = helmetHeaders(options);
  app.addHook("onRequest", (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
}
