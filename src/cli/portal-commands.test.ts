import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { letterFolder } from "../delivery/index.ts";
import { SAMPLE_BREACH } from "../messages/index.ts";
import { requestFromPlan, startPortalLetterWorker } from "../operations/index.ts";
import { breaches, organisations, portalRequests, victims } from "../store/index.ts";
import { loadConfig } from "./config.ts";
import { EXIT_OK, run } from "./index.ts";
import { openStore } from "./store-session.ts";
import { captureIo as capture } from "./testing.ts";

// Embedded mode in a folder of its own, as `lekwijzer portal requests` would run.
const saved = { ...process.env };
let breachId = "";

beforeAll(async () => {
  process.env.DATA_DIR = join(mkdtempSync(join(tmpdir(), "lekwijzer-portal-cli-")), "data");
  process.env.LEKWIJZER_DEMO = "false";
  delete process.env.DATABASE_URL;
  delete process.env.LEKWIJZER_MASTER_SECRET;
  delete process.env.LEKWIJZER_PREVIOUS_SECRETS;
  const store = await openStore(loadConfig(), { migrate: true });
  try {
    const organisation = await organisations.create(store.db, { slug: "cli-portal", name: "CLI BV" });
    const breach = await breaches.create(store.db, {
      organisationId: organisation.id,
      slug: "cli-portal",
      title: "Lek",
      facts: SAMPLE_BREACH as unknown as Record<string, unknown> & { awareAt: string },
    });
    breachId = breach.id;
    const address = {
      street: "Dorpsweg",
      houseNumber: "7",
      postcode: "4321 BA",
      city: "Zwolle",
      country: "NL",
    };
    await victims.insertBatch(store.db, store.keys, breach.id, [
      { externalId: "A1", address, categories: ["email"] },
    ]);
    const victim = await victims.getByExternalId(store.db, store.keys, breach.id, "A1");
    await requestFromPlan(store, victim?.id ?? 0, { kind: "printed-letter" });
    await requestFromPlan(store, victim?.id ?? 0, {
      kind: "moved",
      address: { ...address, street: "Nieuwe Gracht" },
    });
    // The worker `lekwijzer worker` runs, until both letters are written.
    const worker = startPortalLetterWorker(
      store,
      letterFolder({ dir: join(process.env.DATA_DIR, "letters") }),
      {
        worker: "cli",
        everyMs: 20,
      },
    );
    const until = Date.now() + 30_000;
    const waiting = async () =>
      (await portalRequests.listForVictim(store.db, victim?.id ?? 0)).some(
        (r) => r.status === "open" || r.status === "pending-confirmation",
      );
    while ((await waiting()) && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 50));
    await worker.stop();
  } finally {
    await store.close();
  }
}, 120_000);

afterAll(() => {
  process.env = saved;
});

describe("lekwijzer portal requests", () => {
  it("shows each request's status and times, in lines and as JSON", async () => {
    const io = capture();
    expect(await run(["portal", "requests", "--org", "cli-portal", "--breach", breachId], io)).toBe(EXIT_OK);
    const lines = io.out.trim().split("\n");
    expect(lines[0]).toMatch(/\tA1\tprinted-letter\tsent\tsent \d{4}-\d\d-\d\dT[^,]+, done /);
    expect(lines[1]).toMatch(/\tA1\tmoved\tawaiting-code\tsent [^,]+, code until \d{4}-/);
    expect(lines[1]).toContain("Nieuwe Gracht 7, 4321 BA Zwolle");
    const json = capture();
    expect(
      await run(["portal", "requests", "--org", "cli-portal", "--breach", breachId, "--json"], json),
    ).toBe(EXIT_OK);
    const { requests } = JSON.parse(json.out) as { requests: Record<string, unknown>[] };
    expect(requests.map((r) => [r.kind, r.status])).toEqual([
      ["printed-letter", "sent"],
      ["moved", "awaiting-code"],
    ]);
    expect(typeof requests[1]?.codeExpiresAt).toBe("string");
  }, 60_000);
});
