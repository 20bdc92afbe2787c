/**
 * Two victims of one breach with personal codes, an organisation profile and one published update: what
 * "Mijn plan" needs, made through the store and the operations an organisation uses.
 */
import { SAMPLE_BREACH, SAMPLE_ORGANISATION } from "../../src/messages/index.ts";
import { createUpdate, operatorActor, publishUpdate, setProfile } from "../../src/operations/index.ts";
import { breaches, organisations, victims } from "../../src/store/index.ts";
import type { TestDatabase } from "../../src/store/testing.ts";

export interface PlanVictims {
  organisationId: string;
  breachId: string;
  /** External id → plaintext personal code. */
  codes: { anna: string; bram: string };
  ids: { anna: number; bram: number };
}

export const ANNA = {
  externalId: "anna",
  name: "Anna de Vries",
  email: "anna.devries@gmail.nl",
  phone: "+31612345678",
  address: { street: "Dorpsweg", houseNumber: "7", postcode: "4321 BA", city: "Zwolle", country: "NL" },
  categories: ["name", "email", "iban"],
  flags: ["senior"],
  language: "nl" as const,
};

export const BRAM = {
  externalId: "bram",
  name: "Bram Jansen",
  email: "bram.jansen@example.org",
  categories: ["name", "bsn", "id-document-number"],
  language: "en" as const,
};

export async function planVictims(db: TestDatabase, slug = "plan"): Promise<PlanVictims> {
  const organisation = await organisations.create(db.db, { slug: `${slug}-org`, name: "Voorbeeld Telecom" });
  const actor = operatorActor("os:test", organisation.id);
  await setProfile(db, actor, { profile: { ...SAMPLE_ORGANISATION, dkim: { signer: "relay" } } });
  const breach = await breaches.create(db.db, {
    organisationId: organisation.id,
    slug: `${slug}-breach`,
    title: "Klantgegevens gestolen",
    facts: SAMPLE_BREACH as unknown as Record<string, unknown> & { awareAt: string },
  });
  const { codes } = await victims.insertBatch(db.db, db.keys, breach.id, [ANNA, BRAM], { issueCodes: true });
  const update = await createUpdate(db, actor, {
    breachId: breach.id,
    title: { nl: "Het lek is gedicht", en: "The leak is closed" },
    body: {
      nl: "De inbreker kan niet meer bij de gegevens.",
      en: "The intruder can no longer reach the data.",
    },
  });
  await publishUpdate(db, actor, { breachId: breach.id, updateId: update.update.id });
  const anna = await victims.getByExternalId(db.db, db.keys, breach.id, "anna");
  const bram = await victims.getByExternalId(db.db, db.keys, breach.id, "bram");
  return {
    organisationId: organisation.id,
    breachId: breach.id,
    codes: { anna: codes?.get("anna") ?? "", bram: codes?.get("bram") ?? "" },
    ids: { anna: anna?.id ?? 0, bram: bram?.id ?? 0 },
  };
}
