import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_BREACH_SLUG, demoVictims, loadDemo } from "../src/cli/demo.ts";
import { audit, breaches, victims } from "../src/store/index.ts";
import { engineCases, openTestDatabase, type TestDatabase } from "../src/store/testing.ts";

describe.each(engineCases())("demo breach on %s", (engine) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase(engine);
  }, 60_000);
  afterAll(async () => db?.close());

  it("loads once, assessed, with invented victims who can be found again", async () => {
    expect(await loadDemo(db)).toBe(true);
    expect(await loadDemo(db)).toBe(false);
    const breach = await breaches.getBySlug(db.db, DEMO_BREACH_SLUG);
    expect(breach?.status).toBe("assessed");
    expect(breach?.assessment).toMatchObject({ risk: "high", largeBreach: true });
    const counts = await victims.countByBreach(db.db, breach?.id ?? "");
    expect(counts.total).toBe(demoVictims().length);
    expect(counts.unreachable).toBe(0);
    const someone = demoVictims().find((v) => v.email);
    const found = await victims.findByEmail(db.db, db.keys, breach?.id ?? "", someone?.email ?? "");
    expect(found?.name).toBe(someone?.name);
    expect(await audit.verify(db.db, db.keys)).toMatchObject({ ok: true, count: 1 });
  });

  it("uses only reserved example addresses", () => {
    for (const v of demoVictims()) if (v.email) expect(v.email).toMatch(/@example\.org$/);
  });
});
