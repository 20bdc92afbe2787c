/** What the breach and import routes share: their options, and the context, prefix and key checks each route gets. */
import type { FastifyInstance } from "fastify";
import type { OperationContext } from "../../operations/index.ts";
import { type Authenticator, requireScope } from "../auth.ts";

export interface BreachApiOptions {
  authenticate: Authenticator | undefined;
  store: OperationContext;
  /** Largest victim file an upload may carry (default 2 GiB). */
  uploadBytes?: number;
  /** An upload that sends nothing for this long is given up (default 60 s). */
  uploadIdleMs?: number;
}

/** What every breach and import route gets: the operations' context, the prefix, the key checks. */
export interface RouteDeps {
  ctx: OperationContext;
  prefix: string;
  // Checked on arrival (onRequest), before the body is read or validated: without a key the answer is 401, never 400.
  read: ReturnType<typeof requireScope>;
  write: ReturnType<typeof requireScope>;
}

export function routeDeps(app: FastifyInstance, options: BreachApiOptions): RouteDeps {
  return {
    ctx: options.store,
    prefix: app.prefix,
    read: requireScope("read", options.authenticate),
    write: requireScope("write", options.authenticate),
  };
}
