import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { breachAdviceUrl } from "../src/messages/advice-link.ts";
import { buildServer, createRequestLogger } from "../src/web/index.ts";

const telecom = JSON.parse(
  readFileSync(resolve(import.meta.dirname, "../examples/telecom-crm-theft.json"), "utf8"),
) as { facts: Record<string, unknown> };

let app: FastifyInstance;
beforeAll(async () => {
  app = await buildServer({
    logger: createRequestLogger("silent"),
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

  it("makes a breach that endangers people high risk, says how to reach them, and declares the new fields", async () => {
    // Names and e-mail addresses only, to known recipients: low under ENISA, but the people are in hiding.
    const facts = {
      awareAt: "2026-09-20T18:00:00+02:00",
      nature: ["confidentiality"],
      malicious: false,
      recipients: "known",
      subjects: { count: 245 },
      data: [{ category: "name" }, { category: "email" }],
      physicalSafety: { reason: "interpreters hiding from a regime that persecutes them" },
    };
    const res = await app.inject({ method: "POST", url: "/api/v1/assessments?lang=en", payload: facts });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.risk).toBe("high");
    expect(body.obligations.notifySubjects).toBe(true);
    expect(body.safety).toEqual({
      reason: "interpreters hiding from a regime that persecutes them",
      subjects: null,
      exposed: true,
      routes: ["contact-person", "police", "other-address"],
    });
    const codes = body.reasons.map((r: { code: string }) => r.code);
    expect(codes).toEqual(expect.arrayContaining(["physical-safety", "safety-contact-route"]));
    const doc = (await app.inject({ method: "GET", url: "/api/v1/openapi.json" })).json();
    const operation = doc.paths["/assessments"].post;
    const body200 = operation.responses["200"].content["application/json"].schema;
    expect(body200.properties.safety).toBeDefined();
    const request = operation.requestBody.content["application/json"].schema;
    expect(Object.keys(request.properties)).toEqual(
      expect.arrayContaining(["physicalSafety", "adjustments"]),
    );
  });

  it("reports problems in the new fields with the parser's own paths", async () => {
    const facts = structuredClone(telecom.facts) as Record<string, unknown>;
    facts.physicalSafety = { reason: "", subject: 3 };
    facts.adjustments = [{ direction: "up", reason: "undercover officers", level: 5 }];
    const res = await app.inject({ method: "POST", url: "/api/v1/assessments", payload: facts });
    expect(res.statusCode).toBe(400);
    const problems = res.json().problems as { path: string; message: string }[];
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: "physicalSafety.reason", message: "must not be empty" },
        expect.objectContaining({
          path: "physicalSafety.subject",
          message: expect.stringContaining('"subjects"'),
        }),
        { path: "adjustments[0].level", message: "must be at most 4" },
      ]),
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
    expect(doc.servers[0].url).toMatch(/\/api\/v1$/);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/framework", "/assessments", "/action-plans"]),
    );
  });
});

