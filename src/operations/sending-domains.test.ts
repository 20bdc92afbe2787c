/**
 * The sender profile and sending domains through the actor: an admin key sets the profile and adds and lists
 * domains, a read key only reads, and only the operator vouches for a domain by hand (audit-logged with why).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SAMPLE_ORGANISATION } from "../messages/index.ts";
import { organisations } from "../store/index.ts";
import { engineCases, openTestDatabase, type TestDatabase } from "../store/testing.ts";
import { keyActor, operatorActor } from "./actor.ts";
import { setProfile, showProfile } from "./sender-profile.ts";
import { addDomain, listDomains, verifyDomainByHand } from "./sending-domains.ts";

describe.each(engineCases())("profile and domain operations on %s", (engine) => {
  let db: TestDatabase;
  let organisationId = "";
  const key = (scope: "read" | "write" | "send" | "admin") =>
    keyActor({ holder: `Kim ${scope}`, organisationId, scope });

  beforeAll(async () => {
    db = await openTestDatabase(engine);
    organisationId = (await organisations.create(db.db, { slug: "domains-a", name: "A" })).id;
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });

  it("lets an admin key set the profile and add domains; other roles only read", async () => {
    const profile = { ...SAMPLE_ORGANISATION, dkim: { signer: "relay" } };
    for (const scope of ["read", "write", "send"] as const) {
      await expect(setProfile(db, key(scope), { profile })).rejects.toMatchObject({ code: "forbidden" });
      await expect(addDomain(db, key(scope), { domain: "voorbeeld.nl" })).rejects.toMatchObject({
        code: "forbidden",
      });
    }
    const set = await setProfile(db, key("admin"), { profile });
    expect(set.domains.map((d) => d.domain)).toEqual(["voorbeeldtelecom.nl"]);
    expect((await showProfile(db, key("read"))).profile.name).toBe(SAMPLE_ORGANISATION.name);
    await addDomain(db, key("admin"), { domain: "Voorbeeld.NL." });
    expect((await listDomains(db, key("read"))).map((d) => d.domain).sort()).toEqual([
      "voorbeeld.nl",
      "voorbeeldtelecom.nl",
    ]);
  });

  it("lets only the operator vouch for a domain by hand, audit-logged with the reason", async () => {
    for (const scope of ["read", "write", "send", "admin"] as const) {
      await expect(
        verifyDomainByHand(db, key(scope), { domain: "voorbeeld.nl", reason: "trust me" }),
      ).rejects.toMatchObject({ code: "forbidden" });
    }
    expect((await listDomains(db, key("read"))).every((d) => d.status === "unverified")).toBe(true);
    const vouched = await verifyDomainByHand(db, operatorActor("os:olga", organisationId), {
      domain: "voorbeeld.nl",
      reason: "offline installation",
    });
    expect(vouched).toMatchObject({ status: "verified", method: "manual", verifiedBy: "os:olga" });
    const entry = await db.db
      .selectFrom("audit_log")
      .select(["actor", "details"])
      .where("action", "=", "organisation.domain-verified")
      .executeTakeFirstOrThrow();
    expect(entry).toEqual({
      actor: "os:olga",
      details: { domain: "voorbeeld.nl", method: "manual", reason: "offline installation" },
    });
  });
});
