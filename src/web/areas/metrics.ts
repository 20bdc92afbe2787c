/**
 * `GET /metrics` for Prometheus: queue depth, deliveries by status and channel, send rate, failures,
 * deferrals per domain group and campaigns, read from the database at scrape time (see delivery's
 * db-metrics.ts). With a token configured a scraper must send `Authorization: Bearer <token>`; without
 * one only clients on this machine are answered. Everyone else gets 404, as if there were no such page.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { createDatabaseMetrics } from "../../delivery/index.ts";
import type { Executor } from "../../store/index.ts";
import { isLoopback } from "../loopback.ts";

export interface MetricsAreaOptions {
  db: Executor;
  /** METRICS_TOKEN: required as a bearer token when set. */
  token?: string;
  /** pg-boss schema (default `pgboss`). */
  queueSchema?: string;
}

const digest = (value: string) => createHash("sha256").update(value).digest();

function hasToken(request: FastifyRequest, token: string): boolean {
  const header = request.headers.authorization ?? "";
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  // Compared as digests, so the time taken says nothing about the token's length or content.
  return match?.[1] !== undefined && timingSafeEqual(digest(match[1]), digest(token));
}

export async function metricsArea(app: FastifyInstance, options: MetricsAreaOptions): Promise<void> {
  const metrics = createDatabaseMetrics({
    db: options.db,
    ...(options.queueSchema ? { queueSchema: options.queueSchema } : {}),
  });
  const { token } = options;
  app.get("/metrics", { schema: { hide: true } }, async (request, reply) => {
    const allowed = token ? hasToken(request, token) : isLoopback(request);
    if (!allowed) return reply.callNotFound();
    const text = await metrics.render();
    return reply.header("cache-control", "no-store").type(metrics.contentType).send(text);
  });
}
