// One normaliser for validation and look-ups: a victim imported through intake is found by the store when
// someone types the same address or number differently.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateRow } from "../src/intake/row.ts";
import { breaches, organisations, smsOptOuts, victims } from "../src/store/index.ts";
import { engineCases, openTestDatabase, type TestDatabase } from "../src/store/testing.ts";

describe.each(engineCases())("look-up keys through intake and the store on %s", (engine) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase(engine);
  });
  afterAll(() => db.close());

  it("finds an imported victim by the e-mail address and phone number as typed elsewhere", async () => {
    const organisation = await organisations.create(db.db, { slug: "lookup", name: "Voorbeeld BV" });
    const breach = await breaches.create(db.db, {
      organisationId: organisation.id,
      slug: "lookup",
      title: "Klantgegevens gestolen",
      facts: {
        awareAt: "2026-02-10T14:00:00+01:00",
        nature: ["confidentiality"],
        data: [{ category: "email" }],
      },
    });
    const row = validateRow(
      { external_id: "K1", email: " Jan.Jansen@Bücher.example ", phone: "06-1234 5678" },
      2,
      { breachCategories: new Set(["email", "phone"]) },
    );
    if (!row.accepted) throw new Error("fixture row refused");
    const { victim } = row.accepted;
    await victims.upsertBatch(db.db, db.keys, breach.id, [victim]);

    for (const email of [
      "jan.jansen@bücher.example",
      "JAN.JANSEN@XN--BCHER-KVA.EXAMPLE",
      victim.email ?? "",
    ]) {
      expect((await victims.findByEmail(db.db, db.keys, breach.id, email))?.externalId).toBe("K1");
    }
    for (const phone of ["+31612345678", "0031 6 12 34 56 78", "+31 (0)6-12345678", victim.phone ?? ""]) {
      expect((await victims.findByPhone(db.db, db.keys, breach.id, phone))?.externalId).toBe("K1");
    }
    await smsOptOuts.add(db.db, db.keys, "+31612345678");
    expect(await smsOptOuts.has(db.db, db.keys, victim.phone ?? "")).toBe(true);
  });
});
