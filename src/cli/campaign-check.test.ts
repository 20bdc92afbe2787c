/**
 * `lekwijzer campaign check` for ordinary breaches, as a new organisation would try it: a few kinds of data,
 * the sample organisation texts (examples/setup/sample-texts.json). Before the platform's own sentences were
 * kept within B1, every one of these was blocked by a sentence Lekwijzer wrote itself.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SAMPLE_BREACH, SAMPLE_ORGANISATION } from "../messages/index.ts";
import { checkCampaign, createCampaign, operatorActor } from "../operations/index.ts";
import { breaches, organisations, victims } from "../store/index.ts";
import { openTestDatabase } from "../store/testing.ts";
import { loadConfig } from "./config.ts";
import { EXIT_OK, run } from "./index.ts";
import { openStore } from "./store-session.ts";
import { captureIo as capture } from "./testing.ts";

const SETUP = resolve(import.meta.dirname, "../../examples/setup/sample-texts.json");
const SAMPLE_TEXTS_SETUP = JSON.parse(readFileSync(SETUP, "utf8")) as { texts: Record<string, unknown> };

/** The breaches of issue 20: each was blocked by the platform's own "not leaked" sentence. */
const SMALL_BREACHES: Record<string, string[]> = {
  "name, e-mail and bank account": ["name", "email", "iban"],
  "name and e-mail": ["name", "email"],
  "e-mail and password": ["email", "password"],
  "name, address and phone": ["name", "address", "phone"],
  "health and name": ["health", "name"],
  "BSN, name and address": ["bsn", "name", "address"],
};

const factsWith = (categories: string[]) => ({
  ...SAMPLE_BREACH,
  subjects: { count: 40, groups: ["customers"] },
  data: categories.map((category) => ({ category })),
});

const people = (categories: string[]) => [
  { externalId: "K1", name: "Eva Jansen", email: "eva@example.org", language: "nl" as const, categories },
  { externalId: "K2", name: "John Smith", email: "john@example.org", language: "en" as const, categories },
];

describe("the check `lekwijzer campaign check` runs, for small breaches with the sample texts", () => {
  it("passes for every breach of issue 20", async () => {
    const db = await openTestDatabase("pglite");
    try {
      const organisation = await organisations.create(db.db, {
        slug: "voorbeeld",
        name: SAMPLE_ORGANISATION.name,
        profile: SAMPLE_ORGANISATION,
      });
      for (const [what, categories] of Object.entries(SMALL_BREACHES)) {
        const breach = await breaches.create(db.db, {
          organisationId: organisation.id,
          slug: categories.join("-"),
          title: what,
          facts: factsWith(categories) as unknown as Record<string, unknown> & { awareAt: string },
        });
        await victims.insertBatch(db.db, db.keys, breach.id, people(categories));
        const creator = operatorActor("creator", organisation.id);
        const campaign = await createCampaign(db, creator, {
          breachId: breach.id,
          kind: "first-notice",
          setup: SAMPLE_TEXTS_SETUP,
        });
        const { campaign: checked, findings } = await checkCampaign(db, creator, { campaignId: campaign.id });
        expect({ what, blocking: findings.filter((f) => f.severity === "block") }).toEqual({
          what,
          blocking: [],
        });
        expect(checked.status).toBe("checked");
      }
    } finally {
      await db.close();
    }
  }, 300_000);
});

describe("lekwijzer campaign check on the command line", () => {
  const saved = { ...process.env };
  let dir = "";

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "lekwijzer-campaign-check-"));
    process.env.DATA_DIR = join(dir, "data");
    process.env.LEKWIJZER_DEMO = "false";
    delete process.env.DATABASE_URL;
    delete process.env.LEKWIJZER_MASTER_SECRET;
    delete process.env.LEKWIJZER_PREVIOUS_SECRETS;
    const store = await openStore(loadConfig(), { migrate: true });
    try {
      await organisations.create(store.db, {
        slug: "voorbeeld",
        name: SAMPLE_ORGANISATION.name,
        profile: SAMPLE_ORGANISATION,
      });
    } finally {
      await store.close();
    }
  }, 120_000);

  afterAll(() => {
    process.env = saved;
  });

  async function cli(args: string[]): Promise<string> {
    const io = capture();
    const code = await run(args, io);
    expect({ code, err: io.err }).toEqual({ code: EXIT_OK, err: "" });
    return io.out;
  }

  async function breachWithPeople(categories: string[]): Promise<string> {
    const facts = join(dir, `${categories.join("-")}.json`);
    writeFileSync(facts, JSON.stringify(factsWith(categories)));
    const out = await cli(["breach", "create", "--org", "voorbeeld", facts, "--json"]);
    const breachId = String((JSON.parse(out) as { id: string }).id);
    const store = await openStore(loadConfig(), { migrate: false });
    try {
      await victims.insertBatch(store.db, store.keys, breachId, people(categories));
    } finally {
      await store.close();
    }
    return breachId;
  }

  async function createWith(breachId: string, setup: string): Promise<string> {
    const out = await cli(["campaign", "create", "--breach", breachId, "--setup", setup, "--json"]);
    return String((JSON.parse(out) as { id: string }).id);
  }

  it("checks a breach of name, e-mail address and bank account number clean", async () => {
    const campaignId = await createWith(await breachWithPeople(["name", "email", "iban"]), SETUP);
    const out = await cli(["campaign", "check", campaignId]);
    expect(out).toContain(`Campaign ${campaignId}: checked`);
    expect(out).not.toMatch(/^ {2}block /m);
  }, 120_000);

  it("says whose text a finding is about", async () => {
    const breachId = await breachWithPeople(["email"]);
    // The organisation's own text in officialese: a finding the organisation can fix itself.
    const setup = join(dir, "officialese.json");
    const compensation = { nl: "Indien u schade heeft, bel ons.", en: "Call us." };
    writeFileSync(setup, JSON.stringify({ texts: { ...SAMPLE_TEXTS_SETUP.texts, compensation } }));
    const campaignId = await createWith(breachId, setup);
    const io = capture();
    await run(["campaign", "check", campaignId], io);
    expect(`${io.out}${io.err}`).toMatch(/plain-language \(compensation\), in your own text: "Indien"/);
  }, 120_000);

  it("prints a campaign's status as JSON in the API's shape, and lists the breach's campaigns", async () => {
    const breachId = await breachWithPeople(["name", "email"]);
    const campaignId = await createWith(breachId, SETUP);
    const status = JSON.parse(await cli(["campaign", "status", campaignId, "--json"]));
    expect(status).toMatchObject({
      campaign: {
        id: campaignId,
        breachId,
        kind: "first-notice",
        status: "draft",
        total: 2,
        startedAt: null,
      },
      byStatus: { queued: 2 },
      etaSeconds: null,
      deferrals: [],
    });
    expect(Object.keys(status).sort()).toEqual(
      ["byChannel", "byStatus", "campaign", "channelHealth", "deferrals", "etaSeconds", "rate"].sort(),
    );
    const listed = JSON.parse(await cli(["campaign", "list", "--breach", breachId, "--json"]));
    expect(listed.campaigns).toEqual([
      {
        id: campaignId,
        kind: "first-notice",
        status: "draft",
        total: 2,
        createdBy: expect.stringMatching(/^os:/),
      },
    ]);
  }, 120_000);
});
