/**
 * Victim counts of a breach: by category, flag, segment and known channel, without decrypting anything, and
 * only for the breach's own organisation (another organisation's id counts nothing).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { breaches, organisations, victimCounts, victims } from "./index.ts";
import { engineCases, openTestDatabase, type TestDatabase } from "./testing.ts";

describe.each(engineCases())("victim counts on %s", (engine) => {
  let db: TestDatabase;
  let orgA = "";
  let orgB = "";
  let breachId = "";
  beforeAll(async () => {
    db = await openTestDatabase(engine);
    orgA = (await organisations.create(db.db, { slug: "counts-a", name: "A" })).id;
    orgB = (await organisations.create(db.db, { slug: "counts-b", name: "B" })).id;
    const facts = { awareAt: "2026-02-10T14:00:00+01:00" };
    breachId = (await breaches.create(db.db, { organisationId: orgA, slug: "counts", title: "Lek", facts }))
      .id;
    await victims.insertBatch(db.db, db.keys, breachId, [
      {
        externalId: "1",
        email: "een@example.org",
        categories: ["name", "email"],
        segment: "klant",
        flags: ["minor"],
      },
      { externalId: "2", phone: "0612345678", categories: ["name"], segment: "klant" },
      {
        externalId: "3",
        name: "Drie",
        address: { street: "Straat", houseNumber: "1", postcode: "1234 AB", city: "Stad", country: "NL" },
        categories: ["name", "iban"],
        segment: "oud-klant",
      },
      { externalId: "4", categories: ["iban"] },
    ]);
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });

  it("counts by category, flag, segment and channel", async () => {
    const counts = await victimCounts.count(db.db, db.keys, orgA, breachId, ["minor", "deceased"]);
    expect(counts.total).toBe(4);
    expect(counts.byCategory).toEqual([
      { category: "name", count: 3 },
      { category: "iban", count: 2 },
      { category: "email", count: 1 },
    ]);
    expect(counts.byFlag).toEqual([{ flag: "minor", count: 1 }]);
    expect(counts.bySegment).toEqual([
      { segment: "klant", count: 2 },
      { segment: "oud-klant", count: 1 },
      { segment: null, count: 1 },
    ]);
    expect(counts.channels).toEqual({ email: 1, phone: 1, letterOnly: 1, reachable: 3, unreachable: 1 });
  });

  it("counts nothing for another organisation", async () => {
    const counts = await victimCounts.count(db.db, db.keys, orgB, breachId, ["minor"]);
    expect(counts.total).toBe(0);
    expect(counts.byCategory).toEqual([]);
    expect(counts.bySegment).toEqual([]);
    expect(counts.byFlag).toEqual([]);
  });
});
