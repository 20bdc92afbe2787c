import { createHash, randomUUID } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canonicalCode, normalisePersonalCode } from "../core/index.ts";
import { DecryptionError } from "./crypto.ts";
import { copyIn } from "./engine.ts";
import {
  audit,
  breaches,
  createKeyring,
  createVictimWriter,
  type Executor,
  type Keyring,
  migrate,
  openDatabase,
  organisations,
  transaction,
  type VictimInput,
  victims,
} from "./index.ts";
import { createSealPool } from "./seal-pool.ts";
import { engineCases, openTestDatabase, type TestDatabase } from "./testing.ts";
import { personalCodes } from "./victims.ts";

const FACTS = {
  awareAt: "2026-02-10T14:00:00+01:00",
  nature: ["confidentiality"],
  data: [{ category: "email" }],
};

const ADDRESS = {
  street: "Dorpsstraat",
  houseNumber: "1",
  postcode: "1234 AB",
  city: "Ons Dorp",
  country: "NL",
};

let counter = 0;
async function newBreach(db: Executor) {
  counter++;
  const organisation = await organisations.create(db, {
    slug: `org-${counter}-${Date.now()}`,
    name: "Voorbeeld BV",
  });
  return breaches.create(db, {
    organisationId: organisation.id,
    slug: `breach-${counter}-${Date.now()}`,
    title: "Klantgegevens gestolen",
    facts: FACTS,
  });
}

function victim(i: number, extra: Partial<VictimInput> = {}): VictimInput {
  return {
    externalId: `C${String(i).padStart(7, "0")}`,
    email: `klant.${i}@voorbeeld-mail.nl`,
    phone: `06${String(10_000_000 + i).slice(-8)}`,
    name: `Klant ${i}`,
    categories: ["email", "phone"],
    flags: i % 10 === 0 ? ["senior"] : [],
    ...extra,
  };
}

