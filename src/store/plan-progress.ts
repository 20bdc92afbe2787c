/**
 * The steps of their plan a victim ticked off on "Mijn plan", keyed by victim id and step id: saved without an
 * account, readable only through the victim's own session. Step ids are the framework's, never free text.
 */
import type { Executor } from "./engine.ts";
import { transaction } from "./engine.ts";

/** The step ids the victim marked done. */
async function list(db: Executor, victimId: number): Promise<Set<string>> {
  const rows = await db
    .selectFrom("plan_progress")
    .select("step_id")
    .where("victim_id", "=", victimId)
    .execute();
  return new Set(rows.map((row) => row.step_id));
}

/** Makes exactly `done` (a subset of the victim's own steps, checked by the caller) the steps marked done. */
async function replace(db: Executor, victimId: number, done: readonly string[]): Promise<void> {
  await transaction(db, async (tx) => {
    let remove = tx.deleteFrom("plan_progress").where("victim_id", "=", victimId);
    if (done.length > 0) remove = remove.where("step_id", "not in", done);
    await remove.execute();
    if (done.length === 0) return;
    await tx
      .insertInto("plan_progress")
      .values(done.map((step) => ({ victim_id: victimId, step_id: step })))
      .onConflict((oc) => oc.columns(["victim_id", "step_id"]).doNothing())
      .execute();
  });
}

export const planProgress = { list, replace };
