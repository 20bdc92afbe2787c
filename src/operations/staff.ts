/**
 * Staff accounts of the console: the operator (CLI) or an organisation administrator (console) adds, lists,
 * disables and re-roles them, through the one permission table. An organisation administrator acts only on
 * their own organisation's staff (every store query filters on it), can give only an organisation's roles,
 * and cannot disable themselves; the platform's own staff (regulators, platform administrators) have no
 * organisation and only the operator manages them. An account made without a password gets an e-mail to set
 * one (the password-reset mail). Every change is audit-logged under the acting person, never with an address.
 */
import { hash } from "@node-rs/argon2";
import {
  audit,
  normaliseStaffEmail,
  type StaffAccount,
  staffAccounts,
  staffResets,
  transaction,
} from "../store/index.ts";
import {
  type Actor,
  authorize,
  ORGANISATION_STAFF_ROLES,
  PLATFORM_STAFF_ROLES,
  STAFF_ROLES,
  type StaffRole,
} from "./actor.ts";
import { type OperationContext, OperationProblem } from "./context.ts";
import { UUID } from "./ids.ts";
import { passwordProblem } from "./password-policy.ts";

/** Argon2id at OWASP's recommended minimum (19 MiB, 2 passes, 1 lane): about 30 ms a check here. */
export const ARGON2_OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

export interface StaffJson {
  id: string;
  organisationId: string | null;
  email: string;
  displayName: string;
  roles: string[];
  /** active; invited (no password yet); locked (too many failed log-ins, for now); disabled. */
  state: "active" | "invited" | "locked" | "disabled";
  secondFactor: boolean;
  createdAt: string;
}

export function presentStaff(account: StaffAccount, now = new Date()): StaffJson {
  const state = account.disabledAt
    ? "disabled"
    : account.lockedUntil && account.lockedUntil > now
      ? "locked"
      : account.hasPassword
        ? "active"
        : "invited";
  return {
    id: account.id,
    organisationId: account.organisationId,
    email: account.email,
    displayName: account.displayName,
    roles: account.roles,
    state,
    secondFactor: account.totpConfirmed,
    createdAt: account.createdAt.toISOString(),
  };
}

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,189}\.[^\s@]{2,63}$/;

/** The roles as given, checked against who the account is for (an organisation, or the platform). */
function checkedRoles(
  roles: readonly string[],
  organisationId: string | null,
  problems: { path: string; message: string }[],
): StaffRole[] {
  const allowed: readonly string[] =
    organisationId === null ? PLATFORM_STAFF_ROLES : ORGANISATION_STAFF_ROLES;
  const unique = [...new Set(roles.map((role) => role.trim()))];
  if (unique.length === 0) problems.push({ path: "roles", message: "give at least one role" });
  for (const role of unique) {
    if (!(STAFF_ROLES as readonly string[]).includes(role))
      problems.push({ path: "roles", message: `unknown role "${role}": ${STAFF_ROLES.join(", ")}` });
    else if (!allowed.includes(role))
      problems.push({
        path: "roles",
        message:
          organisationId === null
            ? `"${role}" is a role within an organisation: give --org`
            : `"${role}" is a platform role, not one of an organisation`,
      });
  }
  return unique as StaffRole[];
}

export interface NewStaffInput {
  email: string;
  displayName: string;
  roles: readonly string[];
  /** Set it now (the demo, a test); without it the person gets an e-mail to set their own. */
  password?: string | undefined;
}

/**
 * Adds a staff member to the actor's organisation (or, for the operator acting platform-wide, to the platform).
 * `invited` is true when an e-mail to set a password was queued.
 */
export async function createStaff(
  ctx: OperationContext,
  actor: Actor,
  input: NewStaffInput,
  now = new Date(),
): Promise<{ account: StaffAccount; invited: boolean }> {
  authorize(actor, "staff.create");
  const organisationId = actor.organisationId;
  const problems: { path: string; message: string }[] = [];
  const email = normaliseStaffEmail(input.email);
  if (!EMAIL.test(email))
    problems.push({ path: "email", message: "an e-mail address, like naam@voorbeeld.nl" });
  const displayName = input.displayName.trim().replace(/\s+/g, " ");
  if (displayName === "" || displayName.length > 200)
    problems.push({ path: "displayName", message: "the person's name, 1 to 200 characters" });
  const roles = checkedRoles(input.roles, organisationId, problems);
  if (input.password !== undefined) {
    const weak = passwordProblem(input.password);
    if (weak) problems.push({ path: "password", message: weak.en });
  }
  if (problems.length > 0) throw new OperationProblem("invalid", "The staff member is not valid.", problems);
  const passwordHash = input.password === undefined ? null : await hashPassword(input.password);
  return transaction(ctx.db, async (tx) => {
    const created = await staffAccounts.create(tx, ctx.keys, {
      organisationId,
      email,
      displayName,
      roles,
      passwordHash,
      createdBy: actor.name,
    });
    if (created === "taken")
      throw new OperationProblem("invalid", "The staff member is not valid.", [
        { path: "email", message: "another account already has this address" },
      ]);
    const invited = passwordHash === null && (await staffResets.request(tx, created.id, { now, perHour: 3 }));
    await audit.append(tx, ctx.keys, {
      actor: actor.name,
      action: "staff.created",
      subject: created.id,
      details: { organisation: organisationId, roles, invited },
    });
    return { account: created, invited };
  });
}

