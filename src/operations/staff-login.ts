/**
 * Staff log-in: password, then a TOTP code (RFC 6238, 30-second steps, ±1 step accepted, a step never twice);
 * on a first log-in the second factor is enrolled instead. Every failed step counts against the account, and
 * after `maxAttempts` failures in a row it locks for `lockMs` — password and code failures share the count, so
 * knowing the password does not buy unlimited code guesses. The answer never tells an unknown address from a
 * wrong password, a disabled or a locked account: each is "not accepted", and an unknown address still costs
 * one Argon2id check so the time does not tell either.
 *
 * A session is a random token in the browser and a keyed hash in the table. It moves through stages
 * (second-factor or enrol, then signed-in); reaching signed-in issues a new token (no session fixation). A
 * session ends after `idleMs` unused, `absoluteMs` after signing in (`pendingMs` half-way), at log-out, and for
 * every session of the account when its password changes or it is disabled. The form token of a session is a
 * keyed hash of its token: bound to the session, never stored.
 *
 * Password reset: asking queues a mail for an existing, enabled account and nothing otherwise; the page says
 * the same either way. The mail's token works once, for `resetTtlMs` (staff-mail.ts makes and sends it).
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import { verify } from "@node-rs/argon2";
import { Secret, TOTP } from "otpauth";
import {
  audit,
  organisations,
  type StaffAccount,
  type StaffStage,
  staffAccounts,
  staffResets,
  staffSessions,
  transaction,
} from "../store/index.ts";
import { type Actor, staffActor } from "./actor.ts";
import type { OperationContext } from "./context.ts";
import { passwordProblem } from "./password-policy.ts";
import { ARGON2_OPTIONS, hashPassword } from "./staff.ts";

export interface StaffLoginRules {
  maxAttempts: number;
  lockMs: number;
  idleMs: number;
  absoluteMs: number;
  pendingMs: number;
  resetTtlMs: number;
  resetsPerHour: number;
}

export const STAFF_LOGIN_RULES: StaffLoginRules = {
  /** Failed steps in a row before the account locks. */
  maxAttempts: 5,
  lockMs: 15 * 60_000,
  idleMs: 30 * 60_000,
  absoluteMs: 12 * 3600_000,
  /** Between the password and the code (or enrolment). */
  pendingMs: 10 * 60_000,
  resetTtlMs: 30 * 60_000,
  resetsPerHour: 3,
};

const ISSUER = "Lekwijzer";
const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const CONSOLE_ACTOR = "console";
// A hash of a password nobody has, checked when the address is unknown so that the answer takes as long.
let dummyHash: Promise<string> | undefined;

const sessionHash = (ctx: OperationContext, token: string) => ctx.keys.lookupHash("staff-session", token);
export const resetHash = (ctx: OperationContext, token: string) => ctx.keys.lookupHash("staff-reset", token);
export const newToken = () => randomBytes(32).toString("base64url");

function times(rules: StaffLoginRules, now: Date) {
  return { now, idleMs: rules.idleMs, absoluteMs: rules.absoluteMs, pendingMs: rules.pendingMs };
}

export type PasswordStep =
  | { ok: true; token: string; stage: Exclude<StaffStage, "signed-in"> }
  | { ok: false };

/** The first step: address and password. A right pair opens a session waiting for the second factor. */
export async function staffPasswordStep(
  ctx: OperationContext,
  input: { email: string; password: string },
  now = new Date(),
  rules = STAFF_LOGIN_RULES,
): Promise<PasswordStep> {
  const found = await staffAccounts.credentialsByEmail(ctx.db, ctx.keys, input.email.slice(0, 320));
  const password = input.password.slice(0, 1_000);
  if (!found || found.passwordHash === null) {
    dummyHash ??= hashPassword(newToken());
    await verify(await dummyHash, password, ARGON2_OPTIONS).catch(() => false);
    if (found) await failed(ctx, found.account.id, found.passwordHash === null ? "no-password" : "password");
    else
      await audit.append(ctx.db, ctx.keys, {
        actor: CONSOLE_ACTOR,
        action: "staff.login-failed",
        details: { reason: "unknown-account" },
      });
    return { ok: false };
  }
  const { account } = found;
  if (account.disabledAt || (account.lockedUntil && account.lockedUntil > now)) {
    await verify(found.passwordHash, password, ARGON2_OPTIONS).catch(() => false);
    await failed(ctx, account.id, account.disabledAt ? "disabled" : "locked");
    return { ok: false };
  }
  if (!(await verify(found.passwordHash, password, ARGON2_OPTIONS).catch(() => false))) {
    await countFailure(ctx, account.id, "password", now, rules);
    return { ok: false };
  }
  const stage = account.totpConfirmed ? "second-factor" : "enrol";
  const token = newToken();
  await transaction(ctx.db, async (tx) => {
    await staffSessions.sweep(tx, times(rules, now), account.id);
    await staffSessions.open(tx, { tokenHash: sessionHash(ctx, token), staffId: account.id, stage, now });
    await audit.append(tx, ctx.keys, {
      actor: `staff:${account.id}`,
      action: "staff.password-accepted",
      subject: account.id,
      details: { next: stage },
    });
  });
  return { ok: true, token, stage };
}

