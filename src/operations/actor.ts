/**
 * Who acts, and what they may do. Every operation takes an actor and calls `authorize` before it reads or
 * changes anything, so the API, the CLI and the coming console share one guarded door: a door may refuse
 * earlier (the API checks the key's scope before it reads the body), but never instead.
 *
 * An API key acts in its one role for its one organisation. The operator at the command line is the
 * platform's operator: they run the machine and its database, so they act in every role — and still as a
 * named person, so the four-eyes rule (approver ≠ creator) holds for them as for key holders. A console staff
 * member acts as `staff:<account id>` (unique per person, so the four-eyes rule compares people), in the
 * operation roles their staff roles map to (`STAFF_ROLE_GRANTS`).
 */
import { type ApiKey, type ApiKeyScope, scopeAllows } from "../store/index.ts";
import { OperationProblem } from "./context.ts";

/**
 * Operation roles. The key scopes; `operator`, the platform operator's (creates organisations and issues their
 * keys; no API key carries it); `staff-admin`, managing one's own organisation's staff and API keys and reading
 * its audit log (an organisation administrator in the console; no API key carries it either, so a stolen key
 * cannot mint others); `oversight`, the regulator's read-only view across organisations (the one role whose
 * operations read every organisation's notices and breaches: operations/oversight.ts); `contact`, the contact
 * centre's (finding a caller and acting for them; no API key carries it: an agent on the phone is a person).
 */
export type Role = ApiKeyScope | "operator" | "staff-admin" | "oversight" | "contact";

/** Staff roles in the console: four of an organisation, two of the platform (no organisation). */
export const ORGANISATION_STAFF_ROLES = [
  "organisation-admin",
  "editor",
  "approver",
  "contact-centre",
] as const;
export const PLATFORM_STAFF_ROLES = ["regulator", "platform-admin"] as const;
export const STAFF_ROLES = [...ORGANISATION_STAFF_ROLES, ...PLATFORM_STAFF_ROLES] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/**
 * What each staff role may do, as operation roles: the console is one more door onto the same table. An editor
 * prepares (write), an approver approves and sends (send) — so preparing and sending stay two people unless
 * one person holds both roles, and then the four-eyes rule still refuses approving their own work —, an
 * organisation administrator manages the sender profile, domains and the organisation's staff, a
 * contact-centre agent reads and finds callers (so does the organisation administrator). Every role reads.
 */
export const STAFF_ROLE_GRANTS: Readonly<Record<StaffRole, readonly Role[]>> = {
  "organisation-admin": ["admin", "staff-admin", "contact"],
  editor: ["write"],
  approver: ["send"],
  "contact-centre": ["read", "contact"],
  regulator: ["oversight"],
  "platform-admin": ["operator"],
};

export interface Actor {
  /** As written in the audit log and compared by the four-eyes rule: `holder:<name>` or `os:<user>`. */
  name: string;
  /** The organisation acted for; null for the operator acting platform-wide (creating an organisation). */
  organisationId: string | null;
  roles: readonly Role[];
  /** The API key acting, when one does: audit entries of a campaign's steps name it. */
  keyId?: string;
}

/**
 * The one table of who may do what: each action needs one role. A new operation adds its row here, and the
 * operation × role matrix test (test/operations-matrix.test.ts) walks every row.
 */
