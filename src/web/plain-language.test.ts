import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkPlainLanguage } from "../framework/index.ts";
import { createLogger } from "./logging.ts";
import { buildServer } from "./server.ts";

let app: FastifyInstance;
beforeAll(async () => {
  app = await buildServer({
    logger: createLogger("silent"),
    publicUrl: "http://localhost:3000",
    ping: async () => {},
  });
});
afterAll(async () => app.close());

/** The visible text of each paragraph, list item and heading in <main>, one per entry. */
function visibleTexts(page: string): string[] {
  const main = page.slice(page.indexOf("<main"), page.indexOf("</main>"));
  return [...main.matchAll(/<(p|li|h[1-4]|label|legend|summary)\b[^>]*>([\s\S]*?)<\/\1>/g)]
    .map((match) =>
      (match[2] ?? "")
        .replace(/<[^>]+>/g, " ")
        .replace(/&#39;/g, "'")
        .replace(/&quot;/g, '"')
        .replace(/&amp;/g, "&"),
    )
    .map((text) => text.replace(/\s+/g, " ").trim())
    .filter((text) => text.length > 0);
}

describe("victim-facing pages in plain Dutch (B1)", () => {
  for (const path of [
    "/",
    "/wat-kunt-u-doen",
    "/wat-kunt-u-doen?gegevens=email&gegevens=iban&gegevens=bsn&situatie=senior",
    "/hulp",
  ]) {
    it(`${path} has no blocking plain-language findings`, async () => {
      const res = await app.inject({ method: "GET", url: path });
      expect(res.statusCode).toBe(200);
      const texts = visibleTexts(res.body);
      expect(texts.length).toBeGreaterThan(3);
      const blocking = texts.flatMap((text) =>
        checkPlainLanguage(text, { language: "nl" })
          .findings.filter((finding) => finding.severity === "block")
          .map((finding) => `${finding.message} — "${text.slice(0, 80)}"`),
      );
      expect(blocking).toEqual([]);
    });
  }
});
