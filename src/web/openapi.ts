/**
 * Building blocks for route schemas that follow the NL API Design Rules: every success response declares the
 * `API-Version` header, every error response is `application/problem+json` with `status`, `title` and `detail`.
 * Route modules compose their `response` maps from these so the published document stays lint-clean.
 */

import { BEARER_SECURITY } from "./auth.ts";
import { PROBLEMS, type ProblemCode } from "./problems.ts";

/** The full version of the API, sent in every API response's `API-Version` header (ADR "API-57"). */
export const API_VERSION = "1.0.0";
export const API_MAJOR = `v${API_VERSION.split(".")[0]}`;
/** Where the API lives; the OpenAPI server URL carries it, the paths do not. */
export const API_PREFIX = `/api/${API_MAJOR}`;

const apiVersionHeader = {
  "API-Version": { type: "string", description: "The full version of the API that answered, e.g. 1.0.0" },
} as const;

/** The problem+json body (RFC 9457) every error response carries. */
export const problemSchema = {
  type: "object",
  required: ["type", "title", "status", "detail"],
  properties: {
    type: { type: "string", description: "Stable problem type: /problems/<code>" },
    title: { type: "string" },
    status: { type: "integer" },
    detail: { type: "string" },
    instance: { type: "string" },
    requestId: { type: "string" },
    problems: {
      type: "array",
      description: "For invalid input: every problem, each naming the field it is about",
      items: {
        type: "object",
        required: ["path", "message"],
        properties: { path: { type: "string" }, message: { type: "string" } },
      },
    },
  },
} as const;

type JsonSchema = Record<string, unknown>;

/** A success response: its body schema under `contentType`, with the `API-Version` header declared. */
export function success(description: string, schema: JsonSchema, contentType = "application/json") {
  return { description, headers: apiVersionHeader, content: { [contentType]: { schema } } };
}

/** A success response without a body (304, 204). */
export function emptySuccess(description: string) {
  return { description, headers: apiVersionHeader, type: "null" };
}

/** Error responses for the given problem codes, each as problem+json. */
export function problemResponses(...codes: ProblemCode[]): Record<number, unknown> {
  const responses: Record<number, unknown> = {};
  for (const code of codes) {
    const entry = PROBLEMS[code];
    const existing = responses[entry.status] as { description: string } | undefined;
    responses[entry.status] = {
      description: existing ? `${existing.description}; ${entry.title}` : entry.title,
      content: { "application/problem+json": { schema: problemSchema } },
    };
  }
  return responses;
}

/** The errors any API route can answer with, besides its own. */
export const COMMON_PROBLEMS: readonly ProblemCode[] = ["bad-request", "too-many-requests", "internal"];

/**
 * The documentation of a keyed route that acts on an organisation's resource through an operation: its
 * successes, and every refusal an operation can give (invalid, no key, wrong scope, not found, wrong state).
 */
export function keyedOperationSchema(tag: string, successes: Record<number, unknown> = {}) {
  return {
    security: BEARER_SECURITY,
    tags: [tag],
    response: {
      ...successes,
      ...problemResponses(
        "validation-failed",
        "unauthorized",
        "forbidden",
        "not-found",
        "conflict",
        ...COMMON_PROBLEMS,
      ),
    },
  };
}

/**
 * The query and answers of a route that exports a tagged PDF in Dutch or English (`?lang=en`): the evidence
 * report, a regulator notice, a controller notice. Spread into the route's schema beside its summary, tags and params.
 */
export function pdfExportSchema(what: string) {
  return {
    querystring: {
      type: "object",
      additionalProperties: false,
      properties: { lang: { type: "string", enum: ["nl", "en"] } },
    },
    response: {
      200: success(what, { type: "string", format: "binary" }, "application/pdf"),
      ...problemResponses("validation-failed", "unauthorized", "forbidden", "not-found", ...COMMON_PROBLEMS),
    },
  } as const;
}
