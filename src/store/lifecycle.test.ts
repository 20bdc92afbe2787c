/**
 * The store over time: retention with legal holds, key rotation with re-encryption, the backup-and-restore
 * drill of docs/operations.md, and the file modes of the embedded database.
 */
import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exposedPaths } from "./files.ts";
import {
  audit,
  breaches,
  campaigns,
  createKeyring,
  deliveries,
  type Executor,
  type Keyring,
  migrate,
  openDatabase,
  organisations,
  retention,
  rotation,
  secureDataDir,
  smsOptOuts,
  type VictimInput,
  victims,
} from "./index.ts";
import { engineCases, openTestDatabase, type TestDatabase } from "./testing.ts";

const FACTS = { awareAt: "2026-02-10T14:00:00+01:00" };
let counter = 0;

async function newBreach(db: Executor) {
  counter++;
  const slug = `life-${counter}-${randomBytes(4).toString("hex")}`;
  const organisation = await organisations.create(db, { slug, name: "Voorbeeld BV" });
  return breaches.create(db, { organisationId: organisation.id, slug, title: "Lek", facts: FACTS });
}

function person(i: number, flags: string[] = []): VictimInput {
  return {
    externalId: `P${i}`,
    email: `persoon.${i}@voorbeeld-mail.nl`,
    phone: `06${String(20_000_000 + i).slice(-8)}`,
    name: `Persoon ${i}`,
    categories: ["email"],
    flags,
  };
}

async function age(db: Executor, breachId: string, days: number) {
  await sql`update breaches set updated_at = now() - make_interval(days => ${days}) where id = ${breachId}`.execute(
    db,
  );
}

