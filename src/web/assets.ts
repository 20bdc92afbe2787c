/**
 * Stylesheets served from memory: the NL Design System component CSS from its npm package and our own theme.
 * Read once at start-up; served with a content hash ETag so browsers revalidate cheaply.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { FastifyInstance } from "fastify";

interface Asset {
  body: string;
  etag: string;
  type: string;
}

function asset(body: string, type: string): Asset {
  const etag = `"${createHash("sha256").update(body).digest("base64url").slice(0, 22)}"`;
  return { body, etag, type };
}

function loadAssets(): Map<string, Asset> {
  const require = createRequire(import.meta.url);
  const utrecht = readFileSync(require.resolve("@utrecht/component-library-css/dist/index.css"), "utf8");
  const theme = readFileSync(new URL("./assets/lekwijzer-theme.css", import.meta.url), "utf8");
  return new Map([
    ["utrecht.css", asset(utrecht, "text/css; charset=utf-8")],
    ["lekwijzer-theme.css", asset(theme, "text/css; charset=utf-8")],
  ]);
}

export async function assetRoutes(app: FastifyInstance): Promise<void> {
  const assets = loadAssets();
  app.get<{ Params: { name: string } }>(
    "/assets/:name",
    { schema: { hide: true, params: { type: "object", properties: { name: { type: "string" } } } } },
    async (request, reply) => {
      const found = assets.get(request.params.name);
      if (!found) return reply.callNotFound();
      reply.header("etag", found.etag).header("cache-control", "public, max-age=3600, must-revalidate");
      if (request.headers["if-none-match"] === found.etag) return reply.code(304).send();
      return reply.type(found.type).send(found.body);
    },
  );
}
