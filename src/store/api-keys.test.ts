/**
 * API keys: a secret shown once, stored only as a digest, that authenticates until it is revoked; one role per
 * key, and the holder's name as the four-eyes rule compares it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_KEY_SCOPES, type ApiKeyScope, apiKeys, organisations, scopeAllows } from "./index.ts";
import { engineCases, openTestDatabase, type TestDatabase } from "./testing.ts";

describe("scopeAllows", () => {
  it("lets every role read and no role do another's work", () => {
    for (const held of API_KEY_SCOPES) {
      expect(scopeAllows(held, "read"), held).toBe(true);
      for (const needed of API_KEY_SCOPES.filter((s) => s !== "read"))
        expect(scopeAllows(held, needed), `${held} → ${needed}`).toBe(held === needed);
    }
  });
});

describe.each(engineCases())("api keys on %s", (engine) => {
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

  const newKey = (organisationId: string, scope: ApiKeyScope = "write", holder = "Ada Jansen") =>
    apiKeys.create(db.db, { organisationId, scope, holder, label: "test", createdBy: "operator" });

  it("shows the secret once and keeps only a digest of it", async () => {
    const { key, secret } = await newKey(orgA);
    expect(secret).toMatch(/^lwk_[A-Za-z0-9_-]{40,}$/);
    expect(secret.startsWith(key.hint)).toBe(true);
    expect(key.hint.length).toBeLessThan(secret.length / 3);
    const stored = await db.db
      .selectFrom("api_keys")
      .selectAll()
      .where("id", "=", key.id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain(secret);
    expect(JSON.stringify(stored)).not.toContain(secret.slice(12));
  });

  it("authenticates its own secret only, with its organisation, scope and holder", async () => {
    const { key, secret } = await newKey(orgA, "send", "  Bram   de  Vries ");
    expect(await apiKeys.authenticate(db.db, secret)).toEqual(key);
    expect(key).toMatchObject({
      organisationId: orgA,
      scope: "send",
      holder: "Bram de Vries",
      revokedAt: null,
    });
    // One character off, a missing prefix, or absurd length: no key, and no error either.
    const last = secret.at(-1) === "A" ? "B" : "A";
    for (const wrong of [`${secret.slice(0, -1)}${last}`, secret.slice(4), `${secret}${"x".repeat(200)}`, ""])
      expect(await apiKeys.authenticate(db.db, wrong)).toBeUndefined();
  });

  it("refuses a key without a named holder", async () => {
    await expect(newKey(orgA, "read", "   ")).rejects.toThrow(/holder/);
  });

  it("stops authenticating a revoked key, and revokes only within the key's organisation", async () => {
    const { key, secret } = await newKey(orgA, "admin");
    expect(await apiKeys.revoke(db.db, orgB, key.id)).toBe(false);
    expect(await apiKeys.authenticate(db.db, secret)).toBeDefined();
    expect(await apiKeys.revoke(db.db, orgA, key.id)).toBe(true);
    expect(await apiKeys.authenticate(db.db, secret)).toBeUndefined();
    expect(await apiKeys.revoke(db.db, orgA, key.id)).toBe(false);
    const listed = (await apiKeys.listByOrganisation(db.db, orgA)).find((k) => k.id === key.id);
    expect(listed?.revokedAt).toBeInstanceOf(Date);
  });

  it("lists an organisation's keys and no one else's", async () => {
    const { key } = await newKey(orgB, "read", "Carla");
    const listB = await apiKeys.listByOrganisation(db.db, orgB);
    expect(listB.map((k) => k.id)).toEqual([key.id]);
    const listA = await apiKeys.listByOrganisation(db.db, orgA);
    expect(listA.length).toBeGreaterThan(0);
    expect(listA.every((k) => k.organisationId === orgA)).toBe(true);
  });
});
