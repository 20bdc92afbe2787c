/** Organisations: only the operator creates and lists them; creation is audit-logged; slugs are unique. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { engineCases, openTestDatabase, type TestDatabase } from "../store/testing.ts";
import { keyActor, operatorActor } from "./actor.ts";
import { OperationProblem } from "./context.ts";
import { createOrganisation, listOrganisations, presentOrganisation } from "./organisations.ts";

describe.each(engineCases())("organisation operations on %s", (engine) => {
  let db: TestDatabase;
  const operator = operatorActor("os:olga");
  beforeAll(async () => {
    db = await openTestDatabase(engine);
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });

  it("creates an organisation, audit-logged under the operator's name, and lists it", async () => {
    const created = await createOrganisation(db, operator, { slug: "voorbeeld", name: "  Voorbeeld BV " });
    expect(presentOrganisation(created)).toEqual({ id: created.id, slug: "voorbeeld", name: "Voorbeeld BV" });
    const entry = await db.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "organisation.created")
      .executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ actor: "os:olga", subject: created.id, details: { slug: "voorbeeld" } });
    expect((await listOrganisations(db, operator)).map((o) => o.slug)).toEqual(["voorbeeld"]);
  });

  it("refuses a slug in use (conflict) and names every invalid field", async () => {
    await expect(
      createOrganisation(db, operator, { slug: "voorbeeld", name: "Again" }),
    ).rejects.toMatchObject({
      code: "conflict",
      problems: [{ path: "slug" }],
    });
    const invalid = await createOrganisation(db, operator, { slug: "A", name: " " }).catch((e) => e);
    expect(invalid).toBeInstanceOf(OperationProblem);
    expect(invalid.problems.map((p: { path: string }) => p.path)).toEqual(["slug", "name"]);
  });

  it("refuses every API key, whatever its role: organisations are the operator's", async () => {
    const organisationId = (await listOrganisations(db, operator))[0]?.id ?? "";
    for (const scope of ["read", "write", "send", "admin"] as const) {
      const key = keyActor({ holder: "Kim", organisationId, scope });
      await expect(createOrganisation(db, key, { slug: "sneaky", name: "X" })).rejects.toMatchObject({
        code: "forbidden",
      });
      await expect(listOrganisations(db, key)).rejects.toMatchObject({ code: "forbidden" });
    }
    expect((await listOrganisations(db, operator)).map((o) => o.slug)).toEqual(["voorbeeld"]);
  });
});
