import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { breaches, organisations, victims } from "../store/index.ts";
import { loadConfig } from "./config.ts";
import { EXIT_FAILURE, EXIT_INVALID, EXIT_OK, run } from "./index.ts";
import { openStore } from "./store-session.ts";
import { captureIo as capture } from "./testing.ts";

// Embedded mode in a folder of its own; the commands read the same environment as `lekwijzer` would.
const saved = { ...process.env };
let breachId = "";

beforeAll(async () => {
  process.env.DATA_DIR = join(mkdtempSync(join(tmpdir(), "lekwijzer-store-cli-")), "data");
  process.env.LEKWIJZER_DEMO = "false";
  process.env.RETENTION_DAYS = "30";
  delete process.env.DATABASE_URL;
  delete process.env.LEKWIJZER_MASTER_SECRET;
  delete process.env.LEKWIJZER_PREVIOUS_SECRETS;
  const store = await openStore(loadConfig(), { migrate: true });
  try {
    const organisation = await organisations.create(store.db, { slug: "cli", name: "CLI BV" });
    const breach = await breaches.create(store.db, {
      organisationId: organisation.id,
      slug: "cli",
      title: "Lek",
      facts: { awareAt: "2026-01-01T00:00:00Z" },
    });
    breachId = breach.id;
    await victims.insertBatch(store.db, store.keys, breach.id, [
      { externalId: "A1", email: "a1@example.org", flags: ["minor"] },
      { externalId: "A2", phone: "0612345678" },
    ]);
    await sql`update breaches set updated_at = now() - interval '40 days'`.execute(store.db);
  } finally {
    await store.close();
  }
}, 120_000);

afterAll(() => {
  process.env = saved;
});

async function json(args: string[]): Promise<Record<string, unknown>> {
  const io = capture();
  const code = await run([...args, "--json"], io);
  expect({ code, err: io.err }).toEqual({ code: EXIT_OK, err: "" });
  return JSON.parse(io.out) as Record<string, unknown>;
}

describe("lekwijzer purge, breach hold|release, reencrypt and audit", () => {
  it("purges on demand, respects a legal hold, and records it all in a chain that verifies", async () => {
    expect(await json(["purge", "--dry-run"])).toMatchObject({ dryRun: true, purged: 2 });
    expect(
      await json(["breach", "hold", "--breach", breachId, "--reason", "Claim by a foundation"]),
    ).toMatchObject({
      id: breachId,
      legalHold: { reason: "Claim by a foundation", by: "cli" },
    });
    expect(await json(["purge"])).toMatchObject({ purged: 0, held: [{ breachId, victims: 2 }] });
    expect(await json(["breach", "release", "--breach", breachId, "--actor", "jurist"])).toEqual({
      id: breachId,
      legalHold: null,
    });
    expect(await json(["purge"])).toMatchObject({ purged: 2, breaches: [{ breachId, victims: 2 }] });
    expect(await json(["reencrypt"])).toMatchObject({ resealed: 0, codesUnderPreviousKeys: 0 });

    const head = await json(["audit", "head"]);
    expect(head).toMatchObject({ seq: 4 });
    const verified = await json(["audit", "verify", "--head", `${head.seq}:${head.hash}`]);
    expect(verified).toEqual({ ok: true, count: 4, head });

    const io = capture();
    expect(await run(["audit", "verify", "--head", `9:${head.hash}`], io)).toBe(EXIT_FAILURE);
    expect(io.out).toContain("The audit log is broken at entry 5: the log ends at entry 4");
  }, 120_000);

  it("names a bad breach id or head without opening the database", async () => {
    let io = capture();
    expect(await run(["breach", "hold", "--breach", "12", "--reason", "x"], io)).toBe(EXIT_INVALID);
    expect(io.err).toContain('--breach: expected a breach id (a UUID), got "12"');
    io = capture();
    expect(await run(["audit", "verify", "--head", "abc"], io)).toBe(EXIT_INVALID);
    expect(io.err).toContain("--head: expected");
  });
});
