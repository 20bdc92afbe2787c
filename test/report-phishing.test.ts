/**
 * "Ik kreeg een verdacht bericht" end to end on a real server and database: a report made on a published
 * breach's page is stored scrubbed (the reporter's data gone, the sender kept), without the reporter's address,
 * and shows up for the organisation's key in the list, the trend (phrases only from 3 reports on) and the
 * CSV/JSON export (formula cells neutralised, audit-logged); a screenshot is taken only as PNG/JPEG and loses
 * its metadata; another organisation's key sees nothing (404); unknown and draft breaches are the same 404;
 * cross-site posts are refused; the limits hold; a published warning shows on the form and is an update.
 */

import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkPlainLanguage } from "../src/framework/plain-language.ts";
import { apiKeys, audit, breaches, organisations, retention } from "../src/store/index.ts";
import { engineCases, openTestDatabase, type TestDatabase } from "../src/store/testing.ts";
import { createPublishedBreach } from "./support/published-breach.ts";
import { startTestServer, type TestServer } from "./support/server.ts";

// biome-ignore lint/suspicious/noExplicitAny: the answers are checked field by field below
const json = async (response: Response): Promise<any> => response.json();

const today = () => {
  const now = new Date();
  return `${now.getDate()}-${now.getMonth() + 1}-${now.getFullYear()}`;
};

const FORM = {
  channel: "sms",
  sender: "+31 6 98765432",
  receivedOn: today(),
  receivedTime: "09:15",
  text:
    "Beste Jan Jansen, uw pakket ligt klaar. Betaal de verzendkosten via https://pakket-voorbeeld.example/betaal " +
    "of bel +31 6 98765432. Uw nummer 06-12345678 en adres Dorpsweg 12, 1234 AB staan bij ons. Mail jan@gmail.nl.",
};

