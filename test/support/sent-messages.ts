/**
 * Messages "sent" straight into the database, one per channel (e-mail, SMS, letter) to three people of one
 * breach, each with a known verification code: what "is this message genuine?" needs without running delivery.
 */
import { canonicalCode, generateCode } from "../../src/core/codes.ts";
import { breaches, campaigns, organisations, victims } from "../../src/store/index.ts";
import type { TestDatabase } from "../../src/store/testing.ts";

const PEOPLE = [
  { externalId: "v-mail", email: "jan@gmail.nl", language: "nl" as const },
  { externalId: "v-sms", phone: "+31612345678", language: "nl" as const },
  {
    externalId: "v-letter",
    language: "nl" as const,
    address: { street: "Dorpsweg", houseNumber: "7", postcode: "4321 BA", city: "Zwolle", country: "NL" },
  },
];

/** Sent messages, one per person and channel, each with its own code; returns the codes. */
export async function sendMessages(db: TestDatabase): Promise<Record<"email" | "sms" | "letter", string>> {
  const organisation = await organisations.create(db.db, {
    slug: `org-${Date.now()}`,
    name: "Voorbeeld Telecom",
  });
  const breach = await breaches.create(db.db, {
    organisationId: organisation.id,
    slug: `lek-${Date.now()}`,
    title: "Klantgegevens gestolen",
    facts: { awareAt: "2026-11-01" },
  });
  await victims.insertBatch(db.db, db.keys, breach.id, PEOPLE);
  const campaign = await campaigns.create(db.db, organisation.id, {
    breachId: breach.id,
    kind: "first-notice",
    selection: {},
    createdBy: "test",
  });
  const channels = ["email", "sms", "letter"] as const;
  const codes = { email: generateCode(), sms: generateCode(), letter: generateCode() };
  for (const [index, person] of PEOPLE.entries()) {
    const victim = await victims.getByExternalId(db.db, db.keys, breach.id, person.externalId);
    const channel = channels[index] ?? "email";
    await db.db
      .insertInto("deliveries")
      .values({
        campaign_id: campaign.id,
        victim_id: victim?.id ?? 0,
        status: "sent",
        channels: [channel],
        channel,
        verification_digest: db.keys.lookupHash("verification-code", canonicalCode(codes[channel])),
        sent_at: new Date("2026-12-01T10:00:00Z"),
      })
      .execute();
  }
  return codes;
}