describe.each(engineCases())("store on %s", (engine) => {
  let db: TestDatabase;
  let keys: Keyring;
  let x: Executor;
  beforeAll(async () => {
    db = await openTestDatabase(engine);
    keys = db.keys;
    x = db.db;
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });

  it("migrates from empty and then has nothing left to apply", async () => {
    const tables = await sql<{ table_name: string }>`
      select table_name from information_schema.tables
      where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(x);
    expect(tables.rows.map((r) => r.table_name)).toEqual(
      expect.arrayContaining([
        "audit_log",
        "breaches",
        "deliveries",
        "messages",
        "organisations",
        "updates",
        "users",
        "victims",
      ]),
    );
    expect(await migrate(db)).toEqual([]);
  });

  it("stores breaches with their facts and timeline", async () => {
    const breach = await newBreach(x);
    expect(breach.status).toBe("draft");
    expect(breach.awareAt.toISOString()).toBe("2026-02-10T13:00:00.000Z");
    expect(breach.legalHold).toBeNull();
    expect((await breaches.get(x, breach.organisationId, breach.id))?.facts).toEqual(FACTS);
    expect(await breaches.get(x, randomUUID(), breach.id)).toBeUndefined();
    const at = new Date("2026-02-12T10:00:00Z");
    expect(await breaches.updateStatus(x, randomUUID(), breach.id, "informed", at)).toBeUndefined();
    const informed = await breaches.updateStatus(x, breach.organisationId, breach.id, "informed", at);
    expect(informed?.subjectsNotifiedAt?.toISOString()).toBe("2026-02-12T10:00:00.000Z");
  });

  it("finds victims by keyed hashes of normalised e-mail, phone and personal code", async () => {
    const breach = await newBreach(x);
    const { codes } = await victims.insertBatch(
      x,
      keys,
      breach.id,
      [
        victim(1, { email: "Jan.Jansen@Example.nl", phone: "06-1234 5678" }),
        victim(2, { email: null, phone: null, address: ADDRESS }),
        victim(3, { email: null, phone: null }),
      ],
      { issueCodes: true },
    );
    const code = codes?.get("C0000001") ?? "";
    expect(code).toMatch(/^[2-9A-HJKMNP-Z]{4}(-[2-9A-HJKMNP-Z]{4}){3}$/);
    const byEmail = await victims.findByEmail(x, keys, breach.id, "  jan.jansen@EXAMPLE.nl");
    expect(byEmail?.externalId).toBe("C0000001");
    expect(byEmail?.email).toBe("Jan.Jansen@Example.nl");
    expect(byEmail?.codeIssuedAt).toBeInstanceOf(Date);
    expect((await victims.findByPhone(x, keys, breach.id, "+31612345678"))?.externalId).toBe("C0000001");
    expect(
      (await victims.findByPersonalCode(x, keys, code.toLowerCase().replace(/-/g, " ")))?.externalId,
    ).toBe("C0000001");
    expect((await victims.getByExternalId(x, keys, breach.id, "C0000002"))?.address).toEqual(ADDRESS);
    expect(await victims.findByEmail(x, keys, breach.id, "nobody@example.nl")).toBeUndefined();
    const other = await newBreach(x);
    expect(await victims.findByEmail(x, keys, other.id, "jan.jansen@example.nl")).toBeUndefined();
    expect(await victims.countByBreach(x, breach.id)).toEqual({ total: 3, reachable: 2, unreachable: 1 });
  });

  it("issues a new personal code that revokes the old one, and stores only its hash", async () => {
    const breach = await newBreach(x);
    const { codes } = await victims.insertBatch(x, keys, breach.id, [victim(5)], { issueCodes: true });
    const first = codes?.get("C0000005") ?? "";
    const found = await victims.findByPersonalCode(x, keys, first);
    const second = await personalCodes.issue(x, keys, found?.id ?? 0);
    expect(second).not.toBe(first);
    expect(await victims.findByPersonalCode(x, keys, first)).toBeUndefined();
    expect((await victims.findByPersonalCode(x, keys, second))?.externalId).toBe("C0000005");
    // Core's code format: found however it is typed; a typing error or a non-code finds nobody.
    expect(normalisePersonalCode(second)).toEqual({ ok: true, code: second });
    const typed = ` ${second.toLowerCase().replaceAll("-", " ")} `;
    expect((await victims.findByPersonalCode(x, keys, typed))?.externalId).toBe("C0000005");
    const last = second.at(-1) === "A" ? "B" : "A";
    expect(await victims.findByPersonalCode(x, keys, `${second.slice(0, -1)}${last}`)).toBeUndefined();
    expect(await victims.findByPersonalCode(x, keys, "")).toBeUndefined();
    const dump = await sql<{
      t: string;
    }>`select t::text as t from victims t where breach_id = ${breach.id}`.execute(x);
    expect(dump.rows[0]?.t).not.toContain(canonicalCode(second));
    await personalCodes.revoke(x, found?.id ?? 0);
    expect(await victims.findByPersonalCode(x, keys, second)).toBeUndefined();
    await expect(personalCodes.issue(x, keys, 987_654_321)).rejects.toThrow(/does not exist/);
  });

  // 100,000 rows on PostgreSQL; on PGlite, whose single connection takes them six times as long, 30,000 cross
  // the same batch boundaries (a full batch of 25,000 and a partial one) in a fifth of the time.
  const bulk = engine === "pglite" ? 30_000 : 100_000;
  it(`bulk-inserts ${bulk.toLocaleString("en")} victims through the sealing workers`, async () => {
    const breach = await newBreach(x);
    const rows = Array.from({ length: bulk }, (_, i) => victim(i));
    const pool = createSealPool(keys, 2);
    try {
      for (let start = 0; start < rows.length; start += 25_000) {
        await victims.insertBatch(x, keys, breach.id, rows.slice(start, start + 25_000), { pool });
      }
    } finally {
      await pool.close();
    }
    expect((await victims.countByBreach(x, breach.id)).total).toBe(bulk);
    const sample = await victims.findByEmail(x, keys, breach.id, `klant.${bulk - 1}@voorbeeld-mail.nl`);
    expect(sample?.flags).toEqual([]);
    expect(sample?.name).toBe(`Klant ${bulk - 1}`);
    expect(sample?.categories).toEqual(["email", "phone"]);
    expect(
      (await victims.findByEmail(x, keys, breach.id, `klant.${bulk - 10}@voorbeeld-mail.nl`))?.flags,
    ).toEqual(["senior"]);
    expect(await victims.countByFlag(x, keys, breach.id, "senior")).toBe(bulk / 10);
  }, 120_000);

  it("stores no contact data or revealing flags in plain text", async () => {
    const breach = await newBreach(x);
    const secrets = { email: "geheim.adres@privemail.nl", phone: "0687654321", name: "Henk Geheimenaam" };
    await victims.insertBatch(x, keys, breach.id, [
      victim(42, {
        ...secrets,
        address: ADDRESS,
        flags: ["shielded-address", "at-risk-profession", "minor"],
      }),
    ]);
    const dump = await sql<{
      t: string;
    }>`select t::text as t from victims t where breach_id = ${breach.id}`.execute(x);
    const text = dump.rows.map((r) => r.t).join("\n");
    expect(text).toContain("C0000042");
    for (const value of [
      ...Object.values(secrets),
      "+31687654321",
      "privemail",
      "Dorpsstraat",
      "shielded",
      "at-risk",
      "minor",
    ])
      expect(text).not.toContain(value);
    expect((await victims.getByExternalId(x, keys, breach.id, "C0000042"))?.flags).toEqual([
      "at-risk-profession",
      "minor",
      "shielded-address",
    ]);
  });

  it("refuses a sealed envelope moved to another victim or breach", async () => {
    const breach = await newBreach(x);
    await victims.insertBatch(x, keys, breach.id, [victim(1), victim(2, { flags: ["shielded-address"] })]);
    await sql`update victims set sealed = (select sealed from victims where breach_id = ${breach.id} and external_id = 'C0000002')
      where breach_id = ${breach.id} and external_id = 'C0000001'`.execute(x);
    await expect(victims.getByExternalId(x, keys, breach.id, "C0000001")).rejects.toThrow(DecryptionError);
    const other = await newBreach(x);
    await sql`update victims set breach_id = ${other.id} where breach_id = ${breach.id} and external_id = 'C0000002'`.execute(
      x,
    );
    await expect(victims.getByExternalId(x, keys, other.id, "C0000002")).rejects.toThrow(DecryptionError);
  });

  it("selects victims by flag through keyed tokens, per breach", async () => {
    const breach = await newBreach(x);
    const other = await newBreach(x);
    const rows = Array.from({ length: 30 }, (_, i) =>
      victim(i, { flags: i % 3 === 0 ? ["minor"] : i % 5 === 0 ? ["deceased", "represented"] : [] }),
    );
    await victims.insertBatch(x, keys, breach.id, rows);
    await victims.insertBatch(x, keys, other.id, [victim(1, { flags: ["minor"] })]);
    const minors = await victims.listIds(x, keys, { breachId: breach.id, flag: "minor" });
    expect(minors).toHaveLength(10);
    const page = await victims.list(x, keys, {
      breachId: breach.id,
      flag: "minor",
      afterId: minors[4],
      limit: 3,
    });
    expect(page.map((v) => v.externalId)).toEqual(["C0000015", "C0000018", "C0000021"]);
    expect(await victims.countByFlag(x, keys, breach.id, "deceased")).toBe(4);
    expect(await victims.countByFlag(x, keys, breach.id, "no-digital-access")).toBe(0);
    expect(await victims.countByFlag(x, keys, other.id, "minor")).toBe(1);
    const many = await victims.getMany(x, keys, minors.slice(0, 2));
    expect(many.map((v) => v.flags)).toEqual([["minor"], ["minor"]]);
  });

  it("upserts by external id: new, changed, unchanged and superseded rows", async () => {
    const breach = await newBreach(x);
    const first = await victims.upsertBatch(x, keys, breach.id, [victim(1), victim(2), victim(3)], {
      issueCodes: true,
    });
    expect(first).toMatchObject({ inserted: 3, updated: 0, unchanged: 0, superseded: 0 });
    expect([...(first.codes?.keys() ?? [])]).toEqual(["C0000001", "C0000002", "C0000003"]);
    const again = await victims.upsertBatch(x, keys, breach.id, [victim(1), victim(2), victim(3)]);
    expect(again).toEqual({ inserted: 0, updated: 0, unchanged: 3, superseded: 0 });
    const changed = await victims.upsertBatch(
      x,
      keys,
      breach.id,
      [
        victim(1),
        victim(2, { email: "oud@example.nl" }),
        victim(2, { email: "nieuw@example.nl" }),
        victim(4),
      ],
      { issueCodes: true },
    );
    expect(changed).toMatchObject({ inserted: 1, updated: 1, unchanged: 1, superseded: 1 });
    expect([...(changed.codes?.keys() ?? [])]).toEqual(["C0000004"]);
    expect((await victims.findByEmail(x, keys, breach.id, "nieuw@example.nl"))?.externalId).toBe("C0000002");
    expect(await victims.findByEmail(x, keys, breach.id, "klant.2@voorbeeld-mail.nl")).toBeUndefined();
    // The updated victim kept its personal code.
    expect((await victims.findByPersonalCode(x, keys, first.codes?.get("C0000002") ?? ""))?.externalId).toBe(
      "C0000002",
    );
  });

  it("returns content hashes before and after, on the all-new fast path and the merge alike", async () => {
    const breach = await newBreach(x);
    const first = await victims.upsertBatch(x, keys, breach.id, [victim(1), victim(2)], {
      issueCodes: true,
      fingerprints: true,
    });
    expect(first.inserted).toBe(2);
    expect(first.fingerprints?.map((f) => f.previous)).toEqual([null, null]);
    const again = await victims.upsertBatch(
      x,
      keys,
      breach.id,
      [victim(2, { name: "Ander" }), victim(1), victim(3)],
      {
        issueCodes: true,
        fingerprints: true,
      },
    );
    expect(again).toMatchObject({ inserted: 1, updated: 1, unchanged: 1 });
    const [two, one, three] = again.fingerprints ?? [];
    expect(one?.previous).toBe(first.fingerprints?.[0]?.current);
    expect(one?.current).toBe(one?.previous);
    expect(two?.previous).toBe(first.fingerprints?.[1]?.current);
    expect(two?.current).not.toBe(two?.previous);
    expect(three?.previous).toBeNull();
    expect([...(again.codes?.keys() ?? [])]).toEqual(["C0000003"]);
  });

  it("writes an importer's overlapping batches in call order, and none after one that failed", async () => {
    const breach = await newBreach(x);
    const pool = createSealPool(keys, 2);
    const codes: string[] = [];
    try {
      const writer = createVictimWriter(x, keys, breach.id, {
        pool,
        onCodes: (batch) => {
          codes.push(...batch.keys());
        },
      });
      const rows = (list: VictimInput[]) => list.map((v) => ({ victim: v }));
      // Called back to back, as the import pipeline does: batch 2 seals while batch 1 is written. Batch 1 is
      // large, so its sealing ends last: only the order of the writes keeps its victim 2 from winning.
      const many = Array.from({ length: 4_000 }, (_, i) => victim(100 + i));
      const [one, two, three] = await Promise.all([
        writer.write(rows([victim(1), ...many, victim(2)])),
        writer.write(rows([victim(2, { email: "nieuw@example.nl" }), victim(3)])),
        writer.write(rows([victim(2, { email: "derde@example.nl", name: "Derde" })])),
      ]);
      expect(one?.every((r) => r.previous === null)).toBe(true);
      expect(two?.[0]?.previous).toBe(one?.at(-1)?.current);
      expect(two?.[1]?.previous).toBeNull();
      expect(three?.[0]?.previous).toBe(two?.[0]?.current);
      const stored = await victims.getByExternalId(x, keys, breach.id, "C0000002");
      expect(stored).toMatchObject({ email: "derde@example.nl", name: "Derde" });
      expect(codes).toHaveLength(4_003);
      expect(new Set(codes).size).toBe(4_003);

      const failed = writer.write(rows([victim(5), victim(5)]));
      const after = writer.write(rows([victim(6)]));
      await expect(failed).rejects.toThrow(/twice/);
      await expect(after).rejects.toThrow(/twice/);
      expect(await victims.getByExternalId(x, keys, breach.id, "C0000006")).toBeUndefined();
    } finally {
      await pool.close();
    }
  });

  it("seals a contact person and the channels the importer decided", async () => {
    const breach = await newBreach(x);
    const guardian = {
      role: "guardian" as const,
      name: "Fatima Smit",
      email: "fatima@example.org",
      phone: null,
      address: null,
    };
    await victims.upsertBatch(x, keys, breach.id, [
      { ...victim(1), flags: ["minor"], contact: guardian, channels: ["email"] },
      { externalId: "C-landline", phone: "+31301234567", channels: [] },
    ]);
    const minor = await victims.getByExternalId(x, keys, breach.id, "C0000001");
    expect(minor?.contact).toEqual(guardian);
    expect(minor?.channels).toEqual(["email"]);
    const landline = await victims.getByExternalId(x, keys, breach.id, "C-landline");
    expect(landline).toMatchObject({ reachable: false, channels: [] });
    const raw = await sql<{
      sealed: string;
    }>`select sealed from victims where external_id = 'C0000001'`.execute(x);
    expect(JSON.stringify(raw.rows)).not.toContain("Fatima");
  });

  it("copies exactly each chunk's bytes: text, whole buffers, and views into larger ones", async () => {
    const encode = (text: string) => new TextEncoder().encode(text);
    const around = encode("NOT\tTHIS\nz\t3\nNOR\tTHIS\n");
    const view = around.subarray(9, 13);
    expect(new TextDecoder().decode(view)).toBe("z\t3\n");
    const whole = encode("y\t2\n");
    const rows = await transaction(x, async (tx) => {
      await sql`create temp table copy_probe (name text, n int) on commit drop`.execute(tx);
      await copyIn(tx, "copy_probe", ["name", "n"], ["x\t1\n", whole, view, "w\t4\n"]);
      return (await sql<{ name: string; n: number }>`select name, n from copy_probe order by n`.execute(tx))
        .rows;
    });
    expect(rows).toEqual([
      { name: "x", n: 1 },
      { name: "y", n: 2 },
      { name: "z", n: 3 },
      { name: "w", n: 4 },
    ]);
    // The caller's bytes are left as they were: a batch that falls back to merging copies them again.
    expect(new TextDecoder().decode(whole)).toBe("y\t2\n");
    expect(new TextDecoder().decode(around)).toBe("NOT\tTHIS\nz\t3\nNOR\tTHIS\n");
  });

  it("commits a change and its audit entry together, or neither", async () => {
    const breach = await newBreach(x);
    const before = await audit.head(x);
    await expect(
      transaction(x, async (tx) => {
        await victims.insertBatch(tx, keys, breach.id, [victim(1)]);
        await audit.append(tx, keys, { actor: "test", action: "victims.imported", subject: breach.id });
        throw new Error("stop");
      }),
    ).rejects.toThrow("stop");
    expect(await audit.head(x)).toEqual(before);
    expect((await victims.countByBreach(x, breach.id)).total).toBe(0);
    const entry = await transaction(x, async (tx) => {
      await victims.insertBatch(tx, keys, breach.id, [victim(1)]);
      // A nested call joins the same transaction.
      return transaction(tx, (inner) =>
        audit.append(inner, keys, { actor: "test", action: "victims.imported", subject: breach.id }),
      );
    });
    expect((await audit.head(x)).hash).toBe(entry.hash);
    expect((await victims.countByBreach(x, breach.id)).total).toBe(1);
  });

  it("keeps the audit log append-only and detects tampering, forgery and a cut tail", async () => {
    const before = await audit.verify(x, keys);
    expect(before.ok).toBe(true);
    const start = before.ok ? before.count : 0;
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        audit.append(x, keys, {
          actor: "system",
          action: "test.entry",
          subject: `s${i}`,
          details: { i, nested: { b: 1, a: 2 } },
        }),
      ),
    );
    const verified = await audit.verify(x, keys);
    expect(verified).toMatchObject({ ok: true, count: start + 12 });
    const exported = await audit.head(x);
    expect(verified.ok && verified.head).toEqual(exported);
    expect(exported.seq).toBe(start + 12);

    await expect(sql`update audit_log set actor = 'mallory'`.execute(x)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log`.execute(x)).rejects.toThrow(/append-only/);

    // Someone with INSERT rights but without the secret appends an entry hashed the old way (plain SHA-256).
    const forged = {
      seq: exported.seq + 1,
      at: new Date().toISOString(),
      actor: "system",
      action: "breach.closed",
      subject: null,
      details: {},
      keyId: keys.keyId,
      prevHash: exported.hash,
    };
    const plain = createHash("sha256")
      .update(forged.prevHash)
      .update("\n")
      .update(
        JSON.stringify({
          action: forged.action,
          actor: forged.actor,
          at: forged.at,
          details: {},
          keyId: forged.keyId,
          seq: forged.seq,
          subject: null,
        }),
      )
      .digest("hex");
    await sql`insert into audit_log (seq, at, actor, action, subject, details, key_id, prev_hash, hash)
      values (${forged.seq}, ${forged.at}, 'system', 'breach.closed', null, '{}', ${keys.keyId}, ${forged.prevHash}, ${plain})`.execute(
      x,
    );
    expect(await audit.verify(x, keys)).toEqual({
      ok: false,
      seq: forged.seq,
      problem: "the entry's hash does not match: it was changed or forged",
    });

    // With full rights an attacker can switch the guard off; the chain and the exported head still show it.
    await sql`alter table audit_log disable trigger user`.execute(x);
    try {
      await sql`delete from audit_log where seq = ${forged.seq}`.execute(x);
      await sql`update audit_log set details = '{"i": 999}' where seq = ${start + 5}`.execute(x);
      expect(await audit.verify(x, keys)).toEqual({
        ok: false,
        seq: start + 5,
        problem: "the entry's hash does not match: it was changed or forged",
      });
      await sql`delete from audit_log where seq >= ${start + 5}`.execute(x);
      // Cutting the tail leaves a chain that links up…
      expect(await audit.verify(x, keys)).toMatchObject({ ok: true, count: start + 4 });
      // …but not one that reaches the head exported before.
      expect(await audit.verify(x, keys, { expectedHead: exported })).toEqual({
        ok: false,
        seq: start + 5,
        problem: `the log ends at entry ${start + 4}, but an exported head names entry ${exported.seq}: entries were removed`,
      });
    } finally {
      await sql`alter table audit_log enable trigger user`.execute(x);
    }
  });
});