async function failed(ctx: OperationContext, staffId: string, reason: string): Promise<void> {
  await audit.append(ctx.db, ctx.keys, {
    actor: CONSOLE_ACTOR,
    action: "staff.login-failed",
    subject: staffId,
    details: { reason },
  });
}

/** Counts a failure; locks (and logs the lock-out) at the limit. True when it locked the account now. */
async function countFailure(
  ctx: OperationContext,
  staffId: string,
  reason: string,
  now: Date,
  rules: StaffLoginRules,
): Promise<boolean> {
  return transaction(ctx.db, async (tx) => {
    const locked = await staffAccounts.recordFailure(tx, staffId, {
      now,
      maxAttempts: rules.maxAttempts,
      lockMs: rules.lockMs,
    });
    await audit.append(tx, ctx.keys, {
      actor: CONSOLE_ACTOR,
      action: "staff.login-failed",
      subject: staffId,
      details: { reason },
    });
    if (locked) {
      await audit.append(tx, ctx.keys, {
        actor: CONSOLE_ACTOR,
        action: "staff.locked-out",
        subject: staffId,
        details: { until: new Date(now.getTime() + rules.lockMs).toISOString() },
      });
      await staffSessions.endAll(tx, staffId);
    }
    return locked;
  });
}

export interface StaffSession {
  account: StaffAccount;
  /** The account's organisation's name; null for the platform's own staff. */
  organisationName: string | null;
  stage: StaffStage;
  /** The actor of a signed-in session (undefined half-way through log-in). */
  actor: Actor | undefined;
  /** The form token every state-changing form of this session must carry. */
  formToken: string;
}

/** The live session of a token (kept alive), or undefined. */
export async function staffSession(
  ctx: OperationContext,
  token: string | undefined,
  now = new Date(),
  rules = STAFF_LOGIN_RULES,
): Promise<StaffSession | undefined> {
  if (!token || !TOKEN.test(token)) return undefined;
  const found = await staffSessions.find(ctx.db, sessionHash(ctx, token), times(rules, now));
  if (!found) return undefined;
  const credentials = await staffAccounts.credentials(ctx.db, ctx.keys, found.staffId);
  if (!credentials) return undefined;
  const { account } = credentials;
  const organisation = account.organisationId
    ? await organisations.get(ctx.db, account.organisationId)
    : undefined;
  return {
    account,
    organisationName: organisation?.name ?? null,
    stage: found.stage,
    actor: found.stage === "signed-in" ? staffActor(account) : undefined,
    formToken: formTokenOf(ctx, token),
  };
}

function formTokenOf(ctx: OperationContext, token: string): string {
  return Buffer.from(ctx.keys.lookupHash("staff-csrf", token), "hex").toString("base64url");
}

