/**
 * Updates through the operations: a write role writes and publishes, a read role lists; texts are checked
 * (Dutch required, English optional, lengths) and B1 problems come back as warnings; every change is
 * audit-logged; another organisation's breach and update are not found.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { breaches, organisations } from "../store/index.ts";
import { engineCases, openTestDatabase, type TestDatabase } from "../store/testing.ts";
import { keyActor } from "./actor.ts";
import { createUpdate, listUpdates, presentCreatedUpdate, presentUpdate, publishUpdate } from "./updates.ts";

const TITLE = { nl: "We hebben het lek gedicht", en: "We closed the leak" };
const BODY = { nl: "De inbreker kan niet meer bij de gegevens. U hoeft niets te doen." };

describe.each(engineCases())("update operations on %s", (engine) => {
  let db: TestDatabase;
  let orgA = "";
  let orgB = "";
  let breachA = "";
  let breachB = "";
  const as = (scope: "read" | "write" | "send" | "admin", organisationId = orgA) =>
    keyActor({ holder: `Kim ${scope}`, organisationId, scope });

  beforeAll(async () => {
    db = await openTestDatabase(engine);
    orgA = (await organisations.create(db.db, { slug: "updates-a", name: "A" })).id;
    orgB = (await organisations.create(db.db, { slug: "updates-b", name: "B" })).id;
    const breach = (organisationId: string, slug: string) =>
      breaches.create(db.db, {
        organisationId,
        slug,
        title: slug,
        facts: { awareAt: "2026-11-01T10:00:00Z" },
      });
    breachA = (await breach(orgA, "lek-a")).id;
    breachB = (await breach(orgB, "lek-b")).id;
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });

  const auditOf = (subject: string) =>
    db.db
      .selectFrom("audit_log")
      .select(["actor", "action", "details"])
      .where("subject", "=", subject)
      .orderBy("seq")
      .execute();

  it("writes a draft, lists it, publishes it once; each change audit-logged", async () => {
    const created = await createUpdate(db, as("write"), { breachId: breachA, title: TITLE, body: BODY });
    const shown = presentCreatedUpdate(created);
    expect(shown).toMatchObject({
      breachId: breachA,
      title: TITLE,
      body: { nl: BODY.nl, en: null },
      status: "draft",
      publishedAt: null,
    });
    expect((await listUpdates(db, as("read"), { breachId: breachA })).map(presentUpdate)).toEqual([
      presentUpdate(created.update),
    ]);

    const published = await publishUpdate(db, as("write"), { breachId: breachA, updateId: shown.id });
    expect(presentUpdate(published)).toMatchObject({ id: shown.id, status: "published" });
    const again = await publishUpdate(db, as("write"), { breachId: breachA, updateId: shown.id });
    expect(again.publishedAt).toEqual(published.publishedAt);
    expect(await auditOf(shown.id)).toEqual([
      { actor: "holder:Kim write", action: "update.created", details: { breach: breachA } },
      { actor: "holder:Kim write", action: "update.published", details: { breach: breachA } },
    ]);
  });

  it("refuses roles without the right: read and send cannot write, admin cannot publish", async () => {
    for (const scope of ["read", "send", "admin"] as const) {
      await expect(
        createUpdate(db, as(scope), { breachId: breachA, title: TITLE, body: BODY }),
      ).rejects.toMatchObject({ code: "forbidden" });
    }
    const { update } = await createUpdate(db, as("write"), { breachId: breachA, title: TITLE, body: BODY });
    await expect(
      publishUpdate(db, as("admin"), { breachId: breachA, updateId: update.id }),
    ).rejects.toMatchObject({ code: "forbidden" });
    expect((await listUpdates(db, as("send"), { breachId: breachA })).length).toBeGreaterThan(0);
    expect(await auditOf(update.id)).toHaveLength(1);
  });

  it("finds nothing of another organisation: its breach, its updates, its drafts", async () => {
    const theirs = await createUpdate(db, as("write", orgB), { breachId: breachB, title: TITLE, body: BODY });
    await expect(
      createUpdate(db, as("write"), { breachId: breachB, title: TITLE, body: BODY }),
    ).rejects.toMatchObject({ code: "not-found" });
    await expect(listUpdates(db, as("read"), { breachId: breachB })).rejects.toMatchObject({
      code: "not-found",
    });
    await expect(
      publishUpdate(db, as("write"), { breachId: breachB, updateId: theirs.update.id }),
    ).rejects.toMatchObject({ code: "not-found" });
    // Their draft under our breach's id is not ours either.
    await expect(
      publishUpdate(db, as("write"), { breachId: breachA, updateId: theirs.update.id }),
    ).rejects.toMatchObject({ code: "not-found" });
    expect((await listUpdates(db, as("read", orgB), { breachId: breachB }))[0]?.publishedAt).toBeNull();
    await expect(listUpdates(db, as("read"), { breachId: "not-a-uuid" })).rejects.toMatchObject({
      code: "not-found",
    });
  });

  it("names every invalid text: Dutch required, English optional, lengths, no other languages", async () => {
    const refused = await createUpdate(db, as("write"), {
      breachId: breachA,
      title: { nl: "  ", de: "Hallo" },
      body: { nl: "x".repeat(5_001), en: "" },
    }).catch((error) => error);
    expect(refused.code).toBe("invalid");
    expect(refused.problems.map((p: { path: string }) => p.path)).toEqual([
      "title.de",
      "title.nl",
      "body.nl",
      "body.en",
    ]);
    await expect(
      createUpdate(db, as("write"), { breachId: breachA, title: "Titel", body: BODY }),
    ).rejects.toMatchObject({ problems: [{ path: "title" }] });
  });

  it("warns about B1 problems in the texts, by field and language, and still stores the draft", async () => {
    const created = await createUpdate(db, as("write"), {
      breachId: breachA,
      title: { nl: "Nieuws" },
      body: {
        nl: "Wij hebben geconstateerd dat de persoonsgegevens middels een kwetsbaarheid in de applicatie door een onbevoegde derde partij zijn ingezien en mogelijk gekopieerd naar een externe locatie.",
      },
    });
    const paths = created.plainLanguage.map((w) => `${w.path} ${w.rule}`);
    expect(paths).toContain("body.nl sentence-too-long");
    expect(paths.every((p) => p.startsWith("body.nl"))).toBe(true);
    expect(presentCreatedUpdate(created).status).toBe("draft");
  });
});
