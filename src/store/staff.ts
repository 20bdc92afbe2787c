/**
 * Console staff: accounts, sessions and password resets (issue 17). An account's e-mail address is found by a
 * keyed hash (`staff-email`) and kept sealed, bound to the account id, like every other contact datum; the
 * password is an Argon2id hash made by the caller; the TOTP secret is sealed and its last used time step kept,
 * so one code is accepted once. Sessions and reset tokens are random values of which only keyed hashes are
 * stored: a copy of the tables opens nothing. Every query on an organisation's staff takes the organisation
 * and filters on it in SQL; `null` is the platform's own staff (regulators, platform administrators).
 * Times come from the caller, so tests can move them.
 */
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import type { Keyring } from "./crypto.ts";
import type { Executor } from "./engine.ts";

export type StaffStage = "second-factor" | "enrol" | "signed-in";

export interface StaffAccount {
  id: string;
  organisationId: string | null;
  email: string;
  displayName: string;
  roles: string[];
  hasPassword: boolean;
  totpConfirmed: boolean;
  lockedUntil: Date | null;
  disabledAt: Date | null;
  createdBy: string;
  createdAt: Date;
}

/** What log-in needs besides the account: the hash to check and the sealed second factor. */
export interface StaffCredentials {
  account: StaffAccount;
  passwordHash: string | null;
  totpSealed: string | null;
  totpLastStep: number | null;
  failedAttempts: number;
}

/** How an address is compared: trimmed and in lower case. */
export function normaliseStaffEmail(email: string): string {
  return email.trim().toLowerCase();
}

const context = (id: string) => `staff:${id}`;

const COLUMNS = [
  "id",
  "organisation_id",
  "email_sealed",
  "display_name",
  "roles",
  "password_hash",
  "totp_sealed",
  "totp_confirmed_at",
  "totp_last_step",
  "failed_attempts",
  "locked_until",
  "disabled_at",
  "created_by",
  "created_at",
] as const;

type Row = {
  id: string;
  organisation_id: string | null;
  email_sealed: string;
  display_name: string;
  roles: string[];
  password_hash: string | null;
  totp_sealed: string | null;
  totp_confirmed_at: Date | null;
  totp_last_step: string | number | null;
  failed_attempts: number;
  locked_until: Date | null;
  disabled_at: Date | null;
  created_by: string;
  created_at: Date;
};

function credentialsOf(keys: Keyring, row: Row): StaffCredentials {
  return {
    account: {
      id: row.id,
      organisationId: row.organisation_id,
      email: keys.open(row.email_sealed, context(row.id)),
      displayName: row.display_name,
      roles: [...row.roles],
      hasPassword: row.password_hash !== null,
      totpConfirmed: row.totp_confirmed_at !== null,
      lockedUntil: row.locked_until ? new Date(row.locked_until) : null,
      disabledAt: row.disabled_at ? new Date(row.disabled_at) : null,
      createdBy: row.created_by,
      createdAt: new Date(row.created_at),
    },
    passwordHash: row.password_hash,
    totpSealed: row.totp_sealed,
    totpLastStep: row.totp_last_step === null ? null : Number(row.totp_last_step),
    failedAttempts: row.failed_attempts,
  };
}

export interface NewStaffAccount {
  organisationId: string | null;
  email: string;
  displayName: string;
  roles: readonly string[];
  passwordHash: string | null;
  createdBy: string;
}

/** Creates an account; "taken" when an account with that address exists (of any organisation). */
async function create(db: Executor, keys: Keyring, input: NewStaffAccount): Promise<StaffAccount | "taken"> {
  const id = randomUUID();
  const email = normaliseStaffEmail(input.email);
  const emailHashes = keys.lookupHashes("staff-email", email);
  const existing = await db
    .selectFrom("staff_accounts")
    .select("id")
    .where("email_hash", "in", emailHashes)
    .executeTakeFirst();
  if (existing) return "taken";
  const row = await db
    .insertInto("staff_accounts")
    .values({
      id,
      organisation_id: input.organisationId,
      email_hash: keys.lookupHash("staff-email", email),
      key_id: keys.keyId,
      email_sealed: keys.seal(email, context(id)),
      display_name: input.displayName,
      roles: JSON.stringify(input.roles),
      password_hash: input.passwordHash,
      password_changed_at: input.passwordHash ? new Date() : null,
      created_by: input.createdBy,
    })
    .onConflict((oc) => oc.column("email_hash").doNothing())
    .returning(COLUMNS)
    .executeTakeFirst();
  return row ? credentialsOf(keys, row).account : "taken";
}

