/**
 * How the API door meets the application layer: the request's key becomes the actor, and an operation's
 * refusal becomes problem+json. Every /api/v1 route that calls an operation goes through these two, so the
 * mapping is written once.
 */
import type { FastifyRequest } from "fastify";
import { type Actor, keyActor, OperationProblem } from "../operations/index.ts";
import { ProblemError, type ProblemItem } from "./problems.ts";

/** The actor of a keyed request (its `onRequest` hook has already checked the key). */
export function requestActor(request: FastifyRequest): Actor {
  if (!request.apiKey) throw new ProblemError("unauthorized");
  return keyActor(request.apiKey);
}

/**
 * Runs an operation and turns its refusal into the matching problem. `problemPath` says where a named field
 * lives in the request (by default the body: `body.<path>`).
 */
export async function answer<T>(
  run: () => Promise<T>,
  problemPath: (path: string) => string = (path) => (path ? `body.${path}` : path),
): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof OperationProblem)) throw error;
    if (error.code === "not-found") throw new ProblemError("not-found", error.message);
    if (error.code === "conflict") throw new ProblemError("conflict", error.message);
    if (error.code === "forbidden") throw new ProblemError("forbidden", error.message);
    if (error.code === "unavailable") throw new ProblemError("not-ready", error.message);
    const problems: ProblemItem[] = error.problems.map((p) => ({
      path: problemPath(p.path),
      message: p.message,
    }));
    throw new ProblemError("validation-failed", error.message, problems);
  }
}
