/**
 * Routes only for someone at this machine (the outbox, metrics without a token). Three checks, all needed:
 *
 * - the socket's own address is a loopback address (never X-Forwarded-For or `request.ip`: behind a trusted
 *   proxy those name the proxy's client, and a header can be forged);
 * - the request names this machine as its host (`localhost`, `127.0.0.1` or `[::1]`, with any port), so a page
 *   loaded from another name that resolves here (DNS rebinding) cannot read these pages from the browser;
 * - it carries no forwarding header, so a reverse proxy on the same machine cannot pass the public through.
 */
import type { FastifyRequest } from "fastify";

const LOOPBACK: ReadonlySet<string> = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);

const LOCAL_HOST = /^(?:localhost|127\.0\.0\.1|\[::1\])(?::\d{1,5})?$/i;

/** Headers a proxy adds on the way through; any of them means the client is not at this machine. */
const FORWARDING_HEADERS: readonly string[] = [
  "forwarded",
  "via",
  "x-real-ip",
  "x-client-ip",
  "client-ip",
  "true-client-ip",
  "cf-connecting-ip",
  "fastly-client-ip",
  "x-cluster-client-ip",
  "x-original-forwarded-for",
];

function forwarded(headers: FastifyRequest["headers"]): boolean {
  for (const name of Object.keys(headers)) {
    const lower = name.toLowerCase();
    if (lower.startsWith("x-forwarded-") || FORWARDING_HEADERS.includes(lower)) return true;
  }
  return false;
}

/** True for a client on this machine that came straight here, by this machine's own name. */
export function isLoopback(request: FastifyRequest): boolean {
  if (!LOOPBACK.has(request.socket.remoteAddress ?? "")) return false;
  const host = request.headers.host;
  if (typeof host !== "string" || !LOCAL_HOST.test(host)) return false;
  return !forwarded(request.headers);
}
