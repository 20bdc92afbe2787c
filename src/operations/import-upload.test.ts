/**
 * Uploads imported by workers: the web side stores the file sealed in chunks and queues it; a worker imports
 * it under the uploader's name and deletes the stored file; two workers never take the same upload; a
 * worker that died leaves a job that goes back to the queue (and fails after the last try); a chunk that was
 * altered or moved does not open; a file whose start is no victim file, or an upload that broke off, fails
 * its job and keeps nothing.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VictimFileError } from "../intake/index.ts";
import { type Breach, breaches, imports, organisations, victims } from "../store/index.ts";
import { engineCases, openTestDatabase, type TestDatabase } from "../store/testing.ts";
import { type Actor, keyActor } from "./actor.ts";
import { receiveUpload } from "./import-upload.ts";
import { startImportWorker } from "./import-worker.ts";
import { getImport } from "./imports.ts";

const EXAMPLES = resolve(import.meta.dirname, "../../examples");
const FACTS = JSON.parse(readFileSync(resolve(EXAMPLES, "telecom-crm-theft.json"), "utf8")).facts;
const SAMPLE = readFileSync(resolve(EXAMPLES, "victims-sample.csv"));

async function* pieces(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

describe.each(engineCases())("uploads imported by workers on %s", (engine) => {
  let db: TestDatabase;
  let organisationId = "";
  let count = 0;
  const writer: () => Actor = () => keyActor({ holder: "Sam Jansen", organisationId, scope: "write" });
  const reader: () => Actor = () => keyActor({ holder: "Robin", organisationId, scope: "read" });
  const newBreach = async (): Promise<Breach> =>
    breaches.create(db.db, { organisationId, slug: `upload-${++count}`, title: "Lek", facts: FACTS });
  const storedChunks = async (importId: string) =>
    db.db.selectFrom("import_uploads").select(["seq", "data"]).where("import_id", "=", importId).execute();
  const waitFor = async (breach: Breach, importId: string) => {
    for (let i = 0; i < 300; i++) {
      const job = await getImport(db, reader(), { breachId: breach.id, importId });
      if (job.status === "done" || job.status === "failed") return job;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error("the import did not end");
  };

  beforeAll(async () => {
    db = await openTestDatabase(engine);
    organisationId = (await organisations.create(db.db, { slug: "uploads", name: "Uploads BV" })).id;
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });

  it("stores the file sealed in chunks; a worker imports it in the uploader's name and deletes it", async () => {
    const breach = await newBreach();
    const stored = await receiveUpload(db, writer(), {
      breachId: breach.id,
      body: pieces(SAMPLE, 333),
      format: "csv",
      chunkBytes: 1024,
    });
    expect(stored.job.status).toBe("queued");
    const chunks = await storedChunks(stored.job.id);
    expect(chunks.length).toBe(Math.ceil(SAMPLE.length / 1024));
    for (const chunk of chunks) {
      const text = Buffer.from(chunk.data).toString("latin1");
      for (const value of ["anna.de.vries", "Lindelaan", "KL-1001", "external_id"])
        expect(text).not.toContain(value);
    }
    expect(await victims.countByBreach(db.db, breach.id)).toMatchObject({ total: 0 });

    const worker = startImportWorker(db, { pollMs: 20 });
    try {
      const job = await waitFor(breach, stored.job.id);
      expect(job).toMatchObject({ status: "done", actor: "holder:Sam Jansen" });
      expect(job.summary).toMatchObject({ rows: 20, imported: 16, rejected: 3 });
    } finally {
      await worker.stop();
    }
    expect(await victims.countByBreach(db.db, breach.id)).toMatchObject({ total: 16 });
    expect(await storedChunks(stored.job.id)).toEqual([]);
    const actions = (
      await db.db
        .selectFrom("audit_log")
        .select(["action", "actor"])
        .where("subject", "=", breach.id)
        .execute()
    ).map((e) => [e.action, e.actor]);
    expect(actions).toContainEqual(["victims.upload-stored", "holder:Sam Jansen"]);
    expect(actions).toContainEqual(["victims.imported", "holder:Sam Jansen"]);
  });

  it("gives each queued upload to one worker only", async () => {
    const queued: string[] = [];
    for (let i = 0; i < 2; i++) {
      const breach = await newBreach();
      queued.push(
        (
          await receiveUpload(db, writer(), {
            breachId: breach.id,
            body: pieces(SAMPLE, 4096),
            format: "csv",
          })
        ).job.id,
      );
    }
    const claims = await Promise.all([1, 2, 3, 4].map(() => imports.claimNextAcrossOrganisations(db.db)));
    const taken = claims.flatMap((c) => (c ? [c.job.id] : []));
    expect(taken.sort()).toEqual([...queued].sort());
    for (const id of taken) await imports.dropUpload(db.db, id);
  });

  it("queues the job of a worker that died again, and fails it after the last try", async () => {
    const breach = await newBreach();
    const stored = await receiveUpload(db, writer(), {
      breachId: breach.id,
      body: pieces(SAMPLE, 4096),
      format: "csv",
    });
    const claimed = await imports.claimNextAcrossOrganisations(db.db);
    expect(claimed?.job.id).toBe(stored.job.id);
    // The claiming worker dies: its heartbeat stops.
    const stale = new Date(Date.now() - 10 * 60_000);
    await db.db.updateTable("imports").set({ heartbeat_at: stale }).where("id", "=", stored.job.id).execute();
    await imports.failInterruptedAcrossOrganisations(db.db);
    expect((await getImport(db, reader(), { breachId: breach.id, importId: stored.job.id })).status).toBe(
      "queued",
    );
    const worker = startImportWorker(db, { pollMs: 20 });
    try {
      expect((await waitFor(breach, stored.job.id)).status).toBe("done");
    } finally {
      await worker.stop();
    }
    expect(await victims.countByBreach(db.db, breach.id)).toMatchObject({ total: 16 });

    const last = await newBreach();
    const again = await receiveUpload(db, writer(), {
      breachId: last.id,
      body: pieces(SAMPLE, 4096),
      format: "csv",
    });
    await db.db
      .updateTable("imports")
      .set({ status: "running", attempts: 3, heartbeat_at: stale })
      .where("id", "=", again.job.id)
      .execute();
    expect(await imports.failInterruptedAcrossOrganisations(db.db)).toBe(1);
    const failed = await getImport(db, reader(), { breachId: last.id, importId: again.job.id });
    expect(failed.status).toBe("failed");
    expect(await storedChunks(again.job.id)).toEqual([]);
  });

  it("does not import a chunk that was altered", async () => {
    const breach = await newBreach();
    const stored = await receiveUpload(db, writer(), {
      breachId: breach.id,
      body: pieces(SAMPLE, 4096),
      format: "csv",
      chunkBytes: 1024,
    });
    const [first] = await storedChunks(stored.job.id);
    const altered = Buffer.from(first?.data ?? Buffer.alloc(0));
    altered[altered.length - 1] = (altered[altered.length - 1] ?? 0) ^ 1;
    await db.db
      .updateTable("import_uploads")
      .set({ data: altered })
      .where("import_id", "=", stored.job.id)
      .where("seq", "=", 0)
      .execute();
    const worker = startImportWorker(db, { pollMs: 20 });
    try {
      const job = await waitFor(breach, stored.job.id);
      expect(job.status).toBe("failed");
      expect(job.error).not.toMatch(/anna|KL-/i);
    } finally {
      await worker.stop();
    }
    expect(await victims.countByBreach(db.db, breach.id)).toMatchObject({ total: 0 });
    expect(await storedChunks(stored.job.id)).toEqual([]);
  });

  it("refuses a start that is no victim file, and an upload that broke off, keeping nothing", async () => {
    const breach = await newBreach();
    await expect(
      receiveUpload(db, writer(), {
        breachId: breach.id,
        body: pieces(Buffer.from("name,email\nAnna,anna@example.org\n"), 10),
        format: "csv",
      }),
    ).rejects.toBeInstanceOf(VictimFileError);
    async function* brokenOff(): AsyncGenerator<Buffer> {
      yield SAMPLE.subarray(0, 2000);
      throw Object.assign(new Error("the upload broke off before the end of the file"), {
        name: "UploadError",
      });
    }
    await expect(
      receiveUpload(db, writer(), { breachId: breach.id, body: brokenOff(), format: "csv", chunkBytes: 512 }),
    ).rejects.toThrow(/broke off/);
    const jobs = await imports.listByBreach(db.db, organisationId, breach.id);
    expect(jobs.map((j) => [j.status, j.error])).toEqual([
      ["failed", "the upload broke off before the end of the file"],
      ["failed", expect.stringMatching(/external_id/)],
    ]);
    for (const job of jobs) expect(await storedChunks(job.id)).toEqual([]);
    expect(await victims.countByBreach(db.db, breach.id)).toMatchObject({ total: 0 });
  });
});
