/**
 * API keys through the operations: the operator issues, lists and revokes an organisation's keys; each change
 * is audit-logged; no key can issue keys; another organisation's key cannot be revoked (not found).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKeys, organisations } from "../store/index.ts";
import { engineCases, openTestDatabase, type TestDatabase } from "../store/testing.ts";
import { keyActor, operatorActor } from "./actor.ts";
import { createKey, listKeys, presentCreatedKey, presentKey, revokeKey } from "./keys.ts";

describe.each(engineCases())("key operations on %s", (engine) => {
  let db: TestDatabase;
  let orgA = "";
  let orgB = "";
  beforeAll(async () => {
    db = await openTestDatabase(engine);
    orgA = (await organisations.create(db.db, { slug: "keys-a", name: "A" })).id;
    orgB = (await organisations.create(db.db, { slug: "keys-b", name: "B" })).id;
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });

  const auditOf = (action: string, subject: string) =>
    db.db
      .selectFrom("audit_log")
      .select(["actor", "details"])
      .where("action", "=", action)
      .where("subject", "=", subject)
      .execute();

  it("issues a key whose secret authenticates, shown once, audit-logged without the secret", async () => {
    const created = await createKey(db, operatorActor("os:olga", orgA), {
      scope: "write",
      holder: " Sam  Jansen ",
      label: "import",
    });
    const shown = presentCreatedKey(created);
    expect(shown).toMatchObject({
      organisationId: orgA,
      scope: "write",
      holder: "Sam Jansen",
      label: "import",
    });
    expect(shown.secret.startsWith(shown.hint)).toBe(true);
    expect((await apiKeys.authenticate(db.db, shown.secret))?.id).toBe(shown.id);
    const entries = await auditOf("apikey.created", shown.id);
    expect(entries).toEqual([
      {
        actor: "os:olga",
        details: { organisation: orgA, scope: "write", holder: "Sam Jansen", hint: shown.hint },
      },
    ]);
    expect(JSON.stringify(entries)).not.toContain(shown.secret);

    const listed = (await listKeys(db, operatorActor("os:olga", orgA))).map(presentKey);
    const { secret: _, ...withoutSecret } = shown;
    expect(listed).toEqual([withoutSecret]);
    expect(JSON.stringify(listed)).not.toContain(shown.secret);
    expect(await listKeys(db, operatorActor("os:olga", orgB))).toEqual([]);
  });

  it("names every invalid field", async () => {
    await expect(
      createKey(db, operatorActor("os:olga", orgA), { scope: "root", holder: " ", label: "x".repeat(201) }),
    ).rejects.toMatchObject({
      code: "invalid",
      problems: [{ path: "scope" }, { path: "holder" }, { path: "label" }],
    });
  });

  it("revokes a live key of the organisation once; another organisation's key is not found", async () => {
    const { key, secret } = await createKey(db, operatorActor("os:olga", orgA), {
      scope: "read",
      holder: "Kim",
    });
    await expect(revokeKey(db, operatorActor("os:olga", orgB), { id: key.id })).rejects.toMatchObject({
      code: "not-found",
    });
    expect(await apiKeys.authenticate(db.db, secret)).toBeDefined();
    await revokeKey(db, operatorActor("os:olga", orgA), { id: key.id });
    expect(await apiKeys.authenticate(db.db, secret)).toBeUndefined();
    expect(await auditOf("apikey.revoked", key.id)).toEqual([
      { actor: "os:olga", details: { organisation: orgA } },
    ]);
    await expect(revokeKey(db, operatorActor("os:olga", orgA), { id: key.id })).rejects.toMatchObject({
      code: "not-found",
      problems: [{ path: "id", message: `no live key ${key.id} of organisation keys-a` }],
    });
  });

  it("refuses every API key, even admin, and the operator without an organisation", async () => {
    for (const scope of ["read", "write", "send", "admin"] as const) {
      const actor = keyActor({ holder: "Kim", organisationId: orgA, scope });
      await expect(createKey(db, actor, { scope: "admin", holder: "Kim" })).rejects.toMatchObject({
        code: "forbidden",
      });
      await expect(listKeys(db, actor)).rejects.toMatchObject({ code: "forbidden" });
      await expect(revokeKey(db, actor, { id: orgA })).rejects.toMatchObject({ code: "forbidden" });
    }
    await expect(
      createKey(db, operatorActor("os:olga"), { scope: "read", holder: "Kim" }),
    ).rejects.toMatchObject({ code: "invalid" });
  });
});
