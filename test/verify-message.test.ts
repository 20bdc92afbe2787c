/**
 * "Is dit bericht echt?" through the real server and a real database: a message sent with a known
 * verification code checks as genuine (masked details, both languages, however the code is typed), a made-up
 * code gets the phishing advice with the same status, and the page refuses cross-site posts, is never cached,
 * limits look-ups and never puts a code in a URL or a log line.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateCode } from "../src/core/codes.ts";
import { checkPlainLanguage } from "../src/framework/plain-language.ts";
import { engineCases, openTestDatabase, type TestDatabase } from "../src/store/testing.ts";
import { sendMessages } from "./support/sent-messages.ts";
import { startTestServer, type TestServer } from "./support/server.ts";

async function post(server: TestServer, path: string, code: string, headers: Record<string, string> = {}) {
  return fetch(`${server.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams({ code }).toString(),
    redirect: "manual",
  });
}

for (const engine of engineCases()) {
  describe(`is this message genuine? on ${engine}`, () => {
    let db: TestDatabase;
    let server: TestServer;
    let codes: Record<"email" | "sms" | "letter", string>;

    beforeAll(async () => {
      db = await openTestDatabase(engine);
      codes = await sendMessages(db);
      server = await startTestServer({
        extra: {
          store: { db: db.db, keys: db.keys },
          verifyLimits: { perNetwork: { max: 1000, windowMs: 60_000 } },
        },
      });
    });

    afterAll(async () => {
      await server?.close();
      await db?.close();
    });

    it("shows an empty form in both languages, never cached", async () => {
      for (const [path, heading] of [
        ["/echt", "Is dit bericht echt?"],
        ["/en/echt", "Is this message genuine?"],
      ] as const) {
        const response = await fetch(`${server.url}${path}`);
        expect(response.status).toBe(200);
        expect(response.headers.get("cache-control")).toBe("no-store");
        const body = await response.text();
        expect(body).toContain(`<h1 class="utrecht-heading-1">${heading}</h1>`);
        expect(body).toContain(`method="post" action="${path}"`);
      }
    });

    it("knows a sent code: when, how, from whom, to a masked address, in Dutch and English", async () => {
      const dutch = await post(server, "/echt", codes.email);
      expect(dutch.status).toBe(200);
      expect(dutch.headers.get("cache-control")).toBe("no-store");
      expect(dutch.url).not.toContain(codes.email);
      const nl = await dutch.text();
      expect(nl).toContain("Dit bericht is echt");
      expect(nl).toContain("1 december 2026");
      expect(nl).toContain("e-mail");
      expect(nl).toContain("Voorbeeld Telecom");
      expect(nl).toContain("j***@g***.nl");
      expect(nl).toContain("Klantgegevens gestolen");
      expect(nl).not.toContain("jan@gmail.nl");

      const en = await (await post(server, "/en/echt", codes.sms)).text();
      expect(en).toContain("This message is genuine");
      expect(en).toContain("1 December 2026");
      expect(en).toContain("text message (SMS)");
      expect(en).toContain("+31 6 ****** 78");
      expect(en).not.toContain("12345678");
      // The breach's title is the organisation's Dutch text: the English page names the breach in English.
      expect(en).toContain("Data breach at Voorbeeld Telecom");
      expect(en).not.toContain("Klantgegevens gestolen");

      const letter = await (await post(server, "/echt", codes.letter)).text();
      expect(letter).toContain("brief");
      expect(letter).toContain("4321 **");
      expect(letter).not.toContain("Dorpsweg");
    });

    it("finds a code however it was typed: lower case, spaces instead of dashes, no separators", async () => {
      const variants = [
        codes.email.toLowerCase(),
        codes.email.replaceAll("-", " "),
        ` ${codes.email.replaceAll("-", "")} `,
      ];
      for (const variant of variants) {
        const body = await (await post(server, "/echt", variant)).text();
        expect(body, variant).toContain("j***@g***.nl");
      }
    });

    it("calls an unknown code probably phishing, with the same status as a known one", async () => {
      const unknown = await post(server, "/echt", generateCode());
      expect(unknown.status).toBe(200);
      const body = await unknown.text();
      expect(body).toContain("Wij kennen deze code niet");
      expect(body).toContain("Klik niet op links");
      expect(body).toContain('href="/hulp"');
      const mistyped = codes.email.slice(0, -1) + (codes.email.endsWith("2") ? "3" : "2");
      const typo = await (await post(server, "/en/echt", mistyped)).text();
      expect(typo).toContain("We do not know this code");
      expect(typo).toContain("typing error");
      const withO = await (await post(server, "/echt", `O${codes.email.slice(1)}`)).text();
      expect(withO).toContain("tikfout");
      const short = await (await post(server, "/echt", "ABCD")).text();
      expect(short).toContain("Wij kennen deze code niet");
      expect(short).not.toContain("tikfout");
    });

    it("asks for a code when none was typed", async () => {
      const response = await post(server, "/echt", "  ");
      expect(response.status).toBe(400);
      expect(await response.text()).toContain("Vul de controlecode uit het bericht in.");
    });

    it("refuses a post another website made", async () => {
      const bySite = await post(server, "/echt", codes.email, { "sec-fetch-site": "cross-site" });
      expect(bySite.status).toBe(403);
      expect(await bySite.text()).not.toContain("j***@g***.nl");
      const byOrigin = await post(server, "/echt", codes.email, { origin: "https://evil.example" });
      expect(byOrigin.status).toBe(403);
      const sameSite = await post(server, "/echt", codes.email, { "sec-fetch-site": "same-origin" });
      expect(sameSite.status).toBe(200);
    });

    it("limits look-ups of one code, with a polite page that says when to try again", async () => {
      const code = generateCode();
      for (let i = 0; i < 10; i++) expect((await post(server, "/echt", code)).status).toBe(200);
      const limited = await post(server, "/en/echt", code.toLowerCase());
      expect(limited.status).toBe(429);
      expect(limited.headers.get("retry-after")).toMatch(/^\d+$/);
      const body = await limited.text();
      expect(body).toContain("Please wait");
      expect(body).toMatch(/try again in \d+ minutes/);
      // Another code from the same network is still answered.
      expect((await post(server, "/echt", codes.sms)).status).toBe(200);
    });

    it("speaks plain Dutch (B1) on the form and both answers", async () => {
      const pages = [
        await (await fetch(`${server.url}/echt`)).text(),
        await (await post(server, "/echt", codes.letter)).text(),
        await (await post(server, "/echt", generateCode())).text(),
      ];
      for (const page of pages) {
        const main = page.slice(page.indexOf("<main"), page.indexOf("</main>"));
        const texts = main
          .replace(/<\/?(p|li|h[1-6]|label|div|ol|ul)\b[^>]*>/g, "\n")
          .replace(/<[^>]+>/g, " ")
          .split("\n")
          .map((text) => text.replace(/\s+/g, " ").trim())
          .filter((text) => text.length > 0);
        expect(texts.length).toBeGreaterThan(3);
        const blocking = texts.flatMap((text) =>
          checkPlainLanguage(text, { language: "nl" })
            .findings.filter((finding) => finding.severity === "block")
            .map((finding) => `${finding.message} — "${text}"`),
        );
        expect(blocking).toEqual([]);
      }
    });

    it("writes no code and no address to the log", () => {
      const logs = server.logs.join("\n");
      for (const code of Object.values(codes)) {
        expect(logs).not.toContain(code);
        expect(logs).not.toContain(code.replaceAll("-", ""));
      }
      expect(logs).not.toContain("jan@gmail.nl");
      expect(logs).toContain("/echt");
    });
  });
}

describe("is this message genuine? per network", () => {
  it("limits one network across codes", { timeout: 120_000 }, async () => {
    const db = await openTestDatabase("pglite");
    const server = await startTestServer({
      extra: {
        store: { db: db.db, keys: db.keys },
        verifyLimits: { perNetwork: { max: 3, windowMs: 60_000 } },
      },
    });
    try {
      for (let i = 0; i < 3; i++) expect((await post(server, "/echt", generateCode())).status).toBe(200);
      const limited = await post(server, "/echt", generateCode());
      expect(limited.status).toBe(429);
      expect(await limited.text()).toMatch(/Probeer het over \d+ minuten opnieuw/);
    } finally {
      await server.close();
      await db.close();
    }
  });
});

for (const engine of engineCases()) {
  describe(`is this message genuine? across server processes on ${engine}`, () => {
    it("counts codes that found nothing across every server sharing the database, then refuses all", async () => {
      const db = await openTestDatabase(engine);
      const codes = await sendMessages(db);
      // Each server's own count of look-ups is generous; the shared count of misses is 3.
      const limits = {
        perNetwork: { max: 1000, windowMs: 60_000 },
        missesPerNetwork: { max: 3, windowMs: 60_000 },
      };
      const servers = [
        await startTestServer({ extra: { store: { db: db.db, keys: db.keys }, verifyLimits: limits } }),
        await startTestServer({ extra: { store: { db: db.db, keys: db.keys }, verifyLimits: limits } }),
      ];
      try {
        // One network guessing through two servers in turn: each server alone would answer 3.
        const statuses: number[] = [];
        for (let i = 0; i < 8; i++)
          statuses.push((await post(servers[i % 2] as TestServer, "/echt", generateCode())).status);
        // 3 from the shared budget, then one more per server until it learns the budget is spent.
        expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
        // Now even a genuine code gets no answer from this network, on either server, so a 429 says nothing
        // about whether a guess was right.
        for (const server of servers) expect((await post(server, "/echt", codes.email)).status).toBe(429);
      } finally {
        for (const server of servers) await server.close();
        await db.close();
      }
    });
  });
}
