/**
 * The retention check (framework K17, issue 17 item 7) on both engines: a breach's victims whose relationship
 * ended longer before the discovery than the register's stated period, and whose leaked data the entry covers,
 * are counted (counts only); a victim without categories of their own counts with all of the breach's; leaked
 * kinds of data the register does not mention are named; a draft register is used until one is published; and
 * the relation end date travels from the victim file through the import into its own column.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SAMPLE_BREACH } from "../src/messages/index.ts";
import { operatorActor } from "../src/operations/actor.ts";
import { breachEvidence } from "../src/operations/evidence.ts";
import {
  publishTransparency,
  retentionCheck,
  saveTransparencyEntry,
} from "../src/operations/transparency.ts";
import { breaches, organisations, victims } from "../src/store/index.ts";
import { engineCases, openTestDatabase, type TestDatabase } from "../src/store/testing.ts";

const AWARE = "2026-02-10T09:00:00Z";
const FACTS = {
  ...SAMPLE_BREACH,
  awareAt: AWARE,
  data: [{ category: "name" }, { category: "email" }, { category: "iban" }, { category: "internal-notes" }],
};

describe.each(engineCases())("retention check on %s", (engine) => {
  let db: TestDatabase;
  let orgA = "";
  let breachId = "";
  const actor = () => operatorActor("os:test", orgA);

  beforeAll(async () => {
    db = await openTestDatabase(engine);
    orgA = (await organisations.create(db.db, { slug: `retention-${engine}`, name: "Telecom" })).id;
    breachId = (
      await breaches.create(db.db, {
        organisationId: orgA,
        slug: "lek",
        title: "Lek",
        facts: FACTS as unknown as Record<string, unknown> & { awareAt: string },
      })
    ).id;
    await victims.insertBatch(db.db, db.keys, breachId, [
      // Ended 3 years before discovery, e-mail leaked: past a 2-year period.
      { externalId: "old-email", categories: ["email"], relationEnded: "2023-01-15" },
      // Ended 1 year before: within it.
      { externalId: "recent", categories: ["email"], relationEnded: "2025-02-01" },
      // Exactly 24 months before discovery: not past it.
      { externalId: "edge", categories: ["email"], relationEnded: "2024-02-10" },
      // Ended long ago, but only the IBAN leaked, which a 5-year entry covers.
      { externalId: "old-iban", categories: ["iban"], relationEnded: "2022-06-30" },
      // No categories of their own: all of the breach's leaked.
      { externalId: "old-all", relationEnded: "2020-12-31" },
      // Still a customer.
      { externalId: "customer", categories: ["email"] },
    ]);
  }, 60_000);
  afterAll(async () => db?.close());

  it("says a breach without a register has one missing, and names every leaked kind of data", async () => {
    const check = await retentionCheck(db, actor(), { breachId });
    expect(check).toMatchObject({ register: "none", peopleWithEndDate: 5, keptTooLong: [] });
    expect(check.notInRegister).toEqual(["name", "email", "iban", "internal-notes"]);
  });

  it("counts people kept past the stated period, from the draft until one is published", async () => {
    await saveTransparencyEntry(db, actor(), {
      entry: {
        categories: ["name", "email"],
        purpose: { nl: "Klantcontact." },
        legalBasis: "b",
        retentionMonths: 24,
        retentionFrom: "relation-end",
      },
    });
    await saveTransparencyEntry(db, actor(), {
      entry: {
        categories: ["iban"],
        purpose: { nl: "Betalen." },
        legalBasis: "c",
        retentionMonths: 84,
        retentionFrom: "relation-end",
      },
    });
    // Counted from collection: not a relationship's end, so not part of this check.
    await saveTransparencyEntry(db, actor(), {
      entry: {
        categories: ["location"],
        purpose: { nl: "Netwerk." },
        legalBasis: "c",
        retentionMonths: 6,
        retentionFrom: "collection",
      },
    });
    const draft = await retentionCheck(db, actor(), { breachId });
    expect(draft.register).toBe("draft");
    expect(draft.keptTooLong).toEqual([
      { categories: ["name", "email"], months: 24, endedBefore: "2024-02-10", people: 2 },
      { categories: ["iban"], months: 84, endedBefore: "2019-02-10", people: 0 },
    ]);
    expect(draft.notInRegister).toEqual(["internal-notes"]);
    await publishTransparency(db, actor());
    expect(await retentionCheck(db, actor(), { breachId })).toMatchObject({
      register: "published",
      version: 1,
    });
    // A re-import (the merge path) that gives a date where there was none counts that person too.
    await victims.upsertBatch(db.db, db.keys, breachId, [
      { externalId: "customer", categories: ["email"], relationEnded: "2021-05-31" },
    ]);
    const evidence = await breachEvidence(db, actor(), { breachId });
    expect(evidence.retention.keptTooLong[0]).toMatchObject({ people: 3 });
    expect(evidence.retention.peopleWithEndDate).toBe(6);
    expect(JSON.stringify(evidence.retention)).not.toContain("old-email");
  });

  it("finds another organisation's breach not at all", async () => {
    const orgB = (await organisations.create(db.db, { slug: `retention-b-${engine}`, name: "B" })).id;
    await expect(retentionCheck(db, operatorActor("os:b", orgB), { breachId })).rejects.toMatchObject({
      code: "not-found",
    });
  });
});