describe.each(engineCases())("store lifecycle on %s", (engine) => {
  let db: TestDatabase;
  let x: Executor;
  let keys: Keyring;
  beforeAll(async () => {
    db = await openTestDatabase(engine);
    x = db.db;
    keys = db.keys;
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });

  it("purges contact data after the retention period, skips breaches on legal hold, keeps aggregates", async () => {
    const old = await newBreach(x);
    const held = await newBreach(x);
    const recent = await newBreach(x);
    await victims.insertBatch(x, keys, old.id, [person(1, ["minor"]), person(2)], { issueCodes: true });
    await victims.insertBatch(x, keys, held.id, [person(3)]);
    await victims.insertBatch(x, keys, recent.id, [person(4)]);
    await age(x, old.id, 400);
    await age(x, held.id, 400);
    const onHold = await breaches.setLegalHold(
      x,
      keys,
      held.organisationId,
      held.id,
      "Claim by a foundation",
      "jurist",
    );
    expect(onHold.legalHold).toMatchObject({ reason: "Claim by a foundation", by: "jurist" });

    const dry = await retention.purge(x, keys, { retentionDays: 365, dryRun: true });
    expect(dry.breaches).toEqual([{ breachId: old.id, victims: 2 }]);
    expect(dry.held).toEqual([{ breachId: held.id, victims: 1 }]);
    expect((await victims.findByEmail(x, keys, old.id, "persoon.1@voorbeeld-mail.nl"))?.name).toBe(
      "Persoon 1",
    );

    const head = await audit.head(x);
    const report = await retention.purge(x, keys, { retentionDays: 365, actor: "cli" });
    expect(report).toMatchObject({ purged: 2, breaches: [{ breachId: old.id, victims: 2 }], dryRun: false });
    expect(await victims.findByEmail(x, keys, old.id, "persoon.1@voorbeeld-mail.nl")).toBeUndefined();
    const purged = await victims.getByExternalId(x, keys, old.id, "P1");
    expect(purged).toMatchObject({ contactPurged: true, email: null, name: null, flags: [] });
    // Aggregates stay: counts, reachability and selection by flag token.
    expect(await victims.countByBreach(x, old.id)).toEqual({ total: 2, reachable: 2, unreachable: 0 });
    expect(await victims.countByFlag(x, keys, old.id, "minor")).toBe(1);
    expect((await victims.findByEmail(x, keys, held.id, "persoon.3@voorbeeld-mail.nl"))?.contactPurged).toBe(
      false,
    );
    expect(
      (await victims.findByEmail(x, keys, recent.id, "persoon.4@voorbeeld-mail.nl"))?.contactPurged,
    ).toBe(false);
    const entries = await x.selectFrom("audit_log").selectAll().where("seq", ">", head.seq).execute();
    expect(entries.map((e) => [e.action, e.subject, e.details])).toEqual([
      ["retention.purged", old.id, { victims: 2, cutoff: report.cutoff, retentionDays: 365 }],
    ]);
    expect((await retention.purge(x, keys, { retentionDays: 365 })).purged).toBe(0);

    await breaches.releaseLegalHold(x, keys, held.organisationId, held.id, "jurist");
    expect((await retention.purge(x, keys, { retentionDays: 365 })).breaches).toEqual([
      { breachId: held.id, victims: 1 },
    ]);
    expect(await audit.verify(x, keys)).toMatchObject({ ok: true });
  });

  it("purges the bounce texts and failure reasons stored with the breach's deliveries, and only those", async () => {
    const withTexts = async () => {
      const breach = await newBreach(x);
      await victims.insertBatch(x, keys, breach.id, [person(10), person(11)]);
      const campaign = await campaigns.create(x, breach.organisationId, {
        breachId: breach.id,
        kind: "first-notice",
        selection: {},
        createdBy: "test",
      });
      await deliveries.populate(x, keys, campaign);
      const ids = await victims.listIds(x, keys, { breachId: breach.id });
      const rows = (await Promise.all(ids.map((id) => deliveries.listForVictim(x, Number(id))))).flat();
      for (const row of rows)
        await deliveries.record(x, row.id, {
          status: "queued",
          channelIndex: 1,
          lastError: "bounced 5.1.1: 550 <persoon.10@voorbeeld-mail.nl> unknown",
          history: [
            { channel: "email", outcome: "bounced", reason: "550 <persoon.10@voorbeeld-mail.nl> unknown" },
          ],
        });
      await age(x, breach.id, 400);
      return { breach, rows };
    };
    const due = await withTexts();
    const held = await withTexts();
    await breaches.setLegalHold(x, keys, held.breach.organisationId, held.breach.id, "Claim", "jurist");
    await retention.purge(x, keys, { retentionDays: 365 });

    for (const row of due.rows) {
      const after = await deliveries.get(x, row.id);
      expect(after?.lastError).toBeNull();
      // What happened stays (channel and outcome, for aggregates and evidence); the provider's words go.
      expect(after?.history).toEqual([{ channel: "email", outcome: "bounced" }]);
    }
    // A held breach keeps them (masked when they were stored: no address survives even there).
    for (const row of held.rows) {
      const kept = (await deliveries.get(x, row.id))?.lastError;
      expect(kept).toContain("5.1.1");
      expect(kept).not.toContain("voorbeeld-mail");
    }
  });

  it("runs the purge on a schedule until stopped", async () => {
    const old = await newBreach(x);
    await victims.insertBatch(x, keys, old.id, [person(9)]);
    await age(x, old.id, 40);
    const reports: number[] = [];
    const schedule = retention.schedule(x, keys, {
      retentionDays: 30,
      everyHours: 1,
      firstRunAfterMs: 10,
      onResult: (report) => reports.push(report.purged),
    });
    try {
      await expect.poll(() => reports.length, { timeout: 10_000 }).toBeGreaterThan(0);
      await schedule.idle();
    } finally {
      schedule.stop();
    }
    expect(reports[0]).toBeGreaterThanOrEqual(1);
    expect((await victims.getByExternalId(x, keys, old.id, "P9"))?.contactPurged).toBe(true);
  });

  it("rotates keys: look-ups work during the rotation and after re-encryption with only the new secret", async () => {
    // A database of its own: re-encryption moves every victim in it, and all must be under the old secret.
    const own = await openTestDatabase(engine);
    try {
      await rotate(own.db);
    } finally {
      await own.close();
    }
  }, 60_000);

  it("passes the backup-and-restore drill: restore into a fresh database, then open a victim with the secret", async () => {
    const breach = await newBreach(x);
    await victims.insertBatch(x, keys, breach.id, [person(77, ["at-risk-profession"])]);
    await audit.append(x, keys, { actor: "test", action: "backup.drill", subject: breach.id });
    const head = await audit.head(x);
    const restored = await restore(db);
    try {
      const fresh = createKeyring(db.masterSecret);
      const found = await victims.findByEmail(restored.db, fresh, breach.id, "persoon.77@voorbeeld-mail.nl");
      expect(found).toMatchObject({ name: "Persoon 77", flags: ["at-risk-profession"] });
      expect(await audit.verify(restored.db, fresh, { expectedHead: head })).toMatchObject({ ok: true });
      // Without the secret the backup is useless: another secret opens nothing.
      await expect(
        victims.getByExternalId(restored.db, createKeyring(randomBytes(32)), breach.id, "P77"),
      ).rejects.toThrow(/Unknown key id/);
    } finally {
      await restored.close();
    }
  }, 60_000);
});

