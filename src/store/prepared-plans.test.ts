import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliveries } from "./deliveries.ts";
import { type DomainLimitSettings, domainLimits } from "./domain-limits.ts";
import { type DatabaseHandle, openDatabase } from "./engine.ts";
import { openTestDatabase, populatedCampaign, type TestDatabase } from "./testing.ts";

/**
 * The statements a sending worker runs for every few messages (its outcome writes, the per-domain limiter's
 * rounds) are prepared, because planning one costs the server more than running it. That only helps if the
 * server keeps a plan, which it decides for itself: this checks that it does, on PostgreSQL (PGlite runs them
 * unprepared, on its one connection).
 */
const SETTINGS: DomainLimitSettings = {
  initialConcurrency: 4,
  maxConcurrency: 20,
  initialRate: 20,
  maxRate: 200,
  minRate: 0.5,
  rateStep: 2,
  increaseEvery: 20,
  backoffMs: 30_000,
  maxBackoffMs: 900_000,
};

describe.runIf(process.env.TEST_DATABASE_URL)("prepared statements on PostgreSQL", () => {
  let db: TestDatabase;
  let single: DatabaseHandle;
  const groups = Array.from({ length: 40 }, (_, i) => `d${i}.example`);
  beforeAll(async () => {
    db = await openTestDatabase("postgres");
    if (db.shared.engine !== "postgres") throw new Error("a PostgreSQL test database was expected");
    const { databaseUrl, schema } = db.shared;
    // One connection, so every round runs on the connection whose prepared statements are read below.
    single = await openDatabase({ databaseUrl, ...(schema ? { schema } : {}), poolSize: 1 });
    await domainLimits.ensureGroups(single.db, groups, SETTINGS);
  });
  afterAll(async () => {
    await single?.close();
    await db?.close();
  });

  /** The plans the server made for the prepared statement whose text holds `marker`. */
  async function plansOf(marker: string) {
    const { rows } = await sql<{ generic_plans: string; custom_plans: string }>`
      select generic_plans, custom_plans from pg_prepared_statements
      where strpos(statement, ${marker}) > 0`.execute(single.db);
    expect(rows).toHaveLength(1);
    return { generic: Number(rows[0]?.generic_plans), custom: Number(rows[0]?.custom_plans) };
  }

  it("keeps one plan for a reservoir round, whatever the number of groups in each", async () => {
    for (let round = 0; round < 12; round += 1) {
      const requests = groups.slice(round, round + 1 + (round % 4)).map((group, k) => ({
        group,
        sent: 1,
        rejected: 0,
        freed: [`lease-${round - 1}-${k}`],
        leases: [`lease-${round}-${k}`],
        tokens: 1,
        spareTokens: 2,
      }));
      const settled = await domainLimits.settleGroups(single.db, {
        requests,
        leaseMs: 60_000,
        settings: SETTINGS,
      });
      expect(settled.size).toBe(requests.length);
    }
    // The server tries five plans made for the values, then keeps one made without them if it is no dearer.
    expect(await plansOf("want_spare")).toEqual({ custom: 5, generic: 7 });
  });

  it("keeps one plan for a take, whatever the number of groups in it", async () => {
    for (let round = 0; round < 12; round += 1) {
      const requests = groups.slice(round, round + 1 + (round % 3)).map((group, k) => ({
        group,
        leases: [`take-${round}-${k}`],
      }));
      const answers = await domainLimits.takeGroups(single.db, {
        requests,
        leaseMs: 60_000,
        settings: SETTINGS,
      });
      expect(answers.size).toBe(requests.length);
    }
    expect(await plansOf("r(group_key, wanted)")).toEqual({ custom: 5, generic: 7 });
  });

  it("keeps one plan for a worker's outcome writes, whatever the number of rows in each", async () => {
    const campaign = await populatedCampaign(db, 30);
    const held = (await deliveries.claim(db.db, campaign.id, "w1", 30)).map((row) => row.id);
    for (let round = 0; held.length > 0; round += 1) {
      const ids = held.splice(0, 1 + (round % 4));
      const written = await deliveries.recordOutcomes(
        single.db,
        "w1",
        ids.map((id) => ({
          id,
          status: "sent" as const,
          channels: ["email"],
          channelIndex: 0,
          attempts: 0,
          notBefore: new Date(),
          providerId: `relay-${id}`,
          lastError: null,
          history: [],
          sentAt: new Date(),
        })),
      );
      expect(written.size).toBe(ids.length);
    }
    expect(await plansOf("as last_error")).toEqual({ custom: 5, generic: 7 });
  });
});
