/** Routes only for someone at this machine (the outbox, metrics without a token). */
import type { FastifyRequest } from "fastify";

const LOOPBACK: ReadonlySet<string> = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);

/**
 * True for a client on this machine. Reads the socket's own address, never X-Forwarded-For or
 * `request.ip`: behind a trusted proxy those name the proxy's client, and a header can be forged.
 */
export function isLoopback(request: FastifyRequest): boolean {
  return LOOPBACK.has(request.socket.remoteAddress ?? "");
}
