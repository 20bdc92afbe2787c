/**
 * Breaches and import jobs are filtered on the organisation in SQL: with another organisation's id a query
 * neither finds nor changes the breach or its jobs; only the queries named `…AcrossOrganisations` cross.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Breach, breaches, imports, organisations } from "./index.ts";
import { engineCases, openTestDatabase, type TestDatabase } from "./testing.ts";

describe.each(engineCases())("organisation-scoped breach and import queries on %s", (engine) => {
  let db: TestDatabase;
  let orgA = "";
  let orgB = "";
  let breach: Breach;
  beforeAll(async () => {
    db = await openTestDatabase(engine);
    orgA = (await organisations.create(db.db, { slug: "scope-a", name: "A" })).id;
    orgB = (await organisations.create(db.db, { slug: "scope-b", name: "B" })).id;
    const facts = { awareAt: "2026-02-10T14:00:00+01:00" };
    breach = await breaches.create(db.db, { organisationId: orgA, slug: "scope-a", title: "Lek", facts });
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });

  it("changes a breach only for its own organisation", async () => {
    const at = new Date("2026-02-12T10:00:00Z");
    expect(await breaches.updateStatus(db.db, orgB, breach.id, "informed", at)).toBeUndefined();
    expect(await breaches.recordAuthorityNotified(db.db, orgB, breach.id, at)).toBe(false);
    await expect(breaches.setLegalHold(db.db, db.keys, orgB, breach.id, "Claim", "jurist")).rejects.toThrow(
      /No breach/,
    );
    const untouched = await breaches.get(db.db, orgA, breach.id);
    expect(untouched).toMatchObject({ status: "draft", authorityNotifiedAt: null, legalHold: null });

    expect(await breaches.recordAuthorityNotified(db.db, orgA, breach.id, at)).toBe(true);
    const held = await breaches.setLegalHold(db.db, db.keys, orgA, breach.id, "Claim", "jurist");
    expect(held.legalHold?.reason).toBe("Claim");
    await expect(breaches.releaseLegalHold(db.db, db.keys, orgB, breach.id, "jurist")).rejects.toThrow();
    expect((await breaches.releaseLegalHold(db.db, db.keys, orgA, breach.id, "jurist")).legalHold).toBeNull();
    expect((await breaches.get(db.db, orgA, breach.id))?.authorityNotifiedAt).toEqual(at);
    expect(await breaches.listByOrganisation(db.db, orgB)).toEqual([]);
    expect((await breaches.listAcrossOrganisations(db.db)).map((b) => b.id)).toContain(breach.id);
  });

  it("starts, reads, changes and lists import jobs only for the breach's organisation", async () => {
    expect(
      await imports.start(db.db, orgB, { breachId: breach.id, source: "api", actor: "x" }),
    ).toBeUndefined();
    const job = await imports.start(db.db, orgA, { breachId: breach.id, source: "api", actor: "holder:Ada" });
    expect(job).toMatchObject({ breachId: breach.id, status: "running", source: "api", actor: "holder:Ada" });
    const id = job?.id ?? "";
    expect(await imports.get(db.db, orgB, breach.id, id)).toBeUndefined();
    expect(await imports.listByBreach(db.db, orgB, breach.id)).toEqual([]);

    await imports.recordProgress(db.db, orgB, id, { rows: 99 });
    await imports.finish(db.db, orgB, id, { rows: 99 });
    await imports.fail(db.db, orgB, id, "not yours");
    expect(await imports.get(db.db, orgA, breach.id, id)).toMatchObject({ status: "running", progress: {} });

    await imports.appendReport(db.db, id, 0, Buffer.from("line,code\n"));
    const read = async (organisationId: string) => {
      const chunks: Buffer[] = [];
      for await (const chunk of imports.readReport(db.db, organisationId, id)) chunks.push(chunk);
      return Buffer.concat(chunks).toString();
    };
    expect(await read(orgB)).toBe("");
    expect(await read(orgA)).toBe("line,code\n");

    await imports.finish(db.db, orgA, id, { rows: 1 });
    expect(await imports.get(db.db, orgA, breach.id, id)).toMatchObject({
      status: "done",
      summary: { rows: 1 },
    });
    expect((await imports.listByBreach(db.db, orgA, breach.id)).map((j) => j.id)).toEqual([id]);
  });

  it("fails interrupted jobs of one organisation's breach, or across organisations at start-up", async () => {
    const job = await imports.start(db.db, orgA, { breachId: breach.id, source: "cli", actor: "cli" });
    const id = job?.id ?? "";
    expect(await imports.failInterrupted(db.db, orgB, breach.id, -60_000)).toBe(0);
    expect(await imports.failInterrupted(db.db, orgA, breach.id, -60_000)).toBe(1);
    expect((await imports.get(db.db, orgA, breach.id, id))?.status).toBe("failed");
    await imports.start(db.db, orgA, { breachId: breach.id, source: "cli", actor: "cli" });
    expect(await imports.failInterruptedAcrossOrganisations(db.db, -60_000)).toBe(1);
  });
});
