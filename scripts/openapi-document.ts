/**
 * Prints the OpenAPI document the server publishes at /api/v1/openapi.json, without opening a database or a
 * port, so linters (Spectral with the NL API Design Rules) can check it in CI.
 * Usage: node scripts/openapi-document.ts [OUT_FILE]
 */
import { writeFileSync } from "node:fs";
import { buildServer, createRequestLogger } from "../src/web/index.ts";

const app = await buildServer({
  logger: createRequestLogger("silent"),
  publicUrl: process.env.PUBLIC_URL ?? "https://lekwijzer.example.org",
  ping: async () => {},
});
await app.ready();
const document = `${JSON.stringify(app.swagger(), null, 2)}\n`;
await app.close();
const out = process.argv[2];
if (out) writeFileSync(out, document);
else process.stdout.write(document);
