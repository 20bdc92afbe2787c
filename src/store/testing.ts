/**
 * Test support for every part: a fresh, migrated database on each engine. PGlite always; PostgreSQL whenever
 * TEST_DATABASE_URL is set (CI always sets it), where each database lives in its own schema so test files
 * can run in parallel against one server. A set TEST_DATABASE_URL that does not answer fails the tests.
 */
import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import pg from "pg";
import { breaches } from "./breaches.ts";
import { type Campaign, campaigns } from "./campaigns.ts";
import { createKeyring, type Keyring } from "./crypto.ts";
import { deliveries } from "./deliveries.ts";
import { type DatabaseHandle, type EngineName, openDatabase } from "./engine.ts";
import { migrate } from "./migrations.ts";
import { organisations } from "./organisations.ts";
import { type VictimInput, victims } from "./victims.ts";

export interface TestDatabase extends DatabaseHandle {
  keys: Keyring;
  masterSecret: Buffer;
}

export function engineCases(): EngineName[] {
  return process.env.TEST_DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/**
 * Where the test run's migrated PGlite template is (a tar of its data folder), set by the tests' global set-up.
 * Creating an embedded database runs initdb inside WebAssembly, about 4 s of CPU; loading the template takes
 * about 1 s, and there are a hundred or so of them in a run.
 */
export const PGLITE_TEMPLATE_ENV = "LEKWIJZER_TEST_PGLITE_TEMPLATE";

/** Writes a freshly migrated PGlite database to `path`, for `openTestDatabase` to start from. */
export async function writePgliteTemplate(path: string): Promise<void> {
  const handle = await openDatabase({ dataDir: "memory://" });
  try {
    await migrate(handle);
    const tar = await handle.backup?.();
    if (!tar) throw new Error("PGlite gave no backup of its data folder");
    writeFileSync(path, Buffer.from(await tar.arrayBuffer()));
  } finally {
    await handle.close();
  }
}

async function openPgliteTestDatabase() {
  const template = process.env[PGLITE_TEMPLATE_ENV];
  const handle = await openDatabase({
    dataDir: "memory://",
    ...(template ? { loadDataDir: new Blob([readFileSync(template)]) } : {}),
  });
  // Nothing to do when it came from the template, unless a migration was added since it was written.
  await migrate(handle);
  return handle;
}

export async function openTestDatabase(engine: EngineName): Promise<TestDatabase> {
  const masterSecret = randomBytes(32);
  const keys = createKeyring(masterSecret);
  if (engine === "pglite") return Object.assign(await openPgliteTestDatabase(), { keys, masterSecret });
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error("TEST_DATABASE_URL is not set");
  const schema = `test_${randomBytes(6).toString("hex")}`;
  await adminQuery(`create schema ${schema}`);
  const handle = await openDatabase({ databaseUrl: url, schema, poolSize: 4 });
  await migrate(handle);
  const close = handle.close;
  return Object.assign(handle, {
    keys,
    masterSecret,
    close: async () => {
      await close();
      await adminQuery(`drop schema ${schema} cascade`);
    },
  });
}

/** Victim `i` of a test campaign: e-mail, phone and name, all different per person. */
function testPerson(i: number): VictimInput {
  return {
    externalId: `D${i}`,
    email: `persoon.${i}@voorbeeld-mail.nl`,
    phone: `06${String(30_000_000 + i).slice(-8)}`,
    name: `Persoon ${i}`,
    categories: ["email"],
    flags: [],
  };
}

/**
 * A first-notice campaign over `people` victims of a new organisation's breach, its deliveries populated,
 * running unless told otherwise.
 */
export async function populatedCampaign(
  db: TestDatabase,
  people: number,
  options: { running?: boolean } = {},
): Promise<Campaign> {
  const slug = `dlv-${randomBytes(4).toString("hex")}`;
  const organisation = await organisations.create(db.db, { slug, name: "Voorbeeld BV" });
  const breach = await breaches.create(db.db, {
    organisationId: organisation.id,
    slug,
    title: "Lek",
    facts: { awareAt: "2026-02-10T14:00:00+01:00" },
  });
  const list = Array.from({ length: people }, (_, i) => testPerson(i));
  await victims.insertBatch(db.db, db.keys, breach.id, list);
  const campaign = await campaigns.create(db.db, organisation.id, {
    breachId: breach.id,
    kind: "first-notice",
    selection: {},
    createdBy: "test",
  });
  const populated = await deliveries.populate(db.db, db.keys, campaign);
  if (populated !== people) throw new Error(`populated ${populated} deliveries for ${people} people`);
  if (options.running ?? true)
    await campaigns.changeStatus(db.db, organisation.id, campaign.id, { from: "draft", to: "running" });
  return campaign;
}