/** The staff of the actor's organisation (for the operator acting platform-wide: the platform's own). */
export async function listStaff(ctx: OperationContext, actor: Actor): Promise<StaffAccount[]> {
  authorize(actor, "staff.list");
  return staffAccounts.list(ctx.db, ctx.keys, actor.organisationId);
}

/**
 * The names people see for actor names of the actor's own organisation's staff (`staff:<id>` → "Fatima de
 * Groot"), so pages say who did something rather than an id. Names of other organisations' staff, key holders
 * and operators are not looked up: they are shown as the audit log writes them.
 */
export async function staffDisplayNames(
  ctx: OperationContext,
  actor: Actor,
  names: readonly string[],
): Promise<Map<string, string>> {
  authorize(actor, "staff.names");
  const wanted = new Set(names.filter((name) => name.startsWith("staff:")));
  if (wanted.size === 0) return new Map();
  const staff = await staffAccounts.list(ctx.db, ctx.keys, actor.organisationId);
  return new Map(
    staff.filter((s) => wanted.has(`staff:${s.id}`)).map((s) => [`staff:${s.id}`, s.displayName] as const),
  );
}

function checkedId(id: string): string {
  if (!UUID.test(id)) throw new OperationProblem("not-found", "No such staff member.");
  return id;
}

/** Disables a staff member: their sessions end at once and they cannot log in again. */
export async function disableStaff(
  ctx: OperationContext,
  actor: Actor,
  input: { id: string },
  now = new Date(),
): Promise<void> {
  authorize(actor, "staff.disable");
  const id = checkedId(input.id);
  if (actor.name === `staff:${id}`)
    throw new OperationProblem("conflict", "You cannot disable your own account; ask another administrator.");
  await transaction(ctx.db, async (tx) => {
    const account = await staffAccounts.get(tx, ctx.keys, actor.organisationId, id);
    if (!account) throw new OperationProblem("not-found", "No such staff member.");
    if (account.disabledAt) throw new OperationProblem("conflict", "This staff member is already disabled.");
    await staffAccounts.disable(tx, actor.organisationId, id, now);
    await audit.append(tx, ctx.keys, {
      actor: actor.name,
      action: "staff.disabled",
      subject: id,
      details: {},
    });
  });
}

/** Replaces a staff member's roles; takes effect at their next request. */
export async function setStaffRoles(
  ctx: OperationContext,
  actor: Actor,
  input: { id: string; roles: readonly string[] },
): Promise<StaffAccount> {
  authorize(actor, "staff.set-roles");
  const id = checkedId(input.id);
  const problems: { path: string; message: string }[] = [];
  const roles = checkedRoles(input.roles, actor.organisationId, problems);
  if (problems.length > 0) throw new OperationProblem("invalid", "The roles are not valid.", problems);
  if (actor.name === `staff:${id}` && !roles.includes("organisation-admin"))
    throw new OperationProblem(
      "conflict",
      "You cannot take away your own administrator role; ask another administrator.",
    );
  return transaction(ctx.db, async (tx) => {
    const account = await staffAccounts.get(tx, ctx.keys, actor.organisationId, id);
    if (!account) throw new OperationProblem("not-found", "No such staff member.");
    await staffAccounts.setRoles(tx, actor.organisationId, id, roles);
    await audit.append(tx, ctx.keys, {
      actor: actor.name,
      action: "staff.roles-changed",
      subject: id,
      details: { from: account.roles, to: roles },
    });
    return { ...account, roles };
  });
}

/** Forgets a staff member's second factor (a lost phone): their sessions end, the next log-in enrols anew. */
export async function resetStaffTotp(
  ctx: OperationContext,
  actor: Actor,
  input: { id: string },
): Promise<void> {
  authorize(actor, "staff.reset-totp");
  const id = checkedId(input.id);
  await transaction(ctx.db, async (tx) => {
    if (!(await staffAccounts.resetTotp(tx, actor.organisationId, id)))
      throw new OperationProblem("not-found", "No such staff member.");
    await audit.append(tx, ctx.keys, {
      actor: actor.name,
      action: "staff.totp-reset",
      subject: id,
      details: {},
    });
  });
}
