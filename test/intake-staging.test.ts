// The staging sink on the store's import ledger: PGlite always, PostgreSQL when TEST_DATABASE_URL is set. Each
// scenario runs through the in-memory reference sink too, and both must agree.

import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateRow } from "../src/intake/row.ts";
import {
  createInMemorySinkForTests,
  createInMemoryWriterForTests,
  type IntakeSink,
  type SinkFinding,
  type VictimWriter,
} from "../src/intake/sink.ts";
import { createStagingSink } from "../src/intake/staging.ts";
import type { AcceptedRow } from "../src/intake/types.ts";
import { withImportLedger } from "../src/store/index.ts";
import { engineCases, openTestDatabase, type TestDatabase } from "../src/store/testing.ts";

const context = { breachCategories: new Set(["email", "phone"]) };
function row(
  line: number,
  externalId: string,
  email: string | null,
  phone: string | null = null,
): AcceptedRow {
  const result = validateRow(
    { external_id: externalId, email: email ?? "", phone: phone ?? "" },
    line,
    context,
  );
  if (!result.accepted) throw new Error("fixture row refused");
  return result.accepted;
}

async function run(sink: IntakeSink, batches: AcceptedRow[][]) {
  await sink.begin();
  for (const batch of batches) await sink.write(batch);
  const result = await sink.finish();
  const findings: SinkFinding[] = [];
  for await (const finding of result.findings()) findings.push(finding);
  const { findings: _, ...counts } = result;
  return { counts, findings };
}

// First import: K1 twice (across batches), K2 twice within one batch, K3 shares K1's e-mail, K4 has no channel.
const firstFile = [
  [
    row(2, "K1", "a@example.org"),
    row(3, "K2", "b@example.org", "0612345678"),
    row(4, "K2", "b2@example.org", "0612345678"),
  ],
  [row(5, "K3", "A@EXAMPLE.org"), row(6, "K1", "a@example.org", "06 1234 5678"), row(7, "K4", null)],
];
// Second import of the same breach: K1 unchanged, K2 changed, K5 new.
const secondFile = [
  [
    row(2, "K1", "a@example.org", "06 1234 5678"),
    row(3, "K2", "changed@example.org"),
    row(4, "K5", "e@example.org"),
  ],
];

const expectedFirst = {
  counts: { imported: 4, updated: 0, unchanged: 0, superseded: 2, unreachable: 1 },
  findings: [
    { kind: "superseded", line: 2, otherLine: 6 },
    { kind: "superseded", line: 3, otherLine: 4 },
    { kind: "duplicate-contact", line: 6, otherLine: 5, field: "email" },
    { kind: "duplicate-contact", line: 6, otherLine: 4, field: "phone" },
  ],
};

describe("the in-memory reference sink", () => {
  it("counts, supersedes and finds shared contacts", async () => {
    expect(await run(createInMemorySinkForTests(), firstFile)).toEqual(expectedFirst);
  });
});

describe.each(engineCases())("createStagingSink on the store's import ledger on %s", (engine) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase(engine);
  });
  afterAll(async () => {
    await db?.close();
  });
  const staged = (writer: VictimWriter, batches: AcceptedRow[][], pageSize?: number) =>
    withImportLedger(db.db, (ledger) =>
      run(createStagingSink({ ledger, writer, ...(pageSize ? { pageSize } : {}) }), batches),
    );
  // Temporary tables of every session show in pg_class; this test's ledgers are the only ones named so here.
  const tablesLeft = async () =>
    (
      await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_class
        WHERE relname LIKE 'intake\_%' AND relpersistence = 't'`.execute(db.db)
    ).rows[0]?.n;

  it("agrees with the in-memory sink over two imports, and leaves no tables behind", async () => {
    const writer: VictimWriter & { victims: Map<string, unknown> } = createInMemoryWriterForTests();
    const reference = createInMemoryWriterForTests();
    expect(await staged(writer, firstFile, 2)).toEqual(expectedFirst);
    await run(createInMemorySinkForTests(reference), firstFile);
    const second = await staged(writer, secondFile);
    expect(second).toEqual(await run(createInMemorySinkForTests(reference), secondFile));
    expect(second.counts).toEqual({ imported: 1, updated: 1, unchanged: 1, superseded: 0, unreachable: 0 });
    expect(writer.victims.size).toBe(5);
    expect(await tablesLeft()).toBe(0);
  });

  it("counts the same file twice as unchanged", async () => {
    const writer = createInMemoryWriterForTests();
    await staged(writer, firstFile);
    const again = await staged(writer, firstFile);
    expect(again.counts).toEqual({ imported: 0, updated: 0, unchanged: 4, superseded: 2, unreachable: 1 });
  });

  it("drops its tables when aborted", async () => {
    await withImportLedger(db.db, async (ledger) => {
      const sink = createStagingSink({ ledger, writer: createInMemoryWriterForTests() });
      await sink.begin();
      await sink.write(firstFile[0] ?? []);
      await sink.abort();
    });
    expect(await tablesLeft()).toBe(0);
  });
});
