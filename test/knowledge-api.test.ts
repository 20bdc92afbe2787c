import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildServer, createLogger } from "../src/web/index.ts";

const telecom = JSON.parse(
  readFileSync(resolve(import.meta.dirname, "../examples/telecom-crm-theft.json"), "utf8"),
) as { facts: Record<string, unknown> };

let app: FastifyInstance;
beforeAll(async () => {
  app = await buildServer({
    logger: createLogger("silent"),
    publicUrl: "http://localhost:3000",
    ping: async () => {},
  });
});
afterAll(async () => app.close());

describe("POST /api/v1/assessments", () => {
  it("assesses breach facts as the contract describes", async () => {
    const res = await app.inject({ method: "POST", url: "/api/v1/assessments", payload: telecom.facts });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.risk).toBe("high");
    expect(body.largeBreach).toBe(true);
    expect(body.obligations.authorityDeadline).toBe("2026-02-13T14:00:00+01:00");
    expect(body.reasons.length).toBeGreaterThan(0);
    expect(body.reasons[0]).toEqual(
      expect.objectContaining({ code: expect.any(String), text: expect.any(String) }),
    );
  });

  it("shows the edges of the decision: a sensitivity list and the borderline flag", async () => {
    // Two ordinary invoices sent to the wrong known customers: documenting is enough, and the answer turns on
    // the number of people and on the recipients.
    const facts = {
      awareAt: "2026-09-15T10:30:00+02:00",
      nature: ["confidentiality"],
      malicious: false,
      recipients: "known",
      subjects: { count: 2 },
      data: [{ category: "name" }, { category: "address" }, { category: "purchase-history" }],
    };
    const res = await app.inject({ method: "POST", url: "/api/v1/assessments?lang=en", payload: facts });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.obligations.notifyAuthority).toBe(false);
    expect(body.borderline).toBe(false);
    expect(body.sensitivity).toContainEqual({
      obligation: "notifyAuthority",
      becomes: true,
      change: { path: "subjects.count", from: 2, to: 51 },
      judgement: false,
      text: "If 51 people had been affected, notifying the Dutch Data Protection Authority would be required.",
    });
    expect(body.sensitivity).toContainEqual(
      expect.objectContaining({
        change: { path: "recipients", from: "known", to: "unknown" },
        becomes: true,
      }),
    );
  });

  it("rejects a huge unknown category name at once, without echoing it", async () => {
    const facts = structuredClone(telecom.facts) as Record<string, unknown>;
    facts.data = [{ category: `emial${"x".repeat(500_000)}` }];
    const res = await app.inject({ method: "POST", url: "/api/v1/assessments", payload: facts });
    expect(res.statusCode).toBe(400);
    expect(res.body.length).toBeLessThan(2000);
    expect(res.json().problems[0]).toMatchObject({ path: "data[0].category" });
  });

  it("gives the reasons in English on request", async () => {
    const nl = (
      await app.inject({ method: "POST", url: "/api/v1/assessments", payload: telecom.facts })
    ).json();
    const en = (
      await app.inject({ method: "POST", url: "/api/v1/assessments?lang=en", payload: telecom.facts })
    ).json();
    expect(en.reasons.map((r: { code: string }) => r.code)).toEqual(
      nl.reasons.map((r: { code: string }) => r.code),
    );
    expect(en.reasons[0].text).not.toBe(nl.reasons[0].text);
  });

  it("lists every problem with its path, and suggests the nearest category", async () => {
    const facts = structuredClone(telecom.facts) as Record<string, unknown> & {
      data: { category: string }[];
    };
    facts.data[2] = { category: "emial" };
    delete facts.awareAt;
    const res = await app.inject({ method: "POST", url: "/api/v1/assessments", payload: facts });
    expect(res.statusCode).toBe(400);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
    const body = res.json();
    expect(body.type).toBe("/problems/validation-failed");
    const paths = body.problems.map((p: { path: string }) => p.path);
    expect(paths).toEqual(expect.arrayContaining(["awareAt", "data[2].category"]));
    const category = body.problems.find((p: { path: string }) => p.path === "data[2].category");
    expect(category.message).toContain('"email"');
  });
});