/** A 1×1 PNG with a tEXt chunk holding a "location". */
function pngWithText(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    return Buffer.concat([length, Buffer.from(type, "latin1"), data, Buffer.alloc(4)]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(1, 0);
  header.writeUInt32BE(1, 4);
  header[8] = 8;
  header[9] = 2;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("tEXt", Buffer.from("Location\u0000Dorpsweg 12 Ergens", "latin1")),
    chunk("IDAT", Buffer.from([0x78, 0x9c, 0x63, 0x60, 0x60, 0x60, 0x00, 0x00, 0x00, 0x04, 0x00, 0x01])),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

describe.each(engineCases())("suspicious-message reports on %s", (engine) => {
  let db: TestDatabase;
  let server: TestServer;
  const secrets: Record<string, string> = {};
  const breachOf: Record<string, string> = {};

  beforeAll(async () => {
    db = await openTestDatabase(engine);
    for (const slug of ["rep-a", "rep-b"]) {
      const organisation = await organisations.create(db.db, { slug, name: `Organisatie ${slug}` });
      breachOf[slug] = (
        await createPublishedBreach(db.db, {
          organisationId: organisation.id,
          slug: `${slug}-lek`,
          title: "Lek",
          facts: { awareAt: "2026-11-01T10:00:00Z" },
          status: "notifying",
        })
      ).id;
      for (const scope of ["read", "write"] as const) {
        const { secret } = await apiKeys.create(db.db, {
          organisationId: organisation.id,
          scope,
          holder: `${slug} ${scope}`,
          label: "test",
          createdBy: "test",
        });
        secrets[`${slug}-${scope}`] = secret;
      }
      if (slug === "rep-a")
        await breaches.create(db.db, {
          organisationId: organisation.id,
          slug: "rep-a-concept",
          title: "Concept",
          facts: { awareAt: "2026-11-01T10:00:00Z" },
        });
    }
    server = await startTestServer({
      extra: {
        authenticate: (secret) => apiKeys.authenticate(db.db, secret),
        store: { db: db.db, keys: db.keys },
        reportLimits: { perNetwork: { max: 1000, windowMs: 60_000 } },
      },
    });
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await db?.close();
  });

  const report = (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
      body: new URLSearchParams(fields).toString(),
      redirect: "manual",
    });
  const api = (path: string, key: string, init: RequestInit = {}) =>
    fetch(`${server.url}/api/v1${path}`, {
      ...init,
      headers: {
        authorization: `Bearer ${secrets[key]}`,
        ...(init.body ? { "content-type": "application/json" } : {}),
      },
    });

  it("shows the form in both languages, linking back to the breach page; unknown and draft are 404", async () => {
    for (const [path, heading] of [
      ["/datalek/rep-a-lek/verdacht-bericht", "Ik kreeg een verdacht bericht"],
      ["/en/datalek/rep-a-lek/verdacht-bericht", "I received a suspicious message"],
    ] as const) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get("cache-control")).toBe("no-store");
      const body = await response.text();
      expect(body).toContain(heading);
      expect(body).toContain(`method="post" action="${path}" enctype="multipart/form-data"`);
      expect(body).toContain(`href="${path.replace("/verdacht-bericht", "")}"`);
    }
    const asBrowser = { headers: { accept: "text/html" } };
    const unknown = await fetch(`${server.url}/datalek/bestaat-niet/verdacht-bericht`, asBrowser);
    const draft = await fetch(`${server.url}/datalek/rep-a-concept/verdacht-bericht`, asBrowser);
    expect(unknown.status).toBe(404);
    expect(draft.status).toBe(404);
    expect(await draft.text()).toBe(await unknown.text());
    expect((await report("/datalek/rep-a-concept/verdacht-bericht", FORM)).status).toBe(404);
  });

  it("stores a report scrubbed, shows what to do next, and the organisation reads it", async () => {
    const posted = await report("/datalek/rep-a-lek/verdacht-bericht", FORM);
    expect(posted.status).toBe(303);
    expect(posted.headers.get("location")).toBe("/datalek/rep-a-lek/verdacht-bericht/bedankt");
    const thanks = await (await fetch(`${server.url}${posted.headers.get("location")}`)).text();
    expect(thanks).toContain("Bedankt voor uw melding");
    expect(thanks).toContain("Klik niet op links");
    expect(thanks).toContain("Fraudehelpdesk");
    expect(thanks).toContain("088-786 73 72");
    expect(thanks).toContain("nummer dat u al kent");

    const list = await json(await api(`/breaches/${breachOf["rep-a"]}/phishing-reports`, "rep-a-read"));
    expect(list.total).toBe(1);
    const [stored] = list.reports;
    const [day, month, year] = FORM.receivedOn.split("-");
    const receivedOn = `${year}-${month?.padStart(2, "0")}-${day?.padStart(2, "0")}`;
    expect(stored).toMatchObject({
      channel: "sms",
      sender: "+31 6 98765432",
      receivedOn,
      receivedTime: "09:15",
    });
    expect(stored.text).toContain("https://pakket-voorbeeld.example/betaal");
    expect(stored.text).toContain("bel +31 6 98765432");
    for (const personal of ["Jan", "06-12345678", "Dorpsweg", "1234 AB", "jan@gmail.nl"])
      expect(stored.text, personal).not.toContain(personal);
    expect(stored.text).toContain("Beste [naam],");
    // Nothing of the reporter's connection is stored.
    const row = await db.db.selectFrom("phishing_reports").selectAll().executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain("127.0.0.1");
    expect(row.text_sealed).not.toContain("pakket");
  });

  it("takes a PNG screenshot without its metadata, and refuses anything that is not PNG or JPEG", async () => {
    const form = new FormData();
    for (const [name, value] of Object.entries({ ...FORM, channel: "email", sender: "info@nep.example" }))
      form.append(name, value);
    form.append("screenshot", new Blob([pngWithText()], { type: "image/png" }), "shot.png");
    const posted = await fetch(`${server.url}/en/datalek/rep-a-lek/verdacht-bericht`, {
      method: "POST",
      body: form,
      redirect: "manual",
    });
    expect(posted.status).toBe(303);
    const list = await json(
      await api(`/breaches/${breachOf["rep-a"]}/phishing-reports?limit=1`, "rep-a-read"),
    );
    expect(list.reports[0]).toMatchObject({ sender: "info@nep.example", hasScreenshot: true });
    expect(list.reports[0].text).toContain("Beste [name],");
    const shot = await api(
      `/breaches/${breachOf["rep-a"]}/phishing-reports/${list.reports[0].id}/screenshot`,
      "rep-a-read",
    );
    expect(shot.status).toBe(200);
    expect(shot.headers.get("content-type")).toBe("image/png");
    const bytes = Buffer.from(await shot.arrayBuffer());
    expect(bytes.subarray(0, 4).toString("latin1")).toBe("\x89PNG");
    expect(bytes.toString("latin1")).not.toContain("Dorpsweg");
    expect(bytes.toString("latin1")).toContain("IDAT");
    const foreign = await api(
      `/breaches/${breachOf["rep-a"]}/phishing-reports/${list.reports[0].id}/screenshot`,
      "rep-b-read",
    );
    expect(foreign.status).toBe(404);

    const fake = new FormData();
    for (const [name, value] of Object.entries(FORM)) fake.append(name, value);
    fake.append("screenshot", new Blob(["<svg onload=alert(1)>"], { type: "image/png" }), "x.png");
    const refused = await fetch(`${server.url}/datalek/rep-a-lek/verdacht-bericht`, {
      method: "POST",
      body: fake,
    });
    expect(refused.status).toBe(400);
    const body = await refused.text();
    expect(body).toContain("PNG of JPG");
    // The form keeps what was typed.
    expect(body).toContain("+31 6 98765432");

    const photo = new FormData();
    for (const [name, value] of Object.entries(FORM)) photo.append(name, value);
    photo.append(
      "screenshot",
      new Blob([Buffer.alloc(3 * 1024 * 1024, 0xff)], { type: "image/jpeg" }),
      "big.jpg",
    );
    const tooLarge = await fetch(`${server.url}/datalek/rep-a-lek/verdacht-bericht`, {
      method: "POST",
      body: photo,
    });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await tooLarge.text()).toContain("hoogstens 2 MB");
  });

  it("asks for what is missing, field by field", async () => {
    const response = await report("/datalek/rep-a-lek/verdacht-bericht", { receivedOn: "31-2-2026" });
    expect(response.status).toBe(400);
    const body = await response.text();
    expect(body).toContain("Er is een probleem");
    expect(body).toContain('href="#kanaal-email"');
    expect(body).toContain('href="#datum"');
    expect(body).toContain('href="#tekst"');
    expect(body).toContain('aria-invalid="true"');
  });

  it("refuses a post another website made", async () => {
    const before = await json(await api(`/breaches/${breachOf["rep-a"]}/phishing-reports`, "rep-a-read"));
    const bySite = await report("/datalek/rep-a-lek/verdacht-bericht", FORM, {
      "sec-fetch-site": "cross-site",
    });
    expect(bySite.status).toBe(403);
    const byOrigin = await report("/datalek/rep-a-lek/verdacht-bericht", FORM, {
      origin: "https://evil.example",
    });
    expect(byOrigin.status).toBe(403);
    const after = await json(await api(`/breaches/${breachOf["rep-a"]}/phishing-reports`, "rep-a-read"));
    expect(after.total).toBe(before.total);
  });

  it("shows a trend whose phrases come from 3 reports or more, never from one", async () => {
    const path = `/breaches/${breachOf["rep-a"]}/phishing-reports/trend`;
    const early = await json(await api(path, "rep-a-read"));
    expect(early.total).toBe(2);
    expect(early.phrases).toEqual([]);
    await report("/datalek/rep-a-lek/verdacht-bericht", {
      ...FORM,
      channel: "email",
      sender: "Info@Nep.example",
    });
    const trend = await json(await api(path, "rep-a-read"));
    expect(trend.total).toBe(3);
    expect(trend.perChannel).toEqual([
      { channel: "email", count: 2 },
      { channel: "sms", count: 1 },
    ]);
    expect(trend.perDay).toHaveLength(1);
    expect(trend.perDay[0].count).toBe(3);
    expect(trend.senders).toEqual([
      { sender: "info@nep.example", count: 2 },
      { sender: "+31698765432", count: 1 },
    ]);
    expect(trend.phrases).toContainEqual({ phrase: "uw pakket ligt", reports: 3 });
    expect(JSON.stringify(trend.phrases)).not.toContain("jan");
    const bad = await api(`${path}?minPhraseReports=1`, "rep-a-read");
    expect(bad.status).toBe(400);
  });

  it("exports CSV with formula cells neutralised, and JSON; each export is audit-logged", async () => {
    await report("/datalek/rep-a-lek/verdacht-bericht", {
      ...FORM,
      sender: '=HYPERLINK("https://evil.example")',
      text: "@SUM(1+1) -2+3 betaal nu",
    });
    const csv = await api(`/breaches/${breachOf["rep-a"]}/phishing-reports/export?format=csv`, "rep-a-read");
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(csv.headers.get("content-disposition")).toMatch(/attachment; filename="phishing-reports-.*\.csv"/);
    const text = await csv.text();
    const lines = text.trim().split("\r\n");
    expect(lines[0]).toBe("id,reportedAt,receivedOn,receivedTime,channel,sender,text,hasScreenshot");
    expect(text).toContain('"\'=HYPERLINK(""https://evil.example"")"');
    expect(text).toContain('"\'@SUM(1+1) -2+3 betaal nu"');
    expect(text).toContain('"\'+31 6 98765432"');
    expect(text).not.toMatch(/(^|,)"[=+\-@]/m);

    const exported = await json(
      await api(`/breaches/${breachOf["rep-a"]}/phishing-reports/export?format=json`, "rep-a-read"),
    );
    expect(exported.reports).toHaveLength(4);
    expect(exported.reports.some((r: { sender: string }) => r.sender.startsWith("=HYPERLINK"))).toBe(true);
    const entries = await db.db
      .selectFrom("audit_log")
      .select(["action", "details"])
      .where("action", "=", "phishing-report.exported")
      .execute();
    expect(entries.map((entry) => entry.details)).toEqual([
      { format: "csv", reports: 4 },
      { format: "json", reports: 4 },
    ]);
    expect(
      (await api(`/breaches/${breachOf["rep-a"]}/phishing-reports/export?format=xml`, "rep-a-read")).status,
    ).toBe(400);
    expect((await audit.verify(db.db, db.keys)).ok).toBe(true);
  });

  it("shows another organisation's key nothing: every route is 404", async () => {
    const a = breachOf["rep-a"];
    for (const path of [
      `/breaches/${a}/phishing-reports`,
      `/breaches/${a}/phishing-reports/trend`,
      `/breaches/${a}/phishing-reports/export?format=json`,
      `/breaches/${a}/phishing-warnings`,
    ])
      expect((await api(path, "rep-b-read")).status, path).toBe(404);
    const publish = await api(`/breaches/${a}/phishing-warnings`, "rep-b-write", {
      method: "POST",
      body: JSON.stringify({ body: { nl: "Let op: nepberichten." } }),
    });
    expect(publish.status).toBe(404);
    const own = await json(await api(`/breaches/${breachOf["rep-b"]}/phishing-reports`, "rep-b-read"));
    expect(own.total).toBe(0);
    expect((await fetch(`${server.url}/api/v1/breaches/${a}/phishing-reports`)).status).toBe(401);
  });

  it("publishes a warning as an update that the form shows, lists it and withdraws it", async () => {
    const a = breachOf["rep-a"];
    const readOnly = await api(`/breaches/${a}/phishing-warnings`, "rep-a-read", {
      method: "POST",
      body: JSON.stringify({ body: { nl: "Let op." } }),
    });
    expect(readOnly.status).toBe(403);
    const published = await api(`/breaches/${a}/phishing-warnings`, "rep-a-write", {
      method: "POST",
      body: JSON.stringify({
        body: {
          nl: "Er gaan valse sms'jes rond over een pakket. Klik niet op de link. Wij sturen nooit een betaalverzoek per sms.",
          en: "Fake text messages about a parcel are going round. Do not click the link. We never ask for payment by text.",
        },
      }),
    });
    expect(published.status).toBe(201);
    const warning = await json(published);
    expect(warning).toMatchObject({ status: "active", title: { nl: "Let op: er gaan nepberichten rond" } });
    const updates = await json(await api(`/breaches/${a}/updates`, "rep-a-read"));
    expect(updates.updates).toContainEqual(
      expect.objectContaining({ id: warning.updateId, status: "published" }),
    );
    const form = await (await fetch(`${server.url}/datalek/rep-a-lek/verdacht-bericht`)).text();
    expect(form).toContain("Deze nepberichten gaan al rond");
    expect(form).toContain("valse sms&#39;jes rond");

    const long = await api(`/breaches/${a}/phishing-warnings`, "rep-a-write", {
      method: "POST",
      body: JSON.stringify({ body: { nl: `${"heel ".repeat(40)}lang.` } }),
    });
    expect(long.status).toBe(400);

    const withdrawn = await api(`/breaches/${a}/phishing-warnings/${warning.id}/withdraw`, "rep-a-write", {
      method: "POST",
    });
    expect(await json(withdrawn)).toMatchObject({ status: "withdrawn" });
    const listed = await json(await api(`/breaches/${a}/phishing-warnings`, "rep-a-read"));
    expect(listed.warnings.map((w: { status: string }) => w.status)).toEqual(["withdrawn"]);
    const after = await (await fetch(`${server.url}/datalek/rep-a-lek/verdacht-bericht`)).text();
    expect(after).not.toContain("Deze nepberichten gaan al rond");
    const actions = await db.db.selectFrom("audit_log").select("action").execute();
    expect(actions.map((entry) => entry.action)).toEqual(
      expect.arrayContaining(["phishing-warning.published", "phishing-warning.withdrawn"]),
    );
  });

  it("speaks plain Dutch (B1) on the form and the thank-you page", async () => {
    for (const path of [
      "/datalek/rep-a-lek/verdacht-bericht",
      "/datalek/rep-a-lek/verdacht-bericht/bedankt",
    ]) {
      const page = await (await fetch(`${server.url}${path}`)).text();
      const main = page.slice(page.indexOf("<main"), page.indexOf("</main>"));
      const texts = main
        .replace(/<\/?(p|li|h[1-6]|label|legend|div|ol|ul)\b[^>]*>/g, "\n")
        .replace(/<[^>]+>/g, " ")
        .split("\n")
        .map((text) => text.replace(/\s+/g, " ").trim())
        .filter((text) => text.length > 0);
      const blocking = texts.flatMap((text) =>
        checkPlainLanguage(text, { language: "nl" })
          .findings.filter((finding) => finding.severity === "block")
          .map((finding) => `${finding.message} — "${text}"`),
      );
      expect(blocking).toEqual([]);
    }
  });

  it("writes none of the reported text or the reporter's data to the log", () => {
    const logs = server.logs.join("\n");
    for (const secret of ["Jansen", "06-12345678", "jan@gmail.nl", "98765432", "pakket"])
      expect(logs).not.toContain(secret);
    expect(logs).toContain("verdacht-bericht");
  });

  it("deletes reports after 90 days, except those of a breach on legal hold", async () => {
    expect((await report("/datalek/rep-b-lek/verdacht-bericht", FORM)).status).toBe(303);
    await sql`update phishing_reports set created_at = now() - interval '91 days'`.execute(db.db);
    await breaches.setLegalHold(
      db.db,
      db.keys,
      (await organisations.getBySlug(db.db, "rep-b"))?.id ?? "",
      breachOf["rep-b"] ?? "",
      "onderzoek politie",
      "test",
    );
    const purged = await retention.purge(db.db, db.keys, { retentionDays: 365 });
    expect(purged.phishingReports).toBeGreaterThan(0);
    expect(
      (await json(await api(`/breaches/${breachOf["rep-a"]}/phishing-reports`, "rep-a-read"))).total,
    ).toBe(0);
    expect(
      (await json(await api(`/breaches/${breachOf["rep-b"]}/phishing-reports`, "rep-b-read"))).total,
    ).toBe(1);
    const entries = await db.db
      .selectFrom("audit_log")
      .select(["subject", "details"])
      .where("action", "=", "retention.phishing-reports-purged")
      .execute();
    expect(entries.map((entry) => entry.subject)).toEqual([breachOf["rep-a"]]);
    expect((await audit.verify(db.db, db.keys)).ok).toBe(true);
  });
});

