/**
 * Breach operations: who may create, read and list; another organisation's breach is not found, exactly like
 * a missing one; every creation is audited under the actor's name; only the operator lists across
 * organisations.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { organisations } from "../store/index.ts";
import { engineCases, openTestDatabase, type TestDatabase } from "../store/testing.ts";
import { type Actor, keyActor, operatorActor } from "./actor.ts";
import {
  createBreach,
  getBreach,
  listBreaches,
  listBreachesOfAllOrganisations,
  presentBreach,
} from "./breaches.ts";
import { OperationProblem } from "./context.ts";

const FACTS = JSON.parse(
  readFileSync(resolve(import.meta.dirname, "../../examples/telecom-crm-theft.json"), "utf8"),
).facts;

const refusal = (code: OperationProblem["code"]) =>
  expect.objectContaining({ name: "OperationProblem", code });

describe.each(engineCases())("breach operations on %s", (engine) => {
  let db: TestDatabase;
  const key = (organisationId: string, scope: "read" | "write" | "send" | "admin"): Actor =>
    keyActor({ holder: `${scope} holder`, organisationId, scope });
  let orgA = "";
  let orgB = "";
  beforeAll(async () => {
    db = await openTestDatabase(engine);
    orgA = (await organisations.create(db.db, { slug: "ops-a", name: "A" })).id;
    orgB = (await organisations.create(db.db, { slug: "ops-b", name: "B" })).id;
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });
  const auditOf = (subject: string) =>
    db.db
      .selectFrom("audit_log")
      .select(["actor", "action", "details"])
      .where("subject", "=", subject)
      .execute();
  const auditCount = async () => (await db.db.selectFrom("audit_log").select("seq").execute()).length;

  it("creates a breach of the actor's organisation, assessed and audited under the actor's name", async () => {
    const breach = await createBreach(db, key(orgA, "write"), { facts: FACTS, slug: "ops-lek" });
    expect(breach).toMatchObject({ organisationId: orgA, slug: "ops-lek", status: "assessed" });
    expect(breach.assessment).toHaveProperty("risk");
    expect(await auditOf(breach.id)).toEqual([
      {
        actor: "holder:write holder",
        action: "breach.created",
        details: { organisation: orgA, slug: "ops-lek", risk: (breach.assessment as { risk: string }).risk },
      },
    ]);
    expect(presentBreach(breach, { full: false })).toEqual({
      id: breach.id,
      slug: "ops-lek",
      title: breach.title,
      status: "assessed",
      awareAt: breach.awareAt.toISOString(),
      createdAt: breach.createdAt.toISOString(),
      legalHold: false,
    });
    expect(presentBreach(breach, { full: true })).toMatchObject({
      facts: breach.facts,
      assessment: breach.assessment,
    });
  });

  it("refuses roles without the write role, and writes nothing for a refusal", async () => {
    const before = await auditCount();
    for (const scope of ["read", "send", "admin"] as const)
      await expect(createBreach(db, key(orgA, scope), { facts: FACTS })).rejects.toEqual(
        refusal("forbidden"),
      );
    await expect(createBreach(db, operatorActor("os:ops"), { facts: FACTS })).rejects.toEqual(
      refusal("invalid"),
    );
    expect(await auditCount()).toBe(before);
  });

  it("names every problem of the facts and of the slug", async () => {
    const bad = await createBreach(db, key(orgA, "write"), { facts: { awareAt: "yesterday" } }).catch(
      (e) => e,
    );
    expect(bad).toBeInstanceOf(OperationProblem);
    expect((bad as OperationProblem).problems.map((p) => p.path)).toContain("awareAt");
    const slug = await createBreach(db, key(orgA, "write"), { facts: FACTS, slug: "A!" }).catch((e) => e);
    expect((slug as OperationProblem).problems).toEqual([{ path: "slug", message: expect.any(String) }]);
    const taken = await createBreach(db, key(orgA, "write"), { facts: FACTS, slug: "ops-lek" }).catch(
      (e) => e,
    );
    expect((taken as OperationProblem).problems).toEqual([
      { path: "slug", message: expect.stringMatching(/exists/) },
    ]);
  });

  it("finds and lists only the actor's organisation's breaches: another's is not found, like a missing one", async () => {
    const breach = await createBreach(db, key(orgB, "write"), { facts: FACTS, slug: "ops-lek" });
    expect((await getBreach(db, key(orgB, "read"), { breachId: breach.id })).id).toBe(breach.id);
    await expect(getBreach(db, key(orgA, "admin"), { breachId: breach.id })).rejects.toEqual(
      refusal("not-found"),
    );
    await expect(getBreach(db, key(orgA, "read"), { breachId: randomUUID() })).rejects.toEqual(
      refusal("not-found"),
    );
    expect((await listBreaches(db, key(orgB, "read"))).map((b) => b.id)).toEqual([breach.id]);
    expect((await listBreaches(db, key(orgA, "send"))).map((b) => b.slug)).toEqual(["ops-lek"]);
  });

  it("lists every organisation's breaches for the operator only", async () => {
    for (const scope of ["read", "write", "send", "admin"] as const)
      await expect(listBreachesOfAllOrganisations(db, key(orgA, scope))).rejects.toEqual(
        refusal("forbidden"),
      );
    const all = await listBreachesOfAllOrganisations(db, operatorActor("os:ops"));
    expect(all.map((r) => r.organisationSlug).sort()).toEqual(["ops-a", "ops-b"]);
    expect(all.every((r) => r.breach.slug === "ops-lek")).toBe(true);
  });
});