describe("POST /api/v1/action-plans", () => {
  it("returns only the steps the person's data justifies", async () => {
    const res = await app.inject({
      method: "POST",
      url: "/api/v1/action-plans",
      payload: {
        breach: telecom.facts,
        victim: { categories: ["email", "password"], flags: [], language: "en" },
      },
    });
    expect(res.statusCode).toBe(200);
    const plan = res.json();
    const ids = plan.steps.map((s: { id: string }) => s.id);
    expect(ids).toContain("change-passwords");
    expect(ids).not.toContain("report-id-document");
    expect(plan.steps[0].priority).toBe("now");
    expect(plan.channels.length).toBeGreaterThan(0);
  });

  it("rejects an unknown flag with its path", async () => {
    const res = await app.inject({
      method: "POST",
      url: "/api/v1/action-plans",
      payload: { breach: telecom.facts, victim: { categories: ["email"], flags: ["pensioner"] } },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().problems[0].path).toBe("victim.flags[0]");
  });
});

describe("GET /api/v1/framework", () => {
  it("serves the framework as versioned open data with an ETag", async () => {
    const res = await app.inject({ method: "GET", url: "/api/v1/framework" });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.version).toMatch(/^\d{4}\.\d+$/);
    expect(body.categories.map((c: { id: string }) => c.id)).toContain("bsn");
    expect(
      body.helpOrganisations.every((o: { source: string; checkedAt: string }) => o.source && o.checkedAt),
    ).toBe(true);
    expect(res.headers["cache-control"]).toContain("max-age");
    const etag = res.headers.etag;
    expect(etag).toBeTruthy();
    const again = await app.inject({
      method: "GET",
      url: "/api/v1/framework",
      headers: { "if-none-match": String(etag) },
    });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe("");
  });

  it("describes the knowledge routes in the OpenAPI document", async () => {
    const doc = (await app.inject({ method: "GET", url: "/api/v1/openapi.json" })).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/api/v1/framework", "/api/v1/assessments", "/api/v1/action-plans"]),
    );
  });
});

describe("public pages", () => {
  it("turns ticked categories into a personal plan without JavaScript", async () => {
    const res = await app.inject({
      method: "GET",
      url: "/wat-kunt-u-doen?toon=1&gegevens=name&gegevens=bsn",
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('id="stappenplan"');
    expect(res.body).toContain('value="bsn" aria-describedby="gegevens-bsn-hint" checked');
    expect(res.body).not.toContain("Verander nu uw wachtwoord");
  });

  it("names the problem when nothing or something unknown was chosen", async () => {
    const none = await app.inject({ method: "GET", url: "/en/wat-kunt-u-doen?toon=1" });
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain("Choose at least one kind of data that leaked.");
    const unknown = await app.inject({
      method: "GET",
      url: "/wat-kunt-u-doen?gegevens=email&gegevens=%3Cscript%3E",
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain("Deze keuze kennen wij niet: &quot;&lt;script&gt;&quot;");
    expect(unknown.body).not.toContain("<script>");
  });

  it("lists every help organisation with a dialable number", async () => {
    const res = await app.inject({ method: "GET", url: "/hulp" });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain("Fraudehelpdesk");
    expect(res.body).toContain('href="tel:0887867372"');
  });

  it("shows organisations every required element with its template text", async () => {
    const res = await app.inject({ method: "GET", url: "/en/handelingskader" });
    expect(res.statusCode).toBe(200);
    const framework = (await app.inject({ method: "GET", url: "/api/v1/framework" })).json();
    for (const element of framework.elements as { title: { en: string } }[]) {
      expect(res.body).toContain(element.title.en.replace(/'/g, "&#39;"));
    }
  });

  it("explains the sensitivity list and the borderline flag in both languages", async () => {
    const en = (await app.inject({ method: "GET", url: "/en/handelingskader" })).body;
    expect(en).toContain("How firm is the outcome?");
    expect(en).toContain("borderline");
    const nl = (await app.inject({ method: "GET", url: "/handelingskader" })).body;
    expect(nl).toContain("Hoe vast staat de uitkomst?");
    expect(nl).toContain("judgement: true");
  });
});

describe("POST /api/v1/message-previews", () => {
  it("renders every channel for a given breach and victim, with the check results", async () => {
    const res = await app.inject({
      method: "POST",
      url: "/api/v1/message-previews",
      payload: {
        facts: telecom.facts,
        recipient: {
          id: "K-1",
          name: "Zoë <script>alert(1)</script>",
          email: "zoe@example.org",
          address: { street: "Dorpsstraat", houseNumber: "1", postcode: "1234 AB", city: "Utrecht" },
          language: "nl",
          categories: ["email", "password"],
          flags: [],
        },
      },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.subject).toMatch(/gelekt|datalek/i);
    expect(body.email.eml).toMatch(/^Message-ID: /m);
    expect(body.email.html).not.toContain("<script>alert(1)</script>");
    expect(body.sms.segments).toBeLessThanOrEqual(3);
    expect(Buffer.from(body.letter.pdfBase64, "base64").subarray(0, 5).toString()).toBe("%PDF-");
    expect(body.portalHtml).toContain("utrecht-heading");
    expect(body.sendable).toBe(true);
    expect(body.email.text).toMatch(/wachtwoord/i);
  });

  it("names invalid facts with their path", async () => {
    const res = await app.inject({
      method: "POST",
      url: "/api/v1/message-previews",
      payload: { facts: { awareAt: "x" }, kind: "first-notice" },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().problems.map((p: { path: string }) => p.path)).toContain("body.facts.awareAt");
    const kind = await app.inject({
      method: "POST",
      url: "/api/v1/message-previews",
      payload: { kind: "reminder" },
    });
    expect(kind.statusCode).toBe(400);
    expect(kind.json().problems[0].path).toBe("body.kind");
  });
});
