/** Liveness and readiness for load balancers and orchestrators. */
import type { FastifyInstance } from "fastify";
import { ProblemError } from "../problems.ts";

const statusSchema = {
  type: "object",
  properties: { status: { type: "string", enum: ["ok"] } },
  required: ["status"],
} as const;

export async function systemRoutes(app: FastifyInstance, options: { ping(): Promise<void> }): Promise<void> {
  app.get(
    "/health",
    {
      schema: {
        hide: true,
        summary: "Liveness: the process is up",
        response: { 200: statusSchema },
      },
    },
    async () => ({ status: "ok" as const }),
  );

  app.get(
    "/ready",
    {
      schema: {
        hide: true,
        summary: "Readiness: the database answers",
        response: { 200: statusSchema },
      },
    },
    async (request) => {
      try {
        await options.ping();
      } catch (error) {
        request.log.warn({ err: { type: (error as Error).name } }, "database not reachable");
        throw new ProblemError("not-ready", "The database does not answer.");
      }
      return { status: "ok" as const };
    },
  );
}
