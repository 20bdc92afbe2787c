/**
 * What a victim asked the organisation for on "Mijn plan": a printed letter of their plan, a new postal
 * address (sealed, bound to the victim, and `pending-confirmation` until a letter with a code goes to it,
 * then `awaiting-code` until the code is typed), or to get letters instead of e-mail (`done` at once). The
 * letters are written by the worker in operations/portal-letters.ts (queue: portal-letters.ts beside this).
 * The organisation reads them per breach (filtered on its id in SQL), with their status and times.
 */
import type { PostalAddress } from "../core/index.ts";
import type { Keyring } from "./crypto.ts";
import type { Executor } from "./engine.ts";
import type { PortalRequestKind, PortalRequestStatus } from "./schema.ts";

export interface PortalRequest {
  id: string;
  victimId: number;
  /** The victim's id in the organisation's own file. */
  externalId: string;
  kind: PortalRequestKind;
  status: PortalRequestStatus;
  /** The new address of a `moved` request (opened); null otherwise or after retention. */
  address: PostalAddress | null;
  createdAt: Date;
  /** When its letter went into a print batch (printed letter, confirmation letter). */
  sentAt: Date | null;
  /** When it reached its end (confirmed, expired, refused, failed, no address, done). */
  doneAt: Date | null;
  /** Until when a confirmation code works. */
  codeExpiresAt: Date | null;
  /** When the print provider reported its letter undeliverable. */
  returnedAt: Date | null;
}

/** What the victim's own page shows of a request: never an address. */
export type OwnPortalRequest = Pick<
  PortalRequest,
  "kind" | "status" | "createdAt" | "sentAt" | "doneAt" | "codeExpiresAt" | "returnedAt"
>;

const times = (row: {
  sent_at: Date | null;
  done_at: Date | null;
  code_expires_at: Date | null;
  returned_at: Date | null;
}) => ({
  sentAt: row.sent_at ? new Date(row.sent_at) : null,
  doneAt: row.done_at ? new Date(row.done_at) : null,
  codeExpiresAt: row.code_expires_at ? new Date(row.code_expires_at) : null,
  returnedAt: row.returned_at ? new Date(row.returned_at) : null,
});

const context = (victimId: number) => `portal-request:${victimId}`;

/** Stores a request of the victim (for the victim's own breach); its id and time. */
async function create(
  db: Executor,
  keys: Keyring,
  input: {
    victimId: number;
    kind: PortalRequestKind;
    address?: PostalAddress;
    language?: "nl" | "en";
    /** How an `address-changed` notice goes (default by letter). */
    channel?: "letter" | "email";
  },
): Promise<{ id: string; createdAt: Date } | undefined> {
  // A letter preference applies at once (victim_contact_choices); the others wait for their letter.
  const status: PortalRequestStatus =
    input.kind === "prefers-letters" ? "done" : input.kind === "moved" ? "pending-confirmation" : "open";
  const sealed = input.address ? keys.seal(JSON.stringify(input.address), context(input.victimId)) : null;
  const row = await db
    .insertInto("portal_requests")
    .columns([
      "victim_id",
      "breach_id",
      "kind",
      "status",
      "key_id",
      "sealed",
      "language",
      "done_at",
      "channel",
    ])
    .expression(
      db
        .selectFrom("victims")
        .select((eb) => [
          "id",
          "breach_id",
          eb.val(input.kind).as("kind"),
          eb.val<PortalRequestStatus>(status).as("status"),
          eb.val(sealed ? keys.keyId : null).as("key_id"),
          eb.val(sealed).as("sealed"),
          eb.val(input.language ?? "nl").as("language"),
          eb.val(status === "done" ? new Date() : null).as("done_at"),
          eb.val(input.channel ?? "letter").as("channel"),
        ])
        .where("id", "=", input.victimId),
    )
    .returning(["id", "created_at"])
    .executeTakeFirst();
  return row ? { id: row.id, createdAt: new Date(row.created_at) } : undefined;
}

/** The victim's own requests, newest first, without any address (the page only says what was asked). */
async function listForVictim(db: Executor, victimId: number): Promise<OwnPortalRequest[]> {
  const rows = await db
    .selectFrom("portal_requests")
    .select(["kind", "status", "created_at", "sent_at", "done_at", "code_expires_at", "returned_at"])
    .where("victim_id", "=", victimId)
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .execute();
  return rows.map((row) => ({
    kind: row.kind,
    status: row.status,
    createdAt: new Date(row.created_at),
    ...times(row),
  }));
}

/** A breach's requests, oldest first, for the organisation that owns it; undefined when it does not. */
async function listByBreach(
  db: Executor,
  keys: Keyring,
  organisationId: string,
  breachId: string,
): Promise<PortalRequest[] | undefined> {
  const breach = await db
    .selectFrom("breaches")
    .select("id")
    .where("id", "=", breachId)
    .where("organisation_id", "=", organisationId)
    .executeTakeFirst();
  if (!breach) return undefined;
  const rows = await db
    .selectFrom("portal_requests as r")
    .innerJoin("victims as v", "v.id", "r.victim_id")
    .select([
      "r.id",
      "r.victim_id",
      "v.external_id",
      "r.kind",
      "r.status",
      "r.sealed",
      "r.created_at",
      "r.sent_at",
      "r.done_at",
      "r.code_expires_at",
      "r.returned_at",
    ])
    .where("r.breach_id", "=", breachId)
    .orderBy("r.created_at")
    .orderBy("r.id")
    .execute();
  return rows.map((row) => ({
    id: row.id,
    victimId: Number(row.victim_id),
    externalId: row.external_id,
    kind: row.kind,
    status: row.status,
    address: row.sealed
      ? (JSON.parse(keys.open(row.sealed, context(Number(row.victim_id)))) as PostalAddress)
      : null,
    createdAt: new Date(row.created_at),
    ...times(row),
  }));
}

/** Seals every stored new address again under the current key (after a key rotation); the count. */
async function reseal(db: Executor, keys: Keyring): Promise<number> {
  const rows = await db
    .selectFrom("portal_requests")
    .select(["id", "victim_id", "sealed"])
    .where("sealed", "is not", null)
    .where("key_id", "!=", keys.keyId)
    .execute();
  for (const row of rows) {
    const bound = context(Number(row.victim_id));
    await db
      .updateTable("portal_requests")
      .set({ sealed: keys.seal(keys.open(row.sealed ?? "", bound), bound), key_id: keys.keyId })
      .where("id", "=", row.id)
      .execute();
  }
  return rows.length;
}

export const portalRequests = { create, listForVictim, listByBreach, reseal };