describe("embedded database files", () => {
  it("hold no plaintext contact data", async () => {
    const dir = mkdtempSync(join(tmpdir(), "lekwijzer-pglite-"));
    const handle = await openDatabase({ dataDir: dir });
    const keys = createKeyring(Buffer.from("a fixed test secret, 32 bytes or more of it"));
    try {
      await migrate(handle);
      const organisation = await organisations.create(handle.db, { slug: "files", name: "Files BV" });
      const breach = await breaches.create(handle.db, {
        organisationId: organisation.id,
        slug: "files",
        title: "t",
        facts: FACTS,
      });
      await victims.insertBatch(handle.db, keys, breach.id, [
        {
          externalId: "F1",
          email: "bestand.zoeker@privemail.nl",
          phone: "0611122233",
          name: "Bertha Bestand",
          flags: ["shielded-address"],
        },
      ]);
      await sql`checkpoint`.execute(handle.db);
    } finally {
      await handle.close();
    }
    const files: string[] = [];
    const walk = (path: string) => {
      for (const entry of readdirSync(path)) {
        const full = join(path, entry);
        if (statSync(full).isDirectory()) walk(full);
        else files.push(full);
      }
    };
    walk(dir);
    expect(files.length).toBeGreaterThan(10);
    const needles = [
      "bestand.zoeker@privemail.nl",
      "+31611122233",
      "0611122233",
      "Bertha Bestand",
      "shielded-address",
    ].map((n) => Buffer.from(n));
    const external = Buffer.from("F1");
    let sawExternalId = false;
    for (const file of files) {
      const bytes = readFileSync(file);
      for (const needle of needles)
        expect({ file, found: bytes.includes(needle) }).toEqual({ file, found: false });
      if (bytes.includes(external)) sawExternalId = true;
    }
    // The search works: the unencrypted external id is found in the same files.
    expect(sawExternalId).toBe(true);
  }, 60_000);
});
