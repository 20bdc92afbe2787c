/**
 * What a victim chose on "Mijn plan" that changes later messages: a new postal address they confirmed with
 * the code from the letter sent to it, and the wish to get letters first. One row per victim. The address is
 * sealed and bound to the victim's id, so it cannot be moved to another row; campaign letters and printed
 * plans read it instead of the file's address. A re-import of the victim file leaves it alone (the person's
 * own, later word wins over the organisation's older file); the retention purge empties it.
 */
import { sql } from "kysely";
import type { PostalAddress } from "../core/index.ts";
import type { Keyring } from "./crypto.ts";
import type { Executor } from "./engine.ts";

export interface VictimChoice {
  /** The confirmed new address; null when none was confirmed (or after the purge). */
  address: PostalAddress | null;
  addressConfirmedAt: Date | null;
  prefersLetters: boolean;
}

const context = (victimId: number) => `victim-address:${victimId}`;

/** Makes `address` the victim's postal address for later letters (call only once it is confirmed). */
async function setAddress(
  db: Executor,
  keys: Keyring,
  input: { victimId: number; breachId: string; address: PostalAddress },
): Promise<void> {
  const sealed = keys.seal(JSON.stringify(input.address), context(input.victimId));
  await sql`insert into victim_contact_choices (victim_id, breach_id, key_id, address_sealed, address_confirmed_at)
    values (${input.victimId}, ${input.breachId}, ${keys.keyId}, ${sealed}, now())
    on conflict (victim_id) do update set key_id = excluded.key_id, address_sealed = excluded.address_sealed,
      address_confirmed_at = excluded.address_confirmed_at, updated_at = now()`.execute(db);
}

/** Later campaigns put the letter first for this victim (when an address is known). */
async function setPrefersLetters(db: Executor, input: { victimId: number; breachId: string }): Promise<void> {
  await sql`insert into victim_contact_choices (victim_id, breach_id, prefers_letters_at)
    values (${input.victimId}, ${input.breachId}, now())
    on conflict (victim_id) do update set prefers_letters_at = coalesce(victim_contact_choices.prefers_letters_at, now()),
      updated_at = now()`.execute(db);
}

/** The choices of these victims (those without any are absent), in one query. */
async function getMany(
  db: Executor,
  keys: Keyring,
  victimIds: readonly number[],
): Promise<Map<number, VictimChoice>> {
  if (victimIds.length === 0) return new Map();
  const rows = await db
    .selectFrom("victim_contact_choices")
    .select(["victim_id", "address_sealed", "address_confirmed_at", "prefers_letters_at"])
    .where("victim_id", "in", [...victimIds])
    .execute();
  return new Map(
    rows.map((row) => [
      Number(row.victim_id),
      {
        address: row.address_sealed
          ? (JSON.parse(keys.open(row.address_sealed, context(Number(row.victim_id)))) as PostalAddress)
          : null,
        addressConfirmedAt: row.address_confirmed_at ? new Date(row.address_confirmed_at) : null,
        prefersLetters: row.prefers_letters_at !== null,
      },
    ]),
  );
}

async function get(db: Executor, keys: Keyring, victimId: number): Promise<VictimChoice | undefined> {
  return (await getMany(db, keys, [victimId])).get(victimId);
}

/** Seals every confirmed address again under the current key (after a key rotation); the count. */
async function reseal(db: Executor, keys: Keyring): Promise<number> {
  const rows = await db
    .selectFrom("victim_contact_choices")
    .select(["victim_id", "address_sealed"])
    .where("address_sealed", "is not", null)
    .where("key_id", "!=", keys.keyId)
    .execute();
  for (const row of rows) {
    const bound = context(Number(row.victim_id));
    await db
      .updateTable("victim_contact_choices")
      .set({
        address_sealed: keys.seal(keys.open(row.address_sealed ?? "", bound), bound),
        key_id: keys.keyId,
      })
      .where("victim_id", "=", row.victim_id)
      .execute();
  }
  return rows.length;
}

/** The retention purge: a confirmed address is contact data and goes with the breach's other contact data. */
async function purgeBreach(db: Executor, breachId: string): Promise<void> {
  await db
    .updateTable("victim_contact_choices")
    .set({ address_sealed: null, key_id: null })
    .where("breach_id", "=", breachId)
    .where("address_sealed", "is not", null)
    .execute();
}

export const victimChoices = { setAddress, setPrefersLetters, getMany, get, reseal, purgeBreach };
