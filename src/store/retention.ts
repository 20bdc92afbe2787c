/**
 * Retention: victims' contact data is deleted a set time after their breach's last update. What remains
 * (categories, flags, delivery statuses) is enough for aggregates and evidence, and identifies nobody.
 */
import { sql } from "kysely";
import type { DatabaseHandle } from "./engine.ts";

/** Removes contact ciphertexts and look-up hashes for breaches last updated before `olderThan`. */
async function purgeContactData(handle: DatabaseHandle, olderThan: Date): Promise<{ purged: number }> {
  const result = await handle.db
    .updateTable("victims")
    .set({
      email_enc: null,
      phone_enc: null,
      name_enc: null,
      address_enc: null,
      email_hmac: null,
      phone_hmac: null,
      code_hmac: null,
      contact_purged_at: sql`now()`,
    })
    .where("contact_purged_at", "is", null)
    .where(({ eb, selectFrom }) =>
      eb(
        "breach_id",
        "in",
        selectFrom("breaches").select("breaches.id").where("breaches.updated_at", "<", olderThan),
      ),
    )
    .executeTakeFirst();
  return { purged: Number(result.numUpdatedRows) };
}

export const retention = { purgeContactData };
