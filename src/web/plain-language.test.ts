import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkPlainLanguage } from "../framework/index.ts";
import { createRequestLogger } from "./logging.ts";
import { buildServer } from "./server.ts";

let app: FastifyInstance;
beforeAll(async () => {
  app = await buildServer({
    logger: createRequestLogger("silent"),
    publicUrl: "http://localhost:3000",
    ping: async () => {},
  });
});
afterAll(async () => app.close());

const BLOCK = /<\/?(p|li|h[1-6]|label|legend|summary|div|ul|ol|section|fieldset|details|td|th)\b[^>]*>/g;

/** The visible text of <main>, one entry per block (paragraph, list item, heading, label…), nested ones apart. */
function visibleTexts(page: string): string[] {
  const main = page.slice(page.indexOf("<main"), page.indexOf("</main>"));
  return main
    .replace(BLOCK, "\n")
    .replace(/<[^>]+>/g, " ")
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&")
    .split("\n")
    .map((text) => text.replace(/\s+/g, " ").trim())
    .filter((text) => text.length > 0);
}

const PAGES: { name: string; method: "GET" | "POST"; url: string; payload?: string }[] = [
  { name: "home", method: "GET", url: "/" },
  { name: "advice form", method: "GET", url: "/wat-kunt-u-doen" },
  {
    name: "a plan",
    method: "POST",
    url: "/wat-kunt-u-doen",
    payload: "gegevens=email&gegevens=iban&gegevens=bsn&gegevens=phone&gegevens=photo&situatie=senior",
  },
  {
    name: "a plan for sensitive data and a shielded address",
    method: "POST",
    url: "/wat-kunt-u-doen",
    payload:
      "gegevens=health&gegevens=address&gegevens=id-document-copy&gegevens=id-document-number&gegevens=password&situatie=shielded-address&situatie=represented",
  },
  {
    name: "a breach's plan",
    method: "GET",
    url: "/wat-kunt-u-doen/datalek?datalek=Voorbeeld&gegevens=name,iban",
  },
  { name: "help", method: "GET", url: "/hulp" },
];

describe("victim-facing pages in plain Dutch (B1)", () => {
  for (const entry of PAGES) {
    it(`${entry.name} has no blocking plain-language findings and no "in dit bericht"`, async () => {
      const res = await app.inject({
        method: entry.method,
        url: entry.url,
        payload: entry.payload,
        headers: entry.payload ? { "content-type": "application/x-www-form-urlencoded" } : {},
      });
      expect(res.statusCode).toBe(200);
      const texts = visibleTexts(res.body);
      expect(texts.length).toBeGreaterThan(3);
      const blocking = texts.flatMap((text) =>
        checkPlainLanguage(text, { language: "nl" })
          .findings.filter((finding) => finding.severity === "block")
          .map((finding) => `${finding.message} — "${text.slice(0, 80)}"`),
      );
      expect(blocking).toEqual([]);
      // A page is not a message: texts must not point at one.
      expect(texts.filter((text) => /in dit bericht/i.test(text))).toEqual([]);
    });
  }
});
