/**
 * The campaign dashboard (issue 17) on both engines: progress snapshots are taken by one worker of several,
 * again only when due (and sooner never), once more when a campaign finishes; the dashboard's figures, series,
 * rate and time left come from the snapshots — the console page shows what was counted, not a fresh count over
 * the deliveries — with its charts as SVG beside tables with the same figures; the creator is not offered the
 * approval of their own campaign.
 */
import { Writable } from "node:stream";
import type { FastifyInstance } from "fastify";
import { sql } from "kysely";
import { Secret, TOTP } from "otpauth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { takeDueSnapshots } from "../src/delivery/progress-snapshots.ts";
import { SAMPLE_BREACH, SAMPLE_TEXTS } from "../src/messages/index.ts";
import {
  campaignDashboard,
  checkCampaign,
  createCampaign,
  createStaff,
  operatorActor,
  staffCodeStep,
  staffPasswordStep,
} from "../src/operations/index.ts";
import { breaches, type Executor, staffAccounts } from "../src/store/index.ts";
import { engineCases, openTestDatabase, type TestDatabase } from "../src/store/testing.ts";
import { buildServer, createRequestLogger } from "../src/web/index.ts";
import { organisationReadyToSend } from "./support/organisation.ts";

const PASSWORD = "blauwe boot vaart langzaam";
const T0 = new Date("2026-12-05T10:00:00Z");
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

