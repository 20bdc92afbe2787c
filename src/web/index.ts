/**
 * The web part: the HTTP server with its JSON API (`/api/v1`, OpenAPI) and server-rendered pages.
 * Pages work without JavaScript and use NL Design System (Utrecht) components with Lekwijzer's own tokens.
 */

export { createRequestLogger } from "./logging.ts";
export { buildServer } from "./server.ts";