/** The account an address belongs to, with what log-in checks; undefined when none. */
async function credentialsByEmail(
  db: Executor,
  keys: Keyring,
  email: string,
): Promise<StaffCredentials | undefined> {
  const row = await db
    .selectFrom("staff_accounts")
    .select(COLUMNS)
    .where("email_hash", "in", keys.lookupHashes("staff-email", normaliseStaffEmail(email)))
    .executeTakeFirst();
  return row ? credentialsOf(keys, row) : undefined;
}

async function credentials(db: Executor, keys: Keyring, id: string): Promise<StaffCredentials | undefined> {
  const row = await db.selectFrom("staff_accounts").select(COLUMNS).where("id", "=", id).executeTakeFirst();
  return row ? credentialsOf(keys, row) : undefined;
}

/** One account of an organisation (null: the platform's own staff); another organisation's is undefined. */
async function get(
  db: Executor,
  keys: Keyring,
  organisationId: string | null,
  id: string,
): Promise<StaffAccount | undefined> {
  const row = await db
    .selectFrom("staff_accounts")
    .select(COLUMNS)
    .where("id", "=", id)
    .where((eb) =>
      organisationId === null
        ? eb("organisation_id", "is", null)
        : eb("organisation_id", "=", organisationId),
    )
    .executeTakeFirst();
  return row ? credentialsOf(keys, row).account : undefined;
}

/** An organisation's staff (null: the platform's own), by name. */
async function list(db: Executor, keys: Keyring, organisationId: string | null): Promise<StaffAccount[]> {
  const rows = await db
    .selectFrom("staff_accounts")
    .select(COLUMNS)
    .where((eb) =>
      organisationId === null
        ? eb("organisation_id", "is", null)
        : eb("organisation_id", "=", organisationId),
    )
    .orderBy("display_name")
    .orderBy("created_at")
    .execute();
  return rows.map((row) => credentialsOf(keys, row).account);
}

/**
 * Counts a failed log-in step. At `maxAttempts` the account locks until `now + lockMs` and the count starts
 * again; true when this failure locked it. One statement, so parallel guesses cannot slip past the count.
 */
async function recordFailure(
  db: Executor,
  id: string,
  rule: { now: Date; maxAttempts: number; lockMs: number },
): Promise<boolean> {
  const until = new Date(rule.now.getTime() + rule.lockMs);
  const result = await sql<{ locked: boolean }>`
    update staff_accounts set
      failed_attempts = case when failed_attempts + 1 >= ${rule.maxAttempts} then 0 else failed_attempts + 1 end,
      locked_until = case when failed_attempts + 1 >= ${rule.maxAttempts} then ${until}::timestamptz
                          else locked_until end
    where id = ${id}
    returning (failed_attempts = 0 and locked_until = ${until}::timestamptz) as locked`.execute(db);
  return result.rows[0]?.locked === true;
}

async function clearFailures(db: Executor, id: string): Promise<void> {
  await db
    .updateTable("staff_accounts")
    .set({ failed_attempts: 0, locked_until: null })
    .where("id", "=", id)
    .execute();
}

/** Sets a new password hash and ends every session of the account (a password change signs out everywhere). */
async function setPassword(db: Executor, id: string, passwordHash: string, now: Date): Promise<void> {
  await db
    .updateTable("staff_accounts")
    .set({ password_hash: passwordHash, password_changed_at: now, failed_attempts: 0, locked_until: null })
    .where("id", "=", id)
    .execute();
  await db.deleteFrom("staff_sessions").where("staff_id", "=", id).execute();
}

/** Stores a new, not yet confirmed TOTP secret (sealed, bound to the account). */
async function setPendingTotp(db: Executor, keys: Keyring, id: string, secret: string): Promise<void> {
  await db
    .updateTable("staff_accounts")
    .set({
      totp_sealed: keys.seal(secret, `${context(id)}:totp`),
      totp_confirmed_at: null,
      totp_last_step: null,
    })
    .where("id", "=", id)
    .execute();
}

