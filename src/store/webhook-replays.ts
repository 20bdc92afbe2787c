/**
 * The signatures of webhook requests already accepted, each kept until it could no longer pass the timestamp
 * check: a captured request sent again inside the replay window finds its signature here and is refused. Shared
 * by every web process through the database.
 */
import type { Executor } from "./engine.ts";

let nextSweep = 0;

/**
 * Records a signature until `expiresAt`; false when it was recorded before (a replay). Now and then removes
 * the expired ones.
 */
async function remember(db: Executor, key: string, expiresAt: Date): Promise<boolean> {
  const now = Date.now();
  if (now >= nextSweep) {
    nextSweep = now + 60_000;
    await db.deleteFrom("webhook_replays").where("expires_at", "<", new Date(now)).execute();
  }
  const inserted = await db
    .insertInto("webhook_replays")
    .values({ key, expires_at: expiresAt })
    .onConflict((oc) => oc.column("key").doNothing())
    .returning("key")
    .executeTakeFirst();
  return inserted !== undefined;
}

export const webhookReplays = { remember };
