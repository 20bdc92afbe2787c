/**
 * A statement the database chose as a deadlock's victim (40P01), or that failed to serialise (40001), wrote
 * nothing and may simply run again. The sender's shared writes (outcomes, per-domain rounds) go through here,
 * so a rare conflict between workers costs a retry, not a batch's rows or a lane's slot.
 */
const CONFLICTS = new Set(["40P01", "40001"]);

/** Runs `statement`, again on a conflict, at most `attempts` times in all. */
export async function retryOnConflict<T>(statement: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await statement();
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (attempt >= attempts || code === undefined || !CONFLICTS.has(code)) throw error;
    }
  }
}