async function rotate(x: Executor) {
  const oldSecret = randomBytes(32);
  const oldKeys = createKeyring(oldSecret);
  const breach = await newBreach(x);
  const rows = Array.from({ length: 30 }, (_, i) => person(100 + i, i % 4 === 0 ? ["shielded-address"] : []));
  const { codes } = await victims.insertBatch(x, oldKeys, breach.id, rows, { issueCodes: true });
  // One code as issued before codes were sealed: only its hash is stored.
  await x
    .updateTable("victims")
    .set({ code_sealed: null })
    .where("breach_id", "=", breach.id)
    .where("external_id", "=", "P101")
    .execute();
  // One victim purged before the rotation: only its flag tokens remain to re-key.
  const gone = await newBreach(x);
  await victims.insertBatch(x, oldKeys, gone.id, [person(1, ["deceased"])]);
  await age(x, gone.id, 400);
  await retention.purge(x, oldKeys, { retentionDays: 365 });

  // A victim replied STOP to a text.
  expect(await smsOptOuts.add(x, oldKeys, "0620000104")).toBe(true);

  const newSecret = randomBytes(32);
  const during = createKeyring(newSecret, [oldSecret]);
  expect((await victims.findByEmail(x, during, breach.id, "persoon.101@voorbeeld-mail.nl"))?.name).toBe(
    "Persoon 101",
  );
  expect(await victims.countByFlag(x, during, breach.id, "shielded-address")).toBe(8);

  const report = await rotation.reencrypt(x, during, { pageSize: 7, knownFlags: ["deceased", "minor"] });
  expect(report).toMatchObject({ keyId: during.keyId, resealed: 30, retokenised: 1, unknownTokens: 0 });
  expect(report.codesUnderPreviousKeys).toBe(1);
  expect(report.smsOptOutsRekeyed).toBe(1);
  expect((await rotation.reencrypt(x, during)).resealed).toBe(0);

  const after = createKeyring(newSecret);
  expect(await victims.findByEmail(x, after, breach.id, "persoon.101@voorbeeld-mail.nl")).toMatchObject({
    name: "Persoon 101",
    flags: [],
  });
  expect((await victims.findByPhone(x, after, breach.id, "0620000104"))?.flags).toEqual(["shielded-address"]);
  // The number stays opted out with the old secret gone.
  expect(await smsOptOuts.has(x, after, "+31620000104")).toBe(true);
  expect(await smsOptOuts.has(x, after, "0620000105")).toBe(false);
  expect(await victims.countByFlag(x, after, breach.id, "shielded-address")).toBe(8);
  expect(await victims.countByFlag(x, after, gone.id, "deceased")).toBe(1);
  // Sealed personal codes are sealed and hashed again: they work with the new secret alone.
  const code = codes?.get("P100") ?? "";
  expect((await victims.findByPersonalCode(x, after, code))?.personalCode).toBe(code);
  // A code that is only hashed keeps working while the old secret is configured.
  const hashedOnly = codes?.get("P101") ?? "";
  expect((await victims.findByPersonalCode(x, during, hashedOnly))?.externalId).toBe("P101");
  expect(await victims.findByPersonalCode(x, after, hashedOnly)).toBeUndefined();
  const stored = await x
    .selectFrom("victims")
    .select(["key_id"])
    .where("breach_id", "=", breach.id)
    .distinct()
    .execute();
  expect(stored).toEqual([{ key_id: during.keyId }]);
}

