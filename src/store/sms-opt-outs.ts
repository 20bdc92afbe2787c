/**
 * Numbers that replied STOP: they get no more update texts (the legally required first notice still goes by
 * another channel). Kept only as keyed hashes of the E.164 number.
 */

import { phoneLookupKey } from "../core/index.ts";
import type { Keyring } from "./crypto.ts";
import type { Executor } from "./engine.ts";

/** Records an opt-out; false when the number had already opted out or is not a phone number. */
async function add(db: Executor, keys: Keyring, phone: string): Promise<boolean> {
  const normalised = phoneLookupKey(phone);
  if (!normalised) return false;
  const inserted = await db
    .insertInto("sms_opt_outs")
    .values({ phone_hmac: keys.lookupHash("phone", normalised) })
    .onConflict((oc) => oc.column("phone_hmac").doNothing())
    .returning("phone_hmac")
    .executeTakeFirst();
  return inserted !== undefined;
}

async function has(db: Executor, keys: Keyring, phone: string): Promise<boolean> {
  const normalised = phoneLookupKey(phone);
  if (!normalised) return false;
  const row = await db
    .selectFrom("sms_opt_outs")
    .select("phone_hmac")
    .where("phone_hmac", "in", keys.lookupHashes("phone", normalised))
    .executeTakeFirst();
  return row !== undefined;
}

export const smsOptOuts = { add, has };