/** Whether a form's token belongs to this session (compared in constant time). */
export function formTokenMatches(ctx: OperationContext, token: string | undefined, given: unknown): boolean {
  if (!token || !TOKEN.test(token) || typeof given !== "string" || given.length > 100) return false;
  const expected = Buffer.from(formTokenOf(ctx, token));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

function totpOf(account: StaffAccount, secret: string): TOTP {
  return new TOTP({
    issuer: ISSUER,
    label: account.email,
    algorithm: "SHA1",
    digits: 6,
    period: 30,
    secret: Secret.fromBase32(secret),
  });
}

/**
 * The secret to enrol, made once per enrolment and kept sealed until confirmed: the otpauth URI (for a QR
 * code or an app's "enter a link") and the secret as text, for the session's account at the enrol stage.
 */
export async function staffEnrolment(
  ctx: OperationContext,
  token: string | undefined,
  now = new Date(),
  rules = STAFF_LOGIN_RULES,
): Promise<{ secret: string; uri: string } | undefined> {
  const session = await staffSession(ctx, token, now, rules);
  if (session?.stage !== "enrol") return undefined;
  const credentials = await staffAccounts.credentials(ctx.db, ctx.keys, session.account.id);
  let secret = credentials?.totpSealed
    ? staffAccounts.openTotp(ctx.keys, session.account.id, credentials.totpSealed)
    : undefined;
  if (!secret) {
    secret = new Secret({ size: 20 }).base32;
    await staffAccounts.setPendingTotp(ctx.db, ctx.keys, session.account.id, secret);
  }
  return { secret, uri: totpOf(session.account, secret).toString() };
}

export type CodeStep = { ok: true; token: string } | { ok: false; reason: "no-session" | "wrong" | "locked" };

/**
 * The second step: a TOTP code (or, at enrolment, the first code of the new secret, which confirms it). A
 * right code opens the signed-in session under a new token; the old one ends.
 */
export async function staffCodeStep(
  ctx: OperationContext,
  token: string | undefined,
  code: string,
  now = new Date(),
  rules = STAFF_LOGIN_RULES,
): Promise<CodeStep> {
  const session = await staffSession(ctx, token, now, rules);
  if (!token || !session || session.stage === "signed-in") return { ok: false, reason: "no-session" };
  const { account } = session;
  const credentials = await staffAccounts.credentials(ctx.db, ctx.keys, account.id);
  if (!credentials?.totpSealed) return { ok: false, reason: "no-session" };
  const secret = staffAccounts.openTotp(ctx.keys, account.id, credentials.totpSealed);
  const typed = code.replace(/\s+/g, "");
  const totp = totpOf(account, secret);
  const delta = /^\d{6}$/.test(typed)
    ? totp.validate({ token: typed, timestamp: now.getTime(), window: 1 })
    : null;
  const step = delta === null ? undefined : totp.counter({ timestamp: now.getTime() }) + delta;
  // The step is taken in the same statement that checks it was not used: a code played twice fails.
  const fresh = step !== undefined && (await staffAccounts.useTotpStep(ctx.db, account.id, step, now));
  if (!fresh) {
    const reason = step === undefined ? "code" : "code-replayed";
    const locked = await countFailure(ctx, account.id, reason, now, rules);
    return { ok: false, reason: locked ? "locked" : "wrong" };
  }
  const signedIn = newToken();
  await transaction(ctx.db, async (tx) => {
    await staffSessions.end(tx, sessionHash(ctx, token));
    await staffSessions.open(tx, {
      tokenHash: sessionHash(ctx, signedIn),
      staffId: account.id,
      stage: "signed-in",
      now,
    });
    await staffAccounts.clearFailures(tx, account.id);
    if (session.stage === "enrol")
      await audit.append(tx, ctx.keys, {
        actor: `staff:${account.id}`,
        action: "staff.totp-enrolled",
        subject: account.id,
        details: {},
      });
    await audit.append(tx, ctx.keys, {
      actor: `staff:${account.id}`,
      action: "staff.login",
      subject: account.id,
      details: { organisation: account.organisationId },
    });
  });
  return { ok: true, token: signedIn };
}

/** Log-out: ends the session; an unknown token changes nothing. */
export async function endStaffSession(ctx: OperationContext, token: string | undefined): Promise<void> {
  if (!token || !TOKEN.test(token)) return;
  const session = await staffSession(ctx, token);
  await staffSessions.end(ctx.db, sessionHash(ctx, token));
  if (session)
    await audit.append(ctx.db, ctx.keys, {
      actor: `staff:${session.account.id}`,
      action: "staff.logout",
      subject: session.account.id,
      details: {},
    });
}

/**
 * "Forgot my password": queues a reset mail for an existing, enabled account (at most `resetsPerHour`), and
 * does nothing for any other address. The caller shows the same answer either way.
 */
export async function requestStaffPasswordReset(
  ctx: OperationContext,
  email: string,
  now = new Date(),
  rules = STAFF_LOGIN_RULES,
): Promise<void> {
  const found = await staffAccounts.credentialsByEmail(ctx.db, ctx.keys, email.slice(0, 320));
  if (!found || found.account.disabledAt) return;
  await transaction(ctx.db, async (tx) => {
    const queued = await staffResets.request(tx, found.account.id, { now, perHour: rules.resetsPerHour });
    await audit.append(tx, ctx.keys, {
      actor: CONSOLE_ACTOR,
      action: "staff.password-reset-requested",
      subject: found.account.id,
      details: { queued },
    });
  });
}

/** Whether a reset token still works (for the page that asks for the new password). */
export async function staffResetTokenValid(
  ctx: OperationContext,
  token: string | undefined,
  now = new Date(),
): Promise<boolean> {
  if (!token || !TOKEN.test(token)) return false;
  return (await staffResets.find(ctx.db, resetHash(ctx, token), now)) !== undefined;
}

export type ResetOutcome =
  | { ok: true }
  | { ok: false; reason: "token" }
  | { ok: false; reason: "weak"; problem: { nl: string; en: string } };

/**
 * Sets a new password with a reset token: once, within its time. A weak password is refused before the token
 * is used, so the person can try another. Every session of the account ends, and a lock-out is lifted.
 */
export async function resetStaffPassword(
  ctx: OperationContext,
  input: { token: string | undefined; password: string },
  now = new Date(),
): Promise<ResetOutcome> {
  const { token } = input;
  if (!token || !TOKEN.test(token)) return { ok: false, reason: "token" };
  const problem = passwordProblem(input.password);
  if (problem) {
    if (!(await staffResetTokenValid(ctx, token, now))) return { ok: false, reason: "token" };
    return { ok: false, reason: "weak", problem };
  }
  const passwordHash = await hashPassword(input.password);
  return transaction(ctx.db, async (tx) => {
    const staffId = await staffResets.consume(tx, resetHash(ctx, token), now);
    if (!staffId) return { ok: false, reason: "token" } as const;
    await staffAccounts.setPassword(tx, staffId, passwordHash, now);
    await audit.append(tx, ctx.keys, {
      actor: `staff:${staffId}`,
      action: "staff.password-reset",
      subject: staffId,
      details: {},
    });
    return { ok: true } as const;
  });
}
