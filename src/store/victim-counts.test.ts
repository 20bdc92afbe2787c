/**
 * Victim counts of a breach: by category, flag, segment and known channel (a postal address too, kept at import
 * and filled in by reencrypt for older rows), without decrypting anything, and
 * only for the breach's own organisation (another organisation's id counts nothing).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { breaches, organisations, rotation, victimCounts, victims } from "./index.ts";
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
    expect(counts.channels).toEqual({
      email: 1,
      phone: 1,
      postal: 1,
      postalUnknown: 0,
      reachable: 3,
      unreachable: 1,
    });
  });

  it("counts postal addresses kept at import and on re-import, and fills older rows in on reencrypt", async () => {
    const channels = async () => (await victimCounts.count(db.db, db.keys, orgA, breachId, [])).channels;
    // The import decided that a letter reaches this person (through a representative's address, say); an
    // incomplete own address reaches nobody.
    await victims.upsertBatch(db.db, db.keys, breachId, [
      { externalId: "5", email: "vijf@example.org", channels: ["email", "letter"] },
      {
        externalId: "6",
        address: { street: "Straat", houseNumber: "", postcode: "1234 AB", city: "Stad", country: "NL" },
      },
      // Brought again with a full address: the merge keeps the flag up to date.
      {
        externalId: "2",
        phone: "0612345678",
        address: { street: "Laan", houseNumber: "2", postcode: "1234 AC", city: "Stad", country: "NL" },
        categories: ["name"],
        segment: "klant",
      },
    ]);
    expect(await channels()).toMatchObject({ postal: 3, postalUnknown: 0, reachable: 4, unreachable: 2 });
    // A row imported before the flag was kept is not guessed at, until reencrypt opens it.
    await db.db.updateTable("victims").set({ postal: null }).where("external_id", "in", ["3", "5"]).execute();
    expect(await channels()).toMatchObject({ postal: 1, postalUnknown: 2 });
    await rotation.reencrypt(db.db, db.keys);
    expect(await channels()).toMatchObject({ postal: 3, postalUnknown: 0 });
  });

  it("counts nothing for another organisation", async () => {
    const counts = await victimCounts.count(db.db, db.keys, orgB, breachId, ["minor"]);
    expect(counts.total).toBe(0);
    expect(counts.byCategory).toEqual([]);
    expect(counts.bySegment).toEqual([]);
    expect(counts.byFlag).toEqual([]);
  });
});
