/**
 * The web part: the HTTP server with its JSON API (`/api/v1`, OpenAPI) and server-rendered pages.
 * Pages work without JavaScript and use NL Design System (Utrecht) components with Lekwijzer's own tokens.
 */

export type { OutboxEntry, OutboxReader } from "./areas/outbox.ts";
export { createLogger } from "./logging.ts";
export { PROBLEMS, type ProblemCode, ProblemError, problem } from "./problems.ts";
export {
  buildServer,
  listRoutes,
  type RouteEntry,
  SERVER_LIMITS,
  type ServerDependencies,
} from "./server.ts";