export const PERMISSIONS = {
  "organisation.create": "operator",
  "organisation.list": "operator",
  "key.create": "staff-admin",
  "key.list": "staff-admin",
  "key.revoke": "staff-admin",
  "profile.read": "read",
  "profile.set": "admin",
  "domain.list": "read",
  "domain.add": "admin",
  "domain.verify": "admin",
  "domain.verify-by-hand": "operator",
  "breach.create": "write",
  "breach.update-facts": "write",
  "breach.victim-counts": "read",
  "breach.read": "read",
  "breach.list": "read",
  "breach.list-all": "operator",
  "breach.publish-page": "write",
  "breach.register": "write",
  "breach.evidence": "read",
  "import.start": "write",
  "import.read": "read",
  "import.list": "read",
  "campaign.create": "write",
  "campaign.check": "write",
  "campaign.read": "read",
  "campaign.list": "read",
  "campaign.approve": "send",
  "campaign.start": "send",
  "campaign.pause": "send",
  "campaign.resume": "send",
  "campaign.cancel": "send",
  "update.create": "write",
  "update.publish": "write",
  "update.list": "read",
  "phishing-report.list": "read",
  "phishing-report.trend": "read",
  "phishing-report.export": "read",
  "phishing-warning.publish": "write",
  "phishing-warning.list": "read",
  "phishing-warning.withdraw": "write",
  "portal-request.list": "read",
  "staff.list": "staff-admin",
  "staff.create": "staff-admin",
  "staff.disable": "staff-admin",
  "staff.set-roles": "staff-admin",
  "staff.reset-totp": "operator",
  "regulator-notice.read": "read",
  "regulator-notice.submit": "write",
  "nis2.record": "write",
  "controller-notice.create": "write",
  "oversight.read": "oversight",
  "audit.read": "staff-admin",
  "staff.names": "read",
  "caller.find": "contact",
  "caller.resend": "contact",
  "caller.letter": "contact",
  "caller.phishing-report": "contact",
  // The transparency register is the organisation's own statement, like its sender profile: its administrator
  // writes and publishes it; everyone of the organisation reads it and its retention findings.
  "transparency.read": "read",
  "transparency.edit": "admin",
  "transparency.publish": "admin",
} as const satisfies Record<string, Role>;

export type Action = keyof typeof PERMISSIONS;

const ALL_ROLES: readonly Role[] = [
  "read",
  "write",
  "send",
  "admin",
  "operator",
  "staff-admin",
  "oversight",
  "contact",
];
const KEY_SCOPES: readonly Role[] = ["read", "write", "send", "admin"];
const isScope = (role: Role): role is ApiKeyScope => KEY_SCOPES.includes(role);

/** The actor an API key makes: its holder, its organisation, its one role. */
export function keyActor(key: Pick<ApiKey, "holder" | "organisationId" | "scope"> & { id?: string }): Actor {
  return {
    name: `holder:${key.holder}`,
    organisationId: key.organisationId,
    roles: [key.scope],
    ...(key.id ? { keyId: key.id } : {}),
  };
}

/** The actor a signed-in staff member makes: `staff:<id>`, their organisation, their roles' grants. */
export function staffActor(account: {
  id: string;
  organisationId: string | null;
  roles: readonly string[];
}): Actor {
  const roles = new Set<Role>();
  for (const role of account.roles)
    for (const granted of STAFF_ROLE_GRANTS[role as StaffRole] ?? []) roles.add(granted);
  return { name: `staff:${account.id}`, organisationId: account.organisationId, roles: [...roles] };
}

/** The operator at the command line (`os:<user>` or a name given with --actor), acting for an organisation. */
export function operatorActor(name: string, organisationId: string | null = null): Actor {
  return { name, organisationId, roles: ALL_ROLES };
}

/**
 * An import worker finishing an upload: it acts in the uploader's name (the job records it), for the job's
 * organisation, with the one role the upload needed — never more than the uploader had.
 */
export function uploaderActor(name: string, organisationId: string): Actor {
  return { name, organisationId, roles: ["write"] };
}

/** Whether the actor may take the action (for doors that show or hide a control; operations use `authorize`). */
export function may(actor: Actor, action: Action): boolean {
  const needed: Role = PERMISSIONS[action];
  return actor.roles.some((role) => {
    if (role === "operator") return true;
    if (isScope(role) && isScope(needed)) return scopeAllows(role, needed);
    return role === needed;
  });
}

/** Refuses (`forbidden`) unless one of the actor's roles allows the action. */
export function authorize(actor: Actor, action: Action): void {
  if (!may(actor, action)) {
    throw new OperationProblem("forbidden", `This needs the "${PERMISSIONS[action]}" role (${action}).`);
  }
}

/**
 * Authorizes the action and returns the organisation it acts on: the actor's own. Operations filter every
 * query on this id in SQL, so another organisation's breach or campaign is simply not found (404, never 403:
 * ids cannot be probed).
 */
export function actingOrganisation(actor: Actor, action: Action): string {
  authorize(actor, action);
  if (actor.organisationId === null)
    throw new OperationProblem("invalid", `${action} needs an organisation.`);
  return actor.organisationId;
}
