/**
 * Update e-mails end to end, through HTTP and a real SMTP outbox, on both engines: a victim subscribes on
 * "Mijn plan" → the confirmation e-mail (a code, no link) arrives in the outbox → the typed code confirms →
 * an update published through the API reaches the subscriber once (workers run twice and two at once) → the
 * e-mail's one-click unsubscribe POST (RFC 8058) ends it → the next update is not sent. Another person's
 * session cannot touch the subscription, cross-site posts are refused, and no address or token reaches a log.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MemorySink, memorySink, type Outbox, startOutbox } from "../src/delivery/outbox.ts";
import { createSmtpSender } from "../src/delivery/smtp.ts";
import { operatorActor, verifyDomainByHand } from "../src/operations/index.ts";
import { sendUpdateMail } from "../src/operations/update-mail.ts";
import { apiKeys } from "../src/store/index.ts";
import { engineCases, openTestDatabase, type TestDatabase } from "../src/store/testing.ts";
import { decoded } from "./support/decoded-mail.ts";
import { type PlanVictims, planVictims } from "./support/plan-victims.ts";
import { startTestServer, type TestServer } from "./support/server.ts";

const FORM = { "content-type": "application/x-www-form-urlencoded" };
const ADDRESS = "anna.nieuws@gmail.nl";

for (const engine of engineCases()) {
  describe(`update e-mails through HTTP and SMTP on ${engine}`, () => {
    let db: TestDatabase;
    let server: TestServer;
    let outbox: Outbox;
    let sink: MemorySink;
    let people: PlanVictims;
    let writeKey: string;

    const ctx = () => ({ db: db.db, keys: db.keys, publicUrl: server.url });
    const channels = () => ({ email: createSmtpSender({ url: outbox.url, maxConnections: 1 }) });
    const post = (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
      fetch(`${server.url}${path}`, {
        method: "POST",
        headers: { ...FORM, ...headers },
        body: new URLSearchParams(fields).toString(),
        redirect: "manual",
      });
    const page = async (cookie: string, query = "") =>
      (await fetch(`${server.url}/mijn-plan${query}`, { headers: { cookie }, redirect: "manual" })).text();
    const login = async (code: string) =>
      ((await post("/mijn-plan", { code })).headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const api = (method: string, path: string, body?: unknown) =>
      fetch(`${server.url}/api/v1${path}`, {
        method,
        headers: {
          authorization: `Bearer ${writeKey}`,
          ...(body ? { "content-type": "application/json" } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
    const mailsTo = (address: string, containing: string) =>
      sink.messages.filter(
        (m) => m.envelope.to.includes(address) && decoded(m.raw.toString("latin1")).includes(containing),
      );
    async function publish(title: string): Promise<string> {
      const created = await api("POST", `/breaches/${people.breachId}/updates`, {
        title: { nl: title },
        body: { nl: "Wij hebben de inbreker gevonden. U hoeft niets te doen." },
      });
      expect(created.status).toBe(201);
      const id = ((await created.json()) as { id: string }).id;
      expect((await api("POST", `/breaches/${people.breachId}/updates/${id}/publish`)).status).toBe(200);
      return id;
    }

    beforeAll(async () => {
      db = await openTestDatabase(engine);
      people = await planVictims(db, `mail-${engine}`);
      await verifyDomainByHand(db, operatorActor("os:test", people.organisationId), {
        domain: "voorbeeldtelecom.nl",
        reason: "test installation",
      });
      writeKey = (
        await apiKeys.create(db.db, {
          organisationId: people.organisationId,
          scope: "write",
          holder: "Sam Schrijver",
          label: "test",
          createdBy: "test",
        })
      ).secret;
      sink = memorySink();
      outbox = await startOutbox({ sink });
      server = await startTestServer({
        extra: {
          authenticate: (secret) => apiKeys.authenticate(db.db, secret),
          store: { db: db.db, keys: db.keys },
          myPlan: { limits: { perNetwork: { max: 1000, windowMs: 60_000 } } },
        },
      });
    }, 60_000);

    afterAll(async () => {
      await server?.close();
      await outbox?.close();
      await db?.close();
    });

    it("subscribes, confirms by the e-mailed code, mails an update once, and stops at the one-click unsubscribe", async () => {
      const anna = await login(people.codes.anna);
      const bram = await login(people.codes.bram);
      const before = await page(anna);
      expect(before).toContain("Nieuws per e-mail");
      expect(before).toContain('action="/mijn-plan/aanmelden"');

      // A bad address is named at the field; a cross-site post is refused.
      const bad = await post("/mijn-plan/aanmelden", { email: "anna at gmail" }, { cookie: anna });
      expect(bad.status).toBe(400);
      expect(await bad.text()).toContain("Vul een goed e-mailadres in");
      const forged = await post(
        "/mijn-plan/aanmelden",
        { email: ADDRESS },
        { cookie: anna, "sec-fetch-site": "cross-site" },
      );
      expect(forged.status).toBe(403);

      const asked = await post("/mijn-plan/aanmelden", { email: ADDRESS }, { cookie: anna });
      expect(asked.status).toBe(303);
      expect(asked.headers.get("location")).toBe("/mijn-plan?nieuwsmail=aangevraagd#nieuwsmail");
      const waiting = await page(anna);
      expect(waiting).toContain("a***@g***.nl");
      expect(waiting).toContain('name="bevestigcode"');
      expect(waiting).not.toContain(ADDRESS);

      // The worker e-mails the code through SMTP: no link in it.
      await sendUpdateMail(ctx(), channels());
      const confirmation = mailsTo(ADDRESS, "Uw code is:");
      expect(confirmation).toHaveLength(1);
      const text = decoded(confirmation[0]?.raw.toString("latin1") ?? "");
      expect(text).not.toMatch(/https?:\/\//);
      const code = /Uw code is: ([0-9A-Z]{4}-[0-9A-Z]{4})/.exec(text)?.[1] ?? "";

      // Bram's session cannot confirm or end Anna's subscription.
      const wrongSession = await post("/mijn-plan/bevestigen", { bevestigcode: code }, { cookie: bram });
      expect(wrongSession.status).toBe(400);
      await post("/mijn-plan/afmelden", {}, { cookie: bram });
      expect(await page(anna)).toContain('name="bevestigcode"');

      const confirmed = await post("/mijn-plan/bevestigen", { bevestigcode: code }, { cookie: anna });
      expect(confirmed.headers.get("location")).toBe("/mijn-plan?nieuwsmail=bevestigd#nieuwsmail");
      expect(await page(anna)).toContain("U krijgt nieuws over dit datalek per e-mail op a***@g***.nl.");

      // An update published through the API reaches Anna once, however often and however many workers run.
      const first = await publish("De inbreker is gevonden");
      await sendUpdateMail(ctx(), channels());
      await Promise.all([sendUpdateMail(ctx(), channels()), sendUpdateMail(ctx(), channels())]);
      await sendUpdateMail(ctx(), channels());
      const update = mailsTo(ADDRESS, "De inbreker is gevonden");
      expect(update).toHaveLength(1);
      // Like every message, it carries its own code for "Is dit bericht echt?", which knows it as sent.
      const mailText = decoded(update[0]?.raw.toString("latin1") ?? "");
      const verification = /controlecode van deze e-mail: ([0-9A-Z]{4}(?:-[0-9A-Z]{4}){3})/.exec(
        mailText,
      )?.[1];
      expect(verification).toBeDefined();
      const checked = await (await post("/echt", { code: verification ?? "" })).text();
      expect(checked).toContain("Dit bericht is echt");
      const listed = (await (await api("GET", `/breaches/${people.breachId}/updates`)).json()) as {
        updates: { id: string; email: unknown }[];
      };
      expect(listed.updates.find((u) => u.id === first)?.email).toEqual({
        recipients: 1,
        sent: 1,
        failed: 0,
      });

      // One-click unsubscribe: the address in the header, a page with a button for a browser, a POST ends it.
      const raw = (update[0]?.raw.toString("latin1") ?? "").replace(/\r\n[ \t]+/g, " ");
      const unsubscribe = /^List-Unsubscribe: <([^>]+)>\r?$/m.exec(raw)?.[1] ?? "";
      expect(unsubscribe).toMatch(new RegExp(`^${server.url}/afmelden/[A-Za-z0-9_-]{43}$`));
      const shown = await fetch(unsubscribe);
      expect(shown.status).toBe(200);
      expect(await shown.text()).toMatch(
        /<form class="utrecht-form" method="post" action="\/afmelden\/[A-Za-z0-9_-]{43}">/,
      );
      // As a mail program posts it (RFC 8058 §3.2: multipart/form-data here).
      const form = new FormData();
      form.append("List-Unsubscribe", "One-Click");
      const oneClick = await fetch(unsubscribe, { method: "POST", body: form, redirect: "manual" });
      expect(oneClick.status).toBe(200);
      expect(await oneClick.text()).toContain("U bent afgemeld.");
      // An unknown token gets the same answer.
      const unknown = await post(`/afmelden/${"x".repeat(43)}`, { "List-Unsubscribe": "One-Click" });
      expect(unknown.status).toBe(200);
      expect(await page(anna)).toContain('action="/mijn-plan/aanmelden"');

      await publish("Nog meer nieuws");
      for (let i = 0; i < 2; i++) await sendUpdateMail(ctx(), channels());
      expect(mailsTo(ADDRESS, "Nog meer nieuws")).toEqual([]);

      // No address, code or token in the server's log.
      const logs = server.logs.join("\n");
      expect(logs).not.toContain("anna.nieuws");
      expect(logs).not.toContain(code);
      expect(logs).not.toContain(new URL(unsubscribe).pathname);
      expect(logs).toContain("/afmelden/[token]");
    });

    it("unsubscribes at once from the plan page", async () => {
      const anna = await login(people.codes.anna);
      await post("/mijn-plan/aanmelden", { email: "anna.tweede@gmail.nl" }, { cookie: anna });
      await sendUpdateMail(ctx(), channels());
      const text = decoded(mailsTo("anna.tweede@gmail.nl", "Uw code is:")[0]?.raw.toString("latin1") ?? "");
      const code = /Uw code is: ([0-9A-Z]{4}-[0-9A-Z]{4})/.exec(text)?.[1] ?? "";
      await post("/mijn-plan/bevestigen", { bevestigcode: code }, { cookie: anna });
      expect(await page(anna)).toContain("per e-mail op a***@g***.nl");
      const stopped = await post("/mijn-plan/afmelden", {}, { cookie: anna });
      expect(stopped.headers.get("location")).toBe("/mijn-plan?nieuwsmail=afgemeld#nieuwsmail");
      const after = await page(anna, "?nieuwsmail=afgemeld");
      expect(after).toContain("U bent afgemeld.");
      expect(after).toContain('action="/mijn-plan/aanmelden"');
    });
  });
}