describe("suspicious-message reports: limits", () => {
  it("limits one network, and all reports together", async () => {
    const db = await openTestDatabase("pglite");
    const organisation = await organisations.create(db.db, { slug: "rep-limit", name: "Limiet" });
    await createPublishedBreach(db.db, {
      organisationId: organisation.id,
      slug: "limiet-lek",
      title: "Lek",
      facts: { awareAt: "2026-11-01T10:00:00Z" },
      status: "notifying",
    });
    const server = await startTestServer({
      extra: {
        store: { db: db.db, keys: db.keys },
        trustProxy: true,
        reportLimits: { perNetwork: { max: 2, windowMs: 60_000 }, overall: { max: 4, windowMs: 60_000 } },
      },
    });
    const post = (from: string) =>
      fetch(`${server.url}/datalek/limiet-lek/verdacht-bericht`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": from },
        body: new URLSearchParams(FORM).toString(),
        redirect: "manual",
      });
    try {
      expect((await post("192.0.2.10")).status).toBe(303);
      expect((await post("192.0.2.11")).status).toBe(303);
      const limited = await post("192.0.2.12");
      expect(limited.status).toBe(429);
      expect(limited.headers.get("retry-after")).toMatch(/^\d+$/);
      expect(await limited.text()).toMatch(/Probeer het over \d+ minuten opnieuw/);
      // Another network is still answered, until all attempts together reach the overall limit.
      expect((await post("198.51.100.7")).status).toBe(303);
      expect((await post("203.0.113.9")).status).toBe(429);
      const stored = await db.db.selectFrom("phishing_reports").select("id").execute();
      expect(stored).toHaveLength(3);
    } finally {
      await server.close();
      await db.close();
    }
  }, 120_000);
});