describe("public pages", () => {
  const post = (url: string, payload: string) =>
    app.inject({
      method: "POST",
      url,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload,
    });

  it("turns ticked categories into a personal plan from a POSTed form, never from the address", async () => {
    const form = await app.inject({ method: "GET", url: "/wat-kunt-u-doen" });
    expect(form.body).toContain('<form class="utrecht-form" method="post" action="/wat-kunt-u-doen"');
    const res = await post("/wat-kunt-u-doen", "gegevens=name&gegevens=bsn&situatie=senior");
    expect(res.statusCode).toBe(200);
    expect(res.headers["cache-control"]).toBe("no-store");
    expect(res.body).toContain("<title>Uw stappenplan — Lekwijzer</title>");
    expect(res.body).toContain("U koos: Naam, Burgerservicenummer (BSN).");
    expect(res.body).not.toContain("Verander nu uw wachtwoord");
    // "Do this now" comes before the risks, and step numbers run on across the urgency groups.
    expect(res.body.indexOf("Wat kunt u doen?")).toBeLessThan(res.body.indexOf("Wat kan er gebeuren?"));
    const starts = [...res.body.matchAll(/<ol class="utrecht-ordered-list lw-steps" start="(\d+)">/g)].map(
      (m) => Number(m[1]),
    );
    expect(starts[0]).toBe(1);
    expect(starts.length).toBeGreaterThan(1);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(res.body).toContain('href="tel:0887867372"');
    const ignored = await app.inject({ method: "GET", url: "/wat-kunt-u-doen?gegevens=name&gegevens=bsn" });
    expect(ignored.statusCode).toBe(200);
    expect(ignored.body).not.toContain("U koos");
    expect(ignored.body).not.toContain(" checked");
  });

  it("names the problem at the field and in a focused summary, and says what to do", async () => {
    const none = await post("/en/wat-kunt-u-doen", "");
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain("<title>Error: What can you do after a data breach? — Lekwijzer</title>");
    expect(none.body).toContain('tabindex="-1" autofocus');
    expect(none.body).toContain(
      'href="#gegevens-name">Choose at least one kind of information that was leaked.</a>',
    );
    expect(none.body).toContain('id="gegevens-fout"><span class="lw-visually-hidden">Error: </span>');
    expect(none.body).toContain('aria-describedby="gegevens-hint gegevens-fout"');
    const unknown = await post("/wat-kunt-u-doen", "gegevens=email&gegevens=%3Cscript%3E&situatie=alien");
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain(
      "Deze keuze kennen wij niet. Kies een of meer soorten gegevens uit de lijst. (&quot;&lt;script&gt;&quot;)",
    );
    expect(unknown.body).toContain("Kies uit de lijst wat voor u geldt, of kies niets.");
    expect(unknown.body).toMatch(/<details class="lw-more" open>\s*<summary>Extra advies/);
    expect(unknown.body).toContain('value="email" aria-describedby="gegevens-email-hint" checked');
    expect(unknown.body).not.toContain("<script>");
  });

  it("opens the plan for a breach's data kinds from a letter link that names the breach, not the person", async () => {
    const res = await app.inject({
      method: "GET",
      url: "/wat-kunt-u-doen/datalek?datalek=Voorbeeld%20Telecom&gegevens=name,address,iban",
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain("Stappenplan na het datalek bij Voorbeeld Telecom");
    expect(res.body).toContain(
      "Bij dit datalek lekten deze gegevens: Naam, Adres, Bankrekeningnummer (IBAN).",
    );
    expect(res.body).toContain('value="iban" aria-describedby="gegevens-iban-hint" checked');
    expect(
      breachAdviceUrl(
        "https://lekwijzer.example/",
        { name: "Voorbeeld Telecom", categories: ["name", "iban"] },
        "en",
      ),
    ).toBe(
      "https://lekwijzer.example/en/wat-kunt-u-doen/datalek?datalek=Voorbeeld+Telecom&gegevens=name,iban",
    );
    expect(() =>
      breachAdviceUrl("https://x.example", { name: "Bel 0900 123 4567", categories: ["name"] }),
    ).toThrow();
    // The address a letter prints (spaces as +, commas as they are) opens the same plan.
    const printed = new URL(
      breachAdviceUrl("https://x.example", { name: "Voorbeeld Telecom BV", categories: ["name", "iban"] }),
    );
    const opened = await app.inject({ method: "GET", url: `${printed.pathname}${printed.search}` });
    expect(opened.statusCode).toBe(200);
    expect(opened.body).toContain("Stappenplan na het datalek bij Voorbeeld Telecom BV");
    expect(opened.body).toContain('value="iban" aria-describedby="gegevens-iban-hint" checked');
    // Phone numbers written the ways people write them, with spaces, dashes, dots or brackets.
    const phones = ["Bel 06 12 34 56 78", "Bel +31 6 1234 5678", "Bel 020-123 4567", "Bel (020) 12 34 567"];
    for (const name of phones) {
      expect(() => breachAdviceUrl("https://x.example", { name, categories: ["name"] }), name).toThrow();
    }
    // Short numbers in names are fine.
    expect(breachAdviceUrl("https://x.example", { name: "Lek 2 van 3", categories: ["name"] })).toContain(
      "datalek=Lek+2+van+3",
    );
    for (const bad of [
      "datalek=Bel%200900-1234567&gegevens=name",
      "datalek=Telecom&gegevens=nothing",
      ...phones.map((name) => `datalek=${encodeURIComponent(name)}&gegevens=name`),
    ]) {
      const rejected = await app.inject({ method: "GET", url: `/wat-kunt-u-doen/datalek?${bad}` });
      expect(rejected.statusCode, bad).toBe(400);
      expect(rejected.body).toContain("Deze link is niet compleet.");
    }
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
    // Every finding about a text says whose it is, so staff know whether they can fix it.
    const texts = (body.findings as { check: string; source?: string }[]).filter(
      (f) => f.check === "plain-language",
    );
    expect(texts.length).toBeGreaterThan(0);
    for (const f of texts) expect(["organisation", "override", "framework"]).toContain(f.source);
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