/**
 * Confirms the pending secret without a code: for accounts made with a known secret (the demo). Listed here, not
 * in index.ts's summary, which names the functions a part's callers usually need.
 */
async function confirmTotp(db: Executor, id: string, now: Date): Promise<void> {
  await db
    .updateTable("staff_accounts")
    .set({ totp_confirmed_at: now })
    .where("id", "=", id)
    .where("totp_sealed", "is not", null)
    .execute();
}

/** Opens a sealed TOTP secret of the account. */
function openTotp(keys: Keyring, id: string, sealed: string): string {
  return keys.open(sealed, `${context(id)}:totp`);
}

/**
 * Takes a TOTP time step: true once per step, only when it is later than every step used before (a code, or
 * an earlier one, cannot be played again). Confirms a pending secret on its first use.
 */
async function useTotpStep(db: Executor, id: string, step: number, now: Date): Promise<boolean> {
  const result = await db
    .updateTable("staff_accounts")
    .set({
      totp_last_step: step,
      totp_confirmed_at: sql`coalesce(totp_confirmed_at, ${now}::timestamptz)`,
    })
    .where("id", "=", id)
    .where("totp_sealed", "is not", null)
    .where((eb) => eb.or([eb("totp_last_step", "is", null), eb("totp_last_step", "<", step)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Forgets the second factor and ends the sessions: the next log-in enrols a new one. */
async function resetTotp(db: Executor, organisationId: string | null, id: string): Promise<boolean> {
  const result = await db
    .updateTable("staff_accounts")
    .set({ totp_sealed: null, totp_confirmed_at: null, totp_last_step: null })
    .where("id", "=", id)
    .where((eb) =>
      organisationId === null
        ? eb("organisation_id", "is", null)
        : eb("organisation_id", "=", organisationId),
    )
    .executeTakeFirst();
  await db.deleteFrom("staff_sessions").where("staff_id", "=", id).execute();
  return Number(result.numUpdatedRows) === 1;
}

/** Disables an account of the organisation and ends its sessions; false when absent or already disabled. */
async function disable(db: Executor, organisationId: string | null, id: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable("staff_accounts")
    .set({ disabled_at: now })
    .where("id", "=", id)
    .where("disabled_at", "is", null)
    .where((eb) =>
      organisationId === null
        ? eb("organisation_id", "is", null)
        : eb("organisation_id", "=", organisationId),
    )
    .executeTakeFirst();
  await db.deleteFrom("staff_sessions").where("staff_id", "=", id).execute();
  return Number(result.numUpdatedRows) === 1;
}

/** Replaces the roles of an account of the organisation; false when absent. */
async function setRoles(
  db: Executor,
  organisationId: string | null,
  id: string,
  roles: readonly string[],
): Promise<boolean> {
  const result = await db
    .updateTable("staff_accounts")
    .set({ roles: JSON.stringify(roles) })
    .where("id", "=", id)
    .where((eb) =>
      organisationId === null
        ? eb("organisation_id", "is", null)
        : eb("organisation_id", "=", organisationId),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * After a key rotation: every account sealed under an older key gets its address and TOTP secret sealed again,
 * and its address hash made again, under the current key, so log-in keeps working once the old secret is
 * gone. Returns how many accounts were re-keyed.
 */
async function reseal(db: Executor, keys: Keyring): Promise<number> {
  const { rows } = await sql<{ id: string; email_sealed: string; totp_sealed: string | null }>`
    select id, email_sealed, totp_sealed from staff_accounts where key_id <> ${keys.keyId}`.execute(db);
  for (const row of rows) {
    const email = keys.open(row.email_sealed, context(row.id));
    const totp = row.totp_sealed === null ? null : openTotp(keys, row.id, row.totp_sealed);
    await sql`update staff_accounts set key_id = ${keys.keyId},
        email_hash = ${keys.lookupHash("staff-email", email)},
        email_sealed = ${keys.seal(email, context(row.id))},
        totp_sealed = ${totp === null ? null : keys.seal(totp, `${context(row.id)}:totp`)}
      where id = ${row.id}`.execute(db);
  }
  return rows.length;
}

export const staffAccounts = {
  reseal,
  create,
  credentialsByEmail,
  credentials,
  get,
  list,
  recordFailure,
  clearFailures,
  setPassword,
  setPendingTotp,
  confirmTotp,
  openTotp,
  useTotpStep,
  resetTotp,
  disable,
  setRoles,
};

export interface StaffSessionTimes {
  now: Date;
  /** A session unused this long ends. */
  idleMs: number;
  /** A signed-in session this old ends, however busy. */
  absoluteMs: number;
  /** A session half-way through log-in (second factor, enrolment) this old ends. */
  pendingMs: number;
}

async function openSession(
  db: Executor,
  input: { tokenHash: string; staffId: string; stage: StaffStage; now: Date },
): Promise<void> {
  await db
    .insertInto("staff_sessions")
    .values({
      token_hash: input.tokenHash,
      staff_id: input.staffId,
      stage: input.stage,
      created_at: input.now,
      last_seen_at: input.now,
    })
    .execute();
}

/**
 * The live session of a token hash, and marks it used; undefined (and the row deleted) when it is unknown,
 * idle too long, too old for its stage, or its account is disabled.
 */
async function findSession(
  db: Executor,
  tokenHash: string,
  times: StaffSessionTimes,
): Promise<{ staffId: string; stage: StaffStage } | undefined> {
  const idleSince = new Date(times.now.getTime() - times.idleMs);
  const openedSince = new Date(times.now.getTime() - times.absoluteMs);
  const pendingSince = new Date(times.now.getTime() - times.pendingMs);
  const live = await sql<{ staff_id: string; stage: StaffStage }>`
    update staff_sessions as s set last_seen_at = ${times.now}::timestamptz
    from staff_accounts as a
    where s.token_hash = ${tokenHash} and a.id = s.staff_id and a.disabled_at is null
      and s.last_seen_at > ${idleSince}::timestamptz
      and s.created_at > (case when s.stage = 'signed-in' then ${openedSince}::timestamptz
                               else ${pendingSince}::timestamptz end)
    returning s.staff_id, s.stage`.execute(db);
  const row = live.rows[0];
  if (row) return { staffId: row.staff_id, stage: row.stage };
  await db.deleteFrom("staff_sessions").where("token_hash", "=", tokenHash).execute();
  return undefined;
}

async function endSession(db: Executor, tokenHash: string): Promise<void> {
  await db.deleteFrom("staff_sessions").where("token_hash", "=", tokenHash).execute();
}

/** Ends every session of an account (locked out). */
async function endAllSessions(db: Executor, staffId: string): Promise<void> {
  await db.deleteFrom("staff_sessions").where("staff_id", "=", staffId).execute();
}

/** Deletes sessions that can no longer be used, of one account or of all; the count. */
async function sweepSessions(db: Executor, times: StaffSessionTimes, staffId?: string): Promise<number> {
  const idleSince = new Date(times.now.getTime() - times.idleMs);
  const openedSince = new Date(times.now.getTime() - times.absoluteMs);
  const pendingSince = new Date(times.now.getTime() - times.pendingMs);
  const ofStaff = staffId === undefined ? sql`true` : sql`staff_id = ${staffId}`;
  const result = await sql`
    delete from staff_sessions
    where ${ofStaff} and (last_seen_at <= ${idleSince}::timestamptz
      or (stage = 'signed-in' and created_at <= ${openedSince}::timestamptz)
      or (stage <> 'signed-in' and created_at <= ${pendingSince}::timestamptz))`.execute(db);
  return Number(result.numAffectedRows ?? 0n);
}

export const staffSessions = {
  open: openSession,
  find: findSession,
  end: endSession,
  endAll: endAllSessions,
  sweep: sweepSessions,
};

/** A reset the worker is to mail: the account's address opened, its name, and the row. */
export interface ClaimedStaffReset {
  id: number;
  staffId: string;
  email: string;
  displayName: string;
}

/**
 * Asks for a reset mail; false (nothing queued) when the account already asked `perHour` times in the last
 * hour, so the form cannot be used to flood someone's mailbox.
 */
async function requestReset(
  db: Executor,
  staffId: string,
  rule: { now: Date; perHour: number },
): Promise<boolean> {
  const since = new Date(rule.now.getTime() - 3600_000);
  const recent = await db
    .selectFrom("staff_password_resets")
    .select((eb) => eb.fn.countAll<string>().as("count"))
    .where("staff_id", "=", staffId)
    .where("requested_at", ">", since)
    .executeTakeFirstOrThrow();
  if (Number(recent.count) >= rule.perHour) return false;
  await db
    .insertInto("staff_password_resets")
    .values({ staff_id: staffId, requested_at: rule.now })
    .execute();
  return true;
}

/** Claims due reset mails under a lease (FOR UPDATE SKIP LOCKED: any number of workers send each once). */
async function claimResets(
  db: Executor,
  keys: Keyring,
  input: { limit: number; leaseMs: number; now: Date },
): Promise<ClaimedStaffReset[]> {
  const until = new Date(input.now.getTime() + input.leaseMs);
  const rows = await sql<{
    id: string | number;
    staff_id: string;
    email_sealed: string;
    display_name: string;
  }>`
    with due as (
      select r.id from staff_password_resets as r
      where r.mail_due and (r.claimed_until is null or r.claimed_until < ${input.now}::timestamptz)
      order by r.id limit ${input.limit} for update skip locked)
    update staff_password_resets as r set claimed_until = ${until}::timestamptz, attempts = r.attempts + 1
    from due, staff_accounts as a
    where r.id = due.id and a.id = r.staff_id
    returning r.id, r.staff_id, a.email_sealed, a.display_name`.execute(db);
  return rows.rows.map((row) => ({
    id: Number(row.id),
    staffId: row.staff_id,
    email: keys.open(row.email_sealed, context(row.staff_id)),
    displayName: row.display_name,
  }));
}

/** Stores the keyed hash of the token the mail carries, and when it expires (before the mail goes out). */
async function setResetToken(db: Executor, id: number, tokenHash: string, expiresAt: Date): Promise<void> {
  await db
    .updateTable("staff_password_resets")
    .set({ token_hash: tokenHash, expires_at: expiresAt })
    .where("id", "=", id)
    .execute();
}

/** The mail went (or failed for good): the row is no longer due. */
async function resetMailDone(db: Executor, id: number): Promise<void> {
  await db
    .updateTable("staff_password_resets")
    .set({ mail_due: false, claimed_until: null })
    .where("id", "=", id)
    .execute();
}

/** Gives a claim back to be tried again after `delayMs` (the token made for it stops working). */
async function retryReset(db: Executor, id: number, now: Date, delayMs: number): Promise<void> {
  await db
    .updateTable("staff_password_resets")
    .set({ claimed_until: new Date(now.getTime() + delayMs), token_hash: null, expires_at: null })
    .where("id", "=", id)
    .execute();
}

/** The account a live reset token belongs to, without using it up; undefined when unknown, used or expired. */
async function findReset(db: Executor, tokenHash: string, now: Date): Promise<string | undefined> {
  const row = await db
    .selectFrom("staff_password_resets")
    .select("staff_id")
    .where("token_hash", "=", tokenHash)
    .where("used_at", "is", null)
    .where("expires_at", ">", now)
    .executeTakeFirst();
  return row?.staff_id;
}

/**
 * Uses a reset token up: the account it belongs to, once; every other open reset of that account ends with it.
 * Undefined when the token is unknown, used or expired.
 */
async function consumeReset(db: Executor, tokenHash: string, now: Date): Promise<string | undefined> {
  const used = await db
    .updateTable("staff_password_resets")
    .set({ used_at: now })
    .where("token_hash", "=", tokenHash)
    .where("used_at", "is", null)
    .where("expires_at", ">", now)
    .returning("staff_id")
    .executeTakeFirst();
  if (!used) return undefined;
  await db
    .updateTable("staff_password_resets")
    .set({ used_at: now, mail_due: false })
    .where("staff_id", "=", used.staff_id)
    .where("used_at", "is", null)
    .execute();
  return used.staff_id;
}

export const staffResets = {
  request: requestReset,
  claim: claimResets,
  setToken: setResetToken,
  mailDone: resetMailDone,
  retry: retryReset,
  find: findReset,
  consume: consumeReset,
};