/** PGlite: the data folder as a tar (handle.backup). PostgreSQL: a table-level copy into a fresh schema. */
async function restore(db: TestDatabase): Promise<{ db: Executor; close: () => Promise<void> }> {
  if (db.engine === "pglite") {
    const backup = await db.backup?.();
    if (!backup) throw new Error("PGlite handle without backup()");
    const handle = await openDatabase({ dataDir: "memory://", loadDataDir: backup });
    return { db: handle.db, close: () => handle.close() };
  }
  const url = process.env.TEST_DATABASE_URL ?? "";
  const schema = `restore_${randomBytes(6).toString("hex")}`;
  const source = (await sql<{ s: string }>`select current_schema() as s`.execute(db.db)).rows[0]?.s;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  const handle = await openDatabase({ databaseUrl: url, schema, poolSize: 2 });
  await migrate(handle);
  for (const table of ["organisations", "breaches", "victims", "audit_log"])
    await admin.query(`insert into ${schema}.${table} select * from ${source}.${table}`);
  return {
    db: handle.db,
    close: async () => {
      await handle.close();
      await admin.query(`drop schema ${schema} cascade`);
      await admin.end();
    },
  };
}

describe("embedded database memory", () => {
  it("runs PGlite with a 16 MB buffer pool, set at start and not written into the folder", async () => {
    const handle = await openDatabase({ dataDir: "memory://" });
    try {
      const shown = await sql<{ shared_buffers: string }>`show shared_buffers`.execute(handle.db);
      expect(shown.rows[0]?.shared_buffers).toBe("16MB");
      const file = await sql<{ setting: string | null }>`
        select setting from pg_file_settings where name = 'shared_buffers' and applied`.execute(handle.db);
      expect(file.rows).toEqual([]);
    } finally {
      await handle.close();
    }
  }, 60_000);
});

describe("embedded data folder modes", () => {
  it("closes the folder and every file in it to other users, at open and at close", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "lekwijzer-modes-")), "data");
    mkdirSync(dir, { mode: 0o777 });
    chmodSync(dir, 0o777);
    writeFileSync(join(dir, "stray.txt"), "x", { mode: 0o666 });
    chmodSync(join(dir, "stray.txt"), 0o666);
    expect(exposedPaths(dir)).toHaveLength(2);
    expect(secureDataDir(dir)).toBe(2);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, "stray.txt")).mode & 0o777).toBe(0o600);

    const previous = process.umask(0);
    try {
      const handle = await openDatabase({ dataDir: join(dir, "pglite") });
      try {
        await migrate(handle);
        expect(exposedPaths(dir)).toEqual([]);
        await organisations.create(handle.db, { slug: "modes", name: "Modes BV" });
        await sql`checkpoint`.execute(handle.db);
      } finally {
        await handle.close();
      }
    } finally {
      process.umask(previous);
    }
    expect(exposedPaths(dir)).toEqual([]);
  }, 60_000);
});
