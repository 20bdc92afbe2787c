/**
 * Request deadlines per route. Node's own request timeout is one number for the whole server; here it is set
 * to the upload route's deadline (the largest victim file at a slow link), and every other route gets the
 * ordinary deadline from this hook: a body still arriving after `ms` gets 408 and the connection is closed,
 * as Node would have done. A route opts out with `config: { longUpload: true }`.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";

declare module "fastify" {
  interface FastifyContextConfig {
    /** The route takes large uploads under the server's upload deadline instead of the ordinary one. */
    longUpload?: boolean;
  }
}

const timers = new WeakMap<FastifyRequest, NodeJS.Timeout>();

/** The upload route's deadline: the largest upload at the slow rate, never less than the ordinary one. */
export function uploadDeadlineMs(
  uploadBytes: number,
  slowBytesPerSecond: number,
  ordinaryMs: number,
): number {
  return Math.max(ordinaryMs, Math.ceil((uploadBytes / slowBytesPerSecond) * 1000));
}

export function installRequestDeadline(app: FastifyInstance, ms: number): void {
  app.addHook("onRequest", async (request) => {
    if (request.routeOptions.config?.longUpload || request.raw.complete) return;
    const timer = setTimeout(() => {
      if (request.raw.complete) return;
      const socket = request.raw.socket;
      if (!socket.destroyed && socket.writable && !request.raw.socket.writableEnded)
        socket.end("HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
      socket.destroySoon();
    }, ms);
    timer.unref();
    timers.set(request, timer);
    request.raw.once("close", () => clearTimeout(timer));
  });
  app.addHook("onResponse", async (request) => {
    clearTimeout(timers.get(request));
  });
}
