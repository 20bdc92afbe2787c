/**
 * Deliveries: one row per victim per campaign, claimed by one worker at a time, recorded only by the worker
 * that still holds it, and handed to the queue once.
 */
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { campaigns, deliveries } from "./index.ts";
import { engineCases, openTestDatabase, populatedCampaign, type TestDatabase } from "./testing.ts";

describe.each(engineCases())("deliveries on %s", (engine) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase(engine);
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });

  const campaignOf = (people: number, running = true) => populatedCampaign(db, people, { running });

  it("adds one delivery per victim, and none when populated again", async () => {
    const campaign = await campaignOf(4);
    expect(await deliveries.populate(db.db, db.keys, campaign)).toBe(0);
    expect(await deliveries.progress(db.db, campaign.id)).toMatchObject({ total: 4 });
  });

  // A claim planned on statistics that had never seen the campaign's rows read its whole queue to find a
  // batch's 200 ids; after a large campaign is populated the statistics are brought up to date at once.
  it.skipIf(engine !== "postgres")(
    "brings the planner's statistics up to date after adding many rows",
    async () => {
      await campaignOf(10_000);
      const { rows } = await sql<{ reltuples: number }>`
      select reltuples::float8 as reltuples from pg_class where oid = 'deliveries'::regclass`.execute(db.db);
      expect(Number(rows[0]?.reltuples)).toBeGreaterThanOrEqual(10_000);
    },
    60_000,
  );

  it("claims only rows of a running campaign", async () => {
    const campaign = await campaignOf(2, false);
    expect(await deliveries.claim(db.db, campaign.id, "w1", 10)).toEqual([]);
    await campaigns.changeStatus(db.db, campaign.organisationId, campaign.id, {
      from: "draft",
      to: "running",
    });
    expect(await deliveries.claim(db.db, campaign.id, "w1", 10)).toHaveLength(2);
  });

  it("never hands a row another worker holds to a second worker", async () => {
    const campaign = await campaignOf(5);
    const first = await deliveries.claim(db.db, campaign.id, "w1", 3);
    const second = await deliveries.claim(db.db, campaign.id, "w2", 10);
    expect(first).toHaveLength(3);
    expect(second).toHaveLength(2);
    const ids = [...first, ...second].map((d) => d.id);
    expect(new Set(ids).size).toBe(5);
    expect(await deliveries.claim(db.db, campaign.id, "w3", 10)).toEqual([]);
  });

  it("claims at once from many workers without handing out a row twice", async () => {
    const campaign = await campaignOf(30);
    const claims = await Promise.all(
      ["a", "b", "c", "d", "e", "f"].map((w) => deliveries.claim(db.db, campaign.id, w, 7)),
    );
    const ids = claims.flat().map((d) => d.id);
    expect(ids).toHaveLength(new Set(ids).size);
    expect(ids.length).toBeLessThanOrEqual(30);
  });

  it("claims peeked rows with their identifiers in one write, only if unchanged and not held by another", async () => {
    const campaign = await campaignOf(4);
    const peeked = await deliveries.peek(db.db, campaign.id, 10);
    expect(peeked).toHaveLength(4);
    const [kept, changed, taken, ended] = peeked;
    if (!kept || !changed || !taken || !ended) throw new Error("nothing peeked");
    // Between the read and the claim: one row went through another worker and came back with a new
    // attempt (a stale read must not be claimed), one is held by another worker.
    await deliveries.claim(db.db, campaign.id, "w2", 1, [changed.id]);
    await deliveries.record(db.db, changed.id, { status: "queued", attempts: 1 }, "sending", "w2");
    await deliveries.claim(db.db, campaign.id, "w2", 1, [taken.id]);
    const identifiers = (i: number) => ({
      channel: "email",
      channels: ["email", "letter"],
      messageId: `<m${i}@voorbeeld.nl>`,
      reference: `LW-TEST-000${i}`,
      recipientHash: `hash-${i}`,
      verificationDigest: `digest-${i}`,
    });
    const held = await deliveries.claimPrepared(db.db, campaign.id, "w1", [
      { id: kept.id, version: kept.version, identifiers: identifiers(1) },
      { id: changed.id, version: changed.version, identifiers: identifiers(2) },
      { id: taken.id, version: taken.version, identifiers: identifiers(3) },
      { id: ended.id, version: ended.version },
    ]);
    expect([...held].sort((a, b) => a - b)).toEqual([kept.id, ended.id].sort((a, b) => a - b));
    expect(await deliveries.get(db.db, kept.id)).toMatchObject({
      status: "sending",
      channels: ["email", "letter"],
      messageId: "<m1@voorbeeld.nl>",
      reference: "LW-TEST-0001",
      recipientHash: "hash-1",
    });
    expect((await deliveries.findByVerificationDigest(db.db, "digest-1"))?.id).toBe(kept.id);
    // Claimed without identifiers (about to be ended as unreachable): it keeps what it had.
    expect(await deliveries.get(db.db, ended.id)).toMatchObject({ status: "sending", messageId: null });
    expect(await deliveries.get(db.db, changed.id)).toMatchObject({ status: "queued", messageId: null });
    expect(await deliveries.findByReference(db.db, "LW-TEST-0003")).toBeUndefined();
    // Nothing is claimed twice, and nothing of a campaign that is no longer running.
    expect(
      (await deliveries.claimPrepared(db.db, campaign.id, "w3", [{ id: kept.id, version: kept.version }]))
        .size,
    ).toBe(0);
    await campaigns.changeStatus(db.db, campaign.organisationId, campaign.id, {
      from: "running",
      to: "paused",
    });
    const again = await deliveries.peek(db.db, campaign.id, 10);
    expect(again).toEqual([]);
  });

  it("claims only the rows a job names", async () => {
    const campaign = await campaignOf(4);
    const all = (await deliveries.takeForEnqueue(db.db, campaign.id, 10, 10)).flatMap((b) => b.ids);
    const wanted = all.slice(1, 3);
    const claimed = await deliveries.claim(db.db, campaign.id, "w1", 10, wanted);
    expect(claimed.map((d) => d.id).sort((a, b) => a - b)).toEqual(wanted);
  });

  it("records an outcome only for the worker that still holds the row", async () => {
    const campaign = await campaignOf(1);
    const [row] = await deliveries.claim(db.db, campaign.id, "w1", 1);
    if (!row) throw new Error("nothing claimed");
    expect(await deliveries.record(db.db, row.id, { status: "sent" }, "sending", "w2")).toBe(false);
    expect((await deliveries.recordOutcome(db.db, row.id, { status: "sent" }, "w2")).recorded).toBe(false);
    expect((await deliveries.get(db.db, row.id))?.status).toBe("sending");

    const done = await deliveries.recordOutcome(db.db, row.id, { status: "sent", sentAt: new Date() }, "w1");
    expect(done).toEqual({ recorded: true, campaignStatus: "running" });
    expect((await deliveries.get(db.db, row.id))?.status).toBe("sent");
    // Once recorded, the claim is gone: the same worker cannot record over it again.
    expect((await deliveries.recordOutcome(db.db, row.id, { status: "failed" }, "w1")).recorded).toBe(false);
  });

  it("has a holder exactly while a row is being sent, which the outcome writes rely on", async () => {
    const campaign = await campaignOf(2);
    const [held] = await deliveries.claim(db.db, campaign.id, "w1", 1);
    const waiting = await db.db
      .selectFrom("deliveries")
      .select("id")
      .where("campaign_id", "=", campaign.id)
      .where("status", "=", "queued")
      .executeTakeFirst();
    if (!held || !waiting) throw new Error("no rows");
    // A write that ends the claim but forgets the holder, and one that holds a row without sending it.
    await expect(
      sql`update deliveries set status = 'sent' where id = ${held.id}`.execute(db.db),
    ).rejects.toThrow(/deliveries_held_while_sending/);
    await expect(
      sql`update deliveries set claimed_by = 'w2' where id = ${waiting.id}`.execute(db.db),
    ).rejects.toThrow(/deliveries_held_while_sending/);
    // Ended through the store, the row keeps no holder: a later outcome by the same worker finds nothing.
    await deliveries.release(db.db, "w1", [held.id]);
    expect(await deliveries.get(db.db, held.id)).toMatchObject({ status: "queued" });
    expect((await deliveries.recordOutcome(db.db, held.id, { status: "sent" }, "w1")).recorded).toBe(false);
  });

  it("records many outcomes in one statement, each only while the worker still holds its row", async () => {
    const campaign = await campaignOf(4);
    const [mine, taken, back, cancelledLater] = await deliveries.claim(db.db, campaign.id, "w1", 4);
    if (!mine || !taken || !back || !cancelledLater) throw new Error("nothing claimed");
    // Another worker took one row over after w1's lease ran out: w1 must not write over it.
    await deliveries.record(db.db, taken.id, { status: "queued" }, "sending", "w1");
    expect(await deliveries.claim(db.db, campaign.id, "w2", 1, [taken.id])).toHaveLength(1);
    const outcome = (id: number, status: "sent" | "queued") => ({
      id,
      status,
      channels: ["email", "letter"],
      channelIndex: 1,
      attempts: 1,
      notBefore: new Date("2026-12-01T10:00:00Z"),
      providerId: status === "sent" ? "relay-1" : null,
      lastError: status === "sent" ? null : "451 <persoon.1@voorbeeld-mail.nl> try later",
      history: [{ channel: "email", outcome: "deferred", reason: "451 <persoon.1@voorbeeld-mail.nl>" }],
      ...(status === "sent" ? { sentAt: new Date("2026-12-01T10:00:01Z") } : {}),
    });
    const written = await deliveries.recordOutcomes(db.db, "w1", [
      outcome(mine.id, "sent"),
      outcome(taken.id, "sent"),
      outcome(back.id, "queued"),
    ]);
    expect(new Map(written)).toEqual(
      new Map([
        [mine.id, "running"],
        [back.id, "running"],
      ]),
    );
    const sent = await deliveries.get(db.db, mine.id);
    expect(sent).toMatchObject({ status: "sent", providerId: "relay-1", channels: ["email", "letter"] });
    expect(sent?.sentAt?.toISOString()).toBe("2026-12-01T10:00:01.000Z");
    expect(await deliveries.get(db.db, taken.id)).toMatchObject({ status: "sending", providerId: null });
    const queued = await deliveries.get(db.db, back.id);
    expect(queued).toMatchObject({ status: "queued", attempts: 1, channelIndex: 1 });
    expect(JSON.stringify(queued)).not.toContain("persoon.1@voorbeeld-mail.nl");
    // Written once: the claim ended with it.
    expect((await deliveries.recordOutcomes(db.db, "w1", [outcome(mine.id, "queued")])).size).toBe(0);

    // A row that goes back to the queue of a cancelled campaign ends cancelled, and the write says so.
    await campaigns.changeStatus(db.db, campaign.organisationId, campaign.id, {
      from: "running",
      to: "cancelled",
    });
    const late = await deliveries.recordOutcomes(db.db, "w1", [outcome(cancelledLater.id, "queued")]);
    expect([...late]).toEqual([[cancelledLater.id, "cancelled"]]);
    expect((await deliveries.get(db.db, cancelledLater.id))?.status).toBe("cancelled");
  });

  it("masks addresses in the errors and history it stores", async () => {
    const campaign = await campaignOf(1);
    const [row] = await deliveries.claim(db.db, campaign.id, "w1", 1);
    if (!row) throw new Error("nothing claimed");
    await deliveries.record(db.db, row.id, {
      status: "failed",
      lastError: "550 <persoon.0@voorbeeld-mail.nl> unknown",
      history: [{ channel: "email", outcome: "bounced", reason: "550 <persoon.0@voorbeeld-mail.nl>" }],
    });
    const stored = await deliveries.get(db.db, row.id);
    expect(JSON.stringify(stored)).not.toContain("persoon.0@voorbeeld-mail.nl");
    expect(stored?.lastError).toContain("550");
  });

  it("gives back only the rows the worker holds, and a cancelled campaign's rows end cancelled", async () => {
    const campaign = await campaignOf(3);
    const held = (await deliveries.claim(db.db, campaign.id, "w1", 3)).map((d) => d.id);
    expect(await deliveries.release(db.db, "w2", held)).toBe(0);
    expect(await deliveries.release(db.db, "w1", held.slice(0, 1))).toBe(1);
    expect((await deliveries.get(db.db, held[0] as number))?.status).toBe("queued");

    await campaigns.changeStatus(db.db, campaign.organisationId, campaign.id, {
      from: "running",
      to: "cancelled",
    });
    expect(await deliveries.cancelQueued(db.db, campaign.id)).toBe(1);
    expect(await deliveries.release(db.db, "w1", held.slice(1, 2))).toBe(1);
    expect(await deliveries.record(db.db, held[2] as number, { status: "queued" }, "sending", "w1")).toBe(
      true,
    );
    for (const id of held) expect((await deliveries.get(db.db, id))?.status).toBe("cancelled");
    expect(await deliveries.hasOpenWork(db.db, campaign.id)).toBe(false);
  });

  it("puts a row into a job once, and again only after its job finished without it", async () => {
    const campaign = await campaignOf(7);
    const first = await deliveries.takeForEnqueue(db.db, campaign.id, 5, 2);
    expect(first.map((b) => b.ids.length)).toEqual([2, 2, 1]);
    const second = await deliveries.takeForEnqueue(db.db, campaign.id, 10, 2);
    const third = await deliveries.takeForEnqueue(db.db, campaign.id, 10, 2);
    const ids = [...first, ...second, ...third].flatMap((b) => b.ids);
    expect(ids).toHaveLength(7);
    expect(new Set(ids).size).toBe(7);
    expect(third).toEqual([]);

    // The first job's worker sent one row and left the other: only the unsent one is enqueued again.
    const job = first[0];
    if (!job) throw new Error("no job");
    const [sent] = await deliveries.claim(db.db, campaign.id, "w1", 1, job.ids.slice(0, 1));
    if (!sent) throw new Error("nothing claimed");
    // A claimed row has left its job: its holder answers for it (and its writes skip the job index). The
    // other still waits in the campaign's pool, its job's range.
    const jobOf = async (id: number) =>
      (await db.db.selectFrom("deliveries").select("job_id").where("id", "=", id).executeTakeFirst())?.job_id;
    expect(await jobOf(sent.id)).toBeNull();
    expect(await jobOf(job.ids[1] as number)).toBe(campaign.id);
    await deliveries.recordOutcome(db.db, sent.id, { status: "sent" }, "w1");
    expect(await deliveries.finishJobs(db.db, [job.jobId])).toBe(1);
    const again = await deliveries.takeForEnqueue(db.db, campaign.id, 10, 2);
    expect(again.flatMap((b) => b.ids)).toEqual(job.ids.slice(1));
    expect(await jobOf(job.ids[1] as number)).toBe(again[0]?.jobId);
    // Its new job is lost: the row is enqueued a third time.
    expect(await deliveries.finishJobs(db.db, [again[0]?.jobId as string])).toBe(1);
    expect((await deliveries.takeForEnqueue(db.db, campaign.id, 10, 2)).flatMap((b) => b.ids)).toEqual(
      job.ids.slice(1),
    );
  });

  it("hands the pool to jobs without writing its rows, each row once even to two sweepers at once", async () => {
    const campaign = await campaignOf(9);
    const versions = async () =>
      (
        await sql<{ id: number; version: string }>`select id, xmin::text as version from deliveries
          where campaign_id = ${campaign.id} order by id`.execute(db.db)
      ).rows;
    const before = await versions();
    // Four sweepers on four open connections (on PostgreSQL; PGlite has one), taking two rows each at once.
    const four = [1, 2, 3, 4];
    await Promise.all(four.map(() => sql`select pg_sleep(0.05)`.execute(db.db)));
    const taken = await Promise.all(four.map(() => deliveries.takeForEnqueue(db.db, campaign.id, 2, 2)));
    const rest = await deliveries.takeForEnqueue(db.db, campaign.id, 10, 2);
    const ids = [...taken.flat(), ...rest].flatMap((job) => job.ids);
    expect(ids.sort((x, y) => x - y)).toEqual(before.map((row) => row.id));
    expect(await versions()).toEqual(before);
    expect(await deliveries.takeForEnqueue(db.db, campaign.id, 10, 2)).toEqual([]);
  });

  it("renews a live worker's claims and gives back a dead worker's after the lease", async () => {
    const campaign = await campaignOf(2);
    await deliveries.claim(db.db, campaign.id, "live", 1);
    await deliveries.claim(db.db, campaign.id, "dead", 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(await deliveries.renewClaims(db.db, "live")).toBe(1);
    const { requeued } = await deliveries.requeueStale(db.db, 200);
    expect(requeued).toBeGreaterThanOrEqual(1);
    // The dead worker's row is claimable again; the live worker's is not.
    const reclaimed = await deliveries.claim(db.db, campaign.id, "next", 10);
    expect(reclaimed).toHaveLength(1);
  });
});
