/**
 * API-key authentication at the API's door. A route states the scope it needs; the key's organisation then
 * travels with the request so every store query can be limited to it. Scopes are roles, not ranks (store's
 * `scopeAllows`): every role reads; `write` prepares, `send` approves and starts, `admin` manages the sender
 * profile and domains, and none of them includes another.
 */
import type { FastifyRequest } from "fastify";
import { type ApiKey, type ApiKeyScope, scopeAllows } from "../store/index.ts";
import { ProblemError } from "./problems.ts";

/** Looks up the live key a presented secret belongs to. */
export type Authenticator = (secret: string) => Promise<ApiKey | undefined>;

declare module "fastify" {
  interface FastifyRequest {
    /** The key that authenticated this request, set by `requireScope`. */
    apiKey?: ApiKey;
  }
}

/** The bearer secret of the request, if it presents one. */
export function bearerSecret(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header !== "string") return undefined;
  const match = /^Bearer\s+(\S{1,200})\s*$/i.exec(header);
  return match?.[1];
}

/** The key of the request when it presents a valid one; undefined when it presents none; throws when invalid. */
export async function optionalKey(
  request: FastifyRequest,
  authenticate: Authenticator | undefined,
): Promise<ApiKey | undefined> {
  const secret = bearerSecret(request);
  if (secret === undefined) return undefined;
  const key = authenticate ? await authenticate(secret) : undefined;
  if (!key) throw new ProblemError("unauthorized", "The API key is not valid or has been revoked.");
  request.apiKey = key;
  return key;
}

/**
 * A hook that lets the request through only with a live key whose role allows `scope`. Routes use it as their
 * `onRequest` hook, so a request without a valid key is refused (401) before its body is read or validated.
 */
export function requireScope(scope: ApiKeyScope, authenticate: Authenticator | undefined) {
  return async (request: FastifyRequest): Promise<void> => {
    const key = await optionalKey(request, authenticate);
    if (!key)
      throw new ProblemError("unauthorized", "This request needs an API key: Authorization: Bearer <key>.");
    if (!scopeAllows(key.scope, scope)) {
      throw new ProblemError("forbidden", `This request needs a key with the "${scope}" scope.`);
    }
  };
}

/** OpenAPI: the security requirement for routes that need a key. */
export const BEARER_SECURITY = [{ apiKey: [] }];
export const SECURITY_SCHEMES = {
  apiKey: {
    type: "http",
    scheme: "bearer",
    description: "An organisation's API key (lwk_…), created by the operator with `lekwijzer apikey create`.",
  },
} as const;