for (const engine of engineCases()) {
  describe(`campaign dashboard on ${engine}`, () => {
    let db: TestDatabase;
    let app: FastifyInstance;
    let organisationId = "";
    let campaignId = "";
    let cookie = "";
    const ctx = () => ({ db: db.db, keys: db.keys, publicUrl: "http://127.0.0.1" });
    const run = (query: ReturnType<typeof sql>) => query.execute(db.db as Executor);

    /** Moves `n` deliveries of the campaign from one status to another (as workers and reports would). */
    const move = (from: string, to: string, n: number, channel?: string) =>
      run(sql`update deliveries set status = ${to}, sent_at = coalesce(sent_at, now())
        where id in (select id from deliveries where campaign_id = ${campaignId} and status = ${from}
          ${channel ? sql`and channel = ${channel}` : sql``} order by id limit ${n})`);

    beforeAll(async () => {
      db = await openTestDatabase(engine);
      organisationId = await organisationReadyToSend(db, `dash-${engine}`);
      const breach = await breaches.create(db.db, {
        organisationId,
        slug: `dash-${engine}`,
        title: "Klantgegevens gestolen",
        facts: SAMPLE_BREACH as unknown as Record<string, unknown> & { awareAt: string },
      });
      const editor = await createStaff(db, operatorActor("os:test", organisationId), {
        email: `editor-${engine}@example.org`,
        displayName: "Eva Editor",
        roles: ["editor", "approver"],
        password: PASSWORD,
      });
      const secret = new Secret({ size: 20 }).base32;
      await staffAccounts.setPendingTotp(db.db, db.keys, editor.account.id, secret);
      await staffAccounts.confirmTotp(db.db, editor.account.id, new Date());
      // The editor creates the campaign, so the page must not offer them its approval.
      const actor = { name: `staff:${editor.account.id}`, organisationId, roles: ["write" as const] };
      const campaign = await createCampaign(ctx(), actor, {
        breachId: breach.id,
        kind: "first-notice",
        setup: { texts: SAMPLE_TEXTS },
      });
      await checkCampaign(ctx(), actor, { campaignId: campaign.id });
      campaignId = campaign.id;
      // 300 people in two segments; 200 by e-mail, 100 by letter; all queued, the campaign running.
      await run(sql`insert into victims (breach_id, external_id, segment, reachable)
        select ${breach.id}, 'V' || i, case when i % 3 = 0 then 'klanten' else 'oud-klanten' end, true
        from generate_series(1, 300) as i`);
      await run(sql`insert into deliveries (campaign_id, victim_id, status, channels, channel)
        select ${campaignId}, v.id, 'queued',
          case when v.id % 3 = 0 then array['letter'] else array['email'] end,
          case when v.id % 3 = 0 then 'letter' else 'email' end
        from victims v where v.breach_id = ${breach.id}`);
      await run(sql`update campaigns set status = 'running', started_at = ${T0} where id = ${campaignId}`);

      const first = await staffPasswordStep(db, {
        email: `editor-${engine}@example.org`,
        password: PASSWORD,
      });
      if (!first.ok) throw new Error("password refused");
      const code = new TOTP({ secret: Secret.fromBase32(secret) }).generate();
      const second = await staffCodeStep(db, first.token, code);
      if (!second.ok) throw new Error("code refused");
      cookie = `lekwijzer-console=${second.token}`;
      app = await buildServer({
        logger: createRequestLogger("silent", new Writable({ write: (_c, _e, done) => done() })),
        publicUrl: "http://127.0.0.1",
        ping: async () => {},
        store: { db: db.db, keys: db.keys },
      });
      await app.ready();
    }, 120_000);
    afterAll(async () => {
      await app?.close();
      await db?.close();
    });

    it("takes each due snapshot once among workers, and the next only when it is due", async () => {
      const [a, b] = await Promise.all([
        takeDueSnapshots(db.db, { now: () => at(0) }),
        takeDueSnapshots(db.db, { now: () => at(0) }),
      ]);
      expect([...(a ?? []), ...(b ?? [])].map((s) => s.campaignId)).toEqual([campaignId]);
      expect(await takeDueSnapshots(db.db, { now: () => at(10) })).toEqual([]);

      await move("queued", "sent", 120, "email");
      await move("queued", "sent", 30, "letter");
      expect((await takeDueSnapshots(db.db, { now: () => at(60) })).length).toBe(1);
      await move("sent", "delivered", 100, "email");
      await move("sent", "bounced", 10, "email");
      await move("queued", "sent", 60, "email");
      expect((await takeDueSnapshots(db.db, { now: () => at(120) })).length).toBe(1);
    });

    it("gives the figures, the series, the rate and the time left from the snapshots", async () => {
      const view = await campaignDashboard(ctx(), operatorActor("os:test", organisationId), { campaignId });
      expect(view.total).toBe(300);
      expect(view.groups).toEqual({
        open: 90,
        handedOver: 100,
        delivered: 100,
        bounced: 10,
        failed: 0,
        cancelled: 0,
      });
      expect(view.series.map((p) => p.sent)).toEqual([0, 150, 210]);
      expect(view.series.at(-1)).toMatchObject({ delivered: 100, bounced: 10 });
      // 210 in the two minutes since the first count: 105 a minute; 90 open take 52 seconds more.
      expect(view.perMinute).toBe(105);
      expect(view.etaSeconds).toBe(Math.ceil((90 / 105) * 60));
      expect(view.byChannel.map((c) => [c.channel, c.groups.open])).toEqual([
        ["email", 20],
        ["letter", 70],
      ]);
      expect(view.bySegment.map((s) => s.segment)).toEqual(["klanten", "oud-klanten"]);
      expect(view.bySegment.reduce((sum, s) => sum + s.groups.delivered, 0)).toBe(100);
    });

    it("shows the counted figures on the console page, not a count made for the request", async () => {
      // Deliveries change after the last snapshot: the page still shows the counted state, with its time.
      await move("queued", "sent", 90);
      const page = await app.inject({ url: `/console/campagne/${campaignId}`, headers: { cookie } });
      expect(page.statusCode).toBe(200);
      const body = page.body;
      expect(body).toContain('<time datetime="2026-12-05T10:02:00.000Z">');
      expect(body).toMatch(/<dt>nog te versturen<\/dt><dd>90<\/dd>/);
      expect(body).toMatch(/<svg class="lw-chart"[^>]*role="img"[^>]*aria-labelledby="grafiek-tijd-titel/);
      expect(body).toContain("105 berichten per minuut");
      // The charts' figures as tables: channels and segments by name.
      expect(body).toMatch(/<th class="utrecht-table__header-cell[^"]*" scope="col">brief<\/th>/);
      expect(body).toMatch(/<th class="utrecht-table__header-cell[^"]*" scope="col">oud-klanten<\/th>/);
      // The creator holds the approver role too, and is told that someone else approves.
      await run(sql`update campaigns set status = 'checked' where id = ${campaignId}`);
      const own = await app.inject({ url: `/console/campagne/${campaignId}`, headers: { cookie } });
      expect(own.body).not.toContain('name="stap" value="approve"');
      expect(own.body).toContain("Een andere goedkeurder moet hem goedkeuren");
      await run(sql`update campaigns set status = 'running' where id = ${campaignId}`);
    });

    it("counts a finished campaign once more at once, and a settling one again later", async () => {
      await run(sql`update campaigns set status = 'done', finished_at = ${at(130)}, updated_at = ${at(130)}
        where id = ${campaignId}`);
      // Due by its schedule (set after the last count) plus the change: one final count.
      expect((await takeDueSnapshots(db.db, { now: () => at(140) })).length).toBe(1);
      expect(await takeDueSnapshots(db.db, { now: () => at(200) })).toEqual([]);
      const view = await campaignDashboard(ctx(), operatorActor("os:test", organisationId), { campaignId });
      expect(view.groups.open).toBe(0);
      expect(view.etaSeconds).toBe(0);
      // A late bounce weeks later is counted at the next settling round (every ten minutes).
      await move("delivered", "bounced", 5);
      expect((await takeDueSnapshots(db.db, { now: () => at(140 + 601) })).length).toBe(1);
      const later = await campaignDashboard(ctx(), operatorActor("os:test", organisationId), { campaignId });
      expect(later.groups.bounced).toBe(15);
    });
  });
}
