/**
 * Import operations: who may start, read and list imports; another organisation's breach or import is not
 * found, like a missing one; a run finishes its job, stores its report and is audited under the actor's name;
 * one import per breach runs at a time.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Breach, breaches, organisations, victims } from "../store/index.ts";
import { engineCases, openTestDatabase, type TestDatabase } from "../store/testing.ts";
import { type Actor, keyActor } from "./actor.ts";
import type { OperationProblem } from "./context.ts";
import { getImport, importReport, listImports, presentImport, runImport, startImport } from "./imports.ts";

const EXAMPLES = resolve(import.meta.dirname, "../../examples");
const FACTS = JSON.parse(readFileSync(resolve(EXAMPLES, "telecom-crm-theft.json"), "utf8")).facts;
const SAMPLE = readFileSync(resolve(EXAMPLES, "victims-sample.csv"));

const refusal = (code: OperationProblem["code"]) =>
  expect.objectContaining({ name: "OperationProblem", code });

describe.each(engineCases())("import operations on %s", (engine) => {
  let db: TestDatabase;
  let orgA = "";
  let orgB = "";
  let breach: Breach;
  const key = (organisationId: string, scope: "read" | "write" | "send" | "admin"): Actor =>
    keyActor({ holder: `${scope} holder`, organisationId, scope });
  beforeAll(async () => {
    db = await openTestDatabase(engine);
    orgA = (await organisations.create(db.db, { slug: "imp-a", name: "A" })).id;
    orgB = (await organisations.create(db.db, { slug: "imp-b", name: "B" })).id;
    breach = await breaches.create(db.db, {
      organisationId: orgA,
      slug: "imp-a",
      title: "Lek",
      facts: FACTS,
    });
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });

  it("refuses to start for roles without write, and for another organisation's breach", async () => {
    for (const scope of ["read", "send", "admin"] as const)
      await expect(startImport(db, key(orgA, scope), { breachId: breach.id, source: "api" })).rejects.toEqual(
        refusal("forbidden"),
      );
    await expect(startImport(db, key(orgB, "write"), { breachId: breach.id, source: "api" })).rejects.toEqual(
      refusal("not-found"),
    );
    await expect(
      startImport(db, key(orgA, "write"), { breachId: randomUUID(), source: "api" }),
    ).rejects.toEqual(refusal("not-found"));
    expect(await listImports(db, key(orgA, "read"), { breachId: breach.id })).toEqual([]);
  });

  it("runs an import into the breach, stores its report, and audits it under the actor's name", async () => {
    const actor = key(orgA, "write");
    const started = await startImport(db, actor, { breachId: breach.id, source: "api" });
    // One import per breach at a time.
    await expect(startImport(db, actor, { breachId: breach.id, source: "api" })).rejects.toEqual(
      refusal("conflict"),
    );
    const summary = await runImport(db, actor, started, { input: Readable.from([SAMPLE]), format: "csv" });
    expect(summary).toMatchObject({ rows: 20, imported: 16, rejected: 3 });
    expect(await victims.countByBreach(db.db, breach.id)).toMatchObject({ total: 16 });

    const ids = { breachId: breach.id, importId: started.job.id };
    const job = await getImport(db, key(orgA, "read"), ids);
    expect(job).toMatchObject({ status: "done", source: "api", actor: "holder:write holder" });
    expect(presentImport(job, "/report")).toMatchObject({
      id: job.id,
      breachId: breach.id,
      status: "done",
      summary: { rows: 20, imported: 16, report: null },
      report: "/report",
    });
    const { chunks } = await importReport(db, key(orgA, "read"), ids);
    let csv = "";
    for await (const chunk of chunks) csv += chunk.toString();
    expect(csv).toContain("category-unknown");

    const entries = await db.db
      .selectFrom("audit_log")
      .select(["actor", "action"])
      .where("subject", "=", breach.id)
      .execute();
    expect(entries).toEqual([{ actor: "holder:write holder", action: "victims.imported" }]);
  });

  it("does not find another organisation's import, nor list or report it", async () => {
    const [job] = await listImports(db, key(orgA, "read"), { breachId: breach.id });
    const ids = { breachId: breach.id, importId: job?.id ?? "" };
    await expect(getImport(db, key(orgB, "read"), ids)).rejects.toEqual(refusal("not-found"));
    await expect(importReport(db, key(orgB, "admin"), ids)).rejects.toEqual(refusal("not-found"));
    await expect(listImports(db, key(orgB, "read"), { breachId: breach.id })).rejects.toEqual(
      refusal("not-found"),
    );
    await expect(
      getImport(db, key(orgA, "read"), { breachId: breach.id, importId: randomUUID() }),
    ).rejects.toEqual(refusal("not-found"));
  });

  it("fails the job of a file that is no victim file, with the reason, and audits the failure", async () => {
    const actor = key(orgA, "write");
    const started = await startImport(db, actor, { breachId: breach.id, source: "api" });
    await expect(
      runImport(db, actor, started, { input: Readable.from(["name,email\nAnna,anna@example.org\n"]) }),
    ).rejects.toMatchObject({ name: "VictimFileError" });
    const job = await getImport(db, key(orgA, "read"), { breachId: breach.id, importId: started.job.id });
    expect(job.status).toBe("failed");
    expect(job.error).toMatch(/external_id/);
    const last = await db.db
      .selectFrom("audit_log")
      .select(["actor", "action"])
      .where("subject", "=", breach.id)
      .orderBy("seq", "desc")
      .executeTakeFirst();
    expect(last).toEqual({ actor: "holder:write holder", action: "victims.import-failed" });
  });
});
