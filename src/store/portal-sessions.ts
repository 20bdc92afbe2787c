/**
 * "Mijn plan" sessions. A victim opens one with their personal code; the browser holds a random token and the
 * table holds only its SHA-256 (a leaked table opens nothing). A session counts only while its victim still
 * holds the code it was opened with: issuing a new code or revoking it (personalCodes) ends every session of
 * that victim at once, without this module being told. Times come from the caller, so tests can move them.
 */
import { sql } from "kysely";
import type { Executor } from "./engine.ts";

export interface SessionTimes {
  now: Date;
  /** A session unused this long ends. */
  idleMs: number;
  /** A session this old ends, however busy. */
  absoluteMs: number;
}

/** Stores a new session for the victim's current code; false when the victim holds no code (revoked, purged). */
async function open(
  db: Executor,
  input: { tokenHash: string; victimId: number; now: Date },
): Promise<boolean> {
  const result = await db
    .insertInto("portal_sessions")
    .columns(["token_hash", "victim_id", "code_issued_at", "created_at", "last_seen_at"])
    .expression(
      db
        .selectFrom("victims")
        .select([
          sql<string>`${input.tokenHash}`.as("token_hash"),
          "id",
          "code_issued_at",
          sql<Date>`${input.now}::timestamptz`.as("created_at"),
          sql<Date>`${input.now}::timestamptz`.as("last_seen_at"),
        ])
        .where("id", "=", input.victimId)
        .where("code_issued_at", "is not", null)
        .where("contact_purged_at", "is", null),
    )
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
}

/**
 * The victim a live session belongs to, and marks it used; undefined (and the row deleted) when the session
 * is unknown, idle too long, too old, or its victim's code changed since.
 */
async function find(db: Executor, tokenHash: string, times: SessionTimes): Promise<number | undefined> {
  const idleSince = new Date(times.now.getTime() - times.idleMs);
  const openedSince = new Date(times.now.getTime() - times.absoluteMs);
  const live = await sql<{ victim_id: string | number }>`
    update portal_sessions as s set last_seen_at = ${times.now}::timestamptz
    from victims as v
    where s.token_hash = ${tokenHash} and v.id = s.victim_id and v.code_issued_at = s.code_issued_at
      and v.contact_purged_at is null
      and s.last_seen_at > ${idleSince}::timestamptz and s.created_at > ${openedSince}::timestamptz
    returning s.victim_id`.execute(db);
  const row = live.rows[0];
  if (row) return Number(row.victim_id);
  await db.deleteFrom("portal_sessions").where("token_hash", "=", tokenHash).execute();
  return undefined;
}

/** Ends one session (the "stop" button). */
async function end(db: Executor, tokenHash: string): Promise<void> {
  await db.deleteFrom("portal_sessions").where("token_hash", "=", tokenHash).execute();
}

/**
 * Deletes sessions that can no longer be used (expired, or their code changed), of one victim or of all; the
 * count. Opening a session sweeps that victim's (an index look-up), so abandoned sessions do not pile up.
 */
async function sweep(db: Executor, times: SessionTimes, victimId?: number): Promise<number> {
  const idleSince = new Date(times.now.getTime() - times.idleMs);
  const openedSince = new Date(times.now.getTime() - times.absoluteMs);
  const ofVictim = victimId === undefined ? sql`true` : sql`s.victim_id = ${victimId}`;
  const result = await sql`
    delete from portal_sessions as s
    where ${ofVictim} and (s.last_seen_at <= ${idleSince}::timestamptz or s.created_at <= ${openedSince}::timestamptz
      or not exists (select 1 from victims as v where v.id = s.victim_id
                     and v.code_issued_at = s.code_issued_at and v.contact_purged_at is null))`.execute(db);
  return Number(result.numAffectedRows ?? 0n);
}

export const portalSessions = { open, find, end, sweep };
